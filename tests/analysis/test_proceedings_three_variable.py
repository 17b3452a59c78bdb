"""The three-variable method at its boundaries, worked by hand (carepath.analysis.proceedings.three_variable)."""
from __future__ import annotations

from datetime import date

from carepath.analysis.journeys_sankey import sankey
from carepath.analysis.proceedings.three_variable import Episode, cases, derive, journeys, order_kind, summary

D = date
DATA_END = D(2025, 3, 31)


def test_an_interim_care_order_made_on_the_day_of_application_and_a_care_order_on_the_final_day():
    episodes = [Episode(D(2024, 1, 10), D(2024, 7, 1), "C1"), Episode(D(2024, 7, 1), None, "C2")]
    got = derive(D(2024, 1, 10), D(2024, 7, 1), "Care order", episodes, D(2025, 8, 1))
    assert got["before"] == "Not looked after"           # 9 January: no episode yet
    assert got["at_application"] == "Interim care order"  # the ICO starts on the application day
    assert got["during"] == "Interim care order"          # every day from 10 January to 30 June
    assert got["final_order"] == "Care order"
    assert got["status_at_final_order"] == "Care order"   # C1 ends on 1 July, C2 is in force that day
    assert got["after_12_months"] == "Care order"         # 1 July 2025, within the data (to 1 August 2025)
    # 10 January to 30 June 2024: 22 + 29 (leap year) + 31 + 30 + 31 + 30 = 173 days
    assert got["days_in_care_during"] == 173
    assert (got["looked_after_before"], got["looked_after_during"], got["looked_after_after"]) == (False, True, True)


def test_a_legal_status_change_on_the_order_date_belongs_to_the_order():
    episodes = [Episode(D(2023, 12, 1), D(2024, 3, 15), "V2"), Episode(D(2024, 3, 15), None, "C2")]
    got = derive(D(2023, 12, 20), D(2024, 3, 15), "Care order", episodes, DATA_END)
    assert (got["before"], got["at_application"], got["status_at_final_order"]) == ("S20", "S20", "Care order")
    # 20 December 2023 to 14 March 2024: 12 + 31 + 29 + 14 = 86 days
    assert got["days_in_care_during"] == 86
    assert got["during"] == "S20"                        # all 86 days under S20; the care order starts on the 15th
    assert got["looked_after_before"] and got["looked_after_during"] and got["looked_after_after"]
    assert got["after_12_months"] == "Care order"        # 15 March 2025 is within the data (to 31 March 2025)


def test_twelve_months_after_is_known_only_within_the_data():
    episodes = [Episode(D(2023, 12, 1), D(2024, 3, 15), "V2"), Episode(D(2024, 3, 15), None, "C2")]
    assert derive(D(2023, 12, 20), D(2024, 3, 15), "Care order", episodes, D(2025, 3, 15))["after_12_months"] \
        == "Care order"                                  # 15 March 2025 is the data's last day: known
    assert derive(D(2023, 12, 20), D(2024, 3, 15), "Care order", episodes, D(2025, 3, 14))["after_12_months"] \
        == "Not yet known"


def test_a_child_never_looked_after_and_29_february_plus_12_months():
    got = derive(D(2023, 9, 1), D(2024, 2, 29), "Supervision order", [], DATA_END)
    assert (got["before"], got["at_application"], got["final_order"]) == ("Not looked after",) * 2 + ("SO",)
    assert got["after_12_months"] == "Not looked after"  # 28 February 2025
    assert got["days_in_care_during"] == 0
    assert not (got["looked_after_before"] or got["looked_after_during"] or got["looked_after_after"])


def test_a_child_who_leaves_care_on_the_final_order_day_is_not_looked_after_after():
    episodes = [Episode(D(2023, 5, 1), D(2023, 11, 1), "C1")]
    got = derive(D(2023, 5, 1), D(2023, 11, 1), "Special guardianship order", episodes, DATA_END)
    assert (got["final_order"], got["status_at_final_order"]) == ("SGO", "Not looked after")
    assert got["days_in_care_during"] == 184            # 1 May to 31 October: 31+30+31+31+30+31
    assert got["looked_after_during"] and not got["looked_after_after"]


def test_the_status_during_is_the_one_of_most_days():
    # application 1 March, final 1 July 2024: 1 March to 30 June is 122 days. Not looked after 1-10 March (10),
    # S20 11 March to 9 April (30), ICO 10 April to 30 June (82): the ICO.
    episodes = [Episode(D(2024, 3, 11), D(2024, 4, 10), "V2"), Episode(D(2024, 4, 10), None, "C1")]
    got = derive(D(2024, 3, 1), D(2024, 7, 1), "Care order", episodes, DATA_END)
    assert (got["at_application"], got["during"], got["days_in_care_during"]) == (
        "Not looked after", "Interim care order", 112)


def test_short_breaks_are_not_care_and_unconcluded_cases_have_no_final_order():
    got = derive(D(2024, 5, 1), None, None, [Episode(D(2024, 1, 1), None, "V3")], DATA_END)
    assert (got["before"], got["final_order"], got["after_12_months"]) == ("Not looked after", "Not concluded",
                                                                            "Not yet known")


def test_orders_made_together_are_grouped():
    assert order_kind("Supervision order and child arrangements order") == "SO + CAO"
    assert order_kind("SO + SGO") == "SO + SGO"
    assert order_kind("Care order and placement order") == "Placement order"
    assert order_kind("Withdrawn") == "No order"
    assert order_kind("Interim care order") == "Other"
    # the ways legal trackers write two orders made together
    for written in ("SO & CAO", "SO/CAO", "CAO and SO", "12 month SO + CAO", "so+cao"):
        assert order_kind(written) == "SO + CAO", written
    assert order_kind("SGO & SO") == "SO + SGO"
    assert order_kind("Social work support only, no order") == "No order"  # "so" inside a word is not an SO


def test_linked_cases_in_the_store_and_their_sankey_flows(world):
    # A: ICO on application, care order: Not looked after -> ICO -> Care order -> Care order
    # B: same journey. C: never looked after, SO: Not looked after -> Not looked after -> SO -> Not looked after
    for child in ("A", "B", "C"):
        world.child(child)
    world.episode("A", "2023-01-10", "2023-06-01", legal_status="C1")
    world.episode("A", "2023-06-01", None, legal_status="C2")
    world.episode("B", "2023-02-01", "2023-08-01", legal_status="C1")
    world.episode("B", "2023-08-01", "2025-03-31", legal_status="C2", reason_ceased="E41")
    for case, child, applied, final, made in (("P1", "A", D(2023, 1, 10), D(2023, 6, 1), "Care order"),
                                              ("P2", "B", D(2023, 2, 1), D(2023, 8, 1), "Care order"),
                                              ("P3", "C", D(2023, 3, 1), D(2023, 9, 1), "Supervision order")):
        world.put("proceeding", proceeding_id=f"846/{case}", case_number=case, application_date=applied,
                  final_order_date=final, order_made=made)
        world.put("proceeding_link", proceeding_id=f"846/{case}", child_id=world.cid(child), method="deterministic",
                  match_probability=1.0)
    frame = cases(world.con)
    assert list(frame.final_order) == ["Care order", "Care order", "SO"]
    assert list(frame.never_looked_after) == [False, False, True]
    flows = sankey(journeys(frame), may_see_children=True)
    bands = {(flows["columns"][flows["nodes"][link["source"]]["column"]], link["from"], link["to"]): link["children"]
             for link in flows["links"]}
    assert bands == {("Before", "Not looked after", "Interim care order"): 2,
                     ("Before", "Not looked after", "Not looked after"): 1,
                     ("At application", "Interim care order", "Care order"): 2,
                     ("At application", "Not looked after", "SO"): 1,
                     # A on 1 June 2024 and B on 1 August 2024 are both still under their care orders
                     # (B's ends on 31 March 2025, the data's last day, which makes both days known)
                     ("Final order", "Care order", "Care order"): 2,
                     ("Final order", "SO", "Not looked after"): 1}
    table = summary(frame)
    assert table.to_dict("records")[0] | {} == {"application_year": 2023, "proceedings": 3, "looked_after_before": 0,
                                                "looked_after_during": 2, "looked_after_after": 2,
                                                "never_looked_after": 1, "median_days_in_care_during": 142.0}
    # days in care during: A 10 January to 31 May 2023 = 22+28+31+30+31 = 142; B 1 February to
    # 31 July = 28+31+30+31+30+31 = 181; C 0: median 142


def test_cohort_filters_and_age_at_application():
    import pandas as pd
    from carepath.analysis.proceedings.three_variable import age_band, filtered
    assert age_band(D(2020, 6, 2), D(2021, 6, 1)) == "0"      # one year old the next day
    assert age_band(D(2020, 6, 1), D(2021, 6, 1)) == "1-4"    # first birthday on the application day
    assert age_band(None, D(2021, 6, 1)) == "unknown"
    frame = pd.DataFrame({"application_year": [2023, 2023, 2024], "final_order": ["SO", "Care order", "SO"],
                          "sex": ["M", "F", "F"], "age_band": ["0", "1-4", "0"]})
    assert filtered(frame, year=2023).final_order.tolist() == ["SO", "Care order"]
    assert filtered(frame, order="SO", sex="F").application_year.tolist() == [2024]
    assert filtered(frame, age="0", year=2024).sex.tolist() == ["F"]
