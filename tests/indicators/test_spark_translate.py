"""The catalogue's DuckDB SQL as Spark SQL (no Spark needed): macros inlined, DuckDB-only syntax gone."""
from __future__ import annotations

import duckdb
import pytest

from carepath.indicators import calendar, catalogue
from carepath.indicators.engines.translate import MACROS, inline_macros, to_spark, weekday_bank_holidays

import sqlglot


def test_every_query_of_the_catalogue_translates_with_no_macro_left():
    for sql in [i.sql for i in catalogue.indicators().values()] + [t.sql for t in catalogue.shared()]:
        spark_sql = to_spark(sql).lower()
        assert not any(f"{name}(" in spark_sql for name in MACROS), spark_sql[:200]
        assert "materialized" not in spark_sql and " exclude " not in spark_sql


@pytest.mark.parametrize("start, end, expected", [
    # worked by hand: Friday 22 December 2023 to Wednesday 27 December: Saturday, Sunday, Christmas Day
    # and Boxing Day are not working days, so only the 27th counts: 1
    ("2023-12-22", "2023-12-27", 1),
    ("2024-03-01", "2024-03-04", 1),    # Friday to Monday: 1
    ("2024-03-04", "2024-03-04", 0),    # the same day: 0
    # Thursday 28 March 2024 to Tuesday 2 April: Good Friday 29th and Easter Monday 1st are holidays,
    # so only Tuesday 2 April counts: 1
    ("2024-03-28", "2024-04-02", 1),
    ("2024-04-02", "2024-03-28", -1),   # backwards: negative, as the DuckDB macro
])
def test_working_days_written_out_agrees_with_the_calendar(start, end, expected):
    """The arithmetic body (what Spark runs) evaluated by DuckDB, with the holidays as a list,
    gives the hand-worked answer and the calendar macro's."""
    con = duckdb.connect()
    calendar.install(con)
    body = inline_macros(sqlglot.parse_one(f"SELECT working_days(DATE '{start}', DATE '{end}') AS n", read="duckdb"))
    duck_sql = body.sql(dialect="duckdb").replace("bank_holidays", "$holidays")
    holidays = [calendar.date.fromisoformat(d) for d in weekday_bank_holidays()]
    written_out = con.execute(duck_sql.replace("FILTER($holidays, h -> h <=", "list_filter($holidays, h -> h <="),
                              {"holidays": holidays}).fetchall()[0][0]
    macro = con.execute(f"SELECT working_days(DATE '{start}', DATE '{end}')").fetchall()[0][0]
    assert written_out == macro == expected
