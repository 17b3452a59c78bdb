"""Qualifying records: every indicator's query over every bound period, into one temp table.

Each indicator's query (see :mod:`carepath.indicators.catalogue`) is wrapped to return the columns
of ``qualifying``; DuckDB is asked which optional columns it has (DESCRIBE plans a query without
running it). All of a run's indicators go into one ``INSERT ... UNION ALL`` statement, which DuckDB
runs in parallel, a third faster than one statement each.

**Split families** run once for all their variants: each record carries ``variants``, a bit mask
of the family's variants whose numerator it meets (bit ``2**k`` for the family's ``k``-th member in
``split_members``), and ``bases`` of those whose denominator it meets, instead of one copy per
variant; the aggregation (:func:`carepath.indicators.engine.aggregate`) sums each record into each
of those variants. Records of a lone variant, and runs that keep their records, use each
variant's own query, so nothing downstream sees the difference.

:func:`plan` makes the SELECTs without running them, so that the engine can stream most of them
straight into its sums (:mod:`carepath.indicators.engine`) and keep only a few in ``qualifying``.
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pyarrow as pa

from carepath.errors import CarepathError
from carepath.indicators.catalogue import Indicator

QUALIFYING = """CREATE OR REPLACE TEMP TABLE qualifying (
    indicator_id VARCHAR, period_id INTEGER, la_code VARCHAR, record_id VARCHAR, child_id VARCHAR,
    event_date DATE, attribute_date DATE, numerator DOUBLE, denominator DOUBLE, measure DOUBLE,
    worker_id VARCHAR, team_id VARCHAR, variants INTEGER, bases INTEGER)"""


# the columns of ``qualifying`` with no rows (another engine's empty ``qualifying``)
EMPTY = """SELECT NULL::VARCHAR AS indicator_id, NULL::INTEGER AS period_id, NULL::VARCHAR AS la_code,
    NULL::VARCHAR AS record_id, NULL::VARCHAR AS child_id, NULL::DATE AS event_date, NULL::DATE AS attribute_date,
    NULL::DOUBLE AS numerator, NULL::DOUBLE AS denominator, NULL::DOUBLE AS measure, NULL::VARCHAR AS worker_id,
    NULL::VARCHAR AS team_id, NULL::INTEGER AS variants, NULL::INTEGER AS bases LIMIT 0"""


class IndicatorQueryError(CarepathError):
    pass


@dataclass
class Select:
    """One indicator's (or split family's) records as a SELECT with the columns of ``qualifying``."""
    label: str         # the indicator's id, or the split family's
    columns: str       # the SELECT after its first column, indicator_id
    indicators: list[Indicator]
    names_unit: bool   # the records name their own team or practitioner (worker_id, team_id)
    measures: bool     # the records carry a duration whose median or mean is the figure

    @property
    def sql(self) -> str:
        return f"SELECT '{self.label}' AS indicator_id, {self.columns}"

    def numbered(self, number: int) -> str:
        """The SELECT with the indicator as a small number instead of its id (cheaper to sum by)."""
        return f"SELECT {number}::SMALLINT AS indicator_id, {self.columns}"


OPTIONAL_COLUMNS = {"measure": "DOUBLE", "worker_id": "VARCHAR", "team_id": "VARCHAR"}


def _select(con: duckdb.DuckDBPyConnection, indicator: Indicator) -> Select:
    """One indicator's qualifying records in the columns of ``qualifying``, for every bound period.

    The query's own columns are asked of DuckDB (DESCRIBE plans it without running it), so an
    indicator need only return the optional columns it has; a query that does not plan is named.
    """
    try:
        have = {r[0] for r in con.execute(f"DESCRIBE {indicator.sql}").fetchall()}
    except duckdb.Error as exc:
        raise IndicatorQueryError(f"Indicator {indicator.id} ({indicator.path.name}) failed: {exc}") from exc
    default_date = "p.period_end" if indicator.attribution == "period_end" else "q.event_date"
    optional = ", ".join(f"{'q.' + name if name in have else 'NULL'}::{kind} AS {name}"
                         for name, kind in OPTIONAL_COLUMNS.items())
    # a split family's variant on its own: the family's records outside it count for nothing
    counted_only = " AND (q.numerator OR q.denominator)" if indicator.family_sql else ""
    columns = f"""q.period_id, q.la_code, q.record_id, q.child_id, q.event_date,
               {default_date if indicator.attribution != 'none' else 'NULL'}::DATE AS attribute_date,
               q.numerator::DOUBLE AS numerator, q.denominator::DOUBLE AS denominator, {optional},
               NULL::INTEGER AS variants, NULL::INTEGER AS bases
        FROM ({indicator.sql}) q JOIN periods p USING (period_id)
        WHERE q.la_code IN (SELECT la_code FROM authorities){counted_only}"""
    return Select(indicator.id, columns, [indicator], names_unit=bool(have & {"worker_id", "team_id"}), measures=indicator.unit == "days")


def qualify(con: duckdb.DuckDBPyConnection, indicator: Indicator) -> None:
    """Run one indicator's query over every bound period into ``qualifying``."""
    qualify_all(con, [indicator])


def _split_select(con: duckdb.DuckDBPyConnection, members: list[Indicator]) -> Select:
    """A split family's records once, each with the mask of ``members`` whose numerator it meets."""
    first = members[0]
    try:
        have = {r[0] for r in con.execute(f"DESCRIBE {first.family_sql}").fetchall()}
    except duckdb.Error as exc:
        raise IndicatorQueryError(f"Indicator family {first.family} ({first.path.name}) failed: {exc}") from exc
    default_date = "p.period_end" if first.attribution == "period_end" else "q.event_date"
    optional = ", ".join(f"{'q.' + name if name in have else 'NULL'}::{kind} AS {name}"
                         for name, kind in OPTIONAL_COLUMNS.items())
    if len(members) > 31:
        raise IndicatorQueryError(f"Indicator family {first.family} has {len(members)} variants; "
                                  "a split family can have at most 31.")

    def members_meeting(param: str) -> str:
        return " | ".join(f"CASE WHEN ({m.params[param]}) THEN {1 << k} ELSE 0 END" for k, m in enumerate(members))
    columns = f"""q.period_id, q.la_code, q.record_id, q.child_id, q.event_date,
               {default_date if first.attribution != 'none' else 'NULL'}::DATE AS attribute_date,
               NULL::DOUBLE AS numerator, NULL::DOUBLE AS denominator, {optional}, q.variants, q.bases
        FROM (SELECT family.*, {members_meeting('numerator')} AS variants, {members_meeting('denominator')} AS bases
              FROM ({first.family_sql}) family) q
        JOIN periods p USING (period_id)
        WHERE q.la_code IN (SELECT la_code FROM authorities) AND (q.variants <> 0 OR q.bases <> 0)"""
    return Select(first.family, columns, members, names_unit=bool(have & {"worker_id", "team_id"}), measures=False)


def split_groups(indicators: list[Indicator]) -> tuple[list[Indicator], dict[str, list[Indicator]]]:
    """(indicators run one by one, split families run once with the members asked for)."""
    families: dict[str, list[Indicator]] = {}
    for indicator in indicators:
        if indicator.family_sql and indicator.unit != "days":
            families.setdefault(indicator.family, []).append(indicator)
    families = {f: members for f, members in families.items() if len(members) > 1}
    single = [i for i in indicators if i.family not in families]
    return single, families


def install_split_members(con: duckdb.DuckDBPyConnection, families: dict[str, list[Indicator]]) -> None:
    rows = [(family, m.id, 1 << k) for family, members in families.items() for k, m in enumerate(members)]
    con.register("split_members_source", pa.table({"family": pa.array([r[0] for r in rows], pa.string()),
                                                   "indicator_id": pa.array([r[1] for r in rows], pa.string()),
                                                   "bit": pa.array([r[2] for r in rows], pa.int32())}))
    con.execute("CREATE OR REPLACE TEMP TABLE split_members AS SELECT * FROM split_members_source")
    con.unregister("split_members_source")


def plan(con: duckdb.DuckDBPyConnection, indicators: list[Indicator], split: bool = True) -> list[Select]:
    """Every indicator's SELECT (split families once for all their members unless ``split`` is
    false), planned but not run."""
    single, families = split_groups(indicators) if split else (indicators, {})
    install_split_members(con, families)
    return [_select(con, i) for i in single] + [_split_select(con, members) for members in families.values()]


def run_naming_failure(con: duckdb.DuckDBPyConnection, statement: str, selects: list[Select]) -> None:
    """Run a statement over ``selects``; if it fails, say which indicator's query failed."""
    try:
        con.execute(statement)
    except duckdb.Error as exc:
        named = [i for s in selects for i in s.indicators]
        if len(selects) == 1:
            raise IndicatorQueryError(f"Indicator {named[0].id} ({named[0].path.name}) failed: {exc}") from exc
        for select in selects:  # find which one, and say so
            run_naming_failure(con, f"SELECT count(*) FROM ({select.sql})", [select])
        raise


def insert(con: duckdb.DuckDBPyConnection, selects: list[Select]) -> None:
    """``selects``' records into ``qualifying``, in one statement (DuckDB runs the parts in
    parallel, a third faster than one statement each)."""
    if selects:
        run_naming_failure(con, "INSERT INTO qualifying BY NAME " + " UNION ALL ".join(s.sql for s in selects),
                           selects)


def qualify_all(con: duckdb.DuckDBPyConnection, indicators: list[Indicator], split: bool = True) -> None:
    """Every indicator's records into ``qualifying`` (split families once unless ``split`` is false)."""
    insert(con, plan(con, indicators, split))
