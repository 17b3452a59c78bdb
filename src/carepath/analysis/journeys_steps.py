"""A cohort's journey steps built in one DuckDB query, for the journey map and the Sankey pathways.

The rules are those of :mod:`carepath.analysis.journeys` (which station each table's rows
become, when they start and end); this module writes them as SQL so that a Kent-sized cohort's
~200,000 steps are built by the database, not a Python loop over rows. Each step comes back as
``child_id, first_day, rank, last_day, station, holds`` with days counted from 1970-01-01
(``last_day`` NULL while the step is still going on; a last day before the first day is the
first day, as :meth:`journeys_timeline.Step.make` has it), plus the station's ``depth``.

:mod:`carepath.analysis.journeys_counts` keeps its own, independent SQL of the same rules: the
browser test and the property tests compare the map built from these steps with that count.
"""
from __future__ import annotations

from carepath.analysis.journeys_stations import EXIT_DWELL_DAYS, STATIONS
from carepath.codes import SHORT_BREAK_LEGAL_STATUS

_DAY = "(({}) - DATE '1970-01-01')"
_RANK_SQL = "CASE station " + " ".join(f"WHEN '{s.key}' THEN {s.rank}" for s in STATIONS) + " END"
_DEPTH_SQL = "CASE station " + " ".join(f"WHEN '{s.key}' THEN {s.depth}" for s in STATIONS) + " END"
_SHORT_BREAKS = ", ".join(f"'{code}'" for code in SHORT_BREAK_LEGAL_STATUS)

# child_id, station, first (date), last (date, NULL = open), holds: one SELECT per rule
_RAW = f"""
    SELECT child_id, 'contact' AS station, contact_date AS first, contact_date AS last, FALSE AS holds
    FROM contact JOIN {{cohort}} USING (child_id)
    UNION ALL
    SELECT child_id, 'referral', referral_date, referral_date, FALSE FROM cohort_referral
    UNION ALL
    SELECT child_id, CASE WHEN closure_reason = 'RC9' THEN 'early_help' ELSE 'nfa' END,
           coalesce(closure_date, referral_date), coalesce(closure_date, referral_date) + {EXIT_DWELL_DAYS - 1}, FALSE
    FROM cohort_referral WHERE closure_reason IN ('RC8', 'RC9') OR nfa
    UNION ALL
    SELECT child_id, 'icpc', icpc_date, icpc_date, FALSE FROM cohort_referral
    UNION ALL
    SELECT a.child_id, 'assessment', a.start_date, coalesce(a.authorised_date, r.closure_date), TRUE
    FROM assessment a JOIN {{cohort}} USING (child_id)
    LEFT JOIN cohort_referral r ON r.referral_id = a.referral_id
    UNION ALL
    SELECT child_id, 'strategy', start_date, start_date, FALSE FROM s47 JOIN {{cohort}} USING (child_id)
    UNION ALL
    SELECT s.child_id, 's47', s.start_date,
           coalesce(CASE WHEN s.icpc_not_required IS NOT TRUE THEN s.icpc_date END, r.closure_date), FALSE
    FROM s47 s JOIN {{cohort}} USING (child_id) LEFT JOIN cohort_referral r ON r.referral_id = s.referral_id
    UNION ALL
    SELECT child_id, 'icpc', icpc_date, icpc_date, FALSE FROM s47 JOIN {{cohort}} USING (child_id)
    WHERE icpc_not_required IS NOT TRUE
    UNION ALL
    SELECT child_id, 'cin_plan', start_date, end_date, TRUE FROM cin_plan JOIN {{cohort}} USING (child_id)
    UNION ALL
    SELECT child_id, 'cp_plan', start_date, end_date, TRUE FROM cp_plan JOIN {{cohort}} USING (child_id)
    UNION ALL
    SELECT child_id, 'looked_after', start_date, end_date, TRUE FROM cla_episode JOIN {{cohort}} USING (child_id)
    WHERE legal_status IS NULL OR legal_status NOT IN ({_SHORT_BREAKS})
    UNION ALL
    SELECT child_id, 'early_help', start_date, end_date, TRUE FROM early_help JOIN {{cohort}} USING (child_id)"""

STEPS_SQL = f"""
    WITH cohort_referral AS (
        SELECT referral_id, child_id, referral_date, nfa, closure_date, closure_reason, icpc_date
        FROM referral JOIN {{cohort}} USING (child_id)),
    raw AS ({_RAW})
    SELECT child_id, {_DAY.format('first')}::INTEGER AS first_day, {_RANK_SQL} AS rank,
           CASE WHEN last IS NULL THEN NULL WHEN last < first THEN {_DAY.format('first')}::INTEGER
                ELSE {_DAY.format('last')}::INTEGER END AS last_day,
           station, holds, {_DEPTH_SQL} AS depth
    FROM raw WHERE first IS NOT NULL"""


def steps_sql(cohort_table: str) -> str:
    """The query of the steps of every child in ``cohort_table`` (a table with a child_id column)."""
    return STEPS_SQL.format(cohort=cohort_table)
