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


def test_a_rate_is_funnelled_with_poisson_limits_and_ranked(benchmarks):
    # referrals per 10,000: every authority's published count over its children aged 0-17 (mid-2024); the
    # store's 846 computes 20 referrals of 10,000 children (20.0 per 10,000), far below every real authority.
    indicator = catalogue.get("referrals")
    result, described = benchmarks.funnel(indicator, "846", "2024-25", (20, 10_000), [])
    assert result.kind == "rate" and result.scale == 10_000
    assert len(result.points) >= 150 and "placed by its own computed figure" in described
    assert result.flags["846"] == "outlier low"
    # the spread of real authorities' referral rates is far wider than Poisson: over-dispersion is found
    assert result.overdispersed and "over-dispersion" in result.method
    comparison = benchmarks.comparison(indicator, "846", "2024-25", 20.0)
    lowest = min(v for a, v in comparison.all_authorities.items() if a != "846")
    assert 20.0 < lowest
    # neither direction is better for referrals: rank 1 is the highest, so the lowest is last; no band
    assert comparison.rank == comparison.ranked and comparison.band is None


def test_rank_counts_ties_as_lait_does():
    from carepath.analysis.benchmark import rank
    # others 30, 20, 20, 10; lower is better: a value of 20 has one authority better (10), so rank 2 of 5
    assert rank(20.0, [30.0, 20.0, 20.0, 10.0], "lower") == (2, 5)
    # higher is better: 30 is ahead of 20, so 20 is 2nd of 5 (tied with the other two 20s)
    assert rank(20.0, [30.0, 20.0, 20.0, 10.0], "higher") == (2, 5)
    assert rank(5.0, [30.0, 20.0], "neither") == (3, 3)


def test_the_rate_page_shows_the_funnel_of_every_authority(site, client_as):
    from tests.conftest import shared_data_dir, skip_or_fail
    if shared_data_dir() is None:
        skip_or_fail("../shared/data is not beside the project (set CAREPATH_SHARED_DATA to its path)")
    site.reference = shared_data_dir()
    page = client_as("analyst").get("/indicators/referrals?la=846&period=2024-25")
    assert 'id="chart-funnel"' in page.text and "Per 10,000 children" in page.text
    assert "Rank " in page.text and "Context: Ofsted inspection" in page.text
    assert "Overall effectiveness" in page.text          # Brighton and Hove's ILACS judgements from the shared data


def test_the_page_benchmarks_from_an_ees_file_and_names_a_missing_one(site, client_as, tmp_path):
    # The made-up workforce file of tests/reference/test_ees.py, with the store's authority 846 in the place
    # of 801: England 15.0, its neighbours' median 30.0, neighbour Authority C suppressed (c).
    from tests.reference.test_ees import write_reference
    site.reference = write_reference(tmp_path / "reference", own="846")
    client = client_as("analyst")
    page = client.get("/indicators/sw_turnover_rate?la=846&period=2024-25")
    assert page.status_code == 200
    assert "Children&#39;s social work workforce, data file csww_indicators" in page.text
    assert "15.0" in page.text and "30.0" in page.text
    assert "Not shown by DfE: Authority C (c: suppressed to protect confidentiality)" in page.text
    page = client.get("/indicators/cla_placements_3plus?la=846&period=2024-25")
    assert page.status_code == 200
    assert "not in the reference folder" in page.text and "la_cla_placement_stability" in page.text
    assert "Department for Education" in page.text


def test_the_page_says_plainly_why_no_published_comparator_exists(site, client_as):
    # cp_plan_length (a median length in days) has no published match: DfE's table D7 gives length bands only.
    # The page says so where the benchmarks would be, and draws no benchmark table; a variant says the same.
    client = client_as("analyst")
    for indicator in ("cp_plan_length", "cp_plan_length_under_1"):
        page = client.get(f"/indicators/{indicator}?la=846&period=2024-25")
        assert page.status_code == 200
        assert 'id="no-comparator"><strong>No published comparator.</strong> DfE publishes no length of' in page.text
        assert "a median cannot be recovered from bands" in page.text
        assert 'id="table-benchmark-title"' not in page.text and "Published comparator: " not in page.text
    # an indicator mapped to a DfE file has its benchmark table, which names the file (here, as one to download)
    page = client.get("/indicators/cp_plans_ended_2y?la=846&period=2024-25")
    assert 'id="no-comparator"' not in page.text and 'id="table-benchmark-title"' in page.text
    assert "Published comparator: Children in need, data file d7_cpps_ending_by_duration" in page.text
