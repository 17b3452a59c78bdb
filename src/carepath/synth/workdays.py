"""Days as integers, working days, and the two date spellings the returns use.

The simulation keeps every date as a proleptic ordinal (``date.toordinal()``): adding days is
integer arithmetic and comparing is free. Working days are Monday to Friday without England
and Wales bank holidays (the ``holidays`` library), and a duration in working days counts the
working days after the start up to and including the end, as DfE does: same day is 0.
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache

import holidays


class WorkingDays:
    """O(1) working-day arithmetic over a fixed span of years, from two precomputed lists."""

    def __init__(self, first_year: int, last_year: int):
        self.lo = date(first_year, 1, 1).toordinal()
        self.hi = date(last_year, 12, 31).toordinal()
        bank = {d.toordinal() for d in holidays.country_holidays("GB", subdiv="ENG",
                                                                  years=range(first_year, last_year + 1))}
        cumulative, workdays, count = [], [], 0
        for day in range(self.lo, self.hi + 1):
            if (day + 6) % 7 < 5 and day not in bank:  # ordinal 1 (0001-01-01) was a Monday
                count += 1
                workdays.append(day)
            cumulative.append(count)
        self._cum = cumulative
        self._days = workdays

    def _k(self, day: int) -> int:
        index = day - self.lo
        if index < 0:
            return 0
        if index >= len(self._cum):
            return self._cum[-1]
        return self._cum[index]

    def is_working(self, day: int) -> bool:
        k = self._k(day)
        return k > 0 and self._days[k - 1] == day

    def add(self, day: int, n: int) -> int:
        """The n-th working day after ``day`` (n = 0: ``day`` itself if working, else the next one)."""
        k = self._k(day)
        if n <= 0:
            return day if self.is_working(day) else self._days[min(k, len(self._days) - 1)]
        return self._days[min(k + n - 1, len(self._days) - 1)]

    def next(self, day: int) -> int:
        return self.add(day, 0)

    def between(self, start: int, end: int) -> int:
        """Working days after ``start`` up to and including ``end``."""
        return self._k(end) - self._k(start)


@lru_cache(maxsize=None)
def iso(day: int) -> str:
    return date.fromordinal(day).isoformat()


@lru_cache(maxsize=None)
def dmy(day: int) -> str:
    d = date.fromordinal(day)
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def ordinal(year: int, month: int, day: int) -> int:
    return date(year, month, day).toordinal()


def year_start(start_year: int) -> int:
    """1 April of the return year that starts in ``start_year``."""
    return date(start_year, 4, 1).toordinal()


def year_end(start_year: int) -> int:
    """31 March ending the return year that starts in ``start_year``."""
    return date(start_year + 1, 3, 31).toordinal()


def birthday(dob: int, years: int) -> int:
    """The day a child born on ``dob`` turns ``years`` (29 February birthdays fall on 1 March)."""
    d = date.fromordinal(dob)
    try:
        return date(d.year + years, d.month, d.day).toordinal()
    except ValueError:
        return date(d.year + years, 3, 1).toordinal()


def age_on(dob: int, day: int) -> int:
    """Completed years of age on ``day``."""
    b, d = date.fromordinal(dob), date.fromordinal(day)
    return d.year - b.year - ((d.month, d.day) < (b.month, b.day))


def add_months(day: int, months: int) -> int:
    d = date.fromordinal(day)
    month0 = d.month - 1 + months
    year, month = d.year + month0 // 12, month0 % 12 + 1
    for dd in (d.day, 30, 29, 28):
        try:
            return date(year, month, dd).toordinal()
        except ValueError:
            continue
    raise AssertionError("unreachable")
