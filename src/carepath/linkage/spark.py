"""Linkage on Apache Spark (``carepath proceedings link --engine spark``): the same Splink model on Splink's SparkAPI.

The deterministic pass, the clerical decisions and the store stay where they are (DuckDB); only
the Splink linker (:func:`carepath.linkage.scoring.score`) runs on Spark. Its two input tables
are built as for DuckDB, in a scratch DuckDB database with the same types, and sent to Spark as
Arrow, so both engines score the same rows; the model's SQL is written for Spark where the
dialects differ (:func:`carepath.linkage.settings.comparisons`), and Jaro-Winkler is the Scala
function shipped with Splink (its jar is handed to the session).

The session is started as the indicator engine starts it (:func:`carepath.indicators.engines.spark.session`):
on ``local[N]``, 4 shuffle partitions, no web UI, bound to 127.0.0.1, the heap from
``CAREPATH_SPARK_MEMORY`` (default 1g); on a cluster, the cluster's own configuration. One session
serves every authority of a run (``--each-authority``). Splink's intermediate tables are persisted
(memory, else the executors' disk: no checkpoint folder to configure) and freed after each linker.
"""
from __future__ import annotations

from carepath.errors import CarepathError
from carepath.linkage.scoring import DuckDBTables

NEEDS = ("Linkage on Spark needs PySpark and Java: pip install 'carepath[spark]' and "
         "apt-get install default-jre-headless.")


def session(master: str = "local[2]"):
    """A Spark session on ``master`` (local[N], spark://host:7077, yarn, k8s://...) with Splink's functions."""
    try:
        from splink.backends.spark import similarity_jar_location
    except ImportError as exc:  # splink's Spark backend imports pyspark
        raise CarepathError(NEEDS) from exc
    from carepath.indicators.engines.spark import session as start
    jar = similarity_jar_location()
    spark = start(master, app_name="carepath linkage", settings={"spark.jars": jar})
    # and to the running JVM's session: spark.jars only takes effect when the JVM starts, and a JVM
    # already started in this process (an indicator run before, or its tests) keeps its class path
    spark.sql(f"ADD JAR '{jar}'")
    return spark


class SparkTables(DuckDBTables):
    """The linker's input tables on Spark: made in DuckDB (as for a DuckDB run), then sent as Arrow."""
    dialect = "spark"
    u_chunks = 1   # each chunk is several Spark jobs; the JVM holds the sample's pairs at once

    def __init__(self, spark):
        super().__init__()
        self.spark = spark

    def put(self, proceedings, children) -> None:
        super().put(proceedings, children)
        for name in ("proceedings", "children"):
            self._send(name)

    def _send(self, name: str) -> None:
        arrow = self.con.sql(f"SELECT * FROM {name} ORDER BY unique_id").to_arrow_table()
        self.spark.createDataFrame(arrow).createOrReplaceTempView(name)

    def api(self):
        from splink.backends.spark import SparkAPI
        return SparkAPI(spark_session=self.spark, break_lineage_method="persist")

    def remove(self, decided) -> None:
        super().remove(decided)
        if self.proceedings_left():   # none left (all linked exactly): nothing to score, and Spark makes
            self._send("proceedings")   # no frame from an empty Arrow table

    def close(self) -> None:
        super().close()
        self.spark.catalog.clearCache()   # the persisted intermediate tables of this linker
        for name in ("proceedings", "children"):
            self.spark.catalog.dropTempView(name)
