"""Disclosure control of curves and their tables, for people who may not see the children behind them.

The rules of :mod:`carepath.exchange.disclosure` (counts of 1 to 4 are ``c``, with complements
so none can be worked out from a total), applied to what a curve reveals:

* **Group counts** (records, children, events) with their total go through
  :func:`carepath.exchange.disclosure.protect`; a group whose records are ``c`` is not drawn.
* **Curve steps**: a Kaplan-Meier step is the events on one day among those at risk, so a step of
  1 to 4 events would reveal them. Steps are merged until each shown step holds at least the
  threshold of events (the curve drops once, at the day the threshold is reached, to the true
  estimate there), and the curve stops where fewer than the threshold remain at risk. Censored
  counts are not shown.
* **Table cells**: a share at t months is ``c`` when fewer than the threshold are at risk at t, or
  when 1 to 4 events lie before it; the number at risk below the threshold is ``c``.
"""
from __future__ import annotations

from dataclasses import replace

from carepath.analysis.overtime.survival import MONTHS, Curve, Survival
from carepath.exchange import disclosure
from carepath.exchange.disclosure import SUPPRESSED, Rules

TOTAL = ("total",)
THRESHOLD = Rules().high + 1    # 5: counts of 1 to 4 are suppressed


def control_curve(curve: Curve, threshold: int = THRESHOLD) -> Curve:
    """The curve as it may be shown: merged steps of at least ``threshold`` events, cut where fewer are at risk."""
    keep = [0]
    events, pending = [0], 0
    for i in range(1, len(curve.months)):
        if curve.at_risk[i] < threshold:
            break
        pending += curve.events[i] + curve.other_endings[i]
        if pending >= threshold:
            keep.append(i)
            events.append(pending)
            pending = 0
    pick = (lambda values: [values[i] for i in keep])
    return Curve(curve.group, pick(curve.months), pick(curve.share), pick(curve.lower), pick(curve.upper),
                 pick(curve.at_risk), events, [None] * len(keep), [None] * len(keep))


def control(result: Survival, threshold: int = THRESHOLD) -> Survival:
    """The whole result as it may be shown to someone who may not see every child behind it."""
    rules = Rules(low=1, high=threshold - 1)
    rows = [dict(r) for r in result.summary]
    hidden: dict[str, set] = {}
    for measure in ("records", "children", "events"):
        values = {(r["group"],): r[measure] for r in rows}
        table = disclosure.Table(dict(values))
        if len(rows) > 1:
            table.values[TOTAL] = sum(values.values())
            table.add_total(TOTAL, list(values))
        hidden[measure] = disclosure.protect(table, rules)
    shown, curves = [], []
    by_group = {c.group: c for c in result.curves}
    for row in rows:
        key = (row["group"],)
        if key in hidden["records"] or key in hidden["children"]:
            shown.append({k: (v if k == "group" else SUPPRESSED) for k, v in row.items()})
            continue
        if key in hidden["events"]:
            row["events"] = SUPPRESSED
        for m in MONTHS:
            small_risk = row[f"at_risk_{m}"] < threshold
            few_events = 0 < row[f"events_{m}"] < threshold
            if small_risk or few_events:
                for name in ("share", "lower", "upper"):
                    row[f"{name}_{m}"] = SUPPRESSED if row[f"{name}_{m}"] is not None else None
            if small_risk and row[f"at_risk_{m}"] > 0:
                row[f"at_risk_{m}"] = SUPPRESSED
            row[f"events_{m}"] = SUPPRESSED if few_events else row[f"events_{m}"]
        if row["median_months"] is not None and row["events"] == SUPPRESSED:
            row["median_months"] = SUPPRESSED
        shown.append(row)
        curves.append(control_curve(by_group[row["group"]], threshold))
    return replace(result, curves=curves, summary=shown,
                   notes=result.notes + [f"Disclosure control: groups, steps and cells that would reveal fewer than "
                                         f"{threshold} children are merged or shown as c."])


def control_cox(rows: list[dict], threshold: int = THRESHOLD) -> list[dict]:
    """Hazard ratios of a level with 1 to 4 records or returns are ``c`` (with its counts): a ratio on a few
    children says something about each of them."""
    shown = []
    for row in rows:
        small = [k for k in ("records", "returns") if isinstance(row.get(k), int) and 0 < row[k] < threshold]
        if small:
            row = {**row, **{k: SUPPRESSED for k in ("hazard_ratio", "lower", "upper", "p_value", "records", "returns")}}
        shown.append(row)
    return shown
