"""Benchmarks and funnel plots over DfE's published tables (skipped without ../shared/data).

Brighton and Hove (846) published for 2024-25 (c1, time_period 2025): 3,236 referrals, 763
re-referrals (23.6%). The test store's 846 computes 3 re-referrals of 20 referrals (15.0%).
"""
import pytest

from carepath.indicators import catalogue
from carepath.web.benchmarks import Benchmarks


@pytest.fixture(scope="module")
def benchmarks(request):
    from tests.conftest import shared_data_dir, skip_or_fail
    folder = shared_data_dir()
    if folder is None:
        skip_or_fail("../shared/data is not beside the project (set CAREPATH_SHARED_DATA to its path)")
    return Benchmarks(folder, like="846")


def test_the_authority_is_placed_by_its_own_computed_figure(benchmarks):
    indicator = catalogue.get("re_referrals_12m")
    published = {code: (n, d) for code, _, n, d in benchmarks.published().pairs(indicator.id, 2025)}
    assert published["846"] == (763, 3236)
    assert len([c for c in published if c.isdigit()]) >= 150
    result, described = benchmarks.funnel(indicator, "846", "2024-25", (3, 20), [])
    own = next(p for p in result.points if p.unit == "846")
    assert (own.numerator, own.denominator) == (3, 20)          # its own figure replaces the published one
    assert "placed by its own computed figure" in described
    comparison = benchmarks.comparison(indicator, "846", "2024-25", 15.0)
    assert comparison.value == 15.0 and comparison.england == pytest.approx(22.6)
    assert comparison.region_name == "South East" and len(comparison.neighbours) == 10
    assert comparison.band == "A"            # 15.0% re-referred: among the lowest quarter, and lower is better


def test_a_synthetic_authority_borrows_the_region_and_neighbours_of_like(benchmarks):
    indicator = catalogue.get("re_referrals_12m")
    comparison = benchmarks.comparison(indicator, "501", "2024-25", 30.0)
    assert comparison.region_name == "South East" and len(comparison.neighbours) == 10
    assert comparison.band == "D"            # 30% is among the highest quarter: worst, as lower is better
    assert benchmarks.name("501") == "Synthetic authority 501" and benchmarks.name("846") == "Brighton and Hove"


def test_quarters_and_unpublished_indicators_have_no_comparison(benchmarks):
    assert benchmarks.comparison(catalogue.get("contacts"), "846", "2024-25", 10.0) is None
    assert benchmarks.comparison(catalogue.get("referrals"), "846", "2031-32", 10.0) is None


def test_the_indicator_page_shows_the_funnel_with_the_authority_named(site, client_as):
    from tests.conftest import shared_data_dir, skip_or_fail
    if shared_data_dir() is None:
        skip_or_fail("../shared/data is not beside the project (set CAREPATH_SHARED_DATA to its path)")
    site.reference = shared_data_dir()
    page = client_as("analyst").get("/indicators/re_referrals_12m?la=846&period=2024-25")
    assert page.status_code == 200
    assert "Funnel plot" in page.text and 'id="chart-funnel"' in page.text and 'id="chart-bands"' in page.text
    assert "placed by its own computed figure" in page.text and "quartile band A of 4" in page.text
