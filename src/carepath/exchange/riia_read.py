"""Reading a region's RIIA submissions: every row accepted into the history or reported.

Submissions are the two CSV files of :mod:`carepath.exchange.riia` (measures and context), from
any number of authorities, including older files and amended re-sends. Files are recognised by
their header row. A row is **accepted** into the history or **reported** with its file, row number
and the problem, never dropped silently:

* a row with the wrong number of fields ("malformed");
* an authority code that is not a known 3-digit LA number;
* a report date, measure year or quarter that cannot be read;
* a measure number that does not exist in RIIA 24 (201-224, 20202-20212), or a contextual
  number that is not X01-X31;
* a measure value that is not a whole number of at least 0 (an empty value is reported too:
  "no value sent");
* two different values for one authority, quarter and measure with the **same** report date:
  both are reported and neither is used, since nobody can tell which is meant. The same value
  sent twice is kept once.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from carepath.exchange.riia import CONTEXT_HEADER, MEASURES_HEADER
from carepath.sources.fields import parse_date
from carepath.sources.batch import RowError
from carepath.sources.textfile import decode

MEASURE_NUMBERS = [str(n) for n in range(201, 225)] + [str(n) for n in range(20202, 20213)]
CONTEXT_NUMBERS = [f"X{n:02d}" for n in range(1, 32)]
_YEAR = re.compile(r"^(\d{4})\s*[-/]\s*(\d{2}|\d{4})$")
_QUARTER = re.compile(r"^(?:\d{4}\s*)?Q?([1-4])$", re.I)


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


@dataclass(frozen=True)
class MeasureRow:
    la_code: str
    la_name: str
    region: str
    report_date: date
    year: str          # 2024-25
    quarter: int       # 1-4
    measure: str
    value: int
    quality_check: str
    file: str
    row: int


@dataclass(frozen=True)
class ContextRow:
    la_code: str
    la_name: str
    region: str
    report_date: date
    item: str
    value: str
    file: str
    row: int


@dataclass
class Problem:
    file: str
    row: int | None
    message: str


@dataclass
class Submissions:
    measures: list[MeasureRow] = field(default_factory=list)
    context: list[ContextRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rows_read: int = 0
    duplicates: int = 0  # the same value sent twice with the same report date: kept once

    @property
    def rows_accepted(self) -> int:
        return len(self.measures) + len(self.context)

    @property
    def rows_reported(self) -> int:
        return sum(1 for p in self.problems if p.row is not None and p.row > 1)


def financial_year(text: str) -> str:
    match = _YEAR.match(text.strip())
    if not match:
        raise ValueError
    first, second = int(match.group(1)), match.group(2)
    if int(second[-2:]) != (first + 1) % 100:
        raise ValueError
    return f"{first}-{(first + 1) % 100:02d}"


def files_in(paths: list[Path]) -> list[Path]:
    found = []
    for path in paths:
        path = Path(path)
        found += sorted(p for p in path.rglob("*.csv")) if path.is_dir() else [path]
    return found


def read(paths: list[Path], known_authorities: set[str] | None) -> Submissions:
    out = Submissions()
    for path in files_in(paths):
        try:
            text = decode(path)
        except Exception as exc:  # SourceError or OSError: the file is reported, the rest go on
            out.problems.append(Problem(path.name, None, str(exc)))
            continue
        rows = list(csv.reader(text.splitlines()))
        if not rows:
            out.problems.append(Problem(path.name, None, "empty file"))
            continue
        header = [_norm(h) for h in rows[0]]
        if header == [_norm(h) for h in MEASURES_HEADER]:
            kind = "measures"
        elif header == [_norm(h) for h in CONTEXT_HEADER]:
            kind = "context"
        else:
            out.problems.append(Problem(path.name, 1, "not a RIIA submission: the header row is neither the measures "
                                        "header (" + ", ".join(MEASURES_HEADER) + ") nor the contextual one"))
            continue
        for number, row in enumerate(rows[1:], start=2):
            if not any(cell.strip() for cell in row):
                continue
            out.rows_read += 1
            problem = _read_row(out, kind, row, path.name, number, known_authorities)
            if problem:
                out.problems.append(Problem(path.name, number, problem))
    _settle_conflicts(out)
    return out


def _read_row(out: Submissions, kind: str, row: list[str], file: str, number: int,
              known: set[str] | None) -> str | None:
    expected = len(MEASURES_HEADER if kind == "measures" else CONTEXT_HEADER)
    if len(row) != expected:
        return f"malformed row: {len(row)} fields where the header has {expected}"
    cells = [c.strip() for c in row]
    region, la, name, reported = cells[:4]
    if not re.fullmatch(r"\d{3}", la) or (known is not None and la not in known):
        return f"unknown authority code '{la}'" + ("" if re.fullmatch(r"\d{3}", la) else " (expected 3 digits)")
    try:
        report_date = parse_date(reported, "Report date", required_=True)
    except RowError as exc:
        return exc.reason
    if kind == "context":
        item = cells[4].upper()
        if item not in CONTEXT_NUMBERS:
            return f"contextual measure number '{cells[4]}' does not exist (X01 to X31)"
        out.context.append(ContextRow(la, name, region, report_date, item, cells[5], file, number))
        return None
    year_text, quarter_text, measure, value_text, check = cells[4:9]
    try:
        year = financial_year(year_text)
    except ValueError:
        return f"measure year '{year_text}' is not a financial year such as 2024-25"
    quarter = _QUARTER.match(quarter_text)
    if not quarter:
        return f"measure quarter '{quarter_text}' is not Q1 to Q4"
    if measure not in MEASURE_NUMBERS:
        return f"measure number '{measure}' does not exist in RIIA 24 (201-224, 20202-20212)"
    if value_text == "":
        return f"no value sent for measure {measure}, {year} Q{quarter.group(1)}"
    try:
        value = float(value_text.replace(",", ""))
    except ValueError:
        return f"measure value '{value_text}' for measure {measure} is not a number"
    if value < 0 or value != int(value):
        return f"measure value '{value_text}' for measure {measure} is not a whole number of at least 0"
    out.measures.append(MeasureRow(la, name, region, report_date, year, int(quarter.group(1)), measure, int(value),
                                   check, file, number))
    return None


def _settle_conflicts(out: Submissions) -> None:
    """Same authority, quarter, measure and report date: one value kept, or both reported if they differ."""
    groups: dict[tuple, list[MeasureRow]] = {}
    for row in out.measures:
        groups.setdefault((row.la_code, row.year, row.quarter, row.measure, row.report_date), []).append(row)
    kept = []
    for key, rows in groups.items():
        values = {r.value for r in rows}
        if len(values) == 1:
            kept.append(rows[0])
            out.duplicates += len(rows) - 1
            continue
        where = "; ".join(f"{r.file} row {r.row}: {r.value}" for r in rows)
        for r in rows:
            out.problems.append(Problem(r.file, r.row, f"LA {key[0]} measure {key[3]} {key[1]} Q{key[2]} has different "
                                        f"values with the same report date {key[4].isoformat()} ({where}); "
                                        "neither is used"))
    out.measures = sorted(kept, key=lambda r: (r.la_code, r.year, r.quarter, r.measure, r.report_date))
