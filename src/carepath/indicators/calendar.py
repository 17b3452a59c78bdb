"""The reference calendar and the SQL functions every indicator may use.

Working days are Monday to Friday excluding England and Wales bank holidays, taken from the
maintained ``holidays`` library (``GB``, subdivision ``ENG``; England and Wales share their bank
holidays, including one-off days such as the 2022 state funeral and the 2023 coronation).

A duration in working days counts the working days **after** the start date up to and including
the end date, so a same-day assessment takes 0 working days and one started on a Friday and
authorised the next Monday takes 1 (DfE's C2 band "started and finished the same day" and the C4
band "0-10 working days"). It is computed from ``calendar.wd_index``, the number of working days
from the calendar's first day up to and including each day: ``wd_index(end) - wd_index(start)``.
A start date that is not a working day therefore counts from the working day before it.

Functions (DuckDB macros) defined by :func:`install`:

* ``working_days(start, end)``  duration in working days as above (NULL when either is NULL)
* ``age_on(dob, day)``          completed years of age on ``day``
* ``open_on(start, end, day)``  started on or before ``day`` and not ended before it
                                 (an episode ending on ``day`` is open on ``day``)
* ``open_between(start, end, first, last)``  open at some point between ``first`` and ``last``
* ``percent_of(n, d)``          100 n / d, NULL when d is 0
* ``rate_per_10k(n, people)``   10,000 n / people, NULL without a population

Figures are stored unrounded; nothing rounds in SQL. Every output rounds with
:func:`carepath.rounding.round_half_up` (DfE's half-up rounding in decimal arithmetic).
"""
from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import duckdb
import holidays
import pyarrow as pa

FIRST_DAY = date(1980, 1, 1)
LAST_DAY = date(2045, 12, 31)


@lru_cache(maxsize=1)
def bank_holidays() -> frozenset[date]:
    found = holidays.country_holidays("GB", subdiv="ENG", years=range(FIRST_DAY.year, LAST_DAY.year + 1))
    return frozenset(found)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays()


def working_days(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (Python twin of the SQL macro)."""
    if end < start:
        return -working_days(end, start)
    return sum(is_working_day(start + timedelta(days=i)) for i in range(1, (end - start).days + 1))


@lru_cache(maxsize=1)
def calendar_table() -> pa.Table:
    days, index, working = [], [], []
    count = 0
    day = FIRST_DAY
    while day <= LAST_DAY:
        flag = is_working_day(day)
        count += flag
        days.append(day)
        index.append(count)
        working.append(flag)
        day += timedelta(days=1)
    return pa.table({"day": pa.array(days, pa.date32()), "is_working_day": working,
                     "wd_index": pa.array(index, pa.int32())})


def install(con: duckdb.DuckDBPyConnection) -> None:
    """Create the ``calendar`` temp table and the macros in this connection."""
    con.register("calendar_source", calendar_table())
    con.execute("CREATE OR REPLACE TEMP TABLE calendar AS SELECT * FROM calendar_source")
    con.unregister("calendar_source")
    con.execute("""CREATE OR REPLACE TEMP MACRO working_days(start_day, end_day) AS
        (SELECT wd_index FROM calendar WHERE day = end_day) - (SELECT wd_index FROM calendar WHERE day = start_day)""")
    con.execute("""CREATE OR REPLACE TEMP MACRO age_on(dob, on_day) AS
        CASE WHEN dob IS NULL OR on_day IS NULL THEN NULL
             ELSE year(on_day) - year(dob) - CASE WHEN (month(on_day), day(on_day)) < (month(dob), day(dob))
                                                  THEN 1 ELSE 0 END END""")
    con.execute("""CREATE OR REPLACE TEMP MACRO open_on(start_day, end_day, on_day) AS
        start_day <= on_day AND (end_day IS NULL OR end_day >= on_day)""")
    con.execute("CREATE OR REPLACE TEMP MACRO percent_of(n, d) AS CASE WHEN d > 0 THEN 100.0 * n / d END")
    con.execute("CREATE OR REPLACE TEMP MACRO rate_per_10k(n, people) AS CASE WHEN people > 0 THEN 10000.0 * n / people END")
    con.execute("""CREATE OR REPLACE TEMP MACRO open_between(start_day, end_day, first_day, last_day) AS
        start_day <= last_day AND (end_day IS NULL OR end_day >= first_day)""")
