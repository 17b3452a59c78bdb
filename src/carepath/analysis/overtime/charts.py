"""Static charts (PNG and SVG) of the over-time analyses, for ``carepath analyse --out``: Vega-Lite
through altair, rendered by vl-convert (no browser, nothing fetched).

Every chart's numbers are in the CSV written beside it. Colours are the Okabe-Ito palette the
dashboard uses, and every series is named in the legend.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from carepath.analysis.overtime.histories import FACTORS

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#999999"]


def _save(chart, stem: Path) -> list[Path]:
    written = []
    for suffix in (".png", ".svg"):
        path = stem.with_suffix(suffix)
        chart.save(str(path), **({"scale_factor": 1.5} if suffix == ".png" else {}))
        written.append(path)
    return written


def survival_chart(result, stem: Path) -> list[Path]:
    """Step curves with their 95% confidence bands, one colour per group."""
    import altair as alt
    rows = []
    for curve in result.curves:
        for m, s, lo, hi in zip(curve.months, curve.share, curve.lower, curve.upper):
            if s is None:
                continue
            rows.append({"months": m, "share": 100 * s, "lower": 100 * (lo if lo == lo and lo is not None else s),
                         "upper": 100 * (hi if hi == hi and hi is not None else s), "group": curve.group})
    data = pd.DataFrame(rows)
    colour = alt.Color("group:N", title=FACTORS.get(result.group_by, ""), scale=alt.Scale(range=PALETTE))
    x = alt.X("months:Q", title="Months")
    band = alt.Chart(data).mark_area(interpolate="step-after", opacity=0.18).encode(
        x=x, y="lower:Q", y2="upper:Q", color=colour)
    line = alt.Chart(data).mark_line(interpolate="step-after").encode(
        x=x, y=alt.Y("share:Q", title=f"% {result.share_label}", scale=alt.Scale(domain=[0, 100])), color=colour)
    chart = (band + line).properties(title=result.title, width=560, height=320)
    return _save(chart, stem)


def incidence_chart(table: pd.DataFrame, title: str, stem: Path, subtitle: str = "") -> list[Path]:
    """Cumulative % by age, one line per birth cohort; ``subtitle`` says which ages are not observed."""
    import altair as alt
    table = table.assign(cumulative_percent=pd.to_numeric(table["cumulative_percent"], errors="coerce"))
    table = table[table["cumulative_percent"].notna()]
    chart = alt.Chart(table).mark_line(point=True).encode(
        x=alt.X("age:O", title="Age (years)"), y=alt.Y("cumulative_percent:Q", title="% of the birth cohort"),
        color=alt.Color("birth_year:N", title="Born in", scale=alt.Scale(range=PALETTE))).properties(
        title=alt.TitleParams(title, subtitle=[subtitle] if subtitle else []), width=560, height=320)
    return _save(chart, stem)


def sequence_chart(index: pd.DataFrame, states: dict[str, str], stem: Path) -> list[Path]:
    """Sequence index plot: one row per child, one cell per month, coloured by state, one panel per group."""
    import altair as alt
    names = list(states.values())
    chart = alt.Chart(index).mark_rect().encode(
        x=alt.X("month:O", title="Months since first entry to care", axis=alt.Axis(labelOverlap=True)),
        y=alt.Y("row:O", title=None, axis=None),
        color=alt.Color("state:N", title="State", scale=alt.Scale(domain=names, range=PALETTE[:len(names)])),
    ).properties(width=420, height=140).facet(row=alt.Row("group:N", title="Group")).resolve_scale(y="independent")
    return _save(chart.properties(title="Care histories by group"), stem)
