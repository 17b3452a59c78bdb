"""The populations that rates per 10,000 children are divided by.

Two denominators, as temp tables in the engine's connection:

* ``population_0_17 (la_code, year, children)``: children aged 0 to 17 at mid-``year``. A rate
  for a period uses the estimate of the **preceding** mid-year (a 2024-25 figure, and each quarter
  of it, uses mid-2024), as DfE does.
* ``population_11_18 (la_code, year, people)``: people aged 11 to 18 at mid-``year``, for RIIA 219
  (care leavers aged 17 to 24 per 10,000 of the population that was 11 to 18 six years earlier).

The store's own ``population`` table (the authority's estimates by single year of age, loaded as
a local extract, or written by the synthetic generator) wins; the ONS 0-17 estimates in the
reference folder fill the authorities and years the store lacks. The 11-18 population exists
only where single years of age were loaded.
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from carepath.reference.population import children_0_17


def _ages(low: int, high: int) -> str:
    return f"""
        SELECT area_code AS la_code, year,
               CASE WHEN count(*) FILTER (WHERE sex IN ('M', 'F')) > 0
                    THEN sum(count) FILTER (WHERE sex IN ('M', 'F'))
                    ELSE sum(count) FILTER (WHERE sex NOT IN ('M', 'F')) END AS people
        FROM population WHERE age BETWEEN {low} AND {high}
        GROUP BY area_code, year"""


def install(con: duckdb.DuckDBPyConnection, reference: Path | None) -> None:
    con.execute(f"CREATE OR REPLACE TEMP TABLE population_0_17 AS "
                f"SELECT la_code, year, people AS children FROM ({_ages(0, 17)})")
    published = children_0_17(reference)
    if published:
        con.register("published_population", pa.table({
            "la_code": [p[0] for p in published], "year": pa.array([p[1] for p in published], pa.int32()),
            "children": pa.array([p[2] for p in published], pa.int64())}))
        con.execute("""INSERT INTO population_0_17 SELECT p.* FROM published_population p
                       WHERE NOT EXISTS (SELECT 1 FROM population_0_17 s
                                         WHERE s.la_code = p.la_code AND s.year = p.year)""")
        con.unregister("published_population")
    con.execute(f"CREATE OR REPLACE TEMP TABLE population_11_18 AS {_ages(11, 18)}")
