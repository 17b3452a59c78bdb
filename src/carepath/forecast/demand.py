"""Other demand: monthly referrals, assessments, child protection plans, children in need and EHC work.

Each series is counted from the store, month by month, then forecast with ``statsforecast``'s
AutoETS (exponential smoothing, the model form chosen by AICc), with a 12-month season when there
are at least three years of months, and its prediction intervals. Counting rules:

* referrals, assessments, EHC requests, EHC plans issued: events whose date (referral date,
  assessment start, request date, EHC plan issue date) falls in the calendar month;
* child protection plans, children in need: open at the month end — started on or before it and
  not ended (CP plan end, CIN closure date) on or before it; children in need counts children, once
  however many episodes they have open.

The months are those the returns cover: CIN census years (1 April to 31 March) when their return
years are recorded, otherwise from the first to the last month with a date. The last month of data
is left out when it is not complete (ends after the latest date seen).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from carepath.forecast.history import ForecastError, month_end, month_ends

SERIES = {   # name: (label, table, date column, end column or None for a flow)
    "referrals": ("Referrals in the month", "referral", "referral_date", None),
    "assessments": ("Assessments started in the month", "assessment", "start_date", None),
    "cp_plans": ("Child protection plans at month end", "cp_plan", "start_date", "end_date"),
    "children_in_need": ("Children in need at month end", "referral", "referral_date", "closure_date"),
    "ehc_requests": ("EHC needs assessment requests in the month", "send_request", "request_date", None),
    "ehc_plans": ("EHC plans issued in the month", "send_request", "ehcp_issued_date", None),
}
MIN_MONTHS = 12
SEASONAL_MONTHS = 36


@dataclass
class DemandForecast:
    history: pd.DataFrame                       # series, month_end, observed
    forecast: pd.DataFrame                      # series, month_end, forecast, lower, upper
    notes: list[str] = field(default_factory=list)


def _months(con, table: str, column: str, la_code) -> list[date]:
    years = []
    if table in ("referral", "assessment", "cp_plan"):
        years = [r[0] for r in con.execute(
            "SELECT DISTINCT return_year FROM load_batch WHERE format = 'cin-census-xml' AND return_year IS NOT NULL "
            "AND (? IS NULL OR la_code = ?)", [la_code, la_code]).fetchall()]
    starts = sorted(int(y[:4]) for y in years if len(y) >= 4 and y[:4].isdigit())
    if starts:
        return month_ends(date(starts[0], 4, 1), date(starts[-1] + 1, 3, 31))
    lo, hi = con.execute(f"SELECT min({column}), max({column}) FROM {table} WHERE (? IS NULL OR la_code = ?)",
                         [la_code, la_code]).fetchall()[0]
    if lo is None:
        return []
    months = month_ends(lo, hi)
    return months if hi == month_end(hi) else months[:-1]


def count_series(con, name: str, la_code: str | None = None) -> pd.DataFrame:
    """One series, month by month: month_end, observed."""
    _, table, column, end = SERIES[name]
    months = _months(con, table, column, la_code)
    if not months:
        return pd.DataFrame(columns=["month_end", "observed"])
    grid = pd.DataFrame({"month_end": months})
    con.register("forecast_months", grid)
    try:
        if end is None:
            sql = f"""SELECT m.month_end, count(t.{column}) AS observed FROM forecast_months m
                      LEFT JOIN {table} t ON date_trunc('month', t.{column}) = date_trunc('month', m.month_end)
                           AND (? IS NULL OR t.la_code = ?)
                      GROUP BY m.month_end ORDER BY m.month_end"""
        else:
            sql = f"""SELECT m.month_end, count(DISTINCT t.child_id) AS observed FROM forecast_months m
                      LEFT JOIN {table} t ON t.{column} <= m.month_end AND (t.{end} IS NULL OR t.{end} > m.month_end)
                           AND (? IS NULL OR t.la_code = ?)
                      GROUP BY m.month_end ORDER BY m.month_end"""
        out = con.execute(sql, [la_code, la_code]).df()
    finally:
        con.unregister("forecast_months")
    out["month_end"] = pd.to_datetime(out["month_end"]).dt.date
    return out


def forecast_series(series: pd.DataFrame, horizon: int, level: int = 95) -> pd.DataFrame:
    """AutoETS forecasts of each series (columns series, month_end, observed): series, month_end, forecast, lower, upper."""
    from statsforecast import StatsForecast
    from statsforecast.models import AutoETS
    frames = []
    for name, g in series.groupby("series", sort=False):
        season = 12 if len(g) >= SEASONAL_MONTHS else 1
        df = pd.DataFrame({"unique_id": name, "ds": pd.to_datetime(g["month_end"]), "y": g["observed"].astype(float)})
        sf = StatsForecast(models=[AutoETS(season_length=season, alias="ets")], freq="ME")
        fc = sf.forecast(df=df, h=horizon, level=[level])
        frames.append(pd.DataFrame({"series": name, "month_end": fc["ds"].dt.date, "forecast": fc["ets"],
                                    "lower": fc[f"ets-lo-{level}"].clip(lower=0), "upper": fc[f"ets-hi-{level}"],
                                    "season_considered": season == 12}))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["series", "month_end", "forecast", "lower", "upper", "season_considered"])


def demand_forecast(con, horizon: int = 36, la_code: str | None = None, level: int = 95) -> DemandForecast:
    """Count every series the store holds and forecast those with at least a year of months."""
    kept, notes = [], []
    for name, (label, table, _, _) in SERIES.items():
        counts = count_series(con, name, la_code)
        if counts.empty or counts["observed"].sum() == 0:
            notes.append(f"{label}: no records in the store; not forecast.")
            continue
        if len(counts) < MIN_MONTHS:
            notes.append(f"{label}: only {len(counts)} months of data; at least {MIN_MONTHS} are needed to forecast.")
            continue
        if len(counts) < SEASONAL_MONTHS:
            notes.append(f"{label}: {len(counts)} months of data, fewer than {SEASONAL_MONTHS}: forecast "
                         "without a seasonal pattern.")
        kept.append(counts.assign(series=name))
    if not kept:
        raise ForecastError("No demand series has a year of monthly data in the store: load the CIN census "
                            "returns (referrals, assessments, plans) for at least one year first.")
    history = pd.concat(kept, ignore_index=True)[["series", "month_end", "observed"]]
    notes.append(f"Forecasts by AutoETS (statsforecast), {level}% prediction intervals, seasonal (12 months) "
                 f"where there are at least {SEASONAL_MONTHS} months.")
    return DemandForecast(history, forecast_series(history, horizon, level), notes)
