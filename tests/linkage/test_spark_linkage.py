"""Linkage on Apache Spark (``carepath proceedings link --engine spark``) makes DuckDB's links and decisions.

The hand-built authority of ``test_link`` (160 background children, 60 of them in proceedings,
twins, a name change, a missing date of birth, two refused rows) is linked twice: in process on
DuckDB, and by the command with ``--engine spark --spark-master local[2]``. Every link (the
child and the method: deterministic or probabilistic), every candidate's rank and status
(linked, review) and every refusal must be the same, the weights equal to 1e-9; the cases of
``test_link`` come out as worked out there. Spark starts a JVM and takes about a minute here,
so the module is marked ``spark`` and links once. The command's failures (no PySpark, no Java,
a master URL that is not one) are messages, not tracebacks.
"""
from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from carepath.linkage.link import link_proceedings
from carepath.model import store as store_mod
from tests.conftest import REPO, import_or_fail, skip_or_fail
from tests.indicators.world import World
from tests.linkage.test_link import build

pytestmark = pytest.mark.spark

LINKS = "SELECT proceeding_id, child_id, method, match_weight FROM proceeding_link ORDER BY proceeding_id"
CANDIDATES = ("SELECT proceeding_id, child_id, rank, status, match_weight FROM proceeding_candidate "
              "ORDER BY proceeding_id, rank")
ISSUES = "SELECT proceeding_id FROM proceeding_link_issue ORDER BY 1"


@pytest.fixture(scope="module")
def linked(tmp_path_factory):
    """{engine: (links, candidates, refused)} and the Spark command's result and report folder."""
    import_or_fail("pyspark", "the spark extra is not installed (pip install -e '.[spark]'; scripts/setup.sh does)")
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        skip_or_fail("Java is not installed (apt-get install default-jre-headless)")
    from carepath.cli import cli
    folder = tmp_path_factory.mktemp("spark_linkage")
    found = {}
    for engine in ("duckdb", "spark"):
        con = store_mod.connect(folder / f"{engine}.duckdb")
        build(World(con))
        if engine == "duckdb":
            link_proceedings(con)
        else:
            con.close()
            result = CliRunner().invoke(cli, ["proceedings", "link", "--engine", "spark", "--spark-master", "local[2]",
                                              "--store", str(folder / "spark.duckdb"), "--out", str(folder / "out")])
            assert result.exit_code == 0, result.output
            con = store_mod.connect(folder / "spark.duckdb")
        found[engine] = tuple(con.execute(sql).fetchall() for sql in (LINKS, CANDIDATES, ISSUES))
        con.close()
    return found, result, folder / "out"


def case(proceeding_id: str) -> str:
    return proceeding_id.split("/")[1]


def test_spark_makes_the_same_links_and_decisions_as_duckdb(linked):
    found, *_ = linked
    (links, candidates, refused), (spark_links, spark_candidates, spark_refused) = found["duckdb"], found["spark"]
    assert [r[:3] for r in spark_links] == [r[:3] for r in links]
    assert [r[:4] for r in spark_candidates] == [r[:4] for r in candidates]
    assert spark_refused == refused == [("846/BACKWARDS",), ("846/NO-IDS",)]
    weights = [(a[-1], b[-1]) for a, b in zip(links + candidates, spark_links + spark_candidates) if a[-1] is not None]
    assert len(weights) > 40 and all(math.isclose(a, b, abs_tol=1e-9) for a, b in weights)
    # the decisions worked out in test_link, on Spark: exact names link deterministically, the typo'd
    # twin and the child without a date of birth by the model, the initial and the name change wait
    by_case = {case(p): (case(c), method) for p, c, method, _ in spark_links}
    assert all(by_case[f"C{n}"] == (f"B{n}", "deterministic") for n in range(40))
    assert all(by_case[f"C{n}"][0] == f"B{n}" for n in range(40, 60))
    assert sum(1 for _, method in by_case.values() if method == "probabilistic") >= 19
    assert by_case["TWIN-TYPO"] == ("T2", "probabilistic") and by_case["NO-DOB"] == ("N1", "probabilistic")
    review = [(case(p), case(c), rank) for p, c, rank, status, _ in spark_candidates if status == "review"]
    assert review == [("NAME-CHANGE", "L1", 1), ("TWIN-INITIAL", "T1", 1), ("TWIN-INITIAL", "T2", 2)]


def test_equally_likely_twins_are_ranked_by_child_id_on_both_engines(linked):
    found, *_ = linked
    for engine in ("duckdb", "spark"):
        twins = [r for r in found[engine][1] if r[0] == "846/TWIN-INITIAL"]
        assert [(r[1], r[2]) for r in twins] == [("846/T1", 1), ("846/T2", 2)]
        assert twins[0][4] == twins[1][4]   # a true tie: "A Khan" fits Amelia and Ava alike


def test_the_command_on_spark_writes_the_match_report(linked):
    found, result, out = linked
    assert "Starting Spark on local[2]" in result.output
    assert "66 proceedings: 62 linked" in result.output   # 40 + 20 background, the typo'd twin, no date of birth
    rows = (out / "links.csv").read_text().splitlines()
    assert len(rows) == 1 + len(found["spark"][0])
    assert (out / "model.json").exists() and (out / "match_weights_chart.html").exists()


def command(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "carepath", "proceedings", "link", "--engine", "spark", *args],
                          capture_output=True, text=True, timeout=120, cwd=REPO, env={**os.environ, **env})


def test_without_pyspark_the_command_says_what_to_install(tmp_path):
    hidden = tmp_path / "hidden" / "pyspark"   # a pyspark that cannot be imported, first on the path
    hidden.mkdir(parents=True)
    (hidden / "__init__.py").write_text('raise ImportError("No module named pyspark")\n')
    result = command("--store", str(tmp_path / "store.duckdb"),
                     PYTHONPATH=os.pathsep.join([str(tmp_path / "hidden"), str(REPO / "src")]))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "Linkage on Spark needs PySpark and Java: pip install 'carepath[spark]'" in result.stderr


def test_without_java_the_command_says_so(tmp_path):
    import_or_fail("pyspark", "the spark extra is not installed")
    result = command("--store", str(tmp_path / "store.duckdb"), JAVA_HOME=str(tmp_path / "no-java"),
                     PYTHONPATH=str(REPO / "src"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "Could not start Spark on local[2]" in result.stderr and "Is Java installed" in result.stderr


def test_a_bad_master_url_is_a_message(tmp_path):
    import_or_fail("pyspark", "the spark extra is not installed")
    result = command("--spark-master", "localhost:7077", "--store", str(tmp_path / "store.duckdb"),
                     PYTHONPATH=str(REPO / "src"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "--spark-master localhost:7077: not a Spark master URL" in result.stderr
    assert not Path(tmp_path / "store.duckdb").exists()   # said before the store was opened


def test_an_authority_whose_proceedings_all_linked_exactly_leaves_nothing_to_score_on_spark(linked):
    """With --each-authority, a small authority's proceedings may all be linked by the deterministic
    pass: the linker's input is then empty, which Spark cannot make a frame of; nothing is sent."""
    import pandas as pd
    from carepath.linkage.spark import SparkTables, session
    spark = session("local[1]")   # after `linked` (its prerequisites checked, its session stopped by the command)
    try:
        side = dict(la_code=["501"], forename=["isla"], surname=["novak"], dob=[pd.Timestamp("2016-09-12")],
                    sex=["F"], postcode=[None], court_days=[[]], court_days_wide=[[]])
        tables = SparkTables(spark)
        tables.put(pd.DataFrame({"unique_id": ["501/Z-CASE"], **side}), pd.DataFrame({"unique_id": ["501/Z1"], **side}))
        assert spark.table("proceedings").count() == 1 and spark.table("children").count() == 1
        tables.remove({"501/Z-CASE"})
        assert tables.proceedings_left() == 0
        tables.close()
        assert not spark.catalog.tableExists("proceedings")
    finally:
        spark.stop()
