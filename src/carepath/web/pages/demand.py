"""Demand: the forecast of children looked after by placement type, a scenario beside it, and its cost.

The page runs :mod:`carepath.forecast` on the store (the authority's SSDA903 history), as
``carepath forecast run`` does, with 100 bootstrap simulations for the 95% intervals (the command
line defaults to 200). Scenario controls: a percentage change in entries (for one age band or
all), and a share of the children who would go into agency fostering placed in-house instead.

Disclosure: the forecast starts from the children looked after at the last month end, so for a
viewer who may not see every child of the authority (:meth:`Scope.sees_everything_of`) the
starting counts by placement type go through :func:`carepath.web.control.suppress_counts`, and a
placement type (or the total) suppressed there is shown as ``c`` in every month and left off the
charts.

The Cost section (the cost year by year, the weekly costs in use, and setting them) is
:mod:`carepath.web.pages.demand_costs`.
"""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from carepath.errors import CarepathError
from carepath.exchange.disclosure import SUPPRESSED
from carepath.web import charts
from carepath.web.app import render
from carepath.web.control import TOTAL, suppress_counts
from carepath.web.pages.common import PageContext, query
from carepath.web.security import Viewer, require_user
from carepath.web.tables import Column, DataTable, provides

router = APIRouter()
HORIZONS = [("12", "1 year"), ("24", "2 years"), ("36", "3 years"), ("60", "5 years")]
REPLICATES = 100
ALL = "All"


def _choices(params: dict) -> dict:
    from carepath.forecast.history import AGE_BANDS
    horizon = params.get("horizon") or "36"
    if horizon not in dict(HORIZONS):
        raise CarepathError(f"Horizon must be one of {', '.join(dict(HORIZONS))} months.")
    band = params.get("band") or "all"
    if band != "all" and band not in [b[0] for b in AGE_BANDS]:
        raise CarepathError(f"Unknown age band {band!r}.")
    out = {"horizon": horizon, "band": band}
    for key, low, high in (("entries", -100, 100), ("shift", 0, 100)):
        text = (params.get(key) or "0").strip()
        try:
            value = float(text)
        except ValueError:
            raise CarepathError(f"The {key} change must be a number of percent, not {text!r}.") from None
        if not low <= value <= high:
            raise CarepathError(f"The {key} change must be between {low}% and {high}%.")
        out[key] = value
    return out


def _scenario(choice: dict):
    from carepath.forecast.scenario import Scenario
    changes = []
    if choice["entries"]:
        change = {"entries": 1 + choice["entries"] / 100}
        if choice["band"] != "all":
            change["age_bands"] = [choice["band"]]
        changes.append(change)
    if choice["shift"]:
        changes.append({"shift": choice["shift"] / 100, "from": "fostering_agency", "to": "fostering_in_house"})
    if not changes:
        return None
    words = []
    if choice["entries"]:
        words.append(f"entries {choice['entries']:+g}%" + ("" if choice["band"] == "all" else f" aged {choice['band']}"))
    if choice["shift"]:
        words.append(f"{choice['shift']:g}% of agency fostering in-house instead")
    return Scenario("Scenario: " + ", ".join(words), tuple(changes))


def _forecasts(ctx: PageContext, la: str, choice: dict):
    from carepath.forecast.history import load_history
    from carepath.forecast.markov import forecast
    scenario = _scenario(choice)
    horizon = int(choice["horizon"])

    def compute():
        history = load_history(ctx.cursor, la)
        base = forecast(history, horizon, replicates=REPLICATES)
        alt = forecast(history, horizon, replicates=REPLICATES, adjust=scenario) if scenario else None
        return base, alt, scenario
    return ctx.web.cached(("demand", la, choice["horizon"], choice["band"], choice["entries"], choice["shift"]),
                          compute)


def _hidden_series(ctx: PageContext, la: str, base) -> set[str]:
    """Placement-type series (and ALL) shown as c for this viewer."""
    from carepath.forecast.history import PLACEMENT_LABELS, PLACEMENT_TYPES
    if ctx.scope.sees_everything_of(la):
        return set()
    start = base.central[0].sum(axis=0)
    cells = {PLACEMENT_LABELS[p]: float(start[k]) for k, p in enumerate(PLACEMENT_TYPES)}
    hidden = suppress_counts(cells, float(start.sum()))
    return {ALL if key == TOTAL else key for key in hidden}


def _series(base, alt):
    """{placement label or ALL: table rows of (month, forecast, lower, upper[, scenario])}."""
    from carepath.forecast.history import PLACEMENT_LABELS, PLACEMENT_TYPES
    tb = base.table()
    tb = tb[tb.age_band == ALL]
    if alt is not None:
        at = alt.table()
        at = at[at.age_band == ALL][["month_end", "placement_type", "forecast", "lower", "upper"]]
        tb = tb.merge(at, on=["month_end", "placement_type"], suffixes=("", "_scenario"))
    order = [ALL] + [PLACEMENT_LABELS[p] for p in PLACEMENT_TYPES]
    return {label: tb[tb.placement_type == label].to_dict("records") for label in order}


def authority_asked(ctx: PageContext, params: dict) -> str:
    """The authority a Demand table is asked for, or a message saying there is none yet."""
    la = ctx.la(params.get("la"))
    if la is None:
        raise CarepathError("The store holds no authority yet: load its SSDA903 returns first.")
    return la


def forecast_asked(ctx: PageContext, params: dict):
    """The authority, the page's forecast and scenario (cached), and the series hidden from this viewer."""
    la = authority_asked(ctx, params)
    base, alt, scenario = _forecasts(ctx, la, _choices(params))
    return la, base, alt, scenario, _hidden_series(ctx, la, base)


@provides("demand")
def demand_table(ctx: PageContext, params: dict) -> DataTable:
    la, base, alt, scenario, hidden = forecast_asked(ctx, params)
    columns = [Column("month_end", "Month end"), Column("placement_type", "Placement type"),
               Column("forecast", "Forecast", True, places=1), Column("lower", "95% interval from", True, places=1),
               Column("upper", "95% interval to", True, places=1)]
    if alt is not None:
        columns += [Column("forecast_scenario", "Scenario", True, places=1),
                    Column("lower_scenario", "Scenario interval from", True, places=1),
                    Column("upper_scenario", "Scenario interval to", True, places=1),
                    Column("difference", "Scenario minus forecast", True, places=1)]
    rows = []
    series = _series(base, alt)
    for label, points in series.items():
        for p in points:
            row = dict(p)
            if alt is not None:
                row["difference"] = row["forecast_scenario"] - row["forecast"]
            if label in hidden:
                row = {k: (v if k in ("month_end", "placement_type") else SUPPRESSED) for k, v in row.items()}
            rows.append(row)
    notes = base.notes + ([scenario.name] if scenario else [])
    return DataTable("demand", "Children looked after: forecast by placement type", columns, rows,
                     caption="Children looked after at each month end; the first row of each type is the "
                             "number looked after at the end of the data.",
                     extra={"base": base, "alt": alt, "scenario": scenario, "hidden": hidden, "series": series,
                            "notes": notes, "la": la, "choice": _choices(params)})


def _chart(title: str, traces: list[tuple[str, list[dict], str, bool]]) -> dict:
    data = []
    for name, points, key, band in traces:
        x = [str(p["month_end"]) for p in points]
        if band:
            data.append({"type": "scatter", "mode": "lines", "x": x, "y": [round(p[f"upper{key}"], 1) for p in points],
                         "line": {"width": 0}, "showlegend": False, "hoverinfo": "skip", "name": f"{name} upper"})
            data.append({"type": "scatter", "mode": "lines", "x": x, "y": [round(p[f"lower{key}"], 1) for p in points],
                         "line": {"width": 0}, "fill": "tonexty", "fillcolor": "rgba(29, 112, 184, 0.15)",
                         "name": f"{name}: 95% interval"})
        data.append({"type": "scatter", "mode": "lines", "x": x, "y": [round(p[f"forecast{key}"], 1) for p in points],
                     "name": name, "line": {"width": 3, "dash": "dash" if key else "solid"}})
    return {"data": data, "layout": charts._layout(title, "Month end", "Children looked after")}


@router.get("/demand")
def demand_page(request: Request, viewer: Viewer = Depends(require_user())):
    params = dict(request.query_params)
    with PageContext.open(request, viewer) as ctx:
        table = demand_table(ctx, params)
        costs = demand_costs.demand_costs(ctx, params)
        unit_costs = demand_costs.demand_unit_costs(ctx, params)
        may_edit = demand_costs.may_edit_costs(ctx, table.extra["la"])
    extra = table.extra
    series, hidden, alt = extra["series"], extra["hidden"], extra["alt"]
    totals = []
    if ALL not in hidden:
        totals.append(("Forecast", series[ALL], "", True))
        if alt is not None:
            totals.append((extra["scenario"].name, series[ALL], "_scenario", True))
    by_type = [(label, points, "", False) for label, points in series.items() if label != ALL and label not in hidden]
    figures = {"total": _chart("Children looked after", totals), "types": _chart("By placement type", by_type)}
    from carepath.forecast.history import AGE_BANDS
    choice = extra["choice"]
    export_query = query(la=extra["la"], horizon=choice["horizon"], band=choice["band"],
                         entries=f"{choice['entries']:g}", shift=f"{choice['shift']:g}")
    return render(request, "demand.html", title="Demand", table=table, costs=costs, figures=figures,
                  unit_costs=unit_costs, may_edit=may_edit, saved=params.get("saved"),
                  notes=extra["notes"] + costs.extra["notes"], controlled=bool(hidden), choice=choice, horizons=HORIZONS,
                  bands=[("all", "All ages")] + [(b[0], b[0]) for b in AGE_BANDS], export_query=export_query,
                  scenario=extra["scenario"], **ctx.common(extra["la"]))


from carepath.web.pages import demand_costs  # noqa: E402  (the Cost section; it uses the helpers above)

router.include_router(demand_costs.router)
