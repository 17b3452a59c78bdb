"""The improvement board's pack: one page per board indicator, for a meeting that reads paper.

For each indicator of the set, for one authority and quarter: the last N quarters' figures, with
England, region and statistical neighbours where DfE publishes a matching measure (the latest
published year up to the quarter's financial year, as the data book: :mod:`carepath.analysis.benchmark`),
a RAG against the board's targets (an editable YAML file, :data:`DEFAULT_TARGETS`), the direction
of travel of the latest quarter against the one before (:func:`carepath.reports.databook.direction`),
the definition as a footnote (from the catalogue), and the commentary analysts typed in the
dashboard for that period (:mod:`carepath.web.pack_notes`).

The pack reads figures already computed (``carepath indicators run --set board ...``); it never
computes them, so what the board reads is what the dashboard shows. Figures are rounded half up to
the places DfE publishes (:mod:`carepath.rounding`) and disclosure-controlled as the data book is:
counts of 1 to 4 about children, and what is built on them, are shown as ``c``, get no RAG and no
direction, and are left out of the chart. Rendering (charts, HTML, PDF) is :mod:`carepath.reports.pack_render`.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from carepath import rounding
from carepath.analysis.benchmark import Comparison, Published, compare
from carepath.errors import CarepathError
from carepath.exchange.disclosure import SUPPRESSED, Rules
from carepath.indicators.catalogue import Indicator, IndicatorSet
from carepath.indicators.periods import Period
from carepath.reports.databook import collect as collect_rows
from carepath.reports.databook import direction, shown

DEFAULT_TARGETS = Path(__file__).with_name("pack_targets.yml")
RAGS = ("green", "amber", "red")


@dataclass(frozen=True)
class Target:
    value: float
    amber_within: float


@dataclass
class Page:
    """One indicator of the pack."""
    code: str
    label: str
    indicator: Indicator
    periods: list[str]
    figures: list                       # as shown: rounded number, "c" or None, per period
    notes: list[str | None]             # why a figure is missing, or its incomplete history, per period
    direction: str
    benchmark: Comparison | None
    benchmark_figures: dict[str, float | None]   # England, region, neighbours (median), rounded
    target: Target | None
    rag: str | None
    commentary: str = ""
    commentary_by: str = ""

    @property
    def latest(self):
        return self.figures[-1]

    @property
    def places(self) -> int:
        return rounding.places_of(self.indicator)


def load_targets(path: Path | None) -> dict[str, Target]:
    """indicator id -> target, from the board's YAML file (the shipped default when ``path`` is None)."""
    path = Path(path) if path else DEFAULT_TARGETS
    if not path.is_file():
        raise CarepathError(f"No targets file at {path}. Copy the default ({DEFAULT_TARGETS}) and edit it.")
    try:
        found = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise CarepathError(f"{path} is not valid YAML: {error}") from None
    if not isinstance(found, dict):
        raise CarepathError(f"{path} should map indicator ids to {{target: N, amber_within: N}}.")
    targets = {}
    for indicator_id, entry in found.items():
        if not isinstance(entry, dict) or "target" not in entry:
            raise CarepathError(f"{path}: '{indicator_id}' needs a target, as {{target: 85, amber_within: 5}}.")
        try:
            targets[str(indicator_id)] = Target(float(entry["target"]), float(entry.get("amber_within", 0)))
        except (TypeError, ValueError):
            raise CarepathError(f"{path}: the target and amber_within of '{indicator_id}' must be numbers.") from None
    return targets


def rag(value, target: Target | None, polarity: str) -> str | None:
    """Green when ``value`` meets the target, amber when it misses by at most ``amber_within``, else red.

    Meeting is inclusive: 85.0 against a target of 85 (higher is better) is green, and 80.0 with
    ``amber_within`` 5 is amber. Compared after rounding, as the board reads the figure."""
    if target is None or value is None or value == SUPPRESSED or polarity not in ("higher", "lower"):
        return None
    short = (target.value - value) if polarity == "higher" else (value - target.value)
    if short <= 1e-9:
        return "green"
    return "amber" if short <= target.amber_within + 1e-9 else "red"


def computed_check(con, chosen: IndicatorSet, latest: Period, la: str) -> None:
    """Refuse, with the command to run, when the set's figures for the quarter are not in the store."""
    found = con.execute("""SELECT count(*) FROM indicator_result WHERE la_code = ? AND level = 'authority'
                           AND period = ? AND indicator_id IN (SELECT unnest(?))""",
                        [la, latest.label, list(chosen.indicator_ids)]).fetchone()[0]
    if not found:
        raise CarepathError(
            f"The {chosen.name} set's figures for {latest.label} have not been computed for authority {la}. "
            f"Compute them first:\n  carepath indicators run --set {chosen.name} --period {latest.label} "
            f"--periods 8 --la {la}")


def collect(con, chosen: IndicatorSet, wanted: list[Period], la: str, source: Published | None,
            rules: Rules | None, targets: dict[str, Target], commentary: dict | None = None,
            like: str | None = None) -> list[Page]:
    """The pages of the pack, from figures already in the store (``con``: a DuckDB connection or cursor)."""
    computed_check(con, chosen, wanted[-1], la)
    commentary = commentary or {}
    latest_year = int(wanted[-1].financial_year[:4]) + 1
    labels = {m.indicator_id: m.label for m in chosen.members}
    pages = []
    for row in collect_rows(con, chosen, wanted, la):
        ind = row.indicator
        figures = [shown(v, n, rules, ind) for v, n, _ in row.values]
        plain = [v for v, _, _ in row.values]
        travel = "" if SUPPRESSED in figures[-2:] else direction(plain[-2] if len(plain) > 1 else None, plain[-1],
                                                                ind.polarity)
        history = row.history or [None] * len(figures)
        if travel and any(history[-2:]):
            travel += " (incomplete history)"
        notes = [h and f"incomplete history: {h}" or (note if v is None else None)
                 for (v, _, note), h in zip(row.values, history)]
        years = [y for y in source.years(ind.id) if y <= latest_year] if source and source.available else []
        bench = compare(source, ind.id, ind.polarity, la, years[-1], like=like) if years else None
        places = rounding.places_of(ind)
        bench_figures = {name: rounding.round_half_up(getattr(bench, attr), places) if bench else None
                         for name, attr in (("England", "england"), ("Region", "region"),
                                            ("Statistical neighbours", "neighbours_median"))}
        target = targets.get(ind.id)
        note = commentary.get(ind.id)
        pages.append(Page(row.code, labels.get(ind.id, ind.title), ind, [p.label for p in wanted], figures, notes,
                          travel, bench, bench_figures, target, rag(figures[-1], target, ind.polarity),
                          note.text if note else "", note.written_by if note else ""))
    return pages
