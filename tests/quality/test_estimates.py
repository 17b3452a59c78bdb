"""The CIN validator's reader time, estimated from the file's size (quality/estimates.py).

The model is pure, so it is checked against the measured points (no timing here): 2,825 children
in 26.4 s and 9,689 in 186 s (benchmarks/load_returns.py on a 2-core machine), and its estimates
must be within a factor of 2 of them (issue 19's bar for an honest estimate).
"""
from __future__ import annotations

import pytest

from carepath.quality import estimates


@pytest.mark.parametrize("children, seconds", estimates.MEASURED)
def test_the_model_goes_through_the_measured_points(children, seconds):
    assert estimates.cin_reader_seconds(children) == pytest.approx(seconds, rel=1e-6)


def test_it_is_superlinear_as_measured():
    # per-child rate falls as the file grows: 107 a second at 2,825 and 52 at 9,689 (measured), in between at 5,000
    rate = lambda n: n / estimates.cin_reader_seconds(n)
    assert rate(2825) == pytest.approx(107, abs=1) and rate(9689) == pytest.approx(52, abs=1)
    assert rate(2825) > rate(5000) > rate(9689) > rate(30000)
    # doubling the file more than doubles the time: 2 x 9,689 children takes 2 x 0.00529 x 9,689 +
    # 4 x 1.435e-6 x 9,689^2 = 102.5 + 538.9 = 641 s, 3.4 times 186 s
    assert estimates.cin_reader_seconds(2 * 9689) == pytest.approx(641.4, rel=0.01)


def test_the_old_claim_was_out_by_more_than_a_factor_of_two_and_the_estimate_is_not():
    for children, seconds in estimates.MEASURED:
        said = children / 500  # "about 500 children a second"
        assert seconds / said > 2
        assert 0.5 < estimates.cin_reader_seconds(children) / seconds < 2


def test_what_the_user_reads():
    assert estimates.cin_reader_words(9689) == (
        "reading 9,689 children: the CIN validator's reader should take about 3 minutes (about 52 children a "
        "second at this size; it slows as files grow, each child costing more than the one before)")
    assert [estimates.duration(s) for s in (4, 44, 186, 5400, 14882, 40000)] == [
        "10 seconds", "40 seconds", "3 minutes", "1.5 hours", "4.1 hours", "11 hours"]
