"""Practice standards (board 11, 18, 21; Signs of Safety P4) on children built by hand.

Visits and supervision are judged on the period's last day: on time when the latest one (or the
start, when nothing was yet due) is within the interval ending on that day. Dates worked out:
* 2024Q3 ends Tuesday 31 December 2024. The working days after Friday 13 December up to and
  including the 31st, skipping Christmas Day and Boxing Day, are 16, 17, 18, 19, 20, 23, 24, 27,
  30 and 31 December: 10, so a CP visit on 13 December is on time and one on Thursday 12
  December (11 working days) is late.
  42 days before: 19 November. 28 days before: 3 December. 3 months before: 30 September.
  7 days before: 24 December. 12 months before: 31 December 2023.
* The CP and looked-after rules are those of cp_visits_on_time and cla_visits_on_time: a visit
  counts unless the child was recorded as not seen; a looked-after child must have been seen since
  the current carers took over; 3 months for long-term fostering (U1, U4) or parents (P1) after a year.
* 2024-25 ends 31 March 2025; 42 days before: 17 February 2025.
"""
import pytest

from carepath.model.ids import join


def visit(world, child, day, kind, seen=True):
    cid = world.cid(child)
    world.put("visit", visit_id=join(cid, day, kind), child_id=cid, visit_date=day, kind=kind, seen=seen)


def supervision(world, child, day):
    cid = world.cid(child)
    world.put("supervision", supervision_id=join(cid, day), child_id=cid, supervision_date=day)


def cin_plan(world, child, start, end=None):
    world.child(child)
    referral = world.referral(child, "2024-03-01")
    world.cin_plan(referral, start, end)


def build_children_with_plans(world):
    # --- on a CP plan (not looked after) at 31 December 2024 ---
    for child in ("CP1", "CP2", "CP3", "CP4", "CP5", "CP6", "CP7"):
        world.child(child)
    world.cp_plan("CP1", "2024-06-01"); visit(world, "CP1", "2024-12-13", "CP")           # 10 wd: on time
    world.cp_plan("CP2", "2024-06-01"); visit(world, "CP2", "2024-12-12", "CP")           # 11 wd: late
    visit(world, "CP2", "2024-12-20", "CP", seen=False)                                    # recorded not seen: no help
    world.cp_plan("CP3", "2024-12-13")                                                     # due from start: on time
    world.cp_plan("CP4", "2024-12-12")                                                     # 11 wd, no visit: late
    world.cp_plan("CP5", "2024-06-01", "2024-12-31")                                       # ends on the last day: in
    visit(world, "CP5", "2024-12-30", "CP")                                                # on time
    world.cp_plan("CP6", "2024-06-01", "2024-12-30")                                       # ended before: not counted
    world.cp_plan("CP7", "2024-06-01"); visit(world, "CP7", "2024-12-20", "CIN")          # a CIN visit: late
    # --- looked after at 31 December 2024 ---
    for child in ("LA1", "LA2", "LA3", "LA4", "LA5", "LA6", "LA7", "LA8", "LA9", "LA10", "LA11", "LA12"):
        world.child(child)
    world.episode("LA1", "2024-01-01", placement="U6"); visit(world, "LA1", "2024-11-19", "CLA")   # 42 days: on time
    world.episode("LA2", "2024-01-01", placement="U6"); visit(world, "LA2", "2024-11-18", "CLA")   # 43 days: late
    # long-term foster care (U4) with the same carers since June 2023: every 3 months
    world.episode("LA3", "2023-06-01", placement="U4"); visit(world, "LA3", "2024-09-30", "CLA")   # on time
    # U4 but with these carers only since 2 January 2024 (< 12 months): every 6 weeks
    world.episode("LA4", "2023-06-01", "2024-01-02", placement="U6", reason_ceased="X1")
    world.episode("LA4", "2024-01-02", rne="P", placement="U4"); visit(world, "LA4", "2024-10-15", "CLA")  # late
    # a change of legal status only (RNE L) keeps the carers: long-term since March 2023
    world.episode("LA5", "2023-03-01", "2024-06-01", placement="U4", reason_ceased="X1")
    world.episode("LA5", "2024-06-01", rne="L", legal_status="C2", placement="U4")
    visit(world, "LA5", "2024-10-01", "CLA")                                                       # on time
    world.episode("LA6", "2024-12-24", placement="U6")            # came into care 7 days before: not yet due
    world.episode("LA7", "2024-12-23", placement="U6")            # 8 days, no visit: late
    world.episode("LA8", "2024-01-01", "2024-12-31", reason_ceased="E4A")   # ceased on the last day: not counted
    world.episode("LA9", "2024-01-01", legal_status="V3")                    # short breaks: not counted
    world.episode("LA10", "2024-01-01", placement="U6"); world.cp_plan("LA10", "2024-01-01")
    visit(world, "LA10", "2024-12-01", "CLA")                      # looked after and CP: the CLA rule, on time
    # moved to new carers (RNE P) on 1 December 2024; last seen 25 November, before the move: late
    world.episode("LA11", "2024-01-01", "2024-12-01", placement="U6", reason_ceased="X1")
    world.episode("LA11", "2024-12-01", rne="P", placement="U6"); visit(world, "LA11", "2024-11-25", "CLA")
    # placed with parents (P1) since June 2023: every 3 months; seen 1 October 2024: on time
    world.episode("LA12", "2023-06-01", placement="P1"); visit(world, "LA12", "2024-10-01", "CLA")
    # --- on a CIN plan only ---
    cin_plan(world, "CN1", "2024-04-01"); visit(world, "CN1", "2024-12-03", "CIN")   # 28 days: on time
    cin_plan(world, "CN2", "2024-04-01"); visit(world, "CN2", "2024-12-02", "CIN")   # 29 days: late
    cin_plan(world, "CN3", "2024-12-10")                                              # not yet due: on time
    cin_plan(world, "CN4", "2024-04-01"); world.cp_plan("CN4", "2024-09-01")          # CIN and CP: the CP rule
    visit(world, "CN4", "2024-12-30", "CP")                                           # on time
    cin_plan(world, "CN5", "2024-04-01"); world.episode("CN5", "2024-01-01", placement="U6")   # CIN plan, looked after
    visit(world, "CN5", "2024-12-20", "CLA")                                          # the CLA rule: on time
    cin_plan(world, "CN6", "2024-04-01", "2024-12-31"); visit(world, "CN6", "2024-12-03", "CIN")  # ends on last day
    cin_plan(world, "CN7", "2024-04-01"); visit(world, "CN7", "2024-12-20", "CIN", seen=None)     # seen unknown: counts


def test_children_seen_in_accordance_with_their_plan(world):
    build_children_with_plans(world)
    fig = world.figure("seen_in_accordance_with_plan", "2024Q3")
    # CP (not looked after): CP1 on, CP2 late, CP3 on, CP4 late, CP5 on, CP7 late, CN4 on -> 4 of 7
    # looked after: LA1 on, LA2 late, LA3 on, LA4 late, LA5 on, LA6 on, LA7 late, LA10 on, LA11 late,
    #               LA12 on, CN5 on -> 7 of 11
    # CIN plan only: CN1 on, CN2 late, CN3 on, CN6 on, CN7 on -> 4 of 5
    assert (fig.numerator, fig.denominator) == (15, 23)
    assert fig.value == pytest.approx(100 * 15 / 23)
    records = world.records("seen_in_accordance_with_plan", "2024Q3")
    late = {world.cid(c) for c in ("CP2", "CP4", "CP7", "LA2", "LA4", "LA7", "LA11", "CN2")}
    assert {r for r, (numerator, _) in records.items() if not numerator} == late
    assert world.cid("CP6") not in records and world.cid("LA8") not in records and world.cid("LA9") not in records


def test_cin_visits_on_time(world):
    build_children_with_plans(world)
    fig = world.figure("cin_visits_on_time", "2024Q3")
    # on a CIN plan, not CP, not looked after: CN1 on, CN2 late, CN3 on, CN6 on, CN7 on
    # (CN4 is on a CP plan, CN5 looked after) -> 4 of 5
    assert (fig.numerator, fig.denominator) == (4, 5)
    assert fig.value == pytest.approx(80.0)


def build_open_cases(world):
    for child in ("S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "S9", "S10", "S11", "S12", "S13"):
        world.child(child)
    world.referral("S1", "2024-05-01"); supervision(world, "S1", "2025-02-17")      # 42 days: on time
    world.referral("S2", "2024-05-01"); supervision(world, "S2", "2025-02-16")      # 43 days: late
    world.referral("S3", "2025-03-31", nfa=True, closure="2025-03-31")              # NFA: not an open case
    world.referral("S4", "2025-03-01")                                               # opened 30 days ago: not yet due
    world.referral("S5", "2024-05-01", closure="2025-03-30")                        # closed: not counted
    world.referral("S6", "2024-09-01"); world.cp_plan("S6", "2024-10-01")           # CP
    supervision(world, "S6", "2025-03-20")                                           # on time
    world.referral("S7", "2024-06-01"); world.cp_plan("S7", "2025-03-10")           # CP plan new, case open since June
    world.episode("S8", "2025-03-25")                                                # looked after 6 days: not yet due
    world.episode("S9", "2024-01-01", "2025-03-01", reason_ceased="X1")              # in care since January 2024,
    world.episode("S9", "2025-03-01", rne="P")                                       # new placement in March: late
    world.episode("S10", "2024-01-01", legal_status="V4")                            # short breaks: not counted
    world.episode("S11", "2024-01-01", "2025-03-31", reason_ceased="E4A")           # ceased on the last day: out
    world.referral("S12", "2024-05-01"); supervision(world, "S12", "2025-04-01")    # after the end: late
    world.episode("S13", "2022-01-01", "2022-06-01", reason_ceased="E4A")           # an earlier period of care;
    world.episode("S13", "2025-03-20")                                               # back in care 11 days: not yet due


@pytest.mark.parametrize("indicator, expected", [
    # all open: S1 on, S2 late, S4 on, S6 on, S7 late, S8 on, S9 late, S12 late, S13 on -> 5 of 9
    ("supervision_on_time", (5, 9)),
    ("supervision_on_time_cin", (2, 4)),     # S1 on, S2 late, S4 on, S12 late
    ("supervision_on_time_cp", (1, 2)),      # S6 on, S7 late
    ("supervision_on_time_cla", (2, 3)),     # S8 on, S9 late, S13 on
])
def test_supervision_in_the_last_six_weeks(world, indicator, expected):
    build_open_cases(world)
    fig = world.figure(indicator, "2024-25")
    assert (fig.numerator, fig.denominator) == expected
    assert fig.value == pytest.approx(100 * expected[0] / expected[1])


def audit(world, child, day, grade, auditor="QA1"):
    cid = world.cid(child)
    world.put("case_audit", case_audit_id=join(cid, day, auditor), child_id=cid, audit_date=day, grade=grade,
              auditor=auditor)


def test_audits_good_or_better_by_team(world):
    world.team("T1", "North")
    world.team("T2", "South")
    world.worker("W1", "T1")
    world.worker("W2", "T2")
    for child in "ABCDE":
        world.child(child)
    world.allocation("A", "W1", "2024-01-01", "2024-09-30")
    world.allocation("A", "W2", "2024-10-01")
    world.allocation("B", "W2", "2024-01-01")
    audit(world, "A", "2024-04-01", "GOOD")                     # first day; held by W1 (T1)
    audit(world, "A", "2024-06-01", "GOOD", auditor="QA2")      # the same child again: counts again (T1)
    audit(world, "A", "2024-10-10", "REQUIRES_IMPROVEMENT")     # now held by W2 (T2)
    audit(world, "B", "2025-03-31", "OUTSTANDING")              # last day (T2)
    audit(world, "C", "2024-11-11", "INADEQUATE")               # not allocated
    audit(world, "D", "2024-03-31", "GOOD")                     # the day before: out
    audit(world, "E", "2024-12-12", None)                       # no grade: in neither
    fig = world.figure("audits_good_or_better", "2024-25")
    # good or better: A 1 Apr, A 1 Jun, B = 3; graded: those + A 10 Oct + C = 5
    assert (fig.numerator, fig.denominator) == (3, 5)
    assert fig.value == pytest.approx(60.0)
    teams = world.compute("audits_good_or_better", "2024-25", level="team")
    assert {k: (v.numerator, v.denominator) for k, v in teams.items()} == {
        "846/T1": (2, 2), "846/T2": (1, 2), "846/Not allocated": (0, 1)}


def test_no_audits_loaded_is_no_figure(world):
    world.child("A")
    fig = world.figure("audits_good_or_better", "2024-25")
    assert fig.value is None and fig.note == "no case_audit data loaded for this authority"
