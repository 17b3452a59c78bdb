"""Reading local extracts: CSV files from the authority's own systems (docs/formats/local_extracts.md).

The same extracts kept as xlsx workbooks are read by :mod:`carepath.sources.local_extract_xlsx`
through this module's :class:`Table`; a care proceedings row naming several children is one record
per child (:mod:`carepath.sources.legal_extract`).

The kind of extract (children, teams, workers, allocations, visits, supervision, workforce,
contacts, early help, care proceedings, SEND requests, EHE, population) is detected from the
header row: the kind whose required columns are all there, and which knows the most of the
file's columns (:mod:`carepath.sources.local_extract_kinds`). The file may be UTF-8 (with or
without BOM), UTF-16 or Windows-1252, separated by commas, semicolons, tabs or bars (whichever
the header uses most).

What one record is, and what is rejected
----------------------------------------
Each non-blank row after the header is one record of the kind's table; blank rows are skipped
and not counted. Rows are numbered as a spreadsheet shows them (the header is row 1), and a
reject names the kind, the row, the file's own heading and the rule
(``visits row 12: Visit Date '31/02/2024' is not a date``). A row is rejected when its key is
missing or cannot be read (the child, the key date, a contact's source, a visit's type, a
population row's year, age, sex and count), its end date cannot be read or is before its start
date, an audit's grade cannot be read, it has more values than the header has columns, or its
key repeats an earlier row (a duplicate, naming the first). Any other cell that cannot be read
(a sex, ethnicity or disability code, a yes/no, an FTE, a secondary date) is **set aside, not
the row**: the record loads without it and the cell is a field issue
(``carepath status --issues``).

Authorities, teams and workers
------------------------------
A file with an ``la_code`` column is loaded row by row, each row to its own authority (a row
with a blank ``la_code`` takes ``--la``; ``la_code`` may be the 3-digit number, the ONS code or
the name, read through :mod:`carepath.reference.known_authorities`; a row whose ``la_code`` is
none of these, or differs from ``--la``, is rejected). Without the column, ``--la`` is required. Team and worker
codes are qualified by the LA: ``846/T01``. An allocation whose team_code is blank has an
empty ``team_id``: readers do not see the store, so the team is not looked up here; the
indicator engine attributes such an allocation to the worker's team in the ``worker`` table.
Give team_code when a worker's team has changed since the allocation. Population rows carry
their own ``area_code`` and need no ``--la``. Rows that name a child not described in the same
load keep that child as an id, to be filled in by the returns.

A file that is empty, not text, not CSV, or whose header fits no kind (or two kinds equally)
is a :class:`SourceError` and nothing is loaded. Columns no kind knows are ignored and listed
in the batch's description.
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from carepath.model.ids import child_id
from carepath.sources import legal_extract
from carepath.sources import local_extract_read as columnwise
from carepath.sources.batch import Batch, RowError, SourceError
from carepath.sources.columns import read_cells
from carepath.sources.local_extract_kinds import (
    KINDS,
    LOOKUPS,
    Cells,
    Kind,
    columns_of,
    kinds_fitting,
    normalise,
)
from carepath.sources.textfile import decode

FORMAT = "local-extract-csv"
DESCRIPTION = "local extract CSV (" + ", ".join(kind.name for kind in KINDS) + ")"

_DELIMITERS = ",;\t|"
_LA = re.compile(r"^\d{3}$")


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in _DELIMITERS}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _header(text: str) -> tuple[list[str], str]:
    head = text[:65536].splitlines()  # the file's first lines, without splitting the whole file
    if len(text) > 65536:
        head = head[:-1]  # the last may be cut
    first = next((line for line in head if line.strip()), None)
    if first is None:
        first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = _delimiter(first)
    return next(csv.reader([first], delimiter=delimiter), []), delimiter


def detect(path: Path, head: bytes) -> bool:
    """A CSV whose header fits a kind of extract; or any text file named .csv, .tsv or .txt (so that a
    header which fits none is told what it lacks, rather than that the format is unknown)."""
    if b"\x00" in head[:4096] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    try:
        text = decode(Path(path), head)
    except (SourceError, UnicodeDecodeError):
        return False
    if Path(path).suffix.lower() in (".csv", ".tsv", ".txt"):
        return True
    try:
        header, _ = _header(text)
    except csv.Error:
        return False
    return bool(kinds_fitting(header))


def choose_kind(name: str, header: list[str]) -> tuple[Kind, dict[int, str]]:
    fitting = kinds_fitting(header)
    if not fitting:
        closest = max(KINDS, key=lambda kind: (len(set(kind.required) & set(columns_of(kind, header).values())),
                                               len(columns_of(kind, header))))
        missing = [c for c in closest.required if c not in columns_of(closest, header).values()]
        raise SourceError(
            f"{name}: its header fits no kind of local extract (closest: {closest.name}, which needs "
            f"{', '.join(missing)}). Header: {', '.join(h for h in header if h.strip())[:300]}. "
            "See docs/formats/local_extracts.md; nothing was loaded.")
    if len(fitting) > 1 and len(fitting[0][1]) == len(fitting[1][1]):
        raise SourceError(f"{name}: its header fits both {fitting[0][0].name} and {fitting[1][0].name} extracts. "
                          "Load them as two files, or drop the other kind's columns; nothing was loaded.")
    kind, known = fitting[0]
    seen: dict[str, int] = {}
    for index, column in known.items():
        if column in seen:
            raise SourceError(f"{name}: columns {seen[column] + 1} ('{header[seen[column]]}') and {index + 1} "
                              f"('{header[index]}') are both {column}. Keep one; nothing was loaded.")
        seen[column] = index
    return kind, known


class _Authority:
    """Which LA a row belongs to: its la_code cell, else --la."""

    def __init__(self, batch: Batch, kind: Kind, has_column: bool):
        self.batch, self.given = batch, batch.la_code
        self.found: set[str] = set()
        if kind.has_la and not has_column:
            self.given = batch.set_la(None, "no la_code column")

    def of(self, cells: Cells, heading: str) -> str | None:
        code = cells.text("la_code")
        if code is None:
            if self.given is None:
                raise RowError(heading, "required", f"{heading} is missing and no --la was given")
            code = self.given
        elif not _LA.match(code):
            try:  # an ONS code or a name (reference/known_authorities.py)
                code = self.batch.authority(code, heading)
            except SourceError:
                raise RowError(heading, "code", f"{heading} '{code}' is not a local authority carepath knows: give "
                                                "the 3-digit DfE LA number, the ONS code or the name") from None
        elif self.given is not None and code != self.given:
            raise RowError(heading, "authority", f"{heading} {code} is not --la {self.given}; load this file "
                                                 "without --la to load every authority in it")
        self.found.add(code)
        return code

    def settle(self) -> None:
        if self.found:
            self.batch.la_code = ",".join(sorted(self.found))


def read(path: Path, batch: Batch) -> None:
    path = Path(path)
    try:
        text = decode(path)
    except UnicodeDecodeError:
        raise SourceError(f"{path.name} looks like UTF-16 text but is cut or damaged. Save it again as CSV UTF-8; "
                          "nothing was loaded.") from None
    header, delimiter = _header(text)
    if columnwise.wanted(path.name, header):
        try:
            cells = read_cells(text, delimiter)
        except csv.Error:
            cells = None  # read row by row, which says where
        if cells is not None and cells.header == header:
            del text  # the cells hold the file now
            return columnwise.read(path, batch, cells)
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table: Table | None = None
    row_number = 0
    try:
        for cells in records:
            row_number += 1
            if not any(c.strip() for c in cells):
                continue
            if table is None:
                kind, known = choose_kind(path.name, cells)
                table = Table(batch, kind, known, cells, "local extract CSV")
                continue
            table.read_row(cells, row_number, width=len(table.header))
    except csv.Error as exc:
        raise SourceError(f"{path.name} row {row_number + 1} cannot be read as CSV ({exc}); "
                          "nothing was loaded.") from None
    if table is None:
        raise SourceError(f"{path.name} is empty: it has no header row. Nothing was loaded.")
    table.finish()


class Table:
    """One table of an extract being read (a CSV file, or one sheet of a workbook): its kind, its
    columns, and each data row into the batch.

    A care proceedings row may name several children (:mod:`carepath.sources.legal_extract`):
    each is one record read, loaded or rejected on its own, and the batch notes how many rows did."""

    def __init__(self, batch: Batch, kind: Kind, known: dict[int, str], header: list, label: str,
                 sheet: str | None = None, authority: _Authority | None = None):
        self.batch, self.kind, self.known, self.header, self.sheet = batch, kind, known, header, sheet
        self.headings = {column: str(header[i]).strip() for i, column in known.items()}
        self.groups: dict[int, tuple[int, str]] = {}
        if kind.table == "proceeding":
            self.groups = legal_extract.child_groups(header, LOOKUPS[kind.name], normalise)
        ignored = [str(h).strip() for i, h in enumerate(header)
                   if i not in known and i not in self.groups and h is not None and str(h).strip()]
        described = f"{label}: {kind.name}" + (f" (columns ignored: {', '.join(ignored)})" if ignored else "")
        if sheet is None or not batch.format_description:
            batch.format_description = described
        self.authority = authority or _Authority(batch, kind, "la_code" in known.values())
        self.several = self.named = 0  # rows naming several children, and the children they named

    def read_row(self, cells: list, row_number: int, width: int | None = None) -> None:
        kind, known, headings, batch = self.kind, self.known, self.headings, self.batch
        where = f" sheet '{self.sheet}'" if self.sheet else ""
        ref = f"{kind.name}{where} row {row_number}"

        def raw() -> str:  # the row as read, for a reject only
            return "; ".join(f"{_heading_of(self.header, i)}={str(c).strip()}"
                             for i, c in enumerate(cells) if c is not None and str(c).strip())
        if width is not None and len(cells) > width and any(c.strip() for c in cells[width:]):
            batch.saw(kind.table)
            batch.reject(kind.table, ref, "(row)", "columns",
                         f"the row has {len(cells)} values but the header has {width} columns "
                         "(a value with the separator in it that is not in quotes?)", raw())
            return
        row = Cells({column: cells[i] if i < len(cells) else None for i, column in known.items()}, headings, None)
        try:
            if kind.has_la:
                row.la_code = self.authority.of(row, headings.get("la_code", "la_code"))
            parts = self._children(row, cells)
        except RowError as err:
            batch.saw(kind.table)
            named = row.text("child_id") if kind.table == "child" and row.la_code else None
            batch.reject_error(kind.table, ref, err, raw(), child_id(row.la_code, named) if named else None)
            return
        batch.saw(kind.table, len(parts))
        if len(parts) > 1:
            self.several, self.named = self.several + 1, self.named + len(parts)
        for number, part in enumerate(parts, 1):
            part_ref = f"{ref} child {number}" if len(parts) > 1 else ref
            try:
                record = kind.build(part)
            except RowError as err:
                named = part.text("child_id") if kind.table == "child" and part.la_code else None
                batch.reject_error(kind.table, part_ref, err, raw(), child_id(part.la_code, named) if named else None)
                continue
            if kind.has_la:
                record["la_code"] = part.la_code
            if batch.add(kind.table, record, part_ref, part.lenient) and kind.names_child and kind.table != "child":
                batch.imply_child(record["child_id"], part.text("child_id"))

    def _children(self, row: Cells, cells: list) -> list[Cells]:
        if self.kind.table != "proceeding":
            return [row]
        groups: dict[int, dict[str, object]] = {}
        group_headings: dict[int, dict[str, str]] = {}
        for index, (number, column) in self.groups.items():
            groups.setdefault(number, {})[column] = cells[index] if index < len(cells) else None
            group_headings.setdefault(number, {})[column] = str(self.header[index]).strip()
        return legal_extract.each_child(row, groups, group_headings)

    def finish(self) -> None:
        if self.several:
            self.batch.notes.append(
                f"{self.several} row{'s' if self.several > 1 else ''}{f' of sheet {self.sheet!r}' if self.sheet else ''} "
                f"named several children ({self.named} in all): each child is one record, read and then loaded "
                "or rejected on its own")
        self.authority.settle()


def _heading_of(header: list, index: int) -> str:
    heading = header[index] if index < len(header) else None
    return str(heading).strip() if heading is not None and str(heading).strip() else f"column {index + 1}"
