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
