"""Children's journeys: the animated map of the front door (page and JSON), and, through
:mod:`carepath.web.pages.journeys_paths`, the Sankey pathways and repeat patterns pages.

The map is child-level (every dot is a child), so it shows only children in the viewer's scope
and every view is audited with the children it drew; regional viewers cannot open it. The page
draws from JSON:

* ``/api/journeys/data``: the cohort's timed stops (no child ids), positions are interpolated in
  the browser (``static/journeys.js``);
* ``/api/journeys/counts?date=``: children at each station on a date, counted by one SQL query
  over the store (:mod:`carepath.analysis.journeys_counts`), independently of the animation;
* ``/api/journeys/conversions``: conversions from each station with median and 90th percentile
  days, for the cohort's period.

``which=b`` asks for the second cohort (its filters prefixed ``b_``).
"""
from __future__ import annotations

import gzip
import json

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from carepath import rounding
from carepath.analysis import journeys, journeys_counts
from carepath.analysis.journeys_conversions import conversions
from carepath.analysis.journeys_stations import schematic
from carepath.errors import CarepathError
from carepath.web.app import render
from carepath.web.pages import journeys_common as common
from carepath.web.pages import journeys_paths
from carepath.web.pages.common import PageContext
from carepath.web.scope import REGIONAL_VIEWER, ROLES
from carepath.web.security import Viewer, require_user

router = APIRouter()
router.include_router(journeys_paths.router)
CHILD_LEVEL_ROLES = tuple(r for r in ROLES if r != REGIONAL_VIEWER)


def _json(request: Request, content) -> Response:
    body = json.dumps(content, separators=(",", ":")).encode("utf-8")
    if len(body) > 20_000 and "gzip" in request.headers.get("accept-encoding", ""):
        return Response(gzip.compress(body, 5), media_type="application/json",
                        headers={"Content-Encoding": "gzip", "Vary": "Accept-Encoding"})
    return Response(body, media_type="application/json")


def _cohort(ctx: PageContext, request: Request):
    query = common.multi(request)
    la = common.authority(ctx, query)
    start, end = common.period(ctx, query, la)
    which = (query.get("which") or ["a"])[0]
    if which not in ("a", "b"):
        raise CarepathError("which must be a or b.")
    within = common.install_scope(ctx)
    label = "Second cohort" if which == "b" else "First cohort"
    return common.cohort(query, la, start, end, "b_" if which == "b" else "", within, label)


def _built(ctx: PageContext, cohort):
    key = (ctx.web.gate.version(), cohort, ctx.scope)
    return common.journey_cache(ctx).get(key, lambda: journeys.build(ctx.cursor, cohort))


@router.get("/journeys")
def journeys_page(request: Request, viewer: Viewer = Depends(require_user())):
    if not viewer.scope.child_level:      # aggregates only: the pathways, not the dots
        return RedirectResponse("/journeys/sankey" + (f"?{request.url.query}" if request.url.query else ""),
                                status_code=303)
    with PageContext.open(request, viewer) as ctx:
        query = common.multi(request)
        la = common.authority(ctx, query)
        start, end = common.period(ctx, query, la)
        state = common.form_state(query, start, end)
        return render(request, "journeys.html", title="Children's journeys", state=state,
                      options=common.choices(ctx, la), stations=schematic()["stations"],
                      api_query=str(request.url.query), **{**ctx.common(la), "authorities": common.authority_choices(ctx)})


@router.get("/api/journeys/data")
def journeys_data(request: Request, viewer: Viewer = Depends(require_user(*CHILD_LEVEL_ROLES))):
    with PageContext.open(request, viewer) as ctx:
        cohort = _cohort(ctx, request)
        built = _built(ctx, cohort)
        children = [j.child_id for j in built.journeys]
        # a reproducible cohort (filters, dates, scope, count, the query itself); the ids go to the detail table
        ctx.audit("journeys map", f"{cohort.label}: {cohort.describe()}, {cohort.start} to {cohort.end}; "
                  f"scope: {ctx.scope.describe()}; {len(children):,} children; query: {request.url.query}",
                  children)
        found = journeys.payload(built)
        found["cohort"]["description"] = common.caption(ctx, cohort, cohort.la_code)   # teams by name, scope said
        return _json(request, found)


@router.get("/api/journeys/counts")
def journeys_counts_api(request: Request, viewer: Viewer = Depends(require_user(*CHILD_LEVEL_ROLES))):
    query = common.multi(request)
    day = common._day((query.get("date") or [None])[0], "date")
    if day is None:
        raise CarepathError("Give the date to count at: date=2024-06-30.")
    with PageContext.open(request, viewer) as ctx:
        cohort = _cohort(ctx, request)
        counts = journeys_counts.station_counts(ctx.cursor, cohort, day)
        return _json(request, {"date": day.isoformat(), "cohort": cohort.describe(), "counts": counts,
                               "children": sum(counts.values())})


@router.get("/api/journeys/conversions")
def journeys_conversions(request: Request, viewer: Viewer = Depends(require_user(*CHILD_LEVEL_ROLES))):
    with PageContext.open(request, viewer) as ctx:
        cohort = _cohort(ctx, request)
        built = _built(ctx, cohort)
        stations = conversions(built, cohort.start, cohort.end)
        for station in stations.values():        # as shown: rounded half up (carepath.rounding)
            for o in station["onward"]:
                o["percent"] = None if o["share"] is None else rounding.round_half_up(100 * o["share"], 1)
                o["median_days"] = rounding.round_half_up(o["median_days"], 1)
                o["p90_days"] = rounding.round_half_up(o["p90_days"], 1)
        return _json(request, {"start": cohort.start.isoformat(), "end": cohort.end.isoformat(),
                               "stations": stations})
