"""On a synthetic authority, whose generator knows its rates, the model recovers them within sampling error."""
import json
import subprocess
import sys

import pytest

from carepath.forecast.history import load_history
from carepath.forecast.markov import estimate, stock_at
from carepath.model import store as store_mod

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """Synthshire: 20,000 children aged 0-17, five return years 2020-21 to 2024-25, loaded into a store."""
    root = tmp_path_factory.mktemp("synth13")
    run = [sys.executable, "-m", "carepath", "--store", str(root / "s.duckdb")]
    for args in (["synth", "--out", str(root / "ret"), "--size", "small", "--seed", "7",
                  "--years", "2020-21..2024-25"], ["load", str(root / "ret")]):
        done = subprocess.run(run + args, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
    truth = json.loads(next((root / "ret").glob("*/truth.json")).read_text())
    con = store_mod.connect(root / "s.duckdb", read_only=True)
    yield load_history(con), truth
    con.close()


def test_stock_at_each_31_march_is_the_generators(synthetic):
    history, truth = synthetic
    for year, figures in truth["figures"].items():
        march = next(m for m in history.months if m.year == int(year[:4]) + 1 and m.month == 3)
        assert stock_at(history, march).sum() == figures["cla_at_31_march"], year


def test_entry_rate_recovers_the_generators_within_sampling_error(synthetic):
    history, truth = synthetic
    rates = estimate(history, window_months=48)          # April 2021 to March 2025: four return years
    entries_in_window = rates.entries.sum() * 48
    # the generator's own count of children starting care in those four years (same records, so close:
    # it differs only by children who start and leave within one month, or start twice)
    started = sum(truth["figures"][y]["cla_started"] for y in ("2021-22", "2022-23", "2023-24", "2024-25"))
    assert entries_in_window == pytest.approx(started, rel=0.10)
    # the rate it draws from: 26.5 starts per 10,000 children a year; over four years of about 20,100 children
    # that is 26.5 x 2.01 x 4 = 213 expected starts, a Poisson count with sd sqrt(213) = 14.6: within 3 sd
    children = [truth["figures"][y]["children_0_17"] for y in ("2021-22", "2022-23", "2023-24", "2024-25")]
    expected = sum(truth["parameters"]["cla_starts_per_10k"] * c / 10_000 for c in children)
    assert abs(entries_in_window - expected) < 3 * expected ** 0.5
