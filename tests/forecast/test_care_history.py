"""Monthly states from SSDA903 episodes: placement groups, month-end boundaries, ages."""
from datetime import date

import pandas as pd
import pytest

from carepath.forecast.history import (AGE_BANDS, ForecastError, history_period, load_history, month_ends,
                                       monthly_states, placement_type)


@pytest.mark.parametrize("place, provider, expected", [
    ("U1", "PR1", "kinship"), ("U3", "PR4", "kinship"),
    ("U4", "PR1", "fostering_in_house"), ("U6", "PR2", "fostering_in_house"), ("U5", "PR3", "fostering_in_house"),
    ("U4", "PR4", "fostering_agency"), ("U6", "PR5", "fostering_agency"), ("U4", None, "fostering_agency"),
    ("K2", "PR4", "residential"), ("R1", "PR1", "residential"), ("S1", "PR5", "residential"),
    ("P1", "PR0", "placed_with_parents"), ("A3", "PR1", "other"), ("K3", "PR4", "other"),
    ("T1", None, "other"), (None, None, "other"),
])
def test_placement_types(place, provider, expected):
    assert placement_type(place, provider) == expected


def test_month_ends_cross_a_year_and_a_leap_february():
    assert month_ends(date(2019, 12, 5), date(2020, 3, 1)) == [
        date(2019, 12, 31), date(2020, 1, 31), date(2020, 2, 29), date(2020, 3, 31)]


def episodes(*rows):
    return pd.DataFrame(rows, columns=["child_id", "dob", "start_date", "end_date", "placement", "provider"])


def test_states_at_month_ends():
    eps = episodes(
        # A: in care 10 January to 31 March 2020. On 31 Jan aged (2020-2010)*12 + (1-6) = 115 months (day 31 >= 15),
        # on 29 Feb 116; on 31 March the episode has ceased (DEC = that day), so not looked after.
        ("A", "2010-06-15", "2020-01-10", "2020-03-31", "U4", "PR1"),
        # B: born 30 January 2002; on 31 January 2020 aged exactly 216 months = 18: out of the model; never counted
        ("B", "2002-01-30", "2019-06-01", None, "K2", "PR4"),
        # C: two episodes cover 29 February (bad data): the later-starting one (residential) counts.
        # On 29 Feb 2020, born 30 Nov 2019: (0*12 + 2-11) = ... months = (2020-2019)*12 + (2-11) = 3, day 29 < 30 -> 2
        ("C", "2019-11-30", "2020-02-01", None, "U1", "PR1"),
        ("C", "2019-11-30", "2020-02-15", "2020-03-02", "R1", "PR1"),
        # D: starts and ends within February: never at a month end
        ("D", "2015-01-01", "2020-02-03", "2020-02-20", "P1", "PR0"),
    )
    h = monthly_states(eps, date(2020, 1, 31), date(2020, 3, 31))
    got = {(r.child_id, r.month_end): (r.age_months, r.ptype, r.band) for r in h.states.itertuples()}
    assert got == {
        ("A", date(2020, 1, 31)): (115, "fostering_in_house", 2),   # 9 years: band "5 to 9"
        ("A", date(2020, 2, 29)): (116, "fostering_in_house", 2),
        ("C", date(2020, 2, 29)): (2, "residential", 0),
        ("C", date(2020, 3, 31)): (4, "kinship", 0),                # 4 months on 31 March (day 31 >= 30)
    }
    assert AGE_BANDS[2][0] == "5 to 9"


def test_children_without_a_birth_date_are_reported():
    eps = episodes(("A", None, "2020-01-10", None, "U4", "PR1"), ("B", "2010-01-01", "2020-01-10", None, "U4", "PR1"))
    h = monthly_states(eps, date(2020, 1, 31), date(2020, 2, 29))
    assert set(h.states["child_id"]) == {"B"}
    assert "1 children without a date of birth" in h.notes[0]


def test_an_empty_store_says_what_to_load(store):
    with pytest.raises(ForecastError, match="no SSDA903 episodes"):
        history_period(store)
    with pytest.raises(ForecastError, match="carepath load"):
        load_history(store)


def test_short_breaks_are_not_looked_after_children():
    eps = episodes(("A", "2010-01-01", "2020-01-10", None, "U4", "PR1"), ("B", "2010-01-01", "2020-01-10", None, "U4", "PR1"))
    eps["legal_status"] = ["C2", "V3"]
    h = monthly_states(eps, date(2020, 1, 31), date(2020, 2, 29))
    assert set(h.states["child_id"]) == {"A"}
    assert "1 short-break episodes (V3, V4) are left out" in h.notes[0]


def test_episodes_after_the_last_return_year_are_reported(store):
    from tests.indicators.world import World
    w = World(store)
    w.child("A", dob="2010-01-01")
    w.episode("A", "2021-05-01", end="2022-09-30")            # ends six months after 31 March 2022
    w.put("load_batch", batch_id=1, la_code="846", file_name="episodes.csv", format="ssda903-csv",
          return_year="2021-22")
    h = load_history(store)
    # the 2021-22 return: 31 March 2021 to 31 March 2022; the end date 30 September 2022 lies beyond it
    assert h.months[0] == date(2021, 3, 31) and h.months[-1] == date(2022, 3, 31)
    assert "dated up to 30 September 2022, after the last return year's end (31 March 2022)" in h.notes[1]


def test_an_open_episode_missing_from_later_returns_ends_with_its_return_year():
    from carepath.forecast.history import close_unreported
    rows = pd.DataFrame([
        # A: open in 2022-23, not in 2023-24 or 2024-25: not looked after after 31 March 2023
        ("A", "2010-05-01", "2022-06-01", None, "2022-23"),
        # B: open in the latest return: still looked after
        ("B", "2011-05-01", "2021-06-01", None, "2024-25"),
        # C: ended in 2022-23: its end date stands
        ("C", "2012-05-01", "2022-06-01", "2022-09-01", "2022-23"),
        # D: written by a load of two years (a YEAR column): its latest, 2023-24, is before 2024-25
        ("D", "2013-05-01", "2023-06-01", None, "2022-23, 2023-24"),
        # E: no return year recorded (loaded without one): left as it is
        ("E", "2014-05-01", "2020-06-01", None, None),
    ], columns=["child_id", "dob", "start_date", "end_date", "reported_in"]).assign(placement="U4", provider="PR1")
    closed, n = close_unreported(rows)
    ends = dict(zip(closed.child_id, closed.end_date))
    assert n == 2
    assert ends["A"] == pd.Timestamp(2023, 4, 1) and ends["D"] == pd.Timestamp(2024, 4, 1)
    assert pd.isna(ends["B"]) and pd.isna(ends["E"]) and ends["C"] == pd.Timestamp(2022, 9, 1)
    # at month ends: A is looked after on 31 March 2023 (its last day in care), not on 30 April 2023
    states = monthly_states(closed, date(2023, 3, 31), date(2023, 4, 30)).states
    on = {m: set(g.child_id) for m, g in states.groupby("month_end")}
    assert on[date(2023, 3, 31)] == {"A", "B", "E"} and on[date(2023, 4, 30)] == {"B", "E"}   # D starts in June
