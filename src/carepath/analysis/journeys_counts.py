"""How many children are at each station of the journey map on a date, in one SQL query over
the store, written independently of the journey builder and the browser's animation.

This is the figure the page's station counts are checked against: the browser places dots by
interpolating timed moves; this query applies the rule of
:mod:`carepath.analysis.journeys_timeline` directly to the canonical tables. At the end of day
``d`` a child is at the station of the most recent step started on or before ``d`` (latest first
day, then highest station rank, then latest last day) that is still going on on ``d`` and is
either the most recent step of all or a holding stage (assessment, CIN plan, CP plan, looked
after, early help episode).
"""
from __future__ import annotations

from datetime import date

import duckdb

from carepath.analysis import journeys_cohort
from carepath.analysis.journeys_cohort import Cohort
from carepath.analysis.journeys_stations import EXIT_DWELL_DAYS, STATIONS

_RANK = {s.key: s.rank for s in STATIONS}

STEPS_SQL = f"""
    SELECT child_id, 'contact' AS station, contact_date AS first_day, contact_date AS last_day, FALSE AS holds
    FROM contact
    UNION ALL
    SELECT child_id, 'referral', referral_date, referral_date, FALSE FROM referral
    UNION ALL
    SELECT child_id, CASE WHEN closure_reason = 'RC9' THEN 'early_help' ELSE 'nfa' END,
           coalesce(closure_date, referral_date),
           coalesce(closure_date, referral_date) + {EXIT_DWELL_DAYS - 1}, FALSE
    FROM referral WHERE closure_reason IN ('RC8', 'RC9') OR nfa
    UNION ALL
    SELECT child_id, 'icpc', icpc_date, icpc_date, FALSE FROM referral
    UNION ALL
    SELECT a.child_id, 'assessment', a.start_date, coalesce(a.authorised_date, r.closure_date), TRUE
    FROM assessment a LEFT JOIN referral r ON r.referral_id = a.referral_id
    UNION ALL
    SELECT child_id, 'strategy', start_date, start_date, FALSE FROM s47
    UNION ALL
    SELECT s.child_id, 's47', s.start_date,
           coalesce(CASE WHEN s.icpc_not_required IS NOT TRUE THEN s.icpc_date END, r.closure_date), FALSE
    FROM s47 s LEFT JOIN referral r ON r.referral_id = s.referral_id
    UNION ALL
    SELECT child_id, 'icpc', icpc_date, icpc_date, FALSE FROM s47 WHERE icpc_not_required IS NOT TRUE
    UNION ALL
    SELECT child_id, 'cin_plan', start_date, end_date, TRUE FROM cin_plan
    UNION ALL
    SELECT child_id, 'cp_plan', start_date, end_date, TRUE FROM cp_plan
    UNION ALL
    SELECT child_id, 'looked_after', start_date, end_date, TRUE FROM cla_episode
    WHERE legal_status IS NULL OR legal_status NOT IN ('V3', 'V4')
    UNION ALL
    SELECT child_id, 'early_help', start_date, end_date, TRUE FROM early_help"""

_RANK_SQL = "CASE station " + " ".join(f"WHEN '{k}' THEN {v}" for k, v in _RANK.items()) + " END"

COUNT_SQL = f"""
WITH step AS (
    SELECT child_id, station, {_RANK_SQL} AS rank, first_day,
           CASE WHEN last_day < first_day THEN first_day ELSE last_day END AS last_day, holds
    FROM ({STEPS_SQL}) WHERE first_day IS NOT NULL),
started AS (
    SELECT *, row_number() OVER (PARTITION BY child_id
                                 ORDER BY first_day DESC, rank DESC, last_day DESC NULLS FIRST) AS recency
    FROM step JOIN {{cohort}} USING (child_id)
    WHERE first_day <= $day),
here AS (
    SELECT child_id, station FROM started
    WHERE (last_day IS NULL OR last_day >= $day) AND (holds OR recency = 1)
    QUALIFY row_number() OVER (PARTITION BY child_id ORDER BY recency) = 1)
SELECT station, count(*) AS children FROM here GROUP BY station"""


def station_counts(con: duckdb.DuckDBPyConnection, cohort: Cohort, day: date) -> dict[str, int]:
    """Children of the cohort at each station at the end of ``day`` (stations with none omitted)."""
    journeys_cohort.install(con, cohort, "count_cohort")
    rows = con.execute(COUNT_SQL.format(cohort="count_cohort"), {"day": day}).fetchall()
    return {station: children for station, children in rows}


def station_counts_series(con: duckdb.DuckDBPyConnection, cohort: Cohort, days: list[date]) -> dict[str, dict]:
    """Counts at several dates: ``{iso date: {station: children}}``."""
    return {day.isoformat(): station_counts(con, cohort, day) for day in days}
