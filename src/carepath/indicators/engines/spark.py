"""The indicator engine on Apache Spark (the ``spark`` extra): records, attribution and roll-up.

``carepath indicators run --engine spark`` runs steps 2 to 4 of the engine
(:mod:`carepath.indicators.engine`) on Spark, from the same SQL as a DuckDB run, translated by
sqlglot (:mod:`.translate`), so both engines write the same long ``indicator_result``:

- **Where Spark reads.** The canonical tables from Parquet (``carepath export-store``, one folder
  per table; on a cluster, a folder every executor can read). The engine's small working tables
  (``periods``, ``authorities``, ``placement_distance``, ``split_members``) are sent from the
  run's DuckDB connection, which also plans each indicator (the columns it returns,
  :mod:`carepath.indicators.qualify`) without computing anything.
- **What Spark runs.** The shared tables (``indicators/sql/_shared``, cached); every indicator's
  query, wrapped as the DuckDB run wraps it (split families run as their members' own queries:
  the records are the same, the bit masks are a DuckDB speed-up), into the view ``qualifying``;
  then attribution to practitioners and teams and the roll-up to every level, whose SQL
  (:mod:`carepath.indicators.attribution`, :func:`carepath.indicators.engine.aggregate`) is
  handed to this engine as to DuckDB (:meth:`SparkEngine.table`, :mod:`.working`). A query that
  does not translate or that Spark cannot analyse stops the run, naming the indicator. The
  indicators' queries go a few to a job (``BATCH``), two jobs at a time; each step's result is a
  local checkpoint (computed once, held by the executors, its plan cut to its rows).
- **What comes back.** The rolled-up counts at every level (``aggregated``: thousands of rows
  where the records are millions), the units with their names, and the records themselves only
  when they are kept (``--keep-records``). The store then works out values, notes and
  incomplete-history marks (from its own load records) and stores the figures, as a DuckDB run.

Spark runs with the settings for small local runs (4 shuffle partitions, no web UI, UTC, bound
to 127.0.0.1) unless the master is a cluster, whose own configuration then applies.
"""
from __future__ import annotations

import logging
import os
import re
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb

from carepath.errors import CarepathError
from carepath.indicators import catalogue
from carepath.indicators.engines.translate import to_spark, weekday_bank_holidays
from carepath.indicators.qualify import EMPTY, IndicatorQueryError, Select
from carepath.model.tables import TABLES

# the engine's temp tables a query may read, sent from DuckDB to Spark when the run made them
SENT = ("periods", "authorities", "placement_distance", "split_members")
LOCAL_SETTINGS = {"spark.sql.shuffle.partitions": "4", "spark.ui.enabled": "false",
                  "spark.ui.showConsoleProgress": "false", "spark.sql.session.timeZone": "UTC",
                  "spark.sql.execution.arrow.pyspark.enabled": "true"}
CONCURRENT_QUERIES = 2   # jobs of indicator queries sent to Spark at once
BATCH = 8   # indicator queries a job (a hundred in one plan take Spark far longer to plan)
MEMORY = "CAREPATH_SPARK_MEMORY"   # the local JVM's heap (default 1g): 4g or more for a nation's store


MASTERS = re.compile(r"local(\[(\d+|\*)(,\s*\d+)?\])?|local-cluster\[.+\]|yarn|(spark|k8s)://.+")


def session(master: str = "local[2]", app_name: str = "carepath indicators", settings: dict | None = None):
    """A Spark session on ``master`` (local[N], spark://host:7077, yarn, k8s://...); ``settings``:
    Spark configuration beside (over) carepath's own."""
    if not MASTERS.fullmatch(master):   # else Spark's own message is a JVM that exited, said on stderr
        raise CarepathError(f"--spark-master {master}: not a Spark master URL. Give local[N] (N cores of this "
                            "machine), spark://host:7077, yarn or k8s://https://host:port.")
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise CarepathError("The Spark engine needs PySpark and Java: pip install 'carepath[spark]' "
                            "and apt-get install default-jre-headless.") from exc
    builder = SparkSession.builder.master(master).appName(app_name)
    if master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        for key, value in {**LOCAL_SETTINGS, "spark.driver.memory": os.environ.get(MEMORY, "1g")}.items():
            builder = builder.config(key, value)
    else:
        builder = builder.config("spark.sql.session.timeZone", "UTC")
    for key, value in (settings or {}).items():
        builder = builder.config(key, value)
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # no Java, or the master cannot be reached
        hint = (" Is Java installed (java -version; JAVA_HOME, if set, must name its folder)? "
                "apt-get install default-jre-headless." if "JAVA_GATEWAY_EXITED" in str(exc) else "")
        raise CarepathError(f"Could not start Spark on {master}: {str(exc).splitlines()[0]}{hint}") from exc
    # a checkpointed frame keeps the constraints of the plan it came from, and a union of them fails
    # to rewrite those (Spark 4.0: "key not found"); inferring filters from constraints also takes
    # long on queries of this size, and the queries say their filters themselves
    spark.conf.set("spark.sql.constraintPropagation.enabled", "false")
    logging.getLogger("SQLQueryContextLogger").setLevel(logging.CRITICAL)  # Java traces of queries that fail
    spark.sparkContext.setLogLevel("FATAL")  # a failed query is raised to Python, named
    return spark


class SparkEngine:
    """One Spark session reading the canonical tables from ``parquet`` (an export-store folder)."""

    def __init__(self, parquet: Path | str, master: str = "local[2]", settings: dict | None = None):
        self.parquet = str(parquet)
        self.spark = session(master, settings=settings)
        self.timings: dict[str, float] = {}
        self._cached: list = []   # the working tables of the run in hand (unpersisted by release())
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
        for table in catalogue.shared_needed(indicators):
            self.table(table.name, table.sql, what=f"Shared table {table.name} ({table.path.name})")

    def table(self, name: str, sql: str, selects: list = (), what: str | None = None) -> None:
        """The cached view ``name``: ``sql`` (DuckDB's dialect) translated and computed now.
        ``selects`` (the indicators whose queries ``sql`` reads) or ``what`` name it in a failure."""
        try:
            frame = _computed(self.spark.sql(to_spark(sql)))
        except Exception as exc:
            named = ", ".join(i.id for s in selects for i in s.indicators)
            what = what or f"Working table {name}{' of ' + named if named else ''}"
            raise IndicatorQueryError(f"{what} failed on Spark: {_first_line(exc)}") from exc
        frame.createOrReplaceTempView(name)
        self._cached.append(frame)

    def view(self, name: str, sql: str) -> None:
        """The view ``name``: ``sql`` translated, computed when read."""
        try:
            self.spark.sql(to_spark(sql)).createOrReplaceTempView(name)
        except Exception as exc:
            raise IndicatorQueryError(f"Working view {name} failed on Spark: {_first_line(exc)}") from exc

    def qualifying(self, con: duckdb.DuckDBPyConnection, indicators: list, selects: list[Select]) -> None:
        """The shared tables, then every ``selects``' records, into the Spark view ``qualifying``."""
        clock = time.perf_counter()
        self._send(con)
        self._shared(indicators)
        self.timings["spark: shared tables"] = self.timings.get("spark: shared tables", 0) + time.perf_counter() - clock
        clock = time.perf_counter()
        def computed(batch: list[Select]):
            try:   # Spark analyses the queries in sql(), and runs them in _computed
                return _computed(self.spark.sql(to_spark(" UNION ALL ".join(s.sql for s in batch))))
            except Exception as exc:
                if len(batch) > 1:   # find which one, and say so
                    for select in batch:
                        computed([select])
                indicator = batch[0].indicators[0]
                raise IndicatorQueryError(f"Indicator {batch[0].label} ({indicator.path.name}) failed on Spark: "
                                          f"{_first_line(exc)}. Run it with --engine duckdb.") from exc
        # a few indicators' queries a job, several jobs at once: Spark plans each job on one driver
        # thread, so the executors wait unless others are queued
        batches = [selects[i:i + BATCH] for i in range(0, len(selects), BATCH)]
        with ThreadPoolExecutor(max_workers=CONCURRENT_QUERIES) as pool:
            frames = list(pool.map(computed, batches))
        everything = self.spark.sql(to_spark(EMPTY))
        for frame in frames:
            everything = everything.unionByName(frame)
        # one table of a few partitions, whose plan is its rows (the next steps read it twice)
        everything = _computed(everything.coalesce(2 * self.spark.sparkContext.defaultParallelism))
        self._cached.append(everything)
        everything.createOrReplaceTempView("qualifying")
        self.timings["spark: qualifying records"] = (self.timings.get("spark: qualifying records", 0)
                                                     + time.perf_counter() - clock)

    def records(self) -> int:
        """How many records the run's figures sum (``unit_records``)."""
        return int(self.spark.sql("SELECT coalesce(sum(records), 0) FROM unit_records").collect()[0][0])

    def fetch(self, con: duckdb.DuckDBPyConnection, name: str) -> None:
        """The Spark view ``name`` into the DuckDB temp table of that name."""
        arrow = self.spark.table(name).toArrow()
        con.register("spark_rows", arrow)
        try:
            con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM spark_rows")
        finally:
            con.unregister("spark_rows")

    def release(self) -> None:
        """Free the working tables of the run in hand."""
        for frame in self._cached:
            frame.unpersist()
        self._cached = []
        self.spark.sparkContext._jvm.System.gc()   # a local checkpoint's blocks go when its RDD is collected

    def stop(self) -> None:
        self.spark.stop()


def _computed(frame):
    """``frame`` computed now and held by the executors (memory, else disk), its plan cut to its rows.

    A local checkpoint, not ``cache()``: a cached frame keeps its whole plan, and a hundred
    indicators' plans united and joined make a plan Spark takes many minutes (and more than a
    gigabyte) to analyse; a checkpointed frame is a leaf, as cheap to plan as a file.
    """
    return frame.localCheckpoint(eager=True)


def _schema(con: duckdb.DuckDBPyConnection, name: str) -> str:
    kinds = {"VARCHAR": "STRING", "INTEGER": "INT", "BIGINT": "BIGINT", "DATE": "DATE", "DOUBLE": "DOUBLE",
             "BOOLEAN": "BOOLEAN", "FLOAT": "FLOAT", "SMALLINT": "SMALLINT"}
    return ", ".join(f"{col} {kinds.get(kind, 'STRING')}" for col, kind, *_ in con.execute(f"DESCRIBE {name}").fetchall())


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:500] if text else type(exc).__name__
