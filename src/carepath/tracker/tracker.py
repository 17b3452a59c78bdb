"""The tracker for one cohort of one authority on one day: every child, every item, its RAG.

:func:`compute` prepares the connection (the working-day calendar, the shared looked-after tables,
the allocation history), lists the cohort with the team and practitioner holding each child's case
on the day (the allocation started most recently on or before it, not ended before it: the same
attribution as the indicators), runs every item of the rules that applies to the cohort, and rates
each value with the rules. The result is plain Python (a :class:`Board`), so the dashboard can keep
it while the store is unchanged.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date

import duckdb

from carepath.errors import CarepathError
from carepath.indicators import attribution, calendar
from carepath.indicators import catalogue as indicator_catalogue
from carepath.indicators.engine import bind_authorities
from carepath.practices.engine import _install_add_working_days
from carepath.tracker import rules as rules_mod
from carepath.tracker.values import COHORT_NEEDS, COHORT_SQL, VALUES


@dataclass(frozen=True)
class Cell:
    value: object
    rag: str | None
    reason: str | None


@dataclass
class Board:
    la_code: str
    cohort: str
    as_at: date
    items: list[rules_mod.Item]
    children: list[dict]                                   # child_id, dob, age, sex, team and worker
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)   # (child_id, item_id) -> cell
    not_loaded: dict[str, str] = field(default_factory=dict)           # item_id -> "not loaded: no ... loaded"
    seconds: float = 0.0

    def counts(self, item_id: str) -> dict[str, int]:
        """How many children are red, amber, green and without a RAG on one item."""
        found = {"red": 0, "amber": 0, "green": 0, "none": 0}
        for child in self.children:
            cell = self.cells.get((child["child_id"], item_id))
            found[cell.rag if cell and cell.rag else "none"] += 1
        return found


def _tables(con) -> set[str]:
    return {t for (t,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}


def _loaded(con, tables: set[str], table: str, la_code: str, where: str = "") -> bool:
    if table not in tables:
        return False
    sql = f"SELECT EXISTS (SELECT 1 FROM {table} WHERE la_code = ?{' AND (' + where + ')' if where else ''})"
    return bool(con.execute(sql, [la_code]).fetchall()[0][0])


def compute(con: duckdb.DuckDBPyConnection, cohort: str, as_at: date, la_code: str,
            items: dict[str, rules_mod.Item] | None = None) -> Board:
    """Every child of ``cohort`` in authority ``la_code`` on ``as_at``, with every item rated."""
    started = time.perf_counter()
    if cohort not in COHORT_SQL:
        raise CarepathError(f"There is no cohort '{cohort}'. Cohorts: {', '.join(COHORT_SQL)}.")
    items = items if items is not None else rules_mod.load()
    unknown = [i for i in items if i not in VALUES]
    if unknown:
        raise rules_mod.RulesError(f"The tracker does not know how to compute {', '.join(unknown)}; "
                                   f"items it knows: {', '.join(VALUES)}.")
    wanted = [item for item in items.values() if cohort in item.cohorts]
    board = Board(la_code, cohort, as_at, wanted, [])
    tables = _tables(con)
    table, words = COHORT_NEEDS[cohort]
    if not _loaded(con, tables, table, la_code):
        raise CarepathError(f"The store holds no {words} for LA {la_code}, so the cohort "
                            f"'{rules_mod.COHORTS[cohort]}' cannot be listed.")
    calendar.install(con)
    _install_add_working_days(con)
    bind_authorities(con, [la_code])
    con.execute("CREATE OR REPLACE TEMP TABLE tracker_day AS SELECT ?::DATE AS as_at", [as_at])
    for shared in indicator_catalogue.shared_needed([VALUES[i.id] for i in wanted] + [_Sql(COHORT_SQL[cohort])]):
        con.execute(f"CREATE OR REPLACE TEMP TABLE {shared.name} AS {shared.sql}")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE tracker_cohort AS
        SELECT c.child_id, c.la_code, c.dob, c.sex, c.local_child_id FROM child c
        WHERE c.la_code = ? AND c.child_id IN ({COHORT_SQL[cohort]})""", [la_code])
    attribution.install(con, ("team", "worker"), children="SELECT child_id FROM tracker_cohort")
    rows = con.execute(f"""
        SELECT q.child_id, q.local_child_id, q.dob, q.sex, age_on(q.dob, q.attribute_date) AS age,
               u.team_id, u.team_name, u.worker_id, u.worker_name
        FROM (SELECT t.*, d.as_at AS attribute_date FROM tracker_cohort t, tracker_day d) q
        {attribution.SPAN_JOIN}
        LEFT JOIN unallocated_units n ON n.la_code = q.la_code
        JOIN units u ON u.unit_no = coalesce({attribution.HELD_UNIT}, n.unit_no)
        ORDER BY q.child_id""").fetchall()
    keys = ("child_id", "local_child_id", "dob", "sex", "age", "team_id", "team_name", "worker_id", "worker_name")
    board.children = [dict(zip(keys, r)) for r in rows]
    for item in wanted:
        value = VALUES[item.id]
        if not _loaded(con, tables, value.table, la_code, value.where):
            board.not_loaded[item.id] = f"not loaded: no {value.name} loaded"
            continue
        found = dict(con.execute(value.sql).fetchall())
        for child in board.children:
            got = found.get(child["child_id"])
            rag, reason = item.rate(got)
            board.cells[(child["child_id"], item.id)] = Cell(got, rag, reason)
    board.seconds = time.perf_counter() - started
    return board


@dataclass(frozen=True)
class _Sql:
    sql: str
