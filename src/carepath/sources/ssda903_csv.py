"""Reading SSDA903 (children looked after) CSV files: one file per 903 table, any return year.

Each file holds one of the tables of SPECS.md B.2: Header, Episodes, Reviews, UASC, OC2, OC3,
AD1, PlacedAdoption, PrevPerm, Missing, SWEpisodes or DoLo. **The table is recognised from the
header row, never from the file name**: a file is the table whose own columns it has most of
(``DECOM`` says Episodes, ``SDQ_SCORE`` says OC2...). Column names are matched ignoring case
and surrounding spaces; the XML names ``CHILDID`` and ``PL`` are accepted for ``CHILD`` and
``PLACE``; columns of no 903 table are ignored. A file that is the table but lacks columns the
table requires is a :class:`SourceError` naming them, and nothing is loaded. Which columns may
be left out: DOB in every table but the Header (it repeats the Header's), SEX in UASC, and the
postcodes and URN of Episodes (often removed before data leaves the authority).

Besides the table's columns a file may have:

* ``LA``: the authority of each row: its 3-digit DfE LA number, ONS code or name (read through
  :mod:`carepath.reference.known_authorities`; one it does not know rejects the row). Rows are loaded to their own authority, so one
  file may hold several. Without the column, or where a row leaves it empty, ``--la`` says
  which authority; a row whose LA differs from ``--la`` stops the load (wrong file?).
* ``YEAR``: the return year of each row (``2024-25``, ``2024/25`` or ``2025``: the year ending
  31 March 2025). Without it the year comes from the file name (``2021-episodes.csv`` is the
  year ending 31 March 2021, ``episodes_2024_25.csv`` 2024-25), and failing that from
  ``--year``. The year matters to OC2 (``year_ending``) and OC3 (``as_at``), both 31 March of
  the return year, so an OC2 or OC3 file that does not say its year is refused.
* A ``UASC`` flag and ``DUC`` in a Header file are read as the XML HEADER's are.

What one record is, and what happens to a record that is wrong
----------------------------------------------------------------
Every data row is one record of the file's table (a row with nothing in the columns carepath
reads, as spreadsheets leave at the end, is skipped and not counted). Each is loaded or rejected for the reasons in :mod:`carepath.sources.ssda903_rows`;
besides those, a row with more values than the header has columns, or with fewer, is rejected
as it cannot be read reliably. Rejects name the table and the row as a spreadsheet shows it
(the header is row 1): ``Episodes row 12``, ``DEC 01/03/2024 is before DECOM 05/03/2024``.
Dates are ``DD/MM/YYYY`` or ``YYYY-MM-DD``. Text is UTF-8 (with or without BOM), UTF-16 or
Windows-1252 (:mod:`carepath.sources.textfile`); a file that is none of these, or whose quoting
is broken, is a :class:`SourceError` and nothing is loaded.

The rows are checked a column at a time (:mod:`carepath.sources.ssda903_read`); a row with
anything wrong in it is read by :meth:`FileRows.read`, one row at a time, so what is said about
it is the same either way.
"""
from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

from carepath.sources import ssda903_columns as columnwise
from carepath.sources import ssda903_read
from carepath.sources.batch import Batch, SourceError
from carepath.sources.columns import Cells, read_cells
from carepath.sources.ssda903_fields import (
    return_year,
    return_year_from_name,
    year_ending,
)
from carepath.sources.ssda903_rows import TABLES, Table903, stage
from carepath.sources.textfile import decode

FORMAT = "ssda903-csv"
DESCRIPTION = "SSDA903 CSV (one file per table)"

ALIASES = {"CHILDID": "CHILD", "PL": "PLACE"}
EXTRAS = {"Header": ("UASC", "DUC")}  # read when present, never required
LA, YEAR = "LA", "YEAR"


def column_name(text: str) -> str:
    name = text.strip().strip("\ufeff").strip().upper()
    return ALIASES.get(name, name)


def candidates(columns) -> list[tuple[int, Table903]]:
    """The tables whose signature columns the header has, best first, with how many it has."""
    present = set(columns)
    scored = [(sum(c in present for c in t.signature), t) for t in TABLES.values()]
    return sorted(((n, t) for n, t in scored if n), key=lambda pair: -pair[0])


def _head_text(head: bytes) -> str:
    """The header row of a file's first bytes (what is after it may be damaged: the reader says how)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", "ignore")
    if head.startswith(codecs.BOM_UTF8):
        head = head[3:]
    first = head.split(b"\n", 1)[0]
    return first.decode("utf-8", "ignore") if b"\x00" not in first else ""


def detect(path: Path, head: bytes) -> bool:
    """A CSV whose header row has CHILD and a column of a 903 table (or two columns of one)."""
    text = _head_text(head).lstrip()
    if not text or text.startswith("<"):
        return False
    try:
        first = next(csv.reader(io.StringIO(text.splitlines()[0])), [])
    except csv.Error:
        return False
    columns = [column_name(c) for c in first]
    found = candidates(columns)
    return bool(found) and ("CHILD" in columns or found[0][0] >= 2)


def _table(name: str, columns: list[str]) -> Table903:
    found = candidates(columns)
    if not found:
        raise SourceError(f"{name} is not an SSDA903 table: its header row has none of the columns that say which "
                          "(DECOM for Episodes, REVIEW for Reviews, ...). Nothing was loaded.")
    if len(found) > 1 and found[1][0] == found[0][0]:
        tied = [t for n, t in found if n == found[0][0]]
        which = "; ".join(f"{t.name}: {', '.join(c for c in t.signature if c in columns)}" for t in tied)
        raise SourceError(f"{name} has the columns of more than one SSDA903 table ({which}). Export one file per "
                          "table. Nothing was loaded.")
    table = found[0][1]
    lacking = [c for c in table.required if c not in columns]
    if lacking:
        raise SourceError(f"{name} is the SSDA903 {table.name} table (from its columns) but has no "
                          f"{', '.join(lacking)} column{'s' if len(lacking) > 1 else ''}, which that table requires. "
                          "Nothing was loaded.")
    doubled = sorted({c for c in columns if c and columns.count(c) > 1})
    if doubled:
        raise SourceError(f"{name} has the column{'s' if len(doubled) > 1 else ''} {', '.join(doubled)} more than "
                          "once. Nothing was loaded.")
    return table


def _file_year(path: Path, batch: Batch) -> str | None:
    given = batch.return_year
    if given is not None and return_year(given) is None:
        raise SourceError(f"--year '{given}' is not a return year; write it like 2024-25 (the year ending "
                          "31 March 2025).")
    return return_year(given) or return_year_from_name(path.name)


def read(path: Path, batch: Batch) -> None:
    path = Path(path)
    name = path.name
    batch.format_description = DESCRIPTION
    try:
        text = decode(path)
    except OSError as exc:
        raise SourceError(f"{name} could not be read ({exc.strerror or exc}).") from None
    rows = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(rows, None)
        while header is not None and not "".join(header).strip():
            header = next(rows, None)
        if header is None:
            raise SourceError(f"{name} is empty: it has no header row. Nothing was loaded.")
        columns = [column_name(c) for c in header]
        table = _table(name, columns)
        cells = _cells(text, header) if table.name in columnwise.BUILDERS else None
        if cells is not None:
            reading = FileRows(path, batch, table, columns)
            ssda903_read.read(reading, cells)
            reading.finish()
            return
        _read_rows(path, batch, table, columns, rows)
    except csv.Error as exc:
        raise SourceError(f"{name} cannot be read as CSV (line {rows.line_num}: {exc}). Check its quotes; "
                          "nothing was loaded.") from None


class FileRows:
    """How one 903 CSV's rows are read: its columns, its authority and its year (settled from its header)."""

    def __init__(self, path: Path, batch: Batch, table: Table903, columns: list[str]):
        self.name, self.batch, self.table, self.target = path.name, batch, table, table.target
        position = {c: i for i, c in enumerate(columns) if c}
        self.names = [c for c in table.columns + EXTRAS.get(table.name, ()) if c in position]
        self.at = [position[c] for c in self.names]
        self.la_at, self.year_at = position.get(LA), position.get(YEAR)
        self.user_la = batch.la_code
        self.file_la = batch.set_la(None, "it has no LA column") if self.la_at is None else self.user_la
        given_year = batch.return_year
        self.file_year = _file_year(path, batch)
        if self.year_at is None and self.file_year and given_year is None:
            batch.notes.append(f"return year {self.file_year} taken from the file name (give --year if it is not)")
        if table.needs_year and self.file_year is None and self.year_at is None:
            raise SourceError(
                f"{self.name} is the SSDA903 {table.name} table, whose records are dated 31 March of the return year, "
                f"but it does not say which year: add a YEAR column (2024-25), put the year in the file name "
                f"({table.name.lower()}_2024_25.csv) or load with --year 2024-25. Nothing was loaded.")
        self.ends = {None: None}
        self.years: set[str] = set()
        self.width = len(columns)

    def read(self, number: int, values: list[str]) -> None:
        """Read one row (numbered as a spreadsheet shows it): stage it, reject it or skip it."""
        batch, table, target, width = self.batch, self.table, self.target, self.width
        if len(values) != width:
            if not "".join(values).strip():
                return
            if len(values) < width or "".join(values[width:]).strip():
                batch.saw(target)
                batch.reject(target, f"{table.name} row {number}", "", "columns",
                             f"the row has {len(values)} values but the header has {width} columns",
                             ",".join(values))
                return
        fields = dict(zip(self.names, [values[i].strip() or None for i in self.at]))
        la_text = values[self.la_at].strip() if self.la_at is not None else ""
        year_text = values[self.year_at].strip() if self.year_at is not None else ""
        if not (la_text or year_text or any(fields.values())):
            return  # an empty row (',,,,' as spreadsheets leave them)
        ref = f"{table.name} row {number}"
        la = self.file_la
        if self.la_at is not None:
            la = _row_la(batch, self.name, la_text, self.user_la, number)
            if la is None:
                batch.saw(target)
                batch.reject(target, ref, LA, "code", f"LA '{la_text}' is not a local authority carepath knows: "
                             "give the 3-digit DfE LA number, the ONS code or the name", f"{LA}={la_text}")
                return
        year = self.file_year
        if year_text:
            year = return_year(year_text)
            if year is None:
                batch.saw(target)
                batch.reject(target, ref, YEAR, "year", f"YEAR '{year_text}' is not a return year "
                             "(2024-25, 2024/25, or 2025 for the year ending 31 March 2025)", f"{YEAR}={year_text}")
                return
        if stage(batch, table, fields, ref, la, self.year_end(year)) and year:
            self.years.add(year)

    def year_end(self, year: str | None):
        if year not in self.ends:
            self.ends[year] = year_ending(year)
        return self.ends[year]

    def finish(self) -> None:
        self.batch.return_year = ", ".join(sorted(self.years)) if self.years else self.file_year


def _cells(text: str, header: list[str]) -> Cells | None:
    """The file's cells for the column-wise reader, or None to read it row by row (Python's csv finds a fault)."""
    try:
        cells = read_cells(text)
    except csv.Error:
        return None
    return cells if cells is not None and cells.header == header else None


def _read_rows(path: Path, batch: Batch, table: Table903, columns: list[str], rows) -> None:
    reading = FileRows(path, batch, table, columns)
    for number, values in enumerate(rows, 2):
        reading.read(number, values)
    reading.finish()


def _row_la(batch: Batch, name: str, text: str, user_la: str | None, number: int) -> str | None:
    """The authority of one row: its LA, else --la; None when its LA is not an LA number."""
    if not text:
        if user_la is None:
            raise SourceError(f"{name} row {number} has no LA. Fill the LA column in, or pass --la with the "
                              "3-digit DfE LA number (for example --la 846). Nothing was loaded.")
        return user_la
    if not (len(text) == 3 and text.isascii() and text.isdigit()):
        try:  # an ONS code or a name (reference/known_authorities.py)
            text = batch.authority(text, f"LA column, row {number}")
        except SourceError:
            return None
    if user_la is not None and text != user_la:
        batch.set_la(text, f"LA column, row {number}")  # raises: the file is not the one --la names
    if batch.la_code is None:
        batch.set_la(text, f"LA column, row {number}")
    return text
