"""Kaplan-Meier curves with 95% confidence bands, log-rank tests, the table of medians and shares at
6, 12, 24 and 60 months, and the Cox model of return to care, all with lifelines.

* Curves are lifelines' ``KaplanMeierFitter`` (Greenwood variance, log(-log) confidence
  interval); for permanence, where leaving care another way competes with it, lifelines'
  ``AalenJohansenFitter`` gives the cumulative incidence instead (a Kaplan-Meier curve that
  treated the other endings as censored would overstate it).
* The share at t months is the curve at the last step on or before t x 30.4375 days; the number
  at risk at t is the records still followed at that time (duration of at least t); a share is
  left empty once nobody is at risk.
* Groups are compared with lifelines' ``multivariate_logrank_test`` (the ordinary log-rank test
  for two groups); not for the competing-risks measure, which lifelines has no test for (the page
  and files say so).
* The Cox model (``CoxPHFitter``) of return to care adjusts for age at leaving (years), sex, ethnic
  group, legal status at entry, reason for leaving, length of the period of care (years) and the
  number of placements in it: the factors McGrath-Lone and colleagues reported (2017, cited in the
  Coram report above). Each category is compared with its largest level (the reference).
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from carepath.analysis.overtime.histories import DAYS_PER_MONTH, FACTORS, MEASURES
from carepath.errors import CarepathError

MONTHS = (6, 12, 24, 60)
ALL = "All"


@dataclass
class Curve:
    group: str
    months: list[float]           # the step times (0 first)
    share: list[float]            # S(t), or the cumulative share for cumulative measures
    lower: list[float]
    upper: list[float]
    at_risk: list[int]            # just before each step
    events: list[int]             # at each step
    censored: list[int]           # at each step
    other_endings: list[int]      # at each step: competing endings (permanence only)
    record_ids: list[str] = field(default_factory=list)
    child_ids: list[str] = field(default_factory=list)


@dataclass
class Survival:
    measure: str
    title: str
    share_label: str
    cumulative: bool
    group_by: str | None
    curves: list[Curve]
    summary: list[dict]           # one row per group: records, events, median, shares and at risk at MONTHS
    test: dict | None             # the log-rank test, or why there is none
    notes: list[str]


def _fit_one(frame: pd.DataFrame, measure) -> tuple[object, pd.DataFrame, pd.DataFrame]:
    """(fitter, estimate frame, confidence interval frame); estimate is S(t), or F(t) for competing."""
    from lifelines import AalenJohansenFitter, KaplanMeierFitter
    if measure.competing:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fitter = AalenJohansenFitter(calculate_variance=True, seed=0)
            fitter.fit(frame["duration"], frame["kind"], event_of_interest=1)
        return fitter, fitter.cumulative_density_, fitter.confidence_interval_
    fitter = KaplanMeierFitter()
    fitter.fit(frame["duration"], frame["event"])
    return fitter, fitter.survival_function_, fitter.confidence_interval_


def _step(index: np.ndarray, values: np.ndarray, t: float) -> float | None:
    position = np.searchsorted(index, t, side="right") - 1
    return None if position < 0 else float(values[position])


def _curve(frame: pd.DataFrame, measure, group: str) -> tuple[Curve, dict]:
    fitter, estimate, interval = _fit_one(frame, measure)
    times = estimate.index.to_numpy(dtype=float)
    value = estimate.iloc[:, 0].to_numpy(dtype=float)
    low, high = interval.iloc[:, 0].to_numpy(dtype=float), interval.iloc[:, 1].to_numpy(dtype=float)
    if measure.competing:
        times = np.round(times)        # the fitter jitters tied times by a fraction of a day
    show_cumulative = measure.cumulative and not measure.competing
    if show_cumulative:
        value, low, high = 1 - value, 1 - high, 1 - low
    durations = frame["duration"].to_numpy(dtype=float)
    kinds = frame["kind"].to_numpy()
    first = 0.0 if (measure.cumulative or measure.competing) else 1.0
    steps, inverse, counts = np.unique(durations, return_inverse=True, return_counts=True)
    at_risk = len(durations) - np.concatenate([[0], np.cumsum(counts)[:-1]])
    tally = [np.bincount(inverse, weights=(kinds == k).astype(float), minlength=len(steps)).astype(int).tolist()
             for k in (1, 0, 2)]
    position = np.searchsorted(times, steps + 0.5, side="right") - 1      # the estimate just after each step

    def at(values):
        return [first] + [float(values[p]) if p >= 0 else first for p in position]
    months = [0.0] + (steps / DAYS_PER_MONTH).tolist()
    share, lower, upper = at(value), at(low), at(high)
    at_risk, events, censored, others = ([len(durations)] + at_risk.tolist(), [0] + tally[0], [0] + tally[1],
                                         [0] + tally[2])
    curve = Curve(group, months, share, lower, upper, at_risk, events, censored, others,
                  frame["record_id"].tolist(), frame["child_id"].tolist())
    row = {"group": group, "records": len(frame), "children": int(frame["child_id"].nunique()),
           "events": int((frame["kind"] == 1).sum()), "median_months": _median(times, value, measure)}
    for m in MONTHS:
        t = m * DAYS_PER_MONTH
        risk = int((durations >= t).sum())
        followed = durations.max() >= t
        row[f"share_{m}"] = _step(times, value, t) if followed else None
        row[f"lower_{m}"] = _step(times, low, t) if followed else None
        row[f"upper_{m}"] = _step(times, high, t) if followed else None
        row[f"at_risk_{m}"] = risk
        row[f"events_{m}"] = int(((durations <= t) & (kinds == 1)).sum())
    return curve, row


def _median(times, value, measure) -> float | None:
    """Months until half had the event (or half remain): None when the curve never crosses one half."""
    crossed = np.nonzero(value >= 0.5)[0] if (measure.cumulative or measure.competing) else np.nonzero(value <= 0.5)[0]
    if not len(crossed):
        return None
    return float(times[crossed[0]]) / DAYS_PER_MONTH


def curves(frame: pd.DataFrame, measure_name: str, group_by: str | None = None, min_group: int = 1) -> Survival:
    """Kaplan-Meier (or Aalen-Johansen) curves of a measure's records, overall or by a factor."""
    measure = MEASURES[measure_name]
    notes = []
    if frame.empty:
        raise CarepathError(f"{measure.title}: there are no records to follow ({measure.start}) in the data.")
    if group_by and group_by not in frame.columns:
        raise CarepathError(f"'{group_by}' is not a factor of {measure.title.lower()}: choose one of "
                            f"{', '.join(k for k in FACTORS if k in frame.columns)}.")
    if group_by == "proceedings" and not frame.attrs.get("proceedings_linked", True):
        raise CarepathError("No care proceedings are linked to this authority's children, so the curve cannot be split "
                            "by them: load the legal department's care proceedings extract (carepath load).")
    if not (frame["kind"] == 1).any():
        notes.append(f"No record in the data has ended in {measure.event} yet: the curve is flat, not a finding "
                     "that it never happens.")
    groups = [(ALL, frame)] if not group_by else [(str(k), g) for k, g in frame.groupby(group_by, sort=True)]
    built, rows = [], []
    for name, part in groups:
        if len(part) < min_group:
            notes.append(f"{name}: fewer than {min_group} records, not drawn.")
            continue
        curve, row = _curve(part, measure, name)
        built.append(curve)
        rows.append(row)
    return Survival(measure.name, measure.title, measure.share_label, measure.cumulative or measure.competing,
                    group_by, built, rows, _logrank(frame, measure, group_by), notes)


def _logrank(frame: pd.DataFrame, measure, group_by: str | None) -> dict | None:
    if not group_by:
        return None
    if measure.competing:
        return {"note": "No log-rank test: leaving care another way competes with permanence, and lifelines has no "
                        "test for cumulative incidence curves (Gray's test)."}
    if frame[group_by].nunique() < 2:
        return {"note": "No log-rank test: there is only one group."}
    from lifelines.statistics import multivariate_logrank_test
    result = multivariate_logrank_test(frame["duration"], frame[group_by].astype(str), frame["event"])
    return {"statistic": float(result.test_statistic), "p_value": float(result.p_value),
            "degrees_of_freedom": int(result.degrees_of_freedom),
            "note": f"Log-rank test of {frame[group_by].nunique()} groups: chi-squared {result.test_statistic:.2f} on "
                    f"{result.degrees_of_freedom} degrees of freedom, p = {_p(result.p_value)}."}


def _p(p: float) -> str:
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


COX_FACTORS = {"age": "Age at leaving (years)", "sex": "Sex", "ethnic_group": "Ethnic group",
               "legal_status": "Legal status at entry", "reason": "Reason for leaving",
               "care_years": "Length of the period of care (years)", "placements": "Placements in the period"}
MIN_COX_EVENTS = 10


def cox_return(frame: pd.DataFrame) -> list[dict]:
    """Adjusted hazard ratios of return to care with 95% confidence intervals (lifelines CoxPHFitter).

    A level in which nobody returned has no finite hazard ratio: it is left out of the model (so its
    records count with the reference) and listed with an empty ratio, saying why."""
    from lifelines import CoxPHFitter
    from lifelines.exceptions import ConvergenceError
    events = int(frame["event"].sum()) if not frame.empty else 0
    if events < MIN_COX_EVENTS:
        raise CarepathError(f"Only {events} returns to care in the data: a Cox model needs at least "
                            f"{MIN_COX_EVENTS} to say anything about what predicts them.")
    data = pd.DataFrame({"duration": frame["duration"], "event": frame["event"],
                         "age": frame["age"].fillna(frame["age"].median()),
                         "care_years": frame["care_days"].astype(float) / 365.25,
                         "placements": frame["placements"].astype(float)})
    levels: dict[str, tuple[str, str, str]] = {}
    skipped: list[str] = []
    for factor in ("sex", "ethnic_group", "legal_status", "reason"):
        reference = frame[factor].value_counts().index[0]
        for level in sorted(set(frame[factor]) - {reference}):
            if not frame.loc[frame[factor] == level, "event"].any():
                skipped.append(f"{COX_FACTORS[factor]}: {level} (no return to care in it)")
                continue
            column = f"{factor}={level}"
            data[column] = (frame[factor] == level).astype(float)
            levels[column] = (factor, level, reference)
    data = data.loc[:, [c for c in data.columns if c in ("duration", "event") or data[c].std() > 0]]
    fitter = CoxPHFitter(penalizer=0.0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fitter.fit(data, duration_col="duration", event_col="event")
    except (ConvergenceError, np.linalg.LinAlgError, ValueError):
        fitter = CoxPHFitter(penalizer=0.1)    # separation (a level with no return): a light ridge penalty
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fitter.fit(data, duration_col="duration", event_col="event")
    rows = []
    summary = fitter.summary
    for column, stats in summary.iterrows():
        factor, level, reference = levels.get(column, (column, "", ""))
        rows.append({"factor": COX_FACTORS.get(factor, factor), "level": level or "per unit",
                     "reference": reference, "hazard_ratio": float(stats["exp(coef)"]),
                     "lower": float(stats["exp(coef) lower 95%"]), "upper": float(stats["exp(coef) upper 95%"]),
                     "p_value": float(stats["p"]),
                     "records": int(data[column].sum()) if column in levels else len(data),
                     "returns": int(data.loc[data[column] > 0, "event"].sum()) if column in levels
                     else int(data["event"].sum())})
    for text in skipped:
        factor, level = text.split(": ", 1)
        rows.append({"factor": factor, "level": level, "reference": "", "hazard_ratio": None, "lower": None,
                     "upper": None, "p_value": None, "records": None, "returns": 0})
    return rows

