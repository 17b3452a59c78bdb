"""Care proceedings: the linkage's review queue, refused rows and match report; journeys; supervision orders.

The review queue, the refused rows, the match report and the supervision orders' follow-up name
children or their legal cases (names, dates of birth, case numbers) or count so few that they
would, so only an analyst, or the authority lead of the authority concerned, opens them, and each
view is audited. The journeys Sankey (the three-variable method) is open to everyone signed in,
through disclosure control for those who may not see every child behind it, and so is the
leaving-care curve with and without proceedings (:mod:`carepath.web.pages.proceedings_leaving`).
A reviewer accepts or rejects each queued pair on the page (a form with the session's CSRF
token). The dashboard opens the store read-only, so the decision goes to the dashboard's own file
(:mod:`carepath.linkage.decisions`) with who and when, is audited, and is carried into the store
and applied by the next ``carepath proceedings link`` (as decisions made with
``carepath proceedings review`` are).
"""
from __future__ import annotations

import pandas as pd
from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from carepath.errors import CarepathError
from carepath.linkage import decisions
from carepath.web.app import render
from carepath.web.pages import proceedings_leaving as leaving
from carepath.web.pages.common import PageContext, query
from carepath.web.scope import ANALYST, AUTHORITY_LEAD
from carepath.web.security import Viewer, check_csrf, require_user
from carepath.web.tables import Column, DataTable, provides

router = APIRouter()
ORDER_CHOICES = ("SO", "SO + CAO", "SO + SGO", "SGO", "CAO", "Care order", "Placement order", "No order", "Other",
                 "Not concluded")
AGE_CHOICES = ("0", "1-4", "5-9", "10-15", "16+", "unknown")
TABS = (("review", "Review queue"), ("refused", "Refused rows"), ("report", "Linked and unlinked"),
        ("journeys", "Journeys through court"), ("leaving", "Leaving care"), ("orders", "Supervision orders"))


def _la(ctx: PageContext, params: dict) -> str | None:
    requested = params.get("la") or None
    return requested if ctx.scope.role == ANALYST else (requested or ctx.scope.la_code)


def _check(ctx: PageContext, action: str, la: str | None) -> None:
    if not (ctx.scope.role == ANALYST or (ctx.scope.role == AUTHORITY_LEAD and la == ctx.scope.la_code)):
        ctx.refuse(action, f"care proceedings LA {la or 'all'}", "Care proceedings name children and their court "
                   "cases: only an analyst or the authority's lead can open them.")


def _tables(cursor) -> bool:
    return bool(cursor.execute("SELECT count(*) FROM information_schema.tables "
                               "WHERE table_name = 'proceeding_candidate'").fetchone()[0])


@provides("proceedings_review")
def review_table(ctx: PageContext, params: dict) -> DataTable:
    la = _la(ctx, params)
    _check(ctx, "proceedings review", la)
    rows = []
    if _tables(ctx.cursor):
        rows = [dict(zip(("proceeding_id", "child_id", "probability", "weight", "legal_name", "legal_dob",
                          "child_name", "child_dob"), r)) for r in ctx.cursor.execute("""
            SELECT q.proceeding_id, q.child_id, round(q.match_probability, 3), round(q.match_weight, 1),
                   concat_ws(' ', p.child_forename, p.child_surname), p.child_dob,
                   concat_ws(' ', c.forename, c.surname), c.dob
            FROM proceeding_candidate q JOIN proceeding p USING (proceeding_id) JOIN child c USING (child_id)
            WHERE q.status = 'review' AND (? IS NULL OR q.la_code = ?)
            ORDER BY q.proceeding_id, q.rank""", [la, la]).fetchall()]
    decided = _decided(ctx)
    for row in rows:
        row["accept"] = f"carepath proceedings review --accept {row['proceeding_id']} {row['child_id']}"
        row["decision"] = decided.get((row["proceeding_id"], row["child_id"]), "")
    ctx.audit("proceedings review", f"care proceedings review queue LA {la or 'all'}", [r["child_id"] for r in rows])
    return DataTable("proceedings_review", "Pairs waiting for a reviewer", [
        Column("proceeding_id", "Proceeding"), Column("legal_name", "Name in the legal file"),
        Column("legal_dob", "Date of birth (legal)"), Column("child_id", "Child"),
        Column("child_name", "Name in social care"), Column("child_dob", "Date of birth (social care)"),
        Column("probability", "Match probability", numeric=True), Column("weight", "Match weight", numeric=True),
        Column("decision", "Decided (applied by the next linkage run)"),
        Column("accept", "At the command line")], rows, child_level=True)


def _decided(ctx: PageContext) -> dict[tuple[str, str], str]:
    """Decisions made in the dashboard since, not yet applied: (proceeding, child) -> 'accept by ann'."""
    with ctx.web.accounts.connect() as db:
        db.execute(decisions.SCHEMA)
        return {(r["proceeding_id"], r["child_id"]): f"{r['decision']} by {r['decided_by']}" for r in db.execute(
            "SELECT * FROM clerical_decision ORDER BY decided_at")}


@provides("proceedings_refused")
def refused_table(ctx: PageContext, params: dict) -> DataTable:
    la = _la(ctx, params)
    _check(ctx, "proceedings refused", la)
    rows = []
    if _tables(ctx.cursor):
        rows = [{"proceeding_id": p, "reason": r} for p, r in ctx.cursor.execute(
            "SELECT proceeding_id, reason FROM proceeding_link_issue WHERE ? IS NULL OR la_code = ? ORDER BY 1",
            [la, la]).fetchall()]
    ctx.audit("proceedings refused", f"care proceedings refused rows LA {la or 'all'}")
    return DataTable("proceedings_refused", "Proceedings refused for linkage", [
        Column("proceeding_id", "Proceeding"), Column("reason", "Why, and what to correct")], rows, child_level=True)


@provides("proceedings_report")
def report_table(ctx: PageContext, params: dict) -> DataTable:
    from carepath.linkage.report import linked_against_unlinked
    la = _la(ctx, params)
    _check(ctx, "proceedings report", la)
    frame = linked_against_unlinked(ctx.cursor, la) if _tables(ctx.cursor) else None
    rows = [] if frame is None else frame.to_dict("records")
    ctx.audit("proceedings report", f"care proceedings match report LA {la or 'all'}")
    return DataTable("proceedings_report", "Linked against unlinked proceedings", [
        Column("characteristic", "Characteristic"), Column("value", "Value"),
        Column("proceedings", "Proceedings", numeric=True), Column("linked", "Linked", numeric=True),
        Column("unlinked", "Not linked", numeric=True), Column("match_rate", "Match rate", numeric=True)], rows,
        caption="A group linked much less often than the rest biases every analysis of the linked cases "
                "(Harron et al., International Journal of Epidemiology, 2017).")


@provides("proceedings_journeys")
def journeys_table(ctx: PageContext, params: dict) -> DataTable:
    from carepath.analysis.journeys_sankey import sankey
    from carepath.analysis.proceedings import three_variable as tv
    from carepath.web.pages.journeys_common import sees_every_child
    la = _la(ctx, params)
    frame = tv.cases(ctx.cursor, la) if _tables(ctx.cursor) else pd.DataFrame()
    year = params.get("year") if str(params.get("year") or "").isdigit() else None
    frame = tv.filtered(frame, year, params.get("order") or None, params.get("sex") or None,
                        params.get("age") or None)
    children = list(frame.child_id) if not frame.empty else []
    visible = sees_every_child(ctx, children)
    result = sankey(tv.journeys(frame) if not frame.empty else tv.Flows(list(tv.COLUMNS), [], "No linked proceedings"),
                    may_see_children=visible)
    rows = [{"from_point": result["columns"][result["nodes"][link["source"]]["column"]], "from": link["from"],
             "to": link["to"], "proceedings": link["shown"]} for link in result["links"]]
    return DataTable("proceedings_journeys", "Legal status before, at application, final order, 12 months after", [
        Column("from_point", "From the point"), Column("from", "From"), Column("to", "To"),
        Column("proceedings", "Proceedings", numeric=True)], rows,
        caption="The three-variable method of Masson, Garside and Jenney (Data Visualisation in Children's Social "
                "Care, Coram, April 2019): each band, the linked proceedings that went from one status to the next.",
        extra={"sankey": result, "controlled": not visible})


@provides("proceedings_orders")
def orders_table(ctx: PageContext, params: dict) -> DataTable:
    from carepath.analysis.proceedings import orders
    la = _la(ctx, params)
    _check(ctx, "proceedings orders", la)
    frame = orders.follow_up(ctx.cursor) if _tables(ctx.cursor) else pd.DataFrame()
    if la is not None and not frame.empty:
        frame = frame[frame.la_code == la]
    rows = orders.curves(frame)[1].to_dict("records") if not frame.empty else []
    ctx.audit("proceedings orders", f"supervision orders' follow-up LA {la or 'all'}", list(frame.child_id)
              if not frame.empty else [])
    return DataTable("proceedings_orders", "Return to court within 5 years, by order", [
        Column("group", "Order"), Column("year", "Years after the order", numeric=True),
        Column("at_risk", "Children still followed", numeric=True),
        Column("returned_share", "Share returned to court (Kaplan-Meier)", numeric=True)], rows,
        caption="Harwin and Alrouh, Outcome of supervision orders (Data Visualisation in Children's Social Care, "
                "Coram, April 2019). A return is a new application for the same child within 60 months.")


@router.get("/proceedings")
def proceedings_page(request: Request, viewer: Viewer = Depends(require_user())):
    params = dict(request.query_params)
    tab = params.get("tab") if params.get("tab") in dict(TABS) else "review"
    provider = {"review": review_table, "refused": refused_table, "report": report_table,
                "journeys": journeys_table, "leaving": leaving.leaving_table, "orders": orders_table}[tab]
    with PageContext.open(request, viewer) as ctx:
        table = provider(ctx, params)
        keep = {k: params.get(k) for k in ("la", "year", "order", "sex", "age")}
        figure = None
        if tab == "journeys":
            from carepath.web.pages.journeys_charts import sankey_figure
            figure = sankey_figure(table.extra["sankey"])
        elif tab == "leaving":
            figure = leaving.figure(table.extra["result"])
        return render(request, "proceedings.html", table=table, tab=tab, tabs=TABS, params=keep, figure=figure,
                      orders=ORDER_CHOICES, ages=AGE_CHOICES,
                      export_query=query(**keep), **ctx.common(_la(ctx, params)))


@router.post("/proceedings/decide")
async def decide(request: Request, viewer: Viewer = Depends(require_user())):
    form = await check_csrf(request, viewer)
    proceeding_id, child_id, decision = form.get("proceeding_id"), form.get("child_id"), form.get("decision")
    if decision not in ("accept", "reject"):
        raise CarepathError("A decision is accept or reject.")
    with PageContext.open(request, viewer, purpose="decide") as ctx:
        found = ctx.cursor.execute("SELECT la_code FROM proceeding_candidate WHERE proceeding_id = ? AND child_id = ? "
                                   "AND status = 'review'", [proceeding_id, child_id]).fetchone()
        if found is None:
            raise CarepathError("That pair is not in the review queue (the linkage may have run again): reload.")
        _check(ctx, "proceedings pair", found[0])
        with ctx.web.accounts.connect() as db:
            decisions.record(db, proceeding_id, child_id, found[0], decision, viewer.user.username,
                             form.get("note") or None)
        ctx.audit("proceedings pair", f"{decision} {proceeding_id} -> {child_id}", [child_id])
    return RedirectResponse("/proceedings?tab=review", status_code=303)
