"""The run's working tables, made by the engine that runs it, from one SQL text for both engines.

The indicator engine's steps after the qualifying records (attribution to units, the sums per
unit, the roll-up to every level; :mod:`carepath.indicators.attribution` and
:mod:`carepath.indicators.engine`) are written once, as SELECTs in DuckDB's dialect, and handed
to a ``tables`` object that makes them: :class:`DuckDBTables` as temp tables and views of the
store's connection; :class:`carepath.indicators.engines.spark.SparkEngine` as cached Spark views
of the same SQL translated by sqlglot (:mod:`.translate`), as Splink writes its SQL once for
several engines.
"""
from __future__ import annotations

import duckdb


class DuckDBTables:
    """Working tables as temp tables (and views) of a DuckDB connection."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con

    def table(self, name: str, sql: str, selects: list = ()) -> None:
        """The temp table ``name`` holding what ``sql`` returns. ``selects``: the indicator
        queries ``sql`` reads (a failure then names the indicator whose query failed)."""
        statement = f"CREATE OR REPLACE TEMP TABLE {name} AS {sql}"
        if selects:
            from carepath.indicators.qualify import run_naming_failure
            run_naming_failure(self.con, statement, list(selects))
        else:
            self.con.execute(statement)

    def view(self, name: str, sql: str) -> None:
        """The temp view ``name``: ``sql``, computed when read."""
        self.con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS {sql}")


def tables_of(target) -> DuckDBTables:
    """``target`` if it makes tables already, else a DuckDB connection's :class:`DuckDBTables`."""
    return DuckDBTables(target) if isinstance(target, duckdb.DuckDBPyConnection) else target
