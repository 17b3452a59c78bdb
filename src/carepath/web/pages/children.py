"""Children: a caseload, the records behind a figure, and a child's timeline (pages and JSON API).

Every view and export here is child-level: scope is checked first (:mod:`carepath.web.scope`),
a refusal is a plain 403 page (or JSON error for the API) and is audited, and an allowed view
is audited with the children it showed.

**No existence oracle.** A child id the store does not hold answers "not found" (404) only to a
role that would see that child if it existed: an analyst, or an authority lead for an id of
their own authority (ids are ``<la_code>/<local id>``). Every other role gets exactly the refusal
it gets for a real child outside its scope, so trying ids cannot tell anyone which children exist.
Both are audited (outcome ``not found`` or ``refused``).
"""
from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from carepath.errors import CarepathError
from carepath.indicators import catalogue
from carepath.indicators.engine import LEVELS
from carepath.web import charts, records
from carepath.web.app import render
from carepath.web.formatting import plain
from carepath.web.pages.common import PageContext, query
from carepath.web.audit import NOT_FOUND
from carepath.web.scope import ANALYST, AUTHORITY_LEAD, ROLES, REGIONAL_VIEWER, can_see_child, children_out_of_scope
from carepath.web.security import Forbidden, Viewer, require_user
from carepath.web.tables import PAGE_SIZE, Column, DataTable, page_number, paged, provides

router = APIRouter()
CHILD_LEVEL_ROLES = tuple(r for r in ROLES if r != REGIONAL_VIEWER)
NOT_IN_SCOPE = ("This child is not in your caseload, team or service, so carepath will not show their "
                "records. The attempt has been recorded. If you need to see them, ask your manager.")


def _would_see(ctx: PageContext, child_id: str) -> bool:
    """Would this viewer see a child with this id, if the store held one?"""
    if ctx.scope.role == ANALYST:
        return True
    return ctx.scope.role == AUTHORITY_LEAD and child_id.startswith(f"{ctx.scope.la_code}/")


def _child_link(row: dict) -> str | None:
    return f"/children/child/{row['child_id']}" if row.get("child_id") else None


def _forbid_regional(ctx: PageContext, action: str, target: str) -> None:
    if not ctx.scope.child_level:
        ctx.refuse(action, target, "Your role sees aggregates only, never a child's records.")


@provides("records")
def records_table(ctx: PageContext, params: dict) -> DataTable:
    try:
        indicator = catalogue.get(params.get("indicator") or "")
    except CarepathError as exc:
        raise CarepathError(str(exc)) from exc
    la = params.get("la") or ctx.scope.la_code or ctx.la(None)
    period, level = params.get("period") or "", params.get("level") or "authority"
    if level not in LEVELS:
        raise CarepathError(f"Unknown level '{level}'.")
    unit = params.get("unit") or la
    numerator_only = params.get("numerator_only") in ("1", "true", "on", "yes")
    target = f"records of {indicator.id} {period} {level} {unit}" + (" (numerator)" if numerator_only else "")
    _forbid_regional(ctx, "records", target)
    by_unit = ctx.web.cached(("records", indicator.id, la, period, numerator_only),
                             lambda: records.figure_records_by_unit(ctx.cursor, indicator.id, la, period,
                                                                    numerator_only))
    found = list(by_unit.get((level, unit), []))     # the rows are shared, never changed: the list is ours
    children = [r["child_id"] for r in found]
    if children_out_of_scope(ctx.cursor, ctx.scope, children):
        ctx.refuse("records", target, "This figure includes children outside your caseload, team or service, so "
                   "carepath will not list its records. Open the figure for your own unit instead.")
    ctx.audit("records", target, children)
    columns = [Column("child_id", "Child", link=_child_link), Column("record_id", "Record"),
               Column("event_date", "Date"), Column("numerator", "Counted in numerator", numeric=True),
               Column("denominator", "Counted in denominator", numeric=True)]
    if indicator.unit == "days":
        columns.append(Column("measure", "Days", numeric=True))
    columns += [Column("worker", "Practitioner"), Column("team", "Team"), Column("locality", "Locality"),
                Column("service", "Service")]
    table = DataTable("records", f"Records behind {indicator.title}, {period}", columns, found, child_level=True,
                      extra={"indicator": indicator, "la": la, "period": period, "level": level, "unit": unit,
                             "numerator_only": numerator_only, "counted": sum(1 for r in found if r["numerator"])})
    return paged(table, params, ctx.purpose)


@provides("timeline")
def timeline_table(ctx: PageContext, params: dict) -> DataTable:
    child_id = params.get("child") or ""
    _forbid_regional(ctx, "child timeline", child_id)
    if not ctx.stored(can_see_child, ctx.scope, child_id):
        if _would_see(ctx, child_id) and ctx.stored(records.child, child_id) is None:
            ctx.audit("child timeline", child_id, outcome=NOT_FOUND)
            raise Forbidden(f"There is no child {child_id} in the store. Check the id: it is the authority's "
                            "code, a slash, then the child's id in the return (e.g. 846/A1).", status=404)
        ctx.refuse("child timeline", child_id, NOT_IN_SCOPE)
    child = ctx.stored(records.child, child_id)
    events = ctx.stored(records.timeline, child_id)
    ctx.audit("child timeline", child_id, [child_id])
    return DataTable("timeline", f"Timeline of {child_id}", [
        Column("kind", "What"), Column("start", "From"), Column("end", "To"), Column("detail", "Details")],
        events, child_level=True, extra={"child": child})


@provides("caseload")
def caseload_table(ctx: PageContext, params: dict) -> DataTable:
    _forbid_regional(ctx, "caseload", "children in scope")
    la = params.get("la") or ctx.scope.la_code
    search = (params.get("q") or "").strip()
    page = page_number(params)
    if ctx.purpose == "view" and not search:        # the scope's order, found once (records.caseload_order)
        order = ctx.web.cached(("caseload", ctx.scope, la),
                               lambda: records.caseload_order(ctx.cursor, ctx.scope, la))
        found, total = ctx.web.cached(("caseload page", ctx.scope, la, page), lambda: records.caseload_page(
            ctx.cursor, order, PAGE_SIZE, (page - 1) * PAGE_SIZE))
        found = list(found)
    else:
        found, total = (records.caseload(ctx.cursor, ctx.scope, la, search, PAGE_SIZE, (page - 1) * PAGE_SIZE)
                        if ctx.purpose == "view" else records.caseload(ctx.cursor, ctx.scope, la, search, None))
    ctx.audit("caseload", f"children in scope{' matching ' + search if search else ''}",
              [r["child_id"] for r in found])
    return paged(DataTable("caseload", "Children in your scope", [
        Column("child_id", "Child", link=_child_link), Column("local_child_id", "Local id"),
        Column("dob", "Date of birth"), Column("sex", "Sex"), Column("last_referral", "Latest referral"),
        Column("on_cp_plan", "On a CP plan now"), Column("looked_after", "Looked after now")],
        found, total_rows=total, child_level=True, extra={"q": search, "la": la}), params, ctx.purpose)


@router.get("/children")
def caseload_page(request: Request, viewer: Viewer = Depends(require_user(*CHILD_LEVEL_ROLES))):
    with PageContext.open(request, viewer) as ctx:
        table = caseload_table(ctx, dict(request.query_params))
        return render(request, "children.html", table=table, export_query=query(q=table.extra["q"], la=table.extra["la"]),
                      **ctx.common(table.extra["la"]))


@router.get("/children/records")
def records_page(request: Request, viewer: Viewer = Depends(require_user())):
    with PageContext.open(request, viewer) as ctx:
        params = dict(request.query_params)
        table = records_table(ctx, params)
        e = table.extra
        return render(request, "records.html", table=table,
                      export_query=query(indicator=e["indicator"].id, la=e["la"], period=e["period"], level=e["level"],
                                         unit=e["unit"], numerator_only="1" if e["numerator_only"] else None),
                      **ctx.common(e["la"]))


@router.get("/children/child/{child_id:path}")
def child_page(child_id: str, request: Request, viewer: Viewer = Depends(require_user())):
    with PageContext.open(request, viewer) as ctx:
        table = timeline_table(ctx, {"child": child_id})
        chart = charts.timeline(f"Timeline of {child_id}", table.rows, date.today())
        return render(request, "child.html", table=table, child=table.extra["child"], timeline_chart=chart,
                      export_query=query(child=child_id), **ctx.common(table.extra["child"]["la_code"]))


def _json_rows(table: DataTable) -> list[dict]:
    return [{c.key: plain(row.get(c.key)) for c in table.columns} for row in table.rows]


@router.get("/api/children/{child_id:path}")
def child_api(child_id: str, request: Request, viewer: Viewer = Depends(require_user())):
    with PageContext.open(request, viewer, purpose="api") as ctx:
        table = timeline_table(ctx, {"child": child_id})
        child = {k: plain(v) for k, v in table.extra["child"].items()}
        return JSONResponse({"child": child, "timeline": _json_rows(table)})


@router.get("/api/records")
def records_api(request: Request, viewer: Viewer = Depends(require_user())):
    with PageContext.open(request, viewer, purpose="api") as ctx:
        table = records_table(ctx, dict(request.query_params))
        return JSONResponse({"records": _json_rows(table)})


__all__ = ["router", "Forbidden"]
