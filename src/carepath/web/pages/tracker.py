"""The outcome tracker: the board (every child of a cohort on one screen), its printable meeting view,
a child's tracker with manual RAGs, and a practitioner's own view.

Everything here is child-level: regional viewers are refused, every list shows only the children in
the viewer's scope (a team manager's team, a practitioner's caseload), a child's page is refused
outside scope, and every view, export and entry is audited. The board is computed by
:func:`carepath.tracker.tracker.compute` and kept until the store or the rules file changes.
Manual RAGs and board meetings live in the accounts file (:mod:`carepath.web.tracker_notes`).
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from markupsafe import Markup

from carepath.errors import CarepathError
from carepath.practices.engine import default_window
from carepath.tracker import rules as rules_mod
from carepath.tracker import tracker
from carepath.tracker.values import COHORT_SQL
from carepath.web import tracker_board as board_cells
from carepath.web import tracker_notes
from carepath.web.app import render
from carepath.web.pages.common import PageContext, iso_day, query
from carepath.web.scope import PRACTITIONER, can_see_child, children_out_of_scope
from carepath.web.security import Viewer, check_csrf, require_user
from carepath.web.tables import Column, DataTable, provides

router = APIRouter()
NOT_IN_SCOPE = ("This child is not in your caseload, team or service, so carepath will not show their "
                "tracker. The attempt has been recorded. If you need to see them, ask your manager.")


def choices(ctx: PageContext, params: dict) -> dict:
    if not ctx.scope.child_level:
        ctx.refuse("tracker", "the outcome tracker", "Your role sees aggregates only, never a child's records.")
    la = ctx.la(params.get("la"))
    if la is None:
        raise CarepathError("The store holds no children yet. Load returns with `carepath load`.")
    as_at = iso_day(params.get("as_at")) or ctx.web.cached("practice_as_at", lambda: default_window(ctx.cursor)[1])
    cohort = params.get("cohort") if params.get("cohort") in COHORT_SQL else "looked_after"
    return {"la": la, "as_at": as_at, "cohort": cohort}


def _board_key(la: str, cohort: str, as_at: date) -> tuple:
    path = rules_mod.rules_path()
    return ("tracker", la, cohort, as_at, str(path), path.stat().st_mtime_ns)


def board_of(ctx: PageContext, la: str, cohort: str, as_at: date) -> tracker.Board:
    key = _board_key(la, cohort, as_at)
    return ctx.web.cached(key, lambda: tracker.compute(ctx.cursor, cohort, as_at, la, rules_mod.load(Path(key[4]))))


def all_rows(ctx: PageContext, la: str, cohort: str, as_at: date) -> tuple[tracker.Board, list[dict]]:
    """The board and every child's row (manual RAGs applied, cells written), kept until the store, the
    rules or a manual RAG of the authority changes: a request then only filters and sorts them."""
    board = board_of(ctx, la, cohort, as_at)
    key = _board_key(la, cohort, as_at) + ("rows", tracker_notes.version(ctx.web.accounts, la))
    return board, ctx.web.cached(key, lambda: board_cells.rows(board, board.children,
                                                    tracker_notes.current_rags(ctx.web.accounts, la)))


def _in_scope(ctx: PageContext, la: str, children: list[dict]) -> list[dict]:
    if ctx.scope.sees_everything_of(la):
        return children
    hidden = set(children_out_of_scope(ctx.cursor, ctx.scope, [c["child_id"] for c in children]))
    return [c for c in children if c["child_id"] not in hidden]


def board_rows(ctx: PageContext, params: dict) -> tuple[dict, tracker.Board, list[dict]]:
    c = choices(ctx, params)
    board, every = all_rows(ctx, c["la"], c["cohort"], c["as_at"])
    rows = _in_scope(ctx, c["la"], every)
    c["teams"] = sorted({(r["team_id"], r["team_name"]) for r in rows}, key=lambda t: t[1] or "")
    c["workers"] = sorted({(r["worker_id"], r["worker_name"]) for r in rows}, key=lambda t: t[1] or "")
    c["team"] = params.get("team") if params.get("team") in {t for t, _ in c["teams"]} else ""
    c["worker"] = params.get("worker") if params.get("worker") in {w for w, _ in c["workers"]} else ""
    c["red_only"] = params.get("red_only") in ("1", "on", "true")
    rows = [r for r in rows if (not c["team"] or r["team_id"] == c["team"])
            and (not c["worker"] or r["worker_id"] == c["worker"])]
    if c["red_only"]:
        rows = [r for r in rows if r["reds"]]
    c["sort"] = params.get("sort") or "child_id"
    c["descending"] = params.get("order") == "desc"
    rows = board_cells.sort(rows, c["sort"], c["descending"], {i.id for i in board.items})
    return c, board, rows


def _filter_query(c: dict, **changes) -> str:
    wanted = {"la": c["la"], "cohort": c["cohort"], "as_at": c["as_at"].isoformat(), "team": c["team"],
              "worker": c["worker"], "red_only": "1" if c["red_only"] else None, "sort": c["sort"],
              "order": "desc" if c["descending"] else None}
    wanted.update(changes)
    return query(**wanted)


@provides("tracker_board")
def board_table(ctx: PageContext, params: dict) -> DataTable:
    c, board, rows = board_rows(ctx, params)
    ctx.audit("tracker board", f"{c['cohort']} of {c['la']} at {c['as_at']}", [r["child_id"] for r in rows])
    columns = [Column("child_id", "Child"), Column("age", "Age", numeric=True), Column("team_name", "Team"),
               Column("worker_name", "Practitioner"), Column("reds", "Reds", numeric=True)]
    flat = []
    for row in rows:
        out = {k: row[k] for k in ("child_id", "age", "team_name", "worker_name", "reds")}
        for item in board.items:
            cell = row["cells"][item.id]
            out[item.id] = cell["value"]
            out[item.id + "_rag"] = board.not_loaded.get(item.id) or cell["rag"]
            out[item.id + "_manual"] = f"{cell['manual'].rag}: {cell['manual'].comment}" if cell["manual"] else None
        flat.append(out)
    for item in board.items:
        columns += [Column(item.id, item.title), Column(item.id + "_rag", f"{item.title}: RAG"),
                    Column(item.id + "_manual", f"{item.title}: manual RAG")]
    return DataTable("tracker_board", f"{rules_mod.COHORTS[c['cohort']]} on {c['as_at']:%d/%m/%Y}", columns, flat,
                     child_level=True, extra={"choice": c, "board": board, "rows": rows})


def national(ctx: PageContext, la: str, as_at: date) -> tuple[str | None, list]:
    """(the OC2 year, its rows) of the national comparison (:mod:`carepath.tracker.compare`)."""
    from carepath.tracker import compare

    def compute():
        found = ctx.cursor.execute("SELECT max(year(year_ending)) FROM cla_outcome WHERE la_code = ? "
                                   "AND year_ending <= ?", [la, as_at]).fetchall()[0][0]
        if found is None:
            return None, []
        return f"{found - 1}-{found % 100:02d}", compare.compare(ctx.cursor, ctx.web.settings.reference, la, found,
                                                                  ctx.web.settings.like)
    return ctx.web.cached(("tracker-national", la, as_at), compute)


@router.get("/tracker")
def tracker_page(request: Request, viewer: Viewer = Depends(require_user())):
    params = dict(request.query_params)
    with PageContext.open(request, viewer) as ctx:
        table = board_table(ctx, params)
        c = table.extra["choice"]
        template = "tracker_print.html" if params.get("print") == "1" else "tracker.html"

        def sort_link(key: str) -> str:   # a second click on the column sorts the other way
            order = "desc" if c["sort"] == key and not c["descending"] else None
            return "/tracker?" + _filter_query(c, sort=key, order=order)
        year, comparison = national(ctx, c["la"], c["as_at"]) if c["cohort"] == "looked_after" else (None, [])
        body = Markup("".join(f'<tr>{r["lead"]}{r["html"]}</tr>' for r in table.extra["rows"]))
        return render(request, template, table=table, board=table.extra["board"], rows=table.extra["rows"], choice=c,
                      body=body,
                      national_year=year, comparison=comparison, reference=ctx.web.settings.reference,
                      cohorts=list(rules_mod.COHORTS.items()), filter_query=lambda **ch: _filter_query(c, **ch),
                      sort_link=sort_link,
                      export_query=_filter_query(c), recorded=params.get("recorded"), **ctx.common(c["la"]))


@router.post("/tracker/meeting")
async def record_meeting(request: Request, viewer: Viewer = Depends(require_user())):
    form = await check_csrf(request, viewer)
    raw = await request.form()
    with PageContext.open(request, viewer, purpose="write") as ctx:
        c = choices(ctx, form)
        discussed = [child for child in raw.getlist("discussed") if child]
        if children_out_of_scope(ctx.cursor, ctx.scope, discussed):
            ctx.refuse("board meeting", f"{c['cohort']} of {c['la']}", NOT_IN_SCOPE)
        held_on = iso_day(form.get("held_on")) or date.today()
        meeting = tracker_notes.record_meeting(ctx.web.accounts, viewer.user, c["la"], c["cohort"], held_on,
                                               c["as_at"], {child: form.get(f"agreed:{child}", "") for child in discussed})
        ctx.audit("board meeting", f"meeting {meeting}: {c['cohort']} of {c['la']} held {held_on}", discussed)
    return RedirectResponse("/tracker/meetings?" + query(la=c["la"], recorded=str(meeting)), status_code=303)


@provides("board_meetings")
def meetings_table(ctx: PageContext, params: dict) -> DataTable:
    c = choices(ctx, params)
    found = tracker_notes.discussions(ctx.web.accounts, c["la"])
    if not ctx.scope.sees_everything_of(c["la"]):
        hidden = set(children_out_of_scope(ctx.cursor, ctx.scope, [d.child_id for d in found]))
        found = [d for d in found if d.child_id not in hidden]
    ctx.audit("board meetings", f"meetings of {c['la']}", [d.child_id for d in found])
    rows = [{"meeting_id": d.meeting_id, "held_on": d.held_on, "cohort": rules_mod.COHORTS.get(d.cohort, d.cohort),
             "child_id": d.child_id, "agreed": d.agreed, "written_by": d.written_by} for d in found]
    return DataTable("board_meetings", "Children discussed at board meetings, and what was agreed", [
        Column("meeting_id", "Meeting", numeric=True), Column("held_on", "Held on"), Column("cohort", "Cohort"),
        Column("child_id", "Child", link=lambda r: f"/tracker/child/{r['child_id']}"),
        Column("agreed", "Agreed"), Column("written_by", "Recorded by")], rows, child_level=True, extra=c)


@router.get("/tracker/meetings")
def meetings_page(request: Request, viewer: Viewer = Depends(require_user())):
    with PageContext.open(request, viewer) as ctx:
        table = meetings_table(ctx, dict(request.query_params))
        return render(request, "tracker_meetings.html", table=table, recorded=request.query_params.get("recorded"),
                      export_query=query(la=table.extra["la"]), **ctx.common(table.extra["la"]))


def _child(ctx: PageContext, child_id: str, params: dict, action: str) -> tuple[dict, tracker.Board, dict | None]:
    c = choices(ctx, params)
    if not can_see_child(ctx.cursor, ctx.scope, child_id):
        ctx.refuse(action, child_id, NOT_IN_SCOPE)
    board = board_of(ctx, c["la"], c["cohort"], c["as_at"])
    found = [ch for ch in board.children if ch["child_id"] == child_id]
    manual = tracker_notes.current_rags(ctx.web.accounts, c["la"])
    row = board_cells.rows(board, found, manual)[0] if found else None
    return c, board, row


@router.get("/tracker/child/{child_id:path}")
def child_page(child_id: str, request: Request, viewer: Viewer = Depends(require_user())):
    with PageContext.open(request, viewer) as ctx:
        c, board, row = _child(ctx, child_id, dict(request.query_params), "tracker child")
        ctx.audit("tracker child", child_id, [child_id])
        history = tracker_notes.rag_history(ctx.web.accounts, child_id)
        return render(request, "tracker_child.html", child_id=child_id, choice=c, board=board, row=row,
                      history=history, rags=tracker_notes.MANUAL_RAGS, cohorts=list(rules_mod.COHORTS.items()),
                      saved=request.query_params.get("saved"), **ctx.common(c["la"]))


@router.post("/tracker/child/{child_id:path}")
async def set_manual_rag(child_id: str, request: Request, viewer: Viewer = Depends(require_user())):
    form = await check_csrf(request, viewer)
    with PageContext.open(request, viewer, purpose="write") as ctx:
        c, board, row = _child(ctx, child_id, form, "manual RAG")
        item = form.get("item", "")
        if item not in {i.id for i in board.items}:
            raise CarepathError(f"'{item}' is not an item of the {rules_mod.COHORTS[c['cohort']].lower()} tracker.")
        tracker_notes.set_rag(ctx.web.accounts, viewer.user, c["la"], child_id, item, form.get("rag", ""),
                              form.get("comment", ""))
        ctx.audit("manual RAG", f"{child_id} {item} {form.get('rag')}", [child_id])
    return RedirectResponse(f"/tracker/child/{child_id}?" + query(la=c["la"], cohort=c["cohort"],
                                                                  as_at=c["as_at"].isoformat(), saved="1"),
                            status_code=303)


@router.get("/tracker/mine")
def own_view(request: Request, viewer: Viewer = Depends(require_user(PRACTITIONER))):
    """A practitioner's own children, their outcomes, and the figures their records feed."""
    from carepath.web.pages import practices as practice_pages
    params = dict(request.query_params)
    with PageContext.open(request, viewer) as ctx:
        c = choices(ctx, params)
        worker = viewer.user.unit
        boards, mine = [], set()
        for cohort in COHORT_SQL:
            try:
                board = board_of(ctx, c["la"], cohort, c["as_at"])
            except CarepathError:
                continue   # the cohort's records are not loaded
            held = [ch for ch in board.children if ch["worker_id"] == worker]
            if held:
                manual = tracker_notes.current_rags(ctx.web.accounts, c["la"])
                boards.append((cohort, board, board_cells.rows(board, held, manual)))
                mine.update(ch["child_id"] for ch in held)
        first, as_at = practice_pages.window(ctx, params)
        _, occasions = practice_pages.occasions(ctx, c["la"], first, as_at)
        own = [o for o in occasions if o["worker_id"] == worker]
        figures = ctx.cursor.execute("""
            SELECT indicator_id, period, numerator, denominator, value, note FROM indicator_result
            WHERE la_code = ? AND level = 'worker' AND unit_id = ?
              AND period = (SELECT max_by(period, period_end) FROM indicator_result
                            WHERE la_code = ? AND level = 'worker' AND period_kind = 'year')
            ORDER BY indicator_id""", [c["la"], worker, c["la"]]).fetchall()
        ctx.audit("own tracker", f"children held by {worker} at {c['as_at']}",
                  sorted(mine | {o["child_id"] for o in own}))
        from carepath.indicators import catalogue as indicator_catalogue
        from carepath.practices import catalogue as practice_catalogue
        titles = {i: ind.title for i, ind in indicator_catalogue.indicators().items()}
        return render(request, "tracker_mine.html", choice=c, boards=boards, occasions=own,
                      practice_titles={p.id: p.title for p in practice_catalogue.practices().values()},
                      figures=[dict(zip(("indicator_id", "period", "numerator", "denominator", "value", "note"), f),
                                    title=titles.get(f[0], f[0])) for f in figures],
                      cohorts=rules_mod.COHORTS, window=(first, as_at), **ctx.common(c["la"]))


__all__ = ["router"]
