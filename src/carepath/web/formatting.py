"""How numbers, dates and figures read on the pages (and in the Jinja filters)."""
from __future__ import annotations

from datetime import date, datetime

from carepath.exchange.disclosure import SUPPRESSED

UNIT_SUFFIX = {"percent": "%", "rate": "", "days": "", "count": "", "ratio": ""}


def number(value, places: int = 1) -> str:
    if value is None:
        return ""
    if value == SUPPRESSED:
        return SUPPRESSED
    if isinstance(value, (int, float)):
        if float(value).is_integer():
            return f"{int(value):,}"
        return f"{value:,.{places}f}"
    return str(value)


def figure_value(value, unit: str) -> str:
    """An indicator's value as shown: one decimal place for percentages, rates, days and ratios."""
    if value is None:
        return ""
    if value == SUPPRESSED:
        return SUPPRESSED
    if unit == "count":
        return f"{value:,.0f}"
    return f"{value:,.1f}{UNIT_SUFFIX.get(unit, '')}"


def count(value) -> str:
    if value is None:
        return ""
    if value == SUPPRESSED:
        return SUPPRESSED
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def day(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d %b %Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d %b %Y")
    return str(value)


def cell(value) -> str:
    """Any table cell as text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, (date, datetime)):
        return day(value)
    if isinstance(value, float):
        return number(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def plain(value):
    """A value for CSV and xlsx: dates as ISO dates, lists joined, everything else as it is."""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return value
