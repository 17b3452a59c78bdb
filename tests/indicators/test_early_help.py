"""Early help: assessments (board 1), at the end (SoS P1), lasting (P2) and again (P3), by hand."""
import pytest


def early_help(world, child, start, end=None, assessment=None):
    world.child(child)
    world.put("early_help", early_help_id=f"{world.cid(child)}/{start}", child_id=world.cid(child),
              start_date=start, end_date=end, assessment_start_date=assessment)
    return f"{world.cid(child)}/{start}"


def test_early_help_assessments_started_in_the_period(world):
    # 2024Q3 is 1 October to 31 December 2024
    early_help(world, "A", "2024-10-01", assessment="2024-10-01")   # first day: in
    early_help(world, "B", "2024-12-20", assessment="2024-12-31")   # last day: in
    early_help(world, "C", "2024-09-30", assessment="2024-09-30")   # day before: out
    early_help(world, "D", "2025-01-01", assessment="2025-01-01")   # day after: out
    early_help(world, "E", "2024-11-01")                             # no assessment recorded: out
    early_help(world, "F", "2024-10-10", assessment="2024-10-10")   # F assessed twice: both in
    early_help(world, "F", "2024-11-10", assessment="2024-11-10")
    fig = world.figure("early_help_assessments", "2024Q3")
    assert fig.numerator == 4 and fig.value == 4                     # A, B, F, F


def test_children_open_to_early_help_at_the_end(world):
    early_help(world, "A", "2024-06-01")                             # open: in
    early_help(world, "B", "2024-06-01", end="2025-03-31")           # ends on the last day: in
    early_help(world, "C", "2024-06-01", end="2025-03-30")           # ended the day before: out
    first = early_help(world, "D", "2024-05-01")                     # two open episodes: one child
    early_help(world, "D", "2024-10-01")
    early_help(world, "E", "2025-04-01")                             # starts after: out
    world.population(2024, 8_000)
    fig = world.figure("early_help_at_end", "2024-25")
    # A, B, D = 3; 3 / 8,000 x 10,000 = 3.75
    assert fig.numerator == 3
    assert fig.value == pytest.approx(3.75)
    records = world.records("early_help_at_end", "2024-25")
    assert len(records) == 3 and first in records                   # D's earliest open episode


def test_early_help_lasting_over_6_months_1_and_2_years(world):
    # At 31 March 2025: minus 6 months = 30 September 2024, minus 12 = 31 March 2024, minus 24 = 31 March 2023
    early_help(world, "A", "2024-09-30")                   # exactly 6 months: none
    early_help(world, "B", "2024-09-29")                   # 6m
    early_help(world, "C", "2023-03-30")                   # C's earliest open episode: 6m, 1y, 2y
    early_help(world, "C", "2025-01-01")                   # a second open episode: C still counts once
    early_help(world, "D", "2024-03-31")                   # exactly a year: 6m only
    early_help(world, "E", "2023-01-01", end="2025-03-30") # ended before the last day: not open
    early_help(world, "F", "2023-03-31")                   # exactly two years: 6m, 1y
    # children open at the end: A, B, C, D, F = 5
    expected = {"early_help_lasting_6m": 4,   # B, C, D, F
                "early_help_lasting_1y": 2,   # C, F
                "early_help_lasting_2y": 1}   # C
    found = world.figures(list(expected), "2024-25")
    for indicator_id, over in expected.items():
        fig = found[indicator_id]
        assert (fig.numerator, fig.denominator) == (over, 5), indicator_id
        assert fig.value == pytest.approx(100 * over / 5), indicator_id


def test_early_help_again_within_12_and_24_months(world):
    early_help(world, "A", "2023-01-01", end="2023-06-15")
    early_help(world, "A", "2024-06-15")                   # ended exactly 12 months before: 12m, 24m
    early_help(world, "B", "2023-01-01", end="2023-06-14")
    early_help(world, "B", "2024-06-15")                   # 12 months and a day: 24m only
    early_help(world, "C", "2024-02-01", end="2024-08-01")
    early_help(world, "C", "2024-08-01")                   # ended and restarted the same day: both
    early_help(world, "D", "2024-01-01")                   # never ended
    early_help(world, "D", "2024-09-01")                   # neither
    early_help(world, "E", "2024-10-01")                   # first: neither
    early_help(world, "F", "2022-01-01", end="2022-06-14")
    early_help(world, "F", "2024-06-15")                   # 24 months and a day: neither
    early_help(world, "G", "2025-04-01")                   # after the period: out
    # starting in 2024-25: A, B, C, D, E, F = 6
    fig = world.figure("early_help_again_12m", "2024-25")
    assert (fig.numerator, fig.denominator) == (2, 6)      # A, C
    assert fig.value == pytest.approx(100 * 2 / 6)
    fig = world.figure("early_help_again_24m", "2024-25")
    assert (fig.numerator, fig.denominator) == (3, 6)      # A, B, C
    assert fig.value == pytest.approx(50.0)


def test_no_early_help_loaded_is_no_figure(world):
    world.child("A")
    world.referral("A", "2024-05-01")
    fig = world.figure("early_help_at_end", "2024-25")
    assert fig.numerator is None and fig.note == "no early_help data loaded for this authority"
