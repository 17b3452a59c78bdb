"""What every page handler uses: a :class:`PageContext` (the viewer, a store cursor, auditing,
refusals) and the choices a page offers (authority, period, level, unit).

::

    @router.get("/things")
    def things(request: Request, viewer: Viewer = Depends(require_user())):
        with PageContext.open(request, viewer) as ctx:
            table = things_table(ctx, dict(request.query_params))
            return render(request, "things.html", table=table, **ctx.common())
"""
from __future__ import annotations

import copy

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Iterator
from urllib.parse import urlencode

from fastapi import Request

from carepath.errors import CarepathError
from carepath.indicators import catalogue
from carepath.indicators.engine import LEVELS
from carepath.web import audit, results
from carepath.web.security import Forbidden, Viewer, client_address

LEVEL_TITLES = {"authority": "Authority", "service": "Service", "locality": "Locality", "team": "Team",
                "worker": "Practitioner"}
KIND_TITLES = {"year": "Financial years", "quarter": "Quarters", "month": "Months", "rolling12": "Rolling 12 months"}
ALL_SET = "all"


@dataclass
class PageContext:
    request: Request
    viewer: Viewer
    cursor: object
    purpose: str = "view"

    @classmethod
    @contextmanager
    def open(cls, request: Request, viewer: Viewer, purpose: str = "view") -> Iterator["PageContext"]:
        with request.app.state.web.gate.cursor() as cursor:
            yield cls(request, viewer, cursor, purpose)

    @property
    def web(self):
        return self.request.app.state.web

    @property
    def scope(self):
        return self.viewer.scope

    def audit(self, action: str, target: str, children: list[str] | None = None,
              outcome: str = audit.ALLOWED) -> None:
        verb = "view" if self.purpose == "view" else self.purpose
        audit.record(self.web.accounts, self.viewer.user, f"{verb} {action}", target, outcome, children,
                     client_address(self.request))

    def refuse(self, action: str, target: str, message: str) -> None:
        self.audit(action, target, outcome=audit.REFUSED)
        raise Forbidden(message)

    def stored(self, read, *args, **kwargs):
        """``read(cursor, *args, **kwargs)``: figures or other things read from the store, remembered
        until its data version changes (``WebState.cached``); each caller gets its own copy, so a
        page that adds to what it got does not change what the next page gets."""
        key = (read.__module__, read.__qualname__, _hashable(args), _hashable(sorted(kwargs.items())))
        return copied(self.web.cached(key, lambda: read(self.cursor, *args, **kwargs)))

    # -- choices ------------------------------------------------------------------------------
    def authorities(self) -> list[str]:
        return self.web.cached("authorities", lambda: results.authorities(self.cursor))

    def la(self, requested: str | None) -> str | None:
        held = self.authorities()
        if requested and (requested in held or requested in self.store_authorities()):
            return requested
        if self.scope.la_code and self.scope.la_code in held:
            return self.scope.la_code
        return held[0] if held else (self.store_authorities() or [None])[0]

    def store_authorities(self) -> list[str]:
        return self.web.cached("store_authorities", lambda: results.store_authorities(self.cursor))

    def periods(self, la: str) -> list[results.PeriodInfo]:
        return self.web.cached(("periods", la), lambda: results.periods(self.cursor, la))

    def period(self, la: str, requested: str | None, kind: str | None = None) -> results.PeriodInfo | None:
        """The period asked for, else the latest financial year computed, else the latest of any kind."""
        known = self.periods(la)
        for p in known:
            if p.label == requested:
                return p
        for wanted in ([kind] if kind else []) + ["year", None]:
            chosen = [p for p in known if wanted is None or p.kind == wanted]
            if chosen:
                return chosen[-1]
        return None

    def units(self, la: str, level: str) -> list[tuple[str, str]]:
        return self.web.cached(("units", la, level), lambda: results.units(self.cursor, la, level))

    def level_and_unit(self, la: str, level: str | None, unit: str | None) -> tuple[str, str]:
        """The level and unit asked for, else the viewer's own (a team manager's team), else the authority."""
        home_la, home_level, home_unit = self.scope.home()
        if level not in LEVELS or not self.scope.sees_level(level):
            level = home_level if home_la == la else "authority"
        if level == "authority":
            return level, la
        known = [u for u, _ in self.units(la, level)]
        if unit in known:
            return level, unit
        if home_level == level and home_unit in known:
            return level, home_unit
        return level, (known[0] if known else la)

    def name(self, la: str) -> str:
        return self.web.benchmarks.name(la) if self.web.benchmarks.reference else (
            f"Synthetic authority {la}" if la.isdigit() and int(la) >= 501 else f"LA {la}")

    def common(self, la: str | None = None) -> dict:
        return {"authorities": [(code, self.name(code)) for code in self.authorities()], "la": la,
                "la_name": self.name(la) if la else None, "level_titles": self.level_titles(),
                "kind_titles": KIND_TITLES}

    def level_titles(self) -> dict[str, str]:
        """The levels this viewer may choose (a regional viewer: authority and service)."""
        return {level: title for level, title in LEVEL_TITLES.items() if self.scope.sees_level(level)}


_IMMUTABLE = (str, int, float, bool, type(None), date, Decimal)   # (datetime is a date)


def copied(value):
    """A copy of what the cache holds that a page may change freely: lists, dicts and sets are
    copied all the way down; numbers, text and dates are shared (they cannot change); anything
    else is deep-copied. The same as ``copy.deepcopy`` for what pages read, at a fraction of its
    cost on lists of thousands of figures."""
    kind = type(value)
    if kind is dict:
        return {k: v if type(v) in _IMMUTABLE else copied(v) for k, v in value.items()}
    if kind is list:
        return [v if type(v) in _IMMUTABLE else copied(v) for v in value]
    if kind is tuple:
        return tuple(v if type(v) in _IMMUTABLE else copied(v) for v in value)
    if kind is set or kind is frozenset:
        return kind(value)                 # members are hashable, so they are not changed in place
    if isinstance(value, _IMMUTABLE):
        return value
    return copy.deepcopy(value)


def _hashable(value):
    """A cache key's part: lists (of indicator ids, periods ...) as tuples."""
    if isinstance(value, (list, tuple)):
        return tuple(_hashable(v) for v in value)
    return value


def query(**params) -> str:
    return urlencode({k: v for k, v in params.items() if v not in (None, "", False)})


def indicator_sets() -> list[tuple[str, str]]:
    found = [(s.name, s.title) for s in catalogue.sets().values()]
    return found + [(ALL_SET, "Every indicator in the catalogue")]


def members(set_name: str) -> list[tuple[str, str, str]]:
    """(code, indicator_id, label) of a set, or of the whole catalogue."""
    sets = catalogue.sets()
    if set_name in sets:
        return [(m.code, m.indicator_id, m.label) for m in sets[set_name].members]
    return [("", i.id, i.title) for i in catalogue.indicators().values()]


def iso_day(text: str | None) -> date | None:
    """A date typed into a form or a link (YYYY-MM-DD), or None; anything else is the user's to fix."""
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CarepathError(f"'{text}' is not a date written YYYY-MM-DD.") from None
