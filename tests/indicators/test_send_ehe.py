"""Elective home education and EHC needs assessments (RIIA 221-224), from hand-built extract rows.

Some of these children are known only to the SEND or EHE extract (no child row): they count.
The authority itself must hold at least one child for the engine to report on it.
"""
import pytest

from carepath.model.ids import join


def ehe(world, child, start, end=None):
    cid = world.cid(child)
    world.put("ehe", ehe_id=join(cid, start), child_id=cid, start_date=start, end_date=end)


def send_request(world, child, requested, decision=None, assessed=None, issued=None):
    cid = world.cid(child)
    world.put("send_request", send_request_id=join(cid, requested), child_id=cid, request_date=requested,
              decision=decision, assessment_completed_date=assessed, ehcp_issued_date=issued)


def test_children_electively_home_educated_at_the_end(world):
    world.child("A")                                   # known to social care; the rest only to the EHE extract
    ehe(world, "A", "2023-09-01")                      # open: counted
    ehe(world, "B", "2024-01-10", "2025-03-31")        # ends on the last day: counted
    ehe(world, "C", "2024-01-10", "2025-03-30")        # ended the day before: not
    ehe(world, "D", "2025-03-31")                      # starts on the last day: counted
    ehe(world, "E", "2025-04-01")                      # starts after: not
    ehe(world, "F", "2023-01-01")                      # two overlapping records: counted once
    ehe(world, "F", "2024-06-01")
    world.population(2024, 40_000)
    fig = world.figure("ehe_at_end", "2024-25")
    # A, B, D, F = 4 children; 4 / 40,000 x 10,000 = 1.0
    assert fig.numerator == 4
    assert fig.value == pytest.approx(1.0)
    assert set(world.records("ehe_at_end", "2024-25")) == {world.cid(c) for c in "ABDF"}


def build_send_requests(world):
    world.child("A")
    send_request(world, "A", "2024-04-01", "assess", assessed="2024-08-01", issued="2024-08-19")
    send_request(world, "B", "2024-06-15", "refuse")                                     # refused: still a request
    send_request(world, "C", "2024-03-31", "assess", assessed="2024-07-20", issued="2025-04-01")
    send_request(world, "D", "2025-03-31", "assess")                                     # last day; not assessed yet
    send_request(world, "A", "2025-01-10", "assess", assessed="2025-03-31", issued="2025-03-31")  # A again
    send_request(world, "E", "2024-02-01", "assess", assessed="2024-03-31", issued="2024-04-01")
    world.population(2024, 20_000)


@pytest.mark.parametrize("indicator, expected", [
    # requested 1 Apr 2024 - 31 Mar 2025: A (1 Apr), B, D (31 Mar), A (10 Jan) = 4; C and E were before
    ("ehc_requests", 4),
    # completed in the period: A (1 Aug), C (20 Jul, requested the year before), A (31 Mar) = 3; E on 31 Mar 2024: no
    ("ehc_assessments", 3),
    # issued in the period: A (19 Aug), A (31 Mar 2025), E (1 Apr 2024) = 3; C on 1 Apr 2025: no
    ("ehc_plans_issued", 3),
])
def test_ehc_requests_assessments_and_plans(world, indicator, expected):
    build_send_requests(world)
    fig = world.figure(indicator, "2024-25")
    assert fig.numerator == expected
    assert fig.denominator == 20_000
    assert fig.value == pytest.approx(expected / 20_000 * 10_000)


def test_no_send_data_is_no_figure(world):
    world.child("A")
    ehe(world, "A", "2023-09-01")
    fig = world.figure("ehc_requests", "2024-25")
    assert fig.value is None and fig.note == "no send_request data loaded for this authority"
