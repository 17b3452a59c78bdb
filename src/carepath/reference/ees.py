"""Any DfE data file in Explore education statistics' open-data layout, read as an indicator's comparator.

DfE publishes its statistics on Explore education statistics (explore-education-statistics.service.gov.uk)
as CSV files of one layout: ``time_period, time_identifier, geographic_level, country_code,
country_name, region_code, region_name, old_la_code, new_la_code, la_name``, then **filter** columns
(``cla_group``, ``characteristic``, ``care_leaver_age``...) and **indicator** columns
(``children_count``, ``turnover_rate_fte``...). An indicator whose comparator is such a file says so
in its ``published:`` block (see :mod:`carepath.indicators.catalogue`):

.. code-block:: yaml

    published:
      release: Children looked after in England including adoptions   # DfE's release, by title
      file: la_cla_placement_stability        # the data file's name; with years after it, the file that
                                              # reaches the latest (csww_indicators_2017_to_2025.csv)
      filters: {cla_group: CLA on 31 March, placement_stability: With 3 or more placements during the year}
      value: children_percent                 # the indicator column; or percent | ratio | rate_per_10000,
                                              # computed from the numerator and denominator below
      numerator: children_count               # for funnels (and the computed values)
      denominator: children_count             # a column, or ``population`` (ONS children aged 0-17)
      denominator_filters: {placement_stability: Total children}   # where the denominator is another row
      as_at: 30 September                     # a snapshot DfE takes in September: time_period 2024 is
                                              # carepath's year 2024-25 (default: the year ends 31 March)
      difference: ...                         # any way DfE's definition differs, in words

A column may be a sum of columns, ``agency_fte + inpost_fte`` (the plus sign between spaces, since
DfE's own names may hold one: ``61+_days``). A column or filter name may give
alternatives, ``children_percent | percentage``: DfE renamed
columns between releases, and the first one the file has is read. So may the file's name,
``<this release's name> | <an earlier release's name>``, where DfE renamed a file between
releases: the file reaching the latest year is read, the first alternative where two reach it. A filter value may be a list: the
matching rows are added up (a percentage is then best computed, ``value: percent``). Otherwise a
description that picks more than one row for an area and year (a filter column left out) gives that
area no figure, never a sum. Filter values are compared without regard to case or repeated spaces.

Rows are read for England (``E``), each region (its code) and each local authority (its old 3-digit
code); an authority published jointly with another (``940 / 941``) is left out, since the figure is
not its own. ``time_period`` is the year in which the reporting year ends (``2025``, or ``202425``
for 2024-25). Suppressed cells (DfE's symbols in :data:`SYMBOLS`) are kept as they are shown and
never read as numbers; a sum with a suppressed part is suppressed.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from carepath.reference.files import csv_files

PUBLISHER = "Department for Education"
SITE = "Explore education statistics (explore-education-statistics.service.gov.uk)"
# DfE's symbols for cells it does not show as a number, and what each means (EES guidance)
SYMBOLS = {"c": "suppressed to protect confidentiality", "low": "a positive number that rounds to 0",
           "x": "not available", "z": "not applicable", "u": "low reliability",
           "k": "a percentage that rounds to 0 (under 0.5%)",
           ":": "not available", "": "not given"}
COMPUTED = ("percent", "ratio", "rate_per_10000")       # values computed from numerator and denominator


@dataclass(frozen=True)
class Spec:
    """One indicator's description of its published figure in an EES data file."""
    indicator_id: str
    release: str
    file: str
    value: str
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()
    numerator: str = ""
    denominator: str = ""
    denominator_filters: tuple[tuple[str, tuple[str, ...]], ...] = ()
    as_at: str = ""

    @property
    def source(self) -> str:
        """The ``source`` its rows carry in the ``published`` table."""
        return "ees:" + self.indicator_id

    @property
    def title(self) -> str:
        return f"{self.release}, data file {file_title(self.file)} ({PUBLISHER}, {SITE})"


def _filters(found) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((str(column), tuple(str(v) for v in (value if isinstance(value, list) else [value])))
                 for column, value in (found or {}).items())


def spec(indicator_id: str, block: dict) -> Spec:
    """The Spec of a ``published:`` block that names a release and a file."""
    return Spec(indicator_id, block["release"], block["file"], block["value"], _filters(block.get("filters")),
                block.get("numerator", ""), block.get("denominator", ""),
                _filters(block.get("denominator_filters")), block.get("as_at", ""))


def file_names(name: str) -> list[str]:
    """The alternatives of a ``file:`` that names two or more (``a | b``), in the order given."""
    return [part.strip() for part in name.split("|") if part.strip()]


def file_title(name: str) -> str:
    """A ``file:`` in words: ``a``, or ``a (or b, as other releases name it)``."""
    first, *others = file_names(name) or [name]
    return first + (f" (or {' or '.join(others)}, as other releases name it)" if others else "")


def find_file(folder: Path | None, name: str) -> Path | None:
    """The data file ``name``.csv under the reference folder, or ``name_<years>.csv`` (``_2025``,
    ``_2017_to_2025``) covering the latest year. Another file whose name merely starts with ``name``
    (``la_children_who_ceased_during_the_year_sgo_adoption``) is a different table and never matches.
    ``name`` may give alternatives, ``a | b`` (a file DfE renamed between releases): the file reaching
    the latest year under any of them, the earlier alternative where two reach the same year."""
    if folder is None or not Path(folder).is_dir():
        return None
    patterns = [re.compile(re.escape(n.lower()) + r"(?:_(\d{4})(?:_to_(\d{4}))?)?") for n in file_names(name)]
    found = []
    for path in csv_files(folder):
        for order, pattern in enumerate(patterns):
            match = pattern.fullmatch(path.stem.lower())
            if match:
                found.append((int(match.group(2) or match.group(1) or 0), -order, path.name, path))
                break
    return max(found)[3] if found else None


def _norm(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _column(header: dict[str, str], names: str) -> str | None:
    """The file's column for ``a | b`` (the first alternative it has), matched without regard to case."""
    for name in names.split("|"):
        if name.strip().lower() in header:
            return header[name.strip().lower()]
    return None


def _year(row: dict, as_at: str) -> int | None:
    period = (row.get("time_period") or "").strip()
    if not period.isdigit() or len(period) not in (4, 6):
        return None
    year = int(period[:4]) + (1 if len(period) == 6 else 0)
    return year + 1 if "september" in as_at.lower() else year


def _area(row: dict) -> str | None:
    level = row.get("geographic_level")
    if level == "National":
        return "E"
    if level == "Regional":
        return (row.get("region_code") or "").strip() or None
    if level == "Local authority":
        code = (row.get("old_la_code") or "").strip()
        return code if code.isdigit() else None
    return None


def _number(text: str | None) -> tuple[float | None, str]:
    shown = (text or "").strip()
    try:
        return (None, shown) if shown.lower() in SYMBOLS else (float(shown.replace(",", "")), shown)
    except ValueError:
        return None, shown


def _sum(found: list[tuple[float | None, str]]) -> tuple[float | None, str]:
    """Cells added up; suppressed (as the first suppressed cell shows) if any part is."""
    for value, shown in found:
        if value is None:
            return None, shown
    return sum(v for v, _ in found), "+".join(s for _, s in found)


class _File:
    """A data file's rows, read once for every spec that uses it."""

    def __init__(self, path: Path):
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            self.header = {h.strip().lower(): h for h in reader.fieldnames or ()}
            self.rows = list(reader)

    def figures(self, filters, column_names: str, as_at: str) -> dict[tuple[int, str], tuple]:
        """(year, area) -> (value, shown, level, name, region_code) of the rows the filters pick, added up."""
        parts = [_column(self.header, part) for part in re.split(r"\s+\+\s+", column_names)] if column_names else [None]
        wanted = []
        for names, values in filters:
            found = _column(self.header, names)
            if found is None:
                return {}
            wanted.append((found, {_norm(v) for v in values}))
        if None in parts:
            return {}
        out: dict[tuple[int, str], tuple] = {}
        listed = [c for c, values in wanted if len(values) > 1]    # rows are added up across these columns' values
        picked: dict[tuple, int] = {}
        twice: set[tuple[int, str]] = set()
        for row in self.rows:
            if not all(_norm(row.get(c)) in values for c, values in wanted):
                continue
            year, area = _year(row, as_at), _area(row)
            if year is None or area is None:
                continue
            value, shown = _sum([_number(row.get(column)) for column in parts])
            name = row.get("la_name") or row.get("region_name") or row.get("country_name")
            if (year, area) in out:
                before = out[(year, area)]
                if before[0] is None or value is None:
                    value, shown = None, before[1] if before[0] is None else shown
                else:
                    value, shown = before[0] + value, f"{before[1]}+{shown}"
            out[(year, area)] = (value, shown, row["geographic_level"], name, row.get("region_code") or None)
            seen = (year, area, *(_norm(row.get(c)) for c in listed))
            picked[seen] = picked.get(seen, 0) + 1
            if picked[seen] > 1:
                twice.add((year, area))
        return {key: found for key, found in out.items() if key not in twice}


def missing(folder: Path | None, specs) -> list[Spec]:
    """The specs whose data file is not in the reference folder."""
    return [s for s in specs if find_file(folder, s.file) is None]


def read(folder: Path | None, specs) -> list[tuple]:
    """The ``published`` rows of every spec whose file is there: measures ``ees_value``, ``ees_numerator``,
    ``ees_denominator`` under source ``ees:<indicator id>``."""
    files: dict[Path, _File] = {}
    found: list[tuple] = []
    for s in specs:
        path = find_file(folder, s.file)
        if path is None:
            continue
        data = files.get(path) or files.setdefault(path, _File(path))
        if "time_period" not in data.header or "geographic_level" not in data.header:
            continue
        wanted = [("ees_value", s.filters, "" if s.value in COMPUTED else s.value),
                  ("ees_numerator", s.filters, s.numerator)]
        if s.denominator and s.denominator != "population":
            merged = dict(s.filters)
            merged.update(dict(s.denominator_filters))
            wanted.append(("ees_denominator", tuple(merged.items()), s.denominator))
        for measure, filters, column in wanted:
            if not column:
                continue
            for (year, area), (value, shown, level, name, region) in data.figures(filters, column, s.as_at).items():
                found.append((s.source, year, level, area, name, region, measure, value, shown))
    return found
