"""What the store covers: the months each source's loaded returns cover, and the latest period they
fully cover (the default for every report).

**Source coverage.** Each table's coverage, per authority, is the union of the windows of the loads
that wrote rows to it (``load_count``):

* a return with a year (CIN census, SSDA903; ``load_batch.return_year`` such as ``2023-24``, or
  several, ``2022-23, 2023-24``, for a multi-year SSDA903 file) covers each whole year it names,
  1 April to 31 March;
* an Ofsted Annex A workbook covers the 12 months up to the latest date its rows hold (its lists
  are the last 12 months before the day it was made);
* a local extract (or any load without a year) covers its rows' own dates in each table, the
  earliest to the latest date that starts a record (``referral_date``, ``start_date``...).

Windows that meet or overlap are merged; a gap between them (a year not loaded) stays a gap.
:func:`install` makes this the temp table ``source_coverage`` (``la_code, table_name,
covered_from, covered_to``) for the engine, which marks a figure "incomplete history" when its
period, with its look-back (:attr:`~carepath.indicators.catalogue.Indicator.lookback`), is not
inside one covered stretch of every table it requires.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

import duckdb
import pyarrow as pa

from carepath.indicators import periods
from carepath.indicators.periods import Period
from carepath.model import tables

ANNEX_A = "annex-a-xlsx"
_YEAR = re.compile(r"\b(\d{4})-(\d{2})\b")

# the date that starts a record of each table, for loads whose coverage comes from their rows
RECORD_DATES = {
    "contact": "contact_date", "early_help": "start_date", "referral": "referral_date",
    "assessment": "start_date", "s47": "start_date", "cin_plan": "start_date", "cp_plan": "start_date",
    "cp_review": "review_date", "pre_proceedings": "pp_start_date", "cla_episode": "start_date",
    "missing": "start_date", "cla_review": "review_date", "cla_outcome": "year_ending", "care_leaver": "as_at",
    "adoption": "decision_date", "adopter": "enquiry_date", "sw_episode": "start_date", "dolo": "start_date",
    "visit": "visit_date", "allocation": "start_date", "supervision": "supervision_date",
    "case_audit": "audit_date", "workforce": "snapshot_date", "proceeding": "application_date",
    "send_request": "request_date", "ehe": "start_date",
}


def return_years(text: str | None) -> list[tuple[date, date]]:
    """The financial years a ``return_year`` names: ``"2023-24"`` -> [(2023-04-01, 2024-03-31)]."""
    found = []
    for first, second in _YEAR.findall(text or ""):
        if (int(first) + 1) % 100 == int(second):
            found.append((date(int(first), 4, 1), date(int(first) + 1, 3, 31)))
    return found


def _months_before(day: date, months: int) -> date:
    """The day ``months`` calendar months before ``day`` (the last day of a shorter month)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _batch_windows(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, date, date]]:
    """(la_code, table_name, from, to) for every load and table it wrote rows to."""
    loads = con.execute("""
        SELECT b.batch_id, b.la_code, b.format, b.return_year, list(c.table_name ORDER BY c.table_name)
        FROM load_batch b JOIN load_count c USING (batch_id)
        WHERE c.rows_loaded > 0 GROUP BY ALL ORDER BY b.batch_id""").fetchall()
    # the rows' own dates, for loads without a year (and loads with one that name no authority)
    spans = _row_spans(con, {batch_id: written for batch_id, la_code, _f, year, written in loads
                             if not return_years(year) or not la_code})
    windows = []
    for batch_id, la_code, fmt, return_year, written in loads:
        years = return_years(return_year)
        mine = spans.get(batch_id, [])
        if years:
            authorities = [la_code] if la_code else sorted({s[0] for s in mine})
            windows += [(la, table, start, end) for la in authorities for table in written for start, end in years]
        elif fmt == ANNEX_A and mine:
            end = max(s[3] for s in mine)
            start = _months_before(end, 12) + timedelta(days=1)
            windows += [(la, table, start, end) for la in {s[0] for s in mine} for table in written]
        else:
            windows += mine
    return windows


def _row_spans(con, written: dict[int, list[str]]) -> dict[int, list[tuple[str, str, date, date]]]:
    """For each load, (la_code, table, earliest, latest) of the record dates of the rows it last
    wrote: one pass over each table, whatever the number of loads."""
    found: dict[int, list] = {}
    for table in sorted({t for tables_written in written.values() for t in tables_written}):
        if table not in RECORD_DATES or table not in tables.BY_NAME:
            continue
        batches = [b for b, tables_written in written.items() if table in tables_written]
        column = RECORD_DATES[table]
        for batch_id, la_code, first, last in con.execute(
                f"SELECT batch_id, la_code, min({column}), max({column}) FROM {table} "
                f"WHERE batch_id IN (SELECT unnest($batches)) GROUP BY batch_id, la_code",
                {"batches": batches}).fetchall():
            if first is not None:
                found.setdefault(batch_id, []).append((la_code, table, first, last))
    return found


def merged(windows: list[tuple[str, str, date, date]]) -> list[tuple[str, str, date, date]]:
    """Windows of the same authority and table that meet (the next starts on or before the day
    after the last ends) or overlap, as one stretch each."""
    found: list[list] = []
    for la, table, start, end in sorted(windows):
        last = found[-1] if found else None
        if last and last[0] == la and last[1] == table and start <= last[3] + timedelta(days=1):
            last[3] = max(last[3], end)
        else:
            found.append([la, table, start, end])
    return [tuple(w) for w in found]


def source_coverage(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, date, date]]:
    """(la_code, table_name, covered_from, covered_to): each covered stretch of each table."""
    return merged(_batch_windows(con))


def install(con: duckdb.DuckDBPyConnection) -> None:
    """The temp table ``source_coverage`` (see the module's docstring)."""
    rows = source_coverage(con)
    con.register("source_coverage_rows", pa.table({
        "la_code": pa.array([r[0] for r in rows], pa.string()),
        "table_name": pa.array([r[1] for r in rows], pa.string()),
        "covered_from": pa.array([r[2] for r in rows], pa.date32()),
        "covered_to": pa.array([r[3] for r in rows], pa.date32())}))
    con.execute("CREATE OR REPLACE TEMP TABLE source_coverage AS SELECT * FROM source_coverage_rows")
    con.unregister("source_coverage_rows")


def last_complete(con: duckdb.DuckDBPyConnection, kind: str) -> Period:
    """The latest period of ``kind`` the store's returns fully cover.

    The statutory returns cover whole years: the store is complete to the end of the latest return
    year loaded (a 2024-25 CIN census covers up to 31 March 2025). Without returns, the latest
    referral date is the limit. The period is the one ending on or before that day.
    """
    years = [end for (text,) in con.execute("SELECT DISTINCT return_year FROM load_batch").fetchall()
             for _start, end in return_years(text)]
    if years:
        limit = max(years)
    else:
        limit = con.execute("SELECT max(referral_date) FROM referral").fetchall()[0][0] or date.today()
    found = periods.containing(limit, kind)
    return found if limit >= found.end else periods.previous(found)
