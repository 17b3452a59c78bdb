"""The loader's workbook cells (sources/workbook.py): python-calamine's read handed over as openpyxl gives it."""
from __future__ import annotations

import re
import zipfile
from datetime import date, datetime, time

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference

from carepath.sources import workbook

pytest.importorskip("python_calamine")


def _book(path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "List 1"
    sheet["C3"], sheet["D3"], sheet["E3"] = "Child Unique ID", 15, 15.5
    sheet["F3"], sheet["G3"] = datetime(2024, 1, 2), datetime(2024, 1, 2, 10, 30)
    sheet["C4"], sheet["E4"], sheet["F4"] = True, date(2020, 5, 6), time(10, 30)
    sheet["C6"], sheet["D6"], sheet["E6"] = "A1", 1e20, -3
    hidden = book.create_sheet("Notes")
    hidden["A1"] = "kept out of sight"
    hidden.sheet_state = "hidden"
    chart = BarChart()
    chart.add_data(Reference(sheet, min_col=4, min_row=3, max_row=6))
    book.create_chartsheet("Chart").add_chart(chart)
    book.create_sheet("Empty")
    book.save(path)
    return path


EXPECTED = [
    ("List 1", [
        (3, (None, None, "Child Unique ID", 15, 15.5, datetime(2024, 1, 2), datetime(2024, 1, 2, 10, 30))),
        (4, (None, None, True, None, datetime(2020, 5, 6), time(10, 30), None)),
        (6, (None, None, "A1", 1e20, -3, None, None)),
    ]),
    ("Notes", [(1, ("kept out of sight",))]),
    ("Empty", []),
]


def _typed(sheets):
    return [(title, [(n, tuple((type(c).__name__, c) for c in cells)) for n, cells in rows]) for title, rows in sheets]


def test_calamine_cells_are_those_openpyxl_gives(tmp_path):
    path = _book(tmp_path / "cells.xlsx")
    read = workbook._calamine(path)
    assert read is not None  # calamine read it
    assert _typed(read) == _typed(EXPECTED)  # 15 an int, 1e20 a float, dates at midnight, no chart sheet
    assert _typed(workbook._openpyxl(path)) == _typed(EXPECTED)
    assert workbook.sheets(path) == EXPECTED
    assert workbook.head_rows(path, 1) == [("List 1", EXPECTED[0][1][:1]), ("Notes", EXPECTED[1][1]), ("Empty", [])]


def test_an_error_value_is_read_by_openpyxl_as_its_text(tmp_path):
    plain = tmp_path / "plain.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"], book.active["B1"] = "Date of referral", 1
    book.save(plain)
    spoilt = tmp_path / "na.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(spoilt, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":  # B1 becomes a VLOOKUP that found nothing
                data = re.sub(rb'<c r="B1"[^>]*>.*?</c>', b'<c r="B1" t="e"><f>NA()</f><v>#N/A</v></c>', data)
            target.writestr(item, data)
    assert workbook._calamine(plain) == [("Sheet", [(1, ("Date of referral", 1))])]
    assert workbook._calamine(spoilt) is None  # calamine would give an empty cell
    assert workbook.sheets(spoilt) == [("Sheet", [(1, ("Date of referral", "#N/A"))])]


def test_a_damaged_workbook_is_reported_by_openpyxl(tmp_path):
    path = _book(tmp_path / "whole.xlsx")
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(path.read_bytes()[:3000])
    with pytest.raises(zipfile.BadZipFile):
        workbook.sheets(cut)
