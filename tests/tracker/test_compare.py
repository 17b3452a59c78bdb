"""The tracker's national comparison: the authority's OC2 health figures beside England's and the region's.

The published table here is made up for the test, in the layout of DfE's table of looked-after
children's health outcomes (la_conviction_health_outcome_cla): England 90.0% with an annual health
assessment and an average SDQ score of 13.9; the North East 92.0% and 14.2. The authority's own
OC2 rows at 31 March 2025, by hand: four children, three with a health assessment = 75.0%; SDQ
scores 12 (age 10) and 18 (age 8) average 15.0; the 3-year-old's score of 5 is outside ages 5 to 16
and the fourth child has none.
"""
from __future__ import annotations

import subprocess
import sys

import pytest

from carepath.model import store as store_mod
from carepath.tracker import compare
from tests.indicators.world import World

HEADER = ("time_period,geographic_level,country_code,country_name,region_code,region_name,new_la_code,old_la_code,"
          "la_name,cla_group,characteristic,number,percentage\n")
ROWS = [
    ("National", "", "", "", "", "Health care and development", "Had their annual health assessment", "60000", "90.0"),
    ("National", "", "", "", "", "Ages 5 to 16 years with SDQ score", "SDQ average score", "13.9", ""),
    ("Regional", "E12000001", "North East", "", "", "Health care and development",
     "Had their annual health assessment", "4000", "92.0"),
    ("Regional", "E12000001", "North East", "", "", "Ages 5 to 16 years with SDQ score", "SDQ average score", "14.2", ""),
    ("Local authority", "E12000001", "North East", "846", "Brighton", "Health care and development",
     "Had their annual health assessment", "c", "c"),
]


@pytest.fixture
def reference(tmp_path):
    folder = tmp_path / "reference"
    folder.mkdir()
    lines = [",".join(("2025", level, "E92000001", "England", region, region_name, "", la, name, group, what, n, pct))
             for level, region, region_name, la, name, group, what, n, pct in ROWS]
    (folder / "la_conviction_health_outcome_cla.csv").write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _store(con):
    world = World(con)
    for child, dob, assessed, sdq in (("A", "2014-06-01", True, 12), ("B", "2016-06-01", True, 18),
                                      ("C", "2021-06-01", True, 5), ("D", "2010-06-01", False, None)):
        world.child(child, dob=dob)
        world.put("cla_outcome", child_id=world.cid(child), year_ending="2025-03-31", health_assessment=assessed,
                  sdq_score=sdq)


def test_own_figures_by_hand_beside_the_published_ones(store, reference):
    _store(store)
    rows = {r.measure: r for r in compare.compare(store, reference, "846", 2025)}
    health, sdq = rows["oc2_health_assessment"], rows["oc2_sdq_average"]
    assert (health.own, health.england, health.region, health.region_name) == (75.0, 90.0, 92.0, "North East")
    assert (sdq.own, sdq.england, sdq.region) == (15.0, 13.9, 14.2)
    assert rows["oc2_dental_check"].england is None      # not in the published file: not published, never 0


def test_without_the_published_table_only_the_own_figures(store, tmp_path):
    _store(store)
    rows = {r.measure: r for r in compare.compare(store, None, "846", 2025)}
    assert (rows["oc2_health_assessment"].own, rows["oc2_health_assessment"].england) == (75.0, None)


def test_the_command(tmp_path, reference):
    path = tmp_path / "s.duckdb"
    con = store_mod.connect(path)
    _store(con)
    con.close()
    result = subprocess.run([sys.executable, "-m", "carepath", "tracker", "compare", "--store", str(path),
                             "--reference", str(reference), "--year", "2024-25"], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Had their annual health assessment (%)      75.0   England          90.0   North East 92.0" \
        in result.stdout
