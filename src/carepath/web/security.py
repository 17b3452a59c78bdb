"""Who is asking: the session cookie, ``require_user(role...)``, CSRF checks, and the refusals.

Pages declare who may open them with a dependency::

    @router.get("/children/child/{child_id:path}")
    def child_page(request: Request, viewer: Viewer = Depends(require_user(*CHILD_LEVEL_ROLES))): ...

``require_user()`` with no roles admits any signed-in account; ``admin=True`` only administrators.
A request without a live session is sent to the sign-in page (pages) or answered 401 (API and
exports); a signed-in user without the role gets a plain 403 page. Every POST must carry the
session's CSRF token (form field ``csrf_token`` or header ``X-CSRF-Token``): :func:`check_csrf`.
"""
from __future__ import annotations

import hmac
from dataclasses import dataclass

from fastapi import Request

from carepath.web.accounts import User
from carepath.web.scope import ROLES, Scope

SESSION_COOKIE = "carepath_session"
PRE_SESSION_COOKIE = "carepath_signin"


class NotSignedIn(Exception):
    pass


class Forbidden(Exception):
    """Refused: the message says why, in words the user can act on."""

    def __init__(self, message: str, status: int = 403):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Viewer:
    user: User
    csrf: str

    @property
    def scope(self) -> Scope:
        return self.user.scope


def viewer_of(request: Request) -> Viewer | None:
    cached = getattr(request.state, "viewer", False)
    if cached is not False:
        return cached
    found = request.app.state.web.accounts.session(request.cookies.get(SESSION_COOKIE))
    request.state.viewer = Viewer(*found) if found else None
    return request.state.viewer


def require_user(*roles: str, admin: bool = False):
    unknown = [r for r in roles if r not in ROLES]
    if unknown:
        raise ValueError(f"unknown roles {unknown}")

    def dependency(request: Request) -> Viewer:
        viewer = viewer_of(request)
        if viewer is None:
            raise NotSignedIn()
        if roles and viewer.user.role not in roles:
            raise Forbidden("Your role does not give access to this page.")
        if admin and not viewer.user.admin:
            raise Forbidden("Only administrators can open this page.")
        return viewer
    return dependency


def same_token(given: str | None, expected: str | None) -> bool:
    return bool(given) and bool(expected) and hmac.compare_digest(str(given), str(expected))


async def check_csrf(request: Request, viewer: Viewer) -> dict:
    """The submitted form, once its CSRF token matches the session's; else 403."""
    form = dict(await request.form())
    given = form.get("csrf_token") or request.headers.get("x-csrf-token")
    if not same_token(given, viewer.csrf):
        raise Forbidden("This form has expired or did not come from carepath. Go back, reload the page and try again.")
    return form


def client_address(request: Request) -> str | None:
    return request.client.host if request.client else None
