"""The leaving-care curve with and without care proceedings, on the care proceedings page.

Section 5 of *Data Visualisation in Children's Social Care* (Coram, April 2019): 70% of the children
subject to proceedings were still in care 50 weeks after entering, against 50% of those without.
The curves are :mod:`carepath.analysis.proceedings.leaving_care` (a period of care is "with
proceedings" when a linked proceeding was under way during it). Like the journeys through court,
they are open to everyone signed in: a viewer who may not see every child behind them sees them
through the Over time pages' disclosure control (:func:`carepath.analysis.overtime.control.control`:
steps of at least 5 periods ending, curves stopped where fewer than 5 are followed, small counts c).
The chart downloads as PNG and SVG; the table of the curves at 13 to 104 weeks, and every step of
them, as CSV and xlsx.
"""
from __future__ import annotations

import pandas as pd

from carepath.analysis.overtime.histories import DAYS_PER_MONTH
from carepath.errors import CarepathError
from carepath.web.pages.common import PageContext
from carepath.web.pages.journeys_charts import PALETTE, _layout
from carepath.web.tables import Column, DataTable, provides

MARK_WEEKS = 50


def _result(ctx: PageContext, params: dict, la: str | None):
    """(periods, curves as they may be shown, controlled?, why there are none) for the viewer."""
    from carepath.analysis.overtime import control
    from carepath.analysis.proceedings import leaving_care
    from carepath.web.pages.journeys_common import sees_every_child
    linked = ctx.cursor.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'proceeding_link'"
                                ).fetchall()[0][0] and ctx.cursor.execute(
        "SELECT count(*) FROM proceeding_link WHERE $la IS NULL OR la_code = $la", {"la": la}).fetchall()[0][0]
    if not linked:
        return None, None, False, ("No care proceedings are linked to children yet: load the legal department's "
                                   "extract and run carepath proceedings link.")
    frame = leaving_care.periods(ctx.cursor, la)
    if frame.empty:
        return None, None, False, "No periods of care in the SSDA903 returns loaded."
    try:
        result = leaving_care.survival(frame)
    except CarepathError as exc:
        return None, None, False, str(exc)
    visible = sees_every_child(ctx, sorted(set(frame.child_id)))
    return frame, (result if visible else control.control(result)), not visible, None


@provides("proceedings_leaving_care")
def leaving_table(ctx: PageContext, params: dict, la: str | None = None) -> DataTable:
    from carepath.analysis.proceedings import leaving_care
    from carepath.web.pages.proceedings import _la
    la = la if la is not None else _la(ctx, params)
    frame, result, controlled, problem = _result(ctx, params, la)
    rows = leaving_care.at_weeks(result, frame, controlled) if result is not None else []
    return DataTable("proceedings_leaving_care", "Still in care, with and without care proceedings", [
        Column("group", "Periods of care"), Column("weeks", "Weeks after entering care", numeric=True),
        Column("still_in_care", "% still in care (Kaplan-Meier)", numeric=True),
        Column("followed", "Periods still followed", numeric=True),
        Column("ended", "Periods ended by then", numeric=True)], rows,
        caption="Coram's report found 70% of children subject to proceedings still in care 50 weeks after entering, "
                "against 50% of those without (Data Visualisation in Children's Social Care, Coram, April 2019, "
                "section 5). A period of care is with proceedings when a linked proceeding was under way during it.",
        note=problem or "", extra={"result": result, "controlled": controlled})


@provides("proceedings_leaving_care_steps")
def steps_table(ctx: PageContext, params: dict) -> DataTable:
    """Every step of the curves (as shown to this viewer): the numbers behind the chart."""
    from carepath.web.pages.proceedings import _la
    _frame, result, _controlled, problem = _result(ctx, params, _la(ctx, params))
    rows = []
    for curve in (result.curves if result is not None else []):
        for i, months in enumerate(curve.months):
            rows.append({"group": curve.group, "weeks": round(months * DAYS_PER_MONTH / 7, 2),
                         "still_in_care": _percent(curve.share[i]), "ci_low": _percent(curve.lower[i]),
                         "ci_high": _percent(curve.upper[i]), "at_risk": curve.at_risk[i],
                         "ended": curve.events[i]})
    return DataTable("proceedings_leaving_care_steps", "Every step of the leaving-care curves", [
        Column("group", "Periods of care"), Column("weeks", "Weeks", numeric=True),
        Column("still_in_care", "% still in care", numeric=True), Column("ci_low", "95% CI low", numeric=True),
        Column("ci_high", "95% CI high", numeric=True), Column("at_risk", "Followed just before", numeric=True),
        Column("ended", "Ended at the step", numeric=True)], rows, note=problem or "")


def _percent(value):
    return None if value is None or pd.isna(value) else round(100 * float(value), 1)


def figure(result) -> dict | None:
    """Step curves of the % still in care by weeks, with 95% bands and a line at 50 weeks."""
    if result is None:
        return None
    traces = []
    for i, c in enumerate(result.curves):
        colour = PALETTE[i % len(PALETTE)]
        x = [round(m * DAYS_PER_MONTH / 7, 2) for m in c.months]
        pct, low, high = ([_percent(v) for v in values] for values in (c.share, c.lower, c.upper))
        traces.append({"type": "scatter", "x": x + x[::-1], "y": high + low[::-1], "fill": "toself",
                       "line": {"shape": "hv", "width": 0}, "fillcolor": colour, "opacity": 0.18,
                       "hoverinfo": "skip", "showlegend": False, "name": f"{c.group} 95% CI"})
        traces.append({"type": "scatter", "mode": "lines", "x": x, "y": pct, "name": c.group,
                       "line": {"shape": "hv", "color": colour, "width": 2},
                       "hovertemplate": f"{c.group}: %{{y}}% still in care at %{{x:.0f}} weeks<extra></extra>"})
    return {"data": traces, "layout": _layout(
        result.title, xaxis={"title": {"text": "Weeks after entering care"}, "rangemode": "tozero"},
        yaxis={"title": {"text": "% still in care"}, "range": [0, 100]},
        shapes=[{"type": "line", "x0": MARK_WEEKS, "x1": MARK_WEEKS, "y0": 0, "y1": 100, "xref": "x", "yref": "y",
                 "line": {"dash": "dot", "color": "#505a5f", "width": 1}}])}
