"""A small hand-made authority for the dashboard's tests, with every figure worked out by hand.

Authority 846, 10,000 children (mid-2023 and mid-2024). Teams and practitioners:

    team 846/T1 Alpha  (North, Safeguarding)      846/W1 Ann, 846/W2 Ben
    team 846/T2 Beta   (South, Safeguarding)      846/W3 Cat
    team 846/T3 Gamma  (North, Children in Care)  846/W4 Dan

Children, each allocated from 2023-01-01 with no end: A1-A8 to Ann, B1-B2 to Ben, C1-C3 to Cat,
D1-D6 to Dan; U1 is never allocated. Every child has one referral in 2024-25; A1, A2 and C1 also
had one in 2023-24 within 12 months before it (re-referrals); D1 had one in 2021-22 (too early).

2024-25 by hand:
  referrals          Ann 8, Ben 2 -> Alpha 10; Cat 3 (Beta); Dan 6 (Gamma); not allocated 1;
                     authority 20 -> rate 20 / 10,000 x 10,000 = 20.0 per 10,000
  re_referrals_12m   Alpha 2 of 10 = 20.0%; Beta 1 of 3 = 33.3%; Gamma 0 of 6; not allocated 0 of 1;
                     authority 3 of 20 = 15.0%
2023-24: referrals 3 (A1, A2, C1) -> 3.0 per 10,000; re_referrals_12m 0 of 3 = 0.0%.

A1's journey (its timeline): referral 2023-06-01 closed 2023-08-01; referral 2024-05-01;
assessment 2024-05-01 authorised 2024-06-10; CP plan 2024-06-20 to 2024-09-30; care from
2024-10-01 in two episodes (placement change 2024-12-01) still open: one period in care.

A second authority, 501 (synthetic code), 5,000 children: five children, one 2024-25 referral
each, none allocated -> referrals 5, rate 10.0 per 10,000; re_referrals 0 of 5.

The store also holds one load (10 rows read, 9 loaded, 1 rejected) and one validation run with
one issue about child 846/A1.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from carepath.indicators import catalogue, engine, periods
from carepath.model import store as store_mod
from tests.indicators.world import World

INDICATORS = ["referrals", "re_referrals_12m"]
PERIODS = ["2023-24", "2024-25"]
TEAMS = {"T1": ("Alpha", "North", "Safeguarding"), "T2": ("Beta", "South", "Safeguarding"),
         "T3": ("Gamma", "North", "Children in Care")}
WORKERS = {"W1": ("T1", "Ann"), "W2": ("T1", "Ben"), "W3": ("T2", "Cat"), "W4": ("T3", "Dan")}
CASELOADS = {"W1": [f"A{i}" for i in range(1, 9)], "W2": ["B1", "B2"], "W3": ["C1", "C2", "C3"],
             "W4": [f"D{i}" for i in range(1, 7)]}
PASSWORD = "correct horse battery"
# user name -> (role, la_code, unit, admin)
USERS = {
    "ann": ("practitioner", "846", "846/W1", False),
    "cat": ("practitioner", "846", "846/W3", False),
    "alpha": ("team_manager", "846", "846/T1", False),
    "safeguarding": ("service_lead", "846", "Safeguarding", False),
    "lead": ("authority_lead", "846", None, False),
    "analyst": ("analyst", None, None, True),
    "region": ("regional_viewer", None, None, False),
}


def build(path: Path) -> Path:
    con = store_mod.connect(path)
    world = World(con, "846")
    for year in (2023, 2024):
        world.population(year, 10_000)
    for code, (name, locality, service) in TEAMS.items():
        world.team(code, name, locality, service)
    for code, (team, name) in WORKERS.items():
        world.worker(code, team, name)
    for worker, children in CASELOADS.items():
        for child in children:
            world.child(child)
            world.allocation(child, worker, "2023-01-01")
    world.child("U1")
    day = {c: f"2024-{5 + i % 6:02d}-{1 + i:02d}" for i, c in enumerate(sum(CASELOADS.values(), []) + ["U1"])}
    day.update({"A1": "2024-05-01", "A2": "2024-05-02", "C1": "2024-06-01"})
    for child, when in day.items():
        world.referral(child, when)
    world.referral("A1", "2023-06-01", closure="2023-08-01", reason="RC8")
    world.referral("A2", "2023-07-01")
    world.referral("C1", "2023-09-01")
    world.referral("D1", "2022-01-01")
    a1 = world.cid("A1") + "/2024-05-01"
    world.assessment(a1, "2024-05-01", "2024-06-10")
    world.cp_plan("A1", "2024-06-20", "2024-09-30", initial_category="NEG")
    world.episode("A1", "2024-10-01", "2024-12-01", placement="U4", reason_ceased="X1")
    world.episode("A1", "2024-12-01", None, rne="P", placement="U1")
    other = World(con, "501")
    other.population(2024, 5_000)
    for i in range(1, 6):
        other.child(f"S{i}")
        other.referral(f"S{i}", f"2024-0{4 + i}-10")
    con.execute("""INSERT INTO load_batch (batch_id, la_code, file_name, file_path, file_sha256, format, return_year,
                   loaded_at, rows_read, rows_loaded, rows_rejected)
                   VALUES (1, '846', 'children.csv', '/in/children.csv', 'abc', 'local-extract', '2024-25', ?, 10, 9, 1)""",
                [datetime(2025, 4, 2, 9, 30)])
    con.execute("""INSERT INTO reject (batch_id, reject_no, file_name, table_name, row_ref, field, rule, reason, raw)
                   VALUES (1, 1, 'children.csv', 'child', 'row 7', 'dob', 'date', 'dob 2024-13-01 is not a date', 'X9,2024-13-01')""")
    con.execute("""INSERT INTO validation_run (run_id, la_code, return_kind, rule_pack, files, run_at, issues, status, message, return_year)
                   VALUES (1, '846', 'cin', 'cin2024_25', 'cin.xml', ?, 1, 'done', '', '2024-25')""", [datetime(2025, 4, 3)])
    con.execute("""INSERT INTO validation_issue (run_id, issue_no, la_code, local_child_id, child_id, rule_code, rule_message,
                   rule_type, table_name, field, row_ref, value)
                   VALUES (1, 1, '846', 'A1', '846/A1', '8925', 'Assessment authorised before it started', 'error',
                           'assessment', 'authorised_date', 'Child 1', 'AssessmentAuthorisationDate=2024-04-30')""")
    engine.run(con, [catalogue.get(i) for i in INDICATORS], [periods.parse(p) for p in PERIODS])
    con.close()
    return path


def add_users(accounts) -> None:
    for name, (role, la, unit, admin) in USERS.items():
        accounts.add(name, PASSWORD, role, la, unit, display_name=name.capitalize(), admin=admin)


def build_with_history(path: Path) -> Path:
    """The store of :func:`build`, whose one load (2024-25, LA 846) is recorded as having written the
    referrals, so the store's referral history for 846 is 1 April 2024 to 31 March 2025; recomputed.

    By hand: referrals 2024-25 has no look-back and is complete; referrals 2023-24 is outside the
    loaded year, and re-referrals within 12 months in 2024-25 look back to 1 April 2023: both
    incomplete. 2022-23 is computed at the authority level only, so its breakdowns are "not
    computed". Authority 501 has no recorded load, so its figures are not judged.
    """
    build(path)
    con = store_mod.connect(path)
    con.execute("""INSERT INTO load_count (batch_id, table_name, rows_read, rows_loaded, rows_rejected)
                   VALUES (1, 'child', 10, 9, 1), (1, 'referral', 9, 9, 0)""")
    engine.run(con, [catalogue.get(i) for i in INDICATORS], [periods.parse(p) for p in PERIODS])
    engine.run(con, [catalogue.get(i) for i in INDICATORS], [periods.parse("2022-23")], levels=("authority",))
    con.close()
    return path
