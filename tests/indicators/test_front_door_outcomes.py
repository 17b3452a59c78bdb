"""Referral outcomes (SoS A3): the furthest point each referral's episode reached, worked by hand."""
import pytest

OUTCOMES = ("nfa", "early_help", "cin", "cp", "looked_after")


def early_help(world, child, start):
    world.put("early_help", early_help_id=f"{world.cid(child)}/{start}", child_id=world.cid(child),
              start_date=start)


def build_referrals(world):
    for child in "ABCDEFGHIJKLM":
        world.child(child)
    # A: NFA at referral, closed the same day -> nfa
    world.referral("A", "2024-04-10", nfa=True, closure="2024-04-10", reason="RC8")
    # B: assessed, closed RC8 on 20 June; early help starts 18 July, 28 days later -> early_help
    world.referral("B", "2024-05-01", closure="2024-06-20", reason="RC8")
    early_help(world, "B", "2024-07-18")
    # C: the same, but early help starts 19 July, 29 days later -> nfa
    world.referral("C", "2024-05-01", closure="2024-06-20", reason="RC8")
    early_help(world, "C", "2024-07-19")
    # D: closed RC9 (referred to early help), no early help record -> early_help
    world.referral("D", "2024-06-01", closure="2024-07-30", reason="RC9")
    # E: open, nothing more yet -> cin
    world.referral("E", "2024-06-01")
    # F: closed RC7 with a CIN plan -> cin
    f = world.referral("F", "2024-06-01", closure="2024-12-01", reason="RC7")
    world.cin_plan(f, "2024-07-01", "2024-11-30")
    # G: open; a CP plan linked to the referral -> cp
    g = world.referral("G", "2024-07-01")
    world.cp_plan("G", "2024-08-15", referral_id=g)
    # H: a CP plan (not linked) and then care, both in the episode -> looked_after (furthest)
    world.referral("H", "2024-07-01", closure="2025-01-10", reason="RC7")
    world.cp_plan("H", "2024-09-01", "2024-11-01")
    world.episode("H", "2024-11-01")
    # I: open; short breaks only (V3) are not being looked after here -> cin
    world.referral("I", "2024-08-01")
    world.episode("I", "2024-09-01", legal_status="V3")
    # J: closed 1 October; a CP plan starting the next day is after the episode -> cin
    world.referral("J", "2024-08-01", closure="2024-10-01", reason="RC7")
    world.cp_plan("J", "2024-10-02")
    # K: NFA with no closure date ends on its referral date; care starting later is not its outcome -> nfa
    world.referral("K", "2024-09-01", nfa=True)
    world.episode("K", "2024-12-01")
    # L: referred on the period's last day, still open; care starts after the period -> looked_after
    world.referral("L", "2025-03-31")
    world.episode("L", "2025-04-20")
    # M: referred the day after the period -> in no 2024-25 figure
    world.referral("M", "2025-04-01", nfa=True, closure="2025-04-01")


def test_each_referral_has_exactly_one_outcome_and_they_add_up_to_100(world):
    build_referrals(world)
    # 12 referrals in 2024-25: nfa A, C, K = 3; early_help B, D = 2; cin E, F, I, J = 4;
    # cp G = 1; looked_after H, L = 2
    expected = {"nfa": 3, "early_help": 2, "cin": 4, "cp": 1, "looked_after": 2}
    total = 0.0
    found = world.figures([f"referral_outcome_{outcome}" for outcome in OUTCOMES], "2024-25")
    for outcome in OUTCOMES:
        fig = found[f"referral_outcome_{outcome}"]
        assert (fig.numerator, fig.denominator) == (expected[outcome], 12), outcome
        assert fig.value == pytest.approx(100 * expected[outcome] / 12), outcome
        total += fig.value
    assert total == pytest.approx(100.0)


def test_which_referral_reached_which_point(world):
    build_referrals(world)
    counted = {}
    world.figures([f"referral_outcome_{outcome}" for outcome in OUTCOMES], "2024-25")
    for outcome in OUTCOMES:
        records = world.records(f"referral_outcome_{outcome}", "2024-25")
        counted[outcome] = {record.split("/")[1] for record, (numerator, _) in records.items() if numerator}
    assert counted == {"nfa": {"A", "C", "K"}, "early_help": {"B", "D"}, "cin": {"E", "F", "I", "J"},
                       "cp": {"G"}, "looked_after": {"H", "L"}}


def test_without_care_episodes_the_outcomes_are_not_guessed(world):
    world.child("A")
    world.referral("A", "2024-05-01")
    world.cp_plan("A", "2024-06-01")
    fig = world.figure("referral_outcome_looked_after", "2024-25")
    assert fig.numerator is None and fig.value is None
    assert fig.note == "no cla_episode data loaded for this authority"
