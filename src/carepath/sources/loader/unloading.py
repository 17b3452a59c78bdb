"""Taking a load out of the store again (``carepath unload``, ``load --replace``)."""
from __future__ import annotations

import duckdb

from carepath.model import versions
from carepath.sources.batch import SourceError


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
