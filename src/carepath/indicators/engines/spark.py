"""The qualifying-records step of the indicator engine on Apache Spark (the ``spark`` extra).

``carepath indicators run --engine spark`` computes every indicator's qualifying records on Spark
and hands them to the same attribution, aggregation and storing as a DuckDB run
(:mod:`carepath.indicators.engine`), so both engines write the same long ``indicator_result``:

- **Where Spark reads.** The canonical tables from Parquet (``carepath export-store``, one folder
  per table; on a cluster, a folder every executor can read). The engine's small working tables
  (``periods``, ``authorities``, ``placement_distance``) are sent from the run's DuckDB connection,
  which also plans each indicator (the columns it returns, :mod:`carepath.indicators.qualify`).
- **What Spark runs.** The shared tables (``indicators/sql/_shared``, cached) and every
  indicator's query, wrapped as the DuckDB run wraps it, translated by :mod:`.translate`. Split
  families run as their members' own queries (the records are the same; the bit masks are a
  DuckDB speed-up only). A query Spark cannot analyse once translated is computed by DuckDB
  instead, and named in ``on_duckdb`` with Spark's reason (the command prints it): on the
  catalogue today, the care leavers' birthday figures, whose ``CROSS JOIN LATERAL`` over an
  ``unnest`` sqlglot translates to a ``LATERAL VIEW`` Spark resolves after the subquery using it.
- **What DuckDB runs.** Attribution to practitioners and teams, the roll-up to every level,
  values, notes, incomplete history and storing, over the records Spark returns (at a region's
  scale these are the millions of rows the bulk DuckDB run never stores).

Spark runs with the settings for small local runs (4 shuffle partitions, no web UI, UTC, bound
to 127.0.0.1) unless the master is a cluster, whose own configuration then applies.
"""
from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import duckdb

from carepath.errors import CarepathError
from carepath.indicators import catalogue, qualify as qualifying
from carepath.indicators.engines.translate import to_spark, weekday_bank_holidays
from carepath.indicators.qualify import IndicatorQueryError, Select
from carepath.model.tables import TABLES

# the engine's temp tables a query may read, sent from DuckDB to Spark when the run made them
SENT = ("periods", "authorities", "placement_distance")
LOCAL_SETTINGS = {"spark.sql.shuffle.partitions": "4", "spark.ui.enabled": "false",
                  "spark.ui.showConsoleProgress": "false", "spark.sql.session.timeZone": "UTC",
                  "spark.sql.execution.arrow.pyspark.enabled": "true", "spark.driver.memory": "1g"}


def session(master: str = "local[2]", app_name: str = "carepath indicators"):
    """A Spark session on ``master`` (local[N], spark://host:7077, yarn, k8s://...)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise CarepathError("The Spark engine needs PySpark and Java: pip install 'carepath[spark]' "
                            "and apt-get install default-jre-headless.") from exc
    builder = SparkSession.builder.master(master).appName(app_name)
    if master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        for key, value in LOCAL_SETTINGS.items():
            builder = builder.config(key, value)
    else:
        builder = builder.config("spark.sql.session.timeZone", "UTC")
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # no Java, or the master cannot be reached
        raise CarepathError(f"Could not start Spark on {master}: {str(exc).splitlines()[0]}") from exc
    logging.getLogger("SQLQueryContextLogger").setLevel(logging.CRITICAL)  # Java traces of queries that fail
    spark.sparkContext.setLogLevel("FATAL")  # a failed query is raised to Python, named
    return spark


class SparkEngine:
    """One Spark session reading the canonical tables from ``parquet`` (an export-store folder)."""

    def __init__(self, parquet: Path | str, master: str = "local[2]"):
        self.parquet = str(parquet)
        self.spark = session(master)
        self.timings: dict[str, float] = {}
        # indicators whose query Spark could not analyse once translated: id -> Spark's reason
        self.on_duckdb: dict[str, str] = {}
        missing = []
        for table in TABLES:
            if table.bookkeeping:
                continue
            folder = f"{self.parquet.rstrip('/')}/{table.name}"
            if "://" not in folder and not Path(folder).exists():
                missing.append(table.name)
                continue
            frame = self.spark.read.parquet(folder)
            if master.startswith("local"):   # read once: every indicator reads the same few tables
                frame = frame.cache()
            frame.createOrReplaceTempView(table.name)
        if missing:
            raise CarepathError(f"{self.parquet} has no Parquet folder for {', '.join(missing)}. "
                                "Write it with `carepath export-store --out DIR`.")
        holidays = ", ".join(f"DATE '{d}'" for d in weekday_bank_holidays())
        self.spark.sql(f"DECLARE OR REPLACE VARIABLE bank_holidays ARRAY<DATE> DEFAULT array({holidays})")

    def _send(self, con: duckdb.DuckDBPyConnection) -> None:
        """The run's small working tables, from DuckDB to Spark."""
        held = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE temporary").fetchall()}
        for name in SENT:
            if name in held:
                arrow = con.sql(f"SELECT * FROM {name}").to_arrow_table()
                self.spark.createDataFrame(arrow.to_pandas()).createOrReplaceTempView(name) if arrow.num_rows \
                    else self.spark.createDataFrame([], _schema(con, name)).createOrReplaceTempView(name)

    def _shared(self, indicators: list) -> None:
        for cached in getattr(self, "_cached", []):
            cached.unpersist()
        self._cached = []
        for table in catalogue.shared_needed(indicators):
            try:
                frame = self.spark.sql(to_spark(table.sql)).cache()
                frame.count()
            except Exception as exc:
                raise IndicatorQueryError(f"Shared table {table.name} ({table.path.name}) failed on Spark: "
                                          f"{_first_line(exc)}") from exc
            frame.createOrReplaceTempView(table.name)
            self._cached.append(frame)

    def qualifying(self, con: duckdb.DuckDBPyConnection, indicators: list, selects: list[Select]) -> int:
        """Every ``selects``' records computed on Spark into DuckDB's ``qualifying``; the rows added."""
        clock = time.perf_counter()
        self._send(con)
        self._shared(indicators)
        self.timings["spark: shared tables"] = self.timings.get("spark: shared tables", 0) + time.perf_counter() - clock
        clock = time.perf_counter()
        frames, untranslated = [], []
        for select in selects:
            try:
                frames.append(self.spark.sql(to_spark(select.sql)))   # Spark analyses the query here
            except Exception as exc:  # does not translate: computed by DuckDB, and said so
                untranslated.append(select)
                self.on_duckdb[select.label] = _first_line(exc)
        qualifying.insert(con, untranslated)
        added = 0
        for frame in frames:   # one small job each: a union of a hundred plans takes Spark far longer to plan
            arrow = frame.toArrow()
            added += arrow.num_rows
            con.register("spark_records", arrow)
            try:
                con.execute("INSERT INTO qualifying BY NAME SELECT * FROM spark_records")
            finally:
                con.unregister("spark_records")
        self.timings["spark: qualifying records"] = (self.timings.get("spark: qualifying records", 0)
                                                     + time.perf_counter() - clock)
        return added

    def stop(self) -> None:
        self.spark.stop()


def _schema(con: duckdb.DuckDBPyConnection, name: str) -> str:
    kinds = {"VARCHAR": "STRING", "INTEGER": "INT", "BIGINT": "BIGINT", "DATE": "DATE", "DOUBLE": "DOUBLE",
             "BOOLEAN": "BOOLEAN", "FLOAT": "FLOAT", "SMALLINT": "SMALLINT"}
    return ", ".join(f"{col} {kinds.get(kind, 'STRING')}" for col, kind, *_ in con.execute(f"DESCRIBE {name}").fetchall())


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:500] if text else type(exc).__name__
