"""Funnel plots for proportions, with Spiegelhalter's adjustment for over-dispersion.

Every authority is a point (denominator, proportion). The target is the pooled proportion
``p0 = sum(numerators) / sum(denominators)``. Under the null, an authority with denominator ``n``
lies within ``p0 +/- z * sqrt(p0 (1 - p0) / n)``: z = 1.96 for 95% limits, 3.09 for 99.8%.

Authorities differ for reasons no funnel can remove (case mix, recording), so the spread of real
indicators is wider than binomial. Following Spiegelhalter (2005), *Handling over-dispersion of
performance indicators*, Quality and Safety in Health Care 14:347-351:

1. z-scores ``z_i = (y_i - p0) / s_i`` with ``s_i = sqrt(p0 (1 - p0) / n_i)``;
2. winsorised at their 10th and 90th percentiles (so outliers do not inflate the estimate);
3. the over-dispersion factor ``phi = mean(z_w^2)``; over-dispersion is judged present when
   ``I * phi`` exceeds the 95th percentile of chi-squared on ``I - 1`` degrees of freedom;
4. additive random effects: ``tau^2 = (I phi - (I - 1)) / (sum w_i - sum w_i^2 / sum w_i)``
   with ``w_i = 1 / s_i^2`` (0 when negative), and limits ``p0 +/- z sqrt(s_i^2 + tau^2)``.

Outliers are authorities outside the 99.8% limits (named on the plot); those outside 95% only are
marked as "alert".
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from scipy.stats import chi2

Z95, Z998 = 1.959964, 3.090232


@dataclass
class Point:
    unit: str
    name: str
    numerator: float
    denominator: float

    @property
    def proportion(self) -> float:
        return self.numerator / self.denominator


@dataclass
class Funnel:
    target: float
    phi: float
    tau2: float
    overdispersed: bool
    points: list[Point]
    flags: dict[str, str]            # unit -> "outlier high" / "alert low" / ""

    def limits(self, n: float, z: float) -> tuple[float, float]:
        s2 = self.target * (1 - self.target) / n
        half = z * math.sqrt(s2 + (self.tau2 if self.overdispersed else 0.0))
        return max(0.0, self.target - half), min(1.0, self.target + half)

    def curve(self, steps: int = 60) -> list[dict]:
        """Limit lines from the smallest to the largest denominator, for drawing."""
        low = max(1.0, min(p.denominator for p in self.points) * 0.8)
        high = max(p.denominator for p in self.points) * 1.1
        rows = []
        for i in range(steps + 1):
            n = low * (high / low) ** (i / steps)
            l95, u95 = self.limits(n, Z95)
            l998, u998 = self.limits(n, Z998)
            rows.append({"n": n, "lower95": l95, "upper95": u95, "lower998": l998, "upper998": u998})
        return rows


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    below, above = math.floor(position), math.ceil(position)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def funnel(points: list[Point], adjust: bool = True) -> Funnel:
    points = [p for p in points if p.denominator and p.denominator > 0]
    if len(points) < 3:
        raise ValueError("A funnel plot needs at least three units with a denominator.")
    target = sum(p.numerator for p in points) / sum(p.denominator for p in points)
    if target in (0.0, 1.0):
        return Funnel(target, 1.0, 0.0, False, points, {p.unit: "" for p in points})
    variance = [target * (1 - target) / p.denominator for p in points]
    z = [(p.proportion - target) / math.sqrt(v) for p, v in zip(points, variance)]
    low, high = _percentile(z, 0.1), _percentile(z, 0.9)
    winsorised = [min(max(v, low), high) for v in z]
    count = len(points)
    phi = sum(v * v for v in winsorised) / count
    overdispersed = adjust and count * phi > chi2.ppf(0.95, count - 1)
    tau2 = 0.0
    if overdispersed:
        weights = [1 / v for v in variance]
        tau2 = max(0.0, (count * phi - (count - 1)) / (sum(weights) - sum(w * w for w in weights) / sum(weights)))
    result = Funnel(target, phi, tau2, overdispersed, points, {})
    for p in points:
        l95, u95 = result.limits(p.denominator, Z95)
        l998, u998 = result.limits(p.denominator, Z998)
        y = p.proportion
        result.flags[p.unit] = ("outlier high" if y > u998 else "outlier low" if y < l998 else
                                "alert high" if y > u95 else "alert low" if y < l95 else "")
    return result
