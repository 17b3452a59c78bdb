"""What becomes of supervision orders: return to court, its pace, the use of each order, and area variation.

Following Harwin and Alrouh, *Outcome of supervision orders* (section 6 of *Data Visualisation in
Children's Social Care*, Coram, April 2019, after Harwin et al., *The contribution of supervision
orders and special guardianship to children's lives and family justice*, Lancaster University, 2019).

* **Order groups**: SO (standalone), SO + CAO, SO + SGO, and as comparison "Care order at home":
  a care order whose child, on the final order day, is placed with parents (SSDA903 placement P1)
  or not looked after at all.
* **Return to court**: a new application for the same child (another linked proceeding whose
  application date is after the final order day) within 5 years: 60 calendar months after the
  final order day. Follow-up ends (censored) at the earlier of 60 months and the last day the
  legal file covers (its latest application or final order date). Durations are in days from the
  final order day; a return on the day after the order is day 1.
* **Curves**: Kaplan-Meier estimates (lifelines) of the share returned, ``1 - S(t)``, by group,
  with the numbers at risk at the start of each year.
* **Pace per year**: for year k after the order (days 365(k-1)+1 to 365k), returns in year k /
  children still followed and not returned at its start (a life table).
* **Use by year**: final orders by calendar year of the final order and order group (every
  concluded proceeding, linked or not).
* **Funnel**: the share of supervision orders (SO, SO + CAO, SO + SGO) among concluded proceedings
  by area (the authority, or a lookup from LA code to a grouping such as Designated Family Judge
  areas), with Spiegelhalter's limits (:mod:`carepath.analysis.funnel`).
"""
from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from carepath.analysis.funnel import Point, funnel
from carepath.analysis.proceedings.three_variable import months_after, order_kind

SUPERVISION = ("SO", "SO + CAO", "SO + SGO")
AT_HOME = "Care order at home"
GROUPS = SUPERVISION + (AT_HOME,)
FOLLOW_MONTHS = 60


def follow_up(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per concluded linked proceeding in an order group: duration (days) and returned (bool)."""
    rows = con.execute("""
        SELECT p.proceeding_id, p.la_code, l.child_id, p.application_date, p.final_order_date, p.order_made,
               (SELECT min(q.application_date) FROM proceeding q JOIN proceeding_link m USING (proceeding_id)
                WHERE m.child_id = l.child_id AND q.application_date > p.final_order_date) AS next_application,
               (SELECT e.placement FROM cla_episode e
                WHERE e.child_id = l.child_id AND e.start_date <= p.final_order_date
                  AND (e.end_date IS NULL OR e.end_date > p.final_order_date)
                ORDER BY e.start_date DESC LIMIT 1) AS placed
        FROM proceeding p JOIN proceeding_link l USING (proceeding_id)
        WHERE p.final_order_date IS NOT NULL ORDER BY p.final_order_date, p.proceeding_id""").fetchall()
    last = con.execute("SELECT greatest(max(application_date), max(final_order_date)) FROM proceeding").fetchone()[0]
    out = []
    for pid, la, cid, applied, final, made, next_application, placed in rows:
        group = order_kind(made)
        if group == "Care order":
            group = AT_HOME if placed in (None, "P1") else None
        if group not in GROUPS:
            continue
        out.append({"proceeding_id": pid, "la_code": la, "child_id": cid, "final_order_date": final, "group": group,
                    **returned(final, next_application, last)})
    return pd.DataFrame(out, columns=["proceeding_id", "la_code", "child_id", "final_order_date", "group",
                                      "duration", "returned"])


def returned(final: date, next_application: date | None, last: date) -> dict:
    """Days followed from the final order and whether the child returned to court (see the module docstring)."""
    end = min(months_after(final, FOLLOW_MONTHS), last)
    if next_application is not None and next_application <= end:
        return {"duration": (next_application - final).days, "returned": True}
    return {"duration": max(0, (end - final).days), "returned": False}


def curves(frame: pd.DataFrame, years: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Kaplan-Meier share returned by group (timeline), and numbers at risk at the start of each year."""
    from lifelines import KaplanMeierFitter
    timeline, at_risk = [], []
    for group, part in frame.groupby("group"):
        fitter = KaplanMeierFitter().fit(part.duration, part.returned, label=group)
        survival = fitter.survival_function_[group]
        for day, s in survival.items():
            timeline.append({"group": group, "day": int(day), "returned_share": round(1 - float(s), 4)})
        for year in range(years + 1):
            at_risk.append({"group": group, "year": year, "at_risk": int((part.duration >= 365 * year).sum()),
                            "returned_share": round(1 - float(fitter.predict(365 * year)), 4)})
    return pd.DataFrame(timeline), pd.DataFrame(at_risk)


def pace(frame: pd.DataFrame, years: int = 5) -> pd.DataFrame:
    """Returns in each year after the order / children followed into that year and not yet returned."""
    rows = []
    for group, part in frame.groupby("group"):
        for k in range(1, years + 1):
            start, end = 365 * (k - 1), 365 * k
            at_start = part if k == 1 else part[part.duration > start]  # neither returned nor censored by then
            events = int((at_start.returned & (at_start.duration <= end)).sum())
            rows.append({"group": group, "year_after_order": k, "at_start": len(at_start), "returned": events,
                         "rate": round(events / len(at_start), 4) if len(at_start) else None})
    return pd.DataFrame(rows)


def use_by_year(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Final orders by calendar year and order made (grouped), every concluded proceeding."""
    rows = con.execute("SELECT year(final_order_date), order_made FROM proceeding "
                       "WHERE final_order_date IS NOT NULL").fetchall()
    frame = pd.DataFrame([(y, order_kind(m)) for y, m in rows], columns=["year", "order"])
    return frame.groupby(["year", "order"]).size().rename("orders").reset_index()


def area_funnel(con: duckdb.DuckDBPyConnection, areas: dict[str, str] | None = None):
    """Share of supervision orders among concluded proceedings, by area (LA code, or ``areas[la_code]``)."""
    rows = con.execute("SELECT la_code, order_made FROM proceeding WHERE final_order_date IS NOT NULL").fetchall()
    counts: dict[str, list[int]] = {}
    for la, made in rows:
        area = (areas or {}).get(la, la)
        c = counts.setdefault(area, [0, 0])
        c[0] += order_kind(made) in SUPERVISION
        c[1] += 1
    return funnel([Point(a, a, n, d) for a, (n, d) in sorted(counts.items())])


def read_areas(path) -> dict[str, str]:
    """A lookup file: CSV with columns la_code and area (e.g. a Designated Family Judge area)."""
    frame = pd.read_csv(path, dtype=str)
    missing = {"la_code", "area"} - set(frame.columns)
    if missing:
        from carepath.errors import CarepathError
        raise CarepathError(f"{path}: the area lookup needs columns la_code and area "
                            f"(missing {', '.join(sorted(missing))}).")
    return dict(zip(frame.la_code.str.strip(), frame.area.str.strip()))
