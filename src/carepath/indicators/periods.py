"""Reporting periods: months, financial quarters and years, and rolling 12 months.

A period is written the way people say it, and parsed here into its first and last day:

* ``2024-25``          the financial year 1 April 2024 to 31 March 2025
* ``2024Q3``           the third quarter of financial year 2024-25: 1 October to 31 December 2024
                       (quarters are financial: Q1 is April to June, Q4 is January to March)
* ``2024-11``          the calendar month November 2024
* ``rolling12:2025-03`` the 12 months ending 31 March 2025 (1 April 2024 to 31 March 2025)

"In the period" means on or between the first and last day; "at the end of the period" means on
the last day. :func:`series` gives the periods of one kind ending at a given period (the last 20
quarters, say), which is how the engine computes trends in one pass.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from carepath.errors import CarepathError

KINDS = ("year", "quarter", "month", "rolling12")

_YEAR = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})\s*Q([1-4])$", re.I)
_ROLLING = re.compile(r"^rolling12:(\d{4})-(\d{2})$", re.I)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class PeriodError(CarepathError):
    pass


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date
    kind: str
    label: str

    @property
    def financial_year(self) -> str:
        """The financial year the period ends in, e.g. 2024-25."""
        first = self.end.year if self.end.month >= 4 else self.end.year - 1
        return f"{first}-{(first + 1) % 100:02d}"

    @property
    def population_year(self) -> int:
        """Mid-year of the ONS estimate a rate uses: the calendar year before the financial year ends.

        DfE divides a 2024-25 figure by the mid-2024 estimate (the preceding mid-year), whatever the
        period's length, so a quarter uses the estimate of its financial year.
        """
        return int(self.financial_year[:4])


def _month_end(year: int, month: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def financial_year(first_year: int) -> Period:
    return Period(date(first_year, 4, 1), date(first_year + 1, 3, 31), "year",
                  f"{first_year}-{(first_year + 1) % 100:02d}")


def quarter(first_year: int, number: int) -> Period:
    """Financial quarter ``number`` (1-4) of the year starting 1 April ``first_year``."""
    month = 4 + 3 * (number - 1)
    year = first_year + (month > 12)
    month = (month - 1) % 12 + 1
    return Period(date(year, month, 1), _month_end(year, month + 2), "quarter", f"{first_year}Q{number}")


def month(year: int, month_: int) -> Period:
    return Period(date(year, month_, 1), _month_end(year, month_), "month", f"{year}-{month_:02d}")


def rolling12(end_year: int, end_month: int) -> Period:
    start_month = end_month % 12 + 1
    start_year = end_year - 1 if end_month < 12 else end_year
    return Period(date(start_year, start_month, 1), _month_end(end_year, end_month), "rolling12",
                  f"rolling12:{end_year}-{end_month:02d}")


def parse(text: str) -> Period:
    """Parse a period as people write it; the message says the accepted forms."""
    value = text.strip()
    if m := _QUARTER.match(value):
        return quarter(int(m.group(1)), int(m.group(2)))
    if m := _ROLLING.match(value):
        return rolling12(int(m.group(1)), _valid_month(int(m.group(2)), text))
    if m := _YEAR.match(value):
        first, second = int(m.group(1)), int(m.group(2))
        if second == (first + 1) % 100:
            return financial_year(first)
        if _MONTH.match(value) and 1 <= second <= 12:
            return month(first, second)
    raise PeriodError(f"'{text}' is not a period. Write a financial year (2024-25), a financial quarter "
                      "(2024Q3 = October to December 2024), a month (2024-11) or rolling 12 months "
                      "(rolling12:2025-03).")


def _valid_month(number: int, text: str) -> int:
    if not 1 <= number <= 12:
        raise PeriodError(f"'{text}': month {number} does not exist.")
    return number


def previous(period: Period) -> Period:
    """The period of the same kind just before this one."""
    if period.kind == "year":
        return financial_year(period.start.year - 1)
    if period.kind == "quarter":
        first_year, number = int(period.label[:4]), int(period.label[-1])
        return quarter(first_year - 1, 4) if number == 1 else quarter(first_year, number - 1)
    before = period.end.replace(day=1) - timedelta(days=1)
    if period.kind == "month":
        return month(before.year, before.month)
    return rolling12(before.year, before.month)


def series(last: Period, count: int) -> list[Period]:
    """``count`` consecutive periods of ``last``'s kind, oldest first, ending with ``last``."""
    if count < 1:
        raise PeriodError("The number of periods must be at least 1.")
    found = [last]
    while len(found) < count:
        found.append(previous(found[-1]))
    return found[::-1]


def containing(day: date, kind: str) -> Period:
    """The period of ``kind`` that contains ``day`` (rolling 12 months: ending with day's month)."""
    if kind == "year":
        return financial_year(day.year if day.month >= 4 else day.year - 1)
    if kind == "quarter":
        first_year = day.year if day.month >= 4 else day.year - 1
        return quarter(first_year, ((day.month - 4) % 12) // 3 + 1)
    if kind == "month":
        return month(day.year, day.month)
    if kind == "rolling12":
        return rolling12(day.year, day.month)
    raise PeriodError(f"Unknown kind of period '{kind}'; one of {', '.join(KINDS)}.")
