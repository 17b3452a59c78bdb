"""The indicator page's funnel plots: every authority, and the teams or localities within one.

* ``funnel``: every authority's figure for a financial year against its denominator, for
  percentages (binomial limits) and rates per 10,000 (exact Poisson limits, the denominator being
  the authority's children aged 0-17), widened for over-dispersion where the spread calls for it
  (:mod:`carepath.analysis.funnel`). Points are DfE's published figures (:mod:`carepath.web.benchmarks`),
  else the authorities in this store.
* ``unit_funnel``: within the authority, each team or locality (any period) against the
  **authority's own figure** for the same period, for indicators with a numerator and denominator
  at those levels (percentages: rates are known only for the authority). For a viewer who may not
  see every child, the figures first pass through the page's disclosure control
  (:func:`carepath.web.control.control_figures`): a unit shown ``c`` is left out of the funnel and
  listed as suppressed, and no funnel is drawn when the authority's own figure is suppressed.

Each funnel's note names its method and limits; each row says where the unit lies against them.
"""
from __future__ import annotations

from carepath import rounding
from carepath.analysis.funnel import Point, funnel
from carepath.web import results
from carepath.web.pages.common import LEVEL_TITLES, PageContext
from carepath.web.tables import Column, DataTable, provides

FUNNEL_UNITS = ("percent", "rate")
WITHIN = ("team", "locality")


def _number(value):
    return value if isinstance(value, (int, float)) else None


def _value_column(indicator) -> Column:
    return Column("value", "Per cent" if indicator.unit == "percent" else "Per 10,000 children", numeric=True,
                  places=rounding.places_of(indicator))


def _note(result, indicator, target_words: str) -> str:
    shown = rounding.text(result.target * result.scale, rounding.places_of(indicator))
    unit = "%" if result.kind == "proportion" else " per 10,000 children"
    return (f"Target: {target_words} {shown}{unit}. Method: {result.method}. Outliers lie outside the 99.8% limits; "
            "alerts outside 95% only.")


def _rows(result, own: str | None) -> list[dict]:
    return sorted(({"name": p.name, "code": p.unit, "numerator": p.numerator, "denominator": p.denominator,
                    "value": p.proportion * result.scale, "flag": result.flags.get(p.unit) or "within 95% limits",
                    "own": p.unit == own} for p in result.points), key=lambda r: r["name"])


@provides("funnel")
def funnel_table(ctx: PageContext, params: dict) -> DataTable:
    from carepath.web.pages.indicator import _where, trend_figure
    indicator, la, period, _, _ = _where(ctx, params)
    table = DataTable("funnel", "Funnel plot", [
        Column("name", "Authority"), Column("code", "Code"), Column("numerator", "Numerator", numeric=True),
        Column("denominator", "Denominator" if indicator.unit == "percent" else "Children aged 0-17", numeric=True),
        _value_column(indicator), Column("flag", "Against the limits")], [], extra={"funnel": None})
    if period is None or indicator.unit not in FUNNEL_UNITS:
        table.note = "Funnel plots are drawn for percentages and rates per 10,000."
        return table
    if period.kind != "year":
        table.note = "Funnel plots across authorities compare financial years: choose a year."
        return table
    own = trend_figure(ctx, indicator, la, period.label)
    own_pair = ((own["numerator"], own["denominator"]) if own and _number(own.get("numerator")) is not None
                and _number(own.get("denominator")) else None)
    store_points = []
    for f in ctx.stored(results.all_authorities, indicator.id, period.label):
        if f["unit_id"] == la:
            if own_pair:
                store_points.append(Point(la, ctx.name(la), *own_pair))
            continue
        small = any(v is not None and 1 <= v <= 4 for v in (f["numerator"], f["denominator"]))
        if f["denominator"] and (ctx.scope.sees_everything_of(f["unit_id"]) or not small):
            store_points.append(Point(f["unit_id"], ctx.name(f["unit_id"]), f["numerator"], f["denominator"]))
    result, described = ctx.web.benchmarks.funnel(indicator, la, period.label, own_pair, store_points)
    table.caption = f"Points: {described}."
    if result is None:
        table.note = "Too few authorities to draw a funnel plot."
        return table
    table.extra.update(funnel=result, names={p.unit: p.name for p in result.points})
    table.rows = _rows(result, la)
    table.extra["outliers"] = [r for r in table.rows if r["flag"].startswith("outlier")]
    table.note = _note(result, indicator, "the pooled figure of these authorities,")
    return table


def within_level(params: dict, scope) -> str | None:
    """Teams (or localities, if asked) within the authority, where the viewer may see that level."""
    wanted = params.get("within") if params.get("within") in WITHIN else "team"
    return wanted if scope.sees_level(wanted) else None


@provides("unit_funnel")
def unit_funnel_table(ctx: PageContext, params: dict) -> DataTable:
    from carepath.web import control
    from carepath.web.pages.indicator import _where
    indicator, la, period, _, _ = _where(ctx, params)
    by = within_level(params, ctx.scope)
    title = LEVEL_TITLES[by] if by else "Unit"
    table = DataTable("unit_funnel", f"Funnel plot by {title.lower()}", [
        Column("name", title), Column("code", "Id"), Column("numerator", "Numerator", numeric=True),
        Column("denominator", "Denominator", numeric=True), _value_column(indicator),
        Column("flag", "Against the limits")], [], extra={"funnel": None, "by": by, "suppressed": []})
    if period is None:
        return table
    if indicator.unit != "percent":
        table.note = ("Teams and localities are compared for indicators with a numerator and a denominator at "
                      "those levels (percentages): " + ("rates per 10,000 are known only for the authority, whose "
                                                        "population is published." if indicator.unit == "rate"
                                                        else "this indicator has none."))
        return table
    if by is None:
        table.note = "Your role sees authority and service figures only: there is no funnel of teams or localities."
        return table
    rows = ctx.stored(results.level_figures, indicator.id, la, period.label, by)
    totals = ctx.stored(results.level_figures, indicator.id, la, period.label, "authority")
    seen_units = results.seen_parts(ctx.cursor, ctx.scope, la, by, [indicator.id], [period.label])
    seen_total = results.seen_parts(ctx.cursor, ctx.scope, la, "authority", [indicator.id], [period.label])
    seen = None
    if seen_units is not None:
        seen = {u: v for (_, _, u), v in seen_units.items()}
        seen.update({la: v for (_, _, u), v in (seen_total or {}).items()})
    shown, total = control.control_figures(indicator, rows, seen, totals[0] if totals else None)
    if total is None or total.get("suppressed") or not _number(total.get("denominator")):
        table.note = f"No funnel: {ctx.name(la)}'s own figure for {period.label} is not available to you."
        return table
    table.extra["suppressed"] = [r.get("unit_name") or r["unit_id"] for r in shown if r.get("suppressed")]
    points = [Point(r["unit_id"], r.get("unit_name") or r["unit_id"], r["numerator"], r["denominator"])
              for r in shown if not r.get("suppressed") and _number(r.get("denominator"))]
    if len(points) < 3:
        table.note = f"Too few {title.lower()}s with cases in {period.label} to draw a funnel plot."
        return table
    result = funnel(points, target=total["numerator"] / total["denominator"], target_from=la)
    table.extra.update(funnel=result, names={p.unit: p.name for p in result.points})
    table.rows = _rows(result, None)
    table.extra["outliers"] = [r for r in table.rows if r["flag"].startswith("outlier")]
    table.caption = (f"Points: the {len(points)} {title.lower()}s of {ctx.name(la)} with cases in {period.label}"
                     + (f"; not shown, as their figures are suppressed for you: {', '.join(table.extra['suppressed'])}"
                        if table.extra["suppressed"] else "") + ".")
    table.note = _note(result, indicator, f"{ctx.name(la)}'s own figure,")
    return table
