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
from datetime import date

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
