"""Signing in and out, and changing one's own password.

The sign-in form carries a token tied to a short-lived cookie (no session exists yet), so a
form on another site cannot sign a browser in. Wrong passwords make the next try wait, longer
each time, per account and per client address (:mod:`carepath.web.throttle`); a right password
after the wait signs in. Sign-ins (and refusals, throttled ones included) are audited.
"""
from __future__ import annotations

import math
import secrets
from urllib.parse import urlparse

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from carepath.errors import CarepathError
from carepath.web import audit
from carepath.web.app import render
from carepath.web.pages.common import query
from carepath.web.security import (PRE_SESSION_COOKIE, SESSION_COOKIE, Viewer, check_csrf, client_address,
                                   require_user, same_token, viewer_of)

router = APIRouter()


def _safe_next(target: str | None) -> str:
    """Only a path on this site (never //host or a full URL)."""
    if not target or not target.startswith("/") or target.startswith("//") or urlparse(target).netloc:
        return "/overview"
    return target


def _wait_words(seconds: str) -> str:
    """A wait in words: "1 second", "40 seconds", "3 minutes"."""
    try:
        n = max(1, int(seconds))
    except ValueError:
        return "a little while"
    if n < 60:
        return f"{n} second{'s' if n != 1 else ''}"
    minutes = math.ceil(n / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def _cookie(request: Request, response, name: str, value: str, max_age: int | None) -> None:
    response.set_cookie(name, value, max_age=max_age, httponly=True, samesite="strict", path="/",
                        secure=request.app.state.web.settings.secure_cookies)


@router.get("/sign-in")
def sign_in_page(request: Request, next: str = "", problem: str = "", wait: str = ""):
    if viewer_of(request) is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    token = secrets.token_urlsafe(24)
    response = render(request, "sign_in.html", form_token=token, next=_safe_next(next), problem=problem,
                      wait=_wait_words(wait))
    _cookie(request, response, PRE_SESSION_COOKIE, token, 1800)
    return response


@router.post("/sign-in")
async def sign_in(request: Request):
    form = dict(await request.form())
    username = (form.get("username") or "").strip().lower()
    target = _safe_next(form.get("next"))
    web = request.app.state.web
    address = client_address(request)
    again = lambda problem, wait=None: RedirectResponse(  # noqa: E731
        "/sign-in?" + query(problem=problem, next=target, wait=wait), status_code=303)
    if not same_token(form.get("form_token"), request.cookies.get(PRE_SESSION_COOKIE)):
        return again("expired")
    wait = web.throttle.wait(username, address)
    if wait > 0:
        audit.record(web.accounts, None, "sign in (throttled)", username, audit.REFUSED, address=address,
                     username=username or None)
        return again("throttled", str(math.ceil(wait)))
    user = web.accounts.verify(username, form.get("password") or "")
    if user is None:
        web.throttle.failed(username, address)
        audit.record(web.accounts, None, "sign in", username, audit.REFUSED, address=client_address(request),
                     username=username or None)
        return again("wrong")
    web.throttle.succeeded(username)
    token, _ = web.accounts.start_session(user)
    audit.record(web.accounts, user, "sign in", username, address=client_address(request))
    response = RedirectResponse(target, status_code=303)
    _cookie(request, response, SESSION_COOKIE, token, web.settings.absolute_hours * 3600)
    response.delete_cookie(PRE_SESSION_COOKIE, path="/")
    return response


@router.post("/sign-out")
async def sign_out(request: Request, viewer: Viewer = Depends(require_user())):
    await check_csrf(request, viewer)
    web = request.app.state.web
    web.accounts.end_session(request.cookies.get(SESSION_COOKIE))
    audit.record(web.accounts, viewer.user, "sign out", viewer.user.username, address=client_address(request))
    response = RedirectResponse("/sign-in?problem=signed-out", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/account")
def account_page(request: Request, viewer: Viewer = Depends(require_user()), message: str = "", problem: str = ""):
    return render(request, "account.html", message=message, problem=problem)


@router.post("/account/password")
async def change_password(request: Request, viewer: Viewer = Depends(require_user())):
    form = await check_csrf(request, viewer)
    web = request.app.state.web
    if web.accounts.verify(viewer.user.username, form.get("current") or "") is None:
        return RedirectResponse("/account?" + query(problem="Your current password is not right."), status_code=303)
    if form.get("new") != form.get("confirm"):
        return RedirectResponse("/account?" + query(problem="The two new passwords differ."), status_code=303)
    try:
        web.accounts.set_password(viewer.user.username, form.get("new") or "")
    except CarepathError as exc:
        return RedirectResponse("/account?" + query(problem=str(exc)), status_code=303)
    audit.record(web.accounts, viewer.user, "change password", viewer.user.username, address=client_address(request))
    response = RedirectResponse("/sign-in?problem=password-changed", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
