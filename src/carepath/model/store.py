"""Opening the store: one DuckDB file, created and migrated to the current schema version.

The schema is declared in :mod:`carepath.model.tables`. A new store gets every table; an older
store is brought up to date by adding what is missing (new tables and new columns) and by the
numbered migrations in ``MIGRATIONS`` for anything that adding cannot express.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import duckdb

from carepath.errors import CarepathError
from carepath.model.tables import TABLES

SCHEMA_VERSION = 1

# version -> (description, function(con)); run in order for stores below that version,
# after missing tables and columns have been added.
MIGRATIONS: dict[int, tuple[str, Callable[[duckdb.DuckDBPyConnection], None]]] = {
    1: ("initial canonical schema", lambda con: None),
}


class StoreError(CarepathError):
    """A store that cannot be opened or migrated; the message says what to do."""


def connect(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    path = Path(path)
    if read_only and not path.exists():
        raise StoreError(f"No store at {path}. Load some data first (carepath load ...) or pass --store.")
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        raise StoreError(f"Cannot open the store {path}: {exc}. Is another carepath process using it?") from exc
    except duckdb.Error as exc:
        raise StoreError(f"{path} is not a carepath store (DuckDB could not read it: {exc}).") from exc
    if not read_only:
        migrate(con)
    return con


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchall()[0][0]
    if not exists:
        return 0
    return con.execute("SELECT max(version) FROM schema_version").fetchall()[0][0] or 0


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Bring the store to SCHEMA_VERSION; returns the version it was at before."""
    before = schema_version(con)
    if before > SCHEMA_VERSION:
        raise StoreError(
            f"This store has schema version {before}, newer than this carepath ({SCHEMA_VERSION}). Upgrade carepath."
        )
    if before == SCHEMA_VERSION:
        return before
    con.execute("BEGIN")
    try:
        con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER, description VARCHAR, applied_at TIMESTAMP)")
        for table in TABLES:
            con.execute(table.ddl())
            have = {r[0] for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table.name]
            ).fetchall()}
            for column in table.columns:
                if column.name not in have:
                    con.execute(f"ALTER TABLE {table.name} ADD COLUMN {column.name} {column.type}")
        for version in range(before + 1, SCHEMA_VERSION + 1):
            description, step = MIGRATIONS[version]
            step(con)
            con.execute("INSERT INTO schema_version VALUES (?, ?, now())", [version, description])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return before
