"""In Debian's chromium: the Data page's Data quality, Recording timeliness and Region tabs render their
figures, download as CSV and xlsx, raise no console error and pass axe.

The store is tests/web/world.py's, with, added here and worked out by hand:

* Timely Team (T9, worker W9) holding Q1 and Q2 from 1 January 2024; a referral of each in February
  2025, Q1's with its source and Q2's without: Data quality shows Timely Team, 2025-02, source,
  2 records, 1 filled in, 50.0%.
* a visit to Q1 on Monday 3 February 2025 written up on Wednesday 5 February: 2 working days, within
  the 5 of a visit, so Recording timeliness shows Timely Team, 2025-02: 1 visit, 1 recorded, median 2,
  100.0% within.
* the regional compilation of tests/web/test_region_tab.py (2024-25 Q3): 846's 30 referrals rank 1 of
  3, region median 20.
"""
from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook

from carepath.exchange import riia_region
from carepath.model import store as store_mod
from tests.browser.conftest import serving
from tests.conftest import import_or_fail, shared_data_dir
from tests.indicators.world import World
from tests.web import world
from tests.web.test_region_tab import compilation


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Overrides the session's server: the world store with the records above and a region's compilation."""
    folder = tmp_path_factory.mktemp("browser-data")
    store = world.build(folder / "store.duckdb")
    con = store_mod.connect(store)
    extra = World(con, "846")
    extra.team("T9", "Timely Team")
    extra.worker("W9", "T9")
    for child in ("Q1", "Q2"):
        extra.child(child)
        extra.allocation(child, "W9", "2024-01-01")
    extra.referral("Q1", "2025-02-03", primary_need="N1")
    extra.referral("Q2", "2025-02-04", source=None, primary_need="N1")
    extra.put("visit", visit_id="846/Q1/2025-02-03/CIN", child_id=extra.cid("Q1"), la_code="846",
              visit_date="2025-02-03", kind="CIN", seen=True, worker_id="846/W9", recorded_date="2025-02-05")
    riia_region.import_compilation(con, compilation(folder))
    con.close()
    with serving(store, shared_data_dir()) as running:
        yield running


def cells(page, table: str, *words: str) -> list[str]:
    """The cells of the first row of ``#table-<table>`` holding every one of ``words``."""
    row = page.locator(f"#table-{table} tbody tr")
    for word in words:
        row = row.filter(has_text=word)
    return [c.strip() for c in row.first.locator("td, th").all_inner_texts()]


def watched(page_as):
    page = page_as("lead")
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    return page


def downloaded(page, table: str) -> tuple[str, list]:
    """The table's CSV text and its xlsx rows, downloaded by clicking the page's links."""
    with page.expect_download() as csv_file:
        page.locator(f'.downloads a[href^="/export/{table}.csv"]').click()
    text = open(csv_file.value.path(), encoding="utf-8-sig").read()
    with page.expect_download() as xlsx_file:
        page.locator(f'.downloads a[href^="/export/{table}.xlsx"]').click()
    assert xlsx_file.value.suggested_filename.endswith(".xlsx")
    with open(xlsx_file.value.path(), "rb") as handle:
        sheet = load_workbook(handle, read_only=True).active
        return text, [tuple(r) for r in sheet.iter_rows(values_only=True)]


def test_the_quality_tab_shows_completeness_and_downloads(page_as):
    page = watched(page_as)
    page.goto("/data?tab=quality&la=846")
    assert cells(page, "quality", "Timely Team", "2025-02", "source") == [
        "Referrals", "Timely Team", "2025-02", "source", "2", "1", "50"]
    text, rows = downloaded(page, "quality")
    assert re.search(r"Referrals,Timely Team,2025-02,source,2,1,50\.0", text)
    assert ("Referrals", "Timely Team", "2025-02", "source", 2, 1, 50.0) in rows
    assert page.errors == [] and page.console_errors == []


def test_the_timeliness_tab_shows_days_to_recording_and_downloads(page_as):
    page = watched(page_as)
    page.goto("/data?tab=timeliness&la=846")
    found = cells(page, "timeliness", "Timely Team", "2025-02")
    assert found[:6] == ["Statutory visits", "Timely Team", "2025-02", "1", "1", "2"]
    assert found[-1] == "100"
    assert "Contacts: none in the store" in page.locator(".hint").first.inner_text()
    text, _ = downloaded(page, "timeliness")
    assert "Statutory visits,Timely Team,2025-02,1,1,2" in text
    assert page.errors == [] and page.console_errors == []


def test_the_region_tab_ranks_the_authority_and_downloads(page_as):
    page = watched(page_as)
    page.goto("/data?tab=region&la=846")
    assert "2024-25 Q3" in page.content()
    row = page.locator("#table-region tbody tr").filter(has=page.locator('[data-key="measure"]', has_text="202"))
    values = {k: row.first.locator(f'[data-key="{k}"]').inner_text().strip()
              for k in ("value", "rank", "of", "region_median")}
    assert values == {"value": "30", "rank": "1", "of": "3", "region_median": "20"}
    text, _ = downloaded(page, "region")
    assert "202" in text and "30" in text
    assert page.errors == [] and page.console_errors == []


def test_the_data_tabs_have_no_accessibility_violations(page_as):
    axe = import_or_fail("axe_playwright_python.sync_playwright",
                         "axe-playwright-python is not installed (pip install -e '.[test]')").Axe()
    page = page_as("lead")
    found = {}
    for tab in ("quality", "timeliness", "region"):
        page.goto(f"/data?tab={tab}&la=846")
        found[tab] = [f"{v['id']} ({v['impact']}): {v['help']}" for v in axe.run(page).response["violations"]]
    assert {tab: v for tab, v in found.items() if v} == {}
