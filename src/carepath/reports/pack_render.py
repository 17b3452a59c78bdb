"""The board pack on paper and screen: a chart per indicator (Vega-Lite through altair, rendered to
PNG by vl-convert: no browser, nothing fetched), an HTML page from ``templates/pack.html`` with the
charts inlined (one self-contained file), and a PDF of that page by WeasyPrint.

Each chart shows the authority's last quarters as a line (a suppressed or missing figure is a gap,
never plotted) and England, region and statistical neighbours' median as dashed level lines labelled
with their published year: DfE publishes years, not quarters. The numbers behind every chart are
in the table beneath it.
"""
from __future__ import annotations

import base64
from datetime import date
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape

from carepath.errors import CarepathError
from carepath.exchange.disclosure import SUPPRESSED
from carepath.reports.pack import Page

TEMPLATES = Path(__file__).with_name("templates")
# Okabe-Ito, as the dashboard: the authority, England, region, neighbours
COLOURS = {"Authority": "#0072B2", "England": "#000000", "Region": "#E69F00", "Statistical neighbours": "#009E73"}


def chart_png(page: Page, la_name: str) -> bytes | None:
    """The chart of one page as PNG bytes, or None when there is no figure to draw."""
    import altair as alt
    import vl_convert as vlc
    # a suppressed or missing quarter is a gap in the line, never a point (nor a line drawn across it)
    points = [{"period": p, "value": None if v in (None, SUPPRESSED) else v, "series": "Authority"}
              for p, v in zip(page.periods, page.figures)]
    if all(point["value"] is None for point in points):
        return None
    year = page.benchmark.period if page.benchmark else ""
    levels = [{"series": name, "value": value, "label": f"{name} {year}"}
              for name, value in page.benchmark_figures.items() if value is not None]
    domain = ["Authority"] + [lv["series"] for lv in levels]
    colour = alt.Color("series:N", title=None, scale=alt.Scale(domain=domain, range=[COLOURS[d] for d in domain]),
                       legend=alt.Legend(orient="bottom"))
    x = alt.X("period:O", title=None, sort=page.periods, scale=alt.Scale(domain=page.periods))
    line = alt.Chart(pd.DataFrame(points)).mark_line(point=True, invalid="break-paths-show-domains").encode(
        x=x, y=alt.Y("value:Q", title=page.indicator.unit_label), color=colour)
    layers = [line]
    if levels:
        layers.append(alt.Chart(pd.DataFrame(levels)).mark_rule(strokeDash=[5, 3]).encode(
            y="value:Q", color=colour))
    chart = alt.layer(*layers).properties(width=520, height=190,
                                         title=alt.TitleParams(f"{page.code}. {page.label}",
                                                               subtitle=[la_name], anchor="start"))
    return vlc.vegalite_to_png(chart.to_json(), scale=1.5)


def html(pages: list[Page], title: str, la: str, la_name: str, period: str, source: str,
         suppressed: bool, targets_file: Path, charts: bool = True) -> str:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    env.filters["figure"] = _figure
    env.globals["zip"] = zip
    images = {}
    if charts:
        for page in pages:
            png = chart_png(page, la_name)
            if png:
                images[page.indicator.id] = "data:image/png;base64," + base64.b64encode(png).decode()
    return env.get_template("pack.html").render(
        pages=pages, title=title, la=la, la_name=la_name, period=period, source=source, suppressed=suppressed,
        targets_file=targets_file.name, images=images, made=date.today().isoformat())


def write(path: Path, document: str) -> Path:
    """Write the pack as .html or .pdf (by the file's suffix)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        path.write_text(document, encoding="utf-8")
    elif suffix == ".pdf":
        path.write_bytes(pdf(document))
    else:
        raise CarepathError(f"The pack is written as .pdf or .html, not '{path.suffix or path.name}'.")
    return path


def pdf(document: str) -> bytes:
    try:
        from weasyprint import HTML
    except OSError as error:   # pango missing: weasyprint cannot load its libraries
        raise CarepathError(f"WeasyPrint cannot start ({error}). Install Debian's pango: "
                            "apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 (scripts/setup.sh does).") from None
    return HTML(string=document, base_url=str(TEMPLATES)).write_pdf()


def _figure(value, places: int | None = None) -> str:
    """A rounded figure as printed: to the indicator's places (50.0 stays 50.0), 'c' or a dash."""
    if value is None:
        return "–"
    if value == SUPPRESSED:
        return SUPPRESSED
    if places is None:
        return f"{value:,.10g}"
    return f"{value:,.{places}f}"
