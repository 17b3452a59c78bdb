"""Funnel plots for proportions and for rates per 10,000, with Spiegelhalter's over-dispersion adjustment.

Every unit (an authority, or a team or locality within one) is a point (denominator, value). For a
**proportion** the denominator is the number of cases and the value numerator / denominator; for a
**rate** the denominator is the population (children aged 0-17) and the value is shown per 10,000.
The target is the pooled figure ``sum(numerators) / sum(denominators)`` across authorities, or,
within an authority, the authority's own figure (``target=``), against which its teams or
localities are judged.

Limits, at 95% (z = 1.96) and 99.8% (z = 3.09), following Spiegelhalter (2005), *Funnel plots for
comparing institutional performance*, Statistics in Medicine 24:1185-1202:

* proportions: ``p0 +/- z sqrt(p0 (1 - p0) / n)`` (normal approximation to the binomial);
* rates: **exact Poisson** limits on the count, ``E = r0 n`` expected: the 2.5% and 97.5% (0.1% and
  99.9%) quantiles of Poisson(E) from scipy, with Spiegelhalter's interpolation between the
  discrete steps (``r - a`` where ``r`` is the quantile and ``a = (F(r) - p) / (F(r) - F(r - 1))``),
  divided by ``n``.

Units differ for reasons no funnel can remove (case mix, recording), so real indicators spread wider
than chance. Following Spiegelhalter (2005), *Handling over-dispersion of performance indicators*,
Quality and Safety in Health Care 14:347-351:

1. z-scores ``z_i = (y_i - t) / s_i`` with ``s_i^2 = t (1 - t) / n_i`` (proportions) or ``t / n_i`` (rates);
2. winsorised at their 10th and 90th percentiles (so outliers do not inflate the estimate);
3. the over-dispersion factor ``phi = mean(z_w^2)``; over-dispersion is judged present when
   ``I * phi`` exceeds the 95th percentile of chi-squared on ``I - 1`` degrees of freedom;
4. additive random effects: ``tau^2 = (I phi - (I - 1)) / (sum w_i - sum w_i^2 / sum w_i)``
   with ``w_i = 1 / s_i^2`` (0 when negative), and limits ``t +/- z sqrt(s_i^2 + tau^2)`` (for rates
   too: the random-effects limits are normal, as in the paper).

Outliers are units outside the 99.8% limits (named on the plot); those outside 95% only are
"alert". :attr:`Funnel.method` says in words which limits a funnel drew.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from scipy.stats import chi2, poisson

Z95, Z998 = 1.959964, 3.090232
SCALE = {"proportion": 100.0, "rate": 10_000.0}   # shown as per cent, per 10,000 children


@dataclass
class Point:
    unit: str
    name: str
    numerator: float
    denominator: float

    @property
    def proportion(self) -> float:
        return self.numerator / self.denominator


def poisson_limit(expected: float, p: float) -> float:
    """Spiegelhalter's interpolated ``p`` quantile of Poisson(expected): a count, not always whole."""
    if expected <= 0:
        return 0.0
    r = float(poisson.ppf(p, expected))
    below, at = poisson.cdf(r - 1, expected), poisson.cdf(r, expected)
    if at == below:
        return r
    return max(0.0, r - (at - p) / (at - below))


@dataclass
class Funnel:
    target: float
    phi: float
    tau2: float
    overdispersed: bool
    points: list[Point]
    flags: dict[str, str]            # unit -> "outlier high" / "alert low" / ""
    kind: str = "proportion"         # proportion | rate
    target_from: str = "pooled"      # pooled (across the units) | the unit whose own figure it is

    @property
    def scale(self) -> float:
        return SCALE[self.kind]

    @property
    def method(self) -> str:
        """The limits this funnel draws, in words."""
        base = ("binomial limits (normal approximation) around the target proportion" if self.kind == "proportion"
                else "exact Poisson limits around the target rate (Spiegelhalter's interpolation)")
        if self.overdispersed:
            return (f"95% and 99.8% limits, widened for over-dispersion (phi {self.phi:.2f}) by Spiegelhalter's "
                    f"additive random effects (tau\u00b2 {self.tau2:.3g}): normal limits around the target")
        return f"95% and 99.8% {base}; no over-dispersion beyond chance (phi {self.phi:.2f})"

    def limits(self, n: float, z: float) -> tuple[float, float]:
        if self.kind == "rate" and not self.overdispersed:
            tail = 0.025 if z == Z95 else 0.001 if z == Z998 else (1 - _normal_cdf(z))
            expected = self.target * n
            return poisson_limit(expected, tail) / n, poisson_limit(expected, 1 - tail) / n
        s2 = self.target * (1 - self.target) / n if self.kind == "proportion" else self.target / n
        half = z * math.sqrt(s2 + (self.tau2 if self.overdispersed else 0.0))
        upper = self.target + half
        return max(0.0, self.target - half), min(1.0, upper) if self.kind == "proportion" else upper

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


def _normal_cdf(z: float) -> float:
    return 0.5 * (1 + math.erf(z / math.sqrt(2)))


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    below, above = math.floor(position), math.ceil(position)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def funnel(points: list[Point], adjust: bool = True, kind: str = "proportion",
           target: float | None = None, target_from: str = "pooled") -> Funnel:
    """The funnel of ``points``; ``target`` (a proportion, or a rate per child) instead of the pooled figure."""
    if kind not in SCALE:
        raise ValueError(f"A funnel is of proportions or rates, not {kind}.")
    points = [p for p in points if p.denominator and p.denominator > 0]
    if len(points) < 3:
        raise ValueError("A funnel plot needs at least three units with a denominator.")
    if target is None:
        target = sum(p.numerator for p in points) / sum(p.denominator for p in points)
    if target <= 0.0 or (kind == "proportion" and target >= 1.0):
        return Funnel(target, 1.0, 0.0, False, points, {p.unit: "" for p in points}, kind, target_from)
    variance = [(target * (1 - target) if kind == "proportion" else target) / p.denominator for p in points]
    z = [(p.proportion - target) / math.sqrt(v) for p, v in zip(points, variance)]
    low, high = _percentile(z, 0.1), _percentile(z, 0.9)
    winsorised = [min(max(v, low), high) for v in z]
    count = len(points)
    phi = sum(v * v for v in winsorised) / count
    overdispersed = bool(adjust and count * phi > chi2.ppf(0.95, count - 1))
    tau2 = 0.0
    if overdispersed:
        weights = [1 / v for v in variance]
        tau2 = max(0.0, (count * phi - (count - 1)) / (sum(weights) - sum(w * w for w in weights) / sum(weights)))
    result = Funnel(target, phi, tau2, overdispersed, points, {}, kind, target_from)
    for p in points:
        l95, u95 = result.limits(p.denominator, Z95)
        l998, u998 = result.limits(p.denominator, Z998)
        y = p.proportion
        result.flags[p.unit] = ("outlier high" if y > u998 else "outlier low" if y < l998 else
                                "alert high" if y > u95 else "alert low" if y < l95 else "")
    return result
