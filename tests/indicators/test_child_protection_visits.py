"""Children on a child protection plan seen within the last 10 working days of the period.

The period 2024Q3 ends on Tuesday 31 December 2024; 25 and 26 December are bank holidays. Counting
back working days after the visit up to and including 31 December: from Friday 13 December they
are 16-20, 23, 24, 27, 30, 31 December = 10 (in time); from Thursday 12 December, 11 (late).
"""
import pytest

from carepath.indicators.calendar import working_days
from carepath.model.ids import join
from tests.indicators.world import d


def visit(world, child, day, kind="CP", seen=True):
    cid = world.cid(child)
    world.put("visit", visit_id=join(cid, day, kind), child_id=cid, visit_date=day, kind=kind, seen=seen)


def test_cp_visits_within_10_working_days_across_christmas(world):
    assert working_days(d("2024-12-13"), d("2024-12-31")) == 10
    assert working_days(d("2024-12-12"), d("2024-12-31")) == 11
    for child in "ABCDEFGH":
        world.child(child)
    a = world.cp_plan("A", "2024-06-01")
    visit(world, "A", "2024-12-13")                      # 10 working days before the end: on time
    b = world.cp_plan("B", "2024-06-01")
    visit(world, "B", "2024-12-12")                      # 11: late
    c = world.cp_plan("C", "2024-06-01")
    visit(world, "C", "2024-12-30", seen=False)          # visited but not seen: does not count
    visit(world, "C", "2024-12-20", kind="CIN")          # a CIN visit: does not count
    dd = world.cp_plan("D", "2024-06-01")
    visit(world, "D", "2024-12-20", seen=None)           # Annex A: seen unknown counts as seen
    e = world.cp_plan("E", "2024-12-13")                 # started 10 working days before the end: the first
    #                                                      visit is due on the last day, not yet overdue
    f = world.cp_plan("F", "2024-12-12")                 # started 11 working days before, never seen: late
    g = world.cp_plan("G", "2024-06-01")
    visit(world, "G", "2025-01-02")                      # after the period: does not count
    world.cp_plan("H", "2024-06-01", "2024-12-30")       # plan ended before the last day: not in the base
    visit(world, "H", "2024-12-20")
    fig = world.figure("cp_visits_on_time", "2024Q3")
    # base: A, B, C, D, E, F, G = 7; on time: A, D, E = 3
    assert (fig.numerator, fig.denominator) == (3, 7)
    assert fig.value == pytest.approx(300 / 7)
    assert world.records("cp_visits_on_time", "2024Q3") == {
        a: (1.0, 1.0), b: (0.0, 1.0), c: (0.0, 1.0), dd: (1.0, 1.0), e: (1.0, 1.0), f: (0.0, 1.0), g: (0.0, 1.0)}


def test_cp_visits_without_visits_loaded_is_no_figure(world):
    world.child("A")
    world.cp_plan("A", "2024-06-01")
    fig = world.figure("cp_visits_on_time", "2024Q3")
    assert fig.value is None
    assert fig.note == "no visit data loaded for this authority"
