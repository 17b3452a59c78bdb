"""Referrals and re-referrals, on hand-built children whose answers are worked out by hand."""
import pytest


def test_referrals_count_every_referral_in_the_period_nfa_included(world):
    world.child("A")
    world.child("B")
    world.referral("A", "2024-04-01")                 # first day of 2024-25: in
    world.referral("A", "2024-09-10", nfa=True)       # NFA still counts: in
    world.referral("B", "2025-03-31")                 # last day: in
    world.referral("B", "2024-03-31")                 # day before: out
    world.referral("B", "2025-04-01")                 # day after: out
    world.population(2024, 20_000)                    # mid-2024 for 2024-25
    world.population(2023, 99_999)                    # the wrong year: must not be used
    fig = world.figure("referrals", "2024-25")
    assert fig.numerator == 3
    assert fig.denominator == 20_000
    assert fig.value == pytest.approx(3 / 20_000 * 10_000)   # 1.5 per 10,000


def test_referral_rate_without_population_says_so(world):
    world.child("A")
    world.referral("A", "2024-05-01")
    fig = world.figure("referrals", "2024Q1")
    assert fig.numerator == 1 and fig.value is None
    assert "no population estimate for mid-2024" in fig.note


def test_re_referral_exactly_12_months_later_counts_and_a_day_more_does_not(world):
    world.child("A")
    world.child("B")
    world.child("C")
    world.referral("A", "2023-06-15", nfa=True)
    world.referral("A", "2024-06-15")      # exactly 12 months after an NFA referral: re-referral
    world.referral("B", "2023-06-14")
    world.referral("B", "2024-06-15")      # 12 months and a day: not a re-referral
    world.referral("C", "2024-07-01")      # first referral: not
    world.referral("C", "2024-07-01", source="2A")  # same key: merges, still one referral
    world.referral("C", "2024-11-30")      # 5 months after C's first, in the period: re-referral
    fig = world.figure("re_referrals_12m", "2024-25")
    # referrals in 2024-25: A 2024-06-15, B 2024-06-15, C 2024-07-01, C 2024-11-30 = 4
    # re-referrals: A (exactly 12 months), C 2024-11-30 = 2
    assert (fig.numerator, fig.denominator) == (2, 4)
    assert fig.value == pytest.approx(50.0)


def test_re_referral_across_a_leap_day(world):
    world.child("A")
    world.referral("A", "2023-02-28")
    world.referral("A", "2024-02-29")      # 29 Feb 2024 minus 12 months is 28 Feb 2023: counts
    fig = world.figure("re_referrals_12m", "2023Q4")
    assert (fig.numerator, fig.denominator) == (1, 1)


def test_no_referrals_loaded_is_no_figure_not_zero(world):
    world.child("A")
    fig = world.figure("re_referrals_12m", "2024-25")
    assert fig.numerator is None and fig.value is None
    assert fig.note == "no referral data loaded for this authority"


def test_re_referrals_within_24_and_36_months(world):
    for child in "ABCD":
        world.child(child)
    world.referral("A", "2023-01-10")     # 17 months before A's next: within 24 and 36, not 12
    world.referral("A", "2024-06-10")
    world.referral("B", "2022-06-10")     # exactly 24 months before: within 24 (and 36)
    world.referral("B", "2024-06-10")
    world.referral("C", "2021-09-01")     # 33 months before: within 36 only
    world.referral("C", "2024-06-01")
    world.referral("D", "2024-06-01")     # no previous referral
    # referrals in 2024-25: A, B, C, D (4)
    # within 12 months: none; within 24: A, B (2 of 4 = 50%); within 36: A, B, C (3 of 4 = 75%)
    assert world.figure("re_referrals_12m", "2024-25").numerator == 0
    fig24 = world.figure("re_referrals_24m", "2024-25")
    assert (fig24.numerator, fig24.denominator, fig24.value) == (2, 4, pytest.approx(50.0))
    fig36 = world.figure("re_referrals_36m", "2024-25")
    assert (fig36.numerator, fig36.denominator, fig36.value) == (3, 4, pytest.approx(75.0))
