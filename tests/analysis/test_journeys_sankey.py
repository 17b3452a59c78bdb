"""Sankey flows between chosen points, with disclosure control, on hand-built referrals."""
from datetime import date

import pytest

from carepath.analysis.journeys_cohort import Cohort
from carepath.analysis.journeys_sankey import Flows, SankeyError, proceedings_flows, referral_flows, sankey
from tests.indicators.world import World

PERIOD = Cohort(date(2024, 1, 1), date(2024, 6, 30))


@pytest.fixture
def world(store):
    return World(store)


def links(result) -> dict:
    return {(link["from"], link["to"]): link["shown"] for link in result["links"]}


def nodes(result) -> dict:
    return {(node["column"], node["label"]): node["shown"] for node in result["nodes"]}


def test_referral_to_the_furthest_step_within_six_months(world):
    for child in "ABCDE":
        world.child(child)
    a = world.referral("A", "2024-01-10", source="2A")           # assessment, then a CIN plan
    world.assessment(a, "2024-01-11", "2024-02-10")
    world.cin_plan(a, "2024-02-15")
    b = world.referral("B", "2024-01-10", source="6")            # S47, ICPC, CP plan after 2 months
    world.s47(b, "2024-01-12", icpc="2024-03-01")
    world.cp_plan("B", "2024-03-01", referral_id=b)
    world.referral("C", "2024-02-01", source="6", nfa=True)      # no further action
    d = world.referral("D", "2024-01-10", source="6")            # a CP plan after 8 months: too late
    world.assessment(d, "2024-01-12", "2024-02-01")
    world.cp_plan("D", "2024-09-10", referral_id=d)
    world.referral("E", "2024-01-05", source="1A", nfa=True)     # NFA, then re-referred with a S47
    e2 = world.referral("E", "2024-02-05", source="6")
    world.s47(e2, "2024-02-05")
    flows = referral_flows(world.con, PERIOD, ("source", "first_step", "furthest"), months=6)
    assert sorted(flows.paths) == sorted([
        ("Schools", "Assessment", "Child in need plan"),
        ("Police", "Strategy discussion", "Child protection plan"),
        ("Police", "No further action", "No further action"),
        ("Police", "Assessment", "Assessment"),                     # the CP plan came after 6 months
        ("Individual", "No further action", "No further action"),   # E's first: its window ends 4 Feb
        ("Police", "Strategy discussion", "Section 47 enquiry"),    # E's re-referral
    ])
    result = sankey(flows, may_see_children=True)
    assert result["total"] == 6
    assert nodes(result)[(0, "Police")] == 4
    assert links(result)[("Police", "Strategy discussion")] == 2
    assert links(result)[("Strategy discussion", "Child protection plan")] == 1


def test_where_the_child_is_at_the_end_and_a_referral_with_nothing_after_it(world):
    world.child("A")
    world.child("B")
    a = world.referral("A", "2024-01-10", closure="2024-03-01", reason="RC9")
    world.assessment(a, "2024-01-11", "2024-03-01")
    world.referral("B", "2024-06-20")                            # nothing yet
    flows = referral_flows(world.con, PERIOD, ("referral", "first_step", "at_end"), months=3)
    # A at 10 April (3 months on): the RC9 exit lasted 1-7 March: off the map; B at 20 Sept: off the map too
    assert sorted(flows.paths) == [("Referral", "Assessment", "Off the map"),
                                   ("Referral", "Nothing yet", "Off the map")]
    flows = referral_flows(world.con, PERIOD, ("referral", "furthest"), months=3)
    assert sorted(flows.paths) == [("Referral", "Early help"), ("Referral", "Referral only")]


def test_points_must_be_known():
    with pytest.raises(SankeyError, match="Choose two or more points"):
        referral_flows(None, PERIOD, ("referral", "outcome"))


def test_disclosure_suppresses_small_bands_and_what_would_give_them_away():
    # 10 referrals: 6 to an assessment, 4 to no further action
    flows = Flows(["referral", "first_step"], [("Referral", "Assessment")] * 6 + [("Referral", "NFA")] * 4)
    open_view = sankey(flows, may_see_children=True)
    assert links(open_view) == {("Referral", "Assessment"): 6, ("Referral", "NFA"): 4}
    closed = sankey(flows, may_see_children=False)
    # 4 is suppressed (1-4); the referral node (10) = 6 + 4 would give it away, so the 6 band goes too;
    # each first-step node equals its one band, so both nodes go; 10 = the total stays
    assert links(closed) == {("Referral", "Assessment"): "c", ("Referral", "NFA"): "c"}
    assert nodes(closed) == {(0, "Referral"): 10, (1, "Assessment"): "c", (1, "NFA"): "c"}
    assert closed["total"] == 10
    assert all(link["children"] is None for link in closed["links"])   # nothing to draw a width from


def test_disclosure_keeps_bands_of_five_or_more():
    flows = Flows(["referral", "first_step"], [("Referral", "Assessment")] * 7 + [("Referral", "NFA")] * 5)
    closed = sankey(flows, may_see_children=False)
    assert links(closed) == {("Referral", "Assessment"): 7, ("Referral", "NFA"): 5}
    assert closed["suppressed"] == 0


def test_legal_status_before_and_at_the_end_of_care_proceedings(world):
    for child in "ABCD":
        world.child(child)
    world.episode("A", "2024-01-01", "2024-03-09", legal_status="V2", reason_ceased="X1")   # s20, then ICO
    world.episode("A", "2024-03-10", "2024-09-30", legal_status="C1", reason_ceased="X1")
    world.episode("A", "2024-10-01", None, legal_status="C2")                              # care order
    world.cp_plan("B", "2023-11-01")                                                        # on a plan, then SGO
    for code, child, applied, final, order in (("P1", "A", "2024-03-10", "2024-10-01", "Care order"),
                                               ("P2", "B", "2024-02-01", "2024-08-01", "Special guardianship order"),
                                               ("P3", "C", "2024-05-01", None, None),
                                               ("P4", "D", "2024-05-01", "2024-06-01", None)):
        world.put("proceeding", proceeding_id=f"846/{code}", case_number=code, application_date=applied,
                  final_order_date=final, order_made=order)
        world.put("proceeding_link", proceeding_id=f"846/{code}", child_id=world.cid(child),
                  match_probability=0.5 if child == "D" else 0.99)                         # D: too unsure
    flows = proceedings_flows(world.con, PERIOD)
    assert sorted(flows.paths) == [
        ("Before: Child protection plan", "End: Not looked after: Special guardianship order"),
        ("Before: Not looked after", "End: Not concluded"),
        ("Before: V2 Single period of accommodation under s20", "End: C2 Full care order"),
    ]


def test_the_last_day_followed_month_ends_same_day_referrals_and_where_the_child_is_then(world):
    """The window and the at-end rule, worked by hand (PERIOD 1 Jan to 30 June 2024, 6 months).

    A: referred 10 Jan, CIN plan from 1 Feb (open); a contact on 9 July. Last day followed:
       10 Jan + 6 months = 10 July. On 10 July the contact (a point, 9 July) is over, so the
       child is back at the plan (a holding stage): at the end "Child in need plan".
    B: the same, but the contact is on 10 July itself: the latest step, going on that day:
       "Contact" (contacts are not counted as a step after the referral: furthest stays the plan).
    C: referred 31 March: 31 March + 6 months = 30 September (no 31st): a S47 on 30 September
       is followed ("Section 47 enquiry"); D: the same referral date, a S47 on 1 October is not
       ("Referral only"). The S47 has no ICPC and its referral no closure: it is still going on.
    E: two referrals on 1 February and a third on 1 March; a S47 on 5 March. Both 1 February
       referrals are followed to 29 February, the day before the next referral on a later day,
       so neither reaches the S47 ("Referral only" twice); the 1 March one does.
    """
    for child in "ABCDE":
        world.child(child)
    for child, contact in (("A", "2024-07-09"), ("B", "2024-07-10")):
        r = world.referral(child, "2024-01-10")
        world.cin_plan(r, "2024-02-01")
        world.put("contact", contact_id=f"{world.cid(child)}/{contact}", child_id=world.cid(child),
                  contact_date=contact)
    world.s47(world.referral("C", "2024-03-31"), "2024-09-30")
    world.s47(world.referral("D", "2024-03-31"), "2024-10-01")
    world.referral("E", "2024-02-01")
    world.put("referral", referral_id=f"{world.cid('E')}/2024-02-01/2", child_id=world.cid("E"),
              referral_date="2024-02-01", source="6", nfa=False)
    world.s47(world.referral("E", "2024-03-01"), "2024-03-05")
    flows = referral_flows(world.con, PERIOD, ("referral", "furthest", "at_end"), months=6)
    found = sorted(zip((c.rsplit("/", 1)[1] for c in flows.children), flows.paths))
    assert found == [
        ("A", ("Referral", "Child in need plan", "Child in need plan")),
        ("B", ("Referral", "Child in need plan", "Contact")),
        ("C", ("Referral", "Section 47 enquiry", "Section 47 enquiry")),  # no ICPC, no closure: still open
        ("D", ("Referral", "Referral only", "Off the map")),
        ("E", ("Referral", "Referral only", "Off the map")),
        ("E", ("Referral", "Referral only", "Off the map")),
        ("E", ("Referral", "Section 47 enquiry", "Section 47 enquiry")),
    ]
