"""Journeys built from the store, and the independent SQL count of children at each station.

Each test builds a few children in a real store, works out by hand where each is on some dates,
and checks both the timed journeys (what the page animates) and the SQL count (what the page is
checked against).
"""
from datetime import date

import pytest

from carepath.analysis import journeys, journeys_counts, journeys_sample
from carepath.analysis.journeys_cohort import Cohort
from carepath.analysis.journeys_timeline import station_at_date
from tests.indicators.world import World

YEAR = Cohort(date(2024, 1, 1), date(2024, 12, 31))


@pytest.fixture
def world(store):
    return World(store)


def both(world, day):
    """(counts from the timed journeys, counts from the SQL query) on a date."""
    built = journeys.build(world.con, YEAR)
    return built.counts_at(date.fromisoformat(day)), journeys_counts.station_counts(world.con, YEAR, date.fromisoformat(day))


def contact(world, child, day, source="6"):
    world.put("contact", contact_id=f"{world.cid(child)}/{day}/{source}", child_id=world.cid(child),
              contact_date=day, source=source)


def test_a_front_door_journey_from_every_table(world):
    world.child("A")
    contact(world, "A", "2024-01-02")
    r = world.referral("A", "2024-01-03", closure="2024-09-30", reason="RC7")
    world.assessment(r, "2024-01-04", "2024-01-20")
    world.s47(r, "2024-01-10", icpc="2024-01-25")            # strategy discussion 10 Jan, ICPC 25 Jan
    world.cp_plan("A", "2024-01-25", "2024-05-31", referral_id=r)
    world.cin_plan(r, "2024-06-01", "2024-09-30")
    expected = {
        "2024-01-02": "contact", "2024-01-03": "referral", "2024-01-04": "assessment",
        # 10 Jan: strategy discussion and S47 start; the S47 (later rank) is where the day ends
        "2024-01-10": "s47", "2024-01-15": "s47",
        # the assessment (holding) is older than the S47, which is the latest step: S47 wins
        "2024-01-21": "s47",
        "2024-01-25": "cp_plan",                # the ICPC and the plan it starts, same day: the plan
        "2024-05-31": "cp_plan", "2024-06-01": "cin_plan", "2024-09-30": "cin_plan",
        "2024-10-01": None,                     # case closed RC7: off the map
    }
    built = journeys.build(world.con, YEAR)
    (journey,) = built.journeys
    for day, station in expected.items():
        assert station_at_date(journey.stops, date.fromisoformat(day)) == station, day
        sql = journeys_counts.station_counts(world.con, YEAR, date.fromisoformat(day))
        assert sql == ({station: 1} if station else {}), day
    # the stops the dot passes through, in order (the strategy discussion too, on its way to the S47)
    assert [s.station for s in journey.stops] == [
        "contact", "referral", "assessment", "strategy", "s47", "icpc", "cp_plan", "cin_plan"]


def test_exits_to_early_help_are_not_no_further_action(world):
    for child in "ABC":
        world.child(child)
    world.referral("A", "2024-03-01", nfa=True, closure="2024-03-01")              # NFA at referral
    r = world.referral("B", "2024-03-01", closure="2024-03-20", reason="RC9")     # early help after assessment
    world.assessment(r, "2024-03-02", "2024-03-20")
    r = world.referral("C", "2024-03-01", closure="2024-03-20", reason="RC8")     # NFA after assessment
    world.assessment(r, "2024-03-02", "2024-03-20")
    python, sql = both(world, "2024-03-01")
    assert python == sql == {"nfa": 1, "referral": 2}
    # 20 March: B and C's assessments end and their episodes close the same day (the exit ranks later)
    python, sql = both(world, "2024-03-20")
    assert python == sql == {"early_help": 1, "nfa": 1}
    # an exit lasts 7 days: A at NFA 1-7 March, off the map on 8 March
    assert both(world, "2024-03-07")[1] == {"nfa": 1, "assessment": 2}
    assert both(world, "2024-03-08")[1] == {"assessment": 2}
    assert both(world, "2024-03-26") == ({"early_help": 1, "nfa": 1},) * 2
    assert both(world, "2024-03-27") == ({}, {})


def test_early_help_episodes_hold_and_looked_after_ignores_short_breaks(world):
    world.child("A")
    world.child("B")
    world.put("early_help", early_help_id=f"{world.cid('A')}/2024-02-01", child_id=world.cid("A"),
              start_date="2024-02-01", end_date="2024-04-30")
    contact(world, "A", "2024-03-01")
    world.episode("B", "2024-02-01", "2024-02-03", legal_status="V3")            # a short break: not care
    world.episode("B", "2024-03-01", None, legal_status="C1")
    python, sql = both(world, "2024-02-02")
    assert python == sql == {"early_help": 1}
    python, sql = both(world, "2024-03-01")
    assert python == sql == {"contact": 1, "looked_after": 1}
    python, sql = both(world, "2024-03-02")
    assert python == sql == {"early_help": 1, "looked_after": 1}   # A back to early help


def test_an_unauthorised_assessment_lasts_until_the_episode_closes(world):
    world.child("A")
    r = world.referral("A", "2024-01-10", closure="2024-02-29", reason="RC7")
    world.assessment(r, "2024-01-11")                 # never authorised
    assert both(world, "2024-02-29") == ({"assessment": 1},) * 2
    assert both(world, "2024-03-01") == ({}, {})


def test_a_transfer_in_icpc_and_an_icpc_not_required(world):
    world.child("A")
    world.child("B")
    world.referral("A", "2024-01-10", icpc_date="2024-01-12")   # CINdetails DateOfInitialCPC, no S47
    r = world.referral("B", "2024-01-10")
    world.s47(r, "2024-01-10", icpc="2024-01-12", not_required=True)  # "not required": no conference
    python, sql = both(world, "2024-01-12")
    assert python == sql == {"icpc": 1, "s47": 1}


def test_timed_journeys_and_the_sql_count_agree_on_a_made_up_front_door(store):
    journeys_sample.fill(store, 400, seed=11, la="999", first=date(2022, 4, 1), today=date(2024, 12, 31))
    cohort = Cohort(date(2023, 1, 1), date(2024, 12, 31))
    built = journeys.build(store, cohort)
    day = date(2023, 1, 1)
    checked = 0
    while day <= date(2024, 12, 31):
        python = built.counts_at(day)
        assert python == journeys_counts.station_counts(store, cohort, day), day
        checked += sum(python.values())
        day = date.fromordinal(day.toordinal() + 23)
    assert checked > 1000          # the dates checked had many children at stations


def test_front_door_counts_are_referrals_in_the_36_months_up_to_the_date(world):
    world.child("A")
    world.child("B")
    for day in ("2021-03-01", "2021-03-02", "2023-01-01", "2024-03-01"):
        world.referral("A", day)
    world.referral("B", "2024-03-02")
    on = date(2024, 3, 1)
    # 36 months before 1 March 2024 is 1 March 2021: A's referrals on 1 and 2 March 2021, 1 Jan 2023
    # and 1 March 2024 all count (4); B's is the day after: none
    assert journeys.front_door_counts(world.con, YEAR, on) == {world.cid("A"): 4}
    built = journeys.build(world.con, Cohort(date(2021, 1, 1), date(2024, 12, 31)))
    counts = {j.child_id: journeys.front_door_count(j.referrals, on) for j in built.journeys}
    assert counts == {world.cid("A"): 4, world.cid("B"): 0}
    assert journeys.front_door_count(built.journeys[0].referrals, date(2024, 3, 2)) == 3   # 1 Mar 2021 drops out


def test_months_before_clamps_to_the_end_of_a_shorter_month():
    assert journeys.months_before(date(2024, 2, 29), 12) == date(2023, 2, 28)
    assert journeys.months_before(date(2024, 5, 31), 3) == date(2024, 2, 29)
    assert journeys.months_before(date(2024, 1, 15), 36) == date(2021, 1, 15)


def test_the_payload_indexes_stops_and_referrals_per_child(world):
    world.child("A")
    world.child("B")
    world.referral("A", "2024-01-10", nfa=True)
    contact(world, "B", "2024-02-01")
    data = journeys.payload(journeys.build(world.con, YEAR))
    assert data["children"] == 2
    # A: referral + NFA on 10 Jan (two stops); B: one contact
    assert data["stop_start"] == [0, 2, 3]
    stations = [s["key"] for s in data["map"]["stations"]]
    assert [stations[i] for i in data["stop_station"]] == ["referral", "nfa", "contact"]
    assert data["stop_depart"][2] == 19754 + 1          # the contact's day (1 Feb = 19754) ends
    assert data["referral_start"] == [0, 1, 1]
    assert data["referral_day"] == [19732]               # 10 Jan 2024
    assert "846/A" not in str(data)                       # dots are anonymous
