"""Weekly unit costs per placement type, from a CSV file the authority edits, and the forecast's cost.

The file has one row per placement type: ``placement_type,weekly_cost,source``. ``carepath forecast
costs-template`` writes the defaults below for the authority to replace with its own prices (its
placement budgets, or its section 251 outturn divided by care weeks); on the dashboard an analyst or
the authority's lead edits or uploads the same file (:mod:`carepath.web.placement_costs`). A
placement type with no cost (blank) is left out of the cost forecast, and the output says so and
how many children that leaves out: no figure is invented for it, and none is taken as £0.

Defaults, each a published national figure in its own price year (not uprated):

* fostering, in-house: £646 per child per week, "the cost per child per week in foster care",
  including boarding-out allowances, administration, social workers and other support staff —
  Unit Costs of Health and Social Care 2017, Personal Social Services Research Unit (PSSRU),
  University of Kent, 2017, page 86; 2016-17 prices. It covers all foster care, so it is the
  nearest published figure for in-house fostering rather than a figure for it alone.
* fostering, agency: £820 per child per week, the average weekly price charged by the largest
  independent fostering agencies — Children's social care market study: interim report,
  Competition and Markets Authority, 22 October 2021, summary; prices of the latest year the
  study's provider data covered.
* residential: £3,830 per child per week, the average weekly price charged by the largest private
  providers of children's homes — the same report and place. Local authority homes, secure homes
  and residential schools (also "residential" here) cost differently.
* kinship fostering: £202.33 per child per week, the national minimum allowance for foster carers
  in England outside London and the South East, 2025-26 (babies £170, pre-primary £176, primary
  £194, 11 to 15 £220, 16 to 17 £258 a week) averaged over the ages 0 to 17 by the years each band
  covers: (3 x 170 + 2 x 176 + 6 x 194 + 5 x 220 + 2 x 258) / 18 — "Help and support for foster
  parents: help with the cost of fostering", Department for Education, GOV.UK, 2025-26 rates. The
  Department says the allowance applies equally to carers related to the child. It is the floor
  of what a kinship carer is paid (no fee, no supervising social worker, London and South East
  rates higher), so it under-states the cost; replace it with the authority's own.
* placed with parents, other: no default. A child placed with parents costs the authority its
  social work, not a carer's allowance, and "other" (lodgings, semi-independent living, secure
  units, hospitals, young offender institutions ...) mixes placements whose prices differ tenfold:
  no one national weekly figure stands for either. The authority enters its own.

A month is 365.25 / 7 / 12 = 4.348 weeks.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

from carepath.errors import CarepathError
from carepath.forecast.history import PLACEMENT_LABELS, PLACEMENT_TYPES

WEEKS_PER_MONTH = 365.25 / 7 / 12
COLUMNS = ("placement_type", "weekly_cost", "source")
PSSRU_2017 = ("Unit Costs of Health and Social Care 2017, Personal Social Services Research Unit (University of "
              "Kent), 2017, page 86: cost per child per week in foster care (all foster care), 2016-17 prices")
CMA_2021 = ("Children's social care market study: interim report, Competition and Markets Authority, "
            "22 October 2021, summary: average weekly price charged by the largest {who}, prices of the "
            "latest year the study's provider data covered")
NMA_2025 = ("Help and support for foster parents: help with the cost of fostering, Department for Education, "
            "GOV.UK: national minimum allowance 2025-26 outside London and the South East (£170 to £258 a week "
            "by age), averaged over ages 0-17; a floor: no fee or support costs")
NO_DEFAULT = "no published national figure: enter the authority's own weekly cost"
NO_DEFAULT_PWP = ("no published national figure (a child placed with parents costs social work, not an "
                  "allowance): enter the authority's own weekly cost")
NO_DEFAULT_OTHER = ("no published national figure (lodgings, semi-independent, secure, hospital ... differ "
                    "tenfold): enter the authority's own weekly cost")
NMA_BANDS_2025 = ((3, 170.0), (2, 176.0), (6, 194.0), (5, 220.0), (2, 258.0))   # (years of age, £ a week)
KINSHIP_WEEKLY = round(sum(years * rate for years, rate in NMA_BANDS_2025) / 18, 2)
DEFAULT_COSTS = {
    "fostering_in_house": (646.0, PSSRU_2017),
    "fostering_agency": (820.0, CMA_2021.format(who="independent fostering agencies")),
    "residential": (3830.0, CMA_2021.format(who="private providers of children's homes")),
    "kinship": (KINSHIP_WEEKLY, NMA_2025),
    "placed_with_parents": (None, NO_DEFAULT_PWP),
    "other": (None, NO_DEFAULT_OTHER),
}


class CostsError(CarepathError):
    """A costs file that cannot be read; the message names the row and the problem."""


def costs_csv(costs: dict[str, tuple[float | None, str]]) -> str:
    """The costs as the CSV text of a costs file (blank weekly_cost where there is none)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(COLUMNS)
    for ptype in PLACEMENT_TYPES:
        cost, source = costs.get(ptype, (None, ""))
        w.writerow([ptype, "" if cost is None else f"{cost:.2f}", source])
    return out.getvalue()


def write_template(path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(costs_csv(DEFAULT_COSTS))
    return path


def parse_costs(text: str, name: str = "the costs file") -> dict[str, tuple[float | None, str]]:
    """Weekly cost and source per placement type from a costs file's text; a type not in it has no cost."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    if not reader.fieldnames or not {"placement_type", "weekly_cost"} <= {f.strip() for f in reader.fieldnames}:
        raise CostsError(f"{name}: the costs file needs the columns placement_type and weekly_cost "
                         "(write one with: carepath forecast costs-template FILE).")
    costs = {}
    for n, row in enumerate(reader, start=2):
        row = {(k or "").strip(): v for k, v in row.items()}
        ptype = (row.get("placement_type") or "").strip()
        if not ptype and not (row.get("weekly_cost") or "").strip():
            continue                                   # an empty row, as spreadsheets leave them
        if ptype not in PLACEMENT_TYPES:
            raise CostsError(f"{name} row {n}: unknown placement type {ptype!r}; "
                             f"use one of {', '.join(PLACEMENT_TYPES)}.")
        if ptype in costs:
            raise CostsError(f"{name} row {n}: {ptype} is in the file twice; keep one row per placement type.")
        raw = row.get("weekly_cost") or ""
        text_cost = raw.strip().replace("£", "").replace(",", "")
        try:
            cost = float(text_cost) if text_cost else None
        except ValueError:
            raise CostsError(f"{name} row {n}: weekly cost {raw!r} is not a number.") from None
        if cost is not None and not (0 <= cost < 1_000_000):
            raise CostsError(f"{name} row {n}: a weekly cost must be £0 or more and under £1,000,000; "
                             f"{raw!r} is not.")
        costs[ptype] = (cost, (row.get("source") or "").strip() or name)
    for ptype in PLACEMENT_TYPES:
        costs.setdefault(ptype, (None, f"not in {name}"))
    return costs


def read_costs(path: str | Path | None) -> dict[str, tuple[float | None, str]]:
    """Weekly cost and source per placement type; the defaults when ``path`` is None."""
    if path is None:
        return dict(DEFAULT_COSTS)
    path = Path(path)
    if not path.exists():
        raise CostsError(f"No costs file at {path}. Write one to edit with: carepath forecast costs-template FILE")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise CostsError(f"{path.name} is not a UTF-8 text file; save it from the spreadsheet as CSV UTF-8.") from None
    return parse_costs(text, path.name)


def uncosted(forecast, costs, counts: bool = True) -> list[str]:
    """Notes naming the placement types with no cost and (``counts``) the children they hold at the start."""
    missing = [k for k, p in enumerate(PLACEMENT_TYPES) if costs[p][0] is None]
    if not missing:
        return []
    names = ", ".join(PLACEMENT_LABELS[PLACEMENT_TYPES[k]] for k in missing)
    if not counts:
        return [f"No weekly cost for {names}: left out of the cost forecast. Add their weekly costs to the costs file."]
    start = forecast.central[0].sum(axis=0)
    held = float(start[missing].sum())
    total = float(start.sum())
    share = f" ({held / total:.0%} of them)" if total else ""
    return [f"No weekly cost for {names}: left out of "
            f"the cost forecast, which therefore leaves out {held:,.0f} of the {total:,.0f} children looked after "
            f"at the start{share}. Add their weekly costs to the costs file."]


def cost_table(forecast, costs) -> tuple[pd.DataFrame, list[str]]:
    """Monthly cost by placement type and in total, with intervals; and notes on what was left out.

    The cost of a month is the children looked after at its end x weekly cost x 4.348 weeks (the
    month-end stock stands for the month). Intervals come from the same simulations as the numbers.
    """
    weekly = np.array([costs[p][0] if costs[p][0] is not None else 0.0 for p in PLACEMENT_TYPES])
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
    return pd.DataFrame(rows), uncosted(forecast, costs)


def yearly_costs(forecast, costs) -> list[dict]:
    """Cost of each whole year ahead (months 1-12, 13-24, ...) by placement type and for all costed types.

    A year's cost is the sum of its 12 monthly costs; its interval is the central ``level`` share of
    the simulations' yearly sums (not the sum of monthly bounds).
    """
    weekly = np.array([costs[p][0] if costs[p][0] is not None else 0.0 for p in PLACEMENT_TYPES])
    months = forecast.central.shape[0] - 1
    rows = []
    for year in range(1, months // 12 + 1):
        span = slice(12 * (year - 1) + 1, 12 * year + 1)
        central = forecast.central[span].sum(axis=(0, 1)) * weekly * WEEKS_PER_MONTH        # (types,)
        reps = forecast.replicates[:, span].sum(axis=(1, 2)) * weekly * WEEKS_PER_MONTH      # (R, types)
        views = [("All costed placements", None, central.sum(), reps.sum(axis=1), "")] + [
            (PLACEMENT_LABELS[p], weekly[k], central[k], reps[:, k], costs[p][1])
            for k, p in enumerate(PLACEMENT_TYPES) if costs[p][0] is not None]
        for label, per_week, c, r, source in views:
            lower, upper = forecast.interval(r)
            rows.append({"year": f"Year {year}", "placement_type": label, "weekly_cost": per_week, "cost": float(c),
                         "lower": float(lower), "upper": float(upper), "source": source})
    return rows
