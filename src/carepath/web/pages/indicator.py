"""Indicator pages: the catalogue, and one indicator's trend, breakdown, definition, benchmarks and funnel.

Tables (each also CSV and xlsx): ``trend`` (the unit's figure over every period of the kind),
``breakdown`` (every unit of a level, with the authority's total), ``benchmark`` (against England,
region and neighbours) and ``funnel`` (every authority with its limits and flag). Charts are built
in :mod:`carepath.web.charts` from the same rows.

A figure with an incomplete history (its loaded returns do not cover its period and look-back) is
greyed in the charts and its table row says what history it needs. A level or unit that was not
computed shows a note and nothing else (no empty chart, no empty table); the note gives the
command to compute it only to those who can run it (:func:`carepath.web.results.not_computed`).
"""
from __future__ import annotations

import statistics

from fastapi import APIRouter, Depends, Request

from carepath import rounding
from carepath.errors import CarepathError
from carepath.indicators import catalogue
from carepath.indicators.engine import LEVELS
from carepath.indicators.export import no_records_note
from carepath.web import charts, control, results
from carepath.web.app import render_shared
from carepath.web.formatting import indicator_value
from carepath.web.pages.common import LEVEL_TITLES, PageContext, query
from carepath.web.pages.indicator_context import inspection_table
from carepath.web.pages.indicator_funnels import funnel_table, unit_funnel_table
from carepath.analysis.benchmark import missing_file
from carepath.reference import ees, published
from carepath.web.pages.overview import period_options
from carepath.web.security import Viewer, require_user
from carepath.web.tables import Column, DataTable, provides

router = APIRouter()


def figure_columns(indicator) -> list[Column]:
    return [Column("numerator", "Numerator", numeric=True), Column("denominator", "Denominator", numeric=True),
            Column("value", "Value", numeric=True, show=lambda v: indicator_value(v, indicator),
                   places=rounding.places_of(indicator)),
            Column("note", "Note")]


def _number(value):
    return value if isinstance(value, (int, float)) else None


def _indicator(params: dict):
    try:
        return catalogue.get(params.get("indicator") or "")
    except CarepathError as exc:
        raise CarepathError(str(exc)) from exc


def _where(ctx: PageContext, params: dict):
    indicator = _indicator(params)
    la = ctx.la(params.get("la"))
    period = ctx.period(la, params.get("period")) if la else None
    level, unit = ctx.level_and_unit(la, params.get("level"), params.get("unit")) if la else ("authority", None)
    return indicator, la, period, level, unit


@provides("trend")
def trend_table(ctx: PageContext, params: dict) -> DataTable:
    indicator, la, period, level, unit = _where(ctx, params)
    table = DataTable("trend", "Trend", [Column("period", "Period")] + figure_columns(indicator), [],
                      extra={"indicator": indicator, "la": la, "period": period, "level": level, "unit": unit})
    if period is None:
        return table
    figures = ctx.stored(results.series, la, level, unit, period.kind, [indicator.id])[indicator.id]
    seen = ctx.stored(results.seen_parts, ctx.scope, la, level, [indicator.id], [f["period"] for f in figures], unit)
    for f in figures:
        part = None if seen is None else {unit: seen.get((indicator.id, f["period"], unit), (0.0, 0.0))}
        row = control.control_figures(indicator, [{**f, "unit_id": unit}], part)[0][0]
        table.rows.append({**row, "note": results.note_of(row)})
    if not figures:
        table.extra["not_computed"] = True
        table.note = ctx.stored(results.missing, ctx.viewer.user, indicator.id, la, period.label, level,
                                     f"Figures for this {LEVEL_TITLES[level].lower()}")
    return table


def breakdown_level(params: dict, scope) -> str:
    """The level asked for, if the viewer may see it; else team (service for a regional viewer)."""
    if params.get("by") in LEVELS[1:] and scope.sees_level(params["by"]):
        return params["by"]
    return "team" if scope.sees_level("team") else "service"


@provides("breakdown")
def breakdown_table(ctx: PageContext, params: dict) -> DataTable:
    indicator, la, period, _, _ = _where(ctx, params)
    by = breakdown_level(params, ctx.scope)
    table = DataTable("breakdown", f"By {LEVEL_TITLES[by].lower()}",
                      [Column("unit_name", LEVEL_TITLES[by], link=lambda r: r.get("records_link")),
                       Column("unit_id", "Id")] + figure_columns(indicator), [], extra={"by": by})
    if period is None:
        return table
    rows = ctx.stored(results.level_figures, indicator.id, la, period.label, by)
    totals = ctx.stored(results.level_figures, indicator.id, la, period.label, "authority")
    total = totals[0] if totals else None
    seen_units = ctx.stored(results.seen_parts, ctx.scope, la, by, [indicator.id], [period.label])
    seen_total = ctx.stored(results.seen_parts, ctx.scope, la, "authority", [indicator.id], [period.label])
    seen = None
    if seen_units is not None:
        seen = {u: v for (_, _, u), v in seen_units.items()}
        seen.update({la: v for (_, _, u), v in (seen_total or {}).items()})
    shown, shown_total = control.control_figures(indicator, rows, seen, total)
    child_level = ctx.scope.child_level
    for row in shown + ([shown_total] if shown_total else []):
        if child_level and not row["controlled"] and (_number(row.get("numerator")) or _number(row.get("denominator"))):
            row["records_link"] = "/children/records?" + query(
                indicator=indicator.id, la=la, period=period.label, level=by if row is not shown_total else "authority",
                unit=row["unit_id"])
    table.rows = [{**row, "note": results.note_of(row)} for row in shown]
    if rows:      # the level was computed: its units that no child counted in are listed too, with the reason
        held = {row["unit_id"] for row in rows}
        table.rows = sorted(table.rows + [
            {"unit_id": unit, "unit_name": name, "numerator": None, "denominator": None, "value": None,
             "note": no_records_note(by, period.label)}
            for unit, name in ctx.stored(results.units, la, by, period.label) if unit not in held],
            key=lambda r: (r.get("unit_name") or "", r["unit_id"]))
    if not rows:
        table.rows = []
        table.extra["not_computed"] = True
        table.note = results.not_computed(ctx.viewer.user, indicator.id, period.label, by,
                                          f"Figures by {LEVEL_TITLES[by].lower()}")
    elif shown_total:
        table.rows.append({**shown_total, "note": results.note_of(shown_total), "unit_name": f"All of {ctx.name(la)}",
                           "is_total": True})
    return table


@provides("benchmark")
def benchmark_table(ctx: PageContext, params: dict) -> DataTable:
    indicator, la, period, _, _ = _where(ctx, params)
    table = DataTable("benchmark", "Benchmarks", [Column("name", "Compared with"),
                                                  Column("value", "Value", numeric=True,
                                                         places=rounding.places_of(indicator))],
                      [], extra={"comparison": None, "published": indicator.comparator,
                                 "no_comparator": indicator.published.get("none")})
    if indicator.comparator is None:
        table.note = ("DfE publishes no comparator for this indicator: "
                      + (indicator.published.get("none") or "none is named in its metadata."))
        return table
    table.caption = "Published comparator: " + published.title_of(indicator.comparator) + "."
    if indicator.comparator.get("difference"):
        table.caption += " Difference from this indicator's definition: " + indicator.comparator["difference"]
    if period is None:
        return table
    if period.kind != "year":
        table.note = "DfE publishes figures for financial years: choose a year (such as 2024-25) to compare."
        return table
    own = trend_figure(ctx, indicator, la, period.label)
    comparison = ctx.web.benchmarks.comparison(indicator, la, period.label, _number(own.get("value")) if own else None)
    if comparison is None:
        table.extra["missing_file"] = missing_file(indicator.id, ctx.web.benchmarks.reference)
        if table.extra["missing_file"]:
            table.note = table.extra["missing_file"]
            return table
        table.note = (f"The published comparator has no figures for {period.label} in the reference data"
                      + ("" if ctx.web.benchmarks.reference else " (no reference data folder was given: "
                                                                  "carepath serve --reference DIR)") + ".")
        return table
    table.extra["comparison"] = comparison
    marks = [(ctx.name(la), comparison.value, True), ("England", comparison.england, False),
             (f"Region: {comparison.region_name}" if comparison.region_name else "Region", comparison.region, False),
             ("Statistical neighbours (median)", comparison.neighbours_median, False),
             ("Statistical neighbours (mean)", comparison.neighbours_mean, False)]
    table.rows = [{"name": n, "value": v, "own": o} for n, v, o in marks]
    table.rows += [{"name": f"Neighbour: {ctx.name(code)}", "value": value, "own": False}
                   for code, value in comparison.neighbours.items()]
    table.extra["marks"] = marks
    standing = []
    if comparison.rank:
        standing.append(f"Rank {comparison.rank} of {comparison.ranked} authorities ("
                        + ("1 is the best, given that " + indicator.polarity + " is better" if indicator.polarity
                           in ("higher", "lower") else "1 is the highest; neither direction is better") + ")")
    if comparison.band:
        standing.append(f"quartile band {comparison.band} of 4 (A is the best quarter of authorities)")
    table.note = "; ".join(standing) + "." if standing else ""
    if comparison.suppressed:
        names = {"E": "England", la: ctx.name(la)}
        table.note += (" Not shown by DfE: " + "; ".join(
            f"{names.get(code) or (comparison.region_name if code.startswith('E1') else ctx.name(code))} "
            f"({symbol or 'blank'}: {ees.SYMBOLS.get(symbol.lower(), 'not shown')})"
            for code, symbol in comparison.suppressed.items()) + ".")
    return table


def trend_figure(ctx: PageContext, indicator, la: str, period_label: str) -> dict | None:
    """The authority's figure for a period, as this viewer may see it."""
    found = ctx.stored(results.level_figures, indicator.id, la, period_label, "authority")
    if not found:
        return None
    seen = ctx.stored(results.seen_parts, ctx.scope, la, "authority", [indicator.id], [period_label])
    part = None if seen is None else {la: seen.get((indicator.id, period_label, la), (0.0, 0.0))}
    return control.control_figures(indicator, [found[0]], part)[0][0]


def _charts(indicator, trend: DataTable, breakdown: DataTable, bench: DataTable, funnel: DataTable,
            names: dict, from_zero: bool = True, unit_funnel: DataTable | None = None) -> dict:
    unit_label, places = indicator.unit_label, rounding.places_of(indicator)
    found = {}
    if any(_number(r.get("value")) is not None for r in trend.rows):   # never an empty chart
        found["trend"] = charts.trend(f"{indicator.title}: trend", unit_label,
                                      [(r["period"], r["value"]) for r in trend.rows],
                                      [bool(r.get("incomplete_history")) for r in trend.rows], places, from_zero)
    if any(_number(r.get("value")) is not None for r in breakdown.rows if not r.get("is_total")):
        found["breakdown"] = charts.breakdown(f"{indicator.title}: {breakdown.title.lower()}", unit_label,
                                              [r for r in breakdown.rows if not r.get("is_total")], places)
    comparison = bench.extra.get("comparison")
    if comparison is not None:
        found["benchmark"] = charts.benchmark_bars("Against England, region and neighbours", unit_label,
                                                   bench.extra["marks"], places)
        values = comparison.all_authorities
        if len(values) >= 4:
            cuts = statistics.quantiles(list(values.values()), n=4)
            found["bands"] = charts.quartile_bands("Every authority, with the quartile bands", unit_label, values,
                                                   cuts, indicator.polarity, bench.extra["marks"][:2], names, places)
    if funnel.extra.get("funnel") is not None:
        la = next((r["code"] for r in funnel.rows if r.get("own")), None)
        found["funnel"] = charts.funnel_plot("Funnel plot: every authority", funnel.extra["funnel"], la,
                                             funnel.extra["names"], places)
    if unit_funnel is not None and unit_funnel.extra.get("funnel") is not None:
        within = LEVEL_TITLES[unit_funnel.extra["by"]]
        found["unit_funnel"] = charts.funnel_plot(f"Funnel plot: each {within.lower()} against the authority",
                                                  unit_funnel.extra["funnel"], None, unit_funnel.extra["names"],
                                                  places, units=f"{within}s")
    return found


@router.get("/indicators")
def catalogue_page(request: Request, viewer: Viewer = Depends(require_user())):
    groups: dict[str, list] = {}
    for item in catalogue.indicators().values():
        groups.setdefault(item.group.replace("_", " ").capitalize(), []).append(item)
    membership = {}
    for chosen in catalogue.sets().values():
        for m in chosen.members:
            membership.setdefault(m.indicator_id, []).append(f"{chosen.name} {m.code}")

    def build() -> dict:                  # the same for every viewer of one scope: rendered once (render_shared)
        with PageContext.open(request, viewer) as ctx:
            la = ctx.la(request.query_params.get("la"))
            computed = ctx.web.cached(("computed", la), lambda: results.computed_ids(ctx.cursor, la)) if la else set()
            return dict(groups=groups, membership=membership, computed=computed, **ctx.common(la))
    return render_shared(request, "indicators.html", build)


@router.get("/indicators/{indicator_id}")
def indicator_page(indicator_id: str, request: Request, viewer: Viewer = Depends(require_user())):
    params = {**dict(request.query_params), "indicator": indicator_id}
    indicator = _indicator(params)

    def build() -> dict:                  # the same for every viewer of one scope: rendered once (render_shared)
        with PageContext.open(request, viewer) as ctx:
            trend = trend_table(ctx, params)
            extra = trend.extra
            la, period = extra["la"], extra["period"]
            breakdown, bench, funnel = (breakdown_table(ctx, params), benchmark_table(ctx, params),
                                        funnel_table(ctx, params))
            unit_funnel, inspection = unit_funnel_table(ctx, params), inspection_table(ctx, params)
            names = {code: ctx.name(code) for code in (bench.extra["comparison"].all_authorities
                                                       if bench.extra.get("comparison") else {})}
            headline = next((r for r in trend.rows if period and r["period"] == period.label), None)
            incomplete = [r["period"] for r in trend.rows   # the grey points the trend chart draws
                          if r.get("incomplete_history") and _number(r.get("value")) is not None]
            levels = ctx.stored(results.computed_levels, indicator.id, la, period.label) if period else []
            member_of = [f"{s.title} ({m.code})" for s in catalogue.sets().values() for m in s.members
                         if m.indicator_id == indicator.id]
            base = query(la=la, period=period.label if period else None, level=extra["level"],
                         unit=extra["unit"] if extra["level"] != "authority" else None)
            return dict(indicator=indicator, trend=trend, breakdown=breakdown,
                        bench=bench, funnel=funnel, unit_funnel=unit_funnel, inspection=inspection,
                        charts=_charts(indicator, trend, breakdown, bench, funnel, names, params.get("y") != "fit",
                                       unit_funnel),
                        y_scale="fit" if params.get("y") == "fit" else "zero",
                        headline=headline,
                        headline_text=indicator_value(headline["value"], indicator) if headline else "",
                        extra=extra, levels=levels, member_of=member_of, base_query=base,
                        export_query=query(indicator=indicator.id, la=la, period=period.label if period else None,
                                           level=extra["level"], unit=extra["unit"], by=breakdown.extra["by"],
                                           within=unit_funnel.extra["by"]),
                        period_options=period_options(ctx.periods(la)) if la else [],
                        units={lv: ctx.units(la, lv) for lv in LEVELS[1:] if ctx.scope.sees_level(lv)} if la else {},
                        run_command=results.run_command(indicator.id, period.label if period else "2024-25", "all"),
                        may_compute=results.may_compute(viewer.user), incomplete=incomplete,
                        breakdown_incomplete=any(r.get("incomplete_history") for r in breakdown.rows),
                        comparator_title=published.title_of(indicator.comparator or {}),
                        **ctx.common(la))
    return render_shared(request, "indicator.html", build)
