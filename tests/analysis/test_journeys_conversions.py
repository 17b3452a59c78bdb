"""Conversions from each station with median and 90th percentile times, worked out by hand."""
from datetime import date

import pytest

from carepath.analysis import journeys
from carepath.analysis.journeys_cohort import Cohort
from carepath.analysis.journeys_conversions import conversions, percentile
from tests.indicators.world import World

Q4 = Cohort(date(2023, 10, 1), date(2024, 3, 31))


def onward(result, station):
    return {o["destination"]: (o["arrivals"], o["share"], o["median_days"], o["p90_days"])
            for o in result[station]["onward"]}


def test_percentile_interpolates_linearly():
    assert percentile([], 0.5) is None
    assert percentile([7], 0.9) == 7
    assert percentile([0, 2, 10], 0.5) == 2
    # (3 - 1) x 0.9 = 1.8: 2 + 0.8 x (10 - 2) = 8.4
    assert percentile([10, 0, 2], 0.9) == pytest.approx(8.4)
    assert percentile([1, 2, 3, 4], 0.5) == 2.5


def test_conversions_from_referral_and_assessment(store):
    world = World(store)
    for child in "ABCDEF":
        world.child(child)
    a = world.referral("A", "2024-01-01")
    world.assessment(a, "2024-01-03", "2024-01-20")
    world.cin_plan(a, "2024-01-25")
    b = world.referral("B", "2024-01-10", closure="2024-01-31", reason="RC8")
    world.assessment(b, "2024-01-10", "2024-01-31")
    c = world.referral("C", "2024-01-15")
    world.assessment(c, "2024-01-25")                                   # still going on
    d = world.referral("D", "2024-01-20")
    world.s47(d, "2024-01-20")                                          # strategy discussion the same day
    world.referral("E", "2024-02-01", nfa=True)
    world.referral("F", "2023-09-30", nfa=True)                         # before the period: not counted
    result = conversions(journeys.build(store, Q4), Q4.start, Q4.end)
    # referrals arriving in the period: A, B, C, D, E = 5
    assert result["referral"]["arrivals"] == 5
    # to assessment: A (2 days), B (0), C (10): 3 of 5, median 2, 90th percentile 8.4
    # to strategy discussion: D (0); to no further action: E (0)
    assert onward(result, "referral") == {
        "assessment": (3, 0.6, 2, pytest.approx(8.4)),
        "strategy": (1, 0.2, 0, 0), "nfa": (1, 0.2, 0, 0)}
    # assessments: A to CIN plan 25 Jan (22 days after 3 Jan), B to NFA 31 Jan (21 days), C still there
    assert result["assessment"]["arrivals"] == 3
    assert onward(result, "assessment") == {
        "cin_plan": (1, pytest.approx(1 / 3), 22, 22), "nfa": (1, pytest.approx(1 / 3), 21, 21),
        "still_there": (1, pytest.approx(1 / 3), None, None)}
    # no further action: B (31 Jan) and E (1 Feb) leave the map after 7 days
    assert onward(result, "nfa") == {"left": (2, 1.0, None, None)}
    assert result["looked_after"] == {"station": "looked_after", "label": "Looked after", "arrivals": 0, "onward": []}
