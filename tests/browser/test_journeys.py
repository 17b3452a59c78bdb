"""The journey map in Debian's chromium: the dots the page places at each station equal the
server's independent SQL count on several dates, for filtered, compared and scoped cohorts; the
controls work from the keyboard; a still can be downloaded; the Sankey and repeat pages draw;
and with 20,000 children in view the map keeps at least 30 frames a second.
"""
from __future__ import annotations

import time
from urllib.parse import quote

import pytest

from carepath.analysis import journeys_sample
from carepath.model import store as store_mod
from carepath.web.accounts import Accounts
from tests.browser.conftest import Server
from tests.conftest import import_or_fail

PASSWORD = "correct horse battery"
PERIOD = "from=2023-04-01&to=2024-12-31"
DATES = ["2023-04-01", "2023-09-15", "2024-02-29", "2024-07-01", "2024-12-31"]


def make_site(folder, children: int, seed: int):
    store = folder / "store.duckdb"
    con = store_mod.connect(store)
    journeys_sample.fill(con, children, seed=seed, la="999")
    con.close()
    accounts = Accounts(folder / "web.sqlite")
    accounts.add("analyst", PASSWORD, "analyst", None, None, display_name="Analyst", admin=False)
    accounts.add("north", PASSWORD, "team_manager", "999", "999/T1", display_name="North manager")
    accounts.add("region", PASSWORD, "regional_viewer", None, None, display_name="Region")
    return store, folder / "web.sqlite"


@pytest.fixture(scope="module")
def journeys_server(tmp_path_factory):
    store, web_db = make_site(tmp_path_factory.mktemp("journeys"), 500, seed=3)
    with Server(store, web_db, None) as running:
        yield running


def signed_in(browser, server, username: str):
    context = browser.new_context(base_url=server.url, accept_downloads=True, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto("/sign-in")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/overview")
    return page


def open_map(page, query: str):
    page.goto(f"/journeys?{query}")
    page.wait_for_selector("#journeys[data-ready='true']", state="attached")


def server_counts(page, query: str, day: str, which: str = "a") -> dict:
    response = page.request.get(f"/api/journeys/counts?{query}&which={which}&date={day}")
    assert response.ok, response.text()
    return response.json()["counts"]


def table_counts(page, which: str = "a") -> dict:
    cells = page.locator(f"#journey-counts-{which} td[data-count]")
    found = {}
    for i in range(cells.count()):
        value = int(cells.nth(i).inner_text())
        if value:
            found[cells.nth(i).get_attribute("data-count")] = value
    return found


def check_dates(page, query: str, which: str = "a") -> int:
    """Compare the page with the server on every date; returns how many children were counted."""
    counted = 0
    for day in DATES:
        expected = server_counts(page, query, day, which)
        assert page.evaluate("([d, w]) => window.carepathJourneys.countsAt(d, w)", [day, which]) == expected, day
        page.evaluate("d => window.carepathJourneys.setDate(d)", day)
        assert page.evaluate("w => window.carepathJourneys.displayedCounts(w)", which) == expected, day
        assert table_counts(page, which) == expected, day
        counted += sum(expected.values())
    return counted


def test_dots_at_each_station_equal_the_servers_count_on_several_dates(browser, journeys_server):
    page = signed_in(browser, journeys_server, "analyst")
    open_map(page, PERIOD)
    assert check_dates(page, PERIOD) > 100
    assert page.errors == []


def test_filters_change_the_page_and_the_server_alike(browser, journeys_server):
    page = signed_in(browser, journeys_server, "analyst")
    open_map(page, PERIOD)
    everyone = page.evaluate("window.carepathJourneys.children('a')")
    filtered = PERIOD + "&sex=F&age=10-15&age=" + quote("16+") + "&source=Police&source=Schools"
    open_map(page, filtered)
    fewer = page.evaluate("window.carepathJourneys.children('a')")
    assert 0 < fewer < everyone
    assert check_dates(page, filtered) > 0
    # the filter changed the server's count too: on some date it differs from everyone's
    assert any(server_counts(page, filtered, d) != server_counts(page, PERIOD, d) for d in DATES)
    assert page.errors == []


def test_a_second_cohort_side_by_side(browser, journeys_server):
    page = signed_in(browser, journeys_server, "analyst")
    query = PERIOD + "&sex=F&compare=1&b_sex=M&b_disability=no"
    open_map(page, query)
    assert page.locator("canvas").count() == 2
    assert check_dates(page, query, "a") > 0
    assert check_dates(page, query, "b") > 0
    assert "authority 999; sex: M; disabled: no" in page.locator("#journey-cohort-b").inner_text()


def test_a_team_manager_sees_the_teams_children_only(browser, journeys_server):
    analyst = signed_in(browser, journeys_server, "analyst")
    open_map(analyst, PERIOD)
    manager = signed_in(browser, journeys_server, "north")
    open_map(manager, PERIOD)
    assert 0 < manager.evaluate("window.carepathJourneys.children('a')") < \
        analyst.evaluate("window.carepathJourneys.children('a')")
    check_dates(manager, PERIOD)
    region = signed_in(browser, journeys_server, "region")
    region.goto(f"/journeys?{PERIOD}")
    assert "/journeys/sankey" in region.url                  # aggregates only: the pathways, not the dots
    assert region.request.get(f"/api/journeys/data?{PERIOD}").status == 403


def test_controls_work_from_the_keyboard_and_a_still_downloads(browser, journeys_server):
    page = signed_in(browser, journeys_server, "analyst")
    open_map(page, PERIOD)
    play = page.get_by_role("button", name="Play")
    play.focus()
    page.keyboard.press("Enter")
    assert page.get_by_role("button", name="Pause").get_attribute("aria-pressed") == "true"
    time.sleep(0.3)
    page.keyboard.press("Enter")
    assert page.get_by_role("button", name="Play").get_attribute("aria-pressed") == "false"
    slider = page.get_by_label("Date")
    page.evaluate("window.carepathJourneys.setDate('2024-02-28')")
    slider.focus()
    page.keyboard.press("ArrowRight")
    assert page.locator("#journey-date-text").inner_text() == "29 Feb 2024"
    page.get_by_label("Speed").select_option("30")
    # a station's next steps, from the keyboard
    button = page.locator("button[data-station='assessment']").first
    button.focus()
    page.keyboard.press("Enter")
    detail = page.locator("#journey-detail")
    detail.locator("table").wait_for()
    assert "What happens next: Assessment" in detail.inner_text()
    assert "Median days" in detail.inner_text() and "90th percentile days" in detail.inner_text()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download this frame").click()
    assert download.value.suggested_filename == "carepath-journeys-2024-02-29.png"
    with open(download.value.path(), "rb") as still:
        assert still.read(8) == b"\x89PNG\r\n\x1a\n"
    assert page.errors == []


def test_sankey_and_repeat_pages_draw_their_charts(browser, journeys_server):
    page = signed_in(browser, journeys_server, "analyst")
    page.goto(f"/journeys/sankey?{PERIOD}&points=source&points=first_step&points=furthest")
    page.wait_for_selector("#chart-sankey[data-drawn='true']", state="attached")
    assert page.locator("#table-journey_flows tbody tr").count() > 5
    page.goto(f"/journeys/repeats?{PERIOD}")
    for name in ("shares", "outcomes", "pathway"):
        page.wait_for_selector(f"#chart-{name}[data-drawn='true']", state="attached")
    assert page.locator("#table-s47-pathway tbody tr").count() == 7
    assert page.errors == []


def test_no_accessibility_problems_of_any_impact_on_the_journey_pages(browser, journeys_server):
    axe = import_or_fail("axe_playwright_python.sync_playwright",
                         "axe-playwright-python is not installed (pip install -e '.[test]')").Axe()
    page = signed_in(browser, journeys_server, "analyst")
    found = {}
    for path, ready in ((f"/journeys?{PERIOD}&compare=1&b_sex=M", "#journeys[data-ready='true']"),
                        (f"/journeys/sankey?{PERIOD}", "#chart-sankey[data-drawn='true']"),
                        (f"/journeys/repeats?{PERIOD}", "#chart-pathway[data-drawn='true']")):
        page.goto(path)
        page.wait_for_selector(ready, state="attached")
        found[path] = [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
                       for v in axe.run(page).response["violations"]]   # any impact, minor included
    assert {path: problems for path, problems in found.items() if problems} == {}


@pytest.mark.slow
def test_twenty_thousand_children_at_thirty_frames_a_second(browser, tmp_path_factory):
    store, web_db = make_site(tmp_path_factory.mktemp("journeys_fps"), 24_000, seed=4)
    with Server(store, web_db, None) as running:
        page = signed_in(browser, running, "analyst")
        open_map(page, "from=2021-04-01&to=2025-03-31")
        measured = page.evaluate("window.carepathJourneys.measureFps(4000)")
        print(f"\njourney map: {measured['children']} children, {measured['fps']:.1f} frames a second, "
              f"{measured['renderMs']:.1f} ms of drawing a frame")
        assert measured["children"] >= 20_000
        assert measured["fps"] >= 30
