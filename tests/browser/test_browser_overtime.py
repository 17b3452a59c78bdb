"""The "Over time" pages in a real browser over a real server: the charts are drawn, the numbers are
there, a team manager sees controlled curves, and an analyst's drill-through to children is audited."""
from __future__ import annotations

import pytest

from carepath.model import store as store_mod
from carepath.web.accounts import Accounts
from tests.browser.conftest import Server
from tests.indicators.world import World
from tests.web import world as web_world


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Twelve children in care and on CP plans in LA 846, returns 2021-22 to 2024-25."""
    folder = tmp_path_factory.mktemp("overtime")
    path = folder / "store.duckdb"
    con = store_mod.connect(path)
    w = World(con, "846")
    for i, year in enumerate(("2021-22", "2022-23", "2023-24", "2024-25"), 1):
        con.execute("INSERT INTO load_batch (batch_id, la_code, file_name, format, return_year) "
                    "VALUES (?, '846', ?, 'ssda903-csv', ?)", [i, f"episodes_{year}.csv", year])
    w.team("T1", "Alpha", "North", "Safeguarding")
    w.worker("W1", "T1", "Ann")
    for year in range(2020, 2025):
        for age in range(0, 18):
            w.population(year, 100, age=age, sex="M")
            w.population(year, 100, age=age, sex="F")
    for i in range(12):
        child = f"K{i}"
        w.child(child, dob=f"20{10 + i % 8}-0{1 + i % 9}-15", sex="MF"[i % 2])
        w.allocation(child, "W1", "2021-01-01", team="T1")
        start = f"2021-{1 + i % 12:02d}-10".replace("2021-01", "2021-04").replace("2021-02", "2021-05").replace("2021-03", "2021-06")
        end = None if i % 4 == 0 else f"2023-{1 + i % 12:02d}-20"
        w.episode(child, start, end, reason_ceased=None if end is None else "E4A")
        w.cp_plan(child, f"2022-{1 + i % 12:02d}-05", f"2023-{1 + i % 12:02d}-05")
    con.close()
    web_world.add_users(Accounts(folder / "store.duckdb.web.sqlite"))
    with Server(path, folder / "store.duckdb.web.sqlite", None) as running:
        yield running


def test_the_curve_is_drawn_with_its_numbers(page_as):
    page = page_as("analyst")
    page.goto("/overtime?la=846&measure=leaving_care&by=sex")
    page.wait_for_selector("#chart-overtime .main-svg")
    assert page.locator("#chart-overtime .scatterlayer .trace").count() >= 2     # a band and a line per group
    rows = page.locator("#table-overtime_summary tbody tr")
    assert rows.count() == 2                                                      # Female, Male
    assert "Log-rank test of 2 groups" in page.locator("#logrank").inner_text()
    assert page.errors == []


def test_incidence_draws_one_line_per_cohort(page_as):
    page = page_as("analyst")
    page.goto("/overtime/incidence?la=846&event=care")
    page.wait_for_selector("#chart-incidence .main-svg")
    assert page.locator("#chart-incidence .scatterlayer .trace").count() >= 1
    assert "not extrapolated" in page.content()
    assert page.errors == []


def test_a_team_manager_sees_the_curve_under_disclosure_control(page_as):
    page = page_as("region")
    page.goto("/overtime?la=846&measure=cp_plan_duration")
    page.wait_for_selector("#chart-overtime .main-svg")
    assert "steps of at least 5 events" in page.content()
    assert page.locator("#table-overtime_summary tbody a").count() == 0          # no drill-through


def test_an_analyst_opens_a_group_into_its_children_and_it_is_audited(page_as):
    page = page_as("analyst")
    page.goto("/overtime?la=846&measure=leaving_care&by=sex")
    page.locator("#table-overtime_summary tbody a", has_text="Female").click()
    page.wait_for_selector("#table-overtime_children")
    assert page.locator("#table-overtime_children tbody tr").count() == 6
    page.goto("/admin/audit")
    assert "over time children" in page.content()


def test_groups_of_care_histories_draw_their_index_plot_for_an_analyst_only(page_as):
    page = page_as("analyst")
    page.goto("/overtime/sequences?la=846&months=24")
    page.wait_for_selector("#chart-sequences .main-svg")
    assert page.locator("#table-overtime_sequences tbody tr").count() >= 2
    assert page.errors == []
    regional = page_as("region")
    regional.goto("/overtime/sequences?la=846&months=24")
    assert regional.locator("#chart-sequences").count() == 0                    # no individual histories
    assert "not shown" in regional.content()
