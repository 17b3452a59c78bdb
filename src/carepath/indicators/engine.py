"""The indicator engine: every indicator, every period, every level, in a few set-based queries.

1. **Bind periods.** The periods asked for become the temp table ``periods`` (``period_id,
   period, period_kind, period_start, period_end, population_year``), so one query per indicator
   computes every period at once.
2. **Qualifying records.** Each indicator's query (see :mod:`carepath.indicators.catalogue` and
   :mod:`carepath.indicators.qualify`) returns its records with ``numerator`` and
   ``denominator`` flags. A bulk run does not store them: they are attributed and summed per
   unit as the queries produce them (all indicators in one statement), and only the records of
   durations and of records that name their own unit are gathered in the temp table
   ``qualifying``, as all records are when they are kept or opened.
3. **Attribution** (:mod:`carepath.indicators.attribution`). Each record is attributed to the
   practitioner who held the child's case on the record's date (``event_date``; ``period_end``
   for snapshot indicators that say so), through ``allocation``: the allocation started most
   recently on or before that date, if it had not ended before it (overlapping allocations: the
   later-started one holds the case). The team is the allocation's, else the worker's; locality
   and service are the team's (``org_unit``). A record with no allocation on its date is
   attributed to "Not allocated" at every level below the authority, so the units of a level
   always add up to the authority.
4. **Aggregation.** Records are summed per unit, then one ``GROUPING SETS`` query counts
   numerators and denominators at the authority, service, locality, team and worker levels. Values: counts are the numerator;
   percentages numerator / denominator x 100; rates numerator / population x 10,000 (authority
   level only: populations are not known for teams); days the median (or mean) of ``measure``
   over the numerator records.
5. **Keeping it** (:mod:`carepath.indicators.results`). Results replace earlier results for the same indicator, period, level and
   unit in ``indicator_result``, stamped with the store's latest load (``data_version``).
   The records behind a figure are not stored by default (at a large authority's scale they are
   millions of rows, all derivable): :func:`records` recomputes one indicator for one period, in
   well under a second, whenever someone opens a figure; ``keep_records`` also writes them to
   ``indicator_record``.

**On Apache Spark** (``spark=``, :mod:`carepath.indicators.engines.spark`), steps 2 to 4 run on
Spark from the same SQL, translated by sqlglot: the qualifying records, attribution (the SQL of
:mod:`carepath.indicators.attribution`) and the roll-up to every level are made by the engine's
``tables`` (:mod:`carepath.indicators.engines.working`), DuckDB temp tables or cached Spark views.
Only the rolled-up counts (``aggregated``) and the units' names come back to the store, where
step 5 (values, notes, incomplete history from the store's load records, storing) runs as always.

Authorities are those with children in the store. A figure whose indicator ``requires`` a table
that holds nothing for the authority is left empty with a note, never reported as zero.
A figure whose period, or the history its indicator looks back on (``lookback``), is not covered
by the loaded returns of a table it ``requires`` is computed but marked ``incomplete_history``,
with ``history_note`` saying what it needs and what is loaded (:mod:`carepath.indicators.coverage`).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import duckdb
import pyarrow as pa

from carepath.errors import CarepathError
from carepath.indicators import (attribution, calendar, catalogue, chunks, geography, population,
                                  qualify as qualifying)
from carepath.indicators.engines.working import DuckDBTables
from carepath.model import tables as model_tables
from carepath.indicators.attribution import NOT_ALLOCATED  # noqa: F401
from carepath.indicators.qualify import QUALIFYING, IndicatorQueryError, Select, qualify, qualify_all, run_naming_failure  # noqa: F401
from carepath.indicators.catalogue import Indicator
from carepath.indicators.periods import Period
from carepath.indicators.progress import Progress, Tracker
from carepath.indicators.results import finish, store_results

from carepath.indicators.catalogue import LEVELS  # noqa: E402,F401 (kept here too: engine.LEVELS)




@dataclass
class RunResult:
    indicators: list[Indicator]
    periods: list[Period]
    levels: tuple[str, ...]
    results: int = 0
    records: int = 0
    timings: dict[str, float] = field(default_factory=dict)


def bind_periods(con: duckdb.DuckDBPyConnection, periods: list[Period]) -> None:
    con.register("periods_source", pa.table({
        "period_id": pa.array(range(len(periods)), pa.int32()),
        "period": [p.label for p in periods], "period_kind": [p.kind for p in periods],
        "period_start": pa.array([p.start for p in periods], pa.date32()),
        "period_end": pa.array([p.end for p in periods], pa.date32()),
        "population_year": pa.array([p.population_year for p in periods], pa.int32()),
    }))
    con.execute("CREATE OR REPLACE TEMP TABLE periods AS SELECT * FROM periods_source")
    con.unregister("periods_source")


def bind_authorities(con: duckdb.DuckDBPyConnection, la_codes: list[str] | None) -> list[str]:
    """The temp table ``authorities``: those asked for, else every authority with children."""
    held = [r[0] for r in con.execute("SELECT DISTINCT la_code FROM child ORDER BY 1").fetchall()]
    if la_codes:
        missing = [la for la in la_codes if la not in held]
        if missing:
            raise CarepathError(f"The store holds no children for LA {', '.join(missing)}. "
                                f"It holds: {', '.join(held) or 'none'}.")
        held = list(la_codes)
    con.execute("CREATE OR REPLACE TEMP TABLE authorities (la_code VARCHAR)")
    if held:
        con.executemany("INSERT INTO authorities VALUES (?)", [[la] for la in held])
    return held


def prepare(con: duckdb.DuckDBPyConnection, periods: list[Period], reference: Path | None = None,
            la_codes: list[str] | None = None, indicators: list[Indicator] | None = None,
            plan_only: bool = False) -> None:
    """Everything an indicator query may use: calendar, macros, periods, authorities, populations,
    and the shared derived tables the ``indicators`` use (built once, whichever indicators use them).
    ``plan_only``: the shared tables are made empty, with their columns (another engine computes
    them; DuckDB only plans the indicators' queries)."""
    calendar.install(con)
    bind_authorities(con, la_codes)
    bind_periods(con, periods)
    population.install(con, reference)
    if any("placement_distance" in i.sql for i in indicators or []):
        geography.install(con, reference)
    for table in catalogue.shared_needed(indicators or []):
        try:
            con.execute(f"CREATE OR REPLACE TEMP TABLE {table.name} AS "
                        + (f"SELECT * FROM ({table.sql}) LIMIT 0" if plan_only else table.sql))
        except duckdb.Error as exc:
            raise IndicatorQueryError(f"Shared table {table.name} ({table.path.name}) failed: {exc}") from exc
    con.execute(QUALIFYING)


def attribute(con: duckdb.DuckDBPyConnection, levels: Iterable[str] = LEVELS, only_qualifying: bool = False,
              tables=None) -> None:
    """Attach worker, team, locality and service to every record in ``qualifying`` (step 3; see
    :mod:`carepath.indicators.attribution`): the views ``attributed_units`` (each record with its
    unit number) and ``attributed`` (with the unit's practitioner, team, locality and service).
    ``only_qualifying``: only the allocations of the children in ``qualifying`` are looked at
    (they are the only records to attribute). ``tables``: the engine that makes them (default:
    DuckDB, ``con``; see :mod:`carepath.indicators.engines.working`)."""
    tables = tables or DuckDBTables(con)
    attribution.install(tables, levels, direct="SELECT la_code, worker_id, team_id FROM qualifying "
                                            "WHERE worker_id IS NOT NULL OR team_id IS NOT NULL",
                        children="SELECT child_id FROM qualifying" if only_qualifying else None)
    tables.view("attributed_units", attribution.unit_of("qualifying"))
    tables.view("attributed", attribution.with_units("attributed_units"))


def _unit_sql(level: str) -> tuple[str, str]:
    """(unit id expression, unit name expression) of a level, over ``attributed`` grouped."""
    return {
        "authority": ("la_code", "la_code"),
        "service": ("service", "service"),
        "locality": ("locality", "locality"),
        "team": ("team_id", "team_id"),
        "worker": ("worker_id", "worker_id"),
    }[level]


def _sum_units(con: duckdb.DuckDBPyConnection, streamed: list[Select], tables) -> None:
    """Records summed per indicator, period and unit into the temp table ``unit_sums``.

    The records in ``qualifying`` are summed through ``attributed_units``; the ``streamed``
    indicators' records are summed as their queries produce them, never stored: each is given
    the unit holding its child's case on its date (a record no allocation holds is summed with no
    unit, and goes to its authority's "Not allocated" once the sums are few). Only a DuckDB run
    streams; ``tables`` makes ``unit_records`` and ``unit_sums``.
    """
    parts = ["""SELECT indicator_id, period_id, la_code, unit_no, variants, bases, sum(numerator) AS numerator,
                       sum(denominator) AS denominator, count(*) AS records
                FROM attributed_units GROUP BY ALL"""]
    if streamed:
        con.register("streamed_source", pa.table({"number": pa.array(range(len(streamed)), pa.int16()),
                                                  "indicator_id": [s.label for s in streamed]}))
        con.execute("CREATE OR REPLACE TEMP TABLE streamed_label AS SELECT * FROM streamed_source")
        con.unregister("streamed_source")
        parts.append(f"""
            SELECT l.indicator_id, g.* EXCLUDE (number)
            FROM (SELECT q.indicator_id AS number, q.period_id, q.la_code, {attribution.HELD_UNIT} AS unit_no,
                         q.variants, q.bases, sum(q.numerator) AS numerator, sum(q.denominator) AS denominator,
                         count(*) AS records
                  FROM ({" UNION ALL ".join(s.numbered(n) for n, s in enumerate(streamed))}) q
                  {attribution.SPAN_JOIN}
                  GROUP BY ALL) g
            JOIN streamed_label l USING (number)""")
    # a split family's records count once in every member whose numerator (denominator) they meet
    tables.table("unit_records", f"""
        SELECT g.* EXCLUDE (unit_no), coalesce(g.unit_no, n.unit_no) AS unit_no
        FROM ({" UNION ALL ".join(parts)}) g LEFT JOIN unallocated_units n ON n.la_code = g.la_code""", streamed)
    tables.table("unit_sums", """
        WITH grouped AS (SELECT * FROM unit_records),
        plain AS (
            SELECT indicator_id, period_id, la_code, unit_no, numerator, denominator
            FROM grouped WHERE variants IS NULL),
        split AS (
            SELECT indicator_id AS family, period_id, la_code, unit_no, variants, bases, records
            FROM grouped WHERE variants IS NOT NULL),
        members AS (
            SELECT m.indicator_id, s.period_id, s.la_code, s.unit_no,
                   sum(CASE WHEN s.variants & m.bit <> 0 THEN s.records ELSE 0 END) AS numerator,
                   sum(CASE WHEN s.bases & m.bit <> 0 THEN s.records ELSE 0 END) AS denominator
            FROM split s JOIN split_members m USING (family) GROUP BY ALL
            HAVING numerator <> 0 OR denominator <> 0),   -- a unit with none of a member's records shows none
        summed AS (SELECT * FROM plain UNION ALL SELECT * FROM members)
        SELECT s.indicator_id, s.period_id, s.la_code, u.service, u.locality, u.team_id, u.worker_id,
               s.numerator, s.denominator
        FROM summed s JOIN units u USING (unit_no)""")


def aggregate(con: duckdb.DuckDBPyConnection, indicators: list[Indicator], levels: Iterable[str],
              streamed: list[Select] = (), tables=None) -> None:
    """Counts at every level (step 4) into the temp table ``aggregated``.

    Two stages: records are first summed per finest unit (practitioner within team, locality and
    service; :func:`_sum_units`), then those sums are rolled up with GROUPING SETS, which touches
    thousands of rows rather than millions. Medians cannot be summed, so ``days`` indicators take
    their medians from their own records, which are always in ``qualifying``. ``tables``: the
    engine that makes the working tables (default: DuckDB, ``con``); ``indicator_meta`` is always
    the store's.
    """
    tables = tables or DuckDBTables(con)
    levels = ["authority"] + [lv for lv in LEVELS if lv in set(levels) and lv != "authority"]
    grouping = ", ".join(
        "(indicator_id, period_id, la_code" + ("" if lv == "authority" else f", {_unit_sql(lv)[0]}") + ")"
        for lv in levels)
    con.register("indicator_meta", pa.table({
        "indicator_id": [i.id for i in indicators], "unit": [i.unit for i in indicators],
        "aggregate": [i.aggregate for i in indicators], "population": [i.population for i in indicators],
        "requires": [list(i.requires) for i in indicators],
        "history_tables": [[t for t in i.requires if t in model_tables.BY_NAME   # canonical tables, loaded
                            and not model_tables.BY_NAME[t].bookkeeping] for i in indicators],
        "lookback_months": pa.array([i.lookback_months for i in indicators], pa.int32()),
        "lookback_from": [i.lookback_from for i in indicators]}))
    level_case = " ".join(
        f"WHEN grouping({_unit_sql(lv)[0]}) = 0 THEN '{lv}'" for lv in levels if lv != "authority")
    level_expr = f"CASE {level_case} ELSE 'authority' END" if level_case else "'authority'"
    units = ", ".join(col if any(_unit_sql(lv)[0] == col for lv in levels) else f"NULL::VARCHAR AS {col}"
                      for col in ("service", "locality", "team_id", "worker_id"))
    _sum_units(con, streamed, tables)
    days = [i.id for i in indicators if i.unit == "days"]
    is_days = f"indicator_id IN ({chunks.sql_list(days)})" if days else "FALSE"
    # durations: counts, medians and means from their own records (always in qualifying)
    days_records = f"(SELECT * FROM qualifying WHERE {is_days})"
    tables.table("aggregated", f"""
        SELECT indicator_id, period_id, la_code, {level_expr} AS level, {units},
               coalesce(sum(numerator), 0) AS numerator, coalesce(sum(denominator), 0) AS denominator,
               NULL::DOUBLE AS measure_median, NULL::DOUBLE AS measure_mean
        FROM unit_sums WHERE NOT ({is_days})
        GROUP BY GROUPING SETS ({grouping})
        UNION ALL
        SELECT indicator_id, period_id, la_code, {level_expr} AS level, {units},
               coalesce(sum(numerator), 0) AS numerator, coalesce(sum(denominator), 0) AS denominator,
               median(measure) FILTER (WHERE numerator > 0) AS measure_median,
               avg(measure) FILTER (WHERE numerator > 0) AS measure_mean
        FROM ({attribution.with_units(f"({attribution.unit_of(days_records)})")})
        GROUP BY GROUPING SETS ({grouping})""")


def run(con: duckdb.DuckDBPyConnection, indicators: list[Indicator], periods: list[Period],
        levels: Iterable[str] = LEVELS, reference: Path | None = None, keep_records: bool = False,
        la_codes: list[str] | None = None, progress: Progress | None = None, spark=None) -> RunResult:
    """Compute ``indicators`` for ``periods`` at ``levels`` and keep them in the store.

    ``progress`` is told how far the run has got (:mod:`carepath.indicators.progress`).
    ``spark``: a :class:`carepath.indicators.engines.spark.SparkEngine` that computes the
    qualifying records, attribution and roll-up (steps 2 to 4) on Apache Spark, for all the
    authorities at once; values and storing run here as always."""
    levels = tuple(levels)
    unknown = [lv for lv in levels if lv not in LEVELS]
    if unknown:
        raise CarepathError(f"Unknown level {', '.join(unknown)}; levels are {', '.join(LEVELS)}.")
    outcome = RunResult(indicators, periods, levels)
    everyone = bind_authorities(con, None)
    wanted = bind_authorities(con, la_codes)
    planned = [wanted] if spark is not None else chunks.groups(con, wanted)   # Spark spreads the work itself
    tracker = Tracker(progress, len(planned))
    for number, group in enumerate(planned, 1):
        tracker.group = number
        if group == everyone:
            _run_group(con, outcome, indicators, periods, levels, reference, keep_records, group, tracker, spark)
            continue
        with chunks.only(con, group):
            _run_group(con, outcome, indicators, periods, levels, reference, keep_records, group, tracker, spark)
    tracker.finished()
    return outcome


def _run_group(con, outcome: RunResult, indicators, periods, levels, reference, keep_records, group,
               tracker: Tracker, spark=None) -> None:
    """One group of authorities. The records of durations, of records that name their own unit,
    and all records when they are kept, go into ``qualifying``; the rest are summed per unit as
    their queries produce them (millions of rows never stored). On Spark, steps 2 to 4 run there
    (:func:`_on_spark`)."""
    if spark is not None:
        _on_spark(con, outcome, indicators, periods, levels, reference, keep_records, group, tracker, spark)
        return
    clock = time.perf_counter()
    tracker.step("preparing")
    prepare(con, periods, reference, group, indicators)
    selects = qualifying.plan(con, indicators, split=not keep_records)
    kept = [s for s in selects if keep_records or s.names_unit or s.measures]
    qualifying.insert(con, kept)
    attribute(con, levels)
    timings = {"shared tables, kept records, allocations": time.perf_counter() - clock}
    clock = time.perf_counter()
    tracker.step("computing the indicators")
    aggregate(con, indicators, levels, [s for s in selects if s not in kept])
    timings["queries, attribution, roll-up"] = time.perf_counter() - clock
    _store(con, outcome, levels, keep_records, tracker, timings)


def _on_spark(con, outcome: RunResult, indicators, periods, levels, reference, keep_records, group,
              tracker: Tracker, spark) -> None:
    """Steps 2 to 4 on Spark: every indicator's records (each variant's own query; split families
    are a DuckDB speed-up), attributed and rolled up there by the same SQL as DuckDB's; the store
    receives ``aggregated``, ``units`` (for their names) and, when kept, ``attributed``."""
    clock = time.perf_counter()
    tracker.step("preparing")
    prepare(con, periods, reference, group, indicators, plan_only=True)
    selects = qualifying.plan(con, indicators, split=False)
    tracker.step("computing the qualifying records on Spark")
    spark.qualifying(con, indicators, selects)
    timings = {"spark: shared tables, qualifying records": time.perf_counter() - clock}
    clock = time.perf_counter()
    tracker.step("attributing and rolling up on Spark")
    attribute(con, levels, tables=spark)
    aggregate(con, indicators, levels, tables=spark)
    records = spark.records()
    for name in ("aggregated", "units") + (("attributed",) if keep_records else ()):
        spark.fetch(con, name)
    spark.release()
    timings["spark: attribution, roll-up"] = time.perf_counter() - clock
    _store(con, outcome, levels, keep_records, tracker, timings, records)


def _store(con, outcome: RunResult, levels, keep_records, tracker: Tracker, timings: dict,
           records: int | None = None) -> None:
    """Step 5: values, notes, incomplete history, and storing."""
    clock = time.perf_counter()
    tracker.step("storing the figures")
    finish(con)
    results, records = store_results(con, levels, keep_records, records)
    timings["values and storing"] = time.perf_counter() - clock
    outcome.results += results
    outcome.records += records
    for key, seconds in timings.items():
        outcome.timings[key] = outcome.timings.get(key, 0.0) + seconds


RECORD_COLUMNS = ("record_id", "child_id", "event_date", "numerator", "denominator", "measure", "worker_id",
                  "team_id", "locality", "service", "la_code")


def records(con: duckdb.DuckDBPyConnection, indicator: Indicator, period: Period, reference: Path | None = None,
            la_code: str | None = None, unit_id: str | None = None, numerator_only: bool = False) -> pa.Table:
    """The records behind one figure, recomputed now: who was counted, and where they were attributed.

    ``unit_id`` narrows to a practitioner, team, locality or service. Works on a read-only
    connection (everything it makes is a temp table).
    """
    if la_code and bind_authorities(con, None) != [la_code]:
        with chunks.only(con, [la_code]):  # read only that authority's rows
            return _records(con, indicator, period, reference, la_code, unit_id, numerator_only)
    return _records(con, indicator, period, reference, la_code, unit_id, numerator_only)


def _records(con, indicator: Indicator, period: Period, reference: Path | None, la_code: str | None,
             unit_id: str | None, numerator_only: bool) -> pa.Table:
    prepare(con, [period], reference, [la_code] if la_code else None, [indicator])
    qualify(con, indicator)
    attribute(con, only_qualifying=True)
    where, params = ["(coalesce(numerator, 0) <> 0 OR coalesce(denominator, 0) <> 0)"], []  # behind the figure
    if unit_id:
        where.append("? IN (worker_id, team_id, locality, service)")
        params.append(unit_id)
    if numerator_only:
        where.append("numerator > 0")
    return con.sql(f"SELECT {', '.join(RECORD_COLUMNS)} FROM attributed "
                   f"{'WHERE ' + ' AND '.join(where) if where else ''} ORDER BY event_date, record_id",
                   params=params or None).to_arrow_table()
