"""A tiny synthetic authority goes through the real readers: every row loads, nothing is rejected."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from carepath.sources.loader import load_file

YEARS = ("2021-22", "2022-23", "2023-24", "2024-25")


def test_four_cin_censuses_load_without_a_reject_and_stitch_into_one_history(store, tiny_dir):
    episodes, children = set(), set()
    for year in YEARS:
        path = tiny_dir / "cin" / f"CIN_501_{year}.xml"
        result = load_file(store, path)
        assert result.status == "loaded", result.message
        assert (result.format, result.la_code, result.rows_rejected) == ("cin-census-xml", "501", 0)
        for child in ET.parse(path).getroot().iter("Child"):
            local = child.findtext("ChildIdentifiers/LAchildID")
            children.add(local)
            episodes.update((local, e.findtext("CINreferralDate")) for e in child.findall("CINdetails"))
    assert store.execute("SELECT count(*) FROM child").fetchone()[0] == len(children)
    assert store.execute("SELECT count(*) FROM referral").fetchone()[0] == len(episodes)
    truth = json.loads((tiny_dir / "truth.json").read_text())
    loaded = store.execute("SELECT count(*) FROM referral WHERE referral_date BETWEEN DATE '2024-04-01' "
                           "AND DATE '2025-03-31'").fetchone()[0]
    assert loaded == truth["figures"]["2024-25"]["referrals"]
    open_at_end = store.execute("SELECT count(*) FROM referral WHERE NOT nfa AND referral_date <= DATE '2025-03-31' "
                                "AND (closure_date IS NULL OR closure_date > DATE '2025-03-31')").fetchone()[0]
    assert open_at_end == truth["figures"]["2024-25"]["cin_at_31_march"]


def test_ssda903_returns_load_without_a_reject(store, tiny_dir):
    for year in YEARS:
        for path in sorted((tiny_dir / "ssda903" / year).glob("*.csv")):
            result = load_file(store, path)
            # a table with no rows is the same bytes in two years, so the second is "already loaded"
            assert result.status in ("loaded", "already loaded"), (path.name, result.message)
            assert result.rows_rejected == 0, (year, path.name)
    truth = json.loads((tiny_dir / "truth.json").read_text())
    looked_after = store.execute(
        "SELECT count(DISTINCT child_id) FROM cla_episode WHERE start_date <= DATE '2025-03-31' AND "
        "(end_date IS NULL OR end_date > DATE '2025-03-31') AND legal_status NOT IN ('V3', 'V4')").fetchone()[0]
    assert looked_after == truth["figures"]["2024-25"]["cla_at_31_march"]


def test_local_extracts_load_without_a_reject(store, tiny_dir):
    for path in sorted((tiny_dir / "local").glob("*.csv")):
        result = load_file(store, path)
        assert result.status == "loaded", (path.name, result.message)
        assert result.rows_rejected == 0, path.name


def test_annex_a_loads_without_a_reject(store, tiny_dir):
    path = next((tiny_dir / "annex_a").glob("*.xlsx"))
    result = load_file(store, path, la_code="501")
    assert result.status == "loaded", result.message
    assert result.rows_rejected == 0
