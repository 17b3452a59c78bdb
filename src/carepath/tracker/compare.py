"""The tracker's national comparison: this authority's OC2 health figures beside England's and the region's.

DfE publishes, for children looked after continuously for at least 12 months at 31 March (the
SSDA903 OC2 cohort), the share who had their annual health assessment, their teeth checked and
their immunisations up to date, and the average SDQ score of those aged 5 to 16 with one
("Children looked after in England including adoptions", table la_conviction_health_outcome_cla).
Where that table is in the reference folder (:mod:`carepath.reference.published`), each measure is
compared through :func:`carepath.analysis.benchmark.compare`: England, the region and the
statistical neighbours. The authority's own figure is computed from its OC2 rows for the year the
same way: the percentage of the year's OC2 rows saying yes (rows that leave it blank count as
not), and the mean SDQ score of children aged 5 to 16 at 31 March who have one.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from carepath.analysis import benchmark

MEASURES = (  # (benchmark measure, title, polarity, SQL over the year's OC2 rows ``o`` joined to ``child`` ``c``)
    ("oc2_health_assessment", "Had their annual health assessment (%)", "higher",
     "100.0 * count(*) FILTER (WHERE o.health_assessment) / count(*)"),
    ("oc2_dental_check", "Had their teeth checked (%)", "higher",
     "100.0 * count(*) FILTER (WHERE o.teeth_check) / count(*)"),
    ("oc2_immunisations", "Immunisations up to date (%)", "higher",
     "100.0 * count(*) FILTER (WHERE o.immunisations) / count(*)"),
    ("oc2_sdq_average", "Average SDQ score, ages 5 to 16", "lower",
     "avg(o.sdq_score) FILTER (WHERE o.sdq_score IS NOT NULL AND age_on(c.dob, o.year_ending) BETWEEN 5 AND 16)"),
)


@dataclass(frozen=True)
class Row:
    measure: str
    title: str
    own: float | None
    england: float | None
    region: float | None
    region_name: str | None
    neighbours_median: float | None
    children: int


def compare(con: duckdb.DuckDBPyConnection, reference: Path | None, la_code: str, year_end: int,
            like: str | None = None) -> list[Row]:
    """Every measure for the year ending 31 March ``year_end`` (2025 for 2024-25)."""
    from carepath.indicators import calendar
    calendar.install(con)
    source = benchmark.Published(reference)
    found = []
    for measure, title, polarity, sql in MEASURES:
        own, children = con.execute(f"""
            SELECT {sql}, count(*) FROM cla_outcome o LEFT JOIN child c USING (child_id)
            WHERE o.la_code = ? AND o.year_ending = make_date(?, 3, 31)""", [la_code, year_end]).fetchall()[0]
        published = benchmark.compare(source, measure, polarity, la_code, year_end, own if children else None, like)
        found.append(Row(measure, title, own if children else None, published.england, published.region,
                         published.region_name, published.neighbours_median, children))
    return found
