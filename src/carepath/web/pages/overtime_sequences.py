"""Over time: groups of care histories (:mod:`carepath.analysis.overtime.sequences`), their table and
sequence index plot. The month-by-month histories are shown only to viewers who may see every child
behind them; others see the group table under disclosure control."""
from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request

from carepath.analysis.overtime import sequences
from carepath.web import control as web_control
from carepath.web.app import render
from carepath.web.pages import journeys_common as common
from carepath.web.pages.common import PageContext
from carepath.web.pages.journeys_charts import PALETTE, _layout
from carepath.web.pages.overtime import _choice
from carepath.web.security import Viewer, require_user
from carepath.web.tables import Column, DataTable, provides

router = APIRouter()


def groups_of(ctx: PageContext, la: str, months: int):
    return ctx.web.cached(("overtime_sequences", la, months), lambda: sequences.groups(ctx.cursor, la, months=months))


@provides("overtime_sequences")
def sequences_table(ctx: PageContext, params: dict) -> DataTable:
    la = common.authority(ctx, {k: [v] for k, v in params.items()})
    months = int(_choice(params, "months", ["24", "36", "48"], "36"))
    found = groups_of(ctx, la, months)
    visible = common.sees_every_child(ctx, sorted(found.labels))
    rows = found.groups.to_dict("records")
    if not visible:
        hidden = web_control.suppress_counts({r["group"]: r["children"] for r in rows}, found.histories)
        for r in rows:
            r["typical_path"] = "(one child's history: not shown)"
            if r["group"] in hidden:
                r.update({k: "c" for k in r if k != "group"})
    link = (lambda row: "/overtime/children?" + urlencode({"la": la, "sequences": months, "group": row["group"]})) \
        if visible and ctx.scope.child_level else None
    columns = [Column("group", "Group", link=link), Column("children", "Children", numeric=True),
               Column("share_percent", "% of histories", numeric=True),
               Column("median_months_in_care", "Median months in care", numeric=True),
               Column("median_periods_of_care", "Median periods of care", numeric=True),
               Column("typical_path", "Typical path (the group's medoid)")]
    return DataTable("overtime_sequences", f"Groups of care histories: the first {months} months in care", columns, rows,
                     extra={"la": la, "months": months, "found": found, "controlled": not visible,
                            "states": sequences.STATES})


def sequence_figure(found, states: dict) -> dict:
    index = found.index_plot
    names = list(states.values())
    traces, offset, ticks = [], 0, []
    z = []
    for group, part in index.groupby("group", sort=False):
        grid = part.pivot(index="row", columns="month", values="state")
        for _, row in grid.iterrows():
            z.append([names.index(s) for s in row])
        ticks.append((offset + len(grid) / 2, group))
        offset += len(grid)
        z.append([None] * grid.shape[1])          # a blank line between groups
    steps = len(names)
    scale = []                                    # one flat band of colour per state
    for i in range(steps):
        scale += [[i / steps, PALETTE[i]], [(i + 1) / steps, PALETTE[i]]]
    traces.append({"type": "heatmap", "z": z, "zmin": -0.5, "zmax": steps - 0.5, "colorscale": scale,
                   "colorbar": {"tickvals": list(range(steps)), "ticktext": names, "title": {"text": "State"}},
                   "hovertemplate": "month %{x}<extra></extra>"})
    return {"data": traces, "layout": _layout("Care histories by group, month by month", height=max(380, min(900, 2 * len(z))),
                                              xaxis={"title": {"text": "Months since first entry to care"}},
                                              yaxis={"tickvals": [t for t, _ in ticks], "ticktext": [g for _, g in ticks],
                                                     "autorange": "reversed"})}


@router.get("/overtime/sequences")
def sequences_page(request: Request, viewer: Viewer = Depends(require_user())):
    params = dict(request.query_params)
    with PageContext.open(request, viewer) as ctx:
        table = sequences_table(ctx, params)
        e = table.extra
        show_index = not e["controlled"]     # individual histories are for those who may see every child
        return render(request, "overtime_sequences.html", title="Groups of care histories", table=table, extra=e,
                      figure=sequence_figure(e["found"], e["states"]) if show_index else None,
                      export_query=str(request.url.query), **{**ctx.common(e["la"]),
                                                              "authorities": common.authority_choices(ctx)})
