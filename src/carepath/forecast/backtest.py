"""Backtest: forecast the last months of the history from the months before, and score the forecast.

The last ``holdout`` month ends (12 by default) are set aside; the model is estimated over the
``window`` months before them and projects them from the stock at the last month end kept. Each
age band x placement type (and their totals) is scored over the held-out months:

* MAPE, the mean absolute percentage error: mean of |forecast - observed| / observed over the
  held-out months, as a percentage; months with nobody observed cannot be scored this way and are
  left out of it (``months_scored`` says how many counted; none gives an empty MAPE);
* coverage: the share of held-out months whose observed number lies inside the interval
  (inclusive), to compare with the interval's nominal level.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from carepath.forecast.history import AGE_BANDS, PLACEMENT_LABELS, PLACEMENT_TYPES, ForecastError, History
from carepath.forecast.markov import MIN_HISTORY_MONTHS, forecast


def observed_table(history: History) -> pd.DataFrame:
    """Children looked after at each month end, in the same groups as ``Forecast.table()``."""
    s = history.states.assign(age_band=[AGE_BANDS[b][0] for b in history.states["band"]],
                              placement_type=history.states["ptype"].map(PLACEMENT_LABELS))
    s_all_types, s_all_bands = s.assign(placement_type="All"), s.assign(age_band="All")
    frames = [frame.groupby(["month_end", "age_band", "placement_type"]).size()
              for frame in (s, s_all_types, s_all_bands, s_all_bands.assign(placement_type="All"))]
    observed = pd.concat(frames).rename("observed").reset_index()
    groups = [(b[0], PLACEMENT_LABELS[p]) for b in AGE_BANDS for p in PLACEMENT_TYPES] + \
             [(b[0], "All") for b in AGE_BANDS] + [("All", PLACEMENT_LABELS[p]) for p in PLACEMENT_TYPES] + \
             [("All", "All")]
    full = pd.MultiIndex.from_tuples([(m, b, p) for m in history.months for b, p in groups],
                                     names=["month_end", "age_band", "placement_type"])
    return observed.set_index(["month_end", "age_band", "placement_type"]).reindex(full, fill_value=0).reset_index()


def mape(forecast_values, observed) -> tuple[float, int]:
    """Mean absolute percentage error over the months with someone observed, and how many months that is."""
    f, o = np.asarray(forecast_values, float), np.asarray(observed, float)
    scored = o > 0
    if not scored.any():
        return float("nan"), 0
    return float(np.mean(np.abs(f[scored] - o[scored]) / o[scored]) * 100), int(scored.sum())


def score(detail: pd.DataFrame) -> pd.DataFrame:
    """MAPE and interval coverage per age band x placement type, from month-by-month forecasts and observations."""
    rows = []
    for (band, ptype), g in detail.groupby(["age_band", "placement_type"], sort=False):
        error, months = mape(g["forecast"], g["observed"])
        inside = (g["observed"] >= g["lower"] - 1e-9) & (g["observed"] <= g["upper"] + 1e-9)
        rows.append({"age_band": band, "placement_type": ptype, "mape_percent": error, "months_scored": months,
                     "interval_coverage_percent": float(inside.mean() * 100),
                     "mean_observed": float(g["observed"].mean()), "mean_forecast": float(g["forecast"].mean())})
    return pd.DataFrame(rows)


def backtest(history: History, holdout: int = 12, window: int = MIN_HISTORY_MONTHS, replicates: int = 200,
             level: float = 0.95, seed: int = 13, min_history_months: int = MIN_HISTORY_MONTHS):
    """(month-by-month detail, summary by group, notes) for forecasting the last ``holdout`` months."""
    if holdout < 1 or holdout >= len(history.months):
        raise ForecastError(f"Cannot hold out {holdout} months of a {history.span_months}-month history.")
    start = history.months[-holdout - 1]
    kept = history.span_months - holdout
    if kept < min_history_months:
        raise ForecastError(
            f"A backtest holding out {holdout} months leaves {kept} months ({history.months[0]:%B %Y} to "
            f"{start:%B %Y}); the model needs at least {min_history_months // 12} years before the held-out "
            f"months, so {min_history_months + holdout} months in all. Load earlier years' SSDA903 returns.")
    fc = forecast(history, holdout, min(window, kept), replicates, level, seed,
                  min_history_months=min_history_months, start=start)
    table = fc.table()
    observed = observed_table(history)
    detail = table.merge(observed, on=["month_end", "age_band", "placement_type"], how="left")
    detail = detail[detail["month_end"] > start].reset_index(drop=True)
    notes = fc.notes + [f"Backtest: months to {start:%B %Y} used to forecast the {holdout} months to "
                        f"{history.months[-1]:%B %Y}; MAPE leaves out months with nobody observed."]
    return detail, score(detail), notes
