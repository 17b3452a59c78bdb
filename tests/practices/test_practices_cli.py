"""``carepath practices list|show|run`` on a real store file, through the real command line."""
from __future__ import annotations

import csv
import subprocess
import sys

from openpyxl import load_workbook

from carepath.model import store as store_mod
from carepath.model.ids import join
from tests.indicators.world import World


def carepath(*args):
    return subprocess.run([sys.executable, "-m", "carepath", *args], capture_output=True, text=True, timeout=120)


def _store(tmp_path):
    path = tmp_path / "s.duckdb"
    con = store_mod.connect(path)
    world = World(con)
    world.child("A")
    world.team("T1", "Child Protection East")
    world.worker("W1", "T1", "Sam Reed")
    world.allocation("A", "W1", "2024-01-01")
    world.cp_plan("A", "2024-12-16")  # first visit due Thursday 2 January 2025 (see test_visits)
    cid = world.cid("A")
    world.put("visit", visit_id=join(cid, "2025-01-03", "CP"), child_id=cid, visit_date="2025-01-03", kind="CP",
              seen=True)  # a day late; next due 17 January, after the as-at day
    con.close()
    return path


def test_list_and_show_name_the_source_and_the_records_needed():
    listed = carepath("practices", "list")
    assert listed.returncode == 0
    assert "cp_visits" in listed.stdout and "unregulated_under_16" in listed.stdout
    shown = carepath("practices", "show", "cla_reviews")
    assert "Care Planning, Placement and Case Review (England) Regulations 2010" in shown.stdout
    assert "looked-after reviews (table cla_review)" in shown.stdout
    assert "add_working_days" in shown.stdout
    unknown = carepath("practices", "show", "visits")
    assert unknown.returncode == 2 and "There is no key practice 'visits'" in unknown.stderr
    assert "cp_visits" in unknown.stderr and "Traceback" not in unknown.stderr


def test_run_writes_breaches_and_says_what_is_not_measurable(tmp_path):
    store = _store(tmp_path)
    out = tmp_path / "out"
    result = carepath("practices", "run", "--store", str(store), "--from", "2024-12-01", "--as-at", "2025-01-10",
                      "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "846  cp_visits               1 breaches of 1 due" in result.stdout
    assert "846  cla_visits              not measurable: no SSDA903 episodes and no looked-after visits loaded" \
        in result.stdout
    with open(out / "breaches.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["practice_id"], r["child_id"], r["due_date"], r["done_date"], r["days_late"], r["team_name"],
             r["worker_name"]) for r in rows] == [
        ("cp_visits", "846/A", "2025-01-02", "2025-01-03", "1", "Child Protection East", "Sam Reed")]
    summary = load_workbook(out / "summary.xlsx").active
    header = [c.value for c in summary[1]]
    notes = {row[header.index("practice_id")]: row[header.index("note")] for row in summary.iter_rows(2, values_only=True)}
    assert notes["cp_visits"] is None
    assert notes["return_interviews"] == "not measurable: no missing episodes and no return interviews loaded"


def test_a_bad_date_is_a_message(tmp_path):
    result = carepath("practices", "run", "--store", str(_store(tmp_path)), "--as-at", "31/01/2025")
    assert result.returncode == 2
    assert "--as-at '31/01/2025' is not a date written YYYY-MM-DD." in result.stderr
