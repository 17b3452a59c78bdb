"""Sankey pathways and repeat patterns: the journey pages that show counts, not dots.

Both take the cohort filters and period of the map. Anyone signed in may open them; a viewer
who may not see every child behind the counts (a team manager looking at the authority, a
regional viewer) sees them through disclosure control: counts of 1 to 4 and the counts that
would give them away are ``c``, and a Sankey band shown as ``c`` is not drawn.
"""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from carepath.analysis import journeys_cohort, journeys_repeats
from carepath.analysis.journeys_sankey import POINTS, proceedings_flows, referral_flows, sankey
from carepath.errors import CarepathError
from carepath.exchange import disclosure
from carepath.exchange.disclosure import SUPPRESSED
from carepath.web import control
from carepath.web.app import render
from carepath.web.pages import journeys_charts as charts
from carepath.web.pages import journeys_common as common
from carepath.web.pages.common import PageContext
from carepath.web.security import Viewer, require_user
from carepath.web.tables import Column, DataTable, provides

router = APIRouter()
POINT_TITLES = {"referral": "Referral", "source": "Referral source", "first_step": "First step after the referral",
                "furthest": "Furthest step reached", "at_end": "Where the child is at the end"}
MONTHS = (3, 6, 12)


def _setup(ctx: PageContext, params: dict[str, list[str]]):
    params = common.aggregate_query(ctx, params)
    la = common.authority(ctx, params)
    start, end = common.period(ctx, params, la)
    return la, start, end, common.cohort(params, la, start, end)


def _first(params: dict[str, list[str]], name: str, default: str) -> str:
    return (params.get(name) or [default])[0]


@provides("journey_flows")
def flows_table(ctx: PageContext, params: dict) -> DataTable:
    query = common.multi(ctx.request)     # repeated parameters (points, filters), for the page and its export
    la, start, end, cohort = _setup(ctx, query)
    kind = _first(query, "kind", "referrals")
    months = int(_first(query, "months", "6")) if _first(query, "months", "6").isdigit() else 6
    if months not in MONTHS:
        raise CarepathError(f"Follow referrals for {', '.join(map(str, MONTHS))} months.")
    points = tuple(query.get("points") or ("referral", "furthest"))
    if kind == "proceedings":
        flows = proceedings_flows(ctx.cursor, cohort)
    elif kind == "referrals":
        if len(points) < 2 or any(p not in POINTS for p in points) or len(set(points)) != len(points):
            raise CarepathError("Choose two or three different points: " + ", ".join(POINT_TITLES.values()) + ".")
        flows = referral_flows(ctx.cursor, cohort, points, months)
    else:
        raise CarepathError("kind must be referrals or proceedings.")
    visible = common.sees_every_child(ctx, flows.children)
    result = sankey(flows, may_see_children=visible)
    rows = [{"from": link["from"], "to": link["to"], "children": link["shown"]} for link in result["links"]]
    return DataTable("journey_flows", flows.title, [
        Column("from", "From"), Column("to", "To"), Column("children", "Children", numeric=True)], rows,
        caption=f"Children: {common.caption(ctx, cohort, la)}. "
                "Each band: the referrals (or proceedings) that went from one point to the next.",
        extra={"la": la, "start": start, "end": end, "cohort": cohort, "kind": kind, "months": months,
               "points": points, "sankey": result, "controlled": not visible})


@router.get("/journeys/sankey")
def sankey_page(request: Request, viewer: Viewer = Depends(require_user())):
    query = common.multi(request)
    with PageContext.open(request, viewer) as ctx:
        table = flows_table(ctx, {})
        e = table.extra
        return render(request, "journeys_sankey.html", title="Sankey pathways", table=table, extra=e,
                      figure=charts.sankey_figure(e["sankey"]), point_titles=POINT_TITLES, months_options=MONTHS,
                      state=common.form_state(query, e["start"], e["end"]), options=common.choices(ctx, e["la"]),
                      export_query=str(request.url.query), **{**ctx.common(e["la"]), "authorities": common.authority_choices(ctx)})


def _referral_children(ctx: PageContext, cohort) -> list[str]:
    journeys_cohort.install(ctx.cursor, cohort, "repeat_children")
    return [r[0] for r in ctx.cursor.execute(
        "SELECT DISTINCT child_id FROM referral JOIN repeat_children USING (child_id) "
        "WHERE referral_date BETWEEN ? AND ?", [cohort.start, cohort.end]).fetchall()]


def _control_gaps(found: dict) -> None:
    """Suppress gap bands and the 12/24/36-month shares built on them, as one set of equations."""
    bands = {("band", g["band"]): g["referrals"] for g in found["gaps"]}
    values = dict(bands)
    values[("total",)] = found["referrals"]
    table = disclosure.Table(values)
    table.add_total(("total",), list(bands))
    order = ["12", "24", "36"]
    for i, share in enumerate(found["shares"]):
        key = ("share", share["months"])
        values[key] = share["re_referrals"]
        table.add_total(key, [("band", b) for b in order[: i + 1]])
    hidden = disclosure.protect(table)
    if disclosure.disclosed(table, hidden):   # nested shares can pin a band complements miss: hide them all
        hidden = set(values) - {("total",)}
    for g in found["gaps"]:
        if ("band", g["band"]) in hidden:
            g["referrals"] = g["percent"] = SUPPRESSED
    for share in found["shares"]:
        if ("share", share["months"]) in hidden:
            share["re_referrals"] = share["percent"] = SUPPRESSED
    if ("total",) in hidden:
        found["referrals"] = SUPPRESSED


@provides("journey_repeats")
def repeats_table(ctx: PageContext, params: dict) -> DataTable:
    query = common.multi(ctx.request)
    la, start, end, cohort = _setup(ctx, query)
    visible = common.sees_every_child(ctx, _referral_children(ctx, cohort))
    found = journeys_repeats.re_referrals(ctx.cursor, cohort)
    outcomes = journeys_repeats.assessment_outcomes(ctx.cursor, cohort)
    pathway = journeys_repeats.s47_pathway(ctx.cursor, cohort)
    if not visible:
        _control_gaps(found)
        charts.control_outcomes(outcomes)
        hidden = control.suppress_counts({o["outcome"]: o["enquiries"] for o in pathway["outcomes"]},
                                         pathway["s47_enquiries"])
        for o in pathway["outcomes"]:
            if o["outcome"] in hidden:
                o["enquiries"] = o["percent"] = SUPPRESSED
        if control.TOTAL in hidden:
            pathway["s47_enquiries"] = pathway["strategy_discussions"] = SUPPRESSED
    rows = [{"measure": f"Previous referral within {s['months']} months ({s['indicator']})",
             "count": s["re_referrals"], "of": s["referrals"], "percent": s["percent"]} for s in found["shares"]]
    rows += [{"measure": f"Previous referral: {g['label'].lower()}", "count": g["referrals"], "of": found["referrals"],
              "percent": g["percent"]} for g in found["gaps"]]
    return DataTable("journey_repeats", f"Repeat referrals, {start} to {end}", [
        Column("measure", "Referrals in the period"), Column("count", "Referrals", numeric=True),
        Column("of", "Of", numeric=True), Column("percent", "Percent", numeric=True, places=1)], rows,
        caption=f"Children: {common.caption(ctx, cohort, la)}.",
        extra={"la": la, "start": start, "end": end, "cohort": cohort, "re_referrals": found,
               "outcomes": outcomes, "pathway": pathway, "controlled": not visible})


@router.get("/journeys/repeats")
def repeats_page(request: Request, viewer: Viewer = Depends(require_user())):
    query = common.multi(request)
    with PageContext.open(request, viewer) as ctx:
        table = repeats_table(ctx, {})
        e = table.extra
        return render(request, "journeys_repeats.html", title="Repeat patterns", table=table, extra=e,
                      figures=charts.repeat_figures(e["re_referrals"], e["outcomes"], e["pathway"]),
                      state=common.form_state(query, e["start"], e["end"]), options=common.choices(ctx, e["la"]),
                      export_query=str(request.url.query), **{**ctx.common(e["la"]), "authorities": common.authority_choices(ctx)})
