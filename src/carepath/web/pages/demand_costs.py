"""The Demand page's Cost section: the forecast's cost year by year, the weekly costs in use, and setting them.

The cost uses the authority's weekly costs in force (:mod:`carepath.web.placement_costs`: its latest
save, else the cited defaults of :mod:`carepath.forecast.costs`). Anyone who may open the Demand page
sees the costs in use and downloads them as a costs file; analysts, and the authority's own lead,
change them (edit the form, upload a costs file, or go back to the defaults), each save audited.
Disclosure: a placement type shown as ``c`` in the forecast has its costs shown as ``c`` too, and
then so has the total of the costed types (which, less the types shown, would reveal it).
"""
from __future__ import annotations

import csv
import io

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from carepath.errors import CarepathError
from carepath.exchange.disclosure import SUPPRESSED
from carepath.web.pages.common import PageContext, query
from carepath.web.security import Viewer, check_csrf, require_user
from carepath.web.tables import Column, DataTable, provides

router = APIRouter()
LONGEST_UPLOAD = 100_000          # bytes: a costs file is six rows


COSTED_TOTAL = "All costed placements"


def _costs_in_force(ctx: PageContext, la: str):
    from carepath.web import placement_costs
    return placement_costs.current(ctx.web.accounts, la)


@provides("demand_costs")
def demand_costs(ctx: PageContext, params: dict) -> DataTable:
    """The forecast's cost year by year, with its interval (and the scenario's), at the costs in force."""
    from carepath.forecast.costs import uncosted, yearly_costs
    from carepath.web.pages.demand import forecast_asked   # the page's forecast, cached
    la, base, alt, _, hidden = forecast_asked(ctx, params)
    costs = _costs_in_force(ctx, la).costs
    rows = yearly_costs(base, costs)
    if alt is not None:
        for row, other in zip(rows, yearly_costs(alt, costs)):
            row.update(cost_scenario=other["cost"], lower_scenario=other["lower"], upper_scenario=other["upper"],
                       difference=other["cost"] - row["cost"])
    if hidden & {r["placement_type"] for r in rows}:
        hidden = hidden | {COSTED_TOTAL}      # the total less the types shown would reveal the hidden one
    for row in rows:
        if row["placement_type"] in hidden:
            row.update({k: SUPPRESSED for k in row if k not in ("year", "placement_type", "weekly_cost", "source")})
    columns = [Column("year", "Year ahead"), Column("placement_type", "Placement type"),
               Column("weekly_cost", "Weekly cost (£)", True, places=0), Column("cost", "Cost (£)", True, places=0),
               Column("lower", "95% interval from (£)", True, places=0),
               Column("upper", "95% interval to (£)", True, places=0)]
    if alt is not None:
        columns += [Column("cost_scenario", "Scenario cost (£)", True, places=0),
                    Column("lower_scenario", "Scenario interval from (£)", True, places=0),
                    Column("upper_scenario", "Scenario interval to (£)", True, places=0),
                    Column("difference", "Scenario minus forecast (£)", True, places=0)]
    columns.append(Column("source", "Source of the weekly cost"))
    notes = uncosted(base, costs, counts=not hidden)     # counts of children only to those who may see them all
    return DataTable("demand_costs", "Cost of the forecast, year by year", columns, rows,
                     caption="Children at each month end x weekly cost x 4.348 weeks, summed over the year; the "
                             "interval is that of the simulations' yearly sums.",
                     note=" ".join(notes), extra={"notes": notes})


@provides("demand_unit_costs")
def demand_unit_costs(ctx: PageContext, params: dict) -> DataTable:
    """The weekly cost per placement type in force for the authority, and where each came from."""
    from carepath.forecast.history import PLACEMENT_LABELS, PLACEMENT_TYPES
    from carepath.web.pages.demand import authority_asked
    la = authority_asked(ctx, params)
    in_force = _costs_in_force(ctx, la)
    rows = [{"placement_type": PLACEMENT_LABELS[p], "code": p, "weekly_cost": in_force.costs[p][0],
             "source": in_force.costs[p][1]} for p in PLACEMENT_TYPES]
    who = (f"Set by {in_force.written_by} on {in_force.written_at[:10]}." if in_force.written_by
           else "The published defaults: the authority has not entered its own costs.")
    return DataTable("demand_unit_costs", "Weekly costs in use", [
        Column("placement_type", "Placement type"), Column("code", "Code in the costs file"),
        Column("weekly_cost", "Weekly cost (£)", True, places=2), Column("source", "Source")], rows,
        caption=who + " A blank cost means the type is left out of the cost forecast.",
        extra={"in_force": in_force, "la": la})


def may_edit_costs(ctx: PageContext, la: str) -> bool:
    """Analysts, and the authority's own lead, set its costs."""
    return ctx.scope.sees_everything_of(la)


def _same_cost(text: str, default: float | None) -> bool:
    try:
        return default is not None and abs(float(text.replace("£", "").replace(",", "")) - default) < 0.005
    except ValueError:
        return False


@router.get("/demand/costs.csv")
def costs_file(request: Request, viewer: Viewer = Depends(require_user())):
    """The costs file in force for the authority (the template to edit, with the defaults' citations)."""
    with PageContext.open(request, viewer) as ctx:
        la = ctx.la(request.query_params.get("la"))
        if la is None:
            raise CarepathError("The store holds no authority yet: load its SSDA903 returns first.")
        text = _costs_in_force(ctx, la).csv
    return Response(text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="placement-costs-{la}.csv"'})


@router.post("/demand/costs")
async def save_costs(request: Request, viewer: Viewer = Depends(require_user())):
    """Save the authority's costs: an uploaded costs file, the edited form, or back to the defaults."""
    from carepath.forecast.costs import COLUMNS, DEFAULT_COSTS
    from carepath.forecast.history import PLACEMENT_TYPES
    from carepath.web import placement_costs
    form = await check_csrf(request, viewer)
    with PageContext.open(request, viewer, purpose="write") as ctx:
        la = ctx.la(form.get("la"))
        if la is None:
            raise CarepathError("The store holds no authority yet: load its SSDA903 returns first.")
        if not may_edit_costs(ctx, la):
            ctx.refuse("demand costs", la, "Only analysts and the authority's lead can change its placement costs.")
        upload = form.get("file")
        if form.get("action") == "defaults":
            text, how = "", "back to the published defaults"
        elif form.get("action") == "upload":
            content = await upload.read(LONGEST_UPLOAD + 1) if hasattr(upload, "read") else b""
            if len(content) > LONGEST_UPLOAD:
                raise CarepathError("That file is too big to be a costs file (one row per placement type).")
            if not content.strip():
                raise CarepathError("Choose a costs file (CSV) to upload, or edit the costs in the form.")
            try:
                text = content.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise CarepathError("The costs file is not UTF-8 text: save it from the spreadsheet as CSV UTF-8.") \
                    from None
            how = f"uploaded {getattr(upload, 'filename', None) or 'a file'}"
        else:
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(COLUMNS)
            for p in PLACEMENT_TYPES:
                cost = (form.get(f"weekly_cost:{p}") or "").strip()
                source = (form.get(f"source:{p}") or "").strip()
                if source == DEFAULT_COSTS[p][1] and not _same_cost(cost, DEFAULT_COSTS[p][0]):
                    source = ""               # a changed figure no longer comes from the published source
                writer.writerow([p, cost, source or (f"entered by {viewer.user.username}" if cost else "")])
            text = out.getvalue()
            how = "edited"
        saved = placement_costs.save(ctx.web.accounts, viewer.user, la, text)
        summary = "; ".join(f"{p} {'none' if c is None else f'{c:.2f}'}" for p, (c, _) in saved.costs.items())
        ctx.audit("demand costs", f"{la}: {how}: {summary}")
    return RedirectResponse("/demand?" + query(la=la, saved="costs") + "#costs-title", status_code=303)
