"""Plotly figures for the Sankey and repeat-pattern pages (drawn by ``static/charts.js``), and the
disclosure control of the assessment-outcome table.

Every figure has its numbers in a table beside it; a suppressed count (``c``) is left out of
the chart rather than drawn at any width, and the chart's labels say so.
"""
from __future__ import annotations

from carepath import rounding
from carepath.analysis.journeys_repeats import ASSESSMENT_OUTCOMES
from carepath.exchange.disclosure import SUPPRESSED
from carepath.web import control
from carepath.web.charts import FONT, INK

# colour-blind safe (Okabe-Ito), and every series is also named in the legend and the table
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#999999"]


def _layout(title: str, **extra) -> dict:
    layout = {"title": {"text": title, "x": 0, "font": {"size": 16}}, "font": FONT, "paper_bgcolor": "#ffffff",
              "plot_bgcolor": "#ffffff", "margin": {"l": 70, "r": 30, "t": 50, "b": 60}, "height": 380}
    layout.update(extra)
    return layout


def sankey_figure(result: dict) -> dict:
    nodes = result["nodes"]
    labels = [f"{n['label']} ({n['shown']})" for n in nodes]
    columns = max((n["column"] for n in nodes), default=0) or 1
    drawn = [link for link in result["links"] if link["children"] is not None]
    return {"data": [{
        "type": "sankey", "arrangement": "snap", "valueformat": ",d",
        "node": {"label": labels, "pad": 14, "thickness": 18, "line": {"color": INK, "width": 0.5},
                 "color": [PALETTE[n["column"] % len(PALETTE)] for n in nodes],
                 "x": [0.01 + 0.98 * n["column"] / columns for n in nodes]},
        "link": {"source": [link["source"] for link in drawn], "target": [link["target"] for link in drawn],
                 "value": [link["children"] for link in drawn],
                 "label": [f"{link['from']} to {link['to']}: {link['children']}" for link in drawn],
                 "color": "rgba(80, 90, 95, 0.25)"}}],
        "layout": _layout(result["title"], height=max(380, 40 * len(nodes)))}


def _number(value):
    return None if value is None or value == SUPPRESSED else value


def repeat_figures(re_referrals: dict, outcomes: dict, pathway: dict) -> dict:
    shares = re_referrals["shares"]
    figures = {
        "shares": {"data": [{"type": "bar", "x": [f"Within {s['months']} months" for s in shares],
                             "y": [rounding.round_half_up(_number(s["percent"]), 1) for s in shares], "marker": {"color": PALETTE[0]},
                             "text": [s["percent"] if s["percent"] == SUPPRESSED else
                                      (rounding.text(s["percent"], 1, "%") if s["percent"] is not None else "") for s in shares],
                             "textposition": "auto"}],
                   "layout": _layout("Referrals with a previous referral", showlegend=False,
                                     yaxis={"title": {"text": "% of referrals"}, "rangemode": "tozero"})},
    }
    rows = outcomes["rows"]
    figures["outcomes"] = {"data": [
        {"type": "bar", "name": label, "x": [r["label"] for r in rows],
         "y": [rounding.round_half_up(_number(next(o["percent"] for o in r["outcomes"] if o["outcome"] == key)), 1)
               for r in rows],
         "marker": {"color": PALETTE[i % len(PALETTE)]}}
        for i, (key, label) in enumerate(ASSESSMENT_OUTCOMES)],
        "layout": _layout("Outcome of assessments by the child's previous referrals", barmode="stack",
                          yaxis={"title": {"text": "% of assessments"}}, legend={"orientation": "h", "y": -0.3})}
    figures["pathway"] = {"data": [{
        "type": "bar", "orientation": "h", "y": [o["label"] for o in pathway["outcomes"]],
        "x": [_number(o["enquiries"]) for o in pathway["outcomes"]], "marker": {"color": PALETTE[3]},
        "text": [str(o["enquiries"]) for o in pathway["outcomes"]], "textposition": "auto"}],
        "layout": _layout("Strategy discussion and S47 enquiry: what followed", showlegend=False,
                          yaxis={"automargin": True, "autorange": "reversed"}, margin={"l": 10, "r": 30, "t": 50, "b": 50})}
    return figures


def control_outcomes(outcomes: dict) -> None:
    """The history x outcome table of assessments, with its margins, through disclosure control."""
    cells = {(row["history"], o["outcome"]): o["assessments"] for row in outcomes["rows"] for o in row["outcomes"]}
    shown = control.control_grid(cells)
    for row in outcomes["rows"]:
        total = shown.get((row["history"], "*"), row["assessments"])
        row["assessments"] = total
        for o in row["outcomes"]:
            value = shown[(row["history"], o["outcome"])]
            if value == SUPPRESSED or total == SUPPRESSED:
                o["percent"] = SUPPRESSED
            o["assessments"] = value
