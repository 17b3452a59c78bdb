"""The Demand page in Debian's chromium: both charts draw, the scenario controls change the page."""
from __future__ import annotations

import pytest

from carepath.web.accounts import Accounts
from tests.browser.conftest import Server
from tests.forecast.test_forecast_cli import build_store

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def demand_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demand_browser")
    build_store(folder / "store.duckdb", 30)
    accounts = Accounts(folder / "web.sqlite")
    accounts.add("analyst", PASSWORD, "analyst", None, None, display_name="Analyst", admin=False)
    with Server(folder / "store.duckdb", folder / "web.sqlite", None) as running:
        yield running


def test_the_demand_page_draws_and_its_scenario_controls_work(browser, demand_server):
    context = browser.new_context(base_url=demand_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/sign-in")
    page.get_by_label("User name").fill("analyst")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/overview")
    page.locator("nav[aria-label=Main] summary", has_text="Analyses").click()     # the Analyses menu
    page.get_by_role("link", name="Demand", exact=True).click()
    page.wait_for_url("**/demand")
    for name in ("total", "types"):
        page.wait_for_selector(f"#chart-{name}[data-drawn='true']", state="attached")
    assert page.locator("#table-demand tbody tr").count() == 37 * 7      # 36 months ahead and the start
    page.get_by_label("Forecast ahead").select_option("12")
    page.get_by_label("Change in children entering care (%)").fill("-20")
    page.get_by_role("button", name="Forecast").click()
    page.wait_for_selector("#chart-total[data-drawn='true']", state="attached")
    assert "entries=-20" in page.url
    assert page.locator("#table-demand tbody tr").count() == 13 * 7
    assert page.locator("#table-demand thead").inner_text().count("Scenario") >= 1
    assert errors == []
    context.close()


def test_an_analyst_sets_a_weekly_cost_and_the_forecast_cost_changes(browser, demand_server):
    context = browser.new_context(base_url=demand_server.url, viewport={"width": 1280, "height": 900},
                                  accept_downloads=True)
    context.set_default_timeout(60_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/sign-in")
    page.get_by_label("User name").fill("analyst")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/overview")
    page.goto("/demand?horizon=12")
    costs = page.locator("#table-demand_costs")
    assert "Placed with parents" not in costs.inner_text()          # no published default: not costed
    with page.expect_download() as download:
        page.locator("#costs-file").click()
    assert download.value.suggested_filename.startswith("placement-costs-")
    assert "placed_with_parents,," in download.value.path().read_text()
    page.get_by_label("Placed with parents", exact=True).fill("250")
    page.get_by_role("button", name="Save the costs").click()
    page.wait_for_url("**/demand?**saved=costs**")
    assert "were saved" in page.locator("[role=status]").first.inner_text()
    assert "Placed with parents" in page.locator("#table-demand_costs").inner_text()
    assert "Set by analyst" in page.content()
    page.get_by_role("button", name="Go back to the published defaults").click()
    page.wait_for_url("**/demand?**saved=costs**")
    assert "Placed with parents" not in page.locator("#table-demand_costs").inner_text()
    assert errors == []
    context.close()
