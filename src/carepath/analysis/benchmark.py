"""Benchmarks: an authority's figure beside England, its region and its statistical neighbours.

Published values come from DfE's tables in the reference folder
(:mod:`carepath.reference.published`), turned into the same measure as carepath's indicator:
rates per 10,000 are recomputed from the published count and the ONS estimate of the preceding
mid-year (exactly as the engine does, and as ``tests/indicators/test_published.py`` proves DfE
does), percentages are taken as published. Published years are reporting years ending 31 March:
``time_period`` 2025 is carepath's period ``2024-25``.

Comparisons, for one indicator and year:

* England and the authority's region, as published;
* its ten statistical neighbours: the **median** (as DfE's children's social care dashboard
  shows) and the **mean** (as LAIT shows);
* a quartile band A to D among all authorities, A being the best quarter given the indicator's
  polarity (as LAIT bands them); indicators with no better direction get no band.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from carepath.indicators import calendar
from carepath.reference import published
from carepath.reference.authorities import authorities, neighbours
from carepath.reference.population import children_0_17

# indicator -> SQL over the pivoted published table ``wide`` (one row per source, year, area)
MEASURES = {
    "cin_at_end": ("b1", "rate_per_10k(At31_episodes, population)"),
    "referrals": ("c1", "rate_per_10k(referral_count, population)"),
    "re_referrals_12m": ("c1", "rereferral_percent"),
    "s47_enquiries": ("c4", "rate_per_10k(Section47, population)"),
    "icpcs_within_15wd": ("c4", 'percent_of("Duration_0-10_days" + "Duration_11-15_days", '
                                '"Duration_0-10_days" + "Duration_11-15_days" + "Duration_16-20_days" + "Duration_21+_days")'),
    "cp_plans_starting": ("d3", "rate_per_10k(CPP_start, population)"),
    "repeat_cp_plans": ("d3", "CPP_subsequent_percent"),
    "cla_at_end": ("cla", "cla_at_31_march_rate"),
    "cla_starting": ("cla", "cla_starting_rate"),
    "cla_ceasing": ("cla", "cla_ceasing_rate"),
    # the outcome tracker's national comparison (carepath.tracker.compare), as published
    "oc2_health_assessment": ("cla_health", "health_assessment_percent"),
    "oc2_dental_check": ("cla_health", "dental_check_percent"),
    "oc2_immunisations": ("cla_health", "immunisations_percent"),
    "oc2_sdq_average": ("cla_health", "sdq_average_score"),
}


@dataclass
class Comparison:
    indicator_id: str
    period: str
    value: float | None = None          # the authority's own (carepath's or published)
    england: float | None = None
    region: float | None = None
    region_name: str | None = None
    neighbours_median: float | None = None
    neighbours_mean: float | None = None
    neighbours: dict[str, float] = field(default_factory=dict)
    band: str | None = None             # A (best quarter) .. D
    all_authorities: dict[str, float] = field(default_factory=dict)


class Published:
    """The published figures of every authority, region and England, by carepath indicator."""

    def __init__(self, reference: Path | None):
        self.reference = reference
        self.con = duckdb.connect()
        calendar.install(self.con)
        self.rows = published.load(self.con, reference)
        people = children_0_17(reference)
        self.con.execute("CREATE TEMP TABLE ons (area_code VARCHAR, year INTEGER, children BIGINT)")
        if people:
            self.con.executemany("INSERT INTO ons VALUES (?, ?, ?)", people)
        if self.rows:
            self.con.execute("""CREATE TEMP TABLE wide AS
                SELECT w.*, o.children AS population FROM (
                    PIVOT (SELECT source, time_period, level, area_code, area_name, region_code, measure, value
                           FROM published)
                    ON measure USING first(value) GROUP BY source, time_period, level, area_code, area_name,
                    region_code) w
                LEFT JOIN ons o ON o.area_code = w.area_code AND o.year = w.time_period - 1""")
        self.authorities = authorities(reference)
        self.neighbours = neighbours(reference)

    @property
    def available(self) -> bool:
        return self.rows > 0

    def values(self, indicator_id: str, time_period: int) -> dict[str, float]:
        """Published value by area code ('E', region code, LA number) for a year ending 31 March."""
        if not self.available or indicator_id not in MEASURES:
            return {}
        source, expression = MEASURES[indicator_id]
        try:
            rows = self.con.execute(f"SELECT area_code, {expression} FROM wide WHERE source = ? AND time_period = ?",
                                    [source, time_period]).fetchall()
        except duckdb.BinderException:
            return {}
        return {area: value for area, value in rows if value is not None}

    def years(self, indicator_id: str) -> list[int]:
        if not self.available or indicator_id not in MEASURES:
            return []
        return [r[0] for r in self.con.execute("SELECT DISTINCT time_period FROM wide WHERE source = ? ORDER BY 1",
                                               [MEASURES[indicator_id][0]]).fetchall()]

    def region_of(self, la: str) -> tuple[str | None, str | None]:
        found = self.con.execute("SELECT region_code, max(area_name) FROM wide WHERE level = 'Regional' AND "
                                 "region_code = (SELECT max(region_code) FROM wide WHERE area_code = ? "
                                 "AND level = 'Local authority') GROUP BY 1", [la]).fetchall() if self.available else []
        return (found[0][0], found[0][1]) if found else (None, None)


def band(value: float, others: list[float], polarity: str) -> str | None:
    """LAIT's quartile band: A is the best quarter of authorities given the polarity."""
    if polarity not in ("higher", "lower") or not others:
        return None
    ordered = sorted(others, reverse=polarity == "higher")
    better = sum(1 for v in ordered if (v > value if polarity == "higher" else v < value))
    share = better / len(ordered)
    return "A" if share < 0.25 else "B" if share < 0.5 else "C" if share < 0.75 else "D"


def compare(source: Published, indicator_id: str, polarity: str, la: str, time_period: int,
            value: float | None = None, like: str | None = None) -> Comparison:
    """Compare authority ``la`` (or, for a synthetic authority, the real one it is ``like``)."""
    found = source.values(indicator_id, time_period)
    twin = like or la
    result = Comparison(indicator_id, f"{time_period - 1}-{time_period % 100:02d}")
    result.value = value if value is not None else found.get(la)
    result.england = found.get("E")
    region_code, region_name = source.region_of(twin)
    result.region, result.region_name = found.get(region_code), region_name
    result.neighbours = {n: found[n] for n in source.neighbours.get(twin, []) if n in found}
    if result.neighbours:
        result.neighbours_median = statistics.median(result.neighbours.values())
        result.neighbours_mean = statistics.fmean(result.neighbours.values())
    result.all_authorities = {a: v for a, v in found.items() if a.isdigit()}
    if result.value is not None:
        result.band = band(result.value, [v for a, v in result.all_authorities.items() if a != la], polarity)
    return result
