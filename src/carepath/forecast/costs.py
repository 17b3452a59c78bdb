"""Weekly unit costs per placement type, from a CSV file the authority edits, and the forecast's cost.

The file has one row per placement type: ``placement_type,weekly_cost,source``. ``carepath forecast
costs-template`` writes the defaults below for the authority to replace with its own prices (its
placement budgets, or its section 251 outturn divided by care weeks). A placement type with no cost
(blank) is left out of the cost forecast, and the output says so — no figure is invented for it.

Defaults, 2016-17 prices:

* fostering (in-house and agency alike): £646 per child per week, "the cost per child per week in
  foster care", including boarding-out allowances, administration, social workers and other
  support staff — Unit Costs of Health and Social Care 2017, Personal Social Services Research
  Unit (PSSRU), University of Kent, 2017. It averages in-house and agency
  foster care, so it understates agency placements: replace it with the authority's own figures.
* residential, kinship, placed with parents, other: no default. The authority must supply them.

A month is 365.25 / 7 / 12 = 4.348 weeks.
"""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd

from carepath.errors import CarepathError
from carepath.forecast.history import PLACEMENT_LABELS, PLACEMENT_TYPES

WEEKS_PER_MONTH = 365.25 / 7 / 12
PSSRU_2017 = ("Unit Costs of Health and Social Care 2017, Personal Social Services Research Unit "
              "(University of Kent), 2017: cost per child per week in foster care, 2016-17 prices")
DEFAULT_COSTS = {
    "fostering_in_house": (646.0, PSSRU_2017),
    "fostering_agency": (646.0, PSSRU_2017 + " (all foster care; agency placements cost more: replace)"),
    "residential": (None, "no default: enter the authority's own weekly cost"),
    "kinship": (None, "no default: enter the authority's own weekly cost"),
    "placed_with_parents": (None, "no default: enter the authority's own weekly cost"),
    "other": (None, "no default: enter the authority's own weekly cost"),
}


class CostsError(CarepathError):
    """A costs file that cannot be read; the message names the row and the problem."""


def write_template(path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["placement_type", "weekly_cost", "source"])
        for ptype, (cost, source) in DEFAULT_COSTS.items():
            w.writerow([ptype, "" if cost is None else f"{cost:.2f}", source])
    return path


def read_costs(path: str | Path | None) -> dict[str, tuple[float | None, str]]:
    """Weekly cost and source per placement type; the defaults when ``path`` is None."""
    if path is None:
        return dict(DEFAULT_COSTS)
    path = Path(path)
    if not path.exists():
        raise CostsError(f"No costs file at {path}. Write one to edit with: carepath forecast costs-template FILE")
    costs = {}
    with path.open(newline="") as f:
        reader = csv.DictReader(f)
        if not reader.fieldnames or not {"placement_type", "weekly_cost"} <= set(reader.fieldnames):
            raise CostsError(f"{path}: the costs file needs the columns placement_type and weekly_cost.")
        for n, row in enumerate(reader, start=2):
            ptype = (row["placement_type"] or "").strip()
            if ptype not in PLACEMENT_TYPES:
                raise CostsError(f"{path} row {n}: unknown placement type {ptype!r}; "
                                 f"use one of {', '.join(PLACEMENT_TYPES)}.")
            text = (row["weekly_cost"] or "").strip().replace("£", "").replace(",", "")
            try:
                cost = float(text) if text else None
            except ValueError:
                raise CostsError(f"{path} row {n}: weekly cost {row['weekly_cost']!r} is not a number.") from None
            if cost is not None and cost < 0:
                raise CostsError(f"{path} row {n}: weekly cost cannot be negative.")
            costs[ptype] = (cost, (row.get("source") or "").strip() or f"{path.name}")
    for ptype in PLACEMENT_TYPES:
        costs.setdefault(ptype, (None, "not in the costs file"))
    return costs


def cost_table(forecast, costs) -> tuple[pd.DataFrame, list[str]]:
    """Monthly cost by placement type and in total, with intervals; and notes on what was left out.

    The cost of a month is the children looked after at its end x weekly cost x 4.348 weeks (the
    month-end stock stands for the month). Intervals come from the same simulations as the numbers.
    """
    weekly = np.array([costs[p][0] if costs[p][0] is not None else 0.0 for p in PLACEMENT_TYPES])
    missing = [PLACEMENT_LABELS[p] for p in PLACEMENT_TYPES if costs[p][0] is None]
    central = forecast.central.sum(axis=1) * weekly * WEEKS_PER_MONTH          # (months, types)
    reps = forecast.replicates.sum(axis=2) * weekly * WEEKS_PER_MONTH          # (R, months, types)
    rows = []
    views = [("All costed placements", central.sum(axis=1), reps.sum(axis=2))] + [
        (PLACEMENT_LABELS[p], central[:, k], reps[:, :, k])
        for k, p in enumerate(PLACEMENT_TYPES) if costs[p][0] is not None]
    for label, c, r in views:
        lower, upper = forecast.interval(r)
        for i, m in enumerate(forecast.months):
            rows.append({"month_end": m, "placement_type": label, "cost": c[i], "lower": lower[i], "upper": upper[i]})
    notes = [f"No weekly cost for {', '.join(missing)}: left out of the cost forecast; add them to the costs "
             "file."] if missing else []
    return pd.DataFrame(rows), notes
