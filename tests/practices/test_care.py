"""Key practices from care records: pathway plans, return interviews, health assessments, and
placements of under-16s in unregulated or unregistered settings."""
from carepath.indicators.calendar import working_days
from tests.indicators.world import d


def test_pathway_plans_for_eligible_young_people(world, practices):
    """Eligible: looked after on the 16th birthday and for at least 91 days since the 14th.
    J (born 10 May 2008) in care from 1 January 2024: 130 days to 10 May 2024: eligible, plan due
    10 August, made that day. K (born 1 June 2008) in care from 1 April 2024: 61 days: not
    eligible. L ceased care before 16: not eligible. M (born 15 April 2008), in care since October
    2023, no plan: due 15 July 2024, a breach. N (born 1 July 2008) in care from 1 April 2024:
    exactly 91 days (30 + 31 + 30): eligible, due 1 October, plan a day late."""
    for child, dob in (("J", "2008-05-10"), ("K", "2008-06-01"), ("L", "2008-03-01"), ("M", "2008-04-15"),
                       ("N", "2008-07-01")):
        world.child(child, dob=dob)
    world.episode("J", "2024-01-01")
    practices.record("J", "PATHWAY_PLAN", "2024-08-10")
    world.episode("K", "2024-04-01")
    world.episode("L", "2023-01-01", "2024-02-01", reason_ceased="E11")
    world.episode("M", "2023-10-01")
    world.episode("N", "2024-04-01")
    practices.record("N", "PATHWAY_PLAN", "2024-10-02")
    assert practices.occasions("pathway_plans", "2024-04-01", "2025-03-31") == [
        ("J", "2024-08-10", "2024-08-10", False), ("M", "2024-07-15", None, True),
        ("N", "2024-10-01", "2024-10-02", True)]


def test_return_interviews_within_72_hours(world, practices):
    world.child("S")
    cid = world.cid("S")
    for start, end, kind in (("2024-06-01", "2024-06-03", "M"), ("2024-07-01", "2024-07-02", "M"),
                             ("2024-08-01", "2024-08-01", "A"), ("2024-09-01", None, "M")):
        world.put("missing", missing_id=f"{cid}/{start}/{kind}", child_id=cid, kind=kind, start_date=start,
                  end_date=end)
    practices.record("S", "RETURN_INTERVIEW_OFFERED", "2024-06-06")   # 3 days after the return: in time
    practices.record("S", "RETURN_INTERVIEW_OFFERED", "2024-07-06")   # due 5 July: late
    #                                   the absence (A) and the episode still open are no occasions
    assert practices.occasions("return_interviews", "2024-04-01", "2025-03-31") == [
        ("S", "2024-06-06", "2024-06-06", False), ("S", "2024-07-05", "2024-07-06", True)]


def test_return_interviews_without_interview_records_are_not_measurable(world, practices):
    world.child("S")
    world.put("missing", missing_id="846/S/2024-06-01/M", child_id=world.cid("S"), kind="M",
              start_date="2024-06-01", end_date="2024-06-03")
    practices.record("S", "HEALTH_ASSESSMENT", "2024-06-06")
    [status] = practices.run("return_interviews", "2024-04-01", "2025-03-31").statuses
    assert status.note == "not measurable: no return interviews loaded"


def test_health_assessments_initial_then_6_months_under_5_and_12_from_5(world, practices):
    """P (born 1 March 2021) enters care Monday 3 June 2024: initial assessment due 20 working days
    later, Monday 1 July (June 4-7, 10-14, 17-21, 24-28 are 19, 1 July the 20th), made that day at
    age 3: the next due 6 months later, 1 January 2025; made 2 January, late. Q (born 1 September
    2019) is assessed on the day they enter care, 3 June 2024, at 4: that is the initial one, the
    next due 3 December (6 months), made that day at 5: the next is due a year later."""
    assert working_days(d("2024-06-03"), d("2024-07-01")) == 20
    world.child("P", dob="2021-03-01"), world.child("Q", dob="2019-09-01")
    world.episode("P", "2024-06-03")
    practices.record("P", "HEALTH_ASSESSMENT", "2024-07-01")
    practices.record("P", "HEALTH_ASSESSMENT", "2025-01-02")
    world.episode("Q", "2024-06-03")
    practices.record("Q", "HEALTH_ASSESSMENT", "2024-06-03")
    practices.record("Q", "HEALTH_ASSESSMENT", "2024-12-03")
    assert practices.occasions("health_assessments", "2024-04-01", "2025-03-31") == [
        ("P", "2024-07-01", "2024-07-01", False), ("P", "2025-01-01", "2025-01-02", True),
        ("Q", "2024-12-03", "2024-12-03", False)]


def test_under_16s_in_unregulated_or_unregistered_settings(world, practices):
    """R (15) placed semi-independent (H5): a breach. S (16 that day) in H5: none. T (14) in a
    children's home with URN XXXXXXX (not registered): a breach. U (14) in a registered home: none.
    V (14 on 9 September 2021) in H5 since June 2021: a breach on the day the ban came in."""
    for child, dob in (("R", "2009-01-01"), ("S", "2008-05-01"), ("T", "2010-01-01"), ("U", "2010-01-01"),
                       ("V", "2007-01-01")):
        world.child(child, dob=dob)
    world.episode("R", "2024-05-01", placement="H5")
    world.episode("S", "2024-05-01", placement="H5")
    world.episode("T", "2024-06-01", placement="K2", urn="XXXXXXX")
    world.episode("U", "2024-06-01", placement="K2", urn="SC123456")
    world.episode("V", "2021-06-01", placement="H5")
    assert practices.occasions("unregulated_under_16", "2021-04-01", "2025-03-31") == [
        ("R", "2024-05-01", None, True), ("T", "2024-06-01", None, True), ("V", "2021-09-09", None, True)]
