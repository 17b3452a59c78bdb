"""The journeys indicators (sql/journeys): assessments ending in NFA by the child's previous
referrals, and S47 enquiries by what followed, on hand-built children with answers by hand."""
import pytest

from carepath.indicators import catalogue


def assessed(world, child, referral_day, authorised, closure=None, reason=None, previous=()):
    world.child(child)
    for day in previous:
        world.referral(child, day, nfa=True, closure=day)
    r = world.referral(child, referral_day, closure=closure, reason=reason)
    world.assessment(r, referral_day, authorised)
    return r


def test_the_families_are_in_the_catalogue_with_their_metadata():
    ids = {i.id for i in catalogue.indicators().values() if i.group == "journeys"}
    assert ids == {"assessments_nfa_no_previous", "assessments_nfa_one_previous", "assessments_nfa_several_previous",
                   "s47_outcome_icpc_cp_plan", "s47_outcome_icpc_no_plan", "s47_outcome_plan_without_icpc",
                   "s47_outcome_early_help", "s47_outcome_nfa"}
    assert catalogue.get("assessments_nfa_several_previous").unit == "percent"


def test_assessments_nfa_no_previous(world):
    assessed(world, "A", "2024-05-01", "2024-05-20", "2024-05-20", "RC8")        # NFA
    assessed(world, "B", "2024-05-01", "2024-05-20", "2024-05-20", "RC9")        # early help: not NFA
    assessed(world, "C", "2024-05-01", "2025-04-01", "2025-04-01", "RC8")        # authorised after the year
    assessed(world, "D", "2024-05-01", "2024-05-20", "2024-05-20", "RC8",
             previous=["2021-04-30"])                                           # 36 months + 1 day: still new
    r = assessed(world, "E", "2024-05-01", "2024-05-20", "2024-06-01", "RC8")    # a CP plan in the episode
    world.cp_plan("E", "2024-05-25", referral_id=r)
    # 2024-25, no previous referral: A, B, D, E = 4; NFA without a plan: A, D = 2
    fig = world.figure("assessments_nfa_no_previous", "2024-25")
    assert (fig.numerator, fig.denominator, fig.value) == (2, 4, pytest.approx(50.0))


def test_assessments_nfa_one_previous(world):
    assessed(world, "A", "2024-06-01", "2024-06-20", "2024-06-20", "RC8", previous=["2021-06-01"])  # exactly 36 months
    assessed(world, "B", "2024-06-01", "2024-06-20", None, None, previous=["2024-01-01"])            # still open
    assessed(world, "C", "2024-06-01", "2024-06-20", "2024-06-20", "RC8",
             previous=["2023-01-01", "2024-01-01"])                                                  # two: not one
    fig = world.figure("assessments_nfa_one_previous", "2024-25")
    assert (fig.numerator, fig.denominator, fig.value) == (1, 2, pytest.approx(50.0))


def test_assessments_nfa_several_previous(world):
    assessed(world, "A", "2024-06-01", "2024-06-20", "2024-06-20", "RC8", previous=["2023-01-01", "2024-01-01"])
    assessed(world, "B", "2024-06-01", "2024-06-20", "2024-06-20", "RC8",
             previous=["2022-01-01", "2023-01-01", "2024-01-01"])
    r = assessed(world, "C", "2024-06-01", "2024-06-20", None, None, previous=["2023-01-01", "2024-01-01"])
    world.cin_plan(r, "2024-06-25")
    world.episode("C", "2024-07-01", legal_status="V3")   # a short break is not care: the outcome is the CIN plan
    fig = world.figure("assessments_nfa_several_previous", "2024-25")
    # three assessments with two or more previous referrals; A and B closed RC8: 2 of 3
    assert (fig.numerator, fig.denominator) == (2, 3)
    assert fig.value == pytest.approx(200 / 3)


def s47(world, child, start, icpc=None, not_required=False, closure=None, reason=None, nfa=False):
    world.child(child)
    r = world.referral(child, start, closure=closure, reason=reason, nfa=nfa)
    world.s47(r, start, icpc=icpc, not_required=not_required)
    return r


@pytest.fixture
def enquiries(world):
    """Seven S47s starting in 2024-25 (and one before), one of each outcome, worked out by hand."""
    s47(world, "PLAN", "2024-05-01", icpc="2024-05-20")
    world.cp_plan("PLAN", "2024-05-20")                          # starts on the ICPC date: led to a plan
    s47(world, "LATE", "2024-05-01", icpc="2024-05-20")
    world.cp_plan("LATE", "2024-05-21")                          # a day later: ICPC, no plan
    r = s47(world, "CIN", "2024-05-01", not_required=True)
    world.cin_plan(r, "2024-05-10")                              # plan without ICPC
    s47(world, "CARE", "2024-05-01")
    world.episode("CARE", "2024-05-02", legal_status="L1")       # care without ICPC: plan or care
    s47(world, "HELP", "2024-05-01", not_required=True, closure="2024-05-30", reason="RC9")
    s47(world, "NFA", "2024-05-01", not_required=True, closure="2024-05-30", reason="RC8")
    s47(world, "MOVED", "2024-05-01", not_required=True, closure="2024-05-30", reason="RC5")  # closed otherwise
    s47(world, "BEFORE", "2024-03-31", not_required=True, closure="2024-04-30", reason="RC8")  # last year
    return world


@pytest.mark.parametrize("indicator_id,numerator", [
    ("s47_outcome_icpc_cp_plan", 1), ("s47_outcome_icpc_no_plan", 1), ("s47_outcome_plan_without_icpc", 2),
    ("s47_outcome_early_help", 1), ("s47_outcome_nfa", 1)])
def test_s47_outcomes(enquiries, indicator_id, numerator):
    fig = enquiries.figure(indicator_id, "2024-25")
    # seven S47s started in 2024-25 (BEFORE started in March 2024)
    assert (fig.numerator, fig.denominator) == (numerator, 7)
    assert fig.value == pytest.approx(100 * numerator / 7)


def test_an_icpc_marked_not_required_is_no_conference(world):
    s47(world, "A", "2024-05-01", icpc="2024-05-20", not_required=True, closure="2024-06-01", reason="RC8")
    fig = world.figure("s47_outcome_nfa", "2024-25")
    assert (fig.numerator, fig.denominator) == (1, 1)
