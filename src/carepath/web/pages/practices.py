"""Key practices: breaches by team and month, their trend, the breaches themselves, and review notes.

The occasions come from :mod:`carepath.practices.engine`, run on the request's read-only cursor and
kept until the store changes. Counts (the summary, the team by month grid, the trend) pass through
disclosure control for viewers who may not see every child of the authority; the list of breaches
is child-level: it shows only the children in the viewer's scope, is refused to regional viewers,
and every view and export is audited. A review note (what happened, learning, status) may be
written by a team manager, service lead, authority lead or analyst who may see the child, never by
the practitioner who held the case on the due day; notes keep their history
(:mod:`carepath.web.practice_reviews`).
"""
from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from carepath.errors import CarepathError
from carepath.exchange.disclosure import SUPPRESSED
from carepath.practices import catalogue, engine
from carepath.web import charts, control, practice_reviews
from carepath.web.app import render
from carepath.web.pages.common import PageContext, iso_day, query
from carepath.web.scope import (ANALYST, AUTHORITY_LEAD, PRACTITIONER, SERVICE_LEAD, TEAM_MANAGER, can_see_child,
                                children_out_of_scope)
from carepath.web.security import Viewer, check_csrf, require_user
from carepath.web.tables import Column, DataTable, provides

router = APIRouter()
ALL = "all"
PAGE_ROWS = 500   # breaches listed on the page (choose a practice to narrow; downloads give every one)
REVIEWER_ROLES = (TEAM_MANAGER, SERVICE_LEAD, AUTHORITY_LEAD, ANALYST)
OWN_CASE = ("You held this child's case when the practice fell due, so you cannot write its review: a manager "
            "reviews it with you. You can read the notes.")


def window(ctx: PageContext, params: dict) -> tuple[date, date]:
    as_at = iso_day(params.get("as_at")) or ctx.web.cached("practice_as_at", lambda: engine.default_window(ctx.cursor)[1])
    return engine.twelve_months_to(as_at), as_at


def occasions(ctx: PageContext, la: str, first: date, as_at: date) -> tuple[list, list[dict]]:
    """(statuses, every occasion as a dict) of every key practice in an authority's window."""
    def compute():
        outcome = engine.run(ctx.cursor, list(catalogue.practices().values()), first, as_at, [la])
        found = ctx.cursor.sql("""
            SELECT o.practice_id, o.child_id, o.record_id, o.due_date, o.done_date, o.breach,
                   u.team_id, u.team_name, u.worker_id, u.worker_name
            FROM practice_occasion o JOIN units u USING (unit_no)
            ORDER BY o.practice_id, o.due_date, o.child_id""").fetchall()
        keys = ("practice_id", "child_id", "record_id", "due_date", "done_date", "breach", "team_id", "team_name",
                "worker_id", "worker_name")
        return outcome.statuses, [dict(zip(keys, row)) for row in found]
    return ctx.web.cached(("practices", la, first, as_at), compute)


def _choices(ctx: PageContext, params: dict) -> dict:
    la = ctx.la(params.get("la"))
    if la is None:
        raise CarepathError("The store holds no children yet. Load returns with `carepath load`.")
    first, as_at = window(ctx, params)
    practice = params.get("practice") if params.get("practice") in catalogue.practices() else ALL
    return {"la": la, "first": first, "as_at": as_at, "practice": practice}


def _full(ctx: PageContext, la: str) -> bool:
    return ctx.scope.sees_everything_of(la)


@provides("practice_summary")
def summary_table(ctx: PageContext, params: dict) -> DataTable:
    c = _choices(ctx, params)
    statuses, _ = occasions(ctx, c["la"], c["first"], c["as_at"])
    full, rows = _full(ctx, c["la"]), []
    for status in statuses:
        practice = catalogue.get(status.practice_id)
        breaches, due = status.breaches, status.due
        if not full and breaches is not None and control.suppress_counts({"n": breaches}):
            breaches = SUPPRESSED
        if not full and due is not None and control.suppress_counts({"n": due}):
            due = SUPPRESSED
        percent = (round(100 * breaches / due, 1) if isinstance(breaches, int) and isinstance(due, int) and due else
                   SUPPRESSED if SUPPRESSED in (breaches, due) else None)
        rows.append({"practice_id": practice.id, "title": practice.title, "due": due, "breaches": breaches,
                     "percent": percent, "note": status.note,
                     "link": f"/practices?{query(la=c['la'], as_at=c['as_at'].isoformat(), practice=practice.id)}"})
    return DataTable("practice_summary", f"Key practices due {c['first']:%d/%m/%Y} to {c['as_at']:%d/%m/%Y}", [
        Column("title", "Key practice", link=lambda r: r["link"]), Column("practice_id", "Id"),
        Column("due", "Occasions due", numeric=True), Column("breaches", "Breaches", numeric=True),
        Column("percent", "Breached (%)", numeric=True), Column("note", "Note")], rows, extra=c,
        caption="A breach is an occasion not done by the end of its due day, or not done at all. A practice "
                "whose records are not loaded is not measurable, never zero.")


def _counts(ctx: PageContext, c: dict) -> tuple[list[str], list[str], dict]:
    """(teams, months, breaches by team and month) of the chosen practice, kept with the occasions."""
    def compute():
        _, found = occasions(ctx, c["la"], c["first"], c["as_at"])
        months = []
        year, month = c["first"].year, c["first"].month
        while (year, month) <= (c["as_at"].year, c["as_at"].month):
            months.append(f"{year}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        cells: dict = {}
        teams = set()
        for row in found:
            if c["practice"] not in (ALL, row["practice_id"]):
                continue
            team = row["team_name"] or row["team_id"]
            teams.add(team)
            key = (team, f"{row['due_date']:%Y-%m}")
            cells[key] = cells.get(key, 0) + (1 if row["breach"] else 0)
        teams = sorted(teams)
        return teams, months, {(t, m): cells.get((t, m), 0) for t in teams for m in months}
    return ctx.web.cached(("practice-grid", c["la"], c["first"], c["as_at"], c["practice"]), compute)


def _grid(ctx: PageContext, c: dict) -> tuple[list[str], list[str], dict]:
    teams, months, full = _counts(ctx, c)
    if not full:
        return teams, months, {}
    if _full(ctx, c["la"]):
        shown = dict(full)
        for t in teams:
            shown[(t, "*")] = sum(full[(t, m)] for m in months)
        for m in months:
            shown[("*", m)] = sum(full[(t, m)] for t in teams)
        shown[("*", "*")] = sum(full.values())
        return teams, months, shown
    return teams, months, control.control_grid(full)


@provides("practice_grid")
def grid_table(ctx: PageContext, params: dict) -> DataTable:
    c = _choices(ctx, params)
    teams, months, shown = _grid(ctx, c)
    rows = [{"team": t, **{m: shown.get((t, m)) for m in months}, "total": shown.get((t, "*"))} for t in teams]
    if teams:
        rows.append({"team": "All teams", **{m: shown.get(("*", m)) for m in months}, "total": shown.get(("*", "*")),
                     "is_total": True})
    title = "every key practice" if c["practice"] == ALL else catalogue.get(c["practice"]).title
    return DataTable("practice_grid", f"Breaches by team and month due: {title}",
                     [Column("team", "Team (holding the case on the due day)")]
                     + [Column(m, m, numeric=True) for m in months] + [Column("total", "Total", numeric=True)],
                     rows, extra={**c, "months": months, "shown": shown},
                     note="" if _full(ctx, c["la"]) else
                     "Counts of 1 to 4, and any that would reveal one, are shown as c: you may not see every child "
                     "of the authority.")


def _review_link(row: dict, c: dict) -> str:
    return "/practices/breach?" + query(la=c["la"], as_at=c["as_at"].isoformat(), practice=row["practice_id"],
                                        record=row["record_id"])


@provides("practice_breaches")
def breaches_table(ctx: PageContext, params: dict) -> DataTable:
    c = _choices(ctx, params)
    target = f"breaches of {c['practice']} in {c['la']} due {c['first']} to {c['as_at']}"
    if not ctx.scope.child_level:
        ctx.refuse("practice breaches", target, "Your role sees aggregates only, never a child's records.")

    def breached():
        _, found = occasions(ctx, c["la"], c["first"], c["as_at"])
        return [r for r in found if r["breach"] and c["practice"] in (ALL, r["practice_id"])]
    rows = ctx.web.cached(("practice-breaches", c["la"], c["first"], c["as_at"], c["practice"]), breached)
    if not _full(ctx, c["la"]):
        hidden = set(children_out_of_scope(ctx.cursor, ctx.scope, [r["child_id"] for r in rows]))
        rows = [r for r in rows if r["child_id"] not in hidden]
    total = len(rows)
    if ctx.purpose == "view" and total > PAGE_ROWS:   # the page lists the first; the downloads hold them all
        rows = rows[:PAGE_ROWS]
    statuses = practice_reviews.latest_statuses(ctx.web.accounts, c["la"])
    titles = {p.id: p.title for p in catalogue.practices().values()}
    shown = [{**r, "title": titles[r["practice_id"]],
              "days_late": (r["done_date"] - r["due_date"]).days if r["done_date"] else None,
              "review": practice_reviews.STATUSES.get(statuses.get((r["practice_id"], r["record_id"])), "Not reviewed"),
              "link": _review_link(r, c)} for r in rows]
    ctx.audit("practice breaches", target, [r["child_id"] for r in shown])
    return DataTable("practice_breaches", "Breaches of the children in your scope", [
        Column("title", "Key practice"), Column("child_id", "Child", link=lambda r: f"/children/child/{r['child_id']}"),
        Column("due_date", "Due"), Column("done_date", "Done"), Column("days_late", "Days late", numeric=True),
        Column("team_name", "Team"), Column("worker_name", "Practitioner"),
        Column("review", "Review", link=lambda r: r["link"])], shown, child_level=True, extra=c, total_rows=total)


def _page_query(c: dict) -> str:
    return query(la=c["la"], as_at=c["as_at"].isoformat(), practice=None if c["practice"] == ALL else c["practice"])


@router.get("/practices")
def practices_page(request: Request, viewer: Viewer = Depends(require_user())):
    with PageContext.open(request, viewer) as ctx:
        params = dict(request.query_params)
        summary = summary_table(ctx, params)
        grid = grid_table(ctx, params)
        c = grid.extra
        trend = charts.trend("Breaches by month due", "breaches", [(m, c["shown"].get(("*", m))) for m in c["months"]])
        breaches = breaches_table(ctx, params) if ctx.scope.child_level else None
        options = [(ALL, "Every key practice")] + [(p.id, p.title) for p in catalogue.practices().values()]
        return render(request, "practices.html", summary=summary, grid=grid, breaches=breaches, trend=trend,
                      practice_options=options, choice=c, export_query=_page_query(c), **ctx.common(c["la"]))


def _occasion(ctx: PageContext, params: dict) -> tuple[dict, dict]:
    c = _choices(ctx, params)
    practice_id, record_id = params.get("practice") or "", params.get("record") or ""
    _, found = occasions(ctx, c["la"], c["first"], c["as_at"])
    for row in found:
        if row["practice_id"] == practice_id and row["record_id"] == record_id and row["breach"]:
            return c, row
    raise CarepathError(f"There is no breach {record_id} of {practice_id} due {c['first']:%d/%m/%Y} to "
                        f"{c['as_at']:%d/%m/%Y}. Open it from the list of breaches.")


def _may_write(viewer: Viewer, row: dict) -> str | None:
    """Why this viewer may not write the breach's review, or None when they may."""
    if viewer.user.role == PRACTITIONER and viewer.user.unit == row["worker_id"]:
        return OWN_CASE
    if viewer.user.role not in REVIEWER_ROLES:
        return "Reviews are written by team managers, service leads, authority leads and analysts."
    return None


def _breach_context(ctx: PageContext, params: dict, action: str) -> tuple[dict, dict]:
    c, row = _occasion(ctx, params)
    target = f"{row['practice_id']} {row['record_id']}"
    if not ctx.scope.child_level or not can_see_child(ctx.cursor, ctx.scope, row["child_id"]):
        ctx.refuse(action, target, "This child is not in your caseload, team or service, so carepath will not show "
                                   "this breach. The attempt has been recorded.")
    return c, row


@router.get("/practices/breach")
def breach_page(request: Request, viewer: Viewer = Depends(require_user())):
    with PageContext.open(request, viewer) as ctx:
        c, row = _breach_context(ctx, dict(request.query_params), "practice breach")
        ctx.audit("practice breach", f"{row['practice_id']} {row['record_id']}", [row["child_id"]])
        notes = practice_reviews.history(ctx.web.accounts, row["practice_id"], row["record_id"])
        return render(request, "practice_breach.html", row=row, practice=catalogue.get(row["practice_id"]),
                      notes=notes, refusal=_may_write(viewer, row), statuses=practice_reviews.STATUSES, choice=c,
                      saved=request.query_params.get("saved"), **ctx.common(c["la"]))


@router.post("/practices/breach")
async def write_review(request: Request, viewer: Viewer = Depends(require_user())):
    form = await check_csrf(request, viewer)
    with PageContext.open(request, viewer, purpose="write") as ctx:
        c, row = _breach_context(ctx, form, "practice breach review")
        target = f"{row['practice_id']} {row['record_id']}"
        refusal = _may_write(viewer, row)
        if refusal:
            ctx.refuse("practice breach review", target, refusal)
        practice_reviews.add(ctx.web.accounts, viewer.user, row["practice_id"], row["record_id"], row["child_id"],
                             c["la"], form.get("what_happened", ""), form.get("learning", ""),
                             form.get("status", ""))
        ctx.audit("practice breach review", target, [row["child_id"]])
    return RedirectResponse("/practices/breach?" + query(la=c["la"], as_at=c["as_at"].isoformat(),
                                                         practice=row["practice_id"], record=row["record_id"],
                                                         saved="1"), status_code=303)


__all__ = ["router"]
