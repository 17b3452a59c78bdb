"""Admin: the audit log (filterable) and the accounts (add, disable, enable). Administrators only.

Changing an account is a POST carrying the session's CSRF token, and is itself audited.
"""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from carepath.errors import CarepathError
from carepath.web import audit
from carepath.web.app import render
from carepath.web.pages.common import PageContext, query
from carepath.web.scope import ROLE_TITLES, ROLES
from carepath.web.security import Forbidden, Viewer, check_csrf, client_address, require_user
from carepath.web.tables import Column, DataTable, provides

router = APIRouter()


def _admin_only(ctx: PageContext) -> None:
    if not ctx.viewer.user.admin:
        raise Forbidden("Only administrators can open the audit log and the accounts.")


@provides("audit")
def audit_table(ctx: PageContext, params: dict) -> DataTable:
    _admin_only(ctx)
    found, total = audit.entries(ctx.web.accounts, params.get("user") or None, params.get("action") or None,
                                 params.get("child") or None, params.get("outcome") or None, params.get("since") or None)
    rows = [{**e.__dict__, "children": ", ".join(e.children)} for e in found]
    return DataTable("audit", "Audit log", [
        Column("audit_id", "No.", numeric=True), Column("at", "When (UTC)"), Column("username", "Who"),
        Column("role", "Role"), Column("action", "What"), Column("target", "Asked for"), Column("outcome", "Outcome"),
        Column("child_count", "Children", numeric=True), Column("children", "Child ids"),
        Column("address", "From")], rows, total_rows=total)


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
    keep = {k: params.get(k) for k in ("user", "action", "child", "outcome", "since")}
    with PageContext.open(request, viewer) as ctx:
        return render(request, "admin_audit.html", table=audit_table(ctx, params), params=keep,
                      export_query=query(**keep), **ctx.common(None))


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
    try:
        accounts.add(username, form.get("password") or "", form.get("role") or "", form.get("la_code") or None,
                     form.get("unit") or None, form.get("display_name") or None, admin=form.get("admin") == "on")
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
