"""The leaving-care curve with and without proceedings, worked by hand."""
from __future__ import annotations

from datetime import date

from carepath.analysis.proceedings.leaving_care import periods, still_in_care_at


def test_periods_and_the_share_still_in_care_at_50_weeks(world):
    # P: two episodes back to back (one period, 1 Jan to 11 April 2023 = 100 days), proceedings under way.
    # Q: open since 1 January 2023 with proceedings; the data's last day is 31 December 2023: 364 days, censored.
    # R and S: no proceedings, leave after 200 and 300 days. T: a short break (V3), not care.
    world.child("P"), world.child("Q"), world.child("R"), world.child("S"), world.child("T")
    world.episode("P", "2023-01-01", "2023-02-01", legal_status="V2")
    world.episode("P", "2023-02-01", "2023-04-11", legal_status="C1")
    world.episode("Q", "2023-01-01", None, legal_status="C1")
    world.episode("R", "2023-01-01", "2023-07-20", legal_status="V2")   # 200 days
    world.episode("S", "2023-01-01", "2023-10-28", legal_status="V2")   # 300 days
    world.episode("T", "2023-06-01", "2023-12-31", legal_status="V3")   # sets the data's last day
    for case, child in (("A", "P"), ("B", "Q")):
        world.put("proceeding", proceeding_id=f"846/{case}", case_number=case, application_date=date(2023, 1, 20))
        world.put("proceeding_link", proceeding_id=f"846/{case}", child_id=world.cid(child), method="deterministic",
                  match_probability=1.0)
    frame = periods(world.con)
    got = {r.child_id[-1]: (r.duration, r.left, r.group) for r in frame.itertuples()}
    assert got == {"P": (100, True, "With proceedings"), "Q": (364, False, "With proceedings"),
                   "R": (200, True, "Without proceedings"), "S": (300, True, "Without proceedings")}
    # With: day 100, 2 at risk, 1 leaves: S = 0.5, and Q is still followed at 350 days (364). Without: both
    # have left by day 300: S = 0 at 350 days (50 weeks).
    assert still_in_care_at(frame, 50) == {"With proceedings": 0.5, "Without proceedings": 0.0}
