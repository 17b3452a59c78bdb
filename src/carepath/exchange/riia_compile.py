"""Compiling a region's RIIA submissions into one workbook, as a regional co-ordinator does.

From the history read by :mod:`carepath.exchange.riia_read`:

* **Latest values.** For each authority, quarter and measure, the value with the latest report
  date (an amended re-send replaces the earlier figure; the history keeps both).
* **Rates and percentages** as the RIIA proposal defines them: rates per 10,000 children aged 0-17 (ONS
  estimate of the preceding mid-year, as DfE); percentages of their base measure (203 and
  20202-20212 of 202, 206 of 205, 213 and 214 of 210, 220 of 219). 209 is submitted as a count
  of ICPCs within 15 working days; its percentage is of S47 enquiries (208), the RIIA proposal's
  wording ("percent of S47s"), which is also the engine's RIIA 209 (icpcs_within_15wd_of_s47s), so
  the dashboard and the compilation give one figure; DfE's wording (of ICPCs held) is the engine's
  named variant icpcs_within_15wd. 219 is per
  10,000 of the population aged 11-18 six years earlier, which needs estimates by single year of
  age: without them its rate is left empty with a note.
* **Totals** for each region and for England (all authorities submitted), with rates on the
  summed populations of the authorities that reported.
* **Disclosure control** (:mod:`carepath.exchange.disclosure`) on every count, with the
  equations a reader could use: each region's total is the sum of its authorities, England the
  sum of the regions, and 202 the sum of its sources 20202-20212. Rates and percentages on a
  suppressed count are suppressed too.
* **Quality check** (:func:`quality_checks`), for each authority's figure: a quarter or measure it
  did not send (between the compilation's first and last quarter, once it has sent anything), a
  count above the count of its base measure (numerator above denominator), and a count outside
  the authority's own history: more than ``margin`` (50%) away from the mean of its previous
  quarters (up to four, at least two) and by more than ``MIN_CHANGE`` (5), so that 2 becoming 4
  in a small authority is not flagged.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from carepath.exchange import disclosure
from carepath.exchange.riia_read import MEASURE_NUMBERS, MeasureRow, Submissions

SOURCES = [str(n) for n in range(20202, 20213)]
PERCENT_OF = {**{s: "202" for s in SOURCES}, "203": "202", "206": "205", "209": "208", "213": "210",
              "214": "210", "220": "219"}
RATE = [m for m in MEASURE_NUMBERS if m not in PERCENT_OF]
ENGLAND = "England"
MARGIN = 0.5        # a count more than 50% away from the mean of the authority's previous quarters
MIN_CHANGE = 5      # ... and by more than 5
HISTORY = 4         # previous quarters the mean is taken over (at least 2 needed)


@dataclass
class Figure:
    area: str            # LA code, region name, or England
    area_name: str
    region: str
    year: str
    quarter: int
    measure: str
    count: int | None
    derived: float | None = None   # rate per 10,000 or percentage
    derived_kind: str = ""         # "per 10,000" or "%"
    report_date: object = None
    reporting: int = 1             # authorities behind a total
    note: str = ""
    suppressed: bool = False
    derived_suppressed: bool = False
    total: bool = False            # a region or England total
    quality: str = ""              # the compilation's quality check (quality_checks)


@dataclass
class Compilation:
    figures: list[Figure] = field(default_factory=list)
    suppressed: int = 0


def latest(rows: list[MeasureRow]) -> dict[tuple, MeasureRow]:
    chosen: dict[tuple, MeasureRow] = {}
    for row in rows:
        key = (row.la_code, row.year, row.quarter, row.measure)
        if key not in chosen or row.report_date > chosen[key].report_date:
            chosen[key] = row
    return chosen


def compile_figures(submissions: Submissions, populations: dict[tuple[str, int], int],
                    regions: dict[str, str], names: dict[str, str], rules: disclosure.Rules | None,
                    populations_11_18: dict[tuple[str, int], int] | None = None) -> Compilation:
    """Latest values, totals, derived rates and percentages, with disclosure control if ``rules``."""
    chosen = latest(submissions.measures)
    out = Compilation()
    by_quarter: dict[tuple[str, int], list[Figure]] = defaultdict(list)
    for (la, year, quarter, measure), row in sorted(chosen.items()):
        region = row.region or regions.get(la, "Unknown region")
        figure = Figure(la, row.la_name or names.get(la, la), region, year, quarter, measure, row.value,
                        report_date=row.report_date)
        by_quarter[(year, quarter)].append(figure)
    populations_11_18 = populations_11_18 or {}
    for (year, quarter), figures in sorted(by_quarter.items()):
        totals = _totals(figures)
        everything = figures + totals
        pop_year = int(year[:4])
        area_population = _area_populations(figures, populations, pop_year)
        area_population_11_18 = _area_populations(figures, populations_11_18, pop_year - 6)
        _derive(everything, area_population, area_population_11_18)
        if rules is not None:
            out.suppressed += _protect(everything, rules)
        out.figures += everything
    out.figures += quality_checks(out.figures)
    return out


def quality_checks(figures: list[Figure], margin: float = MARGIN, min_change: int = MIN_CHANGE) -> list[Figure]:
    """Fill each authority figure's ``quality``; return a figure (no count) for each one not sent."""
    quarters = sorted({(f.year, f.quarter) for f in figures})
    own = [f for f in figures if not f.total]
    index = {(f.area, f.year, f.quarter, f.measure): f for f in own}
    notes: dict[int, list[str]] = defaultdict(list)
    for f in own:
        base_no = PERCENT_OF.get(f.measure)
        base = index.get((f.area, f.year, f.quarter, base_no)) if base_no else None
        if base is not None and f.count is not None and base.count is not None and f.count > base.count:
            notes[id(f)].append(f"numerator above denominator: {f.measure} ({f.count}) is more than {base_no} "
                                f"({base.count})")
        at = quarters.index((f.year, f.quarter))
        earlier = [index.get((f.area, y, q, f.measure)) for y, q in quarters[max(0, at - HISTORY):at]]
        earlier = [e.count for e in earlier if e is not None and e.count is not None]
        if len(earlier) >= 2 and f.count is not None:
            mean = sum(earlier) / len(earlier)
            if abs(f.count - mean) > margin * mean and abs(f.count - mean) > min_change:
                notes[id(f)].append(f"outside the authority's own history: {f.count} against a mean of "
                                    f"{mean:.1f} over its previous {len(earlier)} quarters (more than "
                                    f"{margin:.0%} and {min_change} away)")
    for f in own:
        f.quality = "; ".join(notes.get(id(f), []))
    missing = []
    authorities = sorted({(f.area, f.area_name, f.region) for f in own})
    for area, name, region in authorities:
        sent = [(y, q) for (a, y, q, _m) in index if a == area]
        first = min(sent)
        for year, quarter in quarters:
            if (year, quarter) < first:
                continue
            whole = not any((area, year, quarter, m) in index for m in MEASURE_NUMBERS)
            for measure in MEASURE_NUMBERS:
                if (area, year, quarter, measure) not in index:
                    missing.append(Figure(area, name, region, year, quarter, measure, None,
                                          derived_kind="%" if measure in PERCENT_OF else "per 10,000",
                                          quality="quarter missing: nothing sent" if whole
                                          else "measure missing: not sent for this quarter"))
    return missing


def _totals(figures: list[Figure]) -> list[Figure]:
    sums: dict[tuple[str, str], list[Figure]] = defaultdict(list)
    for f in figures:
        sums[(f.region, f.measure)].append(f)
        sums[(ENGLAND, f.measure)].append(f)
    totals = []
    for (area, measure), parts in sorted(sums.items()):
        first = parts[0]
        totals.append(Figure(area, area, ENGLAND if area == ENGLAND else area, first.year, first.quarter, measure,
                             sum(p.count for p in parts), reporting=len(parts), total=True))
    return totals


def _area_populations(figures: list[Figure], populations: dict[tuple[str, int], int], year: int) -> dict[str, int]:
    """Population of each authority, region and England, summing the reporting authorities only."""
    found: dict[str, int] = {}
    seen = set()
    for f in figures:
        if f.area in seen:
            continue
        seen.add(f.area)
        people = populations.get((f.area, year))
        if people is None:
            continue
        found[f.area] = people
        found[f.region] = found.get(f.region, 0) + people
        found[ENGLAND] = found.get(ENGLAND, 0) + people
    return found


def _derive(figures: list[Figure], population: dict[str, int], population_11_18: dict[str, int]) -> None:
    index = {(f.area, f.measure): f for f in figures}
    for f in figures:
        if f.measure in PERCENT_OF:
            base = index.get((f.area, PERCENT_OF[f.measure]))
            f.derived_kind = "%"
            if base and base.count:
                f.derived = 100.0 * f.count / base.count
            else:
                f.note = (f.note + "; " if f.note else "") + f"no {PERCENT_OF[f.measure]} to divide by"
            continue
        f.derived_kind = "per 10,000"
        people = (population_11_18 if f.measure == "219" else population).get(f.area)
        if people:
            f.derived = 10000.0 * f.count / people
        else:
            f.note = (f.note + "; " if f.note else "") + (
                "needs the population aged 11-18 six years earlier by single year of age" if f.measure == "219"
                else "no population estimate")


def _protect(figures: list[Figure], rules: disclosure.Rules) -> int:
    """Suppress small counts and their complements; suppress rates and percentages built on them."""
    values = {(f.area, f.measure): f.count for f in figures}
    table = disclosure.Table(dict(values))
    regions: dict[str, set[str]] = defaultdict(set)
    for f in figures:
        if f.region not in (ENGLAND,) and f.area != f.region:
            regions[f.region].add(f.area)
    measures = {f.measure for f in figures}
    for measure in measures:
        for region, las in regions.items():
            table.add_total((region, measure), [(la, measure) for la in sorted(las)])
        table.add_total((ENGLAND, measure), [(region, measure) for region in sorted(regions)])
    for area in {f.area for f in figures}:
        if (area, "202") in values and all((area, s) in values for s in SOURCES):
            table.add_total((area, "202"), [(area, s) for s in SOURCES])
    hidden = disclosure.protect(table, rules)
    index = {(f.area, f.measure): f for f in figures}
    for key in hidden:
        index[key].suppressed = True
    for f in figures:
        base = index.get((f.area, PERCENT_OF.get(f.measure, "")))
        f.derived_suppressed = f.suppressed or bool(base and base.suppressed)
    return len(hidden)
