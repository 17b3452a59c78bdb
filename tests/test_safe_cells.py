"""Formula safety in every file carepath writes: the rules, then each writer fed hostile text.

Each writer is called as the product calls it, on hand-built rows holding text a spreadsheet
would run (``=``, ``+``, ``-``, ``@``, a leading tab or CR) and control characters a workbook
cannot hold, and the file is read back with a CSV reader or openpyxl.
"""
from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest
from openpyxl import Workbook, load_workbook

from carepath.exchange import riia, riia_workbook
from carepath.indicators import catalogue, periods
from carepath.indicators.export import write_table
from carepath.quality.report import write_reports
from carepath.reports import databook
from carepath.safe_cells import csv_cell, csv_row, formula_like, xlsx_row

HOSTILE = ['=1+1', '+44 20 7946 0000', '-2+3+cmd|\' /c calc\'!A0', '@SUM(A1:A9)', '\t=1', '\r=1']


@pytest.mark.parametrize("text, runs", [
    ("=1+1", True), ("+cmd", True), ("-2+3", True), ("@SUM(1)", True), ("\tx", True), ("\rx", True),
    ("-5", False), ("+3.5", False), ("-1e3", False), ("-.5", False), ("- 5", True), ("-5-", True),
    ("ok", False), ("a=b", False), ("", False)])
def test_what_counts_as_a_formula(text, runs):
    assert formula_like(text) is runs


def test_csv_cells_numbers_stay_numbers_text_is_marked_controls_escaped():
    assert csv_row([-5, 2.5, None, "-5", "=1+1", "a\x00b\x1fc", "line\nbreak", date(2024, 1, 2)]) == [
        -5, 2.5, "", "-5", "'=1+1", "a\\x00b\\x1fc", "line\nbreak", "2024-01-02"]
    assert csv_cell(True) is True


def _csv_cells(path: Path) -> list[str]:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return [c for row in csv.reader(handle) for c in row]


def _assert_csv_inert(path: Path, hostile=HOSTILE) -> None:
    cells = _csv_cells(path)
    assert [c for c in cells if formula_like(c)] == []
    for text in hostile:
        assert "'" + text in cells, text


def _assert_xlsx_inert(path: Path, hostile=HOSTILE, control="a\\x07b") -> None:
    book = load_workbook(path)
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert [c.value for c in cells if c.data_type == "f"] == []
    texts = {c.value: c for c in cells if isinstance(c.value, str)}
    for text in hostile:
        assert text in texts and texts[text].quotePrefix, text
    assert control in texts


def test_the_quote_prefix_stays_on_its_own_cell_in_a_write_only_sheet(tmp_path):
    book = Workbook(write_only=True)
    sheet = book.create_sheet("s")
    sheet.append(xlsx_row(sheet, ["=1", "plain", -5, "-5"]))
    book.save(tmp_path / "s.xlsx")
    cells = list(load_workbook(tmp_path / "s.xlsx").active.iter_rows())[0]
    assert [(c.value, c.data_type, bool(c.quotePrefix)) for c in cells] == [
        ("=1", "s", True), ("plain", "s", False), (-5, "n", False), ("-5", "s", False)]


def test_indicator_exports_and_extracts(tmp_path):
    names = HOSTILE + ["a\x07b"]
    table = pa.table({"unit_name": names, "value": [-5.0] * len(names)})
    csv_path, xlsx_path = write_table(table, tmp_path / "results", ("csv", "xlsx"))
    _assert_csv_inert(csv_path)
    assert "-5.0" in _csv_cells(csv_path)
    _assert_xlsx_inert(xlsx_path)
    assert load_workbook(xlsx_path).active["B2"].value == -5.0     # a number, not text


def test_validation_reports(tmp_path):
    con = duckdb.connect()
    con.execute("""CREATE TABLE validation_issue (run_id INT, issue_no INT, child_id VARCHAR, local_child_id VARCHAR,
                   rule_code VARCHAR, rule_type VARCHAR, rule_message VARCHAR, table_name VARCHAR, field VARCHAR,
                   value VARCHAR, row_ref VARCHAR)""")
    for i, text in enumerate(HOSTILE + ["a\x07b"]):
        con.execute("INSERT INTO validation_issue VALUES (1, ?, ?, ?, ?, 'error', 'msg', 't', 'f', ?, 'r')",
                    [i, f"846/C{i}", text, f"R{i}", text])
    written = write_reports(con, 1, tmp_path, "cin")
    _assert_csv_inert(next(p for p in written if p.name == "cin_issues_by_child.csv"))
    _assert_xlsx_inert(next(p for p in written if p.name == "cin_issues_by_child.xlsx"))


def test_riia_submission_files(tmp_path):
    rows = [["South East", "846", name, "2025-01-31", "2024-25", "Q3", "201", "-5", ""] for name in HOSTILE]
    measures, _ = riia.write(riia.Submission(rows, []), tmp_path, "846", date(2025, 1, 31))
    _assert_csv_inert(measures)
    assert "-5" in _csv_cells(measures)                         # a negative figure is left alone


def test_riia_compiled_workbook_sheets(tmp_path):
    book = Workbook(write_only=True)
    riia_workbook._sheet(book, "History", ["LA name", "Value"], [[name, -5] for name in HOSTILE + ["a\x07b"]])
    book.save(tmp_path / "region.xlsx")
    _assert_xlsx_inert(tmp_path / "region.xlsx")


def test_data_book(tmp_path):
    board = catalogue.get_set("board")
    wanted = [periods.parse("2024Q2"), periods.parse("2024Q3")]
    path = tmp_path / "book.xlsx"
    databook.write(path, board, [], wanted, "846", "=HYPERLINK(\"http://x\")\x07", None, None)
    book = load_workbook(path)
    first = book["About"]["A1"]
    # the name sits inside a sentence (so it cannot run); its control character no longer breaks the book
    assert first.data_type == "s" and first.value == f'{board.title}: data book for =HYPERLINK("http://x")\\x07 (846)'
