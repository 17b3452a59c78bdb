"""The care proceedings page in a real browser over a real server: the leaving-care curve with and
without proceedings is drawn, downloads as PNG and SVG with its numbers as CSV, and a regional viewer
sees it under disclosure control; the journeys Sankey is drawn too."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import serving
from tests.web import overtime_world


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """tests/web/overtime_world.py with six children's periods of care under linked care proceedings."""
    folder = tmp_path_factory.mktemp("proceedings")
    with serving(overtime_world.with_proceedings(folder / "store.duckdb")) as running:
        yield running


def test_the_leaving_care_curve_is_drawn_and_downloads(page_as):
    page = page_as("lead")
    page.goto("/proceedings?tab=leaving")
    page.wait_for_selector("#chart-proceedings-leaving .main-svg")
    assert page.locator("#chart-proceedings-leaving .scatterlayer .trace").count() == 4   # a band and a line each
    legend = page.locator("#chart-proceedings-leaving .legend").text_content()
    assert "With proceedings" in legend and "Without proceedings" in legend
    for fmt in ("png", "svg"):
        with page.expect_download() as download:
            page.locator(f'[data-download="chart-proceedings-leaving"][data-format="{fmt}"]').click()
        assert download.value.suggested_filename == f"chart-proceedings-leaving.{fmt}"
        content = Path(download.value.path()).read_bytes()
        assert content.startswith(b"\x89PNG") if fmt == "png" else b"<svg" in content[:300]
    with page.expect_download() as download:
        page.locator(".downloads a", has_text="CSV").first.click()
    lines = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    # by hand (tests/web/test_proceedings_page.py): 16.7% of periods with proceedings still going at 104 weeks
    assert "With proceedings,104,16.7,1,5" in lines
    assert page.errors == []


def test_a_regional_viewer_sees_the_curve_controlled(page_as):
    page = page_as("region")
    page.goto("/proceedings?tab=leaving")
    page.wait_for_selector("#chart-proceedings-leaving .main-svg")
    assert "shown as c" in page.locator(".notice").inner_text()
    cells = page.locator("#table-proceedings_leaving_care tbody abbr").count()
    assert cells >= 4                                    # the 104-week cells resting on fewer than 5 children
    assert page.errors == []


def test_the_journeys_sankey_is_drawn(page_as):
    page = page_as("lead")
    page.goto("/proceedings?tab=journeys")
    page.wait_for_selector("#chart-proceedings-sankey .main-svg")
    assert page.errors == []


def test_no_serious_accessibility_violations_on_the_leaving_care_tab(page_as):
    from tests.browser.test_browser_usability import violations as serious
    page = page_as("lead")
    page.goto("/proceedings?tab=leaving")
    page.wait_for_selector("#chart-proceedings-leaving .main-svg")
    assert serious(page) == []
