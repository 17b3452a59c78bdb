"""carepath.rounding: DfE's half-up rounding in decimal arithmetic, and the places per unit."""
import pytest

from carepath import rounding
from carepath.exchange.disclosure import SUPPRESSED


@pytest.mark.parametrize("value, places, expected", [
    (100 * 1 / 16, 1, 6.3),       # 6.25 is exact in binary; round() gives 6.2
    (100 * 1 / 400, 1, 0.3),      # 0.25 likewise; round() gives 0.2
    (26.45, 1, 26.5),             # binary 26.449999...; the decimal it stands for is a half
    (100 * 7 / 60, 1, 11.7),      # 11.666... is not a half
    (2.5, 0, 3), (3.5, 0, 4), (0.5, 0, 1),
    (10_000 * 16 / 25_600, 1, 6.3),
    (-0.04, 1, 0.0),              # never "-0.0"
])
def test_halves_go_up(value, places, expected):
    assert rounding.round_half_up(value, places) == expected
    assert type(rounding.round_half_up(value, places)) is (int if places == 0 else float)


def test_what_is_not_a_number_passes_through():
    assert rounding.round_half_up(None, 1) is None
    assert rounding.round_half_up(SUPPRESSED, 1) == SUPPRESSED
    assert rounding.round_half_up(float("nan"), 1) != rounding.round_half_up(float("nan"), 1)
    assert rounding.text(None) == "" and rounding.text(SUPPRESSED) == SUPPRESSED


def test_numpy_numbers_round_too():
    import numpy as np
    assert rounding.round_half_up(np.float64(6.25), 1) == 6.3 and rounding.round_half_up(np.int64(7), 0) == 7


def test_text_keeps_its_places_and_thousands():
    assert rounding.text(6.25, 1, "%") == "6.3%"
    assert rounding.text(12_345.25, 1) == "12,345.3"
    assert rounding.text(6.0, 1) == "6.0"
    assert rounding.text(0.5, 0) == "1"


def test_places_per_unit_as_dfe_publishes():
    assert [rounding.places(u) for u in ("percent", "rate", "count", "days", "ratio")] == [1, 1, 0, 0, 1]
    # the looked-after release publishes its rates and percentages as whole numbers (67 per 10,000)
    assert rounding.places("rate", "looked_after") == 0 and rounding.places("percent", "care_leavers") == 0
    assert rounding.places("rate", "front_door") == 1


def test_the_run_summary_prints_counts_whole_and_fte_sums_to_two_places():
    from carepath.indicators.cli import _count
    # a sum of FTEs that a float leaves a hair under 214 is 214, as the person who typed them meant
    assert _count(213.9999999999998) == "214"
    assert _count(12345.0) == "12,345"
    assert _count(3.455) == "3.46"      # half up, as everywhere else
    assert _count(None) == ""
