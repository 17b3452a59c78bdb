"""Writing one SSDA903 return (one CSV per table) for one year, as an authority sends it.

The columns are the DfE's (SPECS.md B.2) followed by ``LA`` and ``YEAR`` (e.g. ``2024-25``), so
that many authorities and years can be loaded in one go; dates are DD/MM/YYYY. An episode open
at the end of a year appears in that year's return without DEC and REC, and again in the next
return, where its DEC appears in the year it ends, as in the real return. Who is in each table
follows the DfE's rules: OC2 for children looked after for 12 months at 31 March (with the
fields each age requires), OC3 for care leavers around their 17th to 21st birthdays, AD1 for
children adopted in the year, PlacedAdoption while a decision to place for adoption stands,
PrevPerm for children starting a period of care, SWEpisodes (from 2023-24) for children looked
after on 31 March. SEX is 1/2 to 2023-24 and M/F from 2024-25.
"""
from __future__ import annotations

import csv
import random
from pathlib import Path
from typing import Callable

from carepath.synth.params import stable_seed, year_label
from carepath.synth.records import CarePeriod, Child
from carepath.synth.rng import FastRandom
from carepath.synth.workdays import age_on, birthday, dmy, ordinal, year_end, year_start
from carepath.synth.write_cin import upn_fields

COLUMNS = {
    "header": ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
    "episodes": ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
                 "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"],
    "reviews": ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"],
    "uasc": ["CHILD", "SEX", "DOB", "DUC"],
    "oc2": ["CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS",
            "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
    "oc3": ["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"],
    "ad1": ["CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"],
    "placed_adoption": ["CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
    "prev_perm": ["CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"],
    "missing": ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"],
    "sw_episodes": ["CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"],
}
# rule 230 asks for the URN of an H5 (supported accommodation) placement open on 29 October 2023 or later;
# one that ended before then keeps the blank URN the earlier return gave it (rule 503F)
H5_URN_FROM = ordinal(2023, 10, 29)
OLD_ACTIVITY = {"F4": "F3", "F5": "F3", "P4": "P3", "P5": "P3"}


def d(day: int | None) -> str:
    return "" if day is None else dmy(day)


def sex_code(child: Child, start_year: int) -> str:
    return child.sex if start_year >= 2024 else {"M": "1", "F": "2"}[child.sex]


def in_year(period: CarePeriod, s: int, e: int) -> bool:
    return period.start <= e and period.end >= s


def twelve_months(periods: list[CarePeriod], e: int) -> bool:
    """Looked after continuously for 12 months at 31 March (OC2): a period that ends on 31 March itself
    counts, as the DfE rules (191) count it."""
    return any(not p.short_break and p.start <= e - 365 and p.end >= e for p in periods)


def outcomes_row(child: Child, start_year: int, rng: random.Random) -> list:
    s, e = year_start(start_year), year_end(start_year)
    age_s, age_e = age_on(child.dob, s), age_on(child.dob, e)
    flag = lambda p: "1" if rng.random() < p else "0"  # noqa: E731
    score = reason = ""
    if 4 <= age_s <= 16:
        if rng.random() < 0.78:
            score = str(min(40, max(0, int(rng.gauss(14, 7)))))
        else:
            reason = rng.choice(("SDQ2", "SDQ4", "SDQ5", "SDQ4"))
    elif age_s == 3 and age_e == 4:
        reason = "SDQ1"   # under 4 when last assessed
    substance = flag(0.04 if age_e >= 11 else 0.0)
    received = flag(0.6) if substance == "1" else ""
    offered = flag(0.5) if received == "0" else ""
    return [child.id, d(child.dob), score, reason, flag(0.05) if age_e >= 10 else "", flag(0.9) if age_e < 5 else "",
            flag(0.85), flag(0.82), flag(0.9), substance, received, offered]


def social_workers(child: Child, periods: list[CarePeriod], s: int, e: int, sw_episodes) -> list[tuple]:
    """The child's social worker episodes while looked after in the year (allocations cut to care)."""
    found = []
    for period in periods:
        for sw, a, b, why in sw_episodes(child, max(s, period.start), min(e, period.end)):
            start, end = max(a, period.start), min(b if b is not None else period.end, period.end)
            if end > start:
                found.append((sw, start, end if end <= e else None, why))
    return found


def write_903(children: list[Child], la_code: str, start_year: int, folder: Path,
              sw_episodes: Callable[[Child, int, int], list[tuple[str, int, int | None, str]]] | None = None) -> dict:
    """Write every table of the year's return into ``folder``; returns rows written per table."""
    s, e = year_start(start_year), year_end(start_year)
    label = year_label(start_year)
    rng = FastRandom(stable_seed("903", la_code, start_year))
    rows: dict[str, list[list]] = {name: [] for name in COLUMNS}
    for child in children:
        periods = [p for p in child.periods if in_year(p, s, e)]
        leaver = child.leaver
        status = None
        if leaver is not None and not periods:
            for age, found in leaver.statuses.items():
                if s <= birthday(child.dob, age) <= e:
                    status = found
        if not periods and status is None:
            continue
        dob = d(child.dob)
        looked_after = [p for p in periods if not p.short_break]
        mother = mc_dob = ""
        if child.sex == "F" and looked_after:
            is_mother = child.mc_dob is not None and child.mc_dob <= e
            mother, mc_dob = ("1", d(child.mc_dob)) if is_mother else ("0", "")
        upn, unknown = upn_fields(child, start_year)
        rows["header"].append([child.id, sex_code(child, start_year), dob, child.ethnicity, upn or unknown,
                               mother, mc_dob])
        if status is not None:
            touch, activity, accommodation = status
            if start_year <= 2021:
                activity = OLD_ACTIVITY.get(activity, activity)
            rows["oc3"].append([child.id, dob, touch, activity, accommodation])
            continue
        if child.uasc:
            rows["uasc"].append([child.id, sex_code(child, start_year), dob, d(child.duc)])
        for period in periods:
            for ep in period.episodes:
                decom, rne, ls, cin, place, provider, dec, rec, why, home, post, urn = ep
                if decom > e or dec < s:
                    continue
                ended = dec <= e
                if place == "H5" and (start_year <= 2022 or dec < H5_URN_FROM):
                    urn = None      # URNs for H5 placements are recorded from 28 October 2023 (rules 222, 230)
                elif place == "H5" and start_year >= 2025:
                    place = "K3"    # H5 is gone from 2025-26: supported accommodation is registered (K3)
                rows["episodes"].append([child.id, d(decom), rne, ls, cin, place, provider or "",
                                         d(dec) if ended else "", rec if ended else "",
                                         (why or "") if ended else "", home or "", post or "", urn or ""])
            rows["reviews"].extend([child.id, dob, d(day), code] for day, code in period.reviews if s <= day <= e)
            rows["missing"].extend([child.id, dob, kind, d(a), d(b)] for kind, a, b in period.missing if s <= a <= e)
        if twelve_months(looked_after, e):
            rows["oc2"].append(outcomes_row(child, start_year, rng))
        adopted = [p for p in looked_after if p.reason in ("E11", "E12") and s <= p.end <= e]
        if adopted:
            a = adopted[-1].adoption
            rows["ad1"].append([child.id, dob, d(a["decision"]), d(a["match"]), str(a["foster_care"]),
                                str(a["adopters"]), a["sex"], a["status"]])
        for period in looked_after:
            a = period.adoption
            if a and a["decision"] <= e and not (a["reversed"] is not None and a["reversed"] < s):
                ceased = a["reversed"] if a["reversed"] is not None and a["reversed"] <= e else None
                rows["placed_adoption"].append([child.id, dob, d(a["decision"]), d(ceased),
                                                (a["reason"] or "") if ceased else ""])
        starting = sorted((p for p in periods if s <= p.start <= e), key=lambda p: (not p.short_break, p.start))
        if starting:
            code, la, when = starting[-1].prev_perm
            rows["prev_perm"].append([child.id, dob, code, la or "", d(when)])
        # social worker episodes: to 2024-25 for every child looked after in the year (rule SW12STG2);
        # from 2025-26 only for those looked after on 31 March, whose latest episode is open (SW17STG2)
        in_scope = looked_after if start_year < 2025 else [p for p in looked_after if p.end > e]
        if start_year >= 2023 and sw_episodes is not None and in_scope:
            rows["sw_episodes"].extend([child.id, dob, sw, d(a), d(b) if b is not None and b <= e else "", why]
                                       for sw, a, b, why in social_workers(child, in_scope, s, e, sw_episodes))
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in rows.items():
        if name == "sw_episodes" and start_year < 2023:
            continue
        with open(folder / f"{name}.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(COLUMNS[name] + ["LA", "YEAR"])
            writer.writerows(row + [la_code, label] for row in table)
    return {name: len(table) for name, table in rows.items()}
