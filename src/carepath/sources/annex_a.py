"""Reading an Ofsted ILACS Annex A workbook (xlsx, lists 1 to 11).

The workbook is read with python-calamine, else openpyxl (:mod:`carepath.sources.workbook`; cached
values of formulas). Annex A names no
authority, so ``--la`` is required. A sheet is a list when its name says so (``List 3``,
``List_3``, ``L3 Referrals``, ``Referrals``) or when its headings do; the headings are looked
for in the first 20 non-blank rows (title rows above them are fine) and matched however they
are spelt (:mod:`carepath.sources.annex_a_lists`); coded cells are read with or without their
drop-down letters (:mod:`carepath.sources.annex_a_values`). Blank rows are skipped and not
counted. Sheets that are neither named as a list nor headed like one (guidance, cover sheets)
are ignored. A formula is read as the value Excel saved with it; a workbook written by a
program that saved no values reads such cells as blank.

Columns that no canonical table holds are read past: age, the child's disability Yes/No (the
``child`` table holds CIN disability codes, and "Yes" names none), counts over the last 12
months, case status, EPO, permanence plan, IRO/health/dental dates, placement location, List 10's
family identifier and FFA date. List 8's missing and absent episode counts and its return
interview offered / accepted (Y/N) are one ``missing_return_interview`` row per child and Annex A
date (derived, like its review and visit; read by the indicator cla_missing_return_interview).

What one record is
------------------
Each non-blank row under a list's headings is one record of the list's table: List 1 one
``contact`` (keyed child/date/source), 2 one ``early_help`` (its assessment start is the episode
start), 3 one ``referral`` (date, source, NFA), 4 one ``assessment``, 5 one ``s47``, 6 one
``referral`` (CIN start date as referral date, primary need, closure), 7 one ``cp_plan``, 8 one
``cla_episode``, 9 one ``care_leaver``, 10 one ``adoption`` and 11 one ``adopter``. Rows read
for a table are the data rows of its lists (``referral`` counts List 3 and List 6 together).
Derived from a loaded row, and counted in their own tables: List 7's last statutory visit (a
``visit`` of kind CP, seen alone as the list says, seen when seen alone) and latest review
conference (``cp_review``); List 8's last social work visit (``visit`` CLA) and latest
statutory review (``cla_review``); List 6's date the child was last seen (``visit`` CIN, seen).
A visit or review named on two rows is one record; if the rows disagree about it (seen alone
Yes and No), the second is rejected.
Each child named in lists 1-10 is one ``child`` row built from its Gender, Ethnicity, Date of
Birth and UASC columns wherever it appears (:class:`~carepath.sources.annex_a_staging.Children`);
each team and worker named in the Allocated Team / Worker columns of a loaded row is one
``org_unit`` / ``worker`` row (:class:`~carepath.sources.annex_a_staging.Allocated`, which says
why no ``allocation`` row is written).

Keys that Annex A does not give
-------------------------------
* Lists 4, 5 and 7 carry no referral id. An assessment, S47 or CP plan belongs to the child's
  latest referral (from Lists 3 and 6 of the same workbook) that started on or before its start
  date and had not closed before it. Its id is then ``referral_id/start`` as in the CIN census,
  so the same assessment loaded from a census merges into one row. With no such referral it is
  kept with no referral and keyed ``child_id/start``.
* List 3 and List 6 rows with the same child and date are one CIN episode: the second fills in
  the first (the row counts as loaded). The same key twice within one list is a duplicate.
* List 8 describes the child's *current* episode: it starts at the latest of the start of the
  period of care, of the current legal status and of the most recent placement (``rne`` S when
  that is the start of the period); the ceased date and reason end it. The date the period
  began is kept only when it is the episode's start: the SSDA903 holds the episode history.
* List 9 is as at the date the Annex A was made: ``--as-at`` when given, else the first date in
  a title row above any list's headings, else a date in the file name (``2025-05-13``,
  ``13.05.2025``, ``20250513``). The load prints which it used (a note), and warns when
  ``--as-at`` differs from the workbook's own date. **The workbook's properties (when it was
  created or last saved) are never used**: saving a workbook is not the date of its data. With
  no date at all, care leaver rows are rejected asking for ``--as-at``.
* The as-at date is checked against the data (:mod:`carepath.sources.dating`): records dated
  after it, or none dated in the 12 months before it, are warned about (stored with the batch).
* List 11 adopters are keyed by their individual adopter identifier, qualified by the LA.

What is rejected
----------------
* A row whose key is missing or unreadable (Child Unique ID, the list's key date, a contact's
  source, the adopter identifier) or whose end date cannot be read. Any other cell that cannot
  be read (a date that is not a date, a Yes/No that is neither, a code not in its list) is set
  aside as a field issue and the row loads (:mod:`carepath.sources.annex_a_rows`); Yes/No and
  coded wording is matched tolerantly (:mod:`carepath.sources.annex_a_values`). Reasons name
  the sheet's own heading and the row as Excel numbers it.
* A list whose sheet lacks a required column (Child Unique ID or the key date): every data row
  is rejected with a reason naming the missing column, so nothing vanishes and the officer sees
  which sheet to fix; the other lists still load.
* A child's Gender, Ethnicity or Date of Birth that cannot be read, or differs between two rows,
  is set aside for the child (a field issue naming both rows); the child and its records load.
  A child named only on rejected rows gets no child row.
* A file that is not an xlsx workbook, is damaged, or has no Annex A list at all is a
  :class:`SourceError`, and nothing is loaded.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from pathlib import Path


from carepath.sources import annex_a_values as values
from carepath.sources.annex_a_lists import AnnexList, identify, list_named, assign
from carepath.sources.annex_a_rows import BUILDERS, Readings, SheetRow, child_values
from carepath.sources.annex_a_dates import annex_date, check_dates, settle_as_at  # noqa: F401 (annex_date)
from carepath.sources.annex_a_staging import Allocated, Children, Staging
from carepath.sources.batch import Batch, RowError, SourceError, cycle_collector_paused
from carepath.sources import workbook

FORMAT = "annex-a-xlsx"
DESCRIPTION = "Ofsted Annex A workbook (xlsx)"

HEADER_SEARCH = 20  # non-blank rows searched for the headings
PROCESS_ORDER = (1, 2, 3, 6, 4, 5, 7, 8, 9, 10, 11)  # referrals before what attaches to them
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
def detect(path: Path, head: bytes) -> bool:
    """An Excel file by name (.xlsx, .xlsm, .xls) or an xlsx by content."""
    if Path(path).suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        return True
    return head.startswith(_ZIP) and any(m in head for m in (b"[Content_Types].xml", b"xl/", b"docProps/"))


@dataclass
class Sheet:
    title: str
    rows: list[tuple[int, tuple]]  # (row number as Excel shows it, cells), blank rows left out


@dataclass
class ListSheet:
    sheet: Sheet
    annex_list: AnnexList
    header: tuple | None  # the heading row's cells
    header_row: int | None
    taken: dict[str, int]  # field -> column index
    broken: tuple[str, str] | None = None  # (heading missing, reason): every row is rejected

    def data(self):
        return [(n, cells) for n, cells in self.sheet.rows if self.header_row is None or n > self.header_row]

    def title_cells(self):
        return [c for n, cells in self.sheet.rows if self.header_row and n < self.header_row for c in cells]


def _open(path: Path) -> list[Sheet]:
    with open(path, "rb") as handle:
        magic = handle.read(8)
    if magic.startswith(_OLE):
        raise SourceError(f"{path.name} is an old-style .xls workbook or a password-protected one. Open it in "
                          "Excel, remove any password and save it as .xlsx; nothing was loaded.")
    if not magic.startswith(_ZIP):
        raise SourceError(f"{path.name} is not an Excel .xlsx workbook (it is not a zip file). If it is a CSV, "
                          "name it .csv; nothing was loaded.")
    try:
        sheets = [Sheet(title, rows) for title, rows in workbook.sheets(path)]
    except Exception as exc:  # noqa: BLE001 - only the workbook readers run here: any failure is the file's damage
        # BadZipFile, zlib.error, Bad CRC-32, KeyError for a missing part, XML parse errors, and
        # NotImplementedError / RuntimeError for zip features (compression, encryption) it cannot read
        raise SourceError(f"{path.name} is a damaged or incomplete Excel workbook (openpyxl: "
                          f"{type(exc).__name__}: {str(exc)[:200]}). Open it in Excel and save it again; "
                          "nothing was loaded.") from None
    return sheets


def locate(sheet: Sheet) -> ListSheet | None:
    """Which list a sheet holds and where its headings are; None for a sheet that is no list."""
    named = list_named(sheet.title)
    head = sheet.rows[:HEADER_SEARCH]
    for number, cells in head:
        found = identify(list(cells), named)
        if found is not None:
            return ListSheet(sheet, found[0], cells, number, found[1])
    if named is None or not sheet.rows:
        return None
    best = max(head, key=lambda item: len(assign(list(item[1]), named)))
    taken = assign(list(best[1]), named)
    if len(taken) >= 2:
        missing = next(f for f in named.required if f not in taken)
        label = named.label(missing)
        return ListSheet(sheet, named, best[1], best[0], taken, (label, (
            f"sheet '{sheet.title}' (List {named.number}) has no '{label}' column in its headings on row "
            f"{best[0]}; the list was not loaded. Add the column and load the workbook again")))
    labels = " and ".join(f"'{named.label(f)}'" for f in named.required)
    return ListSheet(sheet, named, None, None, {}, (named.label(named.required[0]), (
        f"sheet '{sheet.title}' (List {named.number}) has no heading row with {labels} in its first "
        f"{HEADER_SEARCH} rows; the list was not loaded")))


class _Reader:
    """The state of one workbook's load: staging, children, teams and workers, referral index."""

    def __init__(self, batch: Batch, la_code: str, as_at: date | None):
        self.batch, self.la_code, self.as_at = batch, la_code, as_at
        self.staging = Staging(batch)
        self.children = Children()
        self.allocated = Allocated(la_code)
        self._referrals: dict[str, list[dict]] | None = None
        self._people: dict[tuple, str | None] = {}

    def person(self, value) -> str | None:
        """:func:`values.person`, each distinct cell once."""
        key = (type(value), value)
        try:
            if key in self._people:
                return self._people[key]
        except TypeError:
            return values.person(value)
        found = self._people[key] = values.person(value)
        return found

    def referral_for(self, child: str, on: date) -> str | None:
        """The child's latest referral started on or before ``on`` and not closed before it."""
        if self._referrals is None:
            self._referrals = {}
            for referral in self.staging.rows("referral"):
                self._referrals.setdefault(referral["child_id"], []).append(referral)
        best = None
        for referral in self._referrals.get(child, ()):
            closed = referral.get("closure_date")
            if referral["referral_date"] <= on and (closed is None or closed >= on):
                if best is None or referral["referral_date"] > best["referral_date"]:
                    best = referral
        return best["referral_id"] if best else None

    def read_list(self, found: ListSheet) -> None:
        annex_list, table = found.annex_list, found.annex_list.table
        headings = {f: " ".join(str(found.header[i]).split()) for f, i in found.taken.items()}
        prefix = f"List {annex_list.number} (sheet '{found.sheet.title}') row"
        header, taken = found.header, list(found.taken.items())
        readings = Readings()  # each distinct value of a column read once
        data = found.data()
        if data:  # every data row is read, then loaded or rejected below (a list with none counts nothing)
            self.batch.saw(table, len(data))
        for number, cells in data:
            ref = f"{prefix} {number}"
            if found.broken:
                self.batch.reject(table, ref, found.broken[0], "column", found.broken[1], _raw(header, cells))
                continue
            width = len(cells)
            row = SheetRow(annex_list, {f: cells[i] if i < width else None for f, i in taken}, headings, ref,
                           partial(_raw, header, cells), readings=readings)
            self.read_row(row, annex_list.number, table)

    def read_row(self, row: SheetRow, number: int, table: str) -> None:
        try:
            record, derived = BUILDERS[number](row, self)
        except RowError as err:
            self.batch.reject_error(table, row.ref, err, row.raw_text())
            return
        if not self.staging.stage(table, record, row.ref, number, lenient=row.lenient):
            return
        if number <= 10:  # the child's columns count only from a loaded row
            local = values.text(row.cells["child_id"])
            self.children.note_row(record["child_id"], local, row, child_values)  # the_child() of local
        for derived_table, derived_row in derived:
            self.batch.saw(derived_table)
            self.staging.stage(derived_table, derived_row, row.ref, number, merge_any=True)
        team, worker = self.person(row.cells.get("team")), self.person(row.cells.get("worker"))
        if team or worker:
            self.allocated.note(team, worker, row.ref)

    def finish(self) -> None:
        self.children.stage(self.batch)
        self.allocated.stage(self.batch)


def _raw(header: tuple | None, cells: tuple) -> str:
    parts = []
    for i, cell in enumerate(cells):
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            continue
        heading = " ".join(str(header[i]).split()) if header and i < len(header) and header[i] else f"column {i + 1}"
        shown = cell.date().isoformat() if isinstance(cell, datetime) else str(cell)
        parts.append(f"{heading}={shown}")
    return "; ".join(parts)


def read(path: Path, batch: Batch) -> None:
    with cycle_collector_paused():
        _read(Path(path), batch)


def _read(path: Path, batch: Batch) -> None:
    batch.format_description = DESCRIPTION
    sheets = _open(path)
    lists = [found for found in map(locate, sheets) if found is not None]
    if not lists:
        names = ", ".join(f"'{s.title}'" for s in sheets) or "none"
        raise SourceError(
            f"{path.name} is an Excel workbook but none of its sheets is an Annex A list (sheets: {names}). "
            "carepath knows a list by its sheet name (List 1 ... List 11, Contacts, Referrals ...) or by its "
            "headings (Child Unique ID and the list's dates). A local extract kept as a workbook (a legal "
            "department's care proceedings tracker) needs its heading row in a sheet's first 10 rows "
            "(docs/formats/local_extracts.md); nothing was loaded.")
    la_code = batch.set_la(None, "Annex A names no authority")
    title_cells = [cell for found in lists for cell in found.title_cells()]
    care_leavers = any(found.annex_list.number == 9 and found.data() for found in lists)
    as_at = settle_as_at(batch, title_cells, path.name, care_leavers)
    reader = _Reader(batch, la_code, as_at)
    for number in PROCESS_ORDER:
        for found in lists:
            if found.annex_list.number == number:
                reader.read_list(found)
    reader.finish()
    check_dates(batch, as_at)
