"""Assessments started and completed, their median length, and S47 enquiries, worked by hand."""
import pytest

from carepath.indicators.calendar import working_days
from tests.indicators.world import d


def build_assessments(world):
    """Assessments around 2024Q1 (1 April to 30 June 2024); population mid-2024 = 2,000."""
    for child in "ABCDEFG":
        world.child(child)
    world.population(2024, 2_000)
    ref = {child: world.referral(child, "2024-03-01") for child in "ABCDEFG"}
    # A: Thu 28 March -> Wed 3 April: Good Friday 29 March and Easter Monday 1 April are bank
    #    holidays, so 2 April = 1, 3 April = 2 working days. Started before Q1, completed in it.
    world.assessment(ref["A"], "2024-03-28", authorised="2024-04-03")
    # B: started and authorised on Easter Monday 1 April (first day of Q1): 0 working days.
    world.assessment(ref["B"], "2024-04-01", authorised="2024-04-01")
    # C: started Sunday 30 June (last day of Q1), still open.
    world.assessment(ref["C"], "2024-06-30")
    # D: started in Q1, authorised 1 July (in Q2).
    world.assessment(ref["D"], "2024-05-07", authorised="2024-07-01")
    # E: Fri 10 May -> Mon 20 May: 13, 14, 15, 16, 17, 20 May = 6 working days.
    world.assessment(ref["E"], "2024-05-10", authorised="2024-05-20")
    # F: authorised before it started (a recording error): started in Q1, never "completed".
    world.assessment(ref["F"], "2024-06-10", authorised="2024-06-05")
    # G: Mon 3 June -> Fri 28 June: 4 + 5 + 5 + 5 = 19 working days.
    world.assessment(ref["G"], "2024-06-03", authorised="2024-06-28")


def test_assessments_started_in_the_period(world):
    build_assessments(world)
    fig = world.figure("assessments_started", "2024Q1")
    # started in Q1: B, C, D, E, F, G = 6; 6 / 2,000 x 10,000 = 30
    assert fig.numerator == 6
    assert fig.value == pytest.approx(30.0)


def test_assessments_completed_in_the_period(world):
    build_assessments(world)
    fig = world.figure("assessments_completed", "2024Q1")
    # authorised in Q1: A, B, E, G = 4 (F authorised before its start is left out); 4 / 2,000 x 10,000 = 20
    assert fig.numerator == 4
    assert fig.value == pytest.approx(20.0)
    # RIIA 206 is a percentage of 205: the same four assessments
    assert world.figure("assessments_within_45wd", "2024Q1").denominator == 4


def test_assessment_duration_is_the_median_in_working_days(world):
    build_assessments(world)
    assert [working_days(d(s), d(e)) for s, e in [("2024-03-28", "2024-04-03"), ("2024-05-10", "2024-05-20"),
                                                    ("2024-06-03", "2024-06-28")]] == [2, 6, 19]
    fig = world.figure("assessment_duration", "2024Q1")
    # durations A 2, B 0, E 6, G 19: median of (0, 2, 6, 19) = (2 + 6) / 2 = 4
    assert fig.numerator == 4
    assert fig.value == pytest.approx(4.0)


def test_assessment_duration_odd_count_and_empty_period(world):
    build_assessments(world)
    fig = world.figure("assessment_duration", "2024-06")
    # authorised in June 2024: G (19) only -> 19
    assert (fig.numerator, fig.value) == (1, pytest.approx(19.0))
    fig = world.figure("assessment_duration", "2024-08")
    assert fig.numerator == 0 and fig.value is None and fig.note == "no records in this period"


def test_s47_enquiries_started_in_the_period(world):
    for child in "ABCDE":
        world.child(child)
    world.population(2024, 2_000)
    world.s47(world.referral("A", "2024-03-01"), "2024-04-01")                   # first day: in
    world.s47(world.referral("B", "2024-06-01"), "2024-06-30", icpc="2024-07-10")  # last day: in
    world.s47(world.referral("C", "2024-03-01"), "2024-03-31", icpc="2024-04-10")  # day before: out
    world.s47(world.referral("D", "2024-06-01"), "2024-07-01")                   # day after: out
    world.s47(world.referral("E", "2024-05-01"), "2024-05-02", not_required=True)  # ICPC not required: in
    fig = world.figure("s47_enquiries", "2024Q1")
    # A, B, E = 3; 3 / 2,000 x 10,000 = 15
    assert fig.numerator == 3
    assert fig.value == pytest.approx(15.0)
