"""The numbers behind every over-time chart as tables, and the files ``carepath analyse --out`` writes
(CSV per table, one xlsx workbook per analysis, PNG and SVG charts)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from carepath.analysis.overtime.survival import MONTHS, Survival


def _percent(value):
    if value is None or isinstance(value, str):
        return value
    return None if value != value else round(100 * value, 1)


def _round(value, digits=1):
    return round(value, digits) if isinstance(value, float) and value == value else value


def summary_table(result: Survival) -> pd.DataFrame:
    """One row per group: records, children, events, median months, % at 6/12/24/60 months with 95% CI and at risk."""
    rows = []
    for r in result.summary:
        row = {"group": r["group"], "records": r["records"], "children": r["children"], "events": r["events"],
               "median_months": _round(r["median_months"])}
        for m in MONTHS:
            row[f"% {result.share_label} at {m} months"] = _percent(r[f"share_{m}"])
            row[f"95% CI low at {m}"] = _percent(r[f"lower_{m}"])
            row[f"95% CI high at {m}"] = _percent(r[f"upper_{m}"])
            row[f"at risk at {m}"] = r[f"at_risk_{m}"]
        rows.append(row)
    return pd.DataFrame(rows)


def curve_table(result: Survival) -> pd.DataFrame:
    """Every step of every curve: months, %, 95% CI, at risk before the step, events at it."""
    rows = []
    for c in result.curves:
        for i, m in enumerate(c.months):
            rows.append({"group": c.group, "months": round(m, 2), "percent": _percent(c.share[i]),
                         "ci_low": _percent(c.lower[i]), "ci_high": _percent(c.upper[i]),
                         "at_risk": c.at_risk[i], "events": c.events[i], "censored": c.censored[i]})
    return pd.DataFrame(rows)


def test_table(result: Survival) -> pd.DataFrame:
    rows = [{"note": n} for n in result.notes]
    if result.test:
        rows.insert(0, {"note": result.test.get("note"), "statistic": result.test.get("statistic"),
                        "degrees_of_freedom": result.test.get("degrees_of_freedom"),
                        "p_value": result.test.get("p_value")})
    return pd.DataFrame(rows or [{"note": "Not split by a factor: no test."}])


def cox_table(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame([{"factor": r["factor"], "level": r["level"], "compared with": r["reference"],
                          "hazard ratio": _round(r["hazard_ratio"], 3), "95% CI low": _round(r["lower"], 3),
                          "95% CI high": _round(r["upper"], 3), "p": _round(r["p_value"], 4),
                          "records": r["records"], "returns to care": r["returns"]} for r in rows])


def write(folder: Path, stem: str, tables: dict[str, pd.DataFrame]) -> list[Path]:
    """``stem_<table>.csv`` for each table and ``stem.xlsx`` with one sheet each."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in tables.items():
        path = folder / f"{stem}_{name}.csv"
        table.to_csv(path, index=False, encoding="utf-8-sig")
        written.append(path)
    path = folder / f"{stem}.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as book:
        for name, table in tables.items():
            table.to_excel(book, sheet_name=name[:31], index=False)
    written.append(path)
    return written
