"""Key practices: looked-after and child protection reviews, ICPCs, assessments.

Calendar facts (England and Wales bank holidays 25, 26 December 2024, 1 January 2025, 26 August 2024):
- 20 working days after Thursday 19 December 2024: 20, 23, 24, 27, 30, 31 December (6), 2, 3
  January (8), 6-10 (13), 13-17 (18), 20, 21 (20): due Tuesday 21 January 2025.
- 20 working days after Monday 6 January 2025: 7-10 (4), 13-17 (9), 20-24 (14), 27-31 (19),
  3 February (20): due Monday 3 February.
- 15 working days after Friday 20 December 2024: 23, 24, 27, 30, 31 (5), 2, 3 January (7), 6-10
  (12), 13, 14, 15 (15): due Wednesday 15 January 2025.
- 45 working days after Monday 2 September 2024: September 3-30 has 20, October 23 (43), 1
  November (44), 4 November (45): due Monday 4 November. From Sunday 1 September the count starts
  at the working day before it (Friday 30 August), so 2 September is the first: due Friday 1 November.
"""
from carepath.indicators.calendar import working_days
from tests.indicators.world import d


def test_cla_reviews_20_working_days_then_3_months_then_6(world, practices):
    assert working_days(d("2024-12-19"), d("2025-01-21")) == 20
    world.child("H"), world.child("I")
    world.episode("H", "2024-12-19", None)
    world.put("cla_review", child_id=world.cid("H"), review_date="2025-01-21")   # on the due day
    world.put("cla_review", child_id=world.cid("H"), review_date="2025-04-22")   # due 21 April (3 months;
    #                                     calendar months, so Easter Monday changes nothing): a day late
    #                                     the third is due 22 October 2025, after the as-at day
    world.episode("I", "2025-01-06", "2025-01-20", reason_ceased="E11")  # ceased before its review was due
    world.put("cla_review", child_id=world.cid("I"), review_date="2024-06-01")   # any review: loaded
    assert practices.occasions("cla_reviews", "2024-12-01", "2025-06-30") == [
        ("H", "2025-01-21", "2025-01-21", False), ("H", "2025-04-21", "2025-04-22", True)]


def test_cp_reviews_3_months_then_6_months_at_month_ends(world, practices):
    world.child("J"), world.child("K")
    j = world.cp_plan("J", "2024-08-31", "2025-03-01")   # first review due 30 November (November has 30 days)
    world.put("cp_review", cp_plan_id=j, child_id=world.cid("J"), review_date="2024-12-02")  # late
    #                                                     next due 2 June 2025, after the plan ended
    k = world.cp_plan("K", "2024-01-31")                  # due 30 April 2024, then 30 October, then 30 April 2025
    for day in ("2024-04-30", "2024-10-30"):
        world.put("cp_review", cp_plan_id=k, child_id=world.cid("K"), review_date=day)
    assert practices.occasions("cp_reviews", "2024-04-01", "2025-03-31") == [
        ("J", "2024-11-30", "2024-12-02", True),
        ("K", "2024-04-30", "2024-04-30", False), ("K", "2024-10-30", "2024-10-30", False)]


def test_icpc_within_15_working_days_of_the_strategy_discussion(world, practices):
    assert working_days(d("2024-12-20"), d("2025-01-15")) == 15
    for child in "LMNO":
        world.child(child)
    world.s47(world.referral("L", "2024-12-19"), "2024-12-20", icpc="2025-01-15")   # on the due day
    world.s47(world.referral("M", "2024-12-19"), "2024-12-20", icpc="2025-01-16")   # a day late
    world.s47(world.referral("N", "2024-12-19"), "2024-12-20", not_required=True)   # no conference needed
    world.s47(world.referral("O", "2024-12-19"), "2024-12-20")                      # none yet: a breach
    assert practices.occasions("icpc_timeliness", "2024-12-01", "2025-03-31") == [
        ("L", "2025-01-15", "2025-01-15", False), ("M", "2025-01-15", "2025-01-16", True),
        ("O", "2025-01-15", None, True)]


def test_assessments_within_45_working_days_from_a_weekday_and_a_sunday(world, practices):
    assert working_days(d("2024-09-02"), d("2024-11-04")) == 45
    for child in "PQR":
        world.child(child)
    world.assessment(world.referral("P", "2024-09-02"), "2024-09-02", authorised="2024-11-04")  # due day
    world.assessment(world.referral("Q", "2024-09-02"), "2024-09-02", authorised="2024-11-05")  # late
    world.assessment(world.referral("R", "2024-09-01"), "2024-09-01", authorised="2024-11-04")  # due Friday 1 Nov
    assert practices.occasions("assessment_timeliness", "2024-09-01", "2025-03-31") == [
        ("P", "2024-11-04", "2024-11-04", False), ("Q", "2024-11-04", "2024-11-05", True),
        ("R", "2024-11-01", "2024-11-04", True)]


def test_a_missing_table_is_not_measurable_for_that_practice_only(world, practices):
    world.child("P")
    world.assessment(world.referral("P", "2024-09-02"), "2024-09-02", authorised="2024-11-04")
    outcome = practices.run("cla_reviews", "2024-09-01", "2025-03-31")
    assert [s.note for s in outcome.statuses] == ["not measurable: no SSDA903 episodes and no looked-after reviews loaded"]
