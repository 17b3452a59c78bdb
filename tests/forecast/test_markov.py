"""The Markov model on hand-built flows: estimates, projection arithmetic, bad input."""
from datetime import date

import numpy as np
import pandas as pd
import pytest

from carepath.forecast.history import MAX_AGE_MONTHS, PLACEMENT_TYPES, ForecastError, History
from carepath.forecast.markov import (EXIT, N_BANDS, N_TYPES, Rates, estimate, forecast, project,
                                      simulate)

FIH, AGENCY, RES, KIN = (PLACEMENT_TYPES.index(p) for p in
                         ("fostering_in_house", "fostering_agency", "residential", "kinship"))
M0, M1, M2 = date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 31)


def history(rows, months):
    states = pd.DataFrame(rows, columns=["child_id", "month_end", "age_months", "ptype"])
    states["band"] = np.searchsorted([1, 5, 10, 16], states["age_months"] // 12, side="right")
    return History(states, months)


def hand_history():
    fih, res, kin = "fostering_in_house", "residential", "kinship"
    return history([
        ("A", M0, 120, fih), ("A", M1, 121, fih), ("A", M2, 122, fih),   # stays twice
        ("B", M0, 120, fih),                                             # leaves care after M0: an exit
        ("C", M0, 130, fih), ("C", M1, 131, res), ("C", M2, 132, res),   # moves to residential, stays
        ("D", M1, 5, kin), ("D", M2, 6, kin),                            # enters at M1 aged 5 months, stays
        ("E", M0, 215, fih),                                             # turns 18 before M1: ageing, not an exit
    ], [M0, M1, M2])


def test_transition_estimates_by_hand():
    rates = estimate(hand_history(), window_months=2, min_history_months=2)
    b = 3  # 10 to 15: A, B, C are 10 years old
    # in-house fostering aged 10-15 at risk: M0 A, B, C (E is 17y11m: leaves by ageing), M1 A = 4 child-months.
    # A stays twice, C moves to residential once, B exits once: 2/4, 1/4, 1/4
    assert rates.at_risk[b, FIH] == 4
    assert rates.moves[b, FIH, FIH] == pytest.approx(0.5)
    assert rates.moves[b, FIH, RES] == pytest.approx(0.25)
    assert rates.moves[b, FIH, EXIT] == pytest.approx(0.25)
    assert rates.moves[b, RES, RES] == pytest.approx(1.0)           # C at M1: 1 child-month, stays
    assert rates.moves[0, KIN, KIN] == pytest.approx(1.0)           # D at M1 (under 1)
    # one entry (D at M1, 5 months old, kinship) over 2 month pairs: 0.5 a month
    assert rates.entries[5, KIN] == pytest.approx(0.5)
    assert rates.entries.sum() == pytest.approx(0.5)
    assert np.allclose(rates.moves.sum(axis=2), 1.0)


def test_what_could_not_be_estimated_is_said():
    rates = estimate(hand_history(), window_months=2, min_history_months=2)
    # agency fostering aged 10-15: nobody at risk; the band's exit rate is 1 exit / 5 child-months (4 FIH + 1 RES)
    assert rates.at_risk[3, AGENCY] == 0
    assert rates.moves[3, AGENCY, AGENCY] == pytest.approx(0.8)
    assert rates.moves[3, AGENCY, EXIT] == pytest.approx(0.2)
    # aged 1 to 4: nobody at all, so the overall exit rate: 1 exit / 6 child-months (5 above + D's 1)
    assert rates.moves[1, FIH, EXIT] == pytest.approx(1 / 6)
    text = "\n".join(rates.notes)
    assert "No children aged 10 to 15 were in Fostering: agency placements" in text
    assert "could not be estimated" in text and "(20.00% a month)" in text
    assert "No child was in a Fostering: agency placement during the reference window" in text


def test_fewer_than_two_years_is_refused_with_the_reason():
    months = [date(2023, m, 28) for m in range(1, 13)]
    with pytest.raises(ForecastError, match="covers 11 months .* at least 2 years"):
        estimate(history([("A", months[0], 100, "kinship")], months))


def rates_with(moves_by_type, entries=None):
    """Rates that are the same in every age band: ``moves_by_type[from] = {to: probability}``."""
    moves = np.zeros((N_BANDS, N_TYPES, N_TYPES + 1))
    for k in range(N_TYPES):
        moves[:, k, k] = 1.0
    for k, row in moves_by_type.items():
        moves[:, k, :] = 0
        for to, p in row.items():
            moves[:, k, to] = p
    ent = np.zeros((MAX_AGE_MONTHS, N_TYPES)) if entries is None else entries
    return Rates(moves, ent, np.ones((N_BANDS, N_TYPES)), (M0, M1))


def test_a_closed_cohort_ages_out_on_the_18th_birthday():
    # 10 children aged 17 years 6 months (210 months), nobody leaves, nobody enters: they are all still
    # there 5 months on (aged 215 months) and all gone at 6 months (216 months = 18 years)
    stock = np.zeros((MAX_AGE_MONTHS, N_TYPES))
    stock[210, FIH] = 10
    path = project(stock, rates_with({}), 7)
    totals = path.sum(axis=(1, 2))
    assert list(totals) == [10, 10, 10, 10, 10, 10, 0, 0]
    assert path[5, 215, FIH] == 10                                      # aged one month each month
    sim = simulate(stock, rates_with({}), 7, np.random.default_rng(1))  # no chance involved: same path
    assert list(sim.sum(axis=(1, 2))) == [10, 10, 10, 10, 10, 10, 0, 0]


def test_a_constant_rate_model_reaches_its_steady_state():
    # 2 newborns a month enter in-house fostering; each month 10% of them move to residential and 10% leave;
    # 20% of residential leave. Steady state: F = 0.8 F + 2, so F = 10; R = 0.8 R + 0.1 F, so R = 5.
    # First months from empty: F1 = 2; F2 = 0.8 x 2 + 2 = 3.6; R2 = 0.1 x 2 = 0.2; R3 = 0.8 x 0.2 + 0.1 x 3.6 = 0.52
    entries = np.zeros((MAX_AGE_MONTHS, N_TYPES))
    entries[0, FIH] = 2
    rates = rates_with({FIH: {FIH: 0.8, RES: 0.1, EXIT: 0.1}, RES: {RES: 0.8, EXIT: 0.2}}, entries)
    path = project(np.zeros((MAX_AGE_MONTHS, N_TYPES)), rates, 240).sum(axis=1)
    assert path[1, FIH] == pytest.approx(2) and path[2, FIH] == pytest.approx(3.6)
    assert path[2, RES] == pytest.approx(0.2) and path[3, RES] == pytest.approx(0.52)
    # ageing out at 18 removes 0.8^216 of a cohort: negligible (about 1e-21)
    assert path[240, FIH] == pytest.approx(10, rel=1e-9)
    assert path[240, RES] == pytest.approx(5, rel=1e-9)
    assert path[239] == pytest.approx(path[240])                       # steady


def test_simulations_centre_on_the_projection():
    entries = np.zeros((MAX_AGE_MONTHS, N_TYPES))
    entries[24, KIN] = 3
    rates = rates_with({KIN: {KIN: 0.9, EXIT: 0.1}}, entries)
    stock = np.zeros((MAX_AGE_MONTHS, N_TYPES))
    stock[60, KIN] = 20
    expected = project(stock, rates, 24).sum(axis=(1, 2))
    rng = np.random.default_rng(7)
    sims = np.stack([simulate(stock, rates, 24, rng).sum(axis=(1, 2)) for _ in range(400)])
    # month 24: expected 20 x 0.9^24 + 3 x (1 - 0.9^24) / 0.1 = 1.59 + 27.61 = 29.2; the mean of 400 paths
    # has a standard error near sqrt(29)/20 = 0.27
    assert expected[24] == pytest.approx(20 * 0.9 ** 24 + 30 * (1 - 0.9 ** 24))
    assert abs(sims[:, 24].mean() - expected[24]) < 1.0


def steady_history(months=30, seed=3):
    """Children entering at 2 a month, each leaving with chance 0.1 a month, all in kinship care, aged 5-6."""
    rng = np.random.default_rng(seed)
    ends = [pd.Timestamp("2021-01-31") + pd.offsets.MonthEnd(i) for i in range(months)]
    rows, open_ = [], {}
    for i, m in enumerate(ends):
        open_ = {c: a + 1 for c, a in open_.items() if rng.random() > 0.1}
        for j in range(2):
            open_[f"c{i}-{j}"] = 60
        rows += [(c, m.date(), a, "kinship") for c, a in open_.items()]
    return history(rows, [m.date() for m in ends])


def test_forecast_intervals_contain_the_projection_and_widen():
    fc = forecast(steady_history(), horizon=12, replicates=60, level=0.9)
    table = fc.table()
    total = table[(table.age_band == "All") & (table.placement_type == "All")]
    assert len(total) == 13 and list(total.month_end)[0] == date(2023, 6, 30)
    assert (total.lower <= total.forecast + 1e-9).all() and (total.forecast <= total.upper + 1e-9).all()
    widths = (total.upper - total.lower).to_numpy()
    assert widths[0] == 0 and widths[-1] > 0                         # the starting stock is known
    assert any("bootstrapped over children" in n for n in fc.notes)


def test_backtest_of_a_stock_that_never_changes_is_exact():
    # 10 children aged 5 in kinship care for 40 months, nobody enters or leaves: the model estimates no exits,
    # no moves and no entries, so it forecasts 10 every held-out month: MAPE 0, every month inside the interval
    from carepath.forecast.backtest import backtest
    months = [(pd.Timestamp("2021-01-31") + pd.offsets.MonthEnd(i)).date() for i in range(40)]
    h = history([(f"c{j}", m, 60 + i, "kinship") for j in range(10) for i, m in enumerate(months)], months)
    detail, summary, notes = backtest(h, holdout=12, replicates=20)
    assert len(detail[(detail.age_band == "All") & (detail.placement_type == "All")]) == 12
    row = summary[(summary.age_band == "5 to 9") & (summary.placement_type == "Kinship fostering")].iloc[0]
    assert row.mape_percent == 0 and row.interval_coverage_percent == 100 and row.months_scored == 12
    empty = summary[(summary.age_band == "5 to 9") & (summary.placement_type == "Residential")].iloc[0]
    assert empty.months_scored == 0 and np.isnan(empty.mape_percent)
    with pytest.raises(ForecastError, match="leaves 15 months .* 48 months in all"):
        backtest(h, holdout=24)


def test_mape_and_coverage_by_hand():
    from carepath.forecast.backtest import mape, score
    # |10 - 8| / 8 = 25%, |10 - 10| / 10 = 0%, the month with 0 observed is not scored: (25 + 0) / 2 = 12.5%
    assert mape([10, 10, 3], [8, 10, 0]) == (12.5, 2)
    detail = pd.DataFrame({"age_band": "All", "placement_type": "All", "forecast": [10, 10, 10, 10],
                           "lower": [8, 8, 8, 8], "upper": [12, 12, 12, 12], "observed": [8, 12, 13, 5]})
    row = score(detail).iloc[0]
    # inside (inclusive): 8 and 12 yes, 13 and 5 no: 50%; MAPE (2/8 + 2/12 + 3/13 + 5/5) / 4 = 41.17%
    assert row.interval_coverage_percent == 50
    assert row.mape_percent == pytest.approx((2 / 8 + 2 / 12 + 3 / 13 + 1) / 4 * 100)
