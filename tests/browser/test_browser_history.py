"""In Debian's chromium: a figure with an incomplete history is greyed on the charts and noted beside
its figure and in its table rows; a level not computed shows only a note, with the command to
compute it for an analyst and "not available yet" for everyone else. The store is
tests/web/world.py's build_with_history, whose figures are worked out there by hand."""
from __future__ import annotations

import pytest

from tests.browser.conftest import serving
from tests.conftest import import_or_fail, shared_data_dir
from tests.web import world

GREY = "rgb(80, 90, 95)"      # charts.GREY, #505a5f
ACCENT = "rgb(29, 112, 184)"  # charts.ACCENT, #1d70b8


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Overrides the session's server: the store whose referral history starts on 1 April 2024."""
    folder = tmp_path_factory.mktemp("browser-history")
    with serving(world.build_with_history(folder / "store.duckdb"), shared_data_dir()) as running:
        yield running


def points(page, chart: str, series: str) -> list[dict]:
    """The drawn markers of one series of a chart (first or last): each one's stroke colour and fill."""
    page.wait_for_selector(f"#{chart}[data-drawn=true]")
    return page.evaluate(f"""Array.from(document.querySelectorAll('#{chart} .scatterlayer .trace:{series}-child .point'))
        .map(p => ({{stroke: getComputedStyle(p).stroke, fill: getComputedStyle(p).fill}}))""")


def test_a_figure_with_an_incomplete_history_is_greyed_and_noted(page_as):
    page = page_as("lead")
    page.goto("/indicators/referrals?la=846&period=2024-25")
    # 2023-24 lies before the one loaded year: grey and open; 2024-25 blue and filled (2022-23 has
    # no value, no mid-2022 population, so Plotly draws no marker for it)
    greyed, plain = points(page, "chart-trend", "first"), points(page, "chart-trend", "last")
    assert greyed[0]["stroke"] == GREY and greyed[0]["fill"] in ("none", "rgba(0, 0, 0, 0)")
    assert [p["fill"] for p in plain] == [ACCENT]
    assert "Incomplete history (grey, open)" in page.locator("#chart-trend .legend").text_content()
    earlier = page.locator("#table-trend tbody tr", has_text="2023-24")
    assert "incomplete-row" in earlier.get_attribute("class")
    assert earlier.evaluate("r => getComputedStyle(r.querySelector('td')).fontStyle") == "italic"
    assert "Incomplete history: needs referral data from 1 April 2023" in earlier.inner_text()
    assert "incomplete-row" not in (page.locator("#table-trend tbody tr", has_text="2024-25")
                                    .get_attribute("class") or "")

    page.goto("/indicators/re_referrals_12m?la=846&period=2024-25&by=team")
    headline = page.locator("#headline-value")
    assert headline.inner_text().strip() == "15.0%"        # 3 of 20, counted but not trusted
    assert headline.evaluate("h => getComputedStyle(h).color") == GREY
    assert "Incomplete history: needs referral data from 1 April 2023" in page.locator("#headline-history").inner_text()
    page.wait_for_selector("#chart-breakdown[data-drawn=true]")
    bars = page.evaluate("""Array.from(document.querySelectorAll('#chart-breakdown .bars .point path'))
        .map(p => getComputedStyle(p).fill)""")
    assert bars and ACCENT not in bars                       # every team's bar is grey and hatched
    assert "(incomplete history)" in page.locator("#chart-breakdown").text_content()
    assert page.errors == []


@pytest.mark.parametrize("username, command", [("analyst", True), ("lead", False), ("ann", False)])
def test_a_level_not_computed_shows_only_the_note_for_the_role(page_as, username, command):
    page = page_as(username)
    page.goto("/indicators/referrals?la=846&period=2022-23&by=team")
    section = page.locator("#breakdown")
    note = section.locator("#breakdown-not-computed").inner_text()
    if command:
        assert "carepath indicators run --indicator referrals --period 2022-23 --level all" in note
    else:
        assert note == "Figures by team are not available yet: they have not been computed. Your analyst can compute them."
        assert "carepath" not in page.locator("main").inner_text()
    assert section.locator(".chart").count() == 0 and section.locator("table").count() == 0
    for chart in page.locator("[data-chart]").all():        # whatever is drawn has something in it
        assert chart.get_attribute("data-drawn") == "true"
        assert chart.locator(".point").count() > 0
    assert page.errors == []


def test_the_greyed_and_not_computed_pages_have_no_accessibility_violations(page_as):
    """axe finds no violation of any impact where figures are greyed (colour contrast of the grey
    text, the italic rows) or a level shows only its note."""
    axe = import_or_fail("axe_playwright_python.sync_playwright",
                         "axe-playwright-python is not installed (pip install -e '.[test]')").Axe()
    page = page_as("lead")
    found = {}
    for path in ("/indicators/re_referrals_12m?la=846&period=2024-25&by=team",
                 "/indicators/referrals?la=846&period=2022-23&by=team", "/overview?set=all&la=846&period=2024-25"):
        page.goto(path)
        found[path] = [f"{v['id']} ({v['impact']}): {v['help']}" for v in axe.run(page).response["violations"]]
    assert {path: v for path, v in found.items() if v} == {}
