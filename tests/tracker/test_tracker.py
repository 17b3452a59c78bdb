"""The tracker on a hand-built authority: each item's value worked out by hand, then rated by the rules.

As at Monday 31 March 2025. L1 (born 1 June 2021, so 3) came into care on 2 January 2025
(Thursday): no health assessment yet, so the initial one is due 20 working days later (January 3,
6-10, 13-17, 20-24 are 16, 27-30 the 17th to 20th: due Thursday 30 January), 60 days overdue (1 day
of January, 28 of February, 31 of March): red. L1 moved
placement twice since (RNE P on 1 February and 1 March): 2 moves, red. L2 (born 1 September 2014,
10), in care since 2020: health assessment 1 April 2024 at 9, next due 1 April 2025: 1 day left,
green; dental check 1 February 2024: 424 days ago, amber; OC2 at 31 March 2024 SDQ 15 (amber),
the year before 10, change +5 (red), immunisations up to date (green); missing twice in the last
12 months (amber; a third episode on 31 March 2024 is 12 months before the day, outside); 2024-25
attendance 89.9% (red), 1 suspension (amber), key stage 2 in 2024-25 met (green). C1 is on a child
protection plan, not looked after: not in the looked-after cohort.
"""
from __future__ import annotations

from datetime import date

import pytest

from carepath.errors import CarepathError
from carepath.tracker import tracker


def _setup(world):
    world.child("L1", dob="2021-06-01"), world.child("L2", dob="2014-09-01"), world.child("C1")
    world.team("T1", "Alpha"), world.worker("W1", "T1", "Ann")
    world.allocation("L2", "W1", "2020-01-01")
    world.episode("L1", "2025-01-02", "2025-02-01", rne="S", placement="U4", reason_ceased="X1")
    world.episode("L1", "2025-02-01", "2025-03-01", rne="P", placement="U5", reason_ceased="X1")
    world.episode("L1", "2025-03-01", None, rne="P", placement="U6")
    world.episode("L2", "2020-05-01", None, placement="U1")
    world.cp_plan("C1", "2025-01-10")
    cid = world.cid("L2")
    for kind, day in (("HEALTH_ASSESSMENT", "2024-04-01"), ("DENTAL_CHECK", "2024-02-01")):
        world.put("care_record", care_record_id=f"{cid}/{kind}/{day}", child_id=cid, kind=kind, record_date=day)
    for year, sdq in (("2023-03-31", 10), ("2024-03-31", 15)):
        world.put("cla_outcome", child_id=cid, year_ending=year, sdq_score=sdq, immunisations=True)
    for start in ("2024-03-31", "2024-06-01", "2025-01-05"):
        world.put("missing", missing_id=f"{cid}/{start}/M", child_id=cid, kind="M", start_date=start,
                  end_date=start)
    world.put("education", education_id=f"{cid}/2024-25", child_id=cid, academic_year="2024-25",
              attendance_percent=89.9, suspensions=1, permanent_exclusion=False, key_stage=2, ks2_expected=True)
    world.put("education", education_id=f"{cid}/2025-26", child_id=cid, academic_year="2025-26",
              attendance_percent=100.0, suspensions=0)   # starts 1 September 2025: after the day


def test_each_item_by_hand(world):
    _setup(world)
    board = tracker.compute(world.con, "looked_after", date(2025, 3, 31), "846")
    assert [c["child_id"] for c in board.children] == ["846/L1", "846/L2"]
    l2 = next(c for c in board.children if c["child_id"] == "846/L2")
    assert (l2["age"], l2["team_name"], l2["worker_name"]) == (10, "Alpha", "Ann")
    got = {(child.split("/")[1], item): (cell.value, cell.rag) for (child, item), cell in board.cells.items()}
    assert got[("L1", "health_assessment")] == (-60, "red")
    assert got[("L1", "placement_moves")] == (2, "red")
    assert got[("L1", "dental_check")] == (None, "amber")      # none recorded: the rules' none band
    assert got[("L1", "sdq_score")] == (None, None)
    assert got[("L2", "health_assessment")] == (1, "green")
    assert got[("L2", "dental_check")] == (424, "amber")
    assert got[("L2", "sdq_score")] == (15, "amber")
    assert got[("L2", "sdq_change")] == (5, "red")
    assert got[("L2", "immunisations")] == (True, "green")
    assert got[("L2", "placement_moves")] == (0, "green")
    assert got[("L2", "missing_episodes")] == (2, "amber")
    assert got[("L2", "attendance")] == (pytest.approx(89.9), "red")
    assert got[("L2", "suspensions")] == (1, "amber")
    assert got[("L2", "key_stage_2")] == (True, "green")
    assert got[("L2", "attainment_8")] == (None, None)
    assert board.not_loaded == {}   # every looked-after item's records are loaded (care leavers' are another cohort)


def test_items_whose_records_are_not_loaded_are_not_red(world):
    world.child("L1", dob="2021-06-01")
    world.episode("L1", "2025-01-02")
    board = tracker.compute(world.con, "looked_after", date(2025, 3, 31), "846")
    assert board.not_loaded["health_assessment"] == "not loaded: no health assessments loaded"
    assert board.not_loaded["attendance"] == "not loaded: no education records loaded"
    assert ("846/L1", "health_assessment") not in board.cells
    assert board.cells[("846/L1", "placement_moves")].rag == "green"


def test_a_cohort_without_its_records_is_a_message(world):
    world.child("L1")
    with pytest.raises(CarepathError, match="holds no CIN plans for LA 846"):
        tracker.compute(world.con, "child_in_need", date(2025, 3, 31), "846")
