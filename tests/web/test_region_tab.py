"""The Data page's Region tab: an imported regional compilation, benchmarked for the authority.

Hand-built compilation for 2024-25 Q3, North region: referrals (202) 846 = 30, 801 = 10, 802 = 20;
846 is ranked 1 of 3, region median 20. Context: 801 gave 846's answers to X25-X29 (similar), 802
did not, so the similar-context median is 801's 10. 846's 209 carries a quality check.
"""
from __future__ import annotations

import csv
import re
import shutil

from carepath.exchange import riia_region
from carepath.exchange.riia_workbook import COMPILED_HEADER, CONTEXT_SHEET_HEADER
from carepath.model import store as store_mod
from tests.web.conftest import Site, sign_in

from fastapi.testclient import TestClient


def compilation(folder):
    path = folder / "region.csv"
    rows = [[la, f"LA {la}", "North", "2024-25", "Q3", "202", "Referrals", n, "", "per 10,000", "2025-01-20", "", ""]
            for la, n in (("846", 30), ("801", 10), ("802", 20))]
    rows.append(["846", "LA 846", "North", "2024-25", "Q3", "209", "ICPCs", 12, 120.0, "%", "2025-01-20", "",
                 "numerator above denominator: 209 (12) is more than 208 (10)"])
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([COMPILED_HEADER] + rows)
    answers = {"846": ["a", "Yes", "Child", "No", "Yes"], "801": ["a", "Yes", "Child", "No", "No"],
               "802": ["b", "No", "Family", "No", "Yes"]}
    with open(folder / "region_context.csv", "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([CONTEXT_SHEET_HEADER] + [
            [la, f"LA {la}", "North", f"X{25 + i}", a, "2025-01-20"] for la, values in answers.items()
            for i, a in enumerate(values)])
    return path


def test_the_region_tab_ranks_the_authority_and_exports(built, tmp_path):
    store = tmp_path / "store.duckdb"
    shutil.copy(built.store, store)
    web_db = tmp_path / "web.sqlite"
    shutil.copy(built.web_db, web_db)
    con = store_mod.connect(store)
    assert riia_region.import_compilation(con, compilation(tmp_path)) == (4, 15)
    con.close()
    site = Site(store, web_db)
    with TestClient(site.app()) as client:
        sign_in(client, "lead")
        page = client.get("/data?tab=region")
        assert page.status_code == 200
        text = page.text
        assert "2024-25 Q3" in text and "Region (RIIA)" in text
        table = text[text.index("<table"):]
        rows = {}
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table[table.index("<tbody"):], re.S):   # the body rows
            cells = dict(re.findall(r'data-key="(\w+)"[^>]*>\s*(.*?)\s*</t[hd]>', row, re.S))
            rows[cells["measure"]] = cells
        # 846: 30 referrals (no rate: counts compared), rank 1 of 3, region median 20, similar (801) median 10
        assert {k: rows["202"][k] for k in ("kind", "value", "rank", "of", "region_median", "similar_median")} == {
            "kind": "count", "value": "30", "rank": "1", "of": "3", "region_median": "20", "similar_median": "10"}
        assert "numerator above denominator" in rows["209"]["quality"]
        exported = client.get("/export/region.csv?la=846")       # the numbers behind the tab
        assert exported.status_code == 200
        assert "Similar context median" in exported.text and "numerator above denominator" in exported.text


def test_the_region_tab_says_when_nothing_was_imported(client_as):
    client = client_as("lead")
    page = client.get("/data?tab=region")
    assert page.status_code == 200
    assert "No regional compilation has been imported" in page.text
