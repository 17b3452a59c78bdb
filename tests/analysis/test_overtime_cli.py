"""``carepath analyse`` on a real store file: the files it writes, and plain messages for what is missing."""
import csv
import subprocess
import sys

import pytest

from carepath.model import store as store_mod
from tests.analysis.test_overtime_survival import returns
from tests.indicators.world import World


def run(*args):
    return subprocess.run([sys.executable, "-m", "carepath", *args], capture_output=True, text=True, timeout=300)


@pytest.fixture
def store(tmp_path):
    """The six CP plans of test_overtime_survival (four ended at 100 and 200 days, two censored), no population."""
    path = tmp_path / "store.duckdb"
    con = store_mod.connect(path)
    world = World(con)
    returns(world, "2023-24", "2024-25")
    for child, sex in zip("ABCDEF", "MFMFMF"):
        world.child(child, sex=sex)
    for child, start, end in (("A", "2023-05-01", "2023-08-09"), ("B", "2023-06-01", "2023-09-09"),
                              ("C", "2023-06-01", "2023-12-18"), ("E", "2023-04-10", "2023-10-27"),
                              ("D", "2024-06-04", None), ("F", "2024-07-24", None)):
        world.cp_plan(child, start, end)
    con.close()
    return path


def test_survival_writes_numbers_and_charts(store, tmp_path):
    out = tmp_path / "out"
    result = run("analyse", "survival", "--store", str(store), "--measure", "cp_plan_duration", "--by", "sex",
                 "--out", str(out))
    assert result.returncode == 0, result.stderr
    for name in ("cp_plan_duration_summary.csv", "cp_plan_duration_curve.csv", "cp_plan_duration.xlsx",
                 "cp_plan_duration.png", "cp_plan_duration.svg", "cp_plan_duration_by_sex_test.csv"):
        assert (out / name).stat().st_size > 0, name
    with open(out / "cp_plan_duration_summary.csv", encoding="utf-8-sig") as f:
        (row,) = list(csv.DictReader(f))
    # worked by hand in test_overtime_survival: median day 200 = 6.6 months, 66.7% still open at 6 months, 4 at risk
    assert (row["records"], row["events"], row["median_months"]) == ("6", "4", "6.6")
    assert (row["% plan still open at 6 months"], row["at risk at 6"]) == ("66.7", "4")
    assert "31 March 2025" in result.stdout


def test_controlled_files_hide_small_counts(store, tmp_path):
    out = tmp_path / "out"
    assert run("analyse", "survival", "--store", str(store), "--measure", "cp_plan_duration", "--controlled",
               "--out", str(out)).returncode == 0
    with open(out / "cp_plan_duration_summary.csv", encoding="utf-8-sig") as f:
        (row,) = list(csv.DictReader(f))
    assert row["events"] == "c" and row["at risk at 6"] == "c"        # 4 events, 4 at risk: under 5


def test_what_is_missing_is_named_never_a_traceback(store, tmp_path):
    for args, message in ((("incidence",), "no mid-year population estimates by single year of age"),
                          (("sequences",), "no SSDA903 episodes"),
                          (("survival", "--cox"), "Only 0 returns to care")):
        result = run("analyse", *args, "--store", str(store), "--out", str(tmp_path / "x"))
        assert result.returncode == 2, (args, result.stderr)
        assert message in result.stderr and "Traceback" not in result.stderr
    result = run("analyse", "survival", "--store", str(store), "--measure", "return_to_care", "--out", str(tmp_path / "y"))
    assert result.returncode == 0 and "no records in the data (leaving care before 18" in result.stdout
