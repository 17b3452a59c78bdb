"""The data book's direction of travel and its disclosure of small numbers."""
import pytest

from carepath.exchange.disclosure import Rules
from carepath.indicators import catalogue
from carepath.reports.databook import direction, shown


@pytest.mark.parametrize("previous, latest, polarity, expected", [
    (20.0, 25.0, "lower", "up, worse"),        # re-referrals rising is worse
    (20.0, 15.0, "lower", "down, better"),
    (80.0, 85.0, "higher", "up, better"),      # assessments on time rising is better
    (80.0, 70.0, "higher", "down, worse"),
    (300.0, 320.0, "neither", "up"),
    (5.0, 5.0, "higher", "no change"),
    (None, 5.0, "higher", ""),
])
def test_direction_of_travel_reads_the_polarity(previous, latest, polarity, expected):
    assert direction(previous, latest, polarity) == expected


def test_small_counts_of_children_are_written_c_but_staff_numbers_are_not():
    referrals = catalogue.get("re_referrals_12m")
    assert shown(50.0, 3, Rules(), referrals) == "c"          # 3 re-referrals: could identify children
    assert shown(25.04, 12, Rules(), referrals) == 25.0
    assert shown(50.0, 3, None, referrals) == 50.0            # suppression off
    assert shown(0.0, 0, Rules(), referrals) == 0.0           # zero discloses nothing
