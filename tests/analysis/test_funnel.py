"""Funnel plot limits and Spiegelhalter's over-dispersion adjustment, on numbers worked by hand."""
import math

import pytest

from carepath.analysis.funnel import Z95, Z998, Point, funnel


def test_binomial_limits_around_the_pooled_proportion():
    # pooled p0 = (20 + 50 + 30) / (100 + 200 + 100) = 100 / 400 = 0.25
    points = [Point("A", "A", 20, 100), Point("B", "B", 50, 200), Point("C", "C", 30, 100)]
    f = funnel(points, adjust=False)
    assert f.target == pytest.approx(0.25)
    # n = 100: s = sqrt(0.25 x 0.75 / 100) = 0.0433013; 95%: 0.25 +/- 1.959964 x 0.0433013 = 0.1651, 0.3349
    low, high = f.limits(100, Z95)
    assert (low, high) == (pytest.approx(0.165131, abs=1e-6), pytest.approx(0.334869, abs=1e-6))
    low, high = f.limits(100, Z998)                      # +/- 3.090232 x 0.0433013 = 0.1162, 0.3838
    assert (low, high) == (pytest.approx(0.116189, abs=1e-6), pytest.approx(0.383811, abs=1e-6))
    assert f.flags == {"A": "", "B": "", "C": ""}         # 0.20, 0.25, 0.30 all inside 95%


def test_outliers_are_named_and_alerts_marked():
    points = [Point(str(i), f"LA {i}", 25, 100) for i in range(10)]
    points.append(Point("high", "High LA", 45, 100))      # z = (0.45 - p0) / s: well beyond 99.8%
    points.append(Point("alert", "Alert LA", 37, 100))   # p0 = 332/1200: 95% upper 0.364, 99.8% 0.415
    f = funnel(points, adjust=False)
    assert f.flags["high"] == "outlier high"
    assert f.flags["alert"] == "alert high"
    assert f.flags["0"] == ""


def test_over_dispersion_widens_the_limits_by_tau_squared():
    # 20 authorities of 1,000 each, proportions spread far wider than binomial
    props = [0.10, 0.12, 0.15, 0.18, 0.20, 0.22, 0.25, 0.28, 0.30, 0.32,
             0.14, 0.16, 0.19, 0.21, 0.23, 0.26, 0.29, 0.31, 0.11, 0.35]
    points = [Point(str(i), str(i), p * 1000, 1000) for i, p in enumerate(props)]
    f = funnel(points)
    assert f.overdispersed and f.phi > 1 and f.tau2 > 0
    p0 = sum(props) / len(props)
    s2 = p0 * (1 - p0) / 1000
    # with equal denominators tau^2 = (I phi - (I - 1)) / (sum w - sum w^2 / sum w) = (I phi - I + 1) s2 / (I - 1)
    expected_tau2 = (20 * f.phi - 19) * s2 / 19
    assert f.tau2 == pytest.approx(expected_tau2)
    low, high = f.limits(1000, Z95)
    assert high - p0 == pytest.approx(Z95 * math.sqrt(s2 + expected_tau2))
    unadjusted = funnel(points, adjust=False)
    assert sum(1 for v in unadjusted.flags.values() if v.startswith("outlier")) > \
        sum(1 for v in f.flags.values() if v.startswith("outlier"))


def test_a_funnel_needs_three_units():
    with pytest.raises(ValueError, match="A funnel plot needs at least three units with a denominator"):
        funnel([Point("A", "A", 1, 10), Point("B", "B", 2, 10)])


def _poisson_cdf(r: int, mean: float) -> float:
    """P(X <= r) for X ~ Poisson(mean), summed term by term (the hand calculation, without scipy)."""
    return sum(math.exp(-mean) * mean ** k / math.factorial(k) for k in range(r + 1))


def test_exact_poisson_limits_for_an_expected_count_of_ten_worked_by_hand():
    # Three authorities of 10,000 children with 5, 10 and 15 events: pooled rate r0 = 30 / 30,000 = 10 per 10,000,
    # so an authority of 10,000 children expects E = 10 events.
    # Poisson(10) by hand: F(1) = 0.000499, F(2) = 0.002769, F(3) = 0.01034, F(4) = 0.02925, F(15) = 0.95126,
    # F(16) = 0.97296, F(17) = 0.98572, F(20) = 0.99841, F(21) = 0.99930.
    # 95% lower (p = 0.025): the first r with F(r) >= 0.025 is 4; a = (0.02925 - 0.025) / (0.02925 - 0.01034)
    #   = 0.2248, so the limit is 4 - 0.2248 = 3.775 events = 3.775 per 10,000.
    # 95% upper (p = 0.975): r = 17 (F(16) = 0.97296 < 0.975); a = (0.98572 - 0.975) / (0.98572 - 0.97296) = 0.840,
    #   so 16.160 per 10,000.
    # 99.8% lower (p = 0.001): r = 2; a = (0.002769 - 0.001) / (0.002769 - 0.000499) = 0.779: 1.221.
    # 99.8% upper (p = 0.999): r = 21; a = (0.99930 - 0.999) / (0.99930 - 0.99841) = 0.337: 20.663.
    def limit(r, p):
        at, below = _poisson_cdf(r, 10), _poisson_cdf(r - 1, 10)
        return r - (at - p) / (at - below)
    assert limit(4, 0.025) == pytest.approx(3.775, abs=1e-3) and limit(17, 0.975) == pytest.approx(16.160, abs=1e-3)
    points = [Point("A", "A", 5, 10_000), Point("B", "B", 10, 10_000), Point("C", "C", 15, 10_000)]
    f = funnel(points, kind="rate", adjust=False)
    assert f.target * 10_000 == pytest.approx(10.0) and f.scale == 10_000
    low, high = f.limits(10_000, Z95)
    assert (low * 10_000, high * 10_000) == (pytest.approx(limit(4, 0.025)), pytest.approx(limit(17, 0.975)))
    low, high = f.limits(10_000, Z998)
    assert (low * 10_000, high * 10_000) == (pytest.approx(limit(2, 0.001)), pytest.approx(limit(21, 0.999)))
    assert low * 10_000 == pytest.approx(1.221, abs=1e-3) and high * 10_000 == pytest.approx(20.663, abs=1e-3)
    # 5 and 15 events lie inside 3.775 .. 16.160: no flags
    assert f.flags == {"A": "", "B": "", "C": ""}
    assert "exact Poisson" in f.method


def test_a_rate_beyond_the_exact_poisson_limits_is_flagged():
    # E = 10 per authority of 10,000; 25 events is above 20.663 (99.8%), 18 above 16.160 (95%) only,
    # 2 below 3.775 (95%) but above 1.221 (99.8%). target given, as a funnel within an authority would
    points = [Point("hi", "hi", 25, 10_000), Point("al", "al", 18, 10_000), Point("lo", "lo", 2, 10_000),
              Point("ok", "ok", 10, 10_000)]
    f = funnel(points, kind="rate", adjust=False, target=10 / 10_000, target_from="the authority")
    assert f.flags == {"hi": "outlier high", "al": "alert high", "lo": "alert low", "ok": ""}


def test_over_dispersed_rates_use_random_effects_around_the_target():
    # 20 authorities of 10,000 children each, rates 5..43 per 10,000: far wider than Poisson
    counts = [5, 8, 10, 12, 14, 15, 17, 18, 20, 21, 22, 24, 25, 27, 29, 31, 34, 37, 40, 43]
    points = [Point(str(i), str(i), c, 10_000) for i, c in enumerate(counts)]
    f = funnel(points, kind="rate")
    r0 = sum(counts) / 200_000
    s2 = r0 / 10_000
    assert f.overdispersed and f.tau2 == pytest.approx((20 * f.phi - 19) * s2 / 19)
    low, high = f.limits(10_000, Z95)
    assert high - r0 == pytest.approx(Z95 * math.sqrt(s2 + f.tau2))
    assert "over-dispersion" in f.method


def test_units_within_an_authority_are_judged_against_its_own_figure():
    # the authority's own figure is 30% (not the teams' pooled 40/100 = 40%): team T3 with 20 of 40 (50%) is
    # beyond the 95% limit at n = 40, 0.30 + 1.959964 x sqrt(0.3 x 0.7 / 40) = 0.4420, but not 99.8% (0.5239)
    points = [Point("T1", "T1", 9, 30), Point("T2", "T2", 11, 30), Point("T3", "T3", 20, 40)]
    f = funnel(points, adjust=False, target=0.30, target_from="the authority")
    assert f.target == 0.30 and f.flags["T3"] == "alert high"
    assert f.limits(40, Z95)[1] == pytest.approx(0.30 + Z95 * math.sqrt(0.3 * 0.7 / 40))
