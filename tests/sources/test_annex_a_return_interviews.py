"""Annex A list 8's missing-episode counts and return-interview columns, read into
``missing_return_interview`` and counted by ``cla_missing_return_interview``."""
from __future__ import annotations

from datetime import date as d

from carepath.sources.loader import load_file
from tests.indicators.world import World
from tests.sources.test_annex_a import write_workbook

HEAD = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Date Started to be Looked After",
        "Child's Legal Status", "Number of Placements in the Last 12 months",
        "Number of 'Missing' episodes in last 12 months", "Number of 'Absent' episodes in last 12 months",
        "Return interview offered (Y/N)", "Return interview accepted (Y/N)"]


def test_return_interview_columns_are_read_and_counted(store, tmp_path):
    path = write_workbook(tmp_path / "annex_a_as_at_31-03-2025.xlsx", [("List 8", [
        HEAD,
        ["M1", "a) Male", "a) WBRI", d(2010, 1, 1), d(2023, 5, 1), "C2", 2, 3, 0, "a) Yes", "b) No"],
        ["M2", "b) Female", "a) WBRI", d(2011, 1, 1), d(2023, 5, 1), "C2", 1, 1, 2, "b) No", None],
        ["M3", "b) Female", "a) WBRI", d(2012, 1, 1), d(2023, 5, 1), "C2", 1, 0, 1, None, None],
        ["M4", "a) Male", "a) WBRI", d(2013, 1, 1), d(2023, 5, 1), "C2", 1, None, None, None, None],
    ])])
    result = load_file(store, path, la_code="846", as_at=d(2025, 3, 31))
    assert result.status == "loaded", result.message
    got = store.execute("SELECT child_id, as_at, missing_episodes, absent_episodes, return_interview_offered, "
                        "return_interview_accepted FROM missing_return_interview ORDER BY 1").fetchall()
    # M4 has none of the four cells: no row
    assert got == [("846/M1", d(2025, 3, 31), 3, 0, True, False), ("846/M2", d(2025, 3, 31), 1, 2, False, None),
                   ("846/M3", d(2025, 3, 31), 0, 1, None, None)]
    # cohort: M1 and M2 (M3 only absent); offered: M1 -> 1 of 2 = 50%
    fig = World(store).figure("cla_missing_return_interview", "2024-25")
    assert (fig.numerator, fig.denominator, fig.value) == (1, 2, 50.0)
