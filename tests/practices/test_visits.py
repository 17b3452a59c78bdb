"""Key practices: child protection visits every 10 working days, looked-after visits (regulation 28).

Calendar facts used below (England and Wales bank holidays 25, 26 December 2024 and 1 January 2025):
10 working days after Monday 16 December 2024 are 17, 18, 19, 20, 23, 24, 27, 30, 31 December and
2 January: due Thursday 2 January. After 2 January: 3, 6-10, 13-16 January: due Thursday 16
January. After Friday 17 January: 20-24, 27-31: due Friday 31 January. A plan starting on Saturday
14 December counts from Friday 13: 16-20, 23, 24, 27, 30, 31: due Tuesday 31 December. A visit on
Saturday 4 January counts from Friday 3: 6-10, 13-17: due Friday 17 January.
"""
from carepath.indicators.calendar import working_days
from tests.indicators.world import d


def test_cp_visits_due_dates_across_christmas_weekends_and_the_due_day(world, practices):
    assert working_days(d("2024-12-16"), d("2025-01-02")) == 10  # the hand-working above, checked
    for child in "ABCD":
        world.child(child)
    world.cp_plan("A", "2024-12-16")
    practices.visit("A", "2025-01-02", "CP")          # on the due day: in time
    practices.visit("A", "2025-01-10", "CP", seen=False)  # not seen: no visit
    practices.visit("A", "2025-01-13", "CIN")         # a CIN visit: does not count
    practices.visit("A", "2025-01-17", "CP")          # due 16 January: a day late
    #                                                   then due 31 January, the as-at day: none, a breach
    world.cp_plan("B", "2024-12-14", "2025-01-10")    # starts on a Saturday: due Tuesday 31 December
    practices.visit("B", "2024-12-31", "CP")          # in time; next due 15 January, after the plan ended
    world.cp_plan("C", "2024-12-16", "2024-12-20")    # ended before its first visit fell due: no occasion
    world.cp_plan("D", "2024-12-16", "2025-01-20")
    practices.visit("D", "2025-01-04", "CP")          # a Saturday, two days after the due 2 January: a breach
    practices.visit("D", "2025-01-17", "CP")          # 10 working days after (from Friday 3): in time
    #                                                   next due 31 January, after the plan ended: no occasion
    assert practices.occasions("cp_visits", "2024-12-01", "2025-01-31") == [
        ("A", "2025-01-02", "2025-01-02", False), ("A", "2025-01-16", "2025-01-17", True),
        ("A", "2025-01-31", None, True),
        ("B", "2024-12-31", "2024-12-31", False),
        ("D", "2025-01-02", "2025-01-04", True), ("D", "2025-01-17", "2025-01-17", False)]


def test_a_visit_after_the_as_at_day_is_not_known_then(world, practices):
    world.child("A")
    world.cp_plan("A", "2024-12-16")
    practices.visit("A", "2025-01-02", "CP")
    # as at 1 January the visit has not happened: the occasion due 2 January is not yet due either
    assert practices.occasions("cp_visits", "2024-12-01", "2025-01-01") == []
    # as at 2 January it is due and done
    assert practices.occasions("cp_visits", "2024-12-01", "2025-01-02") == [("A", "2025-01-02", "2025-01-02", False)]


def test_cp_visits_without_cp_visits_loaded_is_not_measurable_never_zero(world, practices):
    world.child("A")
    world.cp_plan("A", "2024-12-16")
    practices.visit("A", "2025-01-02", "CIN")
    outcome = practices.run("cp_visits", "2024-12-01", "2025-01-31")
    [status] = outcome.statuses
    assert not status.measurable and (status.due, status.breaches) == (None, None)
    assert status.note == "not measurable: no child protection visits loaded"


def test_the_breach_goes_to_whoever_held_the_case_on_the_due_date(world, practices):
    from carepath.practices import catalogue, engine
    world.child("A")
    world.team("T1"), world.team("T2")
    world.worker("W1", "T1"), world.worker("W2", "T2")
    world.allocation("A", "W1", "2024-01-01", "2025-01-16")   # ends on the first breach's due day: still holds it
    world.allocation("A", "W2", "2025-01-17")
    world.cp_plan("A", "2024-12-16")
    practices.visit("A", "2025-01-02", "CP")
    practices.visit("A", "2025-01-17", "CP")
    practices.run("cp_visits", "2024-12-01", "2025-01-31")
    table = engine.breaches(world.con, {p.id: p.title for p in catalogue.practices().values()})
    assert [(r["due_date"].isoformat(), r["days_late"], r["worker_id"], r["team_id"]) for r in table.to_pylist()] == [
        ("2025-01-16", 1, "846/W1", "846/T1"), ("2025-01-31", None, "846/W2", "846/T2")]


def test_cla_visits_a_child_who_moves_placement_twice_in_a_week(world, practices):
    """E moves on Wednesday 4 and Friday 6 September 2024. The first two placements end before
    their visits fall due (9 and 11 September): no occasions. The third's first visit is due a
    week after it started, 13 September, and made that day; then 42 days later, 25 October (made
    that day); then 6 December, and none by the as-at day: one breach."""
    world.child("E")
    world.episode("E", "2024-09-02", "2024-09-04", rne="S", placement="U4", reason_ceased="X1")
    world.episode("E", "2024-09-04", "2024-09-06", rne="P", placement="U5", reason_ceased="X1")
    world.episode("E", "2024-09-06", None, rne="P", placement="U6")
    practices.visit("E", "2024-09-05", "CLA")         # in the second placement: not the third's visit
    practices.visit("E", "2024-09-13", "CLA")
    practices.visit("E", "2024-10-25", "CLA")
    assert practices.occasions("cla_visits", "2024-09-01", "2024-12-31") == [
        ("E", "2024-09-13", "2024-09-13", False), ("E", "2024-10-25", "2024-10-25", False),
        ("E", "2024-12-06", None, True)]


def test_cla_visits_on_the_first_day_and_the_three_month_interval(world, practices):
    """F is seen on the placement's first day (2 September): that is the first visit, the next due
    42 days later, 14 October; seen on 15 October, a day late (a visit on 10 October where F was not
    seen does not count); the next would be due 26 November, after the placement ended on 20
    November. G's long-term foster placement (U4) started 2 January 2023: a visit on 1 February
    2024, more than 12 months in, makes the next due 3 months later, 1 May (made that day), then 1
    August (made 2 August: late), then 2 November (none: a breach). The window from 1 April 2024
    leaves out G's earlier occasions."""
    world.child("F"), world.child("G")
    world.episode("F", "2024-09-02", "2024-11-20", placement="U4", reason_ceased="E11")
    practices.visit("F", "2024-09-02", "CLA")
    practices.visit("F", "2024-10-10", "CLA", seen=False)
    practices.visit("F", "2024-10-15", "CLA")
    world.episode("G", "2023-01-02", None, placement="U4")
    for day in ("2024-02-01", "2024-05-01", "2024-08-02"):
        practices.visit("G", day, "CLA")
    assert practices.occasions("cla_visits", "2024-04-01", "2024-12-31") == [
        ("F", "2024-10-14", "2024-10-15", True),
        ("G", "2024-05-01", "2024-05-01", False), ("G", "2024-08-01", "2024-08-02", True),
        ("G", "2024-11-02", None, True)]
