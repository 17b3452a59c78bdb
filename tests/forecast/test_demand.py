"""Other demand: month-by-month counts from the store, and statsforecast checked on series worked by hand."""
from datetime import date

import numpy as np
import pandas as pd
import pytest

from carepath.forecast.demand import count_series, forecast_series
from tests.indicators.world import World


def test_counts_of_events_in_the_month_and_plans_open_at_its_end(store):
    w = World(store)
    for c in "ABCD":
        w.child(c)
    # referrals: 2 in January 2022 (the 1st and the 31st), 1 in February, none in March, 1 on 1 April
    w.referral("A", "2022-01-01")
    w.referral("B", "2022-01-31", closure="2022-02-28")
    w.referral("C", "2022-02-15")
    w.referral("D", "2022-04-01")
    got = count_series(store, "referrals")
    assert list(got.month_end) == [date(2022, 1, 31), date(2022, 2, 28), date(2022, 3, 31)]  # April incomplete
    assert list(got.observed) == [2, 1, 0]
    # children in need at month end: 31 Jan A, B; 28 Feb A, C (B closed that day); 31 Mar A, C
    assert list(count_series(store, "children_in_need").observed) == [2, 2, 2]
    # CP plans: A from 31 January to 15 March; C from 1 March, open: 31 Jan 1, 28 Feb 1, 31 Mar 1 (C)
    w.cp_plan("A", "2022-01-31", end="2022-03-15")
    w.cp_plan("C", "2022-03-01")
    w.cp_plan("D", "2022-03-31")     # 31 March is the last month end with a plan starting; D counts on it
    assert list(count_series(store, "cp_plans").observed) == [1, 1, 2]


def monthly(values, start="2019-04-30"):
    return pd.DataFrame({"series": "s", "month_end": pd.date_range(start, periods=len(values), freq="ME").date,
                         "observed": values})


def test_a_repeating_year_is_forecast_as_that_year():
    # the same 12 monthly values four years running: the seasonal model's forecast of the next year is that year
    year = np.array([110, 112, 115, 111, 109, 108, 107, 109, 112, 114, 113, 110], float)
    fc = forecast_series(monthly(np.tile(year, 4)), 12)
    assert fc.forecast.to_numpy() == pytest.approx(year, abs=0.5)
    assert fc.season_considered.all()
    assert (fc.lower <= fc.forecast + 1e-6).all() and (fc.forecast <= fc.upper + 1e-6).all()


def test_noisy_level_forecast_near_its_mean_with_a_widening_interval():
    # 40 values scattered around 50 (sd 5, no trend, no season): the forecast should be near 50 and the
    # 95% interval about 50 +- 2 x 5
    rng = np.random.default_rng(1)
    values = 50 + rng.normal(0, 5, 40)
    fc = forecast_series(monthly(values), 6)
    assert fc.forecast.iloc[0] == pytest.approx(values.mean(), abs=3)
    width = (fc.upper - fc.lower).iloc[0]
    assert 12 < width < 30
