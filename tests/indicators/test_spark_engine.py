"""The indicator engine on Apache Spark gives exactly DuckDB's figures (``--engine spark``).

A tiny synthetic authority is loaded into a store, exported to Parquet (``carepath
export-store``), and computed twice: by DuckDB, and on Spark in local mode (records, attribution
and the roll-up to every level all on Spark). Every figure of every set (indicator x period x
level x unit: numerator, denominator, value, note, incomplete history) must be the same, floats to
1e-9. Spark starts a JVM and is far slower than DuckDB on two cores, so these tests are marked
``spark``, share one Spark session, and run one quarter (every set, every level); the periods
are a parameter of the engine's SQL, not of the translation, so one quarter exercises every query.
"""
from __future__ import annotations

import dataclasses
import math
import os
import shutil

import pytest

from carepath.indicators import catalogue, engine, periods
from carepath.indicators.engines import parquet
from carepath.model import store as store_mod
from carepath.sources.loader import expand, load_file
from carepath.synth.generate import generate
from carepath.synth.params import make_authorities
from tests.conftest import import_or_fail

pytestmark = pytest.mark.spark

COLUMNS = ("indicator_id", "period", "la_code", "level", "unit_id", "unit_name", "numerator", "denominator",
           "value", "note", "incomplete_history", "history_note")
PERIODS = os.environ.get("CAREPATH_SPARK_PERIODS", "2024Q1").split(",")


@pytest.fixture(scope="module")
def spark_engine(tmp_path_factory):
    """(a store to compute on, the Spark engine over its Parquet export, its folder): one JVM for the module."""
    import_or_fail("pyspark", "the spark extra is not installed (pip install -e '.[spark]'; scripts/setup.sh does)")
    from carepath.indicators.engines.spark import SparkEngine
    folder = tmp_path_factory.mktemp("spark")
    generate(make_authorities(1, seed=11, first_year=2022, last_year=2024, size="tiny"), folder / "returns")
    con = store_mod.connect(folder / "duckdb.duckdb")
    for path in expand([folder / "returns"]):
        if path.suffix != ".json":
            assert load_file(con, path).status in ("loaded", "already loaded")
    parquet.export(con, folder / "parquet")
    con.close()
    spark = SparkEngine(folder / "parquet", "local[2]")
    yield spark, folder
    spark.stop()


@pytest.fixture(scope="module")
def stores(spark_engine):
    """(DuckDB-computed store, Spark-computed store, the indicators run)."""
    spark, folder = spark_engine
    shutil.copy(folder / "duckdb.duckdb", folder / "spark.duckdb")
    chosen = catalogue.select(sorted(catalogue.sets()))
    wanted = [periods.parse(p) for p in PERIODS]
    duck = store_mod.connect(folder / "duckdb.duckdb")
    engine.run(duck, chosen, wanted, engine.LEVELS)
    sparked = store_mod.connect(folder / "spark.duckdb")
    steps = []
    engine.run(sparked, chosen, wanted, engine.LEVELS, spark=spark,
               progress=lambda what, done, total: steps.append((what, done)))
    yield duck, sparked, chosen, steps
    duck.close()
    sparked.close()


def figures(con) -> list[tuple]:
    return con.execute(f"SELECT {', '.join(COLUMNS)} FROM indicator_result "
                       "ORDER BY indicator_id, period, la_code, level, unit_id").fetchall()


def same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=0, abs_tol=1e-9)
    return a == b


def test_every_figure_of_every_set_is_the_same_on_spark_and_duckdb(stores):
    duck, sparked, chosen, _ = stores
    expected, found = figures(duck), figures(sparked)
    # the run covered every indicator of every set, every period, at every level (the authority, and its units)
    assert {r[0] for r in expected} == {i.id for i in chosen}
    assert {r[1] for r in expected} == set(PERIODS)
    assert {r[3] for r in expected} == set(engine.LEVELS)
    assert len(found) == len(expected)
    differences = [(e, f) for e, f in zip(expected, found) if not all(same(x, y) for x, y in zip(e, f))]
    assert not differences, f"{len(differences)} figures differ, first: {differences[0]}"
    # and they are not all empty: the comparison compares counts, at the units below the authority too
    assert sum(1 for r in found if r[6]) > 100
    assert sum(1 for r in found if r[6] and r[3] == "worker") > 20
    # and the care leavers' birthday figures (once computed by DuckDB) were computed and compared
    birthday = {i.id for i in chosen if i.path.name == "care_leavers_at_birthday.sql"}
    assert birthday <= {r[0] for r in found}


def test_a_spark_run_shows_its_progress_step_by_step(stores):
    *_, steps = stores
    assert [what for what, _ in steps] == ["preparing", "computing the qualifying records on Spark",
                                           "attributing and rolling up on Spark", "storing the figures", "done"]
    assert [done for _, done in steps] == sorted(done for _, done in steps)


def test_a_query_spark_cannot_run_is_named(spark_engine, tmp_path):
    """An indicator whose SQL Spark cannot analyse stops the run with its name, not a Java trace."""
    from carepath.indicators.qualify import IndicatorQueryError
    spark, folder = spark_engine
    shutil.copy(folder / "duckdb.duckdb", tmp_path / "store.duckdb")
    con = store_mod.connect(tmp_path / "store.duckdb")
    chosen = next(i for i in catalogue.select(["riia"]) if not i.family_sql)
    # bar() is DuckDB's own function (a text bar chart): sqlglot passes it through, and Spark has none
    broken = dataclasses.replace(chosen, sql=f"SELECT bar(1, 0, 10) AS odd, q.* FROM ({chosen.sql}) q")
    with pytest.raises(IndicatorQueryError, match=chosen.id):
        engine.run(con, [broken], [periods.parse(PERIODS[0])], ("authority",), spark=spark)
    con.close()


def test_kept_records_are_the_same_on_spark_and_duckdb(spark_engine, tmp_path):
    """--keep-records on Spark stores the records behind every figure, attributed as DuckDB does."""
    spark, folder = spark_engine
    chosen = [i for i in catalogue.select(["riia"]) if not i.family_sql][:3]
    kept = {}
    for name in ("duckdb", "spark"):
        shutil.copy(folder / "duckdb.duckdb", tmp_path / f"{name}.duckdb")
        con = store_mod.connect(tmp_path / f"{name}.duckdb")
        engine.run(con, chosen, [periods.parse(PERIODS[0])], engine.LEVELS, keep_records=True,
                   spark=spark if name == "spark" else None)
        kept[name] = con.execute("SELECT indicator_id, period, la_code, record_id, child_id, event_date, numerator, "
                                 "denominator, measure, worker_id, team_id, locality, service FROM indicator_record "
                                 "ORDER BY ALL").fetchall()
        con.close()
    assert kept["spark"] == kept["duckdb"]
    assert len(kept["duckdb"]) > 10 and any(r[9] for r in kept["duckdb"])   # records, attributed to workers
