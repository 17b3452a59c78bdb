"""Writing a staged file to the store in one transaction, as versions of its rows' keys."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

import duckdb
import pyarrow as pa

from carepath.model import versions
from carepath.model.tables import BY_NAME, Table
from carepath.sources import findings
from carepath.sources.batch import Batch
from carepath.sources.loader.result import LoadResult
from carepath.sources.loader.staging import IMPLIED, Staged, arrow_tables, stage
from carepath.sources.loader.unloading import unload_batch
from carepath.sources.staged import arrow_table


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


def with_batch_id(rows: pa.Table, batch_id: int) -> pa.Table:
    """The staged rows with their load's id."""
    at = rows.schema.get_field_index("batch_id")
    kind = rows.schema.field(at).type
    return rows.set_column(at, rows.schema.field(at), pa.repeat(pa.scalar(batch_id, kind), rows.num_rows))


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
