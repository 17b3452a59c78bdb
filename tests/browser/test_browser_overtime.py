"""The "Over time" pages in a real browser over a real server: the charts are drawn, the numbers are
there, a team manager sees controlled curves, and an analyst's drill-through to children is audited."""
from __future__ import annotations

import pytest

from tests.browser.conftest import serving
from tests.web import overtime_world


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The authority of tests/web/overtime_world.py: fourteen children, twelve of them Ann's."""
    folder = tmp_path_factory.mktemp("overtime")
    with serving(overtime_world.build(folder / "store.duckdb")) as running:
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
    assert page.locator("#table-overtime_children tbody tr").count() == 7        # the 7 girls' periods of care
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
    # the typical path is the medoid child's own history: not for those who may not see the children
    assert "one child's history: not shown" in regional.locator("#table-overtime_sequences").inner_text()


def test_no_serious_accessibility_violations_on_the_over_time_pages(page_as):
    from tests.browser.test_browser_usability import violations as serious
    page = page_as("analyst")
    found = {}
    for path, chart in (("/overtime?la=846&measure=return_to_care&by=reason", "overtime"),
                        ("/overtime/sequences?la=846&months=24", "sequences"),
                        ("/overtime/incidence?la=846", "incidence"),
                        ("/overtime/children?la=846&measure=leaving_care&by=sex&group=Male", None)):
        page.goto(path)
        if chart:
            page.wait_for_selector(f"#chart-{chart} .main-svg")
        found[path] = serious(page)
    assert {path: v for path, v in found.items() if v} == {}
