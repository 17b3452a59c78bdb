"""``carepath forecast`` end to end on a store file: tables, charts, scenario, plain messages."""
import subprocess
import sys
from datetime import date

import pandas as pd
import pytest

from carepath.model import store as store_mod
from tests.indicators.world import World


def carepath(*args):
    return subprocess.run([sys.executable, "-m", "carepath", *args], capture_output=True, text=True, timeout=300)


def add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    return date(d.year + y, m + 1, 1)


def build_store(path, months_of_history):
    """60 children starting care across the history, staying 8-16 months, in a mix of placements."""
    con = store_mod.connect(path)
    w = World(con)
    first = date(2022, 1, 1)
    places = [("U4", "PR1"), ("U4", "PR4"), ("K2", "PR4"), ("U1", "PR1"), ("P1", "PR0")]
    for i in range(60):
        w.child(f"C{i}", dob=str(date(2008 + i % 15, 1 + i % 12, 10)))
        start = add_months(first, i * months_of_history // 60)
        end = add_months(start, 8 + i % 9)
        place, provider = places[i % 5]
        w.episode(f"C{i}", str(start), None if end > add_months(first, months_of_history) else str(end),
                  placement=place, provider=provider)
    con.close()


def test_run_writes_tables_and_charts_with_a_scenario(tmp_path):
    build_store(tmp_path / "s.duckdb", 30)
    (tmp_path / "s.yml").write_text("name: Fewer entries\nchanges:\n  - entries: 0.5\n")
    out = tmp_path / "out"
    r = carepath("forecast", "run", "--store", str(tmp_path / "s.duckdb"), "--horizon", "12", "--replicates", "30",
                 "--scenario", str(tmp_path / "s.yml"), "--out", str(out))
    assert r.returncode == 0, r.stderr
    for name in ("forecast.csv", "costs.csv", "rates.csv", "forecast.xlsx", "notes.txt", "children_looked_after.png",
                 "children_looked_after.svg", "by_placement_type.svg", "scenario.png", "costs.svg"):
        assert (out / name).exists(), name
    table = pd.read_csv(out / "forecast.csv")
    total = table[(table.age_band == "All") & (table.placement_type == "All")]
    assert len(total) == 13
    # halving entries cannot raise the number looked after in any month, and lowers it by the end
    assert (total.difference <= 1e-9).all() and total.difference.iloc[-1] < 0
    assert "Children looked after on" in r.stdout


def test_fewer_than_two_years_is_a_message_not_a_traceback(tmp_path):
    build_store(tmp_path / "s.duckdb", 14)
    r = carepath("forecast", "run", "--store", str(tmp_path / "s.duckdb"), "--out", str(tmp_path / "out"))
    assert r.returncode != 0 and "Traceback" not in r.stderr
    assert "at least 2 years" in r.stderr + r.stdout


def test_a_missing_store_is_a_message(tmp_path):
    r = carepath("forecast", "run", "--store", str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "out"))
    assert r.returncode != 0 and "No store at" in r.stderr + r.stdout and "Traceback" not in r.stderr


def test_backtest_scores_the_held_out_year(tmp_path):
    build_store(tmp_path / "s.duckdb", 40)
    out = tmp_path / "bt"
    r = carepath("forecast", "backtest", "--store", str(tmp_path / "s.duckdb"), "--replicates", "20", "--out", str(out))
    assert r.returncode == 0, r.stderr
    summary = pd.read_csv(out / "backtest_summary.csv")
    detail = pd.read_csv(out / "backtest_detail.csv")
    total = detail[(detail.age_band == "All") & (detail.placement_type == "All")]
    assert len(total) == 12 and (out / "backtest.svg").exists() and (out / "backtest.xlsx").exists()
    row = summary[(summary.age_band == "All") & (summary.placement_type == "All")].iloc[0]
    # the summary is the detail's own arithmetic: MAPE over the months with someone observed
    scored = total[total.observed > 0]
    assert row.mape_percent == pytest.approx(((scored.forecast - scored.observed).abs() / scored.observed).mean() * 100, abs=1e-3)
    assert "interval coverage" in r.stdout and "aged 10 to 15" in r.stdout


def test_backtest_needs_three_years(tmp_path):
    build_store(tmp_path / "s.duckdb", 30)
    r = carepath("forecast", "backtest", "--store", str(tmp_path / "s.duckdb"), "--out", str(tmp_path / "bt"))
    assert r.returncode != 0 and "36 months in all" in r.stderr + r.stdout and "Traceback" not in r.stderr


def test_demand_writes_a_forecast_per_series_held(tmp_path):
    con = store_mod.connect(tmp_path / "s.duckdb")
    w = World(con)
    # referrals on the 1st and 15th of each month for 24 months, 2 a month: a flat series
    for i in range(24):
        w.child(f"R{i}")
        for day in (1, 15):
            w.referral(f"R{i}", str(add_months(date(2022, 4, 1), i).replace(day=day)))
    con.close()
    out = tmp_path / "dm"
    r = carepath("forecast", "demand", "--store", str(tmp_path / "s.duckdb"), "--horizon", "6", "--out", str(out))
    assert r.returncode == 0, r.stderr
    fc = pd.read_csv(out / "demand_forecast.csv")
    referrals = fc[fc.series == "referrals"]
    assert len(referrals) == 6 and referrals.forecast.to_numpy() == pytest.approx(2, abs=0.01)
    assert (out / "demand_referrals.svg").exists()
    assert "Assessments started in the month: no records in the store" in r.stdout
    assert "fewer than 36: forecast without a seasonal pattern" in r.stdout


def test_a_placement_type_with_no_children_and_one_with_no_cost_are_said(tmp_path):
    # build_store places children in U4 (PR1, PR4), K2, U1 and P1 only: nobody in "other"
    build_store(tmp_path / "s.duckdb", 30)
    out = tmp_path / "out"
    r = carepath("forecast", "run", "--store", str(tmp_path / "s.duckdb"), "--horizon", "12", "--replicates", "20",
                 "--out", str(out))
    assert r.returncode == 0, r.stderr
    said = r.stdout + (out / "notes.txt").read_text()
    assert "No child was in a Other placement during the reference window" in said
    assert "No weekly cost for Placed with parents, Other: left out of the cost forecast" in said
    costs = pd.read_csv(out / "costs.csv")
    assert "Placed with parents" not in set(costs.placement_type)        # not priced at £0: left out
    assert "Kinship fostering" in set(costs.placement_type)              # the national minimum allowance
