"""Care proceedings as the legal department records them: its own case numbers, names, and slips.

Every period of care that reaches an interim care order came from an application to court a
few days before the order; some children on CP plans are the subject of an application for a
supervision order while they stay at home. The legal department does not hold social care's
child ids: each row names the child, and sometimes names them differently (a typo, a nickname,
day and month swapped in the date of birth, an older postcode), so linking a proceeding to a
child is real record-linkage work. ``truth`` keeps which child each case is about, and
``errors`` which slips each row carries.

The slips and their rates per row: a forename typo (8%) or nickname (5%), the forename as an
initial only (4%), a surname typo (7%) or a different surname altogether (2%: the child's name
changed, or the legal team recorded a parent's), no date of birth (4%), day and month swapped
in the date of birth (6% of the dates where that gives another date), sex not recorded (10%),
an older or newer postcode (12%).
"""
from __future__ import annotations

import random

from carepath.synth.params import stable_seed
from carepath.synth.population import NICKNAMES, SURNAMES
from carepath.synth.records import Child
from carepath.synth.rng import FastRandom
from carepath.synth.workdays import dmy

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def typo(rng: random.Random, name: str) -> str:
    if len(name) < 3:
        return name
    i = rng.randrange(1, len(name) - 1)
    kind = rng.random()
    if kind < 0.35:                                    # two letters swapped
        return name[:i] + name[i + 1] + name[i] + name[i + 2:]
    if kind < 0.6:                                     # a letter dropped
        return name[:i] + name[i + 1:]
    if kind < 0.8:                                     # a letter doubled
        return name[:i] + name[i] + name[i:]
    return name[:i] + rng.choice(_LETTERS) + name[i + 1:]  # a wrong letter


def recorded_dob(rng: random.Random, dob: int) -> str:
    text = dmy(dob)
    day, month, year = text.split("/")
    if int(day) <= 12 and day != month and rng.random() < 0.06:
        return f"{month}/{day}/{year}"                 # day and month swapped
    return text


def proceedings(sim, courts: list[str]) -> tuple[list[list[str]], dict[str, str], dict[str, list[str]]]:
    """Rows of the legal department's file, {case number: child id} and {case number: slips} for truth.json."""
    rng = FastRandom(stable_seed("legal", sim.p.seed))
    first, last = sim.window_start - 365, sim.last_day
    cases: list[tuple[int, Child, str, int, int | None, str]] = []
    for child in sim.people.children:
        for period in child.periods:
            if period.short_break:
                continue
            c1 = next((d for d, ls in period.legal if ls == "C1"), None)
            if c1 is None or not first <= c1 <= last:
                continue
            final, outcome = None, ""
            for day, status in period.legal:
                if status in ("C2", "E1") and day > c1:
                    final, outcome = day, ("Care order and placement order" if status == "E1" else "Care order")
                    break
            if final is None and period.reason in ("E45", "E46", "E47", "E48"):
                final, outcome = period.end, "Special guardianship order"
            elif final is None and period.reason == "E41":
                final, outcome = period.end, "Child arrangements order"
            elif final is None and period.end <= last and period.reason in ("E4A", "E4B", "E13"):
                final = period.end + rng.randint(0, 20)
                outcome = rng.choice(("Supervision order", "No order", "Withdrawn"))
            sought = "Care order and placement order" if period.adoption else "Care order"
            cases.append((c1, child, sought, c1, final, outcome))
        for episode in child.episodes:
            for plan in episode.cp_plans:
                if first <= plan.start <= last and rng.random() < 0.03 and not episode.periods:
                    hearing = plan.start + rng.randint(30, 150)
                    if hearing < plan.end and hearing <= last:
                        final = hearing + rng.randint(120, 300)
                        cases.append((hearing, child, "Supervision order", hearing,
                                      final if final <= last else None, "Supervision order"))
    cases.sort(key=lambda c: (c[0], c[1].n))
    rows, truth, errors = [], {}, {}
    prefix = sim.p.name[:2].upper()
    for number, (hearing, child, sought, first_hearing, final, outcome) in enumerate(cases, 1):
        from datetime import date
        issued = max(first_hearing - rng.randint(1, 10), child.dob)  # no application before birth
        case_number = f"{prefix}{date.fromordinal(issued).year % 100:02d}C{number:05d}"
        forename, surname, slips = child.forename, child.surname, []
        u = rng.random()
        if u < 0.08:
            forename, slips = typo(rng, forename), slips + ["forename typo"]
        elif u < 0.13 and forename in NICKNAMES:
            forename, slips = NICKNAMES[forename], slips + ["nickname"]
        elif u < 0.17:
            forename, slips = forename[0], slips + ["initial only"]
        v = rng.random()
        if v < 0.07:
            surname, slips = typo(rng, surname), slips + ["surname typo"]
        elif v < 0.09:
            surname, slips = rng.choice([s for s in SURNAMES if s != surname]), slips + ["name change"]
        dob = recorded_dob(rng, child.dob)
        if dob != dmy(child.dob):
            slips.append("day and month swapped")
        if rng.random() < 0.04:
            dob, slips = "", slips + ["no date of birth"]
        sex = {"M": "Male", "F": "Female"}.get(child.sex, "")
        if rng.random() < 0.10:
            sex = ""
        postcode = child.postcode_on(issued)
        if rng.random() < 0.12:
            postcode = sim.people.postcode(None)       # an address the legal team had before or after
        final_text = dmy(final) if final is not None and final <= last else ""
        rows.append([sim.p.la_code, case_number, forename, surname, dob, sex, postcode,
                     dmy(issued), rng.choice(courts), sought, dmy(first_hearing), final_text,
                     outcome if final_text else ""])
        truth[case_number] = child.id
        if slips:
            errors[case_number] = slips
    return rows, truth, errors


LEGAL_HEADER = ["LA Code", "Case No", "Child First Name", "Child Last Name", "Child DOB", "Gender", "Postcode",
                "Date of Issue", "Court", "Order Applied For", "First Hearing", "Date of Final Order", "Outcome"]
