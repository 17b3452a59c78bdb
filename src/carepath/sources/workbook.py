"""Reading an xlsx workbook's cells for the loader: python-calamine (Rust) first, openpyxl as the fallback.

Both xlsx readers (Ofsted Annex A, local extracts kept as workbooks) take a workbook as its
worksheets' non-blank rows, each with its row number as Excel shows it. openpyxl reads a cell at a
time in Python (an Annex A of 170,000 rows took 6.6 s of CPU); python-calamine reads the whole
sheet in Rust (0.7 s). The cells are handed over as openpyxl gives them, so the readers see the
same values whichever library read the file:

* an empty cell is None (calamine gives ''), a whole number an ``int`` (calamine gives 15.0),
  a date a ``datetime`` at midnight (calamine gives a ``date``);
* only worksheets, in the workbook's order (hidden ones too; chart sheets left out);
* rows from row 1 and columns from column A, whatever the used range.

openpyxl reads the workbook instead when python-calamine is not installed or cannot read the
file (so a damaged workbook is reported exactly as before, from openpyxl's error), and when a
sheet holds an error value (``#N/A``, ``#REF!``): calamine gives those as empty cells, openpyxl as
the text, which the readers reject or set aside saying what the cell held.
"""
from __future__ import annotations

import warnings
import zipfile
from datetime import date, datetime
from pathlib import Path

Rows = list[tuple[int, tuple]]  # (row number as Excel shows it, cells), blank rows left out
_WHOLE = float(2 ** 53)  # beyond this a float is not a whole number openpyxl would give as an int


def blank(cells) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def sheets(path: Path) -> list[tuple[str, Rows]]:
    """[(sheet title, rows)] of every worksheet; whatever goes wrong is openpyxl's error (the file's damage)."""
    try:
        found = _calamine(Path(path))
    except Exception:  # noqa: BLE001 - any failure: openpyxl reads it, or says what is wrong with it
        found = None
    return found if found is not None else _openpyxl(Path(path))


def _calamine(path: Path) -> list[tuple[str, Rows]] | None:
    """The sheets read by python-calamine; None where openpyxl must read them (see the module's notes)."""
    try:
        from python_calamine import CalamineWorkbook, SheetTypeEnum
    except ImportError:
        return None
    if _has_error_values(path):
        return None
    book = CalamineWorkbook.from_path(str(path))
    try:
        found = []
        for meta in book.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet:
                continue
            grid = book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
            rows = []
            for number, cells in enumerate(grid, 1):
                cells = _as_openpyxl(cells)
                if not blank(cells):
                    rows.append((number, cells))
            found.append((meta.name, rows))
        return found
    finally:
        book.close()


def _as_openpyxl(cells: list) -> tuple:
    out = []
    for cell in cells:
        kind = type(cell)
        if kind is str:
            out.append(cell or None)
        elif kind is float:
            out.append(int(cell) if cell.is_integer() and -_WHOLE < cell < _WHOLE else cell)
        elif kind is date:
            out.append(datetime(cell.year, cell.month, cell.day))
        else:
            out.append(cell)
    return tuple(out)


def _has_error_values(path: Path) -> bool:
    """Whether any worksheet part of the workbook holds an error cell (``t="e"``)."""
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                with archive.open(name) as part:
                    tail = b""
                    for block in iter(lambda: part.read(1 << 20), b""):
                        if b't="e"' in tail + block:
                            return True
                        tail = block[-8:]
    return False


def _openpyxl(path: Path, head: int | None = None) -> list[tuple[str, Rows]]:
    """The sheets read by openpyxl (read-only, formulas' cached values); the first ``head`` non-blank rows only."""
    import openpyxl
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            found = []
            for worksheet in book.worksheets:
                rows = []
                for number, cells in enumerate(worksheet.iter_rows(values_only=True), 1):
                    if blank(cells):
                        continue
                    rows.append((number, cells))
                    if head is not None and len(rows) >= head:
                        break
                found.append((worksheet.title, rows))
        finally:
            book.close()
    return found


def head_rows(path: Path, head: int) -> list[tuple[str, Rows]]:
    """Each worksheet's first ``head`` non-blank rows, for recognising a workbook: openpyxl reads only
    those rows (calamine would read every sheet whole)."""
    return _openpyxl(Path(path), head)
