"""What each load said, kept per key, and the canonical rows merged from it.

Every row a load writes to a canonical table (``cla_episode``...) is also kept, as that load
said it, in the table's *versions* table (``cla_episode_loaded``): the same columns (with the
load's ``batch_id``) plus

* ``return_year``: the return year the row came from (``2024-25``): the row's own ``YEAR`` in a
  multi-year SSDA903 file, else the file's year; empty for files that state none (Annex A,
  local extracts);
* ``version_order``: the order in which versions of one key are merged: by return year, a
  file that states no year before any year, then by load (``return-year rank << 40 | seq``,
  ``seq`` from the store's sequence ``version_seq``, counting rows as they are loaded);
* ``implied``: the row only says the child exists (a record named a child its file does not
  describe).

**The rule.** A canonical row is the merge of every version of its key in ``version_order``:
each column takes the value of the latest version that has one (non-empty values of a later
return year win; an empty value never erases). So the store depends on which returns were
loaded, not on the order they were loaded in or how they were split into files: loading 2023-24
after 2024-25 gives the store that loading them the other way round gives, and one file with a
``YEAR`` column gives the store that one file per year gives. Within one return year, a later
load wins. ``batch_id`` of a canonical row is the latest version's load, leaving implied rows out
where the row has any other version.

Unloading a batch (:func:`remove_batch`) deletes its versions and rebuilds the keys it touched
from the versions left, so the store is as if the batch had never been loaded.
"""
from __future__ import annotations

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from carepath.model.tables import TABLES, Table

SUFFIX = "_loaded"
SEQUENCE = "version_seq"  # counts versions as they are loaded (the low bits of version_order)
_SEQ_BITS = 40
NO_YEAR_RANK = 0  # a file that states no return year comes before every year


def name(table: Table) -> str:
    return table.name + SUFFIX


def versioned() -> list[Table]:
    """The canonical tables readers write (every table but the bookkeeping ones)."""
    return [t for t in TABLES if not t.bookkeeping]


def extra_columns() -> list[tuple[str, str]]:
    return [("return_year", "VARCHAR"), ("version_order", "BIGINT"), ("implied", "BOOLEAN")]


def ddl(table: Table) -> str:
    cols = [f"{c.name} {c.type}" for c in table.columns] + [f"{n} {t}" for n, t in extra_columns()]
    return f"CREATE TABLE IF NOT EXISTS {name(table)} (\n  " + ",\n  ".join(cols) + "\n);"


def year_rank(return_year: str | None) -> int:
    """2024-25 -> 2024 - 1899 (1 and up); no year -> 0."""
    if return_year and len(return_year) >= 4 and return_year[:4].isdigit():
        return max(int(return_year[:4]) - 1899, 1)
    return NO_YEAR_RANK


def _key_on(table: Table, left: str, right: str) -> str:
    return " AND ".join(f"{left}.{k} = {right}.{k}" for k in table.key)


def merged_select(table: Table, source: str) -> str:
    """SELECT of the canonical rows merged from the versions in ``source`` (already limited to some keys)."""
    parts = []
    for column in table.column_names:
        if column in table.key:
            parts.append(column)
        elif column == "batch_id":
            parts.append("coalesce(arg_max(batch_id, version_order) FILTER (WHERE NOT implied), "
                         "arg_max(batch_id, version_order)) AS batch_id")
        else:
            parts.append(f"arg_max({column}, version_order) FILTER (WHERE {column} IS NOT NULL) AS {column}")
    return f"SELECT {', '.join(parts)} FROM {source} GROUP BY {', '.join(table.key)}"


def add(con: duckdb.DuckDBPyConnection, table: Table, rows: pa.Table, years,
        implied: bool = False) -> None:
    """Keep ``rows`` (an Arrow table of the canonical columns) as versions, then rebuild their keys.

    ``years`` is each row's return year (a list, or an Arrow string array): its rank is worked out
    once per distinct year, not once per row."""
    if rows.num_rows == 0:
        return
    staged = rows.append_column("year_rank", year_ranks(years)).append_column("return_year", _strings(years))
    keys = ", ".join(table.key)
    con.register("staged_versions", staged)
    try:
        con.execute(f"INSERT INTO {name(table)} BY NAME SELECT * EXCLUDE (year_rank), "
                    f"(year_rank << {_SEQ_BITS}) + nextval('{SEQUENCE}') AS version_order, "
                    f"{'TRUE' if implied else 'FALSE'} AS implied FROM staged_versions")
        columns = ", ".join(table.column_names)
        if implied:  # a row that only says the child exists changes nothing where the child is already there
            # the children already there are found by a semi join, which reads only the store's row groups
            # that can hold the staged ids; NOT EXISTS would hash every child in the store for each file
            con.execute(f"INSERT INTO {table.name} ({columns}) SELECT {columns} FROM staged_versions "
                        f"ANTI JOIN (SELECT {keys} FROM {table.name} SEMI JOIN staged_versions USING ({keys})) "
                        f"USING ({keys})")
            return
        # keys the store already has, or that this batch gives more than once (several years), need a merge;
        # the others (the bulk of a first load) are written as they are. Whether there are any is asked
        # first: the semi join reads only the store's row groups that can hold the staged keys
        merge = con.execute(
            f"SELECT EXISTS (SELECT 1 FROM {table.name} SEMI JOIN staged_versions USING ({keys})) "
            f"OR (SELECT count(*) > count(DISTINCT ({keys})) FROM staged_versions)").fetchall()[0][0]
        if merge:
            con.execute(f"""CREATE OR REPLACE TEMP TABLE affected_keys AS
                SELECT DISTINCT {keys} FROM staged_versions s
                WHERE EXISTS (SELECT 1 FROM {table.name} t WHERE {_key_on(table, 't', 's')})
                UNION SELECT {keys} FROM staged_versions GROUP BY {keys} HAVING count(*) > 1""")
        con.execute(f"INSERT INTO {table.name} ({columns}) SELECT {columns} FROM staged_versions"
                    + (f" ANTI JOIN affected_keys USING ({keys})" if merge else ""))
    finally:
        try:
            con.unregister("staged_versions")
        except duckdb.Error:  # the transaction failed (out of memory...): the error that failed it is raised
            pass
    if merge:
        rebuild(con, table)


def _strings(years) -> pa.Array | pa.ChunkedArray:
    return years if isinstance(years, (pa.Array, pa.ChunkedArray)) else pa.array(years, pa.string())


def year_ranks(years) -> pa.Array | pa.ChunkedArray:
    """Each row's :func:`year_rank` (int64), from its return year (a list or an Arrow string array)."""
    years = _strings(years)
    distinct = pc.unique(years)
    ranks = pa.array([year_rank(y) for y in distinct.to_pylist()], pa.int64())
    return pc.take(ranks, pc.index_in(years, value_set=distinct))


def rebuild(con: duckdb.DuckDBPyConnection, table: Table) -> None:
    """Replace the canonical rows of the keys in the temp table ``affected_keys`` by the merge of their versions."""
    keys = ", ".join(table.key)
    con.execute(f"DELETE FROM {table.name} t WHERE EXISTS (SELECT 1 FROM affected_keys a WHERE "
                f"{_key_on(table, 't', 'a')})")
    source = f"(SELECT v.* FROM {name(table)} v SEMI JOIN affected_keys USING ({keys}))"
    con.execute(f"INSERT INTO {table.name} BY NAME {merged_select(table, source)}")
    con.execute("DROP TABLE affected_keys")


def remove_batch(con: duckdb.DuckDBPyConnection, batch_id: int) -> dict[str, int]:
    """Delete one load's versions and rebuild the keys it touched; the rows it had in each table."""
    removed = {}
    for table in versioned():
        count = con.execute(f"SELECT count(*) FROM {name(table)} WHERE batch_id = ?", [batch_id]).fetchall()[0][0]
        if not count:
            continue
        removed[table.name] = count
        con.execute(f"CREATE OR REPLACE TEMP TABLE affected_keys AS SELECT DISTINCT {', '.join(table.key)} "
                    f"FROM {name(table)} WHERE batch_id = ?", [batch_id])
        con.execute(f"DELETE FROM {name(table)} WHERE batch_id = ?", [batch_id])
        rebuild(con, table)
    return removed


def create_sequence(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE}")


def keep_existing_rows(con: duckdb.DuckDBPyConnection) -> None:
    """Migration: a store made before versions were kept gets one version per canonical row (its last load)."""
    create_sequence(con)
    for table in versioned():
        if con.execute(f"SELECT count(*) FROM {name(table)}").fetchall()[0][0]:
            continue
        columns = ", ".join(f"t.{c}" for c in table.column_names)
        con.execute(f"""INSERT INTO {name(table)} BY NAME
            SELECT {columns}, b.return_year AS return_year, FALSE AS implied,
                   ((CASE WHEN regexp_matches(coalesce(b.return_year, ''), '^[0-9]{{4}}')
                          THEN greatest(CAST(left(b.return_year, 4) AS BIGINT) - 1899, 1) ELSE 0 END) << {_SEQ_BITS})
                   + nextval('{SEQUENCE}') AS version_order
            FROM {table.name} t LEFT JOIN load_batch b USING (batch_id)""")
