"""What the journey pages share: the cohorts a query asks for, limited to what the viewer may see,
the filter choices for the form, and a small cache of built journeys.

A query holds the period (``from``, ``to``), the authority (``la``) and two cohorts' filters:
the first unprefixed (``age``, ``sex``, ``ethnicity``, ``disability``, ``team``, ``locality``,
``source``; repeat a parameter for several values), the second prefixed ``b_`` and used when
``compare`` is on. The map shows only children in the viewer's scope (a team manager sees the
team's children); the Sankey and repeat pages show everyone's figures, disclosure-controlled
for a viewer who may not see every child behind them.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import date, timedelta

from carepath.analysis.journeys_cohort import Cohort, CohortError, options
from carepath.errors import CarepathError
from carepath.web.pages.common import PageContext
from carepath.web.scope import ANALYST, HOME_LEVEL, SERVICE_LEAD, TEAM_MANAGER, children_out_of_scope

FILTERS = {"age": "age_bands", "sex": "sexes", "ethnicity": "ethnic_groups", "team": "teams",
           "locality": "localities", "source": "referral_sources"}
SCOPE_TABLE = "viewer_scope"
BELOW_SERVICE = {"team": "team", "locality": "locality"}   # filters a regional viewer does not get


def aggregate_query(ctx: PageContext, query: dict[str, list[str]]) -> dict[str, list[str]]:
    """The query without the filters below service level that the viewer may not use."""
    return {k: v for k, v in query.items()
            if k.removeprefix("b_") not in BELOW_SERVICE or ctx.scope.sees_level(BELOW_SERVICE[k.removeprefix("b_")])}


def multi(request) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        if value != "":
            found.setdefault(key, []).append(value)
    return found


def _day(text: str | None, name: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CarepathError(f"'{text}' is not a date for {name}: write it as 2024-04-01.") from None


def authority(ctx: PageContext, query: dict[str, list[str]]) -> str | None:
    """The authority asked for, else the viewer's own, else the first in the store."""
    held = ctx.store_authorities()
    requested = (query.get("la") or [None])[0]
    if requested in held:
        return requested
    if ctx.scope.la_code in held:
        return ctx.scope.la_code
    computed = ctx.la(None)
    return computed if computed in held else (held[0] if held else None)


def authority_choices(ctx: PageContext) -> list[tuple[str, str]]:
    return [(code, ctx.name(code)) for code in ctx.store_authorities()]


def default_period(cursor, la: str | None) -> tuple[date, date]:
    """The 12 months up to the latest referral or contact the store holds for the authority."""
    where, params = ("WHERE la_code = ?", [la]) if la else ("", [])
    latest = cursor.execute(f"SELECT max(day) FROM (SELECT max(referral_date) AS day FROM referral {where} "
                            f"UNION ALL SELECT max(contact_date) FROM contact {where})", params * 2).fetchall()[0][0]
    end = latest or date.today()
    return end - timedelta(days=364), end


def period(ctx: PageContext, query: dict[str, list[str]], la: str | None) -> tuple[date, date]:
    default_start, default_end = ctx.web.cached(("journeys_period", la), lambda: default_period(ctx.cursor, la))
    start = _day((query.get("from") or [None])[0], "the first day") or default_start
    end = _day((query.get("to") or [None])[0], "the last day") or default_end
    if end < start:
        raise CarepathError(f"The period ends ({end}) before it starts ({start}).")
    if (end - start).days > 366 * 6:
        raise CarepathError("Choose a period of six years or less.")
    return start, end


def caption(ctx: PageContext, chosen: Cohort, la: str | None) -> str:
    """The cohort in the user's words: teams by name, and, for a viewer who sees only part of the
    authority, that the page is limited to their scope."""
    found = ctx.web.cached(("journeys_options", la), lambda: options(ctx.cursor, la))
    names = {t["value"]: t["label"] for t in found["teams"]}
    text = chosen.describe()
    if chosen.teams:
        text = text.replace("team: " + ", ".join(chosen.teams),
                            ("team: " if len(chosen.teams) == 1 else "teams: ")
                            + ", ".join(names.get(t, t) for t in chosen.teams))
    if ctx.scope.role in HOME_LEVEL:
        unit = ctx.scope.unit
        if ctx.scope.role == TEAM_MANAGER:
            unit = f"team {names.get(unit, unit)}"
        elif ctx.scope.role == SERVICE_LEAD:
            unit = f"the {unit} service"
        else:
            unit = "your caseload"
        text += f"; only the children of {unit}"
    return text


def cohort(query: dict[str, list[str]], la: str | None, start: date, end: date, prefix: str = "",
           within: str | None = None, label: str = "") -> Cohort:
    """The cohort whose filters are the query's parameters with ``prefix``."""
    chosen = {field: tuple(query.get(prefix + name, [])) for name, field in FILTERS.items()}
    disability = (query.get(prefix + "disability") or [None])[0]
    try:
        return Cohort(start, end, la_code=la, disability=disability, within=within, label=label, **chosen)
    except CohortError as exc:
        raise CarepathError(str(exc)) from exc


def install_scope(ctx: PageContext) -> str | None:
    """The temp table of children the viewer may see (None: an analyst sees everyone)."""
    if ctx.scope.role == ANALYST:
        return None
    sql, params = ctx.scope.children_sql()
    ctx.cursor.execute(f"CREATE OR REPLACE TEMP TABLE {SCOPE_TABLE} AS SELECT DISTINCT child_id FROM ({sql}) s",
                       params)
    return SCOPE_TABLE


def sees_every_child(ctx: PageContext, child_ids: list[str]) -> bool:
    """Whether the viewer may see every one of these children (else figures are controlled)."""
    if not ctx.scope.child_level:
        return False
    if ctx.scope.role == ANALYST:
        return True
    return not children_out_of_scope(ctx.cursor, ctx.scope, child_ids)


def choices(ctx: PageContext, la: str | None) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The form's filters: (parameter, legend, [(value, label)])."""
    found = ctx.web.cached(("journeys_options", la), lambda: options(ctx.cursor, la))

    def pairs(values):
        return [(v["value"], v["label"]) if isinstance(v, dict) else (v, v) for v in values]
    listed = [("age", "Age at the start of the period", pairs(found["age_bands"])),
              ("sex", "Sex", pairs(found["sexes"])),
              ("ethnicity", "Ethnic group", pairs(found["ethnic_groups"])),
              ("disability", "Disability", pairs(found["disability"])),
              ("team", "Team (allocated in the period)", pairs(found["teams"])),
              ("locality", "Locality", pairs(found["localities"])),
              ("source", "Referral source", pairs(found["referral_sources"]))]
    return [c for c in listed if c[0] not in BELOW_SERVICE or ctx.scope.sees_level(BELOW_SERVICE[c[0]])]


def form_state(query: dict[str, list[str]], start: date, end: date) -> dict:
    """What the filter form shows as chosen."""
    chosen = {}
    for prefix in ("", "b_"):
        for name in list(FILTERS) + ["disability"]:
            chosen[prefix + name] = query.get(prefix + name, [])
    return {"from": start.isoformat(), "to": end.isoformat(), "start": start, "end": end, "chosen": chosen,
            "compare": (query.get("compare") or [""])[0] in ("1", "on", "true", "yes")}


class JourneyCache:
    """The last few journey sets built, keyed by the store's version and the cohort."""

    def __init__(self, size: int = 4):
        self.size = size
        self.entries: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key, compute):
        with self.lock:
            if key in self.entries:
                self.entries.move_to_end(key)
                return self.entries[key]
        value = compute()
        with self.lock:
            self.entries[key] = value
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)
        return value


def journey_cache(ctx: PageContext) -> JourneyCache:
    return ctx.web.cache.setdefault("journeys_built", JourneyCache())
