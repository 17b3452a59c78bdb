"""Admin: the audit log (filterable, paged) and the accounts (add, disable, enable). Administrators only.

The log is read newest first, :data:`PAGE_SIZE` entries a page on screen and
:data:`EXPORT_PAGE_SIZE` a file when exported (``page=2`` for the next file); every page link
carries ``upto``, the newest entry when the first page was read, so pages stay put while the log
grows. An entry about many children lists them on its own page (``/admin/audit/entry/<no.>``).
Changing an account is a POST carrying the session's CSRF token, and is itself audited.
"""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from carepath.errors import CarepathError
from carepath.web import audit
from carepath.web.app import render
from carepath.web.pages.common import PageContext, query
from carepath.web.scope import ROLE_TITLES, ROLES, check_scope, check_unit_in_store
from carepath.web.security import Forbidden, Viewer, check_csrf, client_address, require_user
from carepath.web.tables import Column, DataTable, provides

router = APIRouter()
PAGE_SIZE, EXPORT_PAGE_SIZE = 100, 10_000
FILTERS = ("user", "action", "child", "outcome", "since", "until")


def _admin_only(ctx: PageContext) -> None:
    if not ctx.viewer.user.admin:
        raise Forbidden("Only administrators can open the audit log and the accounts.")


@provides("audit")
def audit_table(ctx: PageContext, params: dict) -> DataTable:
    _admin_only(ctx)
    size = PAGE_SIZE if ctx.purpose == "view" else EXPORT_PAGE_SIZE
    found = audit.page(ctx.web.accounts, *(params.get(k) or None for k in FILTERS), page_no=_int(params.get("page"), 1),
                       size=size, upto=_int(params.get("upto"), None))
    rows = [{**e.__dict__, "children": ", ".join(e.children) if e.children or not e.child_count else
             f"{e.child_count:,} children: listed at /admin/audit/entry/{e.audit_id}"} for e in found.entries]
    first = (found.page - 1) * found.size + 1
    note = (f"Entries {first:,} to {first + len(rows) - 1:,} of {found.total:,}, newest first (up to entry "
            f"{found.upto}). Page {found.page} of {found.pages}." if rows else "")
    return DataTable("audit", "Audit log", [
        Column("audit_id", "No.", numeric=True), Column("at", "When (UTC)"), Column("username", "Who"),
        Column("role", "Role"), Column("action", "What"), Column("target", "Asked for"), Column("outcome", "Outcome"),
        Column("child_count", "Children", numeric=True, link=_entry_link), Column("children", "Child ids"),
        Column("address", "From")], rows, note=note, extra={"page": found})


def _int(value, default):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _entry_link(row: dict) -> str | None:
    return f"/admin/audit/entry/{row['audit_id']}" if row.get("child_count") else None


@provides("audit_children")
def audit_children_table(ctx: PageContext, params: dict) -> DataTable:
    _admin_only(ctx)
    entry = _int(params.get("entry"), 0)
    rows = [{"child_id": c} for c in audit.children_of(ctx.web.accounts, entry)]
    return DataTable("audit_children", f"Children of audit entry {entry}", [Column("child_id", "Child")], rows,
                     extra={"entry": entry})


@provides("users")
def users_table(ctx: PageContext, params: dict) -> DataTable:
    _admin_only(ctx)
    rows = [{**u.__dict__, "role_title": ROLE_TITLES.get(u.role, u.role), "scope": u.scope.describe()}
            for u in ctx.web.accounts.users()]
    return DataTable("users", "Accounts", [
        Column("username", "User name"), Column("display_name", "Name"), Column("role_title", "Role"),
        Column("scope", "Scope"), Column("admin", "Administrator"), Column("active", "Active")], rows)


@router.get("/admin/audit")
def audit_page(request: Request, viewer: Viewer = Depends(require_user(admin=True))):
    params = dict(request.query_params)
    keep = {k: params.get(k) for k in FILTERS}
    with PageContext.open(request, viewer) as ctx:
        table = audit_table(ctx, params)
        found = table.extra["page"]
        link = lambda n: "/admin/audit?" + query(**keep, upto=found.upto, page=n)  # noqa: E731
        return render(request, "admin_audit.html", table=table, params=keep, found=found,
                      newer=link(found.page - 1) if found.page > 1 else None,
                      older=link(found.page + 1) if found.page < found.pages else None,
                      export_query=query(**keep, upto=found.upto),
                      export_pages=-(-found.total // EXPORT_PAGE_SIZE), **ctx.common(None))


@router.get("/admin/audit/entry/{entry}")
def audit_entry_page(entry: int, request: Request, viewer: Viewer = Depends(require_user(admin=True))):
    with PageContext.open(request, viewer) as ctx:
        table = audit_children_table(ctx, {"entry": entry})
        return render(request, "admin_audit_entry.html", table=table, entry=entry,
                      export_query=query(entry=entry), **ctx.common(None))


@router.get("/admin/users")
def users_page(request: Request, viewer: Viewer = Depends(require_user(admin=True)), message: str = "",
               problem: str = ""):
    with PageContext.open(request, viewer) as ctx:
        return render(request, "admin_users.html", table=users_table(ctx, {}), roles=[(r, ROLE_TITLES[r]) for r in ROLES],
                      message=message, problem=problem, **ctx.common(None))


@router.post("/admin/users")
async def add_user(request: Request, viewer: Viewer = Depends(require_user(admin=True))):
    form = await check_csrf(request, viewer)
    accounts = request.app.state.web.accounts
    username = (form.get("username") or "").strip()
    role, la_code, unit = form.get("role") or "", form.get("la_code") or None, form.get("unit") or None
    try:
        check_scope(role, la_code, unit)
        with PageContext.open(request, viewer) as ctx:
            check_unit_in_store(ctx.cursor, role, la_code, unit)
        accounts.add(username, form.get("password") or "", role, la_code, unit, form.get("display_name") or None,
                     admin=form.get("admin") == "on")
    except CarepathError as exc:
        return RedirectResponse("/admin/users?" + query(problem=str(exc)), status_code=303)
    audit.record(accounts, viewer.user, "add account", username, address=client_address(request))
    return RedirectResponse("/admin/users?" + query(message=f"Account {username} added."), status_code=303)


@router.post("/admin/users/{username}/{change}")
async def change_user(username: str, change: str, request: Request,
                      viewer: Viewer = Depends(require_user(admin=True))):
    await check_csrf(request, viewer)
    if change not in ("disable", "enable"):
        raise CarepathError("Accounts can be disabled or enabled.")
    if username == viewer.user.username and change == "disable":
        return RedirectResponse("/admin/users?" + query(problem="You cannot disable your own account."), status_code=303)
    accounts = request.app.state.web.accounts
    accounts.set_active(username, change == "enable")
    audit.record(accounts, viewer.user, f"{change} account", username, address=client_address(request))
    return RedirectResponse("/admin/users?" + query(message=f"Account {username} {change}d."), status_code=303)
