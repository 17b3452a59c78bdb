"""Repeat child protection plans: ever (NumberOfPreviousCPP or the store), within 12 and 24 months.

Every expected figure is worked out by hand in the comments. The period is 2024-25.
"""
import pytest


def repeat_histories(world):
    for child in "ABCDEFG":
        world.child(child)
    ids = {
        # A: the return says 1 previous plan (another authority); nothing earlier in the store
        "A": world.cp_plan("A", "2024-06-01", previous=1),
        # B: the return says 0, but the store holds a plan that ended exactly 24 months before
        "B": world.cp_plan("B", "2024-06-01", previous=0),
        # C: the earlier plan ended 24 months and a day before
        "C": world.cp_plan("C", "2024-06-01", previous=None),
        # D: first plan in the year, then a second one two months after it ended
        "D1": world.cp_plan("D", "2024-05-01", "2024-07-01", previous=None),
        "D2": world.cp_plan("D", "2024-09-01", previous=None),
        # E: the earlier plan was never closed (overlapping plans): a previous plan, but not one that ended
        "E": world.cp_plan("E", "2024-08-01"),
        # F: the earlier plan ended on the day the new one started
        "F": world.cp_plan("F", "2024-10-01"),
    }
    world.cp_plan("B", "2021-01-01", "2022-06-01")
    world.cp_plan("C", "2021-01-01", "2022-05-31")
    world.cp_plan("E", "2023-01-01")
    world.cp_plan("F", "2023-02-01", "2024-10-01")
    world.cp_plan("G", "2025-04-01", previous=2)                # starts after the year: not in the base
    return ids


def test_repeat_plans_ever_use_the_return_count_or_an_earlier_plan_in_the_store(world):
    ids = repeat_histories(world)
    fig = world.figure("repeat_cp_plans", "2024-25")
    # plans starting in 2024-25: A, B, C, D1, D2, E, F = 7
    # repeat: A (count 1), B (store, although the count says 0), C (store), D2 (D1), E (earlier open plan),
    # F (store) = 6; D1 is D's first plan
    assert (fig.numerator, fig.denominator) == (6, 7)
    assert fig.value == pytest.approx(600 / 7)
    assert world.records("repeat_cp_plans", "2024-25")[ids["D1"]] == (0.0, 1.0)


@pytest.mark.parametrize("indicator", ["repeat_cp_plans_2y", "cp_again_24m"])
def test_repeat_plans_within_two_years_of_the_previous_ending(world, indicator):
    ids = repeat_histories(world)
    fig = world.figure(indicator, "2024-25")
    # 24 months before the start: B 2022-06-01 (ended that day: counts), C 2022-06-01 (ended 05-31: not),
    # D2 2022-09-01 (D1 ended 2024-07-01: counts), F 2022-10-01 (ended 2024-10-01, the start day: counts);
    # A has no plan in the store, E's earlier plan never ended -> 3 of 7
    assert (fig.numerator, fig.denominator) == (3, 7)
    assert fig.value == pytest.approx(300 / 7)
    assert {k for k, (n, _) in world.records(indicator, "2024-25").items() if n} == {ids["B"], ids["D2"], ids["F"]}


def test_plans_again_within_12_months(world):
    ids = repeat_histories(world)
    fig = world.figure("cp_again_12m", "2024-25")
    # 12 months before the start: D2 (D1 ended 2024-07-01 >= 2023-09-01) and F (ended 2024-10-01) -> 2 of 7
    assert (fig.numerator, fig.denominator) == (2, 7)
    assert {k for k, (n, _) in world.records("cp_again_12m", "2024-25").items() if n} == {ids["D2"], ids["F"]}


def test_two_years_before_29_february_is_28_february(world):
    world.child("A")
    world.cp_plan("A", "2021-06-01", "2022-02-28")
    world.cp_plan("A", "2024-02-29")      # 29 Feb 2024 minus 24 months is 28 Feb 2022: within two years
    fig = world.figure("repeat_cp_plans_2y", "2023Q4")
    assert (fig.numerator, fig.denominator) == (1, 1)
