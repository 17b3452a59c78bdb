"""Step 5 of the indicator engine (:mod:`carepath.indicators.engine`): values, notes, incomplete
history and keeping the figures.

The rolled-up counts (temp table ``aggregated``, from DuckDB or Spark) become values by each
indicator's unit (count, percent, ratio, rate per 10,000 at authority level, days as median or
mean); every indicator x period x authority gets a figure, an empty one with a note where a table
it requires holds nothing for the authority; a figure whose history is not covered by the loaded
returns is marked ``incomplete_history`` (:mod:`carepath.indicators.coverage`). The results then
replace earlier ones in ``indicator_result``, stamped with the store's ``data_version``.
"""
from __future__ import annotations

from typing import Iterable

import duckdb

from carepath.indicators import chunks, coverage
from carepath.indicators.catalogue import LEVELS


def _authority_grid(con: duckdb.DuckDBPyConnection) -> None:
    """Every indicator x period x authority, so that empty periods show 0 (or a note), not nothing."""
    con.execute("""
        CREATE OR REPLACE TEMP TABLE authority_grid AS
        SELECT m.indicator_id, p.period_id, a.la_code
        FROM indicator_meta m CROSS JOIN periods p CROSS JOIN authorities a""")
    # tables an indicator requires, and which of them are empty for each authority
    required = {t for (t,) in con.execute("SELECT DISTINCT unnest(requires) FROM indicator_meta").fetchall()}
    union = " UNION ALL ".join(f"SELECT '{t}' AS table_name, la_code FROM {t} GROUP BY la_code"
                               for t in sorted(required)) or "SELECT NULL AS table_name, NULL AS la_code"
    con.execute(f"CREATE OR REPLACE TEMP TABLE tables_held AS {union}")


def _history(con: duckdb.DuckDBPyConnection) -> None:
    """The temp table ``history_short``: figures (indicator, period, authority) whose period and
    look-back are not inside one covered stretch of a table they require (``source_coverage``, see
    :mod:`carepath.indicators.coverage`), with a note of what they need and what is loaded.

    The history needed runs from the look-back's first day (``lookback_months`` before the period's
    first day, or before the day after its last day for snapshots; a snapshot without look-back
    needs its last day) to the period's last day. A table holding no rows for the authority is the
    "no data loaded" note instead; a table whose rows no recorded load wrote (a store built by
    hand) is not judged.
    """
    coverage.install(con)
    con.execute("""
        CREATE OR REPLACE TEMP TABLE history_short AS
        WITH needed AS (
            SELECT m.indicator_id, p.period_id, p.period_end, h.la_code, r.table_name,
                   least(p.period_end, (CASE m.lookback_from WHEN 'period_end' THEN p.period_end + 1
                                             ELSE p.period_start END - to_months(m.lookback_months))::DATE)
                       AS needed_from
            FROM indicator_meta m, unnest(m.history_tables) AS r(table_name)
            CROSS JOIN periods p CROSS JOIN authorities h),
        short AS (
            SELECT n.*, (SELECT string_agg(strftime(s.covered_from, '%-d %B %Y') || ' to '
                                           || strftime(s.covered_to, '%-d %B %Y'), ' and ' ORDER BY s.covered_from)
                         FROM source_coverage s WHERE s.la_code = n.la_code AND s.table_name = n.table_name) AS held
            FROM needed n
            WHERE EXISTS (SELECT 1 FROM tables_held t WHERE t.table_name = n.table_name AND t.la_code = n.la_code)
              AND EXISTS (SELECT 1 FROM source_coverage s WHERE s.la_code = n.la_code AND s.table_name = n.table_name)
              AND NOT EXISTS (SELECT 1 FROM source_coverage s
                              WHERE s.la_code = n.la_code AND s.table_name = n.table_name
                                AND s.covered_from <= n.needed_from AND s.covered_to >= n.period_end))
        SELECT indicator_id, period_id, la_code,
               'needs ' || string_agg(table_name || ' data from ' || strftime(needed_from, '%-d %B %Y') || ' to '
                                      || strftime(period_end, '%-d %B %Y') || ' (loaded: ' || held || ')', '; '
                                      ORDER BY table_name) AS history_note
        FROM short GROUP BY indicator_id, period_id, la_code""")


def finish(con: duckdb.DuckDBPyConnection) -> None:
    """Values, notes, incomplete history (:func:`_history`) and the units' names (step 4,
    continued): the temp view ``results``, computed as it is stored (millions of rows at a region's
    scale, read once)."""
    _authority_grid(con)
    _history(con)
    con.execute("""
        CREATE OR REPLACE TEMP VIEW results AS
        WITH authority AS (
            SELECT g.indicator_id, g.period_id, g.la_code, 'authority' AS level, NULL::VARCHAR AS service,
                   NULL::VARCHAR AS locality, NULL::VARCHAR AS team_id, NULL::VARCHAR AS worker_id,
                   coalesce(a.numerator, 0) AS numerator, coalesce(a.denominator, 0) AS denominator,
                   a.measure_median, a.measure_mean
            FROM authority_grid g LEFT JOIN aggregated a
              ON a.level = 'authority' AND a.indicator_id = g.indicator_id AND a.period_id = g.period_id
             AND a.la_code = g.la_code),
        everything AS (SELECT * FROM authority UNION ALL SELECT * FROM aggregated WHERE level <> 'authority'),
        missing AS (
            SELECT m.indicator_id, h.la_code,
                   string_agg(r.table_name, ', ' ORDER BY r.table_name) AS empty_tables
            FROM indicator_meta m, unnest(m.requires) AS r(table_name)
            CROSS JOIN authorities h
            WHERE NOT EXISTS (SELECT 1 FROM tables_held t WHERE t.table_name = r.table_name AND t.la_code = h.la_code)
            GROUP BY m.indicator_id, h.la_code),
        unit_names AS (
            SELECT DISTINCT 'team' AS level, team_id AS unit_id, team_name AS unit_name FROM units
            UNION ALL SELECT DISTINCT 'worker', worker_id, worker_name FROM units),
        computed AS (
            SELECT e.*, p.period, p.period_kind, p.period_start, p.period_end, p.population_year, m.unit, m.aggregate,
                   CASE m.population WHEN 'aged_11_18_six_years_earlier' THEN y.people ELSE c.children END
                       AS population,
                   x.empty_tables,
                   CASE e.level WHEN 'authority' THEN e.la_code WHEN 'service' THEN e.service
                                WHEN 'locality' THEN e.locality WHEN 'team' THEN e.team_id ELSE e.worker_id
                   END AS unit_id
            FROM everything e
            JOIN periods p USING (period_id)
            JOIN indicator_meta m USING (indicator_id)
            LEFT JOIN population_0_17 c ON c.la_code = e.la_code AND c.year = p.population_year
            LEFT JOIN population_11_18 y ON y.la_code = e.la_code AND y.year = p.population_year - 6
            LEFT JOIN missing x ON x.indicator_id = e.indicator_id AND x.la_code = e.la_code)
        SELECT indicator_id, period, period_kind, period_start, period_end, la_code, level, unit_id,
               coalesce(n.unit_name, unit_id) AS unit_name,
               CASE WHEN empty_tables IS NOT NULL THEN NULL ELSE numerator END::DOUBLE AS numerator,
               CASE WHEN empty_tables IS NOT NULL THEN NULL
                    WHEN unit = 'rate' THEN CASE WHEN level = 'authority' THEN population END
                    WHEN unit IN ('percent', 'ratio') THEN denominator END::DOUBLE AS denominator,
               CASE WHEN empty_tables IS NOT NULL THEN NULL
                    WHEN unit = 'count' THEN numerator
                    WHEN unit = 'percent' THEN percent_of(numerator, denominator)
                    WHEN unit = 'ratio' THEN CASE WHEN denominator > 0 THEN numerator / denominator END
                    WHEN unit = 'rate' AND level = 'authority' THEN rate_per_10k(numerator, population)
                    WHEN unit = 'days' THEN CASE aggregate WHEN 'mean' THEN measure_mean ELSE measure_median END
               END::DOUBLE AS value,
               CASE WHEN empty_tables IS NOT NULL THEN 'no ' || empty_tables || ' data loaded for this authority'
                    WHEN unit = 'rate' AND level <> 'authority' THEN 'rates are for the authority; this is the count'
                    WHEN unit = 'rate' AND population IS NULL THEN 'no population estimate for mid-' || population_year
                    WHEN unit IN ('percent', 'ratio') AND denominator = 0 THEN 'nothing to divide by in this period'
                    WHEN unit = 'days' AND numerator = 0 THEN 'no records in this period'
               END AS note,
               empty_tables IS NULL AND hs.history_note IS NOT NULL AS incomplete_history,
               CASE WHEN empty_tables IS NULL THEN hs.history_note END AS history_note
        FROM computed LEFT JOIN unit_names n USING (level, unit_id)
        LEFT JOIN history_short hs USING (indicator_id, period_id, la_code)""")


def store_results(con: duckdb.DuckDBPyConnection, levels: Iterable[str] = LEVELS,
                  keep_records: bool = False, records: int | None = None) -> tuple[int, int]:
    """Replace earlier results (and records) for what was computed; return (results, records).
    ``records``: how many records the figures sum, when another engine summed them (else read
    from ``unit_records``).

    Every earlier figure (record) of the run's indicators, periods, authorities and levels goes,
    whether or not the run found it again: a unit with no records now has no figure now.
    """
    levels = {"authority", *levels}
    # what the run covers; the authorities as a literal list, so that others' row groups are skipped
    authorities = chunks.sql_list([la for (la,) in con.execute("SELECT la_code FROM authorities").fetchall()])
    covered = f"""la_code IN ({authorities}) AND period IN (SELECT period FROM periods)
                  AND indicator_id IN (SELECT indicator_id FROM indicator_meta)"""
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f"DELETE FROM indicator_result WHERE {covered} AND level IN (SELECT unnest($levels))",
                    {"levels": sorted(levels)})
        count = con.execute("""INSERT INTO indicator_result BY NAME
                       SELECT indicator_id, period, period_kind, period_start, period_end, la_code, level, unit_id,
                              unit_name, numerator, denominator, value, note, incomplete_history, history_note,
                              now()::TIMESTAMP AS computed_at,
                              (SELECT max(batch_id) FROM load_batch) AS data_version
                       FROM results""").fetchall()[0][0]
        if keep_records:
            con.execute(f"DELETE FROM indicator_record WHERE {covered}")
            con.execute("""INSERT INTO indicator_record BY NAME
                           SELECT q.indicator_id, p.period, q.la_code, q.record_id, q.child_id, q.event_date,
                                  q.numerator, q.denominator, q.measure, q.worker_id, q.team_id, q.locality, q.service
                           FROM attributed q JOIN periods p USING (period_id)""")
        if records is None:
            records = con.execute("SELECT coalesce(sum(records), 0)::BIGINT FROM unit_records").fetchall()[0][0]
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return count, records
