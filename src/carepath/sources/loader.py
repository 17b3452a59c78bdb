"""Loading files into the store: detect the format, read into a Batch, write it atomically.

One file is one transaction: if anything goes wrong, the store is as it was. A file whose
SHA-256 is already recorded in ``load_batch`` is not loaded again. Every row read is either
loaded or rejected, and the counts are kept in ``load_batch``, ``load_count`` and ``reject``.
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

from carepath.model.tables import BY_NAME, Table
from carepath.sources import findings
from carepath.sources.batch import Batch, SourceError

# Readers in the order they are asked "is this file yours?"
READER_MODULES = (
    "carepath.sources.cin_census",
    "carepath.sources.ssda903_xml",
    "carepath.sources.ssda903_csv",
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
    """A 3-digit LA number the path gives: the nearest folder named like ``846``, else one ``_846_`` in the name."""
    for folder in path.parents:
        if re.fullmatch(r"\d{3}", folder.name):
            return folder.name
    found = re.findall(r"(?<![0-9A-Za-z])([0-9]{3})(?![0-9A-Za-z])", path.stem)
    return found[0] if len(found) == 1 else None


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

    def summary(self) -> str:
        if self.status == "failed":
            return f"{self.path.name}: NOT LOADED. {self.message}"
        if self.status == "skipped":
            return f"{self.path.name}: skipped, not a file carepath reads"
        if self.status == "already loaded":
            return f"{self.path.name}: already loaded (batch {self.batch_id}); nothing changed"
        if self.rows_read == 0:
            return f"{self.path.name} ({self.format}): empty, it holds no rows (only a header); nothing to load"
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


def load_file(con: duckdb.DuckDBPyConnection, path: str | Path, la_code: str | None = None,
              return_year: str | None = None, as_at=None) -> LoadResult:
    path = Path(path)
    try:
        if not path.exists():
            raise SourceError(f"{path} does not exist.")
        if path.stat().st_size == 0:
            raise SourceError(f"{path.name} is empty (0 bytes): there is nothing to load.")
        digest = sha256(path)
        earlier = next(iter(con.execute("SELECT batch_id, format, la_code FROM load_batch WHERE file_sha256 = ?",
                                        [digest]).fetchall()), None)
        if earlier:
            return LoadResult(path, earlier[1], earlier[2], "already loaded", batch_id=earlier[0])
        reader = detect(path)
        batch = Batch(path.name, la_code=la_code, return_year=return_year, la_hint=la_from_path(path.resolve()),
                      as_at=as_at)
        reader.read(path, batch)
        batch.finish()
    except SourceError as exc:
        return LoadResult(path, "unknown", la_code, "failed", message=str(exc))
    problems = batch.unbalanced()
    if problems:  # a reader bug, never the user's: refuse rather than lose rows
        return LoadResult(path, reader.FORMAT, batch.la_code, "failed",
                          message="internal error, rows unaccounted for: " + "; ".join(problems))
    batch_id = write(con, batch, path, digest, reader.FORMAT)
    return LoadResult(path, reader.FORMAT, batch.la_code, "loaded", batch.rows_read, batch.rows_loaded,
                      batch.rows_rejected, {t: (c.read, c.loaded, c.rejected) for t, c in batch.counts.items()},
                      batch_id=batch_id, notes=batch.notes, field_issues=len(batch.field_issues),
                      warnings=[message for _, message in batch.warnings])


def write(con: duckdb.DuckDBPyConnection, batch: Batch, path: Path, digest: str, fmt: str) -> int:
    """Write a batch in one transaction; on any error the store is unchanged."""
    con.execute("BEGIN TRANSACTION")
    try:
        batch_id = con.execute("SELECT coalesce(max(batch_id), 0) + 1 FROM load_batch").fetchall()[0][0]
        children = batch.rows.get("child", [])
        described = {row["child_id"] for row in children}
        implied = [{"child_id": cid, "la_code": cid.partition("/")[0] or batch.la_code, "local_child_id": local}
                   for cid, local in batch.implied_children.items() if cid not in described]
        for table_name, rows in batch.rows.items():
            upsert(con, BY_NAME[table_name], rows, batch_id)
        upsert(con, BY_NAME["child"], implied, batch_id, keep_batch=True)
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


def arrow_table(table: Table, rows: list[dict]) -> pa.Table:
    return pa.table({c.name: pa.array([r.get(c.name) for r in rows], _ARROW_TYPES[c.type]) for c in table.columns})


def upsert(con: duckdb.DuckDBPyConnection, table: Table, rows: list[dict], batch_id: int,
           keep_batch: bool = False) -> None:
    """Insert rows, merging into existing rows with the same key: new non-empty values win."""
    if not rows:
        return
    for row in rows:
        if not keep_batch or row.get("batch_id") is None:
            row["batch_id"] = batch_id
    con.register("staged_rows", arrow_table(table, rows))
    on = " AND ".join(f"t.{k} = s.{k}" for k in table.key)
    merged = ", ".join(
        f"s.{c} AS {c}" if c in table.key else f"coalesce(s.{c}, t.{c}) AS {c}" for c in table.column_names)
    if keep_batch:  # rows implied by other records must not take over an existing child
        merged = merged.replace("coalesce(s.batch_id, t.batch_id)", "coalesce(t.batch_id, s.batch_id)")
    con.execute(f"CREATE OR REPLACE TEMP TABLE merged_rows AS SELECT {merged} "
                f"FROM staged_rows s LEFT JOIN {table.name} t ON {on}")
    con.execute(f"DELETE FROM {table.name} t WHERE EXISTS (SELECT 1 FROM staged_rows s WHERE {on})")
    con.execute(f"INSERT INTO {table.name} BY NAME SELECT * FROM merged_rows")
    con.execute("DROP TABLE merged_rows")
    con.unregister("staged_rows")
