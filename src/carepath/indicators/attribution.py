"""Attribution: who held a child's case on a record's date, as a numbered unit (step 3 of the engine).

A record is attributed to the practitioner who held the child's case on its ``attribute_date``
(the record's date, or the period's end for snapshot indicators that say so), through
``allocation``: the allocation started most recently on or before that date (of two started the
same day, the one with the later ``allocation_id``), if it had not ended before it (an allocation
ending on the date still holds it). The team is the allocation's, else the practitioner's
(``worker``); locality and service are the team's (``org_unit``). A record with no allocation on
its date, or with no date to attribute by, goes to its authority's "Not allocated" unit at every
level below the authority, so that the units of a level always add up to the authority. Records
that name their own team or practitioner (the workforce snapshots) are attributed to it.

Two temp tables make this one hash join per record rather than a search:

- ``units``: every (authority, practitioner, team) a record can be attributed to, numbered
  (``unit_no``), with its locality, service and names; the engine sums records per unit number.
- ``allocation_spans``: each allocation with the start of the child's next one (``next_start``),
  so that the allocation holding a date is the span with ``start_date <= date < next_start``.

:func:`unit_of` is the SQL that gives a record its unit number; the engine's bulk run and the
view ``attributed`` (the records behind a figure) both use it.

The SQL is written once, in DuckDB's dialect, and runs on either engine: :func:`install` hands its
tables to a DuckDB connection or to the Spark engine (:mod:`carepath.indicators.engines.working`).
"""
from __future__ import annotations

from typing import Iterable

import duckdb

from carepath.indicators.engines.working import DuckDBTables, tables_of

NOT_ALLOCATED = "Not allocated"


def _not_allocated(la: str) -> str:
    return f"{la} || '/{NOT_ALLOCATED}'"


def install(con: duckdb.DuckDBPyConnection | DuckDBTables, levels: Iterable[str], direct: str | None = None,
            children: str | None = None) -> None:
    """The temp tables ``allocation_spans`` and ``units`` for the authorities in ``authorities``,
    made by ``con`` (a DuckDB connection, or the Spark engine: the same SQL for both).

    ``direct`` is a query of (la_code, worker_id, team_id) named by records themselves;
    ``children``, a query of the child_ids to be attributed, when they are known beforehand (a
    drill-through's few), else every child's allocations are used. With only the authority level
    asked for, nothing is attributed: every record goes to "Not allocated".
    """
    tables = tables_of(con)
    attributing = not set(levels) <= {"authority"}
    only = f" AND a.child_id IN ({children})" if children else ""
    tables.table("allocation_holder", f"""
        SELECT a.allocation_id, a.child_id, a.la_code, a.start_date, a.end_date,
               coalesce(a.worker_id, {_not_allocated('a.la_code')}) AS worker_id,
               coalesce(a.team_id, w.team_id, {_not_allocated('a.la_code')}) AS team_id
        FROM allocation a LEFT JOIN worker w ON w.worker_id = a.worker_id
        WHERE a.start_date IS NOT NULL AND {'TRUE' if attributing else 'FALSE'}{only}""")
    named = [] if direct is None else [f"""
        SELECT la_code, coalesce(worker_id, {_not_allocated('la_code')}), coalesce(team_id, {_not_allocated('la_code')})
        FROM ({direct})"""]
    tables.table("units", f"""
        WITH named AS (
            SELECT DISTINCT la_code, worker_id, team_id FROM allocation_holder
            UNION SELECT la_code, {_not_allocated('la_code')}, {_not_allocated('la_code')} FROM authorities
            {''.join(' UNION ' + n for n in named)})
        SELECT row_number() OVER (ORDER BY n.la_code, n.team_id, n.worker_id)::INTEGER AS unit_no, n.la_code,
               n.worker_id, n.team_id, coalesce(o.locality, '{NOT_ALLOCATED}') AS locality,
               coalesce(o.service, '{NOT_ALLOCATED}') AS service,
               coalesce(w.worker_name, CASE WHEN n.worker_id LIKE '%/{NOT_ALLOCATED}' THEN '{NOT_ALLOCATED}' END,
                        n.worker_id) AS worker_name,
               coalesce(o.team_name, CASE WHEN n.team_id LIKE '%/{NOT_ALLOCATED}' THEN '{NOT_ALLOCATED}' END,
                        n.team_id) AS team_name,
               n.worker_id = {_not_allocated('n.la_code')} AND n.team_id = {_not_allocated('n.la_code')}
                   AS not_allocated
        FROM named n LEFT JOIN org_unit o ON o.team_id = n.team_id LEFT JOIN worker w ON w.worker_id = n.worker_id""")
    tables.table("allocation_spans", """
        SELECT h.child_id, h.start_date,
               lead(h.start_date) OVER (PARTITION BY h.child_id ORDER BY h.start_date, h.allocation_id) AS next_start,
               h.end_date, u.unit_no
        FROM allocation_holder h JOIN units u USING (la_code, worker_id, team_id)""")
    tables.table("unallocated_units", """
        SELECT la_code, unit_no FROM units WHERE not_allocated""")


SPAN_JOIN = """LEFT JOIN allocation_spans s ON s.child_id = q.child_id AND q.attribute_date >= s.start_date
                                        AND (s.next_start IS NULL OR q.attribute_date < s.next_start)"""
HELD_UNIT = "CASE WHEN s.end_date IS NULL OR s.end_date >= q.attribute_date THEN s.unit_no END"


def unit_of(records: str) -> str:
    """``records`` (rows with the columns of ``qualifying``) with ``unit_no``, the unit each is
    attributed to: the team or practitioner it names, else the allocation holding the child's case
    on its date, else its authority's "Not allocated"."""
    return f"""
        SELECT q.*, coalesce(d.unit_no, {HELD_UNIT}, n.unit_no) AS unit_no
        FROM {records} q
        {SPAN_JOIN}
        LEFT JOIN units d ON (q.worker_id IS NOT NULL OR q.team_id IS NOT NULL) AND d.la_code = q.la_code
         AND d.worker_id = coalesce(q.worker_id, {_not_allocated('q.la_code')})
         AND d.team_id = coalesce(q.team_id, {_not_allocated('q.la_code')})
        LEFT JOIN unallocated_units n ON n.la_code = q.la_code"""


def with_units(numbered: str) -> str:
    """Rows that have a ``unit_no`` with that unit's practitioner, team, locality and service."""
    return f"""SELECT a.* EXCLUDE (worker_id, team_id, unit_no), u.worker_id, u.team_id, u.locality, u.service
               FROM {numbered} a JOIN units u USING (unit_no)"""
