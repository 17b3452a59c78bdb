"""A region's RIIA compilation back in each authority's store, and the comparisons it allows.

``carepath riia import`` reads what ``carepath riia compile`` wrote (the workbook's Compiled and
Context sheets, or the compiled CSV with its ``_context.csv`` beside it) into the tables
``riia_region`` and ``riia_region_context``. Importing a compilation replaces the figures of the
authorities and quarters it holds, in one transaction: a failed import changes nothing.

:func:`compare` sets one authority's figure for a measure and quarter against

* the region's other authorities, each named, or as "Authority A", "B"... when the region's
  settings anonymise them; the authority's own name is always shown. The region's settings are a
  small YAML file the co-ordinator keeps (``anonymise: yes``, :func:`read_region_settings`), which
  ``carepath riia compile --region-settings`` writes into the compilation (its Settings sheet, or
  ``<name>_settings.csv`` beside the CSV); ``riia import`` reads them from there, and its
  ``--anonymise``/``--named`` flag overrides them. Without settings, authorities are named;
* authorities with **similar context answers**: those giving the same answers as this authority
  to at least ``SIMILAR`` (4) of the five Yes/No and choice questions X25-X29 (how contacts and
  assessments are counted, which decides what the figures mean). X30 (case management system)
  and X31 (its date) are shown, not matched on.

The comparison uses the rate or percentage (``derived``) where the compilation gives one, else the
count; suppressed and unsent figures are listed without a value and left out of the rank and median.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from statistics import median

import duckdb

from carepath.errors import CarepathError
from carepath.exchange.riia_workbook import COMPILED_HEADER, CONTEXT_SHEET_HEADER
from carepath.sources.textfile import decode

MATCHED = ["X25", "X26", "X27", "X28", "X29"]
SIMILAR = 4


class RegionImportError(CarepathError):
    pass


SETTINGS_HEADER = ["Setting", "Value"]
REGION_SETTINGS = {"anonymise": "show the region's other authorities as A, B, ... to each authority (yes/no)"}


def read_region_settings(path: Path | None) -> dict:
    """The region's settings file (YAML): ``anonymise: yes`` or ``no``; nothing else is known yet."""
    if path is None:
        return {}
    import yaml
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise RegionImportError(f"Cannot read the region's settings file {path} ({exc.strerror}).") from None
    except yaml.YAMLError as exc:
        raise RegionImportError(f"The region's settings file {path} is not valid YAML: {exc}") from None
    if not isinstance(data, dict) or set(data) - set(REGION_SETTINGS):
        raise RegionImportError(f"{path}: the region's settings are {', '.join(REGION_SETTINGS)}; "
                                f"found {', '.join(map(str, data)) if isinstance(data, dict) else 'no mapping'}.")
    if "anonymise" in data and not isinstance(data["anonymise"], bool):
        raise RegionImportError(f"{path}: anonymise is yes or no, not '{data['anonymise']}'.")
    return data


def settings_rows(settings: dict) -> list[list]:
    """The Settings sheet (and ``_settings.csv``) of a compilation: one row per setting."""
    return [[key, "yes" if value else "no"] for key, value in settings.items()]


def compilation_settings(path: Path) -> dict:
    """The region's settings written into a compilation (workbook sheet Settings, or ``<name>_settings.csv``)."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook
        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception:   # _rows says what is wrong with the file
            return {}
        rows = [list(r) for r in book["Settings"].iter_rows(values_only=True)] if "Settings" in book.sheetnames else []
    else:
        beside = path.with_name(path.stem + "_settings.csv")
        rows = list(csv.reader(decode(beside).splitlines())) if beside.exists() else []
    found = {}
    for row in rows[1:]:
        if len(row) >= 2 and str(row[0] or "") in REGION_SETTINGS:
            value = str(row[1] or "").strip().lower()
            if value not in ("yes", "no"):
                raise RegionImportError(f"{path}: the region's setting {row[0]} is '{row[1]}', not yes or no.")
            found[str(row[0])] = value == "yes"
    return found


def _number(text, where: str):
    if text is None or str(text).strip() == "":
        return None
    try:
        return float(text)
    except ValueError:
        raise RegionImportError(f"{where}: '{text}' is not a number.") from None


def _rows(path: Path) -> tuple[list[list], list[list]]:
    """(compiled rows, context rows) from a compiled workbook or CSV, each checked against its header."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook
        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
            raise RegionImportError(f"{path} cannot be read as a workbook ({exc}).") from None
        if "Compiled" not in book.sheetnames:
            raise RegionImportError(f"{path} has no sheet 'Compiled': is it a workbook from carepath riia compile?")
        compiled = [list(r) for r in book["Compiled"].iter_rows(values_only=True)]
        context = [list(r) for r in book["Context"].iter_rows(values_only=True)] if "Context" in book.sheetnames else []
    else:
        try:
            compiled = list(csv.reader(decode(path).splitlines()))
        except OSError as exc:
            raise RegionImportError(f"Cannot read {path} ({exc.strerror}).") from None
        beside = path.with_name(path.stem + "_context.csv")
        context = list(csv.reader(decode(beside).splitlines())) if beside.exists() else []
    if not compiled or [str(c or "") for c in compiled[0][:len(COMPILED_HEADER)]] != COMPILED_HEADER:
        raise RegionImportError(f"{path}: the compiled figures' header is not {', '.join(COMPILED_HEADER)} "
                                "(write it with carepath riia compile).")
    if context and [str(c or "") for c in context[0][:len(CONTEXT_SHEET_HEADER)]] != CONTEXT_SHEET_HEADER:
        raise RegionImportError(f"{path}: the context sheet's header is not {', '.join(CONTEXT_SHEET_HEADER)}.")
    return compiled[1:], context[1:]


def import_compilation(con: duckdb.DuckDBPyConnection, path: Path, anonymise: bool | None = None) -> tuple[int, int]:
    """Load a compilation into the store; returns (figures, context answers) loaded. ``anonymise``
    (kept with the figures): other authorities are not named; None, as the region's settings written
    into the compilation say (:func:`compilation_settings`), named when it has none."""
    path = Path(path)
    compiled, context = _rows(path)
    if anonymise is None:
        anonymise = compilation_settings(path).get("anonymise", False)
    figures = []
    for number, row in enumerate(compiled, 2):
        where = f"{path.name} row {number}"
        if len(row) < len(COMPILED_HEADER) or not row[0]:
            raise RegionImportError(f"{where}: the row has {len(row)} fields or no LA code; nothing was imported.")
        la, name, region, year, quarter, measure, _label, value, derived, kind, _date, _note, quality = \
            [None if c == "" else c for c in row[:13]]
        suppressed = str(value).strip().lower() == "c"
        figures.append([str(la), name, region, str(year), int(str(quarter).lstrip("Q")), str(measure),
                        None if suppressed else _number(value, where), suppressed,
                        None if str(derived).strip().lower() == "c" else _number(derived, where), kind,
                        quality or "", path.name])
    answers = [[str(r[0]), str(r[3]), "" if r[4] is None else str(r[4]), path.name] for r in context if r and r[0]]
    con.execute("BEGIN")
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE incoming (la_code VARCHAR, la_name VARCHAR, region VARCHAR, "
                    "year VARCHAR, quarter INTEGER, measure VARCHAR, count DOUBLE, suppressed BOOLEAN, "
                    "derived DOUBLE, derived_kind VARCHAR, quality VARCHAR, source VARCHAR)")
        if figures:
            con.executemany("INSERT INTO incoming VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", figures)
        con.execute("""DELETE FROM riia_region r USING incoming i
                       WHERE r.la_code = i.la_code AND r.year = i.year AND r.quarter = i.quarter""")
        con.execute("""INSERT INTO riia_region SELECT DISTINCT ON (la_code, year, quarter, measure) la_code, la_name,
                       region, year, quarter, measure, count, suppressed, derived, derived_kind, quality, source, now(), ?
                       FROM incoming""", [anonymise])
        for la, item, value, source in answers:
            con.execute("DELETE FROM riia_region_context WHERE la_code = ? AND item = ?", [la, item])
            con.execute("INSERT INTO riia_region_context VALUES (?, ?, ?, ?)", [la, item, value, source])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return len(figures), len(answers)


@dataclass
class Place:
    la_code: str
    name: str
    value: float | None
    own: bool = False
    similar: bool = False
    rank: int | None = None
    quality: str = ""


@dataclass
class Comparison:
    measure: str
    year: str
    quarter: int
    kind: str
    places: list[Place]
    region_median: float | None
    similar_median: float | None
    similar_codes: list[str]


def similar_authorities(con: duckdb.DuckDBPyConnection, la: str) -> list[str]:
    answers: dict[str, dict[str, str]] = {}
    for code, item, value in con.execute("SELECT la_code, item, value FROM riia_region_context").fetchall():
        answers.setdefault(code, {})[item] = (value or "").strip().lower()
    mine = answers.get(la, {})
    if not any(mine.get(i) for i in MATCHED):
        return []
    return sorted(code for code, theirs in answers.items() if code != la and
                  sum(1 for i in MATCHED if mine.get(i) and mine.get(i) == theirs.get(i)) >= SIMILAR)


def compare(con: duckdb.DuckDBPyConnection, la: str, measure: str, year: str, quarter: int,
            anonymise: bool | None = None) -> Comparison:
    """``anonymise`` None: as the imported region's settings say."""
    if anonymise is None:
        anonymise = bool(con.execute("SELECT bool_or(anonymised) FROM riia_region").fetchone()[0])
    rows = con.execute("""SELECT la_code, la_name, count, derived, derived_kind, quality FROM riia_region
                          WHERE year = ? AND quarter = ? AND measure = ? ORDER BY la_code""",
                       [year, quarter, measure]).fetchall()
    if not any(r[0] == la for r in rows):
        raise RegionImportError(f"The imported compilation holds no figure of authority {la} for measure {measure} "
                                f"in {year} Q{quarter}: import the region's compilation first (carepath riia import).")
    similar = set(similar_authorities(con, la))
    kind = next((r[4] for r in rows if r[4] and r[3] is not None), "count")   # no rate made: counts compared
    places, letter = [], 0
    for code, name, count, derived, _kind, quality in rows:
        own = code == la
        if anonymise and not own:
            name = f"Authority {chr(ord('A') + letter)}" if letter < 26 else f"Authority {letter + 1}"
            letter += 1
        places.append(Place(code if own or not anonymise else "", name or code,
                            derived if derived is not None else count, own, code in similar, quality=quality or ""))
    valued = sorted((p for p in places if p.value is not None), key=lambda p: -p.value)
    for p in places:   # rank 1 is the highest value; ties share the better rank
        if p.value is not None:
            p.rank = 1 + sum(1 for q in valued if q.value > p.value)
    region_values = [p.value for p in places if p.value is not None]
    similar_values = [p.value for p in places if p.similar and p.value is not None]
    return Comparison(measure, year, quarter, kind, places,
                      median(region_values) if region_values else None,
                      median(similar_values) if similar_values else None,
                      sorted(similar) if not anonymise else [])


def benchmarks(con: duckdb.DuckDBPyConnection, la: str, year: str | None = None,
               quarter: int | None = None) -> tuple[tuple[str, int] | None, list[dict]]:
    """Every measure of one quarter (default: the latest imported) for ``la``: its value, rank
    among the region's authorities with a value, the region's and the similar authorities' medians,
    and the quality check. Returns ((year, quarter), rows)."""
    quarters = [tuple(r) for r in con.execute(
        "SELECT DISTINCT year, quarter FROM riia_region WHERE la_code = ? ORDER BY 1, 2", [la]).fetchall()]
    if not quarters:
        return None, []
    chosen = (year, quarter) if (year, quarter) in quarters else quarters[-1]
    measures = [r[0] for r in con.execute(
        "SELECT DISTINCT measure FROM riia_region WHERE la_code = ? AND year = ? AND quarter = ?",
        [la, *chosen]).fetchall()]
    out = []
    for measure in sorted(measures, key=lambda m: (len(m), m)):
        result = compare(con, la, measure, *chosen)
        own = next(p for p in result.places if p.own)
        ranked = sum(1 for p in result.places if p.value is not None)
        out.append({"measure": measure, "kind": result.kind or "count", "value": own.value, "rank": own.rank,
                    "of": ranked, "region_median": result.region_median,
                    "similar_median": result.similar_median, "quality": own.quality})
    return chosen, out
