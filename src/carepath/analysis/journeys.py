"""Children's journeys through the front door, from the store: each child in a cohort as timed
stops and moves between the stations of :mod:`carepath.analysis.journeys_stations`.

Steps come from the canonical tables (rules in :mod:`carepath.analysis.journeys_timeline`):

* ``contact``: a contact (point); ``referral``: a CIN episode's referral date (point);
* ``assessment``: start to authorisation, or to the episode's closure while unauthorised (holds);
* ``strategy``: the strategy discussion that starts a S47 (the S47's start date, point), then
  ``s47`` from that day to its ICPC, or to the episode's closure (does not hold);
* ``icpc``: a conference held (an ICPC date not marked "not required"), and a transfer-in ICPC
  recorded on the episode itself (point);
* ``cin_plan``, ``cp_plan``, ``looked_after`` (SSDA903 episodes, not short breaks V3/V4) and
  ``early_help`` episodes: start to end (hold);
* the episode's exit: closure RC9 (referred to early help) goes to ``early_help``; RC8 (no
  further action after assessment) or a referral marked NFA goes to ``nfa``; either on the
  closure date (the referral date when there is none) and for ``EXIT_DWELL_DAYS``. Exits to early
  help are never counted as no further action.

Dots are coloured by how many times the child came through the front door (referrals) in the
36 months up to the date shown; each child has a small stable offset so dots do not pile up.
"""
from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from datetime import date, timedelta

import duckdb

from carepath.analysis import journeys_cohort
from carepath.analysis.journeys_cohort import Cohort
from carepath.analysis.journeys_stations import EXIT_DWELL_DAYS, FRONT_DOOR_MONTHS, INDEX, schematic
from carepath.analysis.journeys_timeline import (Step, Stop, day_number, position_at, station_at_date,
                                                 stops_of, visible_between)
from carepath.codes import SHORT_BREAK_LEGAL_STATUS


@dataclass
class Journey:
    child_id: str
    steps: list[Step]
    stops: list[Stop]
    referrals: list[int]                       # day numbers of the child's referrals, sorted
    offset: tuple[float, float] = (0.0, 0.0)   # a point in the unit disc, stable for the child


@dataclass
class JourneySet:
    cohort: Cohort
    journeys: list[Journey] = field(default_factory=list)

    def counts_at(self, day: date) -> dict[str, int]:
        """Children at each station at the end of ``day``, from the timed stops."""
        found: dict[str, int] = {}
        for journey in self.journeys:
            where = station_at_date(journey.stops, day)
            if where is not None:
                found[where] = found.get(where, 0) + 1
        return found


def offset(child_id: str) -> tuple[float, float]:
    """A stable point in the unit disc for a child (uniform over the disc)."""
    digest = hashlib.blake2b(child_id.encode("utf-8"), digest_size=8).digest()
    angle = int.from_bytes(digest[:4], "big") / 2**32 * 2 * math.pi
    radius = math.sqrt(int.from_bytes(digest[4:], "big") / 2**32)
    return round(radius * math.cos(angle), 3), round(radius * math.sin(angle), 3)


def _rows(con, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def load_steps(con: duckdb.DuckDBPyConnection, cohort_table: str = "cohort") -> tuple[dict, dict]:
    """Steps and referral days per child of the cohort table (child_id), read from the store."""
    steps: dict[str, list[Step]] = {}
    referral_days: dict[str, list[int]] = {}

    def add(child_id, station, start, last, holds=False):
        if start is not None:
            steps.setdefault(child_id, []).append(Step.make(station, start, last, holds))

    only = f"JOIN {cohort_table} USING (child_id)"
    for child_id, day in _rows(con, f"SELECT child_id, contact_date FROM contact {only}"):
        add(child_id, "contact", day, day)
    closures: dict[str, date | None] = {}
    for referral_id, child_id, referred, nfa, closed, reason, icpc in _rows(
            con, f"SELECT referral_id, child_id, referral_date, nfa, closure_date, closure_reason, icpc_date "
                 f"FROM referral {only}"):
        closures[referral_id] = closed
        add(child_id, "referral", referred, referred)
        if referred is not None:
            referral_days.setdefault(child_id, []).append(day_number(referred))
        exit_day = closed or referred
        exit_station = "early_help" if reason == "RC9" else "nfa" if reason == "RC8" or nfa else None
        if exit_station and exit_day is not None:
            add(child_id, exit_station, exit_day, exit_day + timedelta(days=EXIT_DWELL_DAYS - 1))
        add(child_id, "icpc", icpc, icpc)
    for referral_id, child_id, start, authorised in _rows(
            con, f"SELECT referral_id, child_id, start_date, authorised_date FROM assessment {only}"):
        last = authorised or closures.get(referral_id)
        add(child_id, "assessment", start, last, holds=True)
    for referral_id, child_id, start, icpc, not_required in _rows(
            con, f"SELECT referral_id, child_id, start_date, icpc_date, icpc_not_required FROM s47 {only}"):
        held = icpc if (icpc is not None and not_required is not True) else None
        add(child_id, "strategy", start, start)
        add(child_id, "s47", start, held or closures.get(referral_id))
        add(child_id, "icpc", held, held)
    for table, station in (("cin_plan", "cin_plan"), ("cp_plan", "cp_plan"), ("early_help", "early_help")):
        for child_id, start, end in _rows(con, f"SELECT child_id, start_date, end_date FROM {table} {only}"):
            add(child_id, station, start, end, holds=True)
    for child_id, start, end, legal_status in _rows(
            con, f"SELECT child_id, start_date, end_date, legal_status FROM cla_episode {only}"):
        if legal_status not in SHORT_BREAK_LEGAL_STATUS:
            add(child_id, "looked_after", start, end, holds=True)
    for days in referral_days.values():
        days.sort()
    return steps, referral_days


def build(con: duckdb.DuckDBPyConnection, cohort: Cohort, in_view_only: bool = True) -> JourneySet:
    """The journeys of the cohort's children who are on the map at some time in its period."""
    journeys_cohort.install(con, cohort, "journey_cohort")
    steps, referral_days = load_steps(con, "journey_cohort")
    first, last = day_number(cohort.start), day_number(cohort.end)
    found = JourneySet(cohort)
    for child_id in sorted(steps):
        ordered = sorted(set(steps[child_id]))
        stops = stops_of(ordered, ordered=True)
        if in_view_only and not visible_between(stops, first, last):
            continue
        found.journeys.append(Journey(child_id, ordered, stops, referral_days.get(child_id, []), offset(child_id)))
    return found


def months_before(day: date, months: int) -> date:
    """``day`` minus calendar months, the last day of a shorter month when it has no such day
    (29 February 2024 minus 12 months is 28 February 2023), as DuckDB's interval arithmetic."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    following = date(year + (month == 12), month % 12 + 1, 1)
    return date(year, month, min(day.day, (following - timedelta(days=1)).day))


def front_door_count(referrals: list[int], day: date) -> int:
    """Referrals on or before ``day`` and on or after the day 36 calendar months before it."""
    low, high = day_number(months_before(day, FRONT_DOOR_MONTHS)), day_number(day)
    return sum(1 for r in referrals if low <= r <= high)


def front_door_counts(con: duckdb.DuckDBPyConnection, cohort: Cohort, day: date) -> dict[str, int]:
    """Referrals of each cohort child in the 36 months up to ``day`` (SQL, for tables and tests)."""
    journeys_cohort.install(con, cohort, "front_door_cohort")
    rows = con.execute(f"""
        SELECT child_id, count(*) FROM referral JOIN front_door_cohort USING (child_id)
        WHERE referral_date <= $day AND referral_date >= ($day - INTERVAL {FRONT_DOOR_MONTHS} MONTH)::DATE
        GROUP BY child_id""", {"day": day}).fetchall()
    return dict(rows)


def payload(journey_set: JourneySet) -> dict:
    """The journeys as compact columns for the page (no child ids: dots are anonymous).

    ``stop_start[i]`` to ``stop_start[i + 1]`` are the stops of child ``i``; ``referral_start``
    likewise indexes ``referral_day``. Stations are indexes into ``map.stations``; times are days
    since 1970-01-01, ``null`` departure = still there.
    """
    stop_start, station, arrive, depart, travels = [0], [], [], [], []
    referral_start, referral_day, offset_x, offset_y = [0], [], [], []
    for journey in journey_set.journeys:
        for stop in journey.stops:
            station.append(INDEX[stop.station])
            arrive.append(stop.arrive)
            depart.append(None if math.isinf(stop.depart) else stop.depart)
            travels.append(1 if stop.travels else 0)
        stop_start.append(len(station))
        referral_day.extend(journey.referrals)
        referral_start.append(len(referral_day))
        offset_x.append(journey.offset[0])
        offset_y.append(journey.offset[1])
    cohort = journey_set.cohort
    return {
        "map": schematic(),
        "cohort": {"description": cohort.describe(), "label": cohort.label,
                   "start": cohort.start.isoformat(), "end": cohort.end.isoformat(),
                   "start_day": day_number(cohort.start), "end_day": day_number(cohort.end)},
        "children": len(journey_set.journeys),
        "stop_start": stop_start, "stop_station": station, "stop_arrive": arrive,
        "stop_depart": depart, "stop_travels": travels,
        "referral_start": referral_start, "referral_day": referral_day,
        "offset_x": offset_x, "offset_y": offset_y,
    }


def positions(journey_set: JourneySet, time: float) -> list:
    """Every dot's position at ``time`` (days since 1970-01-01), as :func:`position_at` gives it."""
    return [position_at(j.stops, time) for j in journey_set.journeys]
