"""Reading local extracts kept as Excel workbooks (xlsx): a legal department's care proceedings
tracker, most often, but any kind of local extract (docs/formats/local_extracts.md).

A workbook is a local extract when one of its sheets has, in its first ``HEADER_SEARCH`` non-blank
rows, a heading row that fits a kind of extract (:func:`carepath.sources.local_extract.choose_kind`)
and none of its sheets is an Ofsted Annex A list (those go to :mod:`carepath.sources.annex_a`,
which is asked after this reader). Title rows above the headings ("Care proceedings tracker
2024-25") are read past. Every sheet whose headings fit the same kind is read (``Live cases`` and
``Concluded``, or one sheet a year); sheets that fit no kind (notes, pivot tables, a list of
courts) are ignored and named in the load's notes; a sheet that fits another kind is refused, as
two kinds in one file are (load them as two files). A sheet whose headings fit two kinds equally,
or name one column twice, refuses the whole workbook, as a CSV header would.

Cells are read as Excel holds them: a date cell is a date whatever its display format, a number is
a number (a case number 12345 reads as "12345"), a formula is the value Excel saved with it.
Rows are numbered as Excel shows them; a reject names the sheet
(``care proceedings sheet 'Live' row 14 child 2: Child 2 DOB '31/02/2015' is not a date``).
Blank rows are skipped and not counted. A file that is not an xlsx workbook, is damaged or
password-protected is left to the Annex A reader, whose message says what to do with it.
"""
from __future__ import annotations

from pathlib import Path

from carepath.sources import annex_a, workbook
from carepath.sources.batch import Batch, SourceError
from carepath.sources.local_extract import Table, choose_kind
from carepath.sources.local_extract_kinds import KINDS, kinds_fitting

FORMAT = "local-extract-xlsx"
DESCRIPTION = "local extract workbook (xlsx: " + ", ".join(kind.name for kind in KINDS) + ")"
HEADER_SEARCH = 10  # non-blank rows searched for the heading row


def _text(cell) -> str:
    return "" if cell is None else str(cell)


def _sheets(path: Path, head_only: bool = False) -> list[tuple[str, list[tuple[int, tuple]]]]:
    """[(sheet title, [(row number, cells)])], blank rows left out; only the first rows with ``head_only``."""
    return workbook.head_rows(path, annex_a.HEADER_SEARCH) if head_only else workbook.sheets(path)


def _heading_row(rows: list[tuple[int, tuple]]) -> tuple[int, list[str]] | None:
    """(row number, headings) of the first row that fits a kind of extract."""
    for number, cells in rows[:HEADER_SEARCH]:
        header = [_text(c) for c in cells]
        if kinds_fitting(header):
            return number, header
    return None


def detect(path: Path, head: bytes) -> bool:
    """An xlsx workbook with a sheet headed like a local extract and no Annex A list."""
    if not annex_a.detect(path, head) or not head.startswith(b"PK\x03\x04"):
        return False
    try:
        sheets = _sheets(Path(path), head_only=True)
    except Exception:  # noqa: BLE001 - a damaged workbook: the Annex A reader explains it
        return False
    if any(annex_a.locate(annex_a.Sheet(title, rows)) is not None for title, rows in sheets):
        return False
    return any(_heading_row(rows) is not None for _, rows in sheets)


def read(path: Path, batch: Batch) -> None:
    path = Path(path)
    try:
        sheets = _sheets(path)
    except Exception as exc:  # noqa: BLE001 - only the workbook readers run here: any failure is the file's damage
        raise SourceError(f"{path.name} is a damaged or incomplete Excel workbook (openpyxl: {type(exc).__name__}: "
                          f"{str(exc)[:200]}). Open it in Excel and save it again; nothing was loaded.") from None
    tables: list[Table] = []
    ignored = []
    for title, rows in sheets:
        found = _heading_row(rows)
        if found is None:
            ignored.append(title)
            continue
        header_row, header = found
        kind, known = choose_kind(f"{path.name} sheet '{title}'", header)
        if tables and kind is not tables[0].kind:
            raise SourceError(f"{path.name}: sheet '{title}' is a {kind.name} extract but sheet '{tables[0].sheet}' is "
                              f"{tables[0].kind.name}. Keep one kind of extract per workbook (save the other sheet "
                              "as its own file); nothing was loaded.")
        table = Table(batch, kind, known, header, "local extract workbook", title,
                      tables[0].authority if tables else None)
        tables.append(table)
        for number, cells in rows:
            if number > header_row:
                table.read_row(list(cells), number)
    if not tables:
        raise SourceError(f"{path.name}: no sheet has a heading row that fits a kind of local extract in its first "
                          f"{HEADER_SEARCH} rows (care proceedings need Case No and Date of Issue, or their other "
                          "names: see docs/formats/local_extracts.md); nothing was loaded.")
    batch.format_description += "; sheets read: " + ", ".join(f"'{t.sheet}'" for t in tables)
    if ignored:
        batch.notes.append(f"sheets not read (no {tables[0].kind.name} heading row in their first {HEADER_SEARCH} "
                           f"rows): {', '.join(repr(t) for t in ignored)}")
    for table in tables:
        table.finish()
