"""The row accounting of one file's load: rows staged for each table, rows rejected, field issues.

Readers count what they read (``saw``), then either ``add`` a row or ``reject`` it with the
field, the rule and a reason a performance officer can act on. (A reader that checks whole
columns stages what passes with ``add_block``; one that keeps its rows itself, as tuples, has
each checked and counted with ``claim`` and stages them with ``stage_block`` at the end.) The loader checks that rows
read = rows loaded + rows rejected for every table before anything is written.

**Reject the field, not the record.** A record is rejected only when what identifies it (its
key) or dates it (its start and end) is unusable. A value the record can live without (an
unknown code in a descriptive column, an implausible expected birth date, a flag that is not
yes/no, a value that conflicts between two lists) is read through a :class:`Lenient`: the field
is set aside (stored empty), the record loads, and a :class:`FieldIssue` (file, row, field,
value, rule, reason) is kept in the store's ``field_issue`` table, shown by
``carepath status --issues``. A row with field issues is a loaded row.

**Warnings** (``Batch.warn``) are about the file as a whole: its stated return year disagrees
with the dates in it, or the date it is "as at" was not in the file. They are printed in the
load summary and kept in ``load_warning``.
"""
from __future__ import annotations

import gc
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from carepath.errors import CarepathError
from carepath.model.tables import BY_NAME
from carepath.reference import known_authorities
from carepath.sources.dating import DateCheck
from carepath.sources.keyindex import KeyIndex
from carepath.sources.staged import ROW_YEAR, Block, StagedRows


_PLANS: dict[str, tuple[tuple[str, ...], bool]] = {}  # table -> (its key columns, whether it has la_code)


def _plan(table: str) -> tuple[tuple[str, ...], bool]:
    spec = BY_NAME[table]
    _PLANS[table] = plan = (spec.key, "la_code" in spec.column_names)
    return plan


class SourceError(CarepathError):
    """The whole file cannot be loaded (unknown format, malformed XML, wrong encoding...)."""


class RowError(Exception):
    """One row cannot be loaded: which field, which rule, and why."""

    def __init__(self, field: str, rule: str, reason: str, value=None):
        super().__init__(reason)
        self.field, self.rule, self.reason, self.value = field, rule, reason, value


@dataclass
class FieldIssue:
    """One value set aside from a loaded record: the record is kept with this field empty."""
    table_name: str
    row_ref: str
    record_key: str
    field: str
    value: str | None
    rule: str
    reason: str
    child_id: str | None = None


class Lenient:
    """Reads the fields of one record that it can live without, keeping what cannot be read aside.

    ``soft(parse, value, field, ...)`` calls ``parse(value, field, ...)``; when it raises
    :class:`RowError` the field is None and the error is kept. :meth:`Batch.add` stores the kept
    errors as field issues when the record loads (a rejected record has its reject instead).
    """

    def __init__(self):
        self.issues: list[RowError] = []

    def __call__(self, parse, value, field: str, *args, **kwargs):
        try:
            return parse(value, field, *args, **kwargs)
        except RowError as err:
            self.note(err, value)
            return None

    def each(self, parse, values, field: str, *args, **kwargs) -> list:
        """Each of a list of values (disabilities, assessment factors): the unreadable ones left out."""
        found = [self(parse, value, field, *args, **kwargs) for value in values]
        return [value for value in found if value is not None]

    def note(self, err: RowError, value=None) -> None:
        if err.value is None and value is not None:
            err.value = value
        self.issues.append(err)


@dataclass
class Reject:
    table_name: str
    row_ref: str
    field: str
    rule: str
    reason: str
    raw: str | None


@dataclass
class TableCount:
    read: int = 0
    loaded: int = 0
    rejected: int = 0


class Batch:
    def __init__(self, file_name: str, la_code: str | None = None, return_year: str | None = None,
                 la_hint: str | None = None, la_stray: str | None = None, as_at=None):
        self.file_name = file_name
        self.notes: list[str] = []
        self.la_code = self.authority(la_code, "--la") if la_code else None
        self.la_hint = la_hint  # from a folder named 846/ or a file named ..._846_...: used only if nothing else says
        self.la_stray = la_stray  # what in the path looked like an LA but is not one ("the number 123 in its name")
        self.return_year = return_year
        self.format_description = ""
        self.rows: dict[str, StagedRows] = defaultdict(StagedRows)
        self.rejects: list[Reject] = []
        self.counts: dict[str, TableCount] = defaultdict(TableCount)
        self._refs: dict[str, KeyIndex] = defaultdict(KeyIndex)  # the duplicate check's, per table
        self.implied_children: dict[str, str] = {}
        self.field_issues: list[FieldIssue] = []
        self.warnings: list[tuple[str, str]] = []  # (kind, message): about the file as a whole
        self.as_at = as_at  # --as-at: the date a snapshot (Annex A) is as at, when the file does not say
        self.rejected_children: dict[str, tuple[str, str]] = {}  # child id -> (where, why)
        self.dating = DateCheck()

    # -- the authority the file belongs to ------------------------------------------------
    def authority(self, text: str, where: str) -> str:
        """The 3-digit LA number ``text`` (a code, an ONS code or a name) stands for; noted when it was not the code."""
        try:
            code, note = known_authorities.resolve(text)
        except known_authorities.UnknownAuthority as exc:
            raise SourceError(f"{self.file_name}: {exc} ({where}). Nothing was loaded.") from None
        if note and note not in self.notes:
            self.notes.append(note)
        return code

    def set_la(self, found: str | None, where: str) -> str:
        """Settle the LA code from the file (``found``: a code, ONS code or name) and the --la option; return it."""
        found = (found or "").strip() or None
        if found:
            found = self.authority(found, where)
        if found and self.la_code and found != self.la_code:
            raise SourceError(
                f"{self.file_name} says it is from LA {found} ({where}), but --la {self.la_code} was given. "
                "Check you have the right file, or drop --la."
            )
        self.la_code = self.la_code or found
        if not self.la_code and self.la_hint:
            self.la_code = self.la_hint
            self.notes.append(f"LA {self.la_hint} taken from the file's path (the file itself does not say)")
        if not self.la_code:
            stray = (f" ({self.la_stray} is not a DfE LA number, so it was not used)" if self.la_stray else "")
            raise SourceError(
                f"{self.file_name} does not say which local authority it is from{stray}. "
                "Pass --la with the 3-digit DfE LA number (for example --la 846)."
            )
        return self.la_code

    # -- accounting -------------------------------------------------------------------------
    def saw(self, table: str, n: int = 1) -> None:
        self.counts[table].read += n

    def add(self, table: str, row: dict, ref: str, lenient: Lenient | None = None, year: str | None = None) -> bool:
        """Stage a row; a second row with the same key (and return year) in this file is rejected as a duplicate.

        ``lenient`` holds the fields set aside while the row was built: they become field issues
        when the row is staged. ``year`` is the row's own return year where the file holds several
        (a YEAR column): the same episode in two years of one file is two versions of it, merged by
        year (model/versions.py).
        """
        keys, has_la = _PLANS.get(table) or _plan(table)
        key = (row.get(keys[0]),) if len(keys) == 1 else tuple(map(row.get, keys))
        if not self._first_of_key(table, keys, key, key + (year,), ref):
            return False
        if has_la and row.get("la_code") is None:
            row["la_code"] = self.la_code
        if year is not None:
            row[ROW_YEAR] = year  # kept with the row (not a column): the loader orders versions by it
        staged = self.rows[table]
        if staged._tail is None:
            staged.append(row)
        else:
            staged._tail.append(row)  # what staged.append(row) does, without the call
        self.counts[table].loaded += 1
        if lenient is not None and lenient.issues:
            self._set_aside(table, ref, lenient, key, row.get("child_id"))
        return True

    def claim(self, table: str, key: tuple, ref: str, lenient: Lenient | None = None,
              child_id: str | None = None) -> bool:
        """:meth:`add`'s duplicate check, count and field issues for a row the reader keeps itself (the
        CIN census keeps tuples and stages them as one block at the end, :meth:`stage_block`).

        ``key`` is the row's key (the table's key columns' values), ``child_id`` its child's id; the
        row has no year of its own. False (and the row rejected as a duplicate) when its key repeats
        an earlier row's, as :meth:`add` does.
        """
        if not self._first_of_key(table, BY_NAME[table].key, key, key + (None,), ref):
            return False
        self.counts[table].loaded += 1
        if lenient is not None and lenient.issues:
            self._set_aside(table, ref, lenient, key, child_id)
        return True

    def _first_of_key(self, table: str, keys: tuple[str, ...], key: tuple, full: tuple, ref: str) -> bool:
        """Whether ``full`` (the key and the row's year) is new to the table, and kept as staged at
        ``ref``; else the row is rejected as a duplicate, naming the first."""
        first = self._refs[table].claim(full, ref)
        if first is None:
            return True
        self.reject(table, ref, "+".join(keys), "duplicate",
                    f"same {table.replace('_', ' ')} as {first} ({', '.join(map(str, key))}); the first was kept")
        return False

    def _set_aside(self, table: str, ref: str, lenient: Lenient, key: tuple, child_id: str | None) -> None:
        """The values ``lenient`` set aside from a staged row, as field issues."""
        for err in lenient.issues:
            self.field_issue(table, ref, err, key, child_id)
        lenient.issues.clear()

    def stage_block(self, table: str, rows: pa.Table) -> None:
        """Stage, in file order, rows each already counted by :meth:`claim` (their la_code filled in)."""
        self.rows[table].append_block(Block(rows))

    def add_block(self, table: str, rows: pa.Table, refs: list[str], years: list[str | None] | None = None,
                  raw=None) -> list[int]:
        """Stage rows that passed every check column by column, as :meth:`add` stages them one by one.

        They have no field issues (a row with one is read on its own). A row whose key (and
        year) repeats an earlier row of the file is rejected as a duplicate naming the first, in
        file order; the positions of the rows staged are returned. ``refs`` say where each row is;
        ``raw(position)``, if given, what a duplicate said.
        """
        spec = BY_NAME[table]
        kept, repeats = self._refs[table].add_block([rows.column(k) for k in spec.key], years, refs)
        for at, key, first in repeats:
            self.reject(table, refs[at], "+".join(spec.key), "duplicate",
                        f"same {table.replace('_', ' ')} as {first} ({', '.join(map(str, key[:-1]))}); "
                        "the first was kept", None if raw is None else raw(at))
        if len(kept) < rows.num_rows:
            rows = rows.take(pa.array(kept, pa.int64()))
        if "la_code" in spec.column_names and self.la_code is not None:
            found = rows.column("la_code") if "la_code" in rows.column_names else pa.nulls(rows.num_rows, pa.string())
            if found.null_count:
                filled = pc.fill_null(found, self.la_code)
                rows = (rows.set_column(rows.column_names.index("la_code"), "la_code", filled)
                        if "la_code" in rows.column_names else rows.append_column("la_code", filled))
        if years is not None and len(kept) < len(years):
            years = [years[at] for at in kept]
        self.rows[table].append_block(Block(rows, years))
        self.counts[table].loaded += len(kept)
        return kept

    def field_issue(self, table: str, ref: str, err: RowError, key=None, child_id: str | None = None) -> None:
        """Keep a value set aside from a loaded record of ``table``."""
        if key is None:
            key = ()
        record_key = "/".join(str(k) for k in (key if isinstance(key, tuple) else (key,)) if k is not None)
        value = err.value
        if value is not None and not isinstance(value, str):
            value = value.isoformat() if hasattr(value, "isoformat") else str(value)
        self.field_issues.append(FieldIssue(table, ref, record_key, err.field, value, err.rule, err.reason, child_id))

    def warn(self, kind: str, message: str) -> None:
        """A warning about the file as a whole (its year, its date), printed and kept with the batch."""
        if (kind, message) not in self.warnings:
            self.warnings.append((kind, message))

    def reject(self, table: str, ref: str, field: str, rule: str, reason: str, raw: str | None = None,
               child: str | None = None) -> None:
        """Reject a row; ``child`` names the child id of a rejected *child* record (see :meth:`finish`)."""
        self.rejects.append(Reject(table, ref, field, rule, reason, raw))
        self.counts[table].rejected += 1
        if table == "child" and child is not None and rule != "duplicate":
            self.rejected_children.setdefault(child, (ref, reason))

    def reject_error(self, table: str, ref: str, error: RowError, raw: str | None = None,
                     child: str | None = None) -> None:
        self.reject(table, ref, error.field, error.rule, error.reason, raw, child)

    def check_dates(self, table: str, ref: str, row: dict, stated: str | None, last_day, first_day=None) -> None:
        """Check a staged row's dates against the return year (or as-at date) the file states."""
        self.dating.row(table, ref, row, stated, last_day, first_day)

    def finish(self) -> None:
        """Settle the file once it is read: rejected children and their records; year warnings.

        The child table and the reject log agree: a child rejected in this file (one whose record
        names it but cannot be loaded, not a duplicate) gets no child row from any other part of
        the file, and every record of it staged from another part is rejected too ("its child was
        rejected: ..."), so that no half-empty child row is left behind.
        """
        described = set(self.rows["child"].values("child_id")) if "child" in self.rows else set()
        gone = set(self.rejected_children) - described  # a child that also loaded: the reject was a second copy
        for child_id in gone:
            self.implied_children.pop(child_id, None)
        if gone:
            for table, rows in list(self.rows.items()):
                if table != "child":
                    self.rows[table] = self._without(table, rows, gone)
            self.field_issues = [i for i in self.field_issues if i.child_id not in gone]
        for message in self.dating.warnings():
            self.warn("year", message)

    def _without(self, table: str, rows: StagedRows, gone: set[str]) -> StagedRows:
        """A table's staged rows less those of rejected children, each of which is rejected (in file order)."""
        kept = StagedRows()
        for part in rows.parts:
            if isinstance(part, Block):
                if "child_id" not in part.rows.column_names:
                    kept.append_block(part)
                    continue
                out = pc.is_in(part.rows.column("child_id"), value_set=pa.array(sorted(gone), pa.string()))
                out = pc.fill_null(out, False).to_pylist()
                for at in (i for i, flag in enumerate(out) if flag):
                    self._parent_gone(table, part.row(at))
                stays = [i for i, flag in enumerate(out) if not flag]
                kept.append_block(Block(part.rows.take(pa.array(stays, pa.int64())),
                                        None if part.years is None else [part.years[i] for i in stays]))
                continue
            for row in part:
                if row.get("child_id") in gone:
                    self._parent_gone(table, row)
                else:
                    kept.append(row)
        return kept

    def _parent_gone(self, table: str, row: dict) -> None:
        ref, reason = self.rejected_children[row["child_id"]]
        self.counts[table].loaded -= 1
        self.reject(table, self.ref_of(table, row), "child", "parent", f"its child was rejected ({ref}): {reason}")

    def ref_of(self, table: str, row: dict) -> str:
        """Where in the file a staged row came from (as it was staged)."""
        key = tuple(row.get(k) for k in BY_NAME[table].key) + (row.get(ROW_YEAR),)
        return self._refs[table].get(key) or "(row)"

    def imply_child(self, child_id: str, local_child_id: str) -> None:
        """A record names a child this file does not describe: make sure the child exists."""
        self.implied_children.setdefault(child_id, local_child_id)

    def imply_children(self, pairs: list[tuple[str, str]]) -> None:
        """:meth:`imply_child` of each (child id, local id), in order."""
        if not self.implied_children:
            self.implied_children.update(pairs)  # the first of the file: each id once (first_of_each)
            return
        known = self.implied_children.setdefault
        for child_id, local_child_id in pairs:
            known(child_id, local_child_id)

    @property
    def rows_read(self) -> int:
        return sum(c.read for c in self.counts.values())

    @property
    def rows_loaded(self) -> int:
        return sum(c.loaded for c in self.counts.values())

    @property
    def rows_rejected(self) -> int:
        return sum(c.rejected for c in self.counts.values())

    def unbalanced(self) -> list[str]:
        return [f"{t}: read {c.read}, loaded {c.loaded}, rejected {c.rejected}"
                for t, c in self.counts.items() if c.read != c.loaded + c.rejected]


@contextmanager
def cycle_collector_paused():
    """Python's cycle collector paused while a reader reads a file, as it was before afterwards (also after
    an error; a caller that had paused it keeps it paused). The CIN census and Annex A readers make
    and keep hundreds of thousands of small objects (records, cells) and no reference cycles of their
    own: each full collection walked them all again, a fifth to a quarter of the read's CPU.
    Reference counting still frees everything else as the read goes."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
