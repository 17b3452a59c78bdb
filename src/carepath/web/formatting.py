"""How numbers, dates and figures read on the pages (and in the Jinja filters).

Every number is rounded by :mod:`carepath.rounding` (DfE's half-up rounding, to the precision DfE
publishes for the figure's unit), never by Python's formatting, which rounds half to even.
"""
from __future__ import annotations

from datetime import date, datetime

from carepath import rounding
from carepath.exchange.disclosure import SUPPRESSED

UNIT_SUFFIX = {"percent": "%", "rate": "", "days": "", "count": "", "ratio": ""}


def number(value, places: int = 1) -> str:
    if value is None:
        return ""
    if value == SUPPRESSED:
        return SUPPRESSED
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer():
            return f"{int(value):,}"
        return rounding.text(value, places)
    return str(value)


def figure_value(value, unit: str, group: str | None = None) -> str:
    """An indicator's value as shown, rounded half up to the places DfE publishes for its unit
    (:func:`carepath.rounding.places`: 1 for percentages, rates and ratios, whole counts and days)."""
    if value is None:
        return ""
    if value == SUPPRESSED:
        return SUPPRESSED
    return rounding.text(value, rounding.places(unit, group), UNIT_SUFFIX.get(unit, ""))


def indicator_value(value, indicator) -> str:
    """:func:`figure_value` for an indicator of the catalogue."""
    return figure_value(value, indicator.unit, indicator.group)


def count(value) -> str:
    if value is None:
        return ""
    if value == SUPPRESSED:
        return SUPPRESSED
    return rounding.text(value, 0) if float(value).is_integer() else rounding.text(value, 1)


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
