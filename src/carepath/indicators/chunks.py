"""Computing a store of many authorities a few at a time.

A region's or the nation's store is computed in groups of authorities (about a million children
each), so that the engine's working tables stay a few gigabytes whatever the store holds. While a
group is computed, every canonical table that has an ``la_code`` is shadowed by a temp view of the
same name holding only that group's rows: an indicator's plain SQL (``FROM referral``) then reads
only the group, and DuckDB pushes the filter down into its scans. The views are dropped when the
group is done, so the connection reads the whole store again afterwards.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import duckdb

from carepath.model.tables import TABLES

CHILDREN_PER_GROUP = 1_000_000
SHADOWED = [t.name for t in TABLES if not t.bookkeeping and "la_code" in t.column_names]


def groups(con: duckdb.DuckDBPyConnection, la_codes: list[str], limit: int | None = None) -> list[list[str]]:
    """Authorities in order, split where a group's children would pass ``limit`` (default
    ``CHILDREN_PER_GROUP``, read when called)."""
    limit = limit or CHILDREN_PER_GROUP
    sizes = dict(con.execute("SELECT la_code, count(*) FROM child GROUP BY la_code").fetchall())
    found, current, total = [], [], 0
    for la in la_codes:
        if current and total + sizes.get(la, 0) > limit:
            found.append(current)
            current, total = [], 0
        current.append(la)
        total += sizes.get(la, 0)
    if current:
        found.append(current)
    return found


def sql_list(values: list[str]) -> str:
    """Strings as a literal SQL list (NULL when empty): unlike a subquery, DuckDB prunes row groups by it."""
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values) or "NULL"


@contextmanager
def only(con: duckdb.DuckDBPyConnection, la_codes: list[str]) -> Iterator[None]:
    """Within the block, the canonical tables hold only these authorities' rows."""
    database = con.execute("SELECT current_database()").fetchall()[0][0]
    # a literal list (not a subquery), so that DuckDB skips the row groups of other authorities
    # by their min/max statistics: a store loaded authority by authority keeps each one together
    listed = sql_list(la_codes)
    for name in SHADOWED:
        con.execute(f"""CREATE OR REPLACE TEMP VIEW {name} AS SELECT * FROM "{database}".main.{name}
                        WHERE la_code IN ({listed})""")
    try:
        yield
    finally:
        for name in SHADOWED:
            con.execute(f"DROP VIEW IF EXISTS temp.main.{name}")
