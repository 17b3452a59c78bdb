"""Finding every occasion a key practice was due and every breach, with who held the case.

:func:`run` prepares a connection (the working-day calendar and macros of
:mod:`carepath.indicators.calendar`, ``add_working_days``, the shared looked-after tables the
practices use, the window, and the allocation history of :mod:`carepath.indicators.attribution`),
checks that each practice's records are loaded for each authority, runs every measurable
practice's query, and leaves the temp table ``practice_occasion``: one row per occasion due from
``first_day`` to ``as_at``, with ``breach`` and the team and worker holding the child's case **on
the due date** (the allocation started most recently on or before it and not ended before it;
"Not allocated" when none). A practice whose records are not loaded for an authority is **not
measurable** there ("not measurable: no child protection visits loaded"), never zero breaches.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import date, timedelta

import duckdb
import pyarrow as pa

from carepath.errors import CarepathError
from carepath.indicators import attribution, calendar, coverage
from carepath.indicators import catalogue as indicator_catalogue
from carepath.indicators.engine import bind_authorities
from carepath.practices.catalogue import Practice

BREACH_COLUMNS = ("practice_id", "title", "la_code", "child_id", "record_id", "due_date", "done_date",
                  "days_late", "team_id", "team_name", "worker_id", "worker_name")


class PracticeQueryError(CarepathError):
    pass


@dataclass(frozen=True)
class Status:
    """How one practice stands in one authority: measurable with its counts, or why not."""
    practice_id: str
    la_code: str
    due: int | None
    breaches: int | None
    note: str | None = None  # "not measurable: no ... loaded"

    @property
    def measurable(self) -> bool:
        return self.note is None


@dataclass
class Outcome:
    first_day: date
    as_at: date
    statuses: list[Status] = field(default_factory=list)
    seconds: float = 0.0


def twelve_months_to(as_at: date) -> date:
    """The first day of the 12 months ending on ``as_at`` (1 April 2024 for 31 March 2025)."""
    day = min(as_at.day, 28) if as_at.month == 2 else as_at.day
    return date(as_at.year - 1, as_at.month, day) + timedelta(days=1)


def default_window(con: duckdb.DuckDBPyConnection) -> tuple[date, date]:
    """The 12 months ending on the last day of the latest month the store's returns fully cover."""
    last = coverage.last_complete(con, "month").end
    return twelve_months_to(last), last


def _install_add_working_days(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE OR REPLACE TEMP TABLE working_day_number AS "
                "SELECT wd_index, day FROM calendar WHERE is_working_day")
    con.execute("""CREATE OR REPLACE TEMP MACRO add_working_days(from_day, n) AS
        (SELECT w.day FROM working_day_number w
         WHERE w.wd_index = (SELECT c.wd_index FROM calendar c WHERE c.day = from_day) + n)""")


def prepare(con: duckdb.DuckDBPyConnection, practices: list[Practice], first_day: date, as_at: date,
            la_codes: list[str] | None = None) -> list[str]:
    """Everything the practices' queries use; returns the authorities asked for."""
    if first_day > as_at:
        raise CarepathError(f"The window starts ({first_day:%d/%m/%Y}) after it ends ({as_at:%d/%m/%Y}).")
    calendar.install(con)
    _install_add_working_days(con)
    authorities = bind_authorities(con, la_codes)
    con.execute("CREATE OR REPLACE TEMP TABLE practice_window AS SELECT ?::DATE AS first_day, ?::DATE AS as_at",
                [first_day, as_at])
    for table in indicator_catalogue.shared_needed(practices):
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table.name} AS {table.sql}")
    attribution.install(con, ("team", "worker"))
    return authorities


def missing_records(con: duckdb.DuckDBPyConnection, practice: Practice, la_code: str) -> str | None:
    """The note of a practice not measurable in an authority, or None when its records are there."""
    tables = {t for (t,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    empty = [r.name for r in practice.records
             if r.table not in tables or con.execute(r.count_sql(), [la_code]).fetchall()[0][0] == 0]
    return f"not measurable: no {' and no '.join(empty)} loaded" if empty else None


OCCASION = """CREATE OR REPLACE TEMP TABLE practice_occasion (
    practice_id VARCHAR, la_code VARCHAR, child_id VARCHAR, record_id VARCHAR, due_date DATE, done_date DATE,
    breach BOOLEAN, unit_no INTEGER)"""


def run(con: duckdb.DuckDBPyConnection, practices: list[Practice], first_day: date | None = None,
        as_at: date | None = None, la_codes: list[str] | None = None) -> Outcome:
    """Every occasion of ``practices`` due from ``first_day`` to ``as_at`` into ``practice_occasion``."""
    started = time.perf_counter()
    if first_day is None or as_at is None:
        default_first, default_last = default_window(con)
        first_day, as_at = first_day or default_first, as_at or default_last
    authorities = prepare(con, practices, first_day, as_at, la_codes)
    con.execute(OCCASION)
    outcome = Outcome(first_day, as_at)
    for practice in practices:
        notes = {la: missing_records(con, practice, la) for la in authorities}
        measured = [la for la, note in notes.items() if note is None]
        if measured:
            wanted = ", ".join(f"'{la}'" for la in measured if re.fullmatch(r"[0-9A-Za-z]+", la))
            try:
                con.execute(f"""
                    INSERT INTO practice_occasion
                    WITH occasions AS ({practice.sql}),
                    known AS (
                        SELECT '{practice.id}' AS practice_id, o.la_code, o.child_id, o.record_id, o.due_date,
                               CASE WHEN o.done_date <= w.as_at THEN o.done_date END AS done_date,
                               o.due_date AS attribute_date
                        FROM occasions o, practice_window w
                        WHERE o.due_date BETWEEN w.first_day AND w.as_at AND o.la_code IN ({wanted}))
                    SELECT q.practice_id, q.la_code, q.child_id, q.record_id, q.due_date, q.done_date,
                           q.done_date IS NULL OR q.done_date > q.due_date AS breach,
                           coalesce({attribution.HELD_UNIT}, n.unit_no) AS unit_no
                    FROM known q
                    {attribution.SPAN_JOIN}
                    LEFT JOIN unallocated_units n ON n.la_code = q.la_code""")
            except duckdb.Error as exc:
                raise PracticeQueryError(f"Key practice {practice.id} ({practice.path.name}) failed: {exc}") from exc
        counts = dict(((la, (due, breaches)) for la, due, breaches in con.execute(
            "SELECT la_code, count(*), count(*) FILTER (WHERE breach) FROM practice_occasion "
            "WHERE practice_id = ? GROUP BY la_code", [practice.id]).fetchall()))
        for la in authorities:
            if notes[la]:
                outcome.statuses.append(Status(practice.id, la, None, None, notes[la]))
            else:
                due, breaches = counts.get(la, (0, 0))
                outcome.statuses.append(Status(practice.id, la, due, breaches))
    outcome.seconds = time.perf_counter() - started
    return outcome


def breaches(con: duckdb.DuckDBPyConnection, titles: dict[str, str], where: str = "TRUE",
             params: list | None = None) -> pa.Table:
    """The breaches in ``practice_occasion`` (after :func:`run`) with their team and worker, ordered."""
    con.register("practice_titles", pa.table({"practice_id": list(titles), "title": list(titles.values())}))
    try:
        return con.sql(f"""
            SELECT o.practice_id, t.title, o.la_code, o.child_id, o.record_id, o.due_date, o.done_date,
                   CASE WHEN o.done_date IS NOT NULL THEN datediff('day', o.due_date, o.done_date) END AS days_late,
                   u.team_id, u.team_name, u.worker_id, u.worker_name
            FROM practice_occasion o JOIN units u USING (unit_no) JOIN practice_titles t USING (practice_id)
            WHERE o.breach AND ({where})
            ORDER BY o.practice_id, o.due_date, o.child_id, o.record_id""", params=params or None).to_arrow_table()
    finally:
        con.unregister("practice_titles")
