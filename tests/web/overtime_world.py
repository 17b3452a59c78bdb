"""A small authority for the Over time pages: LA 846, returns 2021-22 to 2024-25, fourteen children in
care and on CP plans: K0-K11 Ann's (team Alpha), L0-L1 Cat's (team Beta); population by age and sex."""
from __future__ import annotations

from pathlib import Path

from carepath.model import store as store_mod
from tests.indicators.world import World


def build(path: Path) -> Path:
    con = store_mod.connect(path)
    w = World(con, "846")
    for i, year in enumerate(("2021-22", "2022-23", "2023-24", "2024-25"), 1):
        con.execute("INSERT INTO load_batch (batch_id, la_code, file_name, format, return_year) "
                    "VALUES (?, '846', ?, 'ssda903-csv', ?)", [i, f"episodes_{year}.csv", year])
    w.team("T1", "Alpha", "North", "Safeguarding")
    w.team("T2", "Beta", "South", "Safeguarding")
    w.worker("W1", "T1", "Ann")
    w.worker("W3", "T2", "Cat")
    for year in range(2020, 2025):
        for age in range(0, 18):
            w.population(year, 100, age=age, sex="M")
            w.population(year, 100, age=age, sex="F")
    children = [(f"K{i}", "W1", "T1") for i in range(12)] + [(f"L{i}", "W3", "T2") for i in range(2)]
    for i, (child, worker, team) in enumerate(children):
        w.child(child, dob=f"20{10 + i % 8}-0{1 + i % 9}-15", sex="MF"[i % 2])
        w.allocation(child, worker, "2021-01-01", team=team)
        start = f"2021-{4 + i % 9:02d}-10"
        end = None if i % 4 == 0 else f"2023-{1 + i % 12:02d}-20"
        w.episode(child, start, end, reason_ceased=None if end is None else "E4A")
        w.cp_plan(child, f"2022-{1 + i % 12:02d}-05", f"2023-{1 + i % 12:02d}-05")
    con.close()
    return path


PROCEEDINGS_CHILDREN = ("K0", "K1", "K2", "K3", "K5", "K6")


def with_proceedings(path: Path) -> Path:
    """The store of :func:`build`, with care proceedings applied for on 1 March 2021 (not yet concluded)
    linked to K0, K1, K2, K3, K5 and K6: their periods of care (from April to October 2021) are
    "with proceedings", the other eight "without"."""
    build(path)
    con = store_mod.connect(path)
    for child in PROCEEDINGS_CHILDREN:
        con.execute("INSERT INTO proceeding (proceeding_id, la_code, case_number, application_date) "
                    "VALUES (?, '846', ?, DATE '2021-03-01')", [f"846/P{child}", f"P{child}"])
        con.execute("INSERT INTO proceeding_link (proceeding_id, child_id, la_code, match_probability, method) "
                    "VALUES (?, ?, '846', 1.0, 'deterministic')", [f"846/P{child}", f"846/{child}"])
    con.close()
    return path
