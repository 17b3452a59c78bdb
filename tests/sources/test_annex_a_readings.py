"""Each distinct cell value of an Annex A list read once (annex_a_rows.Readings), with every row's
outcome still its own: the same bad value on two rows is two field issues, and a reject's raw text
is the row's own cells."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from carepath.sources import annex_a
from carepath.sources.annex_a_lists import BY_NUMBER
from carepath.sources.annex_a_rows import Readings, SheetRow
from carepath.sources.batch import Batch, RowError

CHILD = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth"]


def test_a_value_is_read_once_and_true_1_and_1_0_are_different_cells():
    calls = []

    def read(value, heading):
        calls.append(value)
        return repr(value)

    readings = Readings()
    cells = ["x", "x", True, 1, 1.0, None, None, "x"]
    found = [SheetRow(BY_NUMBER[3], {"nfa": c}, {"nfa": "NFA?"}, f"row {i}", "", readings=readings).value(read, "nfa")
             for i, c in enumerate(cells)]
    assert found == ["'x'", "'x'", "True", "1", "1.0", "None", "None", "'x'"]
    assert calls == ["x", True, 1, 1.0, None]


def test_the_same_bad_value_gives_each_row_its_own_error():
    readings = Readings()
    rows = [SheetRow(BY_NUMBER[3], {"nfa": "Maybe"}, {"nfa": "Referral NFA?"}, f"row {n}", "", readings=readings)
            for n in (2, 3)]
    assert [row.yes_no("nfa") for row in rows] == [None, None]
    first, second = rows[0].lenient.issues[0], rows[1].lenient.issues[0]
    assert first is not second
    assert (second.field, second.rule, second.reason, second.value) == (
        "Referral NFA?", "yes/no", "Referral NFA? 'Maybe' is not Yes, No or Unknown", "Maybe")
    first.value = "changed"
    with pytest.raises(RowError, match="Referral NFA\\? 'Maybe' is not a date; expected DD/MM/YYYY"):
        rows[1].day("nfa", required=True)  # another reader of the same column keeps its own outcomes
    assert rows[1].yes_no("nfa") is None and rows[1].lenient.issues[1].value == "Maybe"


def test_two_rows_with_one_bad_cell_are_two_field_issues_and_a_reject_keeps_its_own_cells(tmp_path: Path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "List 3"
    sheet.append(CHILD + ["Date of Referral", "Referral Source", "Referral NFA?"])
    sheet.append(["K1", "a) Male", "WBRI", datetime(2016, 1, 1), datetime(2025, 1, 2), "q) 6: Police", "Maybe"])
    sheet.append(["K2", "b) Female", "WBRI", datetime(2017, 1, 1), datetime(2025, 1, 3), "q) 6: Police", "Maybe"])
    sheet.append(["K3", "b) Female", "WBRI", datetime(2017, 1, 1), "soon", "q) 6: Police", "No"])
    path = tmp_path / "annex_a_2025-01-20.xlsx"
    book.save(path)
    batch = Batch(path.name, la_code="846")
    annex_a.read(path, batch)
    assert [(i.row_ref, i.record_key, i.value) for i in batch.field_issues] == [
        ("List 3 (sheet 'List 3') row 2", "846/K1/2025-01-02", "Maybe"),
        ("List 3 (sheet 'List 3') row 3", "846/K2/2025-01-03", "Maybe")]
    assert [(r.row_ref, r.raw) for r in batch.rejects] == [
        ("List 3 (sheet 'List 3') row 4", "Child Unique ID=K3; Gender=b) Female; Ethnicity=WBRI; "
                                          "Date of Birth=2017-01-01; Date of Referral=soon; "
                                          "Referral Source=q) 6: Police; Referral NFA?=No")]
    assert [row["referral_date"] for row in batch.rows["referral"]] == [date(2025, 1, 2), date(2025, 1, 3)]


def test_a_child_seen_again_with_the_same_cells_adds_nothing_after_a_conflict(tmp_path: Path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "List 1"
    sheet.append(CHILD + ["Date of Contact", "Contact Source"])
    for day, dob in ((2, datetime(2016, 1, 1)), (3, datetime(2016, 2, 2)), (4, datetime(2016, 1, 1)),
                     (5, datetime(2016, 2, 2)), (6, "never")):
        sheet.append(["K1", "a) Male", "WBRI", dob, datetime(2025, 1, day), "q) 6: Police"])
    path = tmp_path / "annex_a_2025-01-20.xlsx"
    book.save(path)
    batch = Batch(path.name, la_code="846")
    annex_a.read(path, batch)
    child = list(batch.rows["child"])
    assert [(c["child_id"], c.get("dob"), c.get("sex")) for c in child] == [("846/K1", None, "M")]
    assert [(i.row_ref, i.field, i.rule, i.value) for i in batch.field_issues] == [
        ("List 1 (sheet 'List 1') row 3", "Date of Birth", "conflict", "2016-02-02"),
        ("List 1 (sheet 'List 1') row 6", "Date of Birth", "date", "never")]
    assert batch.counts["contact"].loaded == 5


def test_the_cycle_collector_runs_again_after_a_read_whether_it_loads_or_fails(tmp_path: Path):
    import gc

    from carepath.sources.batch import SourceError

    book = openpyxl.Workbook()
    book.active.title = "Cover"
    book.active.append(["Nothing here"])
    path = tmp_path / "cover.xlsx"
    book.save(path)
    assert gc.isenabled()
    with pytest.raises(SourceError, match="none of its sheets is an Annex A list"):
        annex_a.read(path, Batch(path.name, la_code="846"))
    assert gc.isenabled()
    gc.disable()  # a caller that paused it keeps it paused
    try:
        with pytest.raises(SourceError):
            annex_a.read(path, Batch(path.name, la_code="846"))
        assert not gc.isenabled()
    finally:
        gc.enable()
