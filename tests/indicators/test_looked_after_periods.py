"""Periods of care: how long they last, and coming back into care within 12 or 24 months.

A period of care is consecutive episodes joined by X1 (short breaks V3/V4 left out). Every
expected figure is worked out by hand in the comments. The period is 2024-25, ending 31 March 2025.
"""
import pytest


def test_periods_of_care_lasting_more_than_6_months_1_year_2_years(world):
    for child in "ABCDEF":
        world.child(child)
    # 31 March 2025 minus 6 months is 30 September 2024; minus 12 months 31 March 2024; minus 24, 31 March 2023
    world.episode("A", "2024-09-29")                      # before 30 September 2024: more than 6 months
    world.episode("B", "2024-09-30")                      # exactly 6 months: not more than
    world.episode("C", "2024-03-31", "2024-08-01", reason_ceased="X1")   # period from 31 March 2024 across a
    world.episode("C", "2024-08-01", rne="P", placement="U6")           # move: >6m; exactly a year: not >1y
    world.episode("D", "2023-03-30")                      # before 31 March 2023: >6m, >1y, >2y
    world.episode("E", "2020-01-01", "2023-01-01", reason_ceased="E4A")  # went home; a new period from
    world.episode("E", "2024-12-01")                      # 1 December 2024: none
    world.episode("F", "2022-01-01", "2024-06-01", legal_status="V3", reason_ceased="X1")   # short breaks left
    world.episode("F", "2024-06-01", rne="L", legal_status="V2")         # out: period from June 2024: >6m only
    # base: A-F = 6
    expected = {"cla_lasting_6m": 4,    # A, C, D, F
                "cla_lasting_1y": 1,    # D
                "cla_lasting_2y": 1}    # D
    for indicator, numerator in expected.items():
        fig = world.figure(indicator, "2024-25")
        assert (fig.numerator, fig.denominator) == (numerator, 6), indicator
        assert fig.value == pytest.approx(numerator * 100 / 6)


def test_looked_after_again_within_12_and_24_months(world):
    for child in "ABCDEF":
        world.child(child)
    world.episode("A", "2023-01-01", "2024-03-01", reason_ceased="E4A")
    a1 = world.episode("A", "2024-05-01", "2024-06-01", reason_ceased="E4A")   # back 2 months after: again
    a2 = world.episode("A", "2024-08-01")                                      # back 2 months after A1: again
    world.episode("B", "2022-01-01", "2022-06-01", reason_ceased="E4A")
    b = world.episode("B", "2024-06-01")                  # exactly 24 months after: 24m yes, 12m no
    world.episode("C", "2021-01-01", "2022-05-31", reason_ceased="E4A")
    world.episode("C", "2024-06-01")                      # 24 months and a day: neither
    world.episode("D", "2024-07-01")                      # first period of care: neither
    world.episode("E", "2025-04-01")                      # after the year: not in the base
    world.episode("F", "2024-04-15", "2024-04-20", legal_status="V3", reason_ceased="E13")   # short break is
    world.episode("F", "2024-05-01")                      # not a period of care: F's first, neither
    # base: periods starting in 2024-25: A1, A2, B, C, D, F = 6
    twelve = world.figure("cla_again_12m", "2024-25")
    assert (twelve.numerator, twelve.denominator) == (2, 6)                  # A1, A2
    assert {k for k, (n, _) in world.records("cla_again_12m", "2024-25").items() if n} == {a1, a2}
    twenty_four = world.figure("cla_again_24m", "2024-25")
    assert (twenty_four.numerator, twenty_four.denominator) == (3, 6)        # A1, A2, B
    assert twenty_four.value == pytest.approx(50.0)
    assert world.records("cla_again_24m", "2024-25")[b] == (1.0, 1.0)
