"""The legal department's spreadsheets as they keep them: xlsx workbooks with title rows and several
sheets, cases naming several children (column groups, or lists in a cell), and their date styles,
through the real loader into a DuckDB store. Every workbook is built here with openpyxl."""
from __future__ import annotations

from datetime import date, datetime

import openpyxl

from carepath.sources.loader import load_file


def _workbook(path, sheets: dict[str, list[list]]):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def _proceedings(store, columns="case_number, child_forename, child_surname, child_dob, child_sex, "
                                 "application_date, final_order_date, order_made"):
    return store.execute(f"SELECT {columns} FROM proceeding ORDER BY case_number, child_forename").fetchall()


def test_a_tracker_workbook_with_title_rows_sheets_and_date_styles(store, tmp_path):
    path = _workbook(tmp_path / "Care proceedings tracker.xlsx", {
        "Live cases": [["Care proceedings tracker 2024-25"], [],
                       ["Case No", "Child Name", "DOB", "Gender", "Date Issued", "Final Order Date", "Order Made"],
                       ["LC1", "Amy Khan", datetime(2015, 3, 4), "Girl", datetime(2024, 6, 1), None, None],
                       # Excel's day number 45500: 45292 is 1 January 2024, +208 days is 27 July 2024
                       [1234, "SMITH, Jo", "3rd March 2016", "Male", "1 Jun 2024", 45500, "SO & CAO"],
                       ["LC5", "Kai Lee", "01/01/2017", "M", "31/02/2024", None, None]],
        "Concluded": [["Case No", "Child Name", "DOB", "Gender", "Date Issued", "Final Order Date", "Order Made"],
                      ["LC3", "Zoe Ward", "2014-07-09", "F", "03-Jan-23", "04.09.2023", "Care order"]],
        "Notes": [["Courts we use"], ["Chelmsford Family Court"]]})
    result = load_file(store, path, la_code="846")
    assert result.format == "local-extract-xlsx"
    # 4 data rows on two sheets (3 + 1): 3 loaded, 1 rejected (the impossible date of issue); the title
    # row, the blank row, the heading rows and the Notes sheet are not records
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (4, 3, 1)
    assert _proceedings(store) == [
        ("1234", "Jo", "SMITH", date(2016, 3, 3), "M", date(2024, 6, 1), date(2024, 7, 27), "SO & CAO"),
        ("LC1", "Amy", "Khan", date(2015, 3, 4), "F", date(2024, 6, 1), None, None),
        ("LC3", "Zoe", "Ward", date(2014, 7, 9), "F", date(2023, 1, 3), date(2023, 9, 4), "Care order")]
    ref, field, reason = store.execute("SELECT row_ref, field, reason FROM reject").fetchone()
    assert ref == "care proceedings sheet 'Live cases' row 6" and field == "Date Issued"
    assert "'31/02/2024' is not a date" in reason
    assert store.execute("SELECT format FROM load_batch").fetchone()[0] == "local-extract-xlsx"
    assert "sheets not read (no care proceedings heading row in their first 10 rows): 'Notes'" in result.notes
    batch = store.execute("SELECT rows_read, rows_loaded, rows_rejected FROM load_batch").fetchone()
    assert batch == (4, 3, 1)


def test_column_groups_make_one_record_per_child(store, tmp_path):
    header = ["Case Ref", "Date of Issue", "Surname", "Child 1 First Name", "Child 1 DOB", "Child 2 First Name",
              "Child 2 DOB", "Child 2 Surname", "Child 2 Final Order Date", "Child 3 First Name", "Child 3 DOB",
              "Order Made"]
    path = _workbook(tmp_path / "legal.xlsx", {"Cases": [
        header,
        # Amy and her half-brother Ben Patel (his own surname overrides the family's); no third child
        ["C10", "01/06/2024", "Khan", "Amy", "04/03/2015", "Ben", "05/06/2017", "Patel", None, None, None, "SO + CAO"],
        # Cy's date of birth cannot be read: set aside, Cy loads; Di's final order date cannot be read:
        # it is part of what a proceeding is, so Di alone is rejected
        ["C11", "02/06/2024", "Ray", "Cy", "31/02/2015", "Di", "01/01/2018", None, "next Tuesday", None, None,
         None]]})
    result = load_file(store, path, la_code="846")
    # 4 children named on 2 rows: read 4 = loaded 3 + rejected 1
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (4, 3, 1)
    assert _proceedings(store, "proceeding_id, child_forename, child_surname, child_dob, order_made") == [
        ("846/C10/a20150304", "Amy", "Khan", date(2015, 3, 4), "SO + CAO"),
        ("846/C10/b20170605", "Ben", "Patel", date(2017, 6, 5), "SO + CAO"),
        ("846/C11/c", "Cy", "Ray", None, None)]
    ref, field, reason = store.execute("SELECT row_ref, field, reason FROM reject").fetchone()
    assert ref == "care proceedings sheet 'Cases' row 3 child 2"
    assert field == "Child 2 Final Order Date" and "'next Tuesday' is not a date" in reason
    issue = store.execute("SELECT row_ref, field, value FROM field_issue").fetchone()
    assert issue == ("care proceedings sheet 'Cases' row 3 child 1", "Child 1 DOB", "31/02/2015")
    assert any("2 rows of sheet 'Cases' named several children (4 in all)" in n for n in result.notes)


def test_children_listed_in_one_cell(store, tmp_path):
    path = tmp_path / "legal.csv"
    path.write_text(
        "Case No,Child Forenames,Child Surname,DOB,Date of Issue,Outcome\n"
        # three siblings, one surname for all, dates in the same order
        'LC20,"Amy; Ben; Cal",Khan,"04/03/2015; 05/06/2017; 01/01/2019",01/06/2024,SO + CAO\n'
        # three names but two dates: which date is whose cannot be known, so the row is rejected whole
        'LC21,"Dan; Eve; Fay",Jones,"04/03/2015; 05/06/2017",01/06/2024,\n'
        # a line break within the cell (Alt+Enter in Excel) separates too
        'LC22,"Gus\nHal",Lee,,01/07/2024,\n', encoding="utf-8")
    result = load_file(store, path, la_code="846")
    # read 3 + 1 + 2 = 6 records: 5 loaded, LC21 one record rejected
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (6, 5, 1)
    assert _proceedings(store, "case_number, child_forename, child_surname, child_dob, order_made") == [
        ("LC20", "Amy", "Khan", date(2015, 3, 4), "SO + CAO"), ("LC20", "Ben", "Khan", date(2017, 6, 5), "SO + CAO"),
        ("LC20", "Cal", "Khan", date(2019, 1, 1), "SO + CAO"),
        ("LC22", "Gus", "Lee", None, None), ("LC22", "Hal", "Lee", None, None)]
    ref, reason = store.execute("SELECT row_ref, reason FROM reject").fetchone()
    assert ref == "care proceedings row 3"
    assert "Child Forenames names 3 children but DOB gives 2 values" in reason and "separated by ';'" in reason


def test_a_workbook_mixing_kinds_loads_nothing(store, tmp_path):
    path = _workbook(tmp_path / "legal.xlsx", {
        "Cases": [["Case No", "Date of Issue", "Child Name"], ["LC1", "01/06/2024", "Amy Khan"]],
        "Visits": [["child_id", "visit_date", "visit_type"], ["A1", "01/06/2024", "CIN"]]})
    result = load_file(store, path, la_code="846")
    assert result.status == "failed"
    assert "sheet 'Visits' is a visits extract but sheet 'Cases' is care proceedings" in result.message
    assert "nothing was loaded" in result.message
    assert store.execute("SELECT count(*) FROM proceeding").fetchone()[0] == 0
    assert store.execute("SELECT count(*) FROM load_batch").fetchone()[0] == 0


def test_an_annex_a_workbook_is_still_annex_a_and_an_unknown_one_says_what_it_needs(store, tmp_path):
    annex = _workbook(tmp_path / "annex.xlsx", {"List 1": [["Child Unique ID", "Gender", "Date of Contact",
                                                            "Contact Source"], ["A1", "Male", "01/06/2024", "1A"]]})
    assert load_file(store, annex, la_code="846").format == "annex-a-xlsx"
    other = _workbook(tmp_path / "budget.xlsx", {"Budget": [["Cost centre", "Amount"], ["X1", 10]]})
    result = load_file(store, other, la_code="846")
    assert result.status == "failed" and "care proceedings tracker" in result.message


def test_child_columns_holding_full_names(store, tmp_path):
    path = tmp_path / "legal.csv"
    path.write_text("Case No,Date of Issue,Child 1,Child 1 DOB,Child 2,Child 2 DOB\n"
                    "LC30,01/06/2024,Amy Khan,04/03/2015,\"PATEL, Ben\",05/06/2017\n", encoding="utf-8")
    result = load_file(store, path, la_code="846")
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (2, 2, 0)
    assert _proceedings(store, "child_forename, child_surname, child_dob") == [
        ("Amy", "Khan", date(2015, 3, 4)), ("Ben", "PATEL", date(2017, 6, 5))]
