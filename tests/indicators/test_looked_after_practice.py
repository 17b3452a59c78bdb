"""Looked-after children's social workers, statutory visits and missing episodes.

Every expected figure is worked out by hand in the comments. The period is 2024-25, ending on
Monday 31 March 2025: 42 days before it is 17 February 2025, 3 months before it 31 December 2024,
and the 12-month window for social workers is 1 April 2024 to 31 March 2025.
"""
import pytest

from carepath.model.ids import join


def visit(world, child, day, kind="CLA", seen=True):
    cid = world.cid(child)
    world.put("visit", visit_id=join(cid, day, kind), child_id=cid, visit_date=day, kind=kind, seen=seen)


def social_worker(world, child, sw_id, start, end=None):
    cid = world.cid(child)
    world.put("sw_episode", sw_episode_id=join(cid, sw_id, start), child_id=cid, sw_id=sw_id,
              start_date=start, end_date=end)


def missing(world, child, start, kind="M", end=None):
    cid = world.cid(child)
    world.put("missing", missing_id=join(cid, start, kind), child_id=cid, kind=kind, start_date=start, end_date=end)


def test_three_or_more_social_workers_in_the_12_months(world):
    for child in "ABCDE":
        world.child(child)
        world.episode(child, "2023-01-01")                         # looked after all year, and at the end
    world.child("F")
    world.episode("F", "2023-01-01", "2025-03-01", reason_ceased="E4A")   # ceased before the end
    world.child("G")
    world.episode("G", "2024-06-01")                               # came into care in June 2024
    social_worker(world, "A", "SW1", "2023-01-01", "2024-04-01")   # ends on the window's first day: counts
    social_worker(world, "A", "SW2", "2024-04-01", "2024-09-01")
    social_worker(world, "A", "SW3", "2024-09-01")                 # A: 3
    social_worker(world, "B", "SW1", "2023-01-01", "2024-03-31")   # ended the day before the window
    social_worker(world, "B", "SW2", "2024-04-01", "2024-09-01")
    social_worker(world, "B", "SW3", "2024-09-01")                 # B: 2
    social_worker(world, "C", "SW1", "2024-04-01", "2024-06-01")
    social_worker(world, "C", "SW2", "2024-06-01", "2024-08-01")
    social_worker(world, "C", "SW1", "2024-08-01")                 # the same worker again: C: 2
    social_worker(world, "D", "SW1", "2024-04-01", "2024-09-01")
    social_worker(world, "D", "SW2", "2024-09-01")
    social_worker(world, "D", "SW3", "2025-04-01")                 # starts after the period: D: 2
    # E has no social worker episodes: in the base with 0
    for number, start in enumerate(("2024-04-01", "2024-06-01", "2024-08-01")):
        social_worker(world, "F", f"SW{number}", start)            # F ceased before the end: not in the base
    social_worker(world, "G", "SW9", "2024-04-10", "2024-05-01")   # before G came into care: counts
    social_worker(world, "G", "SW8", "2024-05-01", "2024-08-01")
    social_worker(world, "G", "SW7", "2024-08-01")                 # G: 3
    fig = world.figure("cla_3plus_social_workers", "2024-25")
    # base: A, B, C, D, E, G = 6; three or more: A, G = 2
    assert (fig.numerator, fig.denominator) == (2, 6)
    assert fig.value == pytest.approx(100 / 3)


def test_social_workers_not_loaded_is_no_figure(world):
    world.child("A")
    world.episode("A", "2023-01-01")
    fig = world.figure("cla_3plus_social_workers", "2024-25")
    assert fig.value is None and fig.note == "no sw_episode data loaded for this authority"


def test_visits_within_the_regulation_interval(world):
    for child in "ABCDEFGHIJKLMN":
        world.child(child)
    world.episode("A", "2024-01-01", placement="U6")
    visit(world, "A", "2025-02-17")                        # 42 days before the end: on time
    world.episode("B", "2024-01-01", placement="U6")
    visit(world, "B", "2025-02-16")                        # 43 days: late
    world.episode("C", "2023-01-01", placement="U4")       # long-term foster placement for over a year:
    visit(world, "C", "2025-01-05")                        # 3 months (from 31 December 2024): on time
    world.episode("D", "2024-06-01", placement="U4")       # long-term but less than a year: 6 weeks,
    visit(world, "D", "2025-01-05")                        # so late
    world.episode("E", "2025-03-26", placement="U6")       # placed 5 days before the end, not yet visited:
    #                                                        the first visit is not yet due -> on time
    world.episode("F", "2024-01-01", "2025-03-20", placement="U6", reason_ceased="X1")
    world.episode("F", "2025-03-20", rne="P", placement="U6")   # new carers 11 days before the end and
    visit(world, "F", "2025-03-01")                        # not seen since (seen at the old placement): late
    world.episode("G", "2024-01-01", "2025-03-25", placement="U6", reason_ceased="X1")
    world.episode("G", "2025-03-25", rne="T", placement="U4")   # same carers (RNE T): the placement goes on,
    visit(world, "G", "2025-03-01")                        # seen 30 days ago: on time
    world.episode("H", "2024-01-01", placement="U6")
    visit(world, "H", "2025-03-30", seen=False)            # not seen
    visit(world, "H", "2025-01-01")                        # last seen 1 January: late
    world.episode("I", "2024-01-01", placement="U6")
    visit(world, "I", "2025-03-30", kind="CP")             # not a looked-after visit: late
    world.episode("J", "2024-01-01", placement="U6")
    visit(world, "J", "2025-03-10", seen=None)             # Annex A: seen unknown counts: on time
    world.episode("K", "2023-06-01", placement="P1")       # placed with parents for over a year: 3 months,
    visit(world, "K", "2025-01-10")                        # on time
    world.episode("L", "2023-01-01", "2025-03-20", placement="U4", reason_ceased="X1")
    world.episode("L", "2025-03-20", rne="P", placement="T2")   # on holiday at the end: the usual long-term
    visit(world, "L", "2025-01-02")                        # placement's 3 months apply: on time
    world.episode("M", "2025-03-24", placement="U6")       # placed 7 days before the end: first visit due
    #                                                        on the last day, not yet overdue -> on time
    world.episode("N", "2024-01-01", "2025-03-23", placement="U6", reason_ceased="X1")
    world.episode("N", "2025-03-23", rne="B", placement="K2", legal_status="C1")   # new home 8 days before,
    visit(world, "N", "2025-03-15")                        # seen only before the move: late
    fig = world.figure("cla_visits_on_time", "2024-25")
    # base: A-N = 14; on time: A, C, E, G, J, K, L, M = 8
    assert (fig.numerator, fig.denominator) == (8, 14)
    assert fig.value == pytest.approx(800 / 14)
    on_time = {k.split("/")[1] for k, (n, _) in world.records("cla_visits_on_time", "2024-25").items() if n}
    assert on_time == {"A", "C", "E", "G", "J", "K", "L", "M"}


def test_missing_or_away_in_the_period(world):
    for child in "ABCDF":
        world.child(child)
    world.episode("A", "2024-01-01")
    missing(world, "A", "2024-06-01")                      # missing in the year
    world.episode("B", "2024-01-01")
    missing(world, "B", "2025-03-31", kind="A")            # away on the last day
    world.episode("C", "2024-01-01")
    missing(world, "C", "2024-03-31")                      # the day before the year: not
    world.episode("D", "2024-01-01", "2024-04-01", reason_ceased="E4A")   # ceased on the first day: in the base
    world.episode("F", "2024-01-01", legal_status="V4")    # short breaks only: not in the base
    missing(world, "F", "2024-06-01")
    fig = world.figure("cla_missing", "2024-25")
    # base: A, B, C, D = 4; missing or away in the year: A, B = 2 -> 50%
    assert (fig.numerator, fig.denominator) == (2, 4)
    assert fig.value == pytest.approx(50.0)


def test_missing_not_loaded_is_no_figure(world):
    world.child("A")
    world.episode("A", "2024-01-01")
    fig = world.figure("cla_missing", "2024-25")
    assert fig.value is None and fig.note == "no missing data loaded for this authority"
