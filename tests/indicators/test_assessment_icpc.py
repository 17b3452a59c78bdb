"""ICPC timeliness, S47 to ICPC and ICPC to CP plan (RIIA 209, board 7), worked by hand.

The period is 2024Q1 (1 April to 30 June 2024). Bank holidays in it: Monday 6 May and Monday 27
May 2024; Good Friday 29 March and Easter Monday 1 April 2024 just before it.
"""
import pytest

from carepath.indicators.calendar import working_days
from tests.indicators.world import d


def build_conferences(world):
    for child in "ABCDEFGHIJ":
        world.child(child)
    ref = {child: world.referral(child, "2024-03-15") for child in "ABCDEFGIJ"}
    # A: S47 Wed 1 May; working days after it: 2 May = 1, 3 May = 2, (6 May bank holiday), 7 May = 3,
    #    ... 22 May = 14, 23 May = 15, 24 May = 16. ICPC on 23 May: the 15th working day, in time.
    world.s47(ref["A"], "2024-05-01", icpc="2024-05-23")
    world.cp_plan("A", "2024-05-23")                       # plan from the ICPC
    # B: the same S47 start, ICPC on 24 May: the 16th working day, late. Plan a day later.
    world.s47(ref["B"], "2024-05-01", icpc="2024-05-24")
    world.cp_plan("B", "2024-05-25")
    # C: S47 Wed 20 March (before Q1), ICPC Fri 5 April: 21, 22, 25, 26, 27, 28 March = 6,
    #    (29 March, 1 April bank holidays), 2, 3, 4, 5 April = 10 working days: in time.
    world.s47(ref["C"], "2024-03-20", icpc="2024-04-05")
    world.cp_plan("C", "2024-04-05")
    # D: S47 in Q1, ICPC on 3 July (Q2)
    world.s47(ref["D"], "2024-06-20", icpc="2024-07-03")
    # E: ICPC dated the day before the S47 started: no valid duration
    world.s47(ref["E"], "2024-05-10", icpc="2024-05-09")
    # F: marked ICPC not required, though a date was recorded (16, 17, 20 May = 3 working days)
    world.s47(ref["F"], "2024-05-15", icpc="2024-05-20", not_required=True)
    # G: S47 in Q1, no ICPC yet
    world.s47(ref["G"], "2024-06-03")
    # H: a transfer-in ICPC held without a S47 (CINdetails DateOfInitialCPC), leading to a plan
    world.referral("H", "2024-05-01", icpc_date="2024-05-20")
    world.cp_plan("H", "2024-05-20")
    # I: S47 and ICPC on the same day (0 working days), no plan
    world.s47(ref["I"], "2024-06-10", icpc="2024-06-10")
    # J: ICPC recorded both on the S47 and on the episode: one conference. Wed 5 June -> Wed 12 June
    #    = 6, 7, 10, 11, 12 June = 5 working days. Plan from it.
    j = world.referral("J", "2024-06-01", icpc_date="2024-06-12")
    world.s47(j, "2024-06-05", icpc="2024-06-12")
    world.cp_plan("J", "2024-06-12")


def test_hand_counts_of_working_days():
    assert working_days(d("2024-05-01"), d("2024-05-23")) == 15
    assert working_days(d("2024-05-01"), d("2024-05-24")) == 16
    assert working_days(d("2024-03-20"), d("2024-04-05")) == 10
    assert working_days(d("2024-06-05"), d("2024-06-12")) == 5


def test_icpcs_within_15_working_days_dfe_measure(world):
    build_conferences(world)
    fig = world.figure("icpcs_within_15wd", "2024Q1")
    # ICPCs held in Q1 after a S47 with a valid duration: A (15), B (16), C (10), I (0), J (5)
    # (D is in Q2, E before its S47, F not required, H has no S47); in time: A, C, I, J
    assert (fig.numerator, fig.denominator) == (4, 5)
    assert fig.value == pytest.approx(80.0)
    assert world.records("icpcs_within_15wd", "2024Q1") == {
        "846/A/2024-03-15/2024-05-01": (1.0, 1.0), "846/B/2024-03-15/2024-05-01": (0.0, 1.0),
        "846/C/2024-03-15/2024-03-20": (1.0, 1.0), "846/I/2024-03-15/2024-06-10": (1.0, 1.0),
        "846/J/2024-06-01/2024-06-05": (1.0, 1.0)}


def test_icpcs_within_15_working_days_as_a_percentage_of_s47s(world):
    build_conferences(world)
    fig = world.figure("icpcs_within_15wd_of_s47s", "2024Q1")
    # numerator: ICPCs held in Q1 within 15 working days: A, C (its S47 started in March), I, J = 4
    # denominator: S47s starting in Q1: A, B, D, E, F, G, I, J = 8
    assert (fig.numerator, fig.denominator) == (4, 8)
    assert fig.value == pytest.approx(50.0)


def test_s47s_leading_to_an_icpc(world):
    build_conferences(world)
    fig = world.figure("s47_to_icpc", "2024Q1")
    # S47s starting in Q1: A, B, D, E, F, G, I, J = 8; with an ICPC held (whenever): A, B, D (in July),
    # E (dated before its S47, still held), I, J = 6; F (not required) and G (none yet) are not
    assert (fig.numerator, fig.denominator) == (6, 8)
    assert fig.value == pytest.approx(75.0)


def test_icpcs_leading_to_a_cp_plan_on_the_conference_date(world):
    build_conferences(world)
    fig = world.figure("icpc_to_cp_plan", "2024Q1")
    # ICPCs held in Q1: S47s A, B, C, E, I, J and H's transfer-in conference = 7 (J's episode-level
    # date is the same conference as its S47's; F not required; D in Q2).
    # Plans starting on the ICPC date: A, C, H, J = 4 (B's plan starts a day later)
    assert (fig.numerator, fig.denominator) == (4, 7)
    assert fig.value == pytest.approx(100 * 4 / 7)
    assert "846/H/2024-05-01/icpc" in world.records("icpc_to_cp_plan", "2024Q1")
