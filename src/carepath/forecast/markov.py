"""The stock-and-flow (Markov) model of children looked after: estimate monthly rates, project them.

States are (age in whole months 0-215, placement type). Over a reference window of month-end
pairs (t, t+1) the model counts, for each age band and placement type at t:

* exits: looked after at t, not at t+1 (children who turn 18 before t+1 are not at risk: age 17
  years 11 months at t — they leave by ageing, which the projection does exactly);
* transitions: looked after at both, by placement type at t+1 (staying put is a "transition" to
  the same type);
* entries: looked after at t+1 and not at t, by age in months and placement type at t+1.

Monthly probabilities are counts divided by the child-months at risk; entries per month are
counts divided by the number of month pairs in the window. The projection, each month: apply
exits and transitions to the stock, age everyone by one month (those reaching 18 leave), add the
month's expected entries. ``tests/forecast/test_markov.py`` pins each step on hand-built flows.

Prediction intervals: a bootstrap over children (resample the window's children with
replacement, re-estimate every rate) combined with the month-to-month chance in the flows
(Poisson entries, multinomial exits and transitions), simulated ``replicates`` times; the
interval is the central ``level`` share of those simulations. The central forecast is the
deterministic projection with the estimated rates.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np
import pandas as pd

from carepath.forecast.history import (AGE_BANDS, MAX_AGE_MONTHS, PLACEMENT_LABELS, PLACEMENT_TYPES,
                                       ForecastError, History, band_of_age_months, month_ends)

N_TYPES = len(PLACEMENT_TYPES)
N_BANDS = len(AGE_BANDS)
EXIT = N_TYPES                                   # the last column of the transition array
MIN_HISTORY_MONTHS = 24
BANDS = band_of_age_months(np.arange(MAX_AGE_MONTHS))


@dataclass
class Rates:
    """Monthly rates: ``moves[band, from, to]`` (to = a placement type or EXIT) and ``entries[age_months, type]``."""

    moves: np.ndarray                            # (N_BANDS, N_TYPES, N_TYPES + 1), rows sum to 1
    entries: np.ndarray                          # (MAX_AGE_MONTHS, N_TYPES): expected entries per month
    at_risk: np.ndarray                          # (N_BANDS, N_TYPES): child-months observed
    window: tuple[date, date]
    notes: list[str] = field(default_factory=list)

    def exit_rate(self) -> np.ndarray:
        return self.moves[:, :, EXIT]

    def entries_by_band(self) -> np.ndarray:
        """Expected entries per month, (N_BANDS, N_TYPES)."""
        out = np.zeros((N_BANDS, N_TYPES))
        np.add.at(out, BANDS, self.entries)
        return out

    def table(self) -> pd.DataFrame:
        """The rates as a tidy table an analyst can read: one row per age band and placement type."""
        rows, by_band = [], self.entries_by_band()
        for b, (band, _, _) in enumerate(AGE_BANDS):
            for k, ptype in enumerate(PLACEMENT_TYPES):
                row = {"age_band": band, "placement_type": PLACEMENT_LABELS[ptype],
                       "child_months_at_risk": int(self.at_risk[b, k]),
                       "entries_per_month": by_band[b, k], "exit_rate_per_month": self.moves[b, k, EXIT]}
                for j, to in enumerate(PLACEMENT_TYPES):
                    row[f"to {PLACEMENT_LABELS[to]}"] = self.moves[b, k, j]
                rows.append(row)
        return pd.DataFrame(rows)


@dataclass
class Events:
    """Each child's contributions to the window's counts, so that a bootstrap can reweight children."""

    children: np.ndarray                         # child index per event
    kind: np.ndarray                             # 0 = move (cell in moves), 1 = entry (cell in entries)
    cell: np.ndarray
    n_children: int
    n_pairs: int
    window: tuple[date, date]


def window_events(history: History, window_months: int = MIN_HISTORY_MONTHS,
                  min_history_months: int = MIN_HISTORY_MONTHS) -> Events:
    """The month-end pairs of the last ``window_months`` months of the history, as events."""
    span = history.span_months
    if span < min_history_months:
        raise ForecastError(
            f"The SSDA903 history covers {span} months ({history.months[0]:%B %Y} to {history.months[-1]:%B %Y}); "
            f"the forecast needs at least {min_history_months // 12} years of month ends to estimate its rates. "
            "Load earlier years' SSDA903 returns.")
    if window_months < 1 or window_months > span:
        raise ForecastError(f"The reference window must be between 1 and {span} months (the history's length); "
                            f"{window_months} was asked for.")
    months = history.months[-window_months - 1:]
    states = history.states[history.states["month_end"].isin(months)]
    ids = {c: i for i, c in enumerate(pd.unique(states["child_id"]))}
    ptype_index = {p: i for i, p in enumerate(PLACEMENT_TYPES)}
    by_month = {m: g.set_index("child_id") for m, g in states.groupby("month_end")}
    empty = states.iloc[:0].set_index("child_id")
    chunks = []
    for t, t1 in zip(months[:-1], months[1:]):
        now, nxt = by_month.get(t, empty), by_month.get(t1, empty)
        at_risk = now[now["age_months"] < MAX_AGE_MONTHS - 1]
        k_from = at_risk["ptype"].map(ptype_index).to_numpy()
        to = at_risk.index.map(lambda c: nxt["ptype"].get(c, None) if c in nxt.index else None)
        k_to = np.array([EXIT if p is None else ptype_index[p] for p in to], dtype=int)
        cells = (at_risk["band"].to_numpy() * N_TYPES + k_from) * (N_TYPES + 1) + k_to
        chunks.append((at_risk.index.map(ids).to_numpy(), np.zeros(len(cells), int), cells))
        entered = nxt[~nxt.index.isin(now.index)]
        cells = entered["age_months"].to_numpy() * N_TYPES + entered["ptype"].map(ptype_index).to_numpy()
        chunks.append((entered.index.map(ids).to_numpy(), np.ones(len(cells), int), cells))
    cat = [np.concatenate([c[i] for c in chunks]).astype(int) for i in range(3)]
    return Events(cat[0], cat[1], cat[2], len(ids), len(months) - 1, (months[0], months[-1]))


def rates_from_events(events: Events, weights: np.ndarray | None = None) -> Rates:
    """Rates from the window's events, each child counted ``weights[child]`` times (1 by default)."""
    w = np.ones(events.n_children) if weights is None else weights
    ew = w[events.children]
    moves_n = np.bincount(events.cell[events.kind == 0], weights=ew[events.kind == 0],
                          minlength=N_BANDS * N_TYPES * (N_TYPES + 1)).reshape(N_BANDS, N_TYPES, N_TYPES + 1)
    entries_n = np.bincount(events.cell[events.kind == 1], weights=ew[events.kind == 1],
                            minlength=MAX_AGE_MONTHS * N_TYPES).reshape(MAX_AGE_MONTHS, N_TYPES)
    at_risk = moves_n.sum(axis=2)
    moves = np.zeros_like(moves_n)
    notes = []
    for b in range(N_BANDS):
        for k in range(N_TYPES):
            if at_risk[b, k] > 0:
                moves[b, k] = moves_n[b, k] / at_risk[b, k]
                continue
            # not estimable: keep such children where they are, leaving at the band's (else all) exit rate
            pool = moves_n[b] if at_risk[b].sum() > 0 else moves_n.sum(axis=0)
            exit_rate = pool[:, EXIT].sum() / pool.sum() if pool.sum() > 0 else 0.0
            moves[b, k, k], moves[b, k, EXIT] = 1 - exit_rate, exit_rate
            if weights is None:
                notes.append(f"No children aged {AGE_BANDS[b][0]} were in {PLACEMENT_LABELS[PLACEMENT_TYPES[k]]} "
                             "placements during the reference window: their transition and exit rates could not "
                             f"be estimated; the model keeps any such children in place and uses the "
                             f"{'age band' if at_risk[b].sum() > 0 else 'overall'}'s exit rate "
                             f"({exit_rate:.2%} a month).")
    if weights is None:
        for k, ptype in enumerate(PLACEMENT_TYPES):
            if at_risk[:, k].sum() == 0 and entries_n[:, k].sum() == 0:
                notes.append(f"No child was in a {PLACEMENT_LABELS[ptype]} placement during the reference window: "
                             "the model projects none there unless a scenario moves children into it.")
    return Rates(moves, entries_n / events.n_pairs, at_risk, events.window, notes)


def estimate(history: History, window_months: int = MIN_HISTORY_MONTHS,
             min_history_months: int = MIN_HISTORY_MONTHS) -> Rates:
    """Entry, transition and exit rates over the last ``window_months`` months of the history."""
    return rates_from_events(window_events(history, window_months, min_history_months))


def stock_at(history: History, month: date | None = None) -> np.ndarray:
    """Children looked after at a month end (the last by default), (MAX_AGE_MONTHS, N_TYPES)."""
    month = month or history.months[-1]
    s = history.states[history.states["month_end"] == month]
    stock = np.zeros((MAX_AGE_MONTHS, N_TYPES))
    np.add.at(stock, (s["age_months"].to_numpy(int), s["ptype"].map(PLACEMENT_TYPES.index).to_numpy(int)), 1)
    return stock


def step(stock: np.ndarray, rates: Rates) -> np.ndarray:
    """One month: exits and transitions, ageing by a month (18th birthdays leave), then entries."""
    flows = stock[:, :, None] * rates.moves[BANDS]                # (age, from, to)
    staying = flows[:, :, :N_TYPES].sum(axis=1)                   # (age, to)
    aged = np.zeros_like(staying)
    aged[1:] = staying[:-1]
    return aged + rates.entries


def project(stock: np.ndarray, rates: Rates, horizon: int) -> np.ndarray:
    """Expected stock at each month end, (horizon + 1, MAX_AGE_MONTHS, N_TYPES); index 0 is ``stock``."""
    out = [np.asarray(stock, dtype=float)]
    for _ in range(horizon):
        out.append(step(out[-1], rates))
    return np.stack(out)


def simulate(stock: np.ndarray, rates: Rates, horizon: int, rng: np.random.Generator) -> np.ndarray:
    """One random path: Poisson entries, multinomial exits and transitions, (horizon + 1, MAX_AGE_MONTHS, N_TYPES)."""
    x = np.rint(stock).astype(np.int64)
    pvals = rates.moves[BANDS]
    pvals = pvals / pvals.sum(axis=2, keepdims=True)
    out = [x]
    for _ in range(horizon):
        flows = rng.multinomial(x, pvals)
        staying = flows[:, :, :N_TYPES].sum(axis=1)
        aged = np.zeros_like(staying)
        aged[1:] = staying[:-1]
        x = aged + rng.poisson(rates.entries)
        out.append(x)
    return np.stack(out)


def by_band(paths: np.ndarray) -> np.ndarray:
    """Sum ages into bands: (..., MAX_AGE_MONTHS, N_TYPES) -> (..., N_BANDS, N_TYPES)."""
    out = np.zeros(paths.shape[:-2] + (N_BANDS, N_TYPES))
    for b in range(N_BANDS):
        out[..., b, :] = paths[..., BANDS == b, :].sum(axis=-2)
    return out


@dataclass
class Forecast:
    """A projection: the central path and bootstrap replicates, both summed to age band x placement type."""

    months: list[date]
    central: np.ndarray                          # (horizon + 1, N_BANDS, N_TYPES)
    replicates: np.ndarray                       # (R, horizon + 1, N_BANDS, N_TYPES)
    level: float
    rates: Rates
    notes: list[str]

    def interval(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        tail = (1 - self.level) / 2
        return np.quantile(values, tail, axis=0), np.quantile(values, 1 - tail, axis=0)

    def table(self) -> pd.DataFrame:
        """Tidy: month, age_band, placement_type (and 'All' totals), forecast, lower, upper."""
        rows = []
        views = {("All", "All"): (self.central.sum(axis=(1, 2)), self.replicates.sum(axis=(2, 3)))}
        for b, (band, _, _) in enumerate(AGE_BANDS):
            views[(band, "All")] = (self.central[:, b].sum(axis=1), self.replicates[:, :, b].sum(axis=2))
        for k, ptype in enumerate(PLACEMENT_TYPES):
            views[("All", PLACEMENT_LABELS[ptype])] = (self.central[:, :, k].sum(axis=1),
                                                       self.replicates[:, :, :, k].sum(axis=2))
            for b, (band, _, _) in enumerate(AGE_BANDS):
                views[(band, PLACEMENT_LABELS[ptype])] = (self.central[:, b, k], self.replicates[:, :, b, k])
        for (band, ptype), (central, reps) in views.items():
            lower, upper = self.interval(reps)
            for i, m in enumerate(self.months):
                rows.append({"month_end": m, "age_band": band, "placement_type": ptype,
                             "forecast": central[i], "lower": lower[i], "upper": upper[i]})
        return pd.DataFrame(rows)


def forecast(history: History, horizon: int = 36, window_months: int = MIN_HISTORY_MONTHS,
             replicates: int = 200, level: float = 0.95, seed: int = 13, adjust=None,
             min_history_months: int = MIN_HISTORY_MONTHS, start: date | None = None) -> Forecast:
    """Estimate over the window ending at ``start`` (default: the history's end) and project ``horizon`` months.

    ``adjust`` (a function Rates -> Rates, e.g. a scenario) is applied to the estimate and to every
    bootstrap replicate.
    """
    if start is not None:
        history = History(history.states[history.states["month_end"] <= start],
                          [m for m in history.months if m <= start], list(history.notes))
    events = window_events(history, window_months, min_history_months)
    rates = rates_from_events(events)
    adjust = adjust or (lambda r: r)
    stock = stock_at(history)
    central = by_band(project(stock, adjust(rates), horizon))
    rng = np.random.default_rng(seed)
    reps = []
    for _ in range(replicates):
        weights = rng.multinomial(events.n_children, np.full(events.n_children, 1 / events.n_children))
        boot = replace(rates_from_events(events, weights.astype(float)), notes=[])
        reps.append(by_band(simulate(stock, adjust(boot), horizon, rng)))
    months = month_ends(history.months[-1], history.months[-1])
    for _ in range(horizon):
        nxt = pd.Timestamp(months[-1]) + pd.offsets.MonthEnd(1)
        months.append(nxt.date())
    notes = list(history.notes) + rates.notes + [
        f"Rates estimated over {events.n_pairs} months ({events.window[0]:%B %Y} to {events.window[1]:%B %Y}), "
        f"{events.n_children} children; {level:.0%} intervals from {replicates} simulations bootstrapped over children."]
    return Forecast(months, central, np.stack(reps) if reps else central[None], level, rates, notes)
