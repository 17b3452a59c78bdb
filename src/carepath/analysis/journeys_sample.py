"""A made-up front door for demonstrating and timing the journey map: random children with
contacts, referrals, assessments, S47s, ICPCs, plans, care and early help, written straight into
canonical tables (no returns are written or read).

It is not the synthetic authority (:mod:`carepath.synth`, which simulates a whole authority and
writes the real formats); it only needs to be quick and to exercise every station and move, so
the browser test and ``benchmarks/journeys_fps.py`` can fill a store with thousands of journeys
in seconds. Every child is invented; the same seed gives the same store.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

import duckdb

from carepath.model.ids import join
from carepath.model.tables import BY_NAME
from carepath.sources.loader import upsert

TEAMS = (("T1", "Assessment North", "North"), ("T2", "Assessment South", "South"),
         ("T3", "Child Protection North", "North"), ("T4", "Child Protection South", "South"))
SOURCES = ("1A", "2A", "3A", "3E", "4", "5A", "6", "6", "6", "8", "9")
ETHNICITIES = ("WBRI", "WBRI", "WBRI", "WOTH", "MWBC", "AIND", "APKN", "BAFR", "CHNE", "NOBT")


def _day(first: date, last: date, rng: random.Random) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


class _Rows(dict):
    def add(self, table: str, **row):
        self.setdefault(table, []).append(row)


def _episode(rows: _Rows, rng: random.Random, la: str, child_id: str, referred: date, today: date) -> date:
    """One CIN episode from contact to closure; returns the day it ends (or today if open)."""
    source = rng.choice(SOURCES)
    contact = referred - timedelta(days=rng.choice((0, 0, 0, 1, 2, 5, 9)))
    rows.add("contact", contact_id=join(child_id, contact, source), child_id=child_id, la_code=la,
             contact_date=contact, source=source, outcome="referral")
    referral_id = join(child_id, referred)
    referral = dict(referral_id=referral_id, child_id=child_id, la_code=la, referral_date=referred,
                    source=source, primary_need="N1", nfa=False, closure_date=None, closure_reason=None)
    rows.add("referral", **referral)
    referral = rows["referral"][-1]
    roll = rng.random()
    if roll < 0.15:                                  # no further action at the referral
        referral.update(nfa=True, closure_date=referred, closure_reason="RC8")
        return referred
    assessed = referred + timedelta(days=rng.choice((0, 1, 2, 3, 5, 8)))
    end = assessed + timedelta(days=rng.randint(3, 70))
    rows.add("assessment", assessment_id=join(referral_id, assessed), referral_id=referral_id, child_id=child_id,
             la_code=la, start_date=assessed, authorised_date=end if end <= today else None, outcome="Y")
    last = end
    if rng.random() < 0.3:                           # strategy discussion and S47
        s47_start = referred + timedelta(days=rng.choice((0, 0, 1, 4, 10)))
        icpc = s47_start + timedelta(days=rng.randint(8, 25)) if rng.random() < 0.45 else None
        rows.add("s47", s47_id=join(referral_id, s47_start), referral_id=referral_id, child_id=child_id, la_code=la,
                 start_date=s47_start, icpc_date=icpc if icpc and icpc <= today else None,
                 icpc_not_required=icpc is None)
        if icpc and icpc <= today and rng.random() < 0.75:
            plan_end = icpc + timedelta(days=rng.randint(60, 500))
            rows.add("cp_plan", cp_plan_id=join(child_id, icpc), referral_id=referral_id, child_id=child_id,
                     la_code=la, start_date=icpc, end_date=plan_end if plan_end <= today else None,
                     initial_category="NEG", previous_plans=0)
            last = max(last, plan_end)
            if rng.random() < 0.15:
                care = icpc + timedelta(days=rng.randint(20, 200))
                care_end = care + timedelta(days=rng.randint(30, 900))
                rows.add("cla_episode", episode_id=join(child_id, care), child_id=child_id, la_code=la,
                         start_date=care, rne="S", legal_status=rng.choice(("C1", "V2", "C2")), placement="U4",
                         end_date=care_end if care_end <= today else None,
                         reason_ceased="E4A" if care_end <= today else None)
                last = max(last, care_end)
    if last == end and rng.random() < 0.35:          # child in need plan after the assessment
        plan_start = end + timedelta(days=rng.randint(0, 20))
        plan_end = plan_start + timedelta(days=rng.randint(40, 400))
        rows.add("cin_plan", cin_plan_id=join(referral_id, plan_start), referral_id=referral_id,
                 child_id=child_id, la_code=la, start_date=plan_start,
                 end_date=plan_end if plan_end <= today else None)
        last = plan_end
    if last > today:
        return today
    reason = "RC7" if last != end else rng.choice(("RC8", "RC8", "RC8", "RC9", "RC9", "RC7"))
    referral.update(closure_date=last, closure_reason=reason)
    if reason == "RC9" and rng.random() < 0.7:
        help_start = last + timedelta(days=rng.randint(0, 14))
        help_end = help_start + timedelta(days=rng.randint(30, 200))
        rows.add("early_help", early_help_id=join(child_id, help_start), child_id=child_id, la_code=la,
                 start_date=help_start, end_date=help_end if help_end <= today else None)
    return last


def fill(con: duckdb.DuckDBPyConnection, children: int, seed: int = 4, la: str = "999",
         first: date = date(2019, 4, 1), today: date = date(2025, 3, 31)) -> dict[str, int]:
    """Write ``children`` invented children and their journeys; returns rows written per table."""
    rng = random.Random(seed)
    rows = _Rows()
    for code, name, locality in TEAMS:
        rows.add("org_unit", team_id=f"{la}/{code}", la_code=la, team_name=name, locality=locality,
                 service="Children's social care")
    for number in range(children):
        child_id = f"{la}/J{number:06d}"
        dob = _day(date(2003, 1, 1), date(2024, 6, 1), rng)
        rows.add("child", child_id=child_id, la_code=la, local_child_id=f"J{number:06d}", dob=dob,
                 sex=rng.choice("MF"), ethnicity=rng.choice(ETHNICITIES),
                 disabilities=["NONE"] if rng.random() < 0.85 else ["LD"])
        day = _day(max(first, dob), today, rng)
        for episode in range(rng.choice((1, 1, 1, 2, 2, 3, 4))):
            if day > today:
                break
            ended = _episode(rows, rng, la, child_id, day, today)
            team = rng.choice(TEAMS)[0]
            rows.add("allocation", allocation_id=join(child_id, f"{la}/W{team}", day), child_id=child_id,
                     la_code=la, worker_id=f"{la}/W{team}", team_id=f"{la}/{team}", start_date=day,
                     end_date=ended if ended < today else None)
            day = ended + timedelta(days=rng.randint(20, 700))
    # a child has at most one contact, referral, plan or episode per key: keep the first of each
    written = {}
    for table, table_rows in rows.items():
        key = BY_NAME[table].key
        unique = {tuple(r[k] for k in key): r for r in reversed(table_rows)}
        upsert(con, BY_NAME[table], list(unique.values()), batch_id=0)
        written[table] = len(unique)
    return written
