"""The row accounting of one file's load: rows staged for each table, and rows rejected.

Readers count what they read (``saw``), then either ``add`` a row or ``reject`` it with the
field, the rule and a reason a performance officer can act on. The loader checks that rows
read = rows loaded + rows rejected for every table before anything is written.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from carepath.errors import CarepathError
from carepath.model.tables import BY_NAME
from carepath.reference import known_authorities


ROW_YEAR = "_return_year"  # a staged row's own return year, where its file holds several


class SourceError(CarepathError):
    """The whole file cannot be loaded (unknown format, malformed XML, wrong encoding...)."""


class RowError(Exception):
    """One row cannot be loaded: which field, which rule, and why."""

    def __init__(self, field: str, rule: str, reason: str):
        super().__init__(reason)
        self.field, self.rule, self.reason = field, rule, reason


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
                 la_hint: str | None = None, la_stray: str | None = None):
        self.file_name = file_name
        self.notes: list[str] = []
        self.la_code = self.authority(la_code, "--la") if la_code else None
        self.la_hint = la_hint  # from a folder named 846/ or a file named ..._846_...: used only if nothing else says
        self.la_stray = la_stray  # what in the path looked like an LA but is not one ("the number 123 in its name")
        self.return_year = return_year
        self.format_description = ""
        self.rows: dict[str, list[dict]] = defaultdict(list)
        self.rejects: list[Reject] = []
        self.counts: dict[str, TableCount] = defaultdict(TableCount)
        self._refs: dict[str, dict[tuple, str]] = defaultdict(dict)
        self.implied_children: dict[str, str] = {}

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

    def add(self, table: str, row: dict, ref: str, year: str | None = None) -> bool:
        """Stage a row; a second row with the same key (and return year) in this file is rejected as a duplicate.

        ``year`` is the row's own return year where the file holds several (a YEAR column): the same
        episode in two years of one file is two versions of it, merged by year (model/versions.py).
        """
        spec = BY_NAME[table]
        key = tuple(row.get(k) for k in spec.key)
        first = self._refs[table].get(key + (year,))
        if first is not None:
            self.reject(table, ref, "+".join(spec.key), "duplicate",
                        f"same {table.replace('_', ' ')} as {first} ({', '.join(map(str, key))}); the first was kept")
            return False
        self._refs[table][key + (year,)] = ref
        if "la_code" in spec.column_names and row.get("la_code") is None:
            row["la_code"] = self.la_code
        if year is not None:
            row[ROW_YEAR] = year  # kept with the row (not a column): the loader orders versions by it
        self.rows[table].append(row)
        self.counts[table].loaded += 1
        return True

    def reject(self, table: str, ref: str, field: str, rule: str, reason: str, raw: str | None = None) -> None:
        self.rejects.append(Reject(table, ref, field, rule, reason, raw))
        self.counts[table].rejected += 1

    def reject_error(self, table: str, ref: str, error: RowError, raw: str | None = None) -> None:
        self.reject(table, ref, error.field, error.rule, error.reason, raw)

    def imply_child(self, child_id: str, local_child_id: str) -> None:
        """A record names a child this file does not describe: make sure the child exists."""
        self.implied_children.setdefault(child_id, local_child_id)

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
