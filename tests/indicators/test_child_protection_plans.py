"""Child protection plans starting, ceasing, open at the end, and how long they last.

Every expected figure is worked out by hand in the comments from the indicator's definition.
The period is 2024-25 (1 April 2024 to 31 March 2025) unless a test says otherwise.
"""
import pytest

from tests.indicators.world import d


def plans_around_a_year(world):
    """Plans placed around the edges of 2024-25; returns the ids the tests look at."""
    for child in "ABCDEG":
        world.child(child)
    world.child("F", dob=None, expected_dob=d("2025-05-01"))           # unborn
    ids = {
        "A": world.cp_plan("A", "2024-04-01"),                         # starts on the first day, open
        "B": world.cp_plan("B", "2023-06-01", "2024-03-31"),           # ended the day before the year
        "C1": world.cp_plan("C", "2024-05-01", "2024-09-30"),          # starts and ends in the year
        "C2": world.cp_plan("C", "2024-11-01", "2025-03-31"),          # ends ON the last day: open at end
        "D": world.cp_plan("D", "2025-04-01"),                         # starts the day after
        "E": world.cp_plan("E", "2022-01-10", "2025-04-01"),           # ends the day after: open at end
        "F": world.cp_plan("F", "2025-03-31"),                         # unborn, starts on the last day
        "G1": world.cp_plan("G", "2024-06-01"),                        # two overlapping open plans
        "G2": world.cp_plan("G", "2024-08-01"),                        # (a data error): one child
    }
    world.population(2024, 10_000)
    return ids


def test_plans_starting_count_each_plan_in_the_period(world):
    plans_around_a_year(world)
    fig = world.figure("cp_plans_starting", "2024-25")
    # A 04-01, C1 05-01, C2 11-01, F 03-31, G1 06-01, G2 08-01 = 6 (B before, D after, E before)
    assert fig.numerator == 6
    assert fig.value == pytest.approx(6.0)                          # 6 / 10,000 x 10,000
    quarter = world.figure("cp_plans_starting", "2024Q1")            # April to June 2024
    assert quarter.numerator == 3                                    # A, C1, G1


def test_plans_ceasing_count_plans_ending_in_the_period(world):
    ids = plans_around_a_year(world)
    fig = world.figure("cp_plans_ceasing", "2024-25")
    # C1 (2024-09-30) and C2 (2025-03-31, the last day); B ended 2024-03-31 and E 2025-04-01: out
    assert fig.numerator == 2
    assert set(world.records("cp_plans_ceasing", "2024-25")) == {ids["C1"], ids["C2"]}


def test_plans_at_end_one_per_child_a_plan_ending_on_the_last_day_is_open(world):
    ids = plans_around_a_year(world)
    fig = world.figure("cp_plans_at_end", "2024-25")
    # open on 31 March 2025: A, C2 (ends that day), E (ends the next day), F (starts that day),
    # G once (its later plan G2) = 5 children; B ended before, C1 ended before, D starts after
    assert fig.numerator == 5
    assert fig.value == pytest.approx(5.0)
    assert set(world.records("cp_plans_at_end", "2024-25")) == {ids["A"], ids["C2"], ids["E"], ids["F"], ids["G2"]}


def test_plans_at_end_without_plans_loaded_is_no_figure(world):
    world.child("A")
    fig = world.figure("cp_plans_at_end", "2024-25")
    assert fig.numerator is None and fig.value is None
    assert fig.note == "no cp_plan data loaded for this authority"


def test_plans_open_two_years_or_more_at_the_end_are_730_days(world):
    for child in "HIJKL":
        world.child(child)
    h = world.cp_plan("H", "2023-04-01")                  # 730 days to 2025-03-31 (2024 is leap): counts
    world.cp_plan("I", "2023-04-02")                      # 729 days: does not
    j = world.cp_plan("J", "2023-03-31", "2025-03-31")    # 731 days, ends on the last day so open: counts
    world.cp_plan("K", "2020-01-01", "2025-03-30")        # ended before the last day: not in the base
    l_ = world.cp_plan("L", "2023-03-30")                 # 732 days: counts
    fig = world.figure("cp_plans_2y_at_end", "2024-25")
    # open at end: H, I, J, L = 4; of them 730+ days: H, J, L = 3 -> 75%
    assert (fig.numerator, fig.denominator) == (3, 4)
    assert fig.value == pytest.approx(75.0)
    assert {k for k, (n, _) in world.records("cp_plans_2y_at_end", "2024-25").items() if n} == {h, j, l_}
    # Signs of Safety "more than 2 years" in calendar months: started before 31 March 2023 (the last day
    # minus 24 months). H (1 April 2023) no; I no; J (31 March 2023, exactly 2 years) no; L yes -> 1 of 4
    lasting = world.figure("cp_lasting_2y", "2024-25")
    assert (lasting.numerator, lasting.denominator) == (1, 4)
    assert lasting.value == pytest.approx(25.0)


def test_plans_lasting_more_than_6_months_and_a_year(world):
    # 31 March 2025 minus 6 months is 30 September 2024, minus 12 months 31 March 2024
    for child in "MNOP":
        world.child(child)
    world.cp_plan("M", "2024-09-29")    # before 30 September 2024: more than 6 months
    world.cp_plan("N", "2024-09-30")    # exactly 6 months: not more than
    world.cp_plan("O", "2024-03-31")    # more than 6 months; exactly 12 months: not more than a year
    world.cp_plan("P", "2024-03-30")    # more than 6 months and more than a year
    six = world.figure("cp_lasting_6m", "2024-25")
    assert (six.numerator, six.denominator) == (3, 4)           # M, O, P
    assert six.value == pytest.approx(75.0)
    year = world.figure("cp_lasting_1y", "2024-25")
    assert (year.numerator, year.denominator) == (1, 4)         # P
    two = world.figure("cp_lasting_2y", "2024-25")
    assert (two.numerator, two.denominator, two.value) == (0, 4, 0.0)


def test_plans_ended_after_two_years_or_more(world):
    for child in "QRST":
        world.child(child)
    q = world.cp_plan("Q", "2022-05-01", "2024-04-30")   # 730 days (365 + 365, 29 Feb 2024 inside): counts
    world.cp_plan("R", "2022-05-02", "2024-04-30")       # 729 days: does not
    world.cp_plan("S", "2024-06-01", "2024-06-01")       # 0 days
    world.cp_plan("T", "2020-01-01", "2025-04-01")       # ends after the year: not in the base
    fig = world.figure("cp_plans_ended_2y", "2024-25")
    assert (fig.numerator, fig.denominator) == (1, 3)
    assert fig.value == pytest.approx(100 / 3)
    assert world.records("cp_plans_ended_2y", "2024-25")[q] == (1.0, 1.0)


def test_plan_length_median_days_by_age_at_start(world):
    world.child("U1", dob=None, expected_dob=d("2024-08-01"))   # unborn at the start: under 1
    world.child("U2", dob="2024-08-15")                       # born after the plan started: under 1
    world.child("V", dob="2020-05-01")                        # 4th birthday on the start day: 1-4
    world.child("W", dob="2019-05-02")                        # 5 the day after the start: still 1-4
    world.child("X", dob="2009-01-01")                        # 15 at the start: 10-15
    world.child("Y", dob="2008-04-01")                        # 16th birthday on the start day: 16+
    world.child("Z", dob=None)                                # no dates: all ages only
    world.cp_plan("U1", "2024-07-01", "2024-09-30")           # 91 days
    world.cp_plan("U2", "2024-07-01", "2024-12-31")           # 183 days
    world.cp_plan("V", "2024-05-01", "2024-06-10")            # 40 days
    world.cp_plan("W", "2024-05-01", "2025-03-31")            # 334 days (ends on the last day: in)
    world.cp_plan("X", "2024-06-01", "2025-02-01")            # 245 days
    world.cp_plan("Y", "2024-04-01", "2024-04-02")            # 1 day
    world.cp_plan("Z", "2024-04-01", "2024-05-01")            # 30 days
    world.cp_plan("Z", "2024-06-01")                          # open: not measured
    world.cp_plan("X", "2023-01-01", "2025-04-01")            # ends after the year: not measured
    # all: 1, 30, 40, 91, 183, 245, 334 -> 7 plans, median 91
    fig = world.figure("cp_plan_length", "2024-25")
    assert (fig.numerator, fig.value) == (7, 91.0)
    # under 1: 91, 183 -> mean of the two middle values 137
    assert (world.figure("cp_plan_length_under_1", "2024-25").value) == pytest.approx(137.0)
    # 1-4: 40, 334 -> 187
    one_four = world.figure("cp_plan_length_1_4", "2024-25")
    assert (one_four.numerator, one_four.value) == (2, pytest.approx(187.0))
    five_nine = world.figure("cp_plan_length_5_9", "2024-25")
    assert five_nine.numerator == 0 and five_nine.value is None
    assert five_nine.note == "no records in this period"
    assert world.figure("cp_plan_length_10_15", "2024-25").value == pytest.approx(245.0)
    assert world.figure("cp_plan_length_16_plus", "2024-25").value == pytest.approx(1.0)
