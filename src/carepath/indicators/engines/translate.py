"""The catalogue's DuckDB SQL in Spark SQL: the calendar macros inlined, then sqlglot's translation.

Spark has no SQL macros, so each call of a :mod:`carepath.indicators.calendar` macro is replaced by
its body with the call's arguments in place of its parameters before the query is translated
(``sqlglot.transpile(sql, read="duckdb", write="spark")`` does the rest: ``* EXCLUDE``,
``QUALIFY``, ``::`` casts, ``struct_pack`` ...). The bodies here say the same as the DuckDB macros,
in SQL both engines read: ``age_on`` compares month * 100 + day instead of DuckDB's row values.
``working_days`` cannot look days up in the ``calendar`` table as DuckDB's macro does (Spark
rejects a lookup correlated with a query two levels out, as in a visit ``EXISTS`` within working
days of the period's end), so it computes the same index arithmetically: the calendar's working-day
index of a day is the Mondays-to-Fridays from a Monday up to it, less the bank holidays on weekdays
up to it (the session variable ``bank_holidays``, set by :mod:`.spark` from the same ``holidays``
calendar); the difference of two days' indexes is DuckDB's ``wd_index(end) - wd_index(start)``,
NULL outside the calendar's years as there.
"""
from __future__ import annotations

from functools import lru_cache

import sqlglot
from sqlglot import exp

from carepath.indicators.calendar import FIRST_DAY, LAST_DAY, bank_holidays

# a Monday before the calendar's first day; 5 working days a week, less weekday bank holidays
ANCHOR_MONDAY = "1979-12-31"
WD_INDEX = ("CASE WHEN {day} BETWEEN DATE '" + FIRST_DAY.isoformat() + "' AND DATE '" + LAST_DAY.isoformat() + "' THEN"
            " 5 * floor(datediff({day}, DATE '" + ANCHOR_MONDAY + "') / 7)"
            " + least(datediff({day}, DATE '" + ANCHOR_MONDAY + "') % 7, 4) + 1"
            " - size(filter(bank_holidays, h -> h <= {day})) END")

MACROS = {
    "working_days": (("start_day", "end_day"),
                     f"{WD_INDEX.format(day='end_day')} - {WD_INDEX.format(day='start_day')}"),
    "age_on": (("dob", "on_day"),
               "CASE WHEN dob IS NULL OR on_day IS NULL THEN NULL"
               " ELSE year(on_day) - year(dob) - CASE WHEN month(on_day) * 100 + day(on_day)"
               " < month(dob) * 100 + day(dob) THEN 1 ELSE 0 END END"),
    "open_on": (("start_day", "end_day", "on_day"),
                "start_day <= on_day AND (end_day IS NULL OR end_day >= on_day)"),
    "open_between": (("start_day", "end_day", "first_day", "last_day"),
                     "start_day <= last_day AND (end_day IS NULL OR end_day >= first_day)"),
    # DuckDB's interval constructors (Spark has the year-month and day-time interval functions)
    "to_years": (("n",), "make_ym_interval(CAST(n AS INT), 0)"),
    "to_months": (("n",), "make_ym_interval(0, CAST(n AS INT))"),
    "to_days": (("n",), "make_dt_interval(n, 0, 0, 0)"),
    "percent_of": (("n", "d"), "CASE WHEN d > 0 THEN 100.0 * n / d END"),
    "rate_per_10k": (("n", "people"), "CASE WHEN people > 0 THEN 10000.0 * n / people END"),
}


class TranslationError(Exception):
    pass


@lru_cache(maxsize=None)
def _body(name: str) -> exp.Expression:
    return sqlglot.parse_one(MACROS[name][1], read="spark")  # bodies are written in Spark SQL


def inline_macros(tree: exp.Expression) -> exp.Expression:
    """``tree`` with every macro call replaced by the macro's body (innermost calls first)."""
    def replace(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Anonymous) and node.name.lower() in MACROS:
            params, _ = MACROS[node.name.lower()]
            args = node.expressions
            if len(args) != len(params):
                raise TranslationError(f"{node.name} takes {len(params)} arguments, given {len(args)}")
            bound = dict(zip(params, args))
            body = _body(node.name.lower()).copy()

            def substitute(inner: exp.Expression) -> exp.Expression:
                if isinstance(inner, exp.Column) and not inner.table and inner.name in bound:
                    return exp.Paren(this=bound[inner.name].copy())
                return inner
            return exp.Paren(this=body.transform(substitute))
        return node
    return tree.transform(replace)


def weekday_bank_holidays() -> list[str]:
    """The bank holidays that fall Monday to Friday, as ISO dates (the others change no index)."""
    return sorted(d.isoformat() for d in bank_holidays() if d.weekday() < 5)


def to_spark(sql: str) -> str:
    """DuckDB SQL (a catalogue query, or the engine's wrapper around one) as Spark SQL."""
    try:
        tree = sqlglot.parse_one(sql, read="duckdb")
    except sqlglot.errors.ParseError as exc:
        raise TranslationError(str(exc)) from exc
    for cte in tree.find_all(exp.CTE):   # WITH x AS MATERIALIZED (...): a hint Spark does not read
        cte.set("materialized", None)
    return inline_macros(tree).sql(dialect="spark")
