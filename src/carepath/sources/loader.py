"""Loading files into the store: detect the format, read into a Batch, write it atomically.

One file is one transaction: if anything goes wrong, the store is as it was. A file whose
SHA-256 is already recorded in ``load_batch`` is not loaded again. Every row read is either
loaded or rejected, and the counts are kept in ``load_batch``, ``load_count`` and ``reject``.

Rows are written as *versions* of their keys, each with its return year, and the canonical
rows are merged from them by return year (:mod:`carepath.model.versions`): the store does not
depend on the order of loading or on how the returns were split into files. ``unload_batch``
takes one load out again (``carepath unload``, ``load --replace``).

A load is two steps: :func:`stage` reads and checks a file without the store (so reader
processes can do it in parallel, :mod:`carepath.sources.parallel`), and :func:`write_staged`
writes it; :func:`load_file` does both for one file.
"""
from __future__ import annotations

import hashlib
import importlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import duckdb
import pyarrow as pa

from carepath.model import versions
from carepath.model.tables import BY_NAME, Table
from carepath.reference import known_authorities
from carepath.sources import findings
from carepath.sources.batch import ROW_YEAR, Batch, SourceError

# Readers in the order they are asked "is this file yours?"
READER_MODULES = (
    "carepath.sources.cin_census",
    "carepath.sources.ssda903_xml",
    "carepath.sources.ssda903_csv",
    "carepath.sources.local_extract_xlsx",  # before Annex A, which takes every other workbook
    "carepath.sources.annex_a",
    "carepath.sources.local_extract",
)

_ARROW_TYPES = {
    "VARCHAR": pa.string(), "DATE": pa.date32(), "INTEGER": pa.int32(), "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(), "VARCHAR[]": pa.list_(pa.string()), "TIMESTAMP": pa.timestamp("us"),
}
SKIPPED_NAMES = {"README.md", "README.txt", ".DS_Store", "Thumbs.db"}


class UnknownFormat(SourceError):
    """No reader recognises the file."""


def la_from_path(path: Path) -> str | None:
    """The authority the path names, if it names one: see :func:`la_clue`."""
    return la_clue(path)[0]


def la_clue(path: Path) -> tuple[str | None, str | None]:
    """The authority a path names (LA code or None), and what in it looked like one but is not.

    In this order: the nearest folder named with a 3-digit LA number (``returns/846/...``); the
    file's own folder named with an ONS code or an authority's name (``returns/Kent/...``); a
    single 3-digit number in the file's name (``annex_a_846_2025-01-20.xlsx``); an ONS code or an
    authority's whole name in it (``Annex A - Kent - 2025.xlsx``). A 3-digit number is taken only
    when it is a DfE LA number (or one of carepath synth's, 501 and up): a stray one (``123``) is
    said back to the user, who is asked for ``--la``.
    """
    stray = None
    for folder in path.parents:
        if re.fullmatch(r"\d{3}", folder.name):
            if known_authorities.known_code(folder.name):
                return folder.name, None
            stray = stray or f"the folder {folder.name}"
    if path.parent.name and not path.parent.name.isdigit():
        try:
            return known_authorities.resolve(path.parent.name)[0], None
        except known_authorities.UnknownAuthority:
            pass
    found = re.findall(r"(?<![0-9A-Za-z])([0-9]{3})(?![0-9A-Za-z])", path.stem)
    if len(found) == 1:
        if known_authorities.known_code(found[0]):
            return found[0], None
        stray = stray or f"the number {found[0]} in its name"
    words = re.findall(r"[A-Za-z0-9]+", path.stem)
    for word in words:
        if re.fullmatch(r"E(0[6-9]|10)\d{6}", word.upper()):
            try:
                return known_authorities.resolve(word)[0], None
            except known_authorities.UnknownAuthority:
                stray = stray or f"the ONS code {word} in its name"
    named = known_authorities.from_words([known_authorities.light(w) for w in words if not w.isdigit()])
    return (named, None) if named else (None, stray)


@dataclass
class LoadResult:
    path: Path
    format: str
    la_code: str | None
    status: str  # loaded | already loaded | failed
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    by_table: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    message: str = ""
    batch_id: int | None = None
    notes: list[str] = field(default_factory=list)
    field_issues: int = 0  # values set aside from loaded records (carepath status --issues)
    warnings: list[str] = field(default_factory=list)  # about the file as a whole: its year, its date

    @property
    def all_rejected(self) -> bool:
        """Rows were read and not one was loaded: the load failed, whatever was written."""
        return self.status == "loaded" and self.rows_read > 0 and self.rows_loaded == 0

    def summary(self) -> str:
        if self.status == "failed":
            return f"{self.path.name}: NOT LOADED. {self.message}"
        if self.status == "skipped":
            return f"{self.path.name}: skipped, not a file carepath reads"
        if self.status == "already loaded":
            return f"{self.path.name}: already loaded (batch {self.batch_id}); nothing changed"
        if self.rows_read == 0:
            return f"{self.path.name} ({self.format}): empty, it holds no rows (only a header); nothing to load"
        if self.all_rejected:
            return (f"{self.path.name}: NOTHING LOADED, every one of its {self.rows_read} rows was rejected "
                    f"({self.format}, LA {self.la_code}; load {self.batch_id} keeps the reasons: "
                    "carepath status --rejects)")
        plural = "s" if self.field_issues != 1 else ""
        issues = f"; {self.field_issues} field issue{plural}" if self.field_issues else ""
        return (f"{self.path.name} ({self.format}, LA {self.la_code}): read {self.rows_read}, "
                f"loaded {self.rows_loaded}, rejected {self.rows_rejected}{issues}")


def readers() -> list:
    """Every reader, all imported before any is used: one that cannot be imported is a broken
    installation, which stops every load, never a format quietly skipped."""
    found = []
    for name in READER_MODULES:
        try:
            found.append(importlib.import_module(name))
        except ImportError as exc:
            raise ImportError(f"carepath's reader {name} cannot be imported ({exc}): the installation is broken, "
                              "reinstall carepath") from exc
    return found


def detect(path: Path):
    with open(path, "rb") as handle:
        head = handle.read(8192)
    for reader in readers():
        if reader.detect(path, head):
            return reader
    formats = ", ".join(r.DESCRIPTION for r in readers())
    raise UnknownFormat(f"{path.name}: carepath does not recognise this file's format. It reads: {formats}.")


def expand(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named, and the files inside folders named (sorted, so loads are repeatable)."""
    for item in paths:
        item = Path(item)
        if item.is_dir():
            for child in sorted(p for p in item.rglob("*") if p.is_file()):
                if child.name not in SKIPPED_NAMES and not child.name.startswith((".", "~$")):
                    yield child
        else:
            yield item


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class Staged:
    """One file read and checked, ready to write: what :func:`stage` hands to :func:`write_staged`.

    It holds no connection, so a reader process can make it (``carepath load --jobs``): the rows
    travel as Arrow tables (one per table, with each row's return year), which pickle cheaply.
    """
    path: Path
    digest: str | None = None
    format: str = "unknown"
    batch: Batch | None = None
    tables: dict[str, tuple[pa.Table, list[str | None]]] = field(default_factory=dict)
    failed: str | None = None  # why the file cannot be loaded (nothing is written)
    known: bool = False  # its contents were already in the store when the load began: not read
    options: tuple = (None, None, None)  # la_code, return_year, as_at it was staged with


def stage(path: str | Path, la_code: str | None = None, return_year: str | None = None, as_at=None,
          known_digests: frozenset[str] = frozenset()) -> Staged:
    """Read and check one file without touching the store (a reader process can call it).

    A file whose SHA-256 is in ``known_digests`` (already loaded) is not read.
    """
    path = Path(path)
    staged = Staged(path, options=(la_code, return_year, as_at))
    try:
        if not path.exists():
            raise SourceError(f"{path} does not exist.")
        if path.stat().st_size == 0:
            raise SourceError(f"{path.name} is empty (0 bytes): there is nothing to load.")
        staged.digest = sha256(path)
        if staged.digest in known_digests:
            staged.known = True
            return staged
        reader = detect(path)
        hint, stray = la_clue(path.resolve())
        batch = Batch(path.name, la_code=la_code, return_year=return_year, la_hint=hint, la_stray=stray,
                      as_at=as_at)
        reader.read(path, batch)
        batch.finish()
    except SourceError as exc:
        staged.failed = str(exc)
        return staged
    staged.format, staged.batch = reader.FORMAT, batch
    problems = batch.unbalanced()
    if problems:  # a reader bug, never the user's: refuse rather than lose rows
        staged.failed = "internal error, rows unaccounted for: " + "; ".join(problems)
        return staged
    staged.tables = arrow_tables(batch)
    # the Arrow tables hold the rows now (less memory, and cheap to send between processes); the
    # duplicate check's index of every row and the date checks are done with
    batch.rows.clear()
    batch._refs.clear()
    batch.dating = None
    return staged


def load_file(con: duckdb.DuckDBPyConnection, path: str | Path, la_code: str | None = None,
              return_year: str | None = None, as_at=None, replace: bool = False,
              replace_before: int | None = None) -> LoadResult:
    """Load one file. With ``replace``, earlier loads of the same file (same path, or the same
    contents) are taken out in the same transaction; ``replace_before`` leaves loads from this
    batch id on alone (those of the same command)."""
    return write_staged(con, stage(path, la_code, return_year, as_at, frozenset() if replace else loaded_digests(con)),
                        la_code, replace, replace_before)


def loaded_digests(con: duckdb.DuckDBPyConnection) -> frozenset[str]:
    """The SHA-256 of every file in the store: files with these contents need not be read again."""
    return frozenset(r[0] for r in con.execute("SELECT file_sha256 FROM load_batch").fetchall())


def write_staged(con: duckdb.DuckDBPyConnection, staged: Staged, la_code: str | None = None,
                 replace: bool = False, replace_before: int | None = None) -> LoadResult:
    """Write a staged file in one transaction (or say why not): the store side of :func:`load_file`."""
    path, digest, batch = staged.path, staged.digest, staged.batch
    if staged.failed and batch is None:
        return LoadResult(path, "unknown", la_code, "failed", message=staged.failed)
    if staged.failed:
        return LoadResult(path, staged.format, batch.la_code, "failed", message=staged.failed)
    replaces = earlier_loads(con, path, digest, replace_before) if replace else []
    if not replace:  # already loaded, before this command or by an earlier file of it
        earlier = next(iter(con.execute("SELECT batch_id, format, la_code FROM load_batch WHERE file_sha256 = ?",
                                        [digest]).fetchall()), None)
        if earlier:
            return LoadResult(path, earlier[1], earlier[2], "already loaded", batch_id=earlier[0])
    if staged.known:  # was in the store when the load began, and has been unloaded since: read it now
        return write_staged(con, stage(path, *staged.options), la_code, replace, replace_before)
    batch_id = write(con, batch, path, digest, staged.format, [r[0] for r in replaces], staged.tables)
    notes = [f"replaced load {b} ({name}, LA {la}{', ' + year if year else ''})" for b, name, la, year in replaces]
    if replace and not replaces:
        notes.append("--replace: no earlier load of this file to replace")
    return LoadResult(path, staged.format, batch.la_code, "loaded", batch.rows_read, batch.rows_loaded,
                      batch.rows_rejected, {t: (c.read, c.loaded, c.rejected) for t, c in batch.counts.items()},
                      batch_id=batch_id, notes=notes + batch.notes, field_issues=len(batch.field_issues),
                      warnings=[message for _, message in batch.warnings])


def arrow_tables(batch: Batch) -> dict[str, tuple[pa.Table, list[str | None]]]:
    """A batch's staged rows as Arrow tables of their table's columns (``batch_id`` empty), with
    each row's return year (its own, else the file's single year); the implied children last."""
    default_year = single_year(batch.return_year)
    tables = {}
    for table_name, rows in batch.rows.items():
        if rows:
            tables[table_name] = (arrow_table(BY_NAME[table_name], rows),
                                  [row.get(ROW_YEAR) or default_year for row in rows])
    described = {row["child_id"] for row in batch.rows.get("child", [])}
    implied = [{"child_id": cid, "la_code": cid.partition("/")[0] or batch.la_code, "local_child_id": local}
               for cid, local in batch.implied_children.items() if cid not in described]
    if implied:
        tables[IMPLIED] = (arrow_table(BY_NAME["child"], implied), [default_year] * len(implied))
    return tables


IMPLIED = "implied child"  # the key of the implied children's table in :func:`arrow_tables`


def earlier_loads(con: duckdb.DuckDBPyConnection, path: Path, digest: str,
                  before: int | None = None) -> list[tuple[int, str, str, str | None]]:
    """Loads of the same file: the same path, or the same contents (batch id, file name, LA, year)."""
    return con.execute("SELECT batch_id, file_name, la_code, return_year FROM load_batch "
                       "WHERE (file_path = ? OR file_sha256 = ?) AND batch_id < ? ORDER BY batch_id",
                       [str(path.resolve()), digest, before or 2 ** 31 - 1]).fetchall()


def next_batch_id(con: duckdb.DuckDBPyConnection) -> int:
    """Batch ids are never reused, not even those of loads taken out again (``unload``)."""
    return con.execute("SELECT greatest((SELECT coalesce(max(batch_id), 0) FROM load_batch), "
                       "(SELECT coalesce(max(batch_id), 0) FROM unload)) + 1").fetchall()[0][0]


def write(con: duckdb.DuckDBPyConnection, batch: Batch, path: Path, digest: str, fmt: str,
          replaces: Iterable[int] = (), tables: dict | None = None) -> int:
    """Write a batch in one transaction, first taking out the loads (batch ids) it ``replaces``.

    ``tables`` are its rows as :func:`arrow_tables` made them (made here when not given). On any
    error the store is unchanged.
    """
    tables = arrow_tables(batch) if tables is None else tables
    con.execute("BEGIN TRANSACTION")
    try:
        batch_id = next_batch_id(con)
        for earlier in replaces:
            unload_batch(con, earlier, f"replaced by load --replace (batch {batch_id})")
        for table_name, (rows, years) in tables.items():
            table = BY_NAME["child" if table_name == IMPLIED else table_name]
            versions.add(con, table, with_batch_id(rows, batch_id), years, implied=table_name == IMPLIED)
        con.execute("INSERT INTO load_batch VALUES (?, ?, ?, ?, ?, ?, ?, now(), ?, ?, ?)",
                    [batch_id, batch.la_code, path.name, str(path.resolve()), digest, fmt, batch.return_year,
                     batch.rows_read, batch.rows_loaded, batch.rows_rejected])
        if batch.counts:
            con.executemany("INSERT INTO load_count VALUES (?, ?, ?, ?, ?)",
                            [[batch_id, t, c.read, c.loaded, c.rejected] for t, c in sorted(batch.counts.items())])
        if batch.rejects:
            rejects = pa.table({
                "batch_id": pa.array([batch_id] * len(batch.rejects), pa.int32()),
                "reject_no": pa.array(range(1, len(batch.rejects) + 1), pa.int32()),
                "file_name": [batch.file_name] * len(batch.rejects),
                "table_name": [r.table_name for r in batch.rejects],
                "row_ref": [r.row_ref for r in batch.rejects],
                "field": [r.field for r in batch.rejects],
                "rule": [r.rule for r in batch.rejects],
                "reason": [r.reason for r in batch.rejects],
                "raw": [None if r.raw is None else str(r.raw)[:2000] for r in batch.rejects],
            })
            con.register("staged_rejects", rejects)
            con.execute("INSERT INTO reject SELECT * FROM staged_rejects")
            con.unregister("staged_rejects")
        findings.store(con, batch, batch_id)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return batch_id


def single_year(text: str | None) -> str | None:
    """A batch's return year when it is one year (``2024-25``); None for none or several."""
    return text if text and re.fullmatch(r"\d{4}-\d{2}", text) else None


def unload_batch(con: duckdb.DuckDBPyConnection, batch_id: int, reason: str = "carepath unload") -> dict[str, int]:
    """Take one load out of the store (inside the caller's transaction): its rows, accounting and rejects.

    Each key it touched is rebuilt from what the other loads said (model/versions.py), so the store
    is as if it had never been loaded; the batch is recorded in ``unload`` and its id never reused.
    """
    found = con.execute("SELECT file_name, file_path, file_sha256, format, la_code, return_year, loaded_at, "
                        "rows_loaded FROM load_batch WHERE batch_id = ?", [batch_id]).fetchall()
    if not found:
        raise SourceError(f"There is no load {batch_id} in the store; `carepath status` lists the loads "
                          "with their ids.")
    removed = versions.remove_batch(con, batch_id)
    for table in ("reject", "field_issue", "load_warning", "load_count", "load_batch"):
        con.execute(f"DELETE FROM {table} WHERE batch_id = ?", [batch_id])
    name, file_path, digest, fmt, la, year, loaded_at, loaded = found[0]
    con.execute("INSERT INTO unload (batch_id, la_code, file_name, file_path, file_sha256, format, return_year, "
                "loaded_at, unloaded_at, rows_loaded, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, now(), ?, ?)",
                [batch_id, la, name, file_path, digest, fmt, year, loaded_at, loaded, reason])
    return removed


def unload(con: duckdb.DuckDBPyConnection, batch_id: int) -> dict[str, int]:
    """``carepath unload``: take one load out in its own transaction; the rows it had, by table."""
    con.execute("BEGIN TRANSACTION")
    try:
        removed = unload_batch(con, batch_id)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return removed


def with_batch_id(rows: pa.Table, batch_id: int) -> pa.Table:
    """The staged rows with their load's id."""
    at = rows.schema.get_field_index("batch_id")
    return rows.set_column(at, rows.schema.field(at), pa.array([batch_id] * rows.num_rows, rows.schema.field(at).type))


def arrow_table(table: Table, rows: list[dict]) -> pa.Table:
    return pa.table({c.name: pa.array([r.get(c.name) for r in rows], _ARROW_TYPES[c.type]) for c in table.columns})


def upsert(con: duckdb.DuckDBPyConnection, table: Table, rows: list[dict], batch_id: int,
           years: list[str | None] | None = None, implied: bool = False) -> None:
    """Write rows as versions of their keys, and rebuild those keys' canonical rows (model/versions.py).

    Versions merge by return year (``years``, one per row; none for files that state none) and then
    by load: non-empty values of a later year win, empty values never erase.
    """
    if not rows:
        return
    for row in rows:
        row["batch_id"] = batch_id
    versions.add(con, table, arrow_table(table, rows), list(years) if years is not None else [None] * len(rows),
                 implied=implied)
