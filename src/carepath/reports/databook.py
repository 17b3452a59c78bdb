"""The improvement board's data book: an xlsx an analyst can take to a board meeting.

One sheet per indicator group (front door, assessment, child protection, ...). Each indicator of
the chosen set has a row with its last N periods, the direction of travel of the latest period
against the one before read through its polarity ("better", "worse", "no change"; colour is never
the only signal), England, region and statistical-neighbour figures for the latest published year
where DfE publishes a matching measure, an empty target cell and an empty commentary cell for the
analyst. A Definitions sheet, generated from the catalogue, says what every figure means and
every boundary it draws.

A figure whose loaded returns do not cover its period and look-back (incomplete history, see
:mod:`carepath.indicators.coverage`) is greyed, carries a comment saying what history it needs,
and is listed in the row's "Incomplete history" cell; its direction of travel says so.

A board sees figures, not children: counts of 1 to 4 (and any percentage or rate built on them)
are written as DfE writes them, ``c``, unless the book is made with suppression off. Every figure
is rounded half up to the places DfE publishes for its unit (:mod:`carepath.rounding`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from carepath import rounding
from carepath.analysis.benchmark import Published, compare
from carepath.exchange.disclosure import SUPPRESSED, Rules
from carepath.indicators import catalogue
from carepath.indicators.catalogue import Indicator, IndicatorSet
from carepath.indicators.periods import Period
from carepath.safe_cells import xlsx_row

INPUT = PatternFill("solid", fgColor="FFF2CC")
HEADER = Font(bold=True)
INCOMPLETE = PatternFill("solid", fgColor="E5E6E7")
INCOMPLETE_FONT = Font(color="6F777B", italic=True)


@dataclass
class Row:
    code: str
    indicator: Indicator
    values: list[tuple[float | None, float | None, str | None]]  # (value, numerator, note) per period
    history: list[str | None] = field(default_factory=list)  # per period: what history it lacks, or None


def direction(previous: float | None, latest: float | None, polarity: str) -> str:
    if previous is None or latest is None:
        return ""
    if abs(latest - previous) < 1e-9:
        return "no change"
    up = latest > previous
    if polarity == "neither":
        return "up" if up else "down"
    better = up == (polarity == "higher")
    return ("up, better" if up else "down, better") if better else ("up, worse" if up else "down, worse")


def shown(value, numerator, rules: Rules | None, indicator: Indicator):
    """A figure as the book shows it: small counts of children (and what is built on them) as ``c``."""
    if value is None:
        return None
    about_children = indicator.group != "workforce" and indicator.unit != "days"
    if rules and about_children and numerator is not None and rules.low <= numerator <= rules.high:
        return SUPPRESSED
    return rounding.round_half_up(value, rounding.places_of(indicator))


def collect(con: duckdb.DuckDBPyConnection, chosen: IndicatorSet, wanted: list[Period], la: str) -> list[Row]:
    labels = [p.label for p in wanted]
    found, history = {}, {}
    for r in con.execute(
            """SELECT indicator_id, period, value, numerator, note,
                      CASE WHEN incomplete_history THEN history_note END FROM indicator_result
               WHERE la_code = ? AND level = 'authority' AND period IN (SELECT unnest(?))""", [la, labels]).fetchall():
        found[(r[0], r[1])] = (r[2], r[3], r[4])
        history[(r[0], r[1])] = r[5]
    return [Row(m.code, catalogue.get(m.indicator_id),
                [found.get((m.indicator_id, label), (None, None, "not computed")) for label in labels],
                [history.get((m.indicator_id, label)) for label in labels])
            for m in chosen.members]


def write(path: Path, chosen: IndicatorSet, rows: list[Row], wanted: list[Period], la: str, la_name: str,
          reference: Path | None, rules: Rules | None, like: str | None = None) -> None:
    book = Workbook()
    cover = book.active
    cover.title = "About"
    source = Published(reference)
    latest_year = int(wanted[-1].financial_year[:4]) + 1
    cover.append(xlsx_row(cover, [f"{chosen.title}: data book for {la_name} ({la})"]))
    cover["A1"].font = Font(bold=True, size=14)
    for line in [
        f"Periods: {wanted[0].label} to {wanted[-1].label}. Source: {chosen.source}.",
        "Direction of travel compares the latest period with the one before, read through each indicator's "
        "polarity (whether higher or lower is better).",
        "England, region and statistical neighbours: DfE's published figures for the latest published year up to "
        f"{latest_year - 1}-{latest_year % 100:02d}, where DfE publishes a matching measure"
        + ("" if source.available else " (no reference data folder was given, so none are shown)") + ".",
        "Neighbours: the median of the ten statistical neighbours (as DfE's dashboard), and their mean (as LAIT).",
        "Target and Commentary cells (shaded) are for the analyst.",
        "Grey, italic figures have an incomplete history: the loaded returns do not cover their period, or the "
        "look-back they need (re-referrals within 12 months look at the 12 months before the period), so they "
        "may undercount. Each carries a comment saying what it needs, and its row lists them.",
        ("Disclosure control: counts of 1 to 4 and figures built on them are shown as 'c'." if rules else
         "Disclosure control is OFF in this book: it must not leave the authority."),
    ]:
        cover.append(xlsx_row(cover, [line]))
    cover.column_dimensions["A"].width = 120
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(row.indicator.group, []).append(row)
    for group, members in groups.items():
        ws = book.create_sheet(group.replace("_", " ").capitalize()[:31])
        header = ["Code", "Indicator", "Unit", "Better"] + [p.label for p in wanted] + [
            "Direction", "England", "Region", "Neighbours (median)", "Neighbours (mean)", "Published year",
            "Incomplete history", "Target", "Commentary"]
        ws.append(header)
        for cell in ws[1]:
            cell.font = HEADER
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in members:
            ind = row.indicator
            values = [shown(v, n, rules, ind) for v, n, _ in row.values]
            plain = [v for v, _, _ in row.values]
            years = [y for y in source.years(ind.id) if y <= latest_year]
            bench = compare(source, ind.id, ind.polarity, la, years[-1], like=like) if years else None
            history = row.history or [None] * len(values)
            travel = "" if SUPPRESSED in values[-2:] else direction(plain[-2] if len(plain) > 1 else None, plain[-1],
                                                                    ind.polarity)
            if travel and any(history[-2:]):
                travel += " (incomplete history)"
            ws.append(xlsx_row(ws, [row.code, ind.title, ind.unit_label, ind.polarity] + values + [
                travel,
                *[_round(getattr(bench, name) if bench else None, ind)
                  for name in ("england", "region", "neighbours_median", "neighbours_mean")],
                bench.period if bench else "",
                "; ".join(f"{p.label}: {h}" for p, h in zip(wanted, history) if h) or None, None, None]))
            for column in (len(header) - 1, len(header)):
                ws.cell(ws.max_row, column).fill = INPUT
            for index, note in enumerate(history):
                if note:
                    cell = ws.cell(ws.max_row, 5 + index)
                    cell.fill, cell.font = INCOMPLETE, INCOMPLETE_FONT
                    cell.comment = Comment(f"Incomplete history: {note}", "carepath")
        widths = [8, 48, 18, 9] + [10] * len(wanted) + [14, 10, 10, 12, 12, 10, 50, 10, 50]
        for i, width in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "C2"
    definitions = book.create_sheet("Definitions")
    definitions.append(["Code", "Id", "Indicator", "Unit", "Better", "Kind", "Definition", "Boundaries", "Sources"])
    for cell in definitions[1]:
        cell.font = HEADER
    for row in rows:
        ind = row.indicator
        definitions.append(xlsx_row(definitions, [row.code, ind.id, ind.title, ind.unit_label, ind.polarity, ind.kind,
                                                  ind.definition, "\n".join(ind.boundaries), "\n".join(ind.sources)]))
    for column, width in zip("ABCDEFGHI", (8, 30, 40, 16, 9, 9, 80, 80, 50)):
        definitions.column_dimensions[column].width = width
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


def _round(value, indicator: Indicator):
    return rounding.round_half_up(value, rounding.places_of(indicator))
