"""Over time: survival curves and cumulative incidence by birth cohort (see
:mod:`carepath.analysis.overtime`), with the numbers behind each chart as CSV and xlsx.

Anyone signed in may open them. A viewer who may not see every child behind a curve (a team
manager looking at the authority, a regional viewer) sees it through disclosure control
(:mod:`carepath.analysis.overtime.control`): merged steps of at least five events, cells that would
reveal fewer than five as ``c``. Viewers whose role sees children can open a group of a curve
into the children behind it (``/overtime/children``), if every one is in their scope; each such
view is audited, as the records pages are.
"""
from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request

from carepath.analysis.overtime import control, histories, incidence, survival
from carepath.analysis.overtime.output import curve_table, summary_table
from carepath.errors import CarepathError
from carepath.web.app import render
from carepath.web.pages import journeys_common as common
from carepath.web.pages.common import PageContext
from carepath.web.pages.journeys_charts import PALETTE, _layout
from carepath.web.scope import ANALYST, AUTHORITY_LEAD, children_out_of_scope
from carepath.web.security import Viewer, require_user
from carepath.web.tables import Column, DataTable, provides

router = APIRouter()
SOURCE = ("Data Visualisation in Children's Social Care, compiled by Renuka Jeyarajah-Dent (Coram, for the "
          "Nuffield Foundation, April 2019), section 4")


def _choice(params: dict, name: str, allowed, default):
    value = params.get(name) or default
    if value not in allowed:
        raise CarepathError(f"'{value}' is not a choice for {name}: choose one of {', '.join(map(str, allowed))}.")
    return value


def _result(ctx: PageContext, params: dict):
    la = common.authority(ctx, {k: [v] for k, v in params.items()})
    if la is None:
        raise CarepathError("The store holds no children yet: load returns first.")
    measure = _choice(params, "measure", list(histories.MEASURES), "leaving_care")
    factors = histories.factors_of(measure)
    by = params.get("by") or None
    if by is not None and by not in factors:
        raise CarepathError(f"{histories.MEASURES[measure].title} cannot be split by '{by}': choose one of "
                            f"{', '.join(factors)}.")
    obs = ctx.web.cached(("overtime_observation", la), lambda: histories.observation(ctx.cursor, la))
    frame = ctx.web.cached(("overtime_spells", la, measure), lambda: histories.spells(ctx.cursor, measure, obs))
    cohorts = sorted(set(frame["entry_year"])) if not frame.empty else []
    cohort = params.get("cohort") or None
    if cohort is not None:
        if cohort not in cohorts:
            raise CarepathError(f"No record starts in {cohort}: choose one of {', '.join(cohorts) or 'none'}.")
        frame = frame[frame["entry_year"] == cohort]
    result = survival.curves(frame, measure, by)
    visible = common.sees_every_child(ctx, sorted(set(frame["child_id"])))
    if not visible:
        result = control.control(result)
    result.cohorts, result.cohort = cohorts, cohort
    return la, obs, measure, by, factors, frame, result, visible


def _group_link(la, measure, by):
    def link(row: dict) -> str | None:
        return "/overtime/children?" + urlencode({"la": la, "measure": measure, "by": by or "", "group": row["group"]})
    return link


@provides("overtime_summary")
def summary(ctx: PageContext, params: dict) -> DataTable:
    la, obs, measure, by, factors, frame, result, visible = _result(ctx, params)
    table = summary_table(result)
    link = _group_link(la, measure, by) if ctx.scope.child_level and visible else None
    columns = [Column(c, "Group" if c == "group" else c.replace("_", " ").capitalize() if c in (
        "records", "children", "events", "median_months") else c, numeric=c != "group", link=link if c == "group" else None)
        for c in table.columns]
    rows = table.where(table.notna(), None).to_dict("records")
    return DataTable("overtime_summary", f"{result.title}: median and shares at 6, 12, 24 and 60 months", columns,
                     rows, caption=f"Followed from {obs.data_start:%d %B %Y} to the end of the data, "
                                   f"{obs.data_end:%d %B %Y}; still-open records are censored there.",
                     extra={"la": la, "obs": obs, "measure": measure, "by": by, "factors": factors,
                            "result": result, "controlled": not visible})


@provides("overtime_cox")
def cox(ctx: PageContext, params: dict) -> DataTable:
    """The Cox model of return to care, for the return-to-care curve (controlled like the curve)."""
    from carepath.analysis.overtime.output import cox_table
    *_, frame, _result_, visible = _result(ctx, {**params, "measure": "return_to_care", "by": ""})
    rows = survival.cox_return(frame)
    if not visible:
        rows = control.control_cox(rows)
    table = cox_table(rows)
    return DataTable("overtime_cox", "What predicts return to care: adjusted hazard ratios (Cox model)",
                     [Column(c, c[:1].upper() + c[1:], numeric=c not in ("factor", "level", "compared with"))
                      for c in table.columns], table.where(table.notna(), None).to_dict("records"),
                     caption="A hazard ratio above 1: returns sooner than the level it is compared with, the other "
                             "factors held equal. Factors as McGrath-Lone and colleagues reported them (2017).")


@provides("overtime_curve")
def curve(ctx: PageContext, params: dict) -> DataTable:
    *_, result, _visible = _result(ctx, params)
    table = curve_table(result)
    return DataTable("overtime_curve", f"{result.title}: every step of the curve",
                     [Column(c, c.replace("_", " ").capitalize(), numeric=c != "group") for c in table.columns],
                     table.where(table.notna(), None).to_dict("records"))


def survival_figure(result) -> dict:
    traces = []
    for i, c in enumerate(result.curves):
        colour = PALETTE[i % len(PALETTE)]
        x = [round(m, 2) for m in c.months]
        pct = [None if v is None or v != v else round(100 * v, 1) for v in c.share]
        low = [None if v is None or v != v else round(100 * v, 1) for v in c.lower]
        high = [None if v is None or v != v else round(100 * v, 1) for v in c.upper]
        traces.append({"type": "scatter", "x": x + x[::-1], "y": high + low[::-1], "fill": "toself",
                       "line": {"shape": "hv", "width": 0}, "fillcolor": colour, "opacity": 0.18,
                       "hoverinfo": "skip", "showlegend": False, "name": f"{c.group} 95% CI"})
        traces.append({"type": "scatter", "mode": "lines", "x": x, "y": pct, "name": c.group,
                       "line": {"shape": "hv", "color": colour, "width": 2},
                       "hovertemplate": f"{c.group}: %{{y}}% at %{{x:.1f}} months<extra></extra>"})
    return {"data": traces, "layout": _layout(result.title, xaxis={"title": {"text": "Months"}, "rangemode": "tozero"},
                                              yaxis={"title": {"text": f"% {result.share_label}"}, "range": [0, 100]})}


@router.get("/overtime")
def overtime_page(request: Request, viewer: Viewer = Depends(require_user())):
    params = dict(request.query_params)
    with PageContext.open(request, viewer) as ctx:
        table = summary(ctx, params)
        e = table.extra
        cox_table, cox_problem = None, None
        if e["measure"] == "return_to_care":
            try:
                cox_table = cox(ctx, params)
            except CarepathError as exc:
                cox_problem = str(exc)
        return render(request, "overtime.html", title="Over time", table=table, extra=e, cox=cox_table,
                      cox_problem=cox_problem,
                      figure=survival_figure(e["result"]), measures=histories.MEASURES, source=SOURCE,
                      export_query=str(request.url.query), **{**ctx.common(e["la"]),
                                                              "authorities": common.authority_choices(ctx)})


@router.get("/overtime/children")
def overtime_children(request: Request, viewer: Viewer = Depends(require_user())):
    """The children behind a group of a curve (or a group of care histories), for roles that see children."""
    params = dict(request.query_params)
    with PageContext.open(request, viewer) as ctx:
        group = params.get("group") or survival.ALL
        if not ctx.scope.child_level:
            ctx.refuse("over time children", f"over time group {group}",
                       "Your role sees aggregates only, never a child's records.")
        if params.get("sequences"):
            la = common.authority(ctx, {k: [v] for k, v in params.items()})
            months = int(_choice(params, "sequences", ["24", "36", "48"], "36"))
            found = overtime_sequences.groups_of(ctx, la, months)
            children = sorted(c for c, g in found.labels.items() if str(g) == group)
            title, target = f"Care histories, group {group}", f"over time care histories {months} months: group {group}"
            rows = [{"child_id": c, "group": group} for c in children]
            columns = [Column("child_id", "Child", link=lambda row: f"/children/child/{row['child_id']}"),
                       Column("group", "Group")]
        else:
            la, obs, measure, by, factors, frame, result, visible = _result(ctx, params)
            part = frame if not by else frame[frame[by].astype(str) == group]
            children = sorted(set(part["child_id"]))
            title = f"{histories.MEASURES[measure].title}: {group}"
            target = f"over time {measure}{' by ' + by if by else ''}: {group}"
            rows = [{"child_id": r.child_id, "start": r.start_date, "stop": r.stop_date,
                     "months": round(r.duration / histories.DAYS_PER_MONTH, 1),
                     "ended": "yes" if r.kind == 1 else "ended otherwise" if r.kind == 2 else "censored"}
                    for r in part.itertuples()]
            columns = [Column("child_id", "Child", link=lambda row: f"/children/child/{row['child_id']}"),
                       Column("start", "Start"), Column("stop", "End or censored"),
                       Column("months", "Months", numeric=True), Column("ended", "Event")]
        if children_out_of_scope(ctx.cursor, ctx.scope, children):
            ctx.refuse("over time children", target, "This group includes children outside your caseload, team or "
                       "service, so carepath will not list them.")
        ctx.audit("over time children", target, children)
        table = DataTable("overtime_children", title, columns, rows, child_level=True)
        return render(request, "overtime_children.html", title="Children behind a group", table=table,
                      extra={"title": title}, **ctx.common(la))


@provides("overtime_incidence")
def incidence_table(ctx: PageContext, params: dict) -> DataTable:
    la = common.authority(ctx, {k: [v] for k, v in params.items()})
    event = _choice(params, "event", list(incidence.EVENTS), "care")
    subgroup = params.get("by") or None
    if subgroup not in (None, "sex", "ethnic_group"):
        raise CarepathError("Split cumulative incidence by sex or ethnic_group only.")
    found = ctx.web.cached(("overtime_incidence", la, subgroup), lambda: incidence.cumulative(ctx.cursor, la, subgroup))
    # a cohort is every child of the authority: only an analyst, or the authority's own lead, sees them all
    visible = ctx.scope.child_level and (ctx.scope.role == ANALYST or
                                         (ctx.scope.role == AUTHORITY_LEAD and ctx.scope.la_code == la))
    table = found.table if visible else incidence._control(found.table.assign(new=_new(found.table)))
    table = table[table["event"] == event].drop(columns=[c for c in ("new",) if c in table.columns])
    columns = [Column(c, c.replace("_", " ").capitalize(), numeric=c not in ("event", "subgroup")) for c in table.columns]
    return DataTable("overtime_incidence", f"Cumulative % with a {incidence.EVENTS[event].lower()} by age, by birth cohort",
                     columns, table.where(table.notna(), None).to_dict("records"),
                     extra={"la": la, "event": event, "by": subgroup, "found": found, "controlled": not visible})


def _new(table):
    """Children whose first event was at each age (the differences of the cumulative counts)."""
    keys = ["event", "subgroup", "birth_year"]
    return table.groupby(keys, dropna=False)["children"].diff().fillna(table["children"]).astype(int)


def incidence_figure(table: DataTable) -> dict:
    traces = []
    for i, ((cohort, sub), rows) in enumerate(_by_cohort(table.rows).items()):
        traces.append({"type": "scatter", "mode": "lines+markers", "name": f"born {cohort}" + (f", {sub}" if sub else ""),
                       "x": [r["age"] for r in rows],
                       "y": [r["cumulative_percent"] if r["cumulative_percent"] != "c" else None for r in rows],
                       "line": {"color": PALETTE[i % len(PALETTE)]}})
    note = table.extra["found"].chart_note()
    return {"data": traces, "layout": _layout(f"{table.title}<br><sup>{note}</sup>",
                                              xaxis={"title": {"text": "Age (years)"}, "dtick": 1},
                                              yaxis={"title": {"text": "% of the birth cohort"}, "rangemode": "tozero"},
                                              margin={"l": 70, "r": 30, "t": 70, "b": 60})}


def _by_cohort(rows):
    found: dict = {}
    for r in rows:
        found.setdefault((r["birth_year"], r["subgroup"]), []).append(r)
    return found


@router.get("/overtime/incidence")
def incidence_page(request: Request, viewer: Viewer = Depends(require_user())):
    params = dict(request.query_params)
    with PageContext.open(request, viewer) as ctx:
        table = incidence_table(ctx, params)
        e = table.extra
        return render(request, "overtime_incidence.html", title="Cumulative incidence by birth cohort", table=table,
                      extra=e, figure=incidence_figure(table), events=incidence.EVENTS, source=SOURCE,
                      ethnic_given=incidence.by_ethnic_group_given(ctx.cursor, e["la"]), export_query=str(request.url.query), **{**ctx.common(e["la"]),
                                                              "authorities": common.authority_choices(ctx)})



# groups of care histories: carepath.web.pages.overtime_sequences, on this router
from carepath.web.pages import overtime_sequences  # noqa: E402  (it uses the helpers above)

router.include_router(overtime_sequences.router)
