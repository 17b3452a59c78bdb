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

from carepath.analysis import journeys_cohort, journeys_steps
from carepath.analysis.journeys_cohort import Cohort
from carepath.analysis.journeys_stations import FRONT_DOOR_MONTHS, MAX_TRAVEL_DAYS, INDEX, schematic
from carepath.analysis.journeys_timeline import (Step, Stop, day_number, position_at, station_at_date,
                                                 stops_of, visible_between)

_OPEN = float("inf")
_NO_LAST = 2**31 - 1       # a step with no last day, in SQL (sorts after every day, as inf does)


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


def load_steps(con: duckdb.DuckDBPyConnection, cohort_table: str = "cohort",
               steps_from: str | None = None) -> tuple[dict, dict]:
    """Steps and referral days per child of the cohort table (child_id), read from the store.

    The steps are built in SQL (:mod:`carepath.analysis.journeys_steps`, or taken from the table
    ``steps_from`` that query filled); each child's list comes back sorted and without repeats, as
    :func:`journeys_timeline.stops_of` takes it (``ordered``). Columns come back as numpy arrays.
    """
    source = (f"SELECT * FROM {steps_from} JOIN {cohort_table} USING (child_id)" if steps_from
              else journeys_steps.steps_sql(cohort_table))
    columns = con.execute(f"""SELECT DISTINCT child_id, first_day, rank, coalesce(last_day, {_NO_LAST}) AS last_day,
                                  station, holds
                              FROM ({source})
                              ORDER BY child_id, first_day, rank, last_day, station, holds""").fetchnumpy()
    steps: dict[str, list[Step]] = {}
    current, found = None, None
    for child_id, first, rank, last, station, holds in zip(
            columns["child_id"].tolist(), columns["first_day"].tolist(), columns["rank"].tolist(),
            columns["last_day"].tolist(), columns["station"].tolist(), columns["holds"].tolist()):
        if child_id != current:
            current, found = child_id, steps.setdefault(child_id, [])
        found.append(Step(first, rank, _OPEN if last == _NO_LAST else last, station, holds))
    referral_days: dict[str, list[int]] = {}
    for child_id, days in con.execute(f"""
            SELECT child_id, list((referral_date - DATE '1970-01-01')::INTEGER ORDER BY referral_date)
            FROM referral JOIN {cohort_table} USING (child_id) WHERE referral_date IS NOT NULL
            GROUP BY child_id""").fetchall():
        referral_days[child_id] = days
    return steps, referral_days


def build(con: duckdb.DuckDBPyConnection, cohort: Cohort, in_view_only: bool = True) -> JourneySet:
    """The journeys of the cohort's children who are on the map at some time in its period.

    With ``in_view_only``, SQL first sets aside the children who cannot be on the map then: a
    dot is at a station only while a step is going on (or on the day after it ends, when it
    leaves), and travels only towards a step that starts at most ``MAX_TRAVEL_DAYS`` later, so a
    child none of whose steps starts by ``MAX_TRAVEL_DAYS + 2`` days after the period and lasts
    to 2 days before it is never in view. :func:`visible_between` decides for the others.
    """
    journeys_cohort.install(con, cohort, "journey_cohort")
    first, last = day_number(cohort.start), day_number(cohort.end)
    con.execute(f"CREATE OR REPLACE TEMP TABLE journey_step AS {journeys_steps.steps_sql('journey_cohort')}")
    children = "journey_cohort"
    if in_view_only:
        con.execute("""CREATE OR REPLACE TEMP TABLE journey_candidate AS SELECT DISTINCT child_id FROM journey_step
                       WHERE first_day <= $last AND (last_day IS NULL OR last_day >= $first)""",
                    {"first": first - 2, "last": last + MAX_TRAVEL_DAYS + 2})
        children = "journey_candidate"
    steps, referral_days = load_steps(con, children, steps_from="journey_step")
    found = JourneySet(cohort)
    for child_id in sorted(steps):
        ordered = steps[child_id]
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
