"""Timed stops, interpolation and the minimum travel time, on hand-built steps worked out by hand.

Day numbers count from 1970-01-01: 2024-01-01 is day 19723.
"""
from datetime import date

import pytest

from carepath.analysis.journeys import offset
from carepath.analysis.journeys_timeline import (At, Between, Step, day_number, position_at, station_at_date,
                                                 station_on, stops_of)

JAN1 = 19723


def d(text):
    return date.fromisoformat(text)


def step(station, first, last="same", holds=False):
    return Step.make(station, d(first), d(first) if last == "same" else (d(last) if last else None), holds)


def test_day_numbers():
    assert day_number(d("2024-01-01")) == JAN1
    assert day_number(d("1970-01-01")) == 0


def test_a_journey_is_interpolated_by_elapsed_time():
    # contact 1 Jan; referral and assessment 5 Jan; assessment authorised 14 Feb; CIN plan 20 Feb
    steps = [step("contact", "2024-01-01"), step("referral", "2024-01-05"),
             step("assessment", "2024-01-05", "2024-02-14", holds=True),
             step("cin_plan", "2024-02-20", None, holds=True)]
    stops = stops_of(steps)
    # contact: arrives 1 Jan + 0.2, leaves at the start of 2 Jan (19724);
    # 5 Jan (19727) holds two moves: referral at +0.2 (passing through), assessment at +0.4;
    # the assessment's last day is 14 Feb (19767): it leaves at the start of 15 Feb (19768);
    # CIN plan from 20 Feb (19773) + 0.2
    assert [(s.station, s.arrive, s.depart, s.travels) for s in stops] == [
        ("contact", JAN1 + 0.2, JAN1 + 1, False),
        ("referral", 19727.2, 19727.2, True),
        ("assessment", 19727.4, 19768, True),
        ("cin_plan", 19773.2, float("inf"), True)]
    # half way from leaving the contact (19724) to arriving at the referral (19727.2): 19725.6
    assert position_at(stops, 19725.6) == Between("contact", "referral", pytest.approx(0.5))
    # a quarter of the way from the assessment (left 19768) to the plan (19773.2): 19769.3
    where = position_at(stops, 19769.3)
    assert (where.origin, where.destination, where.fraction) == ("assessment", "cin_plan", pytest.approx(0.25))
    assert position_at(stops, 19730) == At("assessment")
    assert position_at(stops, JAN1) is None                   # before its first arrival
    # where the child is on a date: the end of that day
    assert station_at_date(stops, d("2024-01-01")) == "contact"
    assert station_at_date(stops, d("2024-01-02")) is None     # between contact and referral
    assert station_at_date(stops, d("2024-01-05")) == "assessment"
    assert station_at_date(stops, d("2024-02-14")) == "assessment"  # its last day
    assert station_at_date(stops, d("2024-02-15")) is None
    assert station_at_date(stops, d("2024-02-20")) == "cin_plan"


def test_same_day_moves_take_the_minimum_travel_time():
    # contact, referral, strategy discussion and S47 all on 1 Jan: four moves of 0.2 day
    steps = [step("contact", "2024-01-01"), step("referral", "2024-01-01"), step("strategy", "2024-01-01"),
             step("s47", "2024-01-01", None)]
    stops = stops_of(steps)
    assert [(s.station, s.arrive) for s in stops] == [
        ("contact", JAN1 + 0.2), ("referral", JAN1 + 0.4), ("strategy", JAN1 + 0.6), ("s47", JAN1 + 0.8)]
    # half way between the referral (left at its arrival, +0.4) and the strategy discussion (+0.6)
    assert position_at(stops, JAN1 + 0.5) == Between("referral", "strategy", pytest.approx(0.5))
    assert station_at_date(stops, d("2024-01-01")) == "s47"


def test_many_moves_on_one_day_share_its_first_nine_tenths():
    # six moves on one day: 0.9 / 6 = 0.15 each, the last arriving at +0.9, before the day's end
    steps = [step("contact", "2024-01-01"), step("referral", "2024-01-01"),
             step("assessment", "2024-01-01", "2024-01-01", holds=True), step("strategy", "2024-01-01"),
             step("s47", "2024-01-01"), step("icpc", "2024-01-01")]
    stops = stops_of(steps)
    assert [s.arrive for s in stops] == pytest.approx([JAN1 + 0.15 * k for k in range(1, 7)])
    assert station_at_date(stops, d("2024-01-01")) == "icpc"


def test_a_move_to_the_next_day_takes_the_minimum_travel_time_too():
    # ICPC on 10 Jan (point), plan from 11 Jan: leaves the ICPC at the start of 11 Jan, arrives 11 Jan + 0.2
    stops = stops_of([step("icpc", "2024-01-10"), step("cp_plan", "2024-01-11", None, holds=True)])
    assert [(s.station, s.arrive, s.depart) for s in stops] == [
        ("icpc", JAN1 + 9.2, JAN1 + 10), ("cp_plan", JAN1 + 10.2, float("inf"))]
    assert position_at(stops, JAN1 + 10.1) == Between("icpc", "cp_plan", pytest.approx(0.5))


def test_a_child_goes_back_to_a_plan_after_a_contact_and_steps_down_after_protection():
    # CIN plan from 1 Jan (open); a contact on 11 Jan; a CP plan 1 Mar to 30 Jun; the CIN plan goes on
    steps = [step("cin_plan", "2024-01-01", None, holds=True), step("contact", "2024-01-11"),
             step("cp_plan", "2024-03-01", "2024-06-30", holds=True)]
    stops = stops_of(steps)
    assert [s.station for s in stops] == ["cin_plan", "contact", "cin_plan", "cp_plan", "cin_plan"]
    assert station_at_date(stops, d("2024-01-11")) == "contact"
    assert station_at_date(stops, d("2024-01-12")) == "cin_plan"     # back the next day
    assert station_at_date(stops, d("2024-06-30")) == "cp_plan"
    assert station_at_date(stops, d("2024-07-01")) == "cin_plan"     # step down
    # the day rule gives the same answers straight from the steps
    ordered = sorted(steps)
    assert station_on(ordered, day_number(d("2024-01-12"))) == "cin_plan"
    assert station_on(ordered, day_number(d("2024-07-01"))) == "cin_plan"


def test_a_stage_that_does_not_hold_is_left_when_a_later_step_ends():
    # S47 open (no ICPC, episode open) from 1 Jan; a contact on 5 Jan: the S47 is superseded
    stops = stops_of([step("s47", "2024-01-01", None), step("contact", "2024-01-05")])
    assert station_at_date(stops, d("2024-01-04")) == "s47"
    assert station_at_date(stops, d("2024-01-05")) == "contact"
    assert station_at_date(stops, d("2024-01-06")) is None


def test_a_long_gap_is_not_travelled():
    # contact 1 Jan; referral 100 days later (10 Apr): 99.2 days > 92, the dot leaves and reappears
    stops = stops_of([step("contact", "2024-01-01"), step("referral", "2024-04-10")])
    assert stops[1].travels is False
    assert position_at(stops, JAN1 + 50) is None
    # 91 days later (1 Apr): 91 - 1 + 0.2 = 90.2 days of travel, within 92
    stops = stops_of([step("contact", "2024-01-01"), step("referral", "2024-04-01")])
    assert stops[1].travels is True
    assert isinstance(position_at(stops, JAN1 + 50), Between)


def test_a_last_day_before_the_first_is_taken_as_the_first():
    stops = stops_of([step("assessment", "2024-01-10", "2024-01-05", holds=True)])
    assert station_at_date(stops, d("2024-01-10")) == "assessment"
    assert station_at_date(stops, d("2024-01-11")) is None


def test_offsets_are_stable_small_and_differ_between_children():
    first = offset("846/A")
    assert offset("846/A") == first
    assert offset("846/B") != first
    for child in ("846/A", "846/B", "846/C", "999/J000001"):
        x, y = offset(child)
        assert x * x + y * y <= 1.0 + 1e-6
