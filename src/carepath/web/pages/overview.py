"""Overview: the scorecard of an indicator set for a period and a level.

Each indicator's row: the figure for the chosen period and unit, a sparkline of the periods of
the same kind before it, the direction of travel read through the indicator's polarity, and,
for financial years DfE publishes, England, the region, the statistical neighbours and the
LAIT quartile band. Figures pass through disclosure control for viewers who may not see every
child behind them (:mod:`carepath.web.control`).
"""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from carepath import rounding
from carepath.exchange.disclosure import SUPPRESSED
from carepath.indicators import catalogue
from carepath.reports.databook import direction
from carepath.web import control, results
from carepath.web.app import render_shared
from carepath.web.formatting import indicator_value
from carepath.web.pages.common import ALL_SET, PageContext, indicator_sets, members, query
from carepath.web.security import Viewer, require_user
from carepath.web.tables import Column, DataTable, provides

router = APIRouter()


def _number(value):
    return value if isinstance(value, (int, float)) else None


@provides("scorecard")
def scorecard_table(ctx: PageContext, params: dict) -> DataTable:
    la = ctx.la(params.get("la"))
    sets = dict(indicator_sets())
    set_name = params.get("set") if params.get("set") in sets else next(iter(sets))
    chosen = ctx.period(la, params.get("period")) if la else None
    level, unit = ctx.level_and_unit(la, params.get("level"), params.get("unit")) if la else ("authority", None)
    wanted = [(code, i, label) for code, i, label in members(set_name) if i in catalogue.indicators()]
    extra = {"la": la, "set": set_name, "period": chosen, "level": level, "unit": unit, "sets": list(sets.items()),
             "sparks": {}, "links": {}, "missing": [], "published": False}
    table = DataTable("scorecard", "Scorecard", [
        Column("code", "Code"), Column("title", "Indicator", link=lambda r: r.get("link")),
        Column("indicator_id", "Id"), Column("period", "Period"),
        Column("value", "Value", numeric=True, show=lambda v: v),
        Column("numerator", "Numerator", numeric=True), Column("denominator", "Denominator", numeric=True),
        Column("unit", "Unit"), Column("direction", "Direction of travel"),
        Column("previous", "Previous period", numeric=True),
        Column("england", "England", numeric=True), Column("region", "Region", numeric=True),
        Column("neighbours", "Neighbours (median)", numeric=True), Column("band", "Quartile band"),
        Column("note", "Note")], [], extra=extra)
    if la is None or chosen is None:
        return table
    ids = [i for _, i, _ in wanted]
    trends = ctx.stored(results.series, la, level, unit, chosen.kind, ids, until=chosen.end)
    labels = sorted({f["period"] for rows in trends.values() for f in rows})
    seen = ctx.stored(results.seen_parts, ctx.scope, la, level, ids, labels, unit) if labels else None
    benchmarks = ctx.web.benchmarks
    for code, indicator_id, label in wanted:
        indicator = catalogue.get(indicator_id)
        places = rounding.places_of(indicator)
        shown = []
        for f in trends[indicator_id]:
            part = None if seen is None else {unit: seen.get((indicator_id, f["period"], unit), (0.0, 0.0))}
            rows, _ = control.control_figures(indicator, [{**f, "unit_id": unit}], part)
            shown.append(rows[0])
        latest = next((f for f in shown if f["period"] == chosen.label), None)
        before = [f for f in shown if f["period_end"] < chosen.end]
        previous = before[-1] if before else None
        row = {"code": code, "indicator_id": indicator_id, "title": label, "unit": indicator.unit_label,
               "period": chosen.label,
               "polarity": indicator.polarity,
               "link": f"/indicators/{indicator_id}?" + query(la=la, period=chosen.label, level=level,
                                                               unit=unit if level != "authority" else None)}
        if latest is None:
            row["note"] = ctx.stored(results.missing, ctx.viewer.user, indicator_id, la, chosen.label, level,
                                          "This figure")
            extra["missing"].append(indicator_id)
        else:
            row.update(value=rounding.round_half_up(latest["value"], places),
                       shown_value=indicator_value(latest["value"], indicator),
                       numerator=latest["numerator"], denominator=latest["denominator"], note=results.note_of(latest),
                       suppressed=latest["suppressed"], incomplete_history=bool(latest.get("incomplete_history")))
            if latest["suppressed"]:
                row["note"] = "c: fewer than 5 children, or a figure that would reveal one"
        if previous is not None:
            row["previous"] = rounding.round_half_up(previous["value"], places)
            row["previous_period"] = previous["period"]
        if latest is not None and previous is not None and SUPPRESSED not in (latest["value"], previous["value"]):
            row["direction"] = direction(_number(previous["value"]), _number(latest["value"]), indicator.polarity)
        extra["sparks"][indicator_id] = [[f["period"], rounding.round_half_up(_number(f["value"]), places)]
                                         for f in shown]
        if chosen.kind == "year" and level == "authority" and latest is not None:
            bench = benchmarks.comparison(indicator, la, chosen.label, _number(latest["value"]))
            if bench is not None:
                extra["published"] = True
                row.update(england=rounding.round_half_up(bench.england, places),
                           region=rounding.round_half_up(bench.region, places),
                           neighbours=rounding.round_half_up(bench.neighbours_median, places),
                           band=bench.band or "", region_name=bench.region_name)
        table.rows.append(row)
    return table


def period_options(known) -> list[tuple[str, str]]:
    """Newest first, each with its kind: ("2024-25", "2024-25 (financial year)")."""
    kinds = {"year": "financial year", "quarter": "quarter", "month": "month", "rolling12": "rolling 12 months"}
    return [(p.label, f"{p.label} ({kinds.get(p.kind, p.kind)})") for p in reversed(known)]


@router.get("/overview")
def overview(request: Request, viewer: Viewer = Depends(require_user())):
    params = dict(request.query_params)

    def build() -> dict:                  # the same for every viewer of one scope: rendered once (render_shared)
        with PageContext.open(request, viewer) as ctx:
            table = scorecard_table(ctx, params)
            extra = table.extra
            la = extra["la"]
            choices = {}
            if la:
                choices = {"period_options": period_options(ctx.periods(la)),
                           "units": {lv: ctx.units(la, lv) for lv in ("service", "locality", "team", "worker")
                                     if ctx.scope.sees_level(lv)}}
            return dict(table=table, extra=extra, choices=choices,
                        export_query=query(la=la, set=extra["set"],
                                           period=extra["period"].label if extra["period"] else None,
                                           level=extra["level"], unit=extra["unit"]),
                        all_set=ALL_SET, may_compute=results.may_compute(viewer.user), **ctx.common(la))
    return render_shared(request, "overview.html", build)
