"""Checking a file's dates against the return year (or the as-at date) it states.

A return says which year it is for (a CIN census's ReferenceDate, an SSDA903 file's YEAR column,
name or ``--year``; an Annex A's as-at date). When the dates in it disagree, the figures built
from it would be put in the wrong year without anyone noticing, so the load warns: the warning is
printed in the load summary and kept with the batch (``load_warning``). Two disagreements are
checked:

* a record dated **after** the last day of the stated year (an SSDA903 episode ending after
  31 March of the return year, a CIN census whose dates run past its census date, an Annex A
  whose rows are dated after the day it says it was made);
* a file none of whose dates reaches the stated year (its latest date is before the year began):
  most likely the wrong ``--year``.

Dates that are rightly in the future are not checked: birth dates (an unborn child's expected
date), targets (``icpc_target``), the day a UASC status ends (``uasc_ceased``, the 18th
birthday) and dates the loader sets to the year's end itself (``year_ending``, ``as_at``).
Records that are history by nature (a child, an adoption decision, a previous permanence
order) do not count towards "reaches the year", and a record still open (no end or closure
date) reaches it. The records load either way: a warning never rejects a row.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

NOT_CHECKED = frozenset({"dob", "expected_dob", "mc_dob", "icpc_target", "year_ending", "as_at", "uasc_ceased"})
HISTORY = frozenset({"child", "adoption", "previous_permanence", "adopter"})  # dated long before a return, rightly
ENDS = ("end_date", "closure_date")  # a record with one of these columns empty is still open


def shown(day: date) -> str:
    return day.strftime("%d/%m/%Y")


@dataclass
class _Late:
    rows: int
    ref: str
    field: str
    value: date


class DateCheck:
    """The dates of one file's staged rows, by the year each row states."""

    def __init__(self):
        self.late: dict[tuple[str, str, date], _Late] = {}  # (table, stated, last day) -> rows after it
        self.latest: dict[tuple[str, date], date] = {}  # (stated, first day) -> latest date seen

    def row(self, table: str, ref: str, row: dict, stated: str | None, last_day: date | None,
            first_day: date | None = None) -> None:
        if stated is None or last_day is None:
            return
        late_field, late_value, latest = None, None, None
        for name, value in row.items():
            if name in NOT_CHECKED or not isinstance(value, date):
                continue
            if latest is None or value > latest:
                latest = value
            if value > last_day and (late_value is None or value > late_value):
                late_field, late_value = name, value
        if any(end in row and row[end] is None for end in ENDS):
            latest = last_day  # still open: it reaches the year
        if latest is None:
            return
        if first_day is not None and table not in HISTORY:
            key = (stated, first_day)
            if key not in self.latest or latest > self.latest[key]:
                self.latest[key] = latest
        if late_value is not None:
            found = self.late.get((table, stated, last_day))
            if found is None:
                self.late[(table, stated, last_day)] = _Late(1, ref, late_field, late_value)
            else:
                found.rows += 1

    def block(self, table: str, refs: list[str], rows: dict[str, pa.Array], last_days: pa.Array, label, first) -> None:
        """:meth:`row` for a block of rows in file order (columns by name; each row's last day of its year,
        null for none); ``label(last_day)`` is the year as stated, ``first(last_day)`` its first day."""
        dates = [(name, column) for name, column in rows.items()
                 if name not in NOT_CHECKED and pa.types.is_date(column.type)]
        size = len(last_days)
        ends, has_year = _days(last_days)
        checked = pc.max_element_wise(*[c for _, c in dates], skip_nulls=True) if dates else \
            pa.nulls(size, pa.date32())
        latest, dated = _days(checked)
        late = has_year & dated & (latest > ends)
        for end in _in_order(ends, late):  # as rows do it: the year whose late row comes first, first
            mine = late & (ends == end)
            at, last_day = int(np.flatnonzero(mine)[0]), _day(end)
            field, value = None, None
            for name, column in dates:
                found = column[at].as_py()
                if found is not None and found > last_day and (value is None or found > value):
                    field, value = name, found
            key = (table, label(last_day), last_day)
            if key in self.late:
                self.late[key].rows += int(mine.sum())
            else:
                self.late[key] = _Late(int(mine.sum()), refs[at], field, value)
        if table in HISTORY:
            return
        still_open = np.zeros(size, dtype=bool)
        for end_column in ENDS:
            if end_column in rows:
                still_open |= pc.is_null(rows[end_column]).to_numpy(zero_copy_only=False)
        latest = np.where(still_open, ends, latest)  # still open: it reaches the year
        reached = has_year & (dated | still_open)
        for end in _in_order(ends, reached):
            last_day = _day(end)
            most = _day(int(latest[reached & (ends == end)].max()))
            key = (label(last_day), first(last_day))
            if key not in self.latest or most > self.latest[key]:
                self.latest[key] = most

    def warnings(self) -> list[str]:
        said = []
        for (table, stated, last_day), late in self.late.items():
            rows = f"{late.rows} {table.replace('_', ' ')} record{'s' if late.rows > 1 else ''}"
            said.append(f"{rows} dated after {shown(last_day)}, the end of {stated} which the file states "
                        f"(first: {late.ref}, {late.field} {shown(late.value)}). Check the return's year "
                        "(--year, a YEAR column or the file name) or its dates.")
        for (stated, first_day), latest in self.latest.items():
            if latest < first_day:
                said.append(f"no date in the file falls in {stated}, which the file states: the latest is "
                            f"{shown(latest)}, before {shown(first_day)}. Check the return's year (--year, a "
                            "YEAR column or the file name).")
        return said


def _in_order(days: np.ndarray, mask: np.ndarray) -> list[int]:
    """The distinct days of the rows in ``mask``, in the order of their first such row."""
    found = days[mask]
    _, first = np.unique(found, return_index=True)
    return [int(found[at]) for at in sorted(first)]


EPOCH = date(1970, 1, 1)


def _days(values: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Dates as days since 1970 (0 where empty), and which are not empty."""
    valid = pc.is_valid(values).to_numpy(zero_copy_only=False)
    days = pc.fill_null(values, EPOCH).cast(pa.int32()).to_numpy(zero_copy_only=False).astype(np.int64)
    return days, valid


def _day(days: int) -> date:
    return EPOCH + timedelta(days=days)
