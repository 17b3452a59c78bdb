"""Supervision orders: return to court, worked by hand (carepath.analysis.proceedings.orders)."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from carepath.analysis.proceedings import orders

D = date


def test_a_return_exactly_five_years_later_counts_and_a_day_later_does_not():
    final = D(2020, 1, 15)
    assert orders.returned(final, D(2025, 1, 15), D(2026, 1, 1)) == {"duration": 1827, "returned": True}
    # 15 January 2020 to 15 January 2025: 5 x 365 + 2 leap days (2020-02-29, 2024-02-29) = 1827
    assert orders.returned(final, D(2025, 1, 16), D(2026, 1, 1)) == {"duration": 1827, "returned": False}
    # the legal file ends on 1 January 2022: followed 352 days to 1 January 2021 (2020 is a leap year), + 365
    assert orders.returned(final, None, D(2022, 1, 1)) == {"duration": 717, "returned": False}


def test_kaplan_meier_share_returned_and_numbers_at_risk():
    # SO: returns on days 100 and 300, followed without return to days 200 and 400.
    # KM: day 100: 4 at risk, 1 return: S = 3/4; day 200 censored; day 300: 2 at risk, 1 return:
    # S = 3/4 x 1/2 = 3/8, so 5/8 = 0.625 returned by day 300 and at one year.
    frame = pd.DataFrame({"group": ["SO"] * 4, "duration": [100, 200, 300, 400],
                          "returned": [True, False, True, False]})
    timeline, at_risk = orders.curves(frame, years=2)
    by_day = dict(zip(timeline.day, timeline.returned_share))
    assert (by_day[100], by_day[300]) == (0.25, 0.625)
    assert at_risk.to_dict("records") == [
        {"group": "SO", "year": 0, "at_risk": 4, "returned_share": 0.0},
        {"group": "SO", "year": 1, "at_risk": 1, "returned_share": 0.625},   # only the 400-day child reaches day 365
        {"group": "SO", "year": 2, "at_risk": 0, "returned_share": 0.625}]
    pace = orders.pace(frame, years=2)
    assert pace[["year_after_order", "at_start", "returned", "rate"]].values.tolist() == [
        [1, 4, 2, 0.5], [2, 1, 0, 0.0]]


@pytest.fixture
def courts(world):
    # S1: SO on 1 March 2021, back to court 1 June 2022. S2: SO + CAO, no return. H1: care order, placed with
    # parents (P1) on the order day: "care order at home". F1: care order in foster care (U4): not in any group.
    for child in ("S1", "S2", "H1", "F1"):
        world.child(child)
    world.episode("H1", "2021-01-10", "2021-03-01", legal_status="C1", placement="U4")
    world.episode("H1", "2021-03-01", None, legal_status="C2", placement="P1")
    world.episode("F1", "2021-01-10", "2021-03-01", legal_status="C1", placement="U4")
    world.episode("F1", "2021-03-01", None, legal_status="C2", placement="U4")
    for case, child, applied, final, made in (
            ("A", "S1", D(2020, 11, 1), D(2021, 3, 1), "Supervision order"),
            ("B", "S1", D(2022, 6, 1), D(2022, 12, 1), "Care order"),
            ("C", "S2", D(2020, 11, 1), D(2021, 3, 1), "Supervision order and child arrangements order"),
            ("E", "H1", D(2021, 1, 5), D(2021, 3, 1), "Care order"),
            ("F", "F1", D(2021, 1, 5), D(2021, 3, 1), "Care order")):
        world.put("proceeding", proceeding_id=f"846/{case}", case_number=case, application_date=applied,
                  final_order_date=final, order_made=made)
        world.put("proceeding_link", proceeding_id=f"846/{case}", child_id=world.cid(child), method="deterministic",
                  match_probability=1.0)
    return world


def test_follow_up_groups_the_orders_and_finds_the_return(courts):
    frame = orders.follow_up(courts.con)
    got = {r.proceeding_id.split("/")[1]: (r.group, r.duration, r.returned) for r in frame.itertuples()}
    # the legal file's last day: 1 December 2022 (B's final order). A: 1 March 2021 to 1 June 2022 = 457 days.
    # C and E: followed to 1 December 2022 = 640 days. B: a care order in foster care? S1 has no episode: at home.
    assert got == {"A": ("SO", 457, True), "C": ("SO + CAO", 640, False), "E": ("Care order at home", 640, False),
                   "B": ("Care order at home", 0, False)}


def test_use_by_year_and_the_funnel_needs_three_areas(courts):
    use = orders.use_by_year(courts.con)
    assert use.values.tolist() == [[2021, "Care order", 2], [2021, "SO", 1], [2021, "SO + CAO", 1],
                                   [2022, "Care order", 1]]
    with pytest.raises(ValueError, match="at least three"):
        orders.area_funnel(courts.con)
