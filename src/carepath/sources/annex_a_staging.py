"""Staging Annex A records into a Batch when several lists describe the same thing.

Lists overlap: List 3 and List 6 describe the same CIN episode (referral) when the CIN start
date is the referral date; one child appears in many lists; one visit, team or worker can be
named on many rows. :class:`Staging` merges a record into the one already staged from another
list (its empty fields filled in, the row counted as loaded); the same key twice in one list is a
duplicate and is rejected by :meth:`Batch.add`. :class:`Children` gathers each child's columns
from every row it appears on into one ``child`` row, and :class:`Allocated` gathers the teams
and workers named in the Allocated Team / Worker columns into ``org_unit`` and ``worker`` rows.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from carepath.model.ids import join
from carepath.model.tables import BY_NAME
from carepath.sources.batch import Batch, Lenient, RowError


_KEYS: dict[str, tuple] = {}  # table -> its key's columns


@dataclass
class Staged:
    row: dict
    list_number: int
    ref: str


class Staging:
    def __init__(self, batch: Batch):
        self.batch = batch
        self.staged: dict[tuple, Staged] = {}

    def stage(self, table: str, row: dict, ref: str, list_number: int, merge_any: bool = False,
              lenient: Lenient | None = None) -> bool:
        """Stage ``row``; merge it into a record already staged from another list (or from any
        row when ``merge_any``, for records that several rows may name, such as one visit).
        ``lenient`` holds the cells set aside from the row: field issues once it is staged."""
        names = _KEYS.get(table)
        if names is None:
            names = _KEYS[table] = BY_NAME[table].key
        key = (table, *[row.get(k) for k in names])
        earlier = self.staged.get(key)
        if earlier is not None and (merge_any or earlier.list_number != list_number):
            for name, value in row.items():
                current = earlier.row.get(name)
                if value is not None and current is not None and value != current:
                    self.batch.reject(table, ref, name, "conflict",
                                      f"{name.replace('_', ' ')} is {_shown(value)} here but {_shown(current)} "
                                      f"at {earlier.ref}, for the same {table.replace('_', ' ')}")
                    return False
            for name, value in row.items():
                if value is not None and earlier.row.get(name) is None:
                    earlier.row[name] = value
            self.batch.counts[table].loaded += 1
            for err in (lenient.issues if lenient else ()):
                self.batch.field_issue(table, ref, err, key[1:], row.get("child_id"))
            return True
        if not self.batch.add(table, row, ref, lenient):
            return False
        self.staged[key] = Staged(row, list_number, ref)
        return True

    def rows(self, table: str) -> list[dict]:
        return self.batch.rows.get(table, [])


def _shown(value) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else repr(value) if isinstance(value, str) else str(value)


@dataclass
class _Child:
    local_id: str
    ref: str
    row: dict
    found_at: dict = field(default_factory=dict)
    conflicted: set = field(default_factory=set)  # fields set aside because two rows disagree
    issues: list = field(default_factory=list)  # (ref, RowError)


_CHILD_COLUMNS = ("sex", "ethnicity", "dob", "uasc")


class Children:
    """One ``child`` row per Child Unique ID, from its columns on every *loaded* row that names it.

    A child named only on rows that were rejected gets no child row, so the child table and the
    reject log agree. A child's Gender, Ethnicity and Date of Birth must agree wherever it
    appears: a value that cannot be read is set aside (a field issue on that row), and a value
    that differs from another row's sets the field aside for the child (empty, a field issue
    naming both rows); the child and all its records still load. UASC is true if any list says
    Yes."""

    def __init__(self):
        self.children: dict[str, _Child] = {}
        self._noted: set[tuple] = set()  # (child, its cells) already noted from a row with none unreadable

    def note_row(self, child_id: str, local_id: str, sheet_row, read_values) -> None:
        """:meth:`note` of the child's columns on ``sheet_row`` (``read_values(sheet_row)`` reads
        them). A child seen again with exactly the cells of an earlier row that had none
        unreadable is not read again: noting the same values twice changes nothing (a value is
        kept, equal, or already set aside for the child)."""
        cells = sheet_row.cells
        key = (child_id, "uasc" in cells, *[(type(cells.get(n)), cells.get(n)) for n in _CHILD_COLUMNS])
        try:
            if key in self._noted:
                return
        except TypeError:  # a cell that cannot be a key: read every time
            key = None
        found, unreadable = read_values(sheet_row)
        self.note(child_id, local_id, sheet_row, found, unreadable)
        if key is not None and not unreadable:
            self._noted.add(key)

    def note(self, child_id: str, local_id: str, sheet_row, values: dict,
             unreadable: list[tuple[str, RowError]] = ()) -> None:
        child = self.children.get(child_id)
        if child is None:
            child = self.children[child_id] = _Child(local_id, sheet_row.ref,
                                                     {"child_id": child_id, "local_child_id": local_id})
        for name, error in unreadable:
            child.issues.append((sheet_row.ref, error))
        for name, value in values.items():
            if value is None or name in child.conflicted:
                continue
            if name == "uasc":
                child.row["uasc"] = bool(child.row.get("uasc")) or value
                continue
            current = child.row.get(name)
            if current is None:
                child.row[name] = value
                child.found_at[name] = sheet_row.ref
            elif current != value:
                heading = sheet_row.heading(name)
                child.issues.append((sheet_row.ref, RowError(
                    heading, "conflict", f"{heading} is {_shown(value)} here but {_shown(current)} at "
                                         f"{child.found_at[name]}, for the same child; set aside for the child",
                    _shown(value))))
                child.row[name] = None
                child.conflicted.add(name)

    def stage(self, batch: Batch) -> None:
        for child_id, child in self.children.items():
            batch.saw("child")
            if batch.add("child", child.row, child.ref):
                for ref, error in child.issues:
                    batch.field_issue("child", ref, error, child_id, child_id)


class Allocated:
    """Teams and workers named in the Allocated Team / Allocated Worker columns.

    Annex A names them by whatever text the authority's system exports (a name or a code); the
    text, qualified by the LA number, is the id (``846/Assessment Team 1``), so where it is the
    code the local extracts use, the two join. A worker named with one team on every row gets
    that team; a worker named with different teams gets none (a worker can hold cases in two
    teams' lists). No ``allocation`` row is written: Annex A says who holds the case on the day
    the list was made, not since when, and an allocation needs its start date."""

    def __init__(self, la_code: str):
        self.la_code = la_code
        self.teams: dict[str, tuple[str, str]] = {}
        self.workers: dict[str, dict] = {}

    def note(self, team: str | None, worker: str | None, ref: str) -> None:
        team_id = join(self.la_code, team) if team else None
        if team_id and team_id not in self.teams:
            self.teams[team_id] = (team, ref)
        if worker:
            worker_id = join(self.la_code, worker)
            entry = self.workers.setdefault(worker_id, {"name": worker, "ref": ref, "teams": set()})
            entry["teams"].add(team_id)

    def stage(self, batch: Batch) -> None:
        for team_id, (name, ref) in self.teams.items():
            batch.saw("org_unit")
            batch.add("org_unit", {"team_id": team_id, "team_name": name}, ref)
        for worker_id, entry in self.workers.items():
            teams = entry["teams"] - {None}
            batch.saw("worker")
            batch.add("worker", {"worker_id": worker_id, "worker_name": entry["name"],
                                 "team_id": next(iter(teams)) if len(teams) == 1 else None}, entry["ref"])
