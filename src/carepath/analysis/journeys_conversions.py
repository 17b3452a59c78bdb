"""What happens next at each station: conversion to each next station, and how long it takes.

For a chosen period, every arrival of a child at station S (a stop whose arrival falls on a day
of the period; a child arriving twice counts twice) is followed to its next stop on the map:

* another station T (the dot travels there): a conversion S -> T, taking the days from the
  arrival day at S to the arrival day at T (0 for a same-day move);
* **left**: the child left S and did not reach another station within ``MAX_TRAVEL_DAYS``
  (the case closed, or the next step came much later);
* **still there**: the child is still at S as far as the store knows.

Shares are of the arrivals at S. Times are summarised by the median and the 90th percentile,
both by linear interpolation between the ordered values (position ``(n - 1) q``, as
``numpy.percentile`` and DuckDB's ``quantile_cont``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from carepath.analysis.journeys import JourneySet
from carepath.analysis.journeys_stations import BY_KEY, STATIONS
from carepath.analysis.journeys_timeline import day_number

LEFT, STILL_THERE = "left", "still_there"


def percentile(values: list[float], q: float) -> float | None:
    """The q-th quantile (0..1) by linear interpolation; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    below, above = math.floor(position), math.ceil(position)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


@dataclass
class Onward:
    destination: str           # a station key, "left" or "still_there"
    arrivals: int = 0
    days: list[int] = field(default_factory=list)

    def summary(self, total: int) -> dict:
        label = BY_KEY[self.destination].label if self.destination in BY_KEY else \
            {"left": "Left the map", "still_there": "Still there"}[self.destination]
        return {"destination": self.destination, "label": label, "arrivals": self.arrivals,
                "share": self.arrivals / total if total else None,
                "median_days": percentile(self.days, 0.5), "p90_days": percentile(self.days, 0.9)}


def conversions(journey_set: JourneySet, first: date, last: date) -> dict[str, dict]:
    """Per station: arrivals in ``first``..``last`` and where they went next, with times."""
    low, high = day_number(first), day_number(last) + 1
    onward: dict[str, dict[str, Onward]] = {s.key: {} for s in STATIONS}
    arrivals = {s.key: 0 for s in STATIONS}
    for journey in journey_set.journeys:
        stops = journey.stops
        for i, stop in enumerate(stops):
            if not low <= stop.arrive < high:
                continue
            arrivals[stop.station] += 1
            following = stops[i + 1] if i + 1 < len(stops) else None
            if following is not None and following.travels:
                destination = following.station
                days = int(following.arrive // 1) - int(stop.arrive // 1)
            else:
                destination = STILL_THERE if math.isinf(stop.depart) else LEFT
                days = None
            entry = onward[stop.station].setdefault(destination, Onward(destination))
            entry.arrivals += 1
            if days is not None:
                entry.days.append(days)
    result = {}
    for s in STATIONS:
        total = arrivals[s.key]
        rows = sorted(onward[s.key].values(), key=lambda o: (-o.arrivals, o.destination))
        result[s.key] = {"station": s.key, "label": s.label, "arrivals": total,
                         "onward": [o.summary(total) for o in rows]}
    return result
