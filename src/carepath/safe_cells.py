"""Cells that cannot attack the person who opens an export: one rule for every CSV and xlsx written.

A spreadsheet runs text that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, and text
starting with a tab or carriage return can hide one (OWASP, "CSV Injection", OWASP Foundation,
2023). Anything a user or a file can put into an export (a user name typed at sign-in, a child
id typed into a URL, a search term, a display name, a team name in a return) must arrive as the
text it was. The rules, applied by every writer through :func:`csv_row` and :func:`xlsx_row`:

* **Numbers stay numbers.** An int, float or Decimal (and a date) is written as it is: a numeric
  -5 is the number -5 in both formats.
* **Text that is a plain number stays as it is.** Text such as ``"-5"`` or ``"+3.5"`` (optional
  sign, digits, optional decimals and exponent, nothing else) is what a return holds for a
  negative figure; a spreadsheet reads it as that number and runs nothing, so it is not marked.
  Anything else starting with ``= + - @``, tab or carriage return is *formula-like*.
* **CSV**: formula-like text gets a leading apostrophe (``'=1+1``), as OWASP advises; a
  spreadsheet shows it as text and a program reading the file sees the apostrophe and can strip it.
* **xlsx**: formula-like text is written as a text cell (never a formula) with Excel's "quote
  prefix" set, so the cell shows exactly the text typed and stays text even if someone edits it.
  No apostrophe is added: the workbook holds the text unchanged.
* **Control characters** that the xlsx format forbids (U+0000-U+0008, U+000B, U+000C,
  U+000E-U+001F) are written as a visible escape ``\\x07`` in both formats, so one stray byte in
  an audit entry cannot make a workbook invalid, and the audit record still shows it was there.
  Tab, line feed and carriage return inside text are kept.
"""
from __future__ import annotations

import re
from decimal import Decimal

from openpyxl.cell.cell import Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def escape_controls(text: str) -> str:
    """Control characters a workbook cannot hold, written as ``\\xNN``."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def formula_like(text: str) -> bool:
    """True if a spreadsheet could run ``text`` as a formula (a plain signed number is not)."""
    return text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text)


def csv_cell(value):
    """One value for a CSV file: None as empty, numbers as they are, text made inert."""
    if value is None:
        return ""
    if isinstance(value, (bool, int, float, Decimal)):
        return value
    text = escape_controls(value if isinstance(value, str) else str(value))
    return "'" + text if formula_like(text) else text


def csv_row(values) -> list:
    """A row for ``csv.writer.writerow``."""
    return [csv_cell(v) for v in values]


def xlsx_cell(sheet, value):
    """One value for ``sheet.append``: text that could run is a text cell with the quote prefix."""
    if not isinstance(value, str):
        return value
    text = escape_controls(value)
    if not formula_like(text):
        return text
    cell = Cell(sheet, row=1, column=1)
    cell._value, cell.data_type = text, "s"   # set directly: assigning would make "=..." a formula
    cell.quotePrefix = True
    return cell


def xlsx_row(sheet, values) -> list:
    """A row for ``sheet.append`` (normal or write-only sheets).

    A write-only sheet reuses the last cell object of a row for the plain values after it, so
    there every value gets its own cell (else the quote prefix would spread along the row).
    """
    row = [xlsx_cell(sheet, v) for v in values]
    if isinstance(sheet, WriteOnlyWorksheet) and any(isinstance(v, Cell) for v in row):
        row = [v if v is None or isinstance(v, Cell) else Cell(sheet, row=1, column=1, value=v) for v in row]
    return row
