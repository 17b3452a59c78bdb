"""Opening the store: one DuckDB file, created and migrated to the current schema version.

The schema is declared in :mod:`carepath.model.tables`. A new store gets every table; an older
store is brought up to date by adding what is missing (new tables and new columns: checked every
time the store is opened for writing, whatever its version) and by the numbered migrations in
``MIGRATIONS`` for anything that adding cannot express. Rows are always written by column name,
so a column added to an existing table at its end lands where it should.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import duckdb

from carepath.errors import CarepathError
from carepath.model import versions
from carepath.model.tables import TABLES

SCHEMA_VERSION = 2

# version -> (description, function(con)); run in order for stores below that version,
# after missing tables and columns have been added.
MIGRATIONS: dict[int, tuple[str, Callable[[duckdb.DuckDBPyConnection], None]]] = {
    1: ("initial canonical schema", lambda con: None),
    2: ("keep what each load said per key (<table>_loaded), so the store does not depend on load order",
        versions.keep_existing_rows),
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
    have: dict[str, set[str]] = {}
    for table_name, column_name in con.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main'").fetchall():
        have.setdefault(table_name, set()).add(column_name)
    missing = [(t, c) for t in TABLES for c in t.columns if c.name not in have.get(t.name, set())]
    missing += [(t, c) for t in versions.versioned() for c in t.columns
                if c.name not in have.get(versions.name(t), set())]
    if before == SCHEMA_VERSION and not missing:
        return before
    con.execute("BEGIN")
    try:
        con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER, description VARCHAR, applied_at TIMESTAMP)")
        # tables and columns declared since the store was made are added whatever its version
        for table in TABLES:
            if table.name not in have:
                con.execute(table.ddl())
            else:
                for column in table.columns:
                    if column.name not in have[table.name]:
                        con.execute(f"ALTER TABLE {table.name} ADD COLUMN {column.name} {column.type}")
        versions.create_sequence(con)
        for table in versions.versioned():  # what each load said (model/versions.py)
            if versions.name(table) not in have:
                con.execute(versions.ddl(table))
            else:
                for column in table.columns:
                    if column.name not in have[versions.name(table)]:
                        con.execute(f"ALTER TABLE {versions.name(table)} ADD COLUMN {column.name} {column.type}")
        for version in range(before + 1, SCHEMA_VERSION + 1):
            description, step = MIGRATIONS[version]
            step(con)
            con.execute("INSERT INTO schema_version VALUES (?, ?, now())", [version, description])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return before
