"""The store's canonical tables as Parquet, one folder per table, for engines other than DuckDB.

``carepath export-store --out DIR`` writes ``DIR/<table>/part-0.parquet`` for every canonical
(non-bookkeeping) table of :mod:`carepath.model.tables`, empty tables included (a Parquet file with
the table's columns and no rows), so that a reader always finds every table a query names. Column
types are the store's (dates stay dates), and the columns the model's: a store written before a
table or column was added (opened read-only, so not migrated) has it written empty (NULL). Spark reads a folder as one table, so a cluster can put
several authorities' or years' files side by side in a table's folder on shared storage.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from carepath.errors import CarepathError
from carepath.model.tables import TABLES

CANONICAL = [t.name for t in TABLES if not t.bookkeeping]


def export(con: duckdb.DuckDBPyConnection, out: Path, la_codes: list[str] | None = None) -> dict[str, int]:
    """Write every canonical table to ``out/<table>/part-0.parquet``; return rows written per table.

    An existing table folder is replaced (its earlier files go), so ``out`` always mirrors the store.
    ``la_codes``: only these authorities' rows of the tables that have ``la_code``.
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise CarepathError(f"--out {out} is a file; give a folder for the Parquet tables.")
    written = {}
    held: dict[str, set[str]] = {}
    for name, column in con.execute("SELECT table_name, column_name FROM duckdb_columns() "
                                    "WHERE schema_name = 'main' AND NOT internal").fetchall():
        held.setdefault(name, set()).add(column)
    for table in TABLES:
        if table.bookkeeping:
            continue
        folder = out / table.name
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        where = ""
        if la_codes and "la_code" in table.column_names:
            where = " WHERE la_code IN (" + ", ".join("'" + la.replace("'", "''") + "'" for la in la_codes) + ")"
        target = str(folder / "part-0.parquet").replace("'", "''")
        columns = ", ".join(c.name if c.name in held.get(table.name, ()) else f"NULL::{c.type} AS {c.name}"
                            for c in table.columns)
        source = f"{table.name}{where}" if table.name in held else "(SELECT 1) LIMIT 0"
        con.execute(f"COPY (SELECT {columns} FROM {source}) TO '{target}' (FORMAT PARQUET)")
        written[table.name] = con.execute(f"SELECT count(*) FROM read_parquet('{target}')").fetchall()[0][0]
    return written
