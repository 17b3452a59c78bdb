"""Kaplan-Meier curves from hand-built histories: steps, censoring at the end of the data, the 18th
birthday, and lifelines' confidence interval checked against the formula worked by hand."""
import math
from datetime import date

import pytest

from carepath.analysis.overtime import control, histories, survival
from carepath.analysis.overtime.survival import Curve
from carepath.errors import CarepathError


def returns(world, *years):
    """A load_batch row per return year: the end of the data is the last one's 31 March."""
    for i, year in enumerate(years, 1):
        world.con.execute("INSERT INTO load_batch (batch_id, la_code, file_name, format, return_year) "
                          "VALUES (?, ?, ?, 'cin-census-xml', ?)", [i, world.la, f"CIN_{year}.xml", year])


@pytest.fixture
def plans(world):
    """Six CP plans followed, returns 2023-24 and 2024-25: data from 1 April 2023 to 31 March 2025."""
    returns(world, "2023-24", "2024-25")
    for child in "ABCDEFG":
        world.child(child)
    world.cp_plan("A", "2023-05-01", "2023-08-09")   # 100 days, ended
    world.cp_plan("B", "2023-06-01", "2023-09-09")   # 100 days, ended
    world.cp_plan("C", "2023-06-01", "2023-12-18")   # 200 days, ended
    world.cp_plan("E", "2023-04-10", "2023-10-27")   # 200 days, ended
    world.cp_plan("D", "2024-06-04")                 # open: censored at 31 March 2025, 300 days
    world.cp_plan("F", "2024-07-24")                 # open: censored at 31 March 2025, 250 days
    world.cp_plan("G", "2022-12-01", "2023-05-01")   # began before the data: not followed (left truncation)
    return world


def test_the_end_of_the_data_is_the_last_return(plans):
    obs = histories.observation(plans.con, "846")
    assert (obs.data_start, obs.data_end) == (date(2023, 4, 1), date(2025, 3, 31))


def test_kaplan_meier_steps_and_censoring_worked_by_hand(plans):
    obs = histories.observation(plans.con, "846")
    frame = histories.spells(plans.con, "cp_plan_duration", obs)
    assert sorted(zip(frame["duration"], frame["event"])) == [(100, 1), (100, 1), (200, 1), (200, 1), (250, 0), (300, 0)]
    result = survival.curves(frame, "cp_plan_duration")
    (curve,) = result.curves
    # By hand: 6 at risk on day 100, 2 end: S = 4/6. 4 at risk on day 200, 2 end: S = 4/6 x 2/4 = 1/3.
    # Day 250 and 300: censored, S stays 1/3.
    assert [round(m * 30.4375) for m in curve.months] == [0, 100, 200, 250, 300]
    assert curve.at_risk == [6, 6, 4, 2, 1]
    assert curve.events == [0, 2, 2, 0, 0] and curve.censored == [0, 0, 0, 1, 1]
    assert curve.share == pytest.approx([1, 4 / 6, 1 / 3, 1 / 3, 1 / 3])
    # 95% CI at day 200, log(-log) with Greenwood's sum: sum d/(n(n-d)) = 2/(6x4) + 2/(4x2) = 1/3;
    # v = (1/3) / (ln 1/3)^2; interval S^exp(+-1.96 sqrt v) = (0.0461, 0.6756)
    v = (1 / 3) / math.log(1 / 3) ** 2
    low, high = (1 / 3) ** math.exp(1.959964 * math.sqrt(v)), (1 / 3) ** math.exp(-1.959964 * math.sqrt(v))
    assert (curve.lower[2], curve.upper[2]) == pytest.approx((low, high), abs=1e-4)
    assert round(low, 4) == 0.0461 and round(high, 4) == 0.6756
    (row,) = result.summary
    # the median: the first day S <= 1/2 is day 200 = 6.57 months; at 6 months (182.6 days) S = 4/6 with
    # the four plans of 200 days or more at risk; nobody is followed to 12 months (longest 300 days)
    assert row["median_months"] == pytest.approx(200 / 30.4375)
    assert row["share_6"] == pytest.approx(4 / 6) and row["at_risk_6"] == 4 and row["events_6"] == 2
    assert row["share_12"] is None and row["at_risk_12"] == 0
    assert (row["records"], row["events"]) == (6, 4)


def test_a_child_is_followed_to_the_day_before_18(world):
    returns(world, "2023-24", "2024-25")
    world.child("Y", dob="2007-01-15")
    world.referral("Y", "2024-06-01")                 # no later referral: censored on 14 January 2025
    world.child("Z", dob="2015-01-01")
    world.referral("Z", "2023-05-01")
    world.referral("Z", "2023-07-30")                 # 90 days later: an event; then censored at 31 March 2025
    frame = histories.spells(world.con, "re_referral", histories.observation(world.con, "846"))
    got = {(r.child_id[-1], str(r.start_date)): (r.duration, r.event, str(r.stop_date)) for r in frame.itertuples()}
    assert got == {("Y", "2024-06-01"): (227, 0, "2025-01-14"),
                   ("Z", "2023-05-01"): (90, 1, "2023-07-30"),
                   ("Z", "2023-07-30"): (610, 0, "2025-03-31")}


def test_leaving_care_and_return_to_care_from_episodes(world):
    returns(world, "2023-24", "2024-25")
    world.child("X", dob="2012-03-01")
    world.episode("X", "2023-05-01", "2023-11-01", reason_ceased="E4A")   # 184 days in care, home
    world.episode("X", "2024-02-01")                                      # back 92 days later, still in care
    obs = histories.observation(world.con, "846")
    leaving = histories.spells(world.con, "leaving_care", obs)
    assert sorted(zip(leaving["duration"], leaving["event"])) == [(184, 1), (424, 0)]
    back = histories.spells(world.con, "return_to_care", obs)
    assert list(zip(back["duration"], back["event"], back["reason"])) == [(92, 1, "Home")]
    assert back["age_band"][0] == "10 to 15" and back["placements"][0] == 1


def test_no_returns_loaded_is_a_clear_message(world):
    world.child("A")
    with pytest.raises(CarepathError, match="No CIN census or SSDA903 return"):
        histories.observation(world.con, "846")


def test_no_records_is_a_clear_message(world):
    returns(world, "2024-25")
    world.child("A")
    frame = histories.spells(world.con, "return_to_care", histories.observation(world.con, "846"))
    with pytest.raises(CarepathError, match="no records to follow"):
        survival.curves(frame, "return_to_care")


def test_controlled_curve_merges_steps_until_five_events_and_stops_below_five_at_risk():
    # at risk 20, 18, 15, 12, 9, 6, 4; events 2, 3, 1, 4, 2, 1
    curve = Curve("All", [0, 1, 2, 3, 4, 5, 6], [1, .9, .75, .7, .5, .4, .3], [1] * 7, [1] * 7,
                  [20, 20, 18, 15, 12, 9, 4], [0, 2, 3, 1, 4, 2, 1], [0, 0, 0, 2, 0, 1, 0], [0] * 7)
    shown = control.control_curve(curve, threshold=5)
    # steps 1-2 hold 2 + 3 = 5 events: shown at month 2 (S 0.75); steps 3-4 hold 1 + 4 = 5: shown at month 4;
    # step 5 holds 2 (under 5, never shown); month 6 has 4 at risk: the curve stops
    assert shown.months == [0, 2, 4] and shown.share == [1, .75, .5] and shown.events == [0, 5, 5]
    assert shown.censored == [None, None, None]


def test_return_to_care_by_care_proceedings(world):
    returns(world, "2023-24", "2024-25")
    for child in ("P", "Q"):
        world.child(child, dob="2012-03-01")
        world.episode(child, "2023-05-01", "2023-11-01", reason_ceased="E4A")
    obs = histories.observation(world.con, "846")
    frame = histories.spells(world.con, "return_to_care", obs)
    with pytest.raises(CarepathError, match="No care proceedings are linked"):
        survival.curves(frame, "return_to_care", "proceedings")
    # P's proceedings were applied for 1 March 2023: within 26 weeks (182 days) before care began on 1 May
    world.put("proceeding", proceeding_id="846/LC1", case_number="LC1", application_date="2023-03-01")
    world.put("proceeding_link", proceeding_id="846/LC1", child_id=world.cid("P"), match_probability=0.99)
    frame = histories.spells(world.con, "return_to_care", obs)
    assert dict(zip(frame["child_id"], frame["proceedings"])) == {"846/P": "Care proceedings",
                                                                  "846/Q": "No care proceedings"}
    assert [c.group for c in survival.curves(frame, "return_to_care", "proceedings").curves] == [
        "Care proceedings", "No care proceedings"]


def test_controlled_cox_rows_hide_ratios_on_a_few_children():
    rows = [{"factor": "Sex", "level": "Female", "reference": "Male", "hazard_ratio": 1.4, "lower": 0.9, "upper": 2.1,
             "p_value": 0.2, "records": 40, "returns": 3},
            {"factor": "Age at leaving (years)", "level": "per unit", "reference": "", "hazard_ratio": 1.1,
             "lower": 1.0, "upper": 1.2, "p_value": 0.04, "records": 80, "returns": 12}]
    shown = control.control_cox(rows)
    assert shown[0]["hazard_ratio"] == "c" and shown[0]["returns"] == "c"     # 3 returns among the girls
    assert shown[1] == rows[1]


def test_permanence_is_a_cumulative_incidence_with_competing_endings(world):
    returns(world, "2023-24", "2024-25")
    for child in "ABCD":
        world.child(child, dob="2020-01-01")
    world.episode("A", "2023-05-01", "2023-08-09", reason_ceased="E11")   # adopted after 100 days
    world.episode("B", "2023-05-01", "2023-06-20", reason_ceased="E4A")   # home after 50 days: competes
    world.episode("C", "2023-05-01", "2023-11-17", reason_ceased="E45")   # SGO after 200 days
    world.episode("D", "2024-06-04")                                      # still in care: censored, 300 days
    frame = histories.spells(world.con, "permanence", histories.observation(world.con, "846"))
    assert sorted(zip(frame["duration"], frame["kind"])) == [(50, 2), (100, 1), (200, 1), (300, 0)]
    (curve,) = survival.curves(frame, "permanence").curves
    # Aalen-Johansen by hand: day 50, B goes home: still in care 3/4. Day 100, 1 of the 3 at risk adopted:
    # F = 3/4 x 1/3 = 1/4, still in care 1/2. Day 200, 1 of 2: F = 1/4 + 1/2 x 1/2 = 1/2. (A Kaplan-Meier curve
    # treating B as censored would say 1 - 2/3 x 1/2 = 2/3: too high.)
    by_day = dict(zip([round(m * 30.4375) for m in curve.months], curve.share))
    assert by_day[50] == pytest.approx(0) and by_day[100] == pytest.approx(0.25)
    assert by_day[200] == pytest.approx(0.5) and by_day[300] == pytest.approx(0.5)
    assert curve.other_endings[1] == 1 and curve.events == [0, 0, 1, 1, 0]
