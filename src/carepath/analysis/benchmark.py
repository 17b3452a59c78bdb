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
  polarity (as LAIT bands them); indicators with no better direction get no band;
* its rank among the authorities publishing the figure (1 is the best, or the highest where
  neither direction is better).

Which published figure matches which indicator is in the indicator's own metadata (the
``published:`` block of its SQL header: table, value, numerator and denominator for funnels, and
any definitional difference), or the reason none matches (:func:`comparator`,
:func:`no_comparator_reason`).
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from carepath.errors import CarepathError
from carepath.indicators import calendar, catalogue
from carepath.reference import ees, published
from carepath.reference.authorities import authorities, neighbours
from carepath.reference.population import children_0_17

# The outcome tracker's national comparison (carepath.tracker.compare): OC2 measures that are not catalogue
# indicators, as published. Every catalogue indicator's comparator is in its own metadata (``published:``).
OUTCOME_MEASURES = {
    "oc2_health_assessment": {"table": "cla_health", "value": "health_assessment_percent"},
    "oc2_dental_check": {"table": "cla_health", "value": "dental_check_percent"},
    "oc2_immunisations": {"table": "cla_health", "value": "immunisations_percent"},
    "oc2_sdq_average": {"table": "cla_health", "value": "sdq_average_score"},
}


def comparator(indicator_id: str) -> dict | None:
    """The published figure matching an indicator: its metadata's ``published`` block (table, value,
    numerator, denominator, difference), or None where nothing published matches."""
    if indicator_id in OUTCOME_MEASURES:
        return OUTCOME_MEASURES[indicator_id]
    try:
        return catalogue.get(indicator_id).comparator
    except CarepathError:
        return None


def ees_specs() -> list[ees.Spec]:
    """The EES data files the catalogue's indicators name as their comparators."""
    return [ees.spec(i.id, i.comparator) for i in catalogue.indicators().values()
            if i.comparator and i.comparator.get("release")]


def columns(indicator_id: str, found: dict) -> tuple[str, str, str | None, str | None]:
    """(source, value, numerator, denominator) of an indicator's comparator, as expressions over ``wide``."""
    if not found.get("release"):
        return found["table"], found["value"], found.get("numerator"), found.get("denominator")
    numerator = "ees_numerator" if found.get("numerator") else None
    denominator = ("population" if found.get("denominator") == "population" else
                   "ees_denominator" if found.get("denominator") else None)
    value = {"percent": f"percent_of({numerator}, {denominator})", "ratio": f"{numerator} / nullif({denominator}, 0)",
             "rate_per_10000": f"rate_per_10k({numerator}, {denominator})"}.get(found["value"], "ees_value")
    return "ees:" + indicator_id, value, numerator, denominator


def missing_file(indicator_id: str, reference: Path | None) -> str:
    """What to download, where an indicator's comparator is an EES data file the reference folder lacks."""
    found = comparator(indicator_id)
    if not found or not found.get("release") or ees.find_file(reference, found["file"]) is not None:
        return ""
    first, *others = ees.file_names(found["file"])
    named = f"\"{first}\"" + "".join(f" (or \"{other}\", as other releases name it)" for other in others)
    return (f"The published comparator's data file is not in the reference folder: download {named} "
            f"(CSV) from the release \"{found['release']}\" ({ees.PUBLISHER}) on {ees.SITE}, and put it in the "
            "reference folder (carepath serve --reference DIR).")


def no_comparator_reason(indicator_id: str) -> str:
    """Why an indicator has no published comparator, as its metadata says."""
    try:
        return catalogue.get(indicator_id).published.get("none") or ""
    except CarepathError:
        return ""


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
    rank: int | None = None             # 1 = best of ``ranked`` authorities given the polarity (else highest)
    ranked: int = 0
    all_authorities: dict[str, float] = field(default_factory=dict)
    suppressed: dict[str, str] = field(default_factory=dict)   # England, region, own or neighbour: DfE's symbol


class Published:
    """The published figures of every authority, region and England, by carepath indicator."""

    def __init__(self, reference: Path | None):
        self.reference = reference
        self.con = duckdb.connect()
        calendar.install(self.con)
        self.rows = published.load(self.con, reference, specs=ees_specs())
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
        found = comparator(indicator_id)
        if not self.available or found is None:
            return {}
        table, value, _, _ = columns(indicator_id, found)
        try:
            rows = self.con.execute(f"SELECT area_code, {value} FROM wide WHERE source = ? AND time_period = ?",
                                    [table, time_period]).fetchall()
        except duckdb.BinderException:
            return {}
        return {area: value for area, value in rows if value is not None}

    def suppressed(self, indicator_id: str, time_period: int) -> dict[str, str]:
        """Area code -> DfE's symbol (c, low, x, z, u...) where the published value is not shown as a number."""
        found = comparator(indicator_id)
        if not self.available or found is None:
            return {}
        table, value, _, _ = columns(indicator_id, found)
        measure = "ees_value" if value == "ees_value" else "ees_numerator" if found.get("release") else value
        # A value computed from an EES file's numerator and denominator is hidden when either is: its area is
        # listed with the symbol DfE shows, the numerator's where both are hidden.
        measures = [measure] + (["ees_denominator"] if measure == "ees_numerator" else [])
        rows = self.con.execute(f"""SELECT area_code, measure, shown FROM published WHERE source = ? AND time_period = ?
                                    AND measure IN ({", ".join("?" * len(measures))}) AND value IS NULL""",
                                [table, time_period, *measures]).fetchall()
        hidden: dict[str, str] = {}
        for area, _, shown in sorted(rows, key=lambda row: row[1] == measure):    # the numerator's symbol last
            hidden[area] = (shown or "").strip()
        return hidden

    def pairs(self, indicator_id: str, time_period: int) -> list[tuple[str, str, float, float]]:
        """(code, name, numerator, denominator) of every authority publishing both for the year, for funnels.

        A rate's denominator is its population (children aged 0-17), so its funnel is of counts per child."""
        found = comparator(indicator_id)
        if not self.available or found is None or not found.get("numerator") or not found.get("denominator"):
            return []
        table, _, numerator, denominator = columns(indicator_id, found)
        try:
            rows = self.con.execute(f"""SELECT area_code, area_name, {numerator}, {denominator}
                                        FROM wide WHERE source = ? AND time_period = ? AND level = 'Local authority'""",
                                    [table, time_period]).fetchall()
        except duckdb.BinderException:   # a column DfE did not publish in this layout
            return []
        return [(a, n, x, y) for a, n, x, y in rows if x is not None and y]

    def years(self, indicator_id: str) -> list[int]:
        found = comparator(indicator_id)
        if not self.available or found is None:
            return []
        return [r[0] for r in self.con.execute("SELECT DISTINCT time_period FROM wide WHERE source = ? ORDER BY 1",
                                               [columns(indicator_id, found)[0]]).fetchall()]

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


def rank(value: float, others: list[float], polarity: str) -> tuple[int, int]:
    """(rank, of how many): 1 is the best given the polarity, or the highest where neither is better.

    Ties share the better rank, as LAIT ranks (two authorities on 10.0 are both 3rd, the next 5th)."""
    higher_first = polarity != "lower"
    ahead = sum(1 for v in others if (v > value if higher_first else v < value))
    return ahead + 1, len(others) + 1


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
    hidden = source.suppressed(indicator_id, time_period)
    result.suppressed = {a: hidden[a] for a in ["E", region_code, la, *source.neighbours.get(twin, [])] if a in hidden}
    if result.value is not None:
        others = [v for a, v in result.all_authorities.items() if a != la]
        result.band = band(result.value, others, polarity)
        if others:
            result.rank, result.ranked = rank(result.value, others, polarity)
    return result
