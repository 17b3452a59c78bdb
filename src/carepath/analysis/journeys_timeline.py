"""A child's journey in time: steps at stations, the station the child is at on each day, and
the timed stops and moves the map animates.

**Steps.** Everything the store says happened to a child becomes a step: a station, a first day
and a last day (inclusive; none while it is still going on), and whether it *holds* the child.
Points (contact, referral, strategy discussion, ICPC) last their one day; stages last from start
to end; an exit to no further action (or to early help by closure RC9) lasts
``EXIT_DWELL_DAYS``. Holding stages (assessment, CIN plan, CP plan, looked after, an early help
episode) take the child back when a later step is over: a contact about a child on a CIN plan
takes the dot to the contact for the day, then back to the plan.

**Where the child is on day d** (at the end of the day):

1. of the steps started on or before d, order them by first day, then station rank (a later
   step of the same day wins: the plan an ICPC starts, not the ICPC), then last day;
2. the child is at the first of them, in that order from the latest, that is still going on
   on d (its last day is d or later, or it has none) and is either the latest step of all or a
   holding stage;
3. if there is none, the child is at no station: travelling to its next step, or off the map.

The SQL count in :mod:`carepath.analysis.journeys_counts` implements the same rule
independently, over the store, and the browser test compares the two.

**Stops and moves.** Time on the map runs in days since 1970-01-01 (day ``n`` runs from ``n``
to ``n + 1``). A child leaves a station at the start of the first day it is no longer there,
and the moves of one day (contact, referral, strategy discussion, S47 on the same day) happen in
its first 0.9, each taking ``MIN_TRAVEL_DAYS`` (less when more than four share the day), so a
same-day move is still seen. Where the child is "on day d" is its position at ``d + 0.95``.
Between two stops the dot is interpolated by elapsed time, unless the gap is longer than
``MAX_TRAVEL_DAYS``: then it leaves the map and comes back at the next stop.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from carepath.analysis.journeys_stations import (MAX_TRAVEL_DAYS, MIN_TRAVEL_DAYS, SAME_DAY_SPAN, SAMPLE_OFFSET,
                                                 STATIONS)

EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_OPEN = float("inf")
_RANKS = {s.key: s.rank for s in STATIONS}


def day_number(day: date) -> int:
    return day.toordinal() - EPOCH_ORDINAL


def day_date(number: int | float) -> date:
    return date.fromordinal(int(number // 1) + EPOCH_ORDINAL)


class Step(NamedTuple):
    """A step; steps sort by first day, then station rank, then last day (a plain tuple: fast)."""
    start: int                 # day number of its first day
    rank: int                  # the station's rank (same-day order)
    last: float                # day number of its last day; inf while open
    station: str
    holds: bool = False

    @classmethod
    def make(cls, station: str, start: date, last: date | None, holds: bool = False) -> "Step":
        first = start.toordinal() - EPOCH_ORDINAL
        end = _OPEN if last is None else max(first, last.toordinal() - EPOCH_ORDINAL)  # last before first: first
        return cls(first, _RANKS[station], end, station, holds)


@dataclass
class Stop:
    station: str
    arrive: float
    depart: float = _OPEN      # inf while the child is still there
    travels: bool = False      # the dot travels here from the previous stop (else it appears)


@dataclass(frozen=True)
class At:
    station: str


@dataclass(frozen=True)
class Between:
    origin: str
    destination: str
    fraction: float


def station_on(steps: list[Step], day: int) -> str | None:
    """The station a child is at at the end of ``day`` (module rule), from its sorted steps."""
    started = _started(steps, day)
    if started == 0:
        return None
    latest = started - 1
    for i in range(latest, -1, -1):
        step = steps[i]
        if step.last >= day and (step.holds or i == latest):
            return step.station
    return None


def _started(steps: list[Step], day: int) -> int:
    """How many of the sorted steps start on or before ``day``."""
    low, high = 0, len(steps)
    while low < high:
        mid = (low + high) // 2
        if steps[mid].start <= day:
            low = mid + 1
        else:
            high = mid
    return low


def stops_of(steps: list[Step], ordered: bool = False) -> list[Stop]:
    """The timed stops of a child's journey from its steps (any order, or sorted and unique if ``ordered``)."""
    if not ordered:
        steps = sorted(set(steps))
    count = len(steps)
    starts = [s[0] for s in steps]
    days = sorted(set(starts).union([int(s[2]) + 1 for s in steps if s[2] != _OPEN]))
    stops: list[Stop] = []
    here: str | None = None
    first = 0
    for day in days:
        while first < count and starts[first] < day:
            first += 1
        today: list[str] = []
        i = first
        while i < count and starts[i] == day:
            name = steps[i][3]
            if not today or today[-1] != name:
                today.append(name)
            i += 1
        # station_on(steps, day), inlined: the i steps started on or before the day are steps[:i]
        state = None
        for j in range(i - 1, -1, -1):
            step = steps[j]
            if step[2] >= day and (step[4] or j == i - 1):
                state = step[3]
                break
        if today:
            passage = today
        elif state == here:
            continue
        else:
            passage = [] if state is None else [state]
        if here is not None and passage and passage[0] == here:
            passage = passage[1:]       # it stays where it is (a new step at the same station)
            if not passage:
                here = state
                continue
        if stops and stops[-1].depart == _OPEN:
            stops[-1].depart = float(day)
        if passage:
            each = min(MIN_TRAVEL_DAYS, SAME_DAY_SPAN / len(passage))
            for j, name in enumerate(passage):
                arrive = round(day + (j + 1) * each, 4)
                travels = bool(stops) and arrive - stops[-1].depart <= MAX_TRAVEL_DAYS
                stops.append(Stop(name, arrive, _OPEN, travels))
                if j < len(passage) - 1:
                    stops[-1].depart = arrive       # passing through on the same day
        here = state
    return stops


def position_at(stops: list[Stop], time: float) -> At | Between | None:
    """Where the dot is at ``time`` (days since 1970-01-01): at a station, between two, or off the map."""
    low, high = 0, len(stops)
    while low < high:
        mid = (low + high) // 2
        if stops[mid].arrive <= time:
            low = mid + 1
        else:
            high = mid
    i = low - 1
    if i < 0:
        return None
    stop = stops[i]
    if time < stop.depart:
        return At(stop.station)
    if i + 1 < len(stops) and stops[i + 1].travels:
        following = stops[i + 1]
        return Between(stop.station, following.station, (time - stop.depart) / (following.arrive - stop.depart))
    return None


def station_at_date(stops: list[Stop], day: date | int) -> str | None:
    """The station the dot is at on a date (its position at the end of that day), or None."""
    number = day_number(day) if isinstance(day, date) else day
    where = position_at(stops, number + SAMPLE_OFFSET)
    return where.station if isinstance(where, At) else None


def visible_between(stops: list[Stop], first: int, last: int) -> bool:
    """Whether the dot is on the map (at a stop or travelling) at some time in days first..last."""
    low, high = float(first), float(last) + 1
    for i, stop in enumerate(stops):
        if stop.arrive < high and stop.depart > low:
            return True
        following = stops[i + 1] if i + 1 < len(stops) else None
        if following is not None and following.travels and stop.depart < high and following.arrive > low:
            return True
    return False
