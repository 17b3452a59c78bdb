"""Charts as Plotly figures (plain JSON: data and layout), drawn in the browser by static/charts.js.

The page puts each figure's JSON in the HTML and the same numbers in a table beside it, so the
chart is never the only way to read them. Colour is never the only signal: the authority on the
page is a larger diamond with its name written beside it, limits are dashed or dotted and named
in the legend, quartile bands carry their letter. Every number drawn (bars, points, hover text) is
rounded by :mod:`carepath.rounding` to the figure's published precision (``places``), as the table is. in the legend, quartile bands carry their letter. A figure with an incomplete history (its loaded
returns do not cover its period and look-back) is a grey open point, or a grey hatched bar,
named "incomplete history" in the legend or beside the bar.
"""
from __future__ import annotations

import math
from datetime import date, timedelta

from carepath import rounding
from carepath.analysis.funnel import Funnel
from carepath.exchange.disclosure import SUPPRESSED

INK, ACCENT, GREY, LIGHT = "#0b0c0c", "#1d70b8", "#505a5f", "#b1b4b6"
HIGHLIGHT = "#d4351c"
FONT = {"family": "Arial, Helvetica, sans-serif", "size": 14, "color": INK}
BAND_FILL = {"A": "rgba(0, 112, 60, 0.16)", "B": "rgba(0, 112, 60, 0.07)",
             "C": "rgba(212, 53, 28, 0.07)", "D": "rgba(212, 53, 28, 0.16)"}


def _layout(title: str, x_title: str = "", y_title: str = "", **extra) -> dict:
    layout = {"title": {"text": title, "x": 0, "font": {"size": 16}}, "font": FONT, "paper_bgcolor": "#ffffff",
              "plot_bgcolor": "#ffffff", "margin": {"l": 70, "r": 30, "t": 50, "b": 100}, "height": 360,
              "xaxis": {"title": {"text": x_title}, "gridcolor": "#e5e6e7", "zeroline": False},
              "yaxis": {"title": {"text": y_title}, "gridcolor": "#e5e6e7", "zeroline": False},
              "legend": {"orientation": "h", "y": -0.2, "yanchor": "top"}}
    layout.update(extra)
    return layout


def _number(value, places: int | None = None):
    if value is None or value == SUPPRESSED:
        return None
    return value if places is None else rounding.round_half_up(value, places)


INCOMPLETE = "Incomplete history"


def trend(title: str, unit_label: str, points: list[tuple[str, object]],
          incomplete: list[bool] | None = None, places: int = 1, from_zero: bool = True) -> dict:
    """A line over periods; a suppressed or missing period is a gap. Periods with an incomplete
    history are grey open points on a grey dotted line (the legend's "Incomplete history" series,
    drawn first); the blue line joins only periods whose history is complete.

    The y-axis starts at zero (counts, percentages and rates are read against zero: a fitted axis
    makes a change of 1 look like a collapse) unless ``from_zero`` is False, the user's choice.
    """
    incomplete = incomplete or [False] * len(points)
    x = [p for p, _ in points]
    data = []
    if any(gap and _number(v) is not None for (_, v), gap in zip(points, incomplete)):
        data.append({"type": "scatter", "mode": "lines+markers", "name": f"{INCOMPLETE} (grey, open)",
                     "x": x, "y": [_number(v, places) for _, v in points], "connectgaps": False,
                     "line": {"color": GREY, "width": 2, "dash": "dot"},
                     "marker": {"size": [11 if gap else 0 for gap in incomplete], "color": GREY,
                                "symbol": "circle-open", "line": {"width": 2, "color": GREY}},
                     "text": [INCOMPLETE.lower() if gap else "" for gap in incomplete]})
    data.append({"type": "scatter", "mode": "lines+markers", "name": title, "x": x,
                 "y": [None if gap else _number(v, places) for (_, v), gap in zip(points, incomplete)],
                 "line": {"color": ACCENT, "width": 3}, "marker": {"size": 8, "color": ACCENT},
                 "connectgaps": False, "showlegend": False})
    return {"data": data,
            "layout": _layout(title, "Period", unit_label, showlegend=len(data) > 1,
                              xaxis={"type": "category", "title": {"text": "Period"}},
                              yaxis={"title": {"text": unit_label}, "gridcolor": "#e5e6e7", "zeroline": from_zero,
                                     "rangemode": "tozero" if from_zero else "normal"})}


def breakdown(title: str, unit_label: str, rows: list[dict], places: int = 1) -> dict:
    """Horizontal bars, one per unit; a unit whose figure has an incomplete history is grey and
    hatched, with "(incomplete history)" written on it."""
    shown = [r for r in rows if _number(r.get("value")) is not None]
    height = max(240, 60 + 28 * len(shown))
    gaps = [bool(r.get("incomplete_history")) for r in shown]
    return {"data": [{"type": "bar", "orientation": "h", "y": [r["unit_name"] or r["unit_id"] for r in shown],
                      "x": [_number(r["value"], places) for r in shown],
                      "marker": {"color": [LIGHT if gap else ACCENT for gap in gaps],
                                 "line": {"color": [GREY if gap else ACCENT for gap in gaps], "width": 1},
                                 "pattern": {"shape": ["/" if gap else "" for gap in gaps], "fgcolor": GREY}},
                      "text": [rounding.text(r["value"], places) + (f" ({INCOMPLETE.lower()})" if gap else "")
                               for r, gap in zip(shown, gaps)], "textposition": "auto"}],
            "layout": _layout(title, unit_label, "", height=height, showlegend=False,
                              yaxis={"automargin": True, "autorange": "reversed"},
                              margin={"l": 10, "r": 30, "t": 50, "b": 60})}


def benchmark_bars(title: str, unit_label: str, marks: list[tuple[str, float | None, bool]], places: int = 1) -> dict:
    """Horizontal bars: this authority (highlighted, named) against England, region and neighbours."""
    shown = [(name, value, own) for name, value, own in marks if value is not None]
    return {"data": [{"type": "bar", "orientation": "h", "y": [n for n, _, _ in shown],
                      "x": [_number(v, places) for _, v, _ in shown],
                      "marker": {"color": [HIGHLIGHT if own else LIGHT for _, _, own in shown],
                                 "line": {"color": INK, "width": [3 if own else 1 for _, _, own in shown]}},
                      "text": [rounding.text(v, places) + (" (this authority)" if own else "") for _, v, own in shown],
                      "textposition": "outside", "cliponaxis": False}],
            "layout": _layout(title, unit_label, "", height=max(240, 70 + 40 * len(shown)), showlegend=False,
                              yaxis={"automargin": True, "autorange": "reversed"},
                              margin={"l": 10, "r": 30, "t": 50, "b": 60})}


def quartile_bands(title: str, unit_label: str, values: dict[str, float], cuts: list[float], polarity: str,
                   marks: list[tuple[str, float | None, bool]], names: dict[str, str], places: int = 1) -> dict:
    """Every authority as a dot on one line, the four LAIT quartile bands behind them (A best)."""
    low, high = min(values.values()), max(values.values())
    pad = (high - low) * 0.03 or 1
    edges = [low - pad] + cuts + [high + pad]
    letters = ["D", "C", "B", "A"] if polarity == "higher" else ["A", "B", "C", "D"]
    shapes, annotations = [], []
    if polarity in ("higher", "lower"):
        for i, letter in enumerate(letters):
            shapes.append({"type": "rect", "xref": "x", "yref": "paper", "x0": edges[i], "x1": edges[i + 1],
                           "y0": 0, "y1": 1, "fillcolor": BAND_FILL[letter], "line": {"width": 0}, "layer": "below"})
            annotations.append({"x": (edges[i] + edges[i + 1]) / 2, "y": 1.02, "xref": "x", "yref": "paper",
                                "text": f"Band {letter}", "showarrow": False})
    codes = sorted(values)
    data = [{"type": "scatter", "mode": "markers", "name": "Every authority",
             "x": [_number(values[c], places) for c in codes],
             "y": [0] * len(codes), "text": [names.get(c, c) for c in codes], "hoverinfo": "text+x",
             "marker": {"color": GREY, "size": 7, "opacity": 0.6}}]
    symbols = ["diamond", "square", "triangle-up", "circle-open", "x"]
    for i, (name, value, own) in enumerate([m for m in marks if m[1] is not None]):
        data.append({"type": "scatter", "mode": "markers+text", "name": name, "x": [_number(value, places)],
                     "y": [0.5 + 0.4 * i],
                     "text": [name], "textposition": "middle right",
                     "marker": {"size": 16 if own else 11, "symbol": "diamond" if own else symbols[1 + i % 4],
                                "color": HIGHLIGHT if own else INK}})
    return {"data": data,
            "layout": _layout(title, unit_label, "", shapes=shapes, annotations=annotations, height=340,
                              yaxis={"visible": False, "range": [-0.5, 0.9 + 0.4 * len(marks)]})}


def funnel_plot(title: str, result: Funnel, highlight: str | None, names: dict[str, str], places: int = 1,
                units: str = "Authorities") -> dict:
    """Points against their denominator with the 95% and 99.8% limits; per cent or per 10,000 by the funnel's kind."""
    scale = result.scale
    curve = result.curve()
    n = [row["n"] for row in curve]
    lines = []
    for key, name, dash in (("upper998", "99.8% limits", "dot"), ("lower998", None, "dot"),
                            ("upper95", "95% limits", "dash"), ("lower95", None, "dash")):
        lines.append({"type": "scatter", "mode": "lines", "x": n, "y": [row[key] * scale for row in curve],
                      "name": name or "", "showlegend": bool(name), "hoverinfo": "skip",
                      "line": {"color": INK if "998" in key else GREY, "dash": dash, "width": 1.5}})
    suffix = "%" if result.kind == "proportion" else " per 10,000"
    target_name = ("Pooled figure" if result.target_from == "pooled" else f"{names.get(result.target_from, result.target_from)}'s own figure")
    target = {"type": "scatter", "mode": "lines", "x": [n[0], n[-1]], "y": [result.target * scale] * 2,
              "name": f"{target_name} {rounding.text(result.target * scale, places)}{suffix}",
              "line": {"color": ACCENT, "width": 2}}
    others = [p for p in result.points if p.unit != highlight]
    points = {"type": "scatter", "mode": "markers", "name": units, "x": [p.denominator for p in others],
              "y": [_number(p.proportion * scale, places) for p in others],
              "text": [names.get(p.unit, p.name) for p in others],
              "hoverinfo": "text+x+y", "marker": {"color": LIGHT, "size": 7, "line": {"color": GREY, "width": 1}}}
    data = lines + [target, points]
    annotations = []
    for p in result.points:
        flag = result.flags.get(p.unit, "")
        if flag.startswith("outlier") and p.unit != highlight:
            annotations.append({"x": math.log10(p.denominator), "y": p.proportion * scale,
                                "text": names.get(p.unit, p.name),
                                "showarrow": True, "arrowhead": 0, "ax": 20, "ay": -20, "font": {"size": 11}})
    own = [p for p in result.points if p.unit == highlight]
    if own:
        data.append({"type": "scatter", "mode": "markers+text", "name": names.get(highlight, highlight),
                     "x": [own[0].denominator], "y": [_number(own[0].proportion * scale, places)],
                     "text": [names.get(highlight, highlight)], "textposition": "top center",
                     "marker": {"color": HIGHLIGHT, "size": 16, "symbol": "diamond", "line": {"color": INK, "width": 1}}})
    x_title = "Denominator (log scale)" if result.kind == "proportion" else "Children aged 0-17 (log scale)"
    return {"data": data, "layout": _layout(title, x_title, "Per cent" if result.kind == "proportion" else
                                            "Per 10,000 children", height=460, annotations=annotations,
                                            xaxis={"type": "log", "title": {"text": x_title}})}


def _lane(event: dict) -> str:
    """The chart row of an event: its kind, or for an allocation "Allocated: <practitioner>, <team>"."""
    if event["kind"] == "Allocation" and event.get("detail"):
        return "Allocated: " + event["detail"].replace("; ", ", ")
    return event["kind"]


def timeline(title: str, events: list[dict], today: date) -> dict:
    """Spells (referrals, plans, periods in care, placements, allocations) as bars along the dates."""
    spells = [e for e in events if e.get("start")]
    kinds = list(dict.fromkeys(e["kind"] for e in spells))
    data, lanes = [], set()
    palette = [ACCENT, "#00703c", "#f47738", "#4c2c92", HIGHLIGHT, "#28a197", "#912b88", GREY]
    for i, kind in enumerate(kinds):
        mine = [e for e in spells if e["kind"] == kind]
        ends = [(e["end"] or today) for e in mine]
        # each allocation on its own row, named by practitioner and team, so labels never overlap;
        # details are shown on hover and in the table, not written over the bars
        rows = [_lane(e) for e in mine]
        lanes.update(rows)
        data.append({"type": "bar", "orientation": "h", "name": kind, "y": rows,
                     "base": [e["start"].isoformat() for e in mine],
                     "x": [max(1, (end - e["start"]).days) * 86400000 for e, end in zip(mine, ends)],
                     "hovertext": [f"{e['kind']}: {e['start']:%d %b %Y} to "
                                   f"{'now' if e['end'] is None else format(e['end'], '%d %b %Y')}"
                                   + (f"<br>{e['detail']}" if e["detail"] else "") for e in mine],
                     "hoverinfo": "text", "textposition": "none",
                     "marker": {"color": palette[i % len(palette)], "line": {"color": INK, "width": 1}}})
    first = min((e["start"] for e in spells), default=today) - timedelta(days=30)
    return {"data": data, "layout": _layout(title, "Date", "", barmode="overlay", height=max(260, 70 + 45 * len(lanes)),
                                            xaxis={"type": "date", "range": [first.isoformat(), today.isoformat()]},
                                            yaxis={"automargin": True, "autorange": "reversed"}, showlegend=False,
                                            margin={"l": 10, "r": 30, "t": 50, "b": 60})}
