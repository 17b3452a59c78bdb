"""CIN other than CP and CLA, CIN plans, CIN lasting and CIN again (board 9-10, SoS P2-P3), by hand."""
import pytest


def test_cin_other_than_cp_and_looked_after_at_the_end(world):
    for child in "ABCDEFGH":
        world.child(child)
        world.referral(child, "2023-06-01", **({"closure": "2024-03-30", "reason": "RC7"} if child == "H" else {}))
    world.cp_plan("B", "2023-09-01")                       # B on a plan at 31 March: out
    world.cp_plan("C", "2023-09-01", "2024-03-31")         # C's plan ends on the last day, open on it: out
    world.cp_plan("D", "2023-09-01", "2024-03-30")         # D's plan ended the day before: in
    world.episode("E", "2023-10-01")                       # E looked after at 31 March: out
    world.episode("F", "2023-10-01", "2024-03-31", reason_ceased="E11")  # F ceased on the last day (DfE: not CLA): in
    world.episode("G", "2023-10-01", legal_status="V3")    # G on short breaks only: in
    # H's episode closed on 30 March: not a child in need at the end
    world.population(2023, 5_000)
    fig = world.figure("cin_other_at_end", "2023-24")
    # A, D, F, G = 4; 4 / 5,000 x 10,000 = 8
    assert fig.numerator == 4
    assert fig.value == pytest.approx(8.0)
    assert {r.split("/")[1] for r in world.records("cin_other_at_end", "2023-24")} == {"A", "D", "F", "G"}


def test_children_on_cin_plans_at_the_end_not_cp_or_looked_after(world):
    ref = {}
    for child in "ABCDEFGH":
        world.child(child)
        ref[child] = world.referral(child, "2023-04-15")
    world.cin_plan(ref["A"], "2023-10-01")                 # open: in
    world.cin_plan(ref["B"], "2023-10-01", "2024-03-31")   # ends on the last day: in
    world.cin_plan(ref["C"], "2023-10-01", "2024-03-30")   # ended the day before: out
    world.cin_plan(ref["D"], "2023-05-01")                 # two open plans: counted once
    later = world.cin_plan(ref["D"], "2023-11-01")
    world.cin_plan(ref["E"], "2023-10-01")                 # also on a CP plan: out
    world.cp_plan("E", "2024-01-10")
    world.cin_plan(ref["F"], "2023-10-01")                 # also looked after: out
    world.episode("F", "2024-02-01")
    world.cin_plan(ref["G"], "2024-04-01")                 # starts after the period: out
    world.cin_plan(ref["H"], "2023-10-01")                 # short breaks (V4) only: in
    world.episode("H", "2024-01-01", legal_status="V4")
    fig = world.figure("cin_plans_at_end", "2023-24")
    # A, B, D, H = 4 children
    assert fig.numerator == 4 and fig.value == 4
    records = world.records("cin_plans_at_end", "2023-24")
    assert len(records) == 4 and later in records       # D's record is its later plan


def test_cin_episodes_lasting_over_6_months_1_and_2_years(world):
    # At 31 March 2025: minus 6 months = 30 September 2024, minus 12 = 31 March 2024, minus 24 = 31 March 2023
    starts = {"A": "2024-09-30",   # exactly 6 months: not over 6 months
              "B": "2024-09-29",   # over 6 months, under a year
              "C": "2024-03-31",   # exactly a year: over 6 months, not over a year
              "D": "2024-03-30",   # over a year, under two
              "E": "2023-03-30",   # over two years
              "F": "2023-03-31"}   # exactly two years: over a year, not over two
    for child, start in starts.items():
        world.child(child)
        world.referral(child, start)
    world.child("G")
    world.referral("G", "2025-03-31", nfa=True, closure="2025-03-31", reason="RC8")  # NFA on the last day: open
    world.child("H")
    world.referral("H", "2022-01-01", closure="2025-03-30", reason="RC7")            # closed before the end
    # open at the end: A, B, C, D, E, F, G = 7
    expected = {"cin_lasting_6m": 5,   # B, C, D, E, F
                "cin_lasting_1y": 3,   # D, E, F
                "cin_lasting_2y": 1}   # E
    found = world.figures(list(expected), "2024-25")
    for indicator_id, over in expected.items():
        fig = found[indicator_id]
        assert (fig.numerator, fig.denominator) == (over, 7), indicator_id
        assert fig.value == pytest.approx(100 * over / 7), indicator_id


def test_cin_again_within_12_and_24_months_of_the_previous_episode_ending(world):
    for child in "ABCDEFGH":
        world.child(child)
    world.referral("A", "2023-01-01", closure="2023-06-15", reason="RC7")
    world.referral("A", "2024-06-15")                      # closed exactly 12 months before: 12m and 24m
    world.referral("B", "2023-01-01", closure="2023-06-14", reason="RC7")
    world.referral("B", "2024-06-15")                      # 12 months and a day: 24m only
    world.referral("C", "2024-02-01", closure="2024-08-01", reason="RC7")
    world.referral("C", "2024-08-01")                      # closed and re-referred the same day: both
    world.referral("D", "2024-05-01", nfa=True, closure="2024-05-01", reason="RC8")
    world.referral("D", "2024-07-01")                      # previous was NFA, not a CIN episode: neither
    world.referral("E", "2024-01-01", closure="2024-06-01", reason="RC7")
    world.referral("E", "2024-07-01", nfa=True, closure="2024-07-01", reason="RC8")  # NFA: not in the denominator
    world.referral("F", "2022-01-01", closure="2022-06-14", reason="RC7")
    world.referral("F", "2024-06-15")                      # 24 months and a day: neither
    world.referral("G", "2024-10-01")                      # first episode: neither
    world.referral("H", "2023-01-01")                      # previous never closed
    world.referral("H", "2024-09-01")                      # no ended episode before it: neither
    # episodes starting in 2024-25, not NFA: A, B, C, D (1 July), F, G, H = 7
    fig = world.figure("cin_again_12m", "2024-25")
    assert (fig.numerator, fig.denominator) == (2, 7)      # A, C
    assert fig.value == pytest.approx(100 * 2 / 7)
    fig = world.figure("cin_again_24m", "2024-25")
    assert (fig.numerator, fig.denominator) == (3, 7)      # A, B, C
    assert fig.value == pytest.approx(100 * 3 / 7)


def test_cin_other_needs_plans_and_care_loaded(world):
    world.child("A")
    world.referral("A", "2023-06-01")
    world.episode("A", "2023-10-01")
    fig = world.figure("cin_other_at_end", "2023-24")
    assert fig.numerator is None and fig.note == "no cp_plan data loaded for this authority"
