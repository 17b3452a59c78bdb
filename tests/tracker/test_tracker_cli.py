"""``carepath tracker rules|run`` through the real command line on a real store file."""
from __future__ import annotations

import csv
import subprocess
import sys

from carepath.model import store as store_mod
from tests.indicators.world import World
from tests.tracker.test_tracker import _setup


def carepath(*args):
    return subprocess.run([sys.executable, "-m", "carepath", *args], capture_output=True, text=True, timeout=120)


def test_rules_prints_thresholds_and_reasons():
    shown = carepath("tracker", "rules")
    assert shown.returncode == 0
    assert "sdq_score: SDQ score  (looked_after)" in shown.stdout
    assert "amber  at most 16: 14-16: borderline." in shown.stdout


def test_run_writes_one_row_per_child_with_each_rag(tmp_path):
    path = tmp_path / "s.duckdb"
    con = store_mod.connect(path)
    _setup(World(con))
    con.close()
    result = carepath("tracker", "run", "--store", str(path), "--as-at", "2025-03-31", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "Children looked after, LA 846, 31/03/2025: 2 children" in result.stdout
    with open(tmp_path / "out" / "tracker.csv", encoding="utf-8") as handle:
        rows = {r["child_id"]: r for r in csv.DictReader(handle)}
    assert (rows["846/L2"]["sdq_score"], rows["846/L2"]["sdq_score_rag"]) == ("15", "amber")
    assert (rows["846/L1"]["placement_moves"], rows["846/L1"]["placement_moves_rag"]) == ("2", "red")
    refused = carepath("tracker", "run", "--store", str(path), "--cohort", "child_in_need", "--as-at", "2025-03-31")
    assert refused.returncode == 2 and "holds no CIN plans for LA 846" in refused.stderr
