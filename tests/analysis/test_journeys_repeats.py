"""Repeat patterns for the referrals of a period, worked out by hand (Data visualisation in children's social care, Coram for the Nuffield Foundation, April 2019, section 8)."""
from datetime import date

import pytest

from carepath.analysis import journeys_repeats
from carepath.analysis.journeys_cohort import Cohort
from tests.indicators.world import World

YEAR = Cohort(date(2024, 4, 1), date(2025, 3, 31))


@pytest.fixture
def world(store):
    return World(store)


def test_shares_with_a_previous_referral_within_12_24_and_36_months(world):
    # five referrals on 1 June 2024; the children's previous referrals came 8, 22, 35 and 53 months before
    previous = {"A": "2023-10-01", "B": "2022-08-01", "C": "2021-07-01", "D": "2020-01-01", "E": None}
    for child, before in previous.items():
        world.child(child)
        if before:
            world.referral(child, before, closure=before, nfa=True)
        world.referral(child, "2024-06-01")
    result = journeys_repeats.re_referrals(world.con, YEAR)
    # within 12 months: A = 1 of 5 (20%); 24: A, B = 40%; 36: A, B, C = 60%
    assert [(s["months"], s["re_referrals"], s["referrals"], s["percent"]) for s in result["shares"]] == [
        (12, 1, 5, 20.0), (24, 2, 5, 40.0), (36, 3, 5, 60.0)]
    assert {g["band"]: g["referrals"] for g in result["gaps"]} == {"12": 1, "24": 1, "36": 1, "more": 1, "none": 1}
    # the cohort filter applies to the figures: A and C are boys, the others girls
    for child in "AC":
        world.child(child, sex="M")
    boys = journeys_repeats.re_referrals(world.con, Cohort(YEAR.start, YEAR.end, sexes=("M",)))
    assert [(s["re_referrals"], s["referrals"]) for s in boys["shares"]] == [(1, 2), (1, 2), (2, 2)]


def test_assessment_outcomes_by_previous_referrals(world):
    # NEW: no previous referral, assessment closed RC8. ONE: one previous, CIN plan.
    # SEVERAL: two previous in 36 months, closed RC8; SEVERAL2: three previous, closed RC9 (early help)
    world.child("NEW")
    r = world.referral("NEW", "2024-05-01", closure="2024-06-01", reason="RC8")
    world.assessment(r, "2024-05-02", "2024-06-01")
    world.child("ONE")
    world.referral("ONE", "2023-01-01", nfa=True)
    r = world.referral("ONE", "2024-05-01")
    world.assessment(r, "2024-05-02", "2024-06-01")
    world.cin_plan(r, "2024-06-05")
    world.child("SEVERAL")
    for day in ("2021-06-01", "2022-06-01", "2023-06-01"):    # 2021-06-01 is 36 months before: counts
        world.referral("SEVERAL", day, nfa=True)
    r = world.referral("SEVERAL", "2024-06-01", closure="2024-07-01", reason="RC8")
    world.assessment(r, "2024-06-02", "2024-07-01")
    world.child("SEVERAL2")
    for day in ("2022-01-01", "2023-01-01"):
        world.referral("SEVERAL2", day, nfa=True)
    r = world.referral("SEVERAL2", "2024-06-01", closure="2024-07-01", reason="RC9")
    world.assessment(r, "2024-06-02", "2024-07-01")
    result = journeys_repeats.assessment_outcomes(world.con, YEAR)
    table = {row["history"]: (row["assessments"], {o["outcome"]: o["assessments"] for o in row["outcomes"]
                                                    if o["assessments"]}) for row in result["rows"]}
    assert table == {"none": (1, {"nfa": 1}), "one": (1, {"cin_plan": 1}),
                     "several": (2, {"nfa": 1, "early_help": 1})}
    several = next(row for row in result["rows"] if row["history"] == "several")
    assert {o["outcome"]: o["percent"] for o in several["outcomes"]}["nfa"] == 50.0


def test_strategy_discussion_to_s47_to_outcome(world):
    for child in ("PLAN", "NOPLAN", "CIN", "HELP", "NFA", "OPEN"):
        world.child(child)
    r = world.referral("PLAN", "2024-05-01")
    world.s47(r, "2024-05-01", icpc="2024-05-20")
    world.cp_plan("PLAN", "2024-05-20", referral_id=r)
    r = world.referral("NOPLAN", "2024-05-01")
    world.s47(r, "2024-05-01", icpc="2024-05-20")
    r = world.referral("CIN", "2024-05-01")
    world.s47(r, "2024-05-01", not_required=True)
    world.cin_plan(r, "2024-05-15")
    r = world.referral("HELP", "2024-05-01", closure="2024-05-20", reason="RC9")
    world.s47(r, "2024-05-01", not_required=True)
    r = world.referral("NFA", "2024-05-01", closure="2024-05-20", reason="RC8")
    world.s47(r, "2024-05-01", not_required=True)
    r = world.referral("OPEN", "2024-05-01")
    world.s47(r, "2024-05-03")
    result = journeys_repeats.s47_pathway(world.con, YEAR)
    outcomes = {o["outcome"]: o["enquiries"] for o in result["outcomes"]}
    assert result["s47_enquiries"] == 6
    assert outcomes == {"icpc_cp_plan": 1, "icpc_no_plan": 1, "plan_without_icpc": 1, "early_help": 1,
                        "nfa": 1, "closed_other": 0, "open": 1}
