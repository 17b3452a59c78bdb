"""Which returns the files make: CIN census files one by one, SSDA903 tables grouped by year.

A CIN census XML file is one return; its year is the census year of its Header (see
:func:`carepath.sources.cin_census.census_year`) and its authority the Header's LEA. An SSDA903
return is either one XML file (root ``EXPSSDA903``) or a set of CSV tables (header, episodes,
reviews, ...) for one year. A CSV is told to be a 903 table by its columns; its year comes from
a ``YEAR`` column (a file holding several years is split by it), else from its name
(``episodes_2024_25.csv``; ``2025-episodes.csv`` is the year ending 31 March 2025), else from
its folder's name (``ssda903/2024-25/ad1.csv``, as ``carepath synth`` writes them), else it
joins the only year the other files give. ``--year`` overrides all of these.

The 903 validator compares some things with the previous year's return: a set for the year
before, given with ``--previous`` or found among the same files, is attached to it.

The 903 validator tells its tables apart by their exact column sets and reads UTF-8 only, so
each CSV is rewritten into a working folder with exactly its table's columns, in UTF-8, without
blank rows; the line each kept row came from is remembered, so every issue can name the line
of the file the user sent (``episodes.csv line 7``).
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from carepath.errors import CarepathError
from carepath.sources.batch import SourceError
from carepath.sources.cin_census import census_year
from carepath.sources.cin_census import detect as is_cin_census
from carepath.sources.ssda903_fields import return_year, return_year_from_name
from carepath.sources.textfile import decode

# The SSDA903 CSV tables and their columns, as DfE's COLLECT exports and the 903 validator have them.
SSDA903_TABLES: dict[str, tuple[str, ...]] = {
    "Header": ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"),
    "Episodes": ("CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
                 "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"),
    "Reviews": ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"),
    "UASC": ("CHILD", "SEX", "DOB", "DUC"),
    "OC2": ("CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS",
            "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"),
    "OC3": ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"),
    "AD1": ("CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"),
    "PlacedAdoption": ("CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"),
    "PrevPerm": ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"),
    "Missing": ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"),
    "SWEpisodes": ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"),
    "DoLo": ("CHILD", "DOB", "DOLO_START", "DOLO_END"),
}
# columns some exports add (LIIA adds YEAR and LA); read, then left out of what the validator sees
BOOKKEEPING_COLUMNS = {"YEAR", "LA", "LA_CODE"}
_SSDA903_XML = re.compile(rb"<(?:[\w.-]+:)?EXPSSDA903[\s>/]")
_CHILD_ID = re.compile(rb"<(?:[\w.-]+:)?CHILDID>\s*([^<]*?)\s*</")


@dataclass
class Table903:
    """One SSDA903 table of one year, as rewritten for the validator."""
    table: str
    source: Path
    prepared: Path | None = None
    rows: list[tuple[int, str]] = field(default_factory=list)  # (line in source, CHILD as written)
    latest_start: date | None = None  # latest DECOM, to sanity-check a year taken from a name


@dataclass
class Return:
    kind: str  # "cin" or "903"
    name: str  # used for report file names
    files: list[Path]
    format: str  # "xml" or "csv"
    year: str | None = None
    year_source: str = ""
    la_code: str | None = None
    tables: dict[str, Table903] = field(default_factory=dict)  # 903 CSV
    child_ids: dict[str, str] = field(default_factory=dict)  # 903 XML: upper-cased id -> as written
    previous: "Return | None" = None
    notes: list[str] = field(default_factory=list)
    problem: str | None = None  # why it cannot be validated at all (recorded as a failed run)

    @property
    def title(self) -> str:
        what = "CIN census" if self.kind == "cin" else "SSDA903"
        more = f" and {len(self.files) - 4} more" if len(self.files) > 4 else ""
        files = ", ".join(p.name for p in self.files[:4]) + more
        return f"{what} {self.year or '(year unknown)'} ({files})"


@dataclass
class Discovery:
    returns: list[Return]
    skipped: list[str]  # "file: why it was not validated"


def expand(paths) -> list[Path]:
    from carepath.sources.loader import expand as loader_expand
    return [path.resolve() for path in loader_expand(paths)]  # the validators run in another folder


def _kind(path: Path) -> str | None:
    with open(path, "rb") as handle:
        head = handle.read(8192)
    if is_cin_census(path, head):
        return "cin"
    if _SSDA903_XML.search(head):
        return "903-xml"
    if path.suffix.lower() in (".csv", ".txt"):
        return "903-csv?"
    return None


def _cin_return(path: Path, year: str | None, la_code: str | None) -> Return:
    from lxml import etree
    found: dict[str, str] = {}
    try:
        for _, element in etree.iterparse(str(path), events=("end",), resolve_entities=False, no_network=True):
            name = etree.QName(element).localname if isinstance(element.tag, str) else ""
            if name in ("LEA", "Year", "ReferenceDate") and (element.text or "").strip():
                found.setdefault(name, element.text.strip())
            if name in ("Header", "Children"):
                break
    except etree.LxmlError as exc:
        problem = f"{path.name} is not well-formed XML ({exc})"
    else:
        problem = None
    ret = Return("cin", path.stem, [path], "xml", la_code=found.get("LEA") or la_code, problem=problem)
    if year:
        ret.year, ret.year_source = year, "--year"
    else:
        ret.year = census_year(found.get("Year"), found.get("ReferenceDate"))
        ret.year_source = "its Header"
        if ret.year is None and problem is None:
            ret.problem = (f"{path.name}: its Header gives no census year (ReferenceDate or Year); "
                           "give the year with --year 2024-25")
    return ret


def _read_903_csv(path: Path, workdir: Path, label: str) -> tuple[dict[str | None, Table903], str | None]:
    """Split one CSV by YEAR (None when it has no YEAR column) and write each part for the validator."""
    try:
        text = decode(path)
    except SourceError as exc:
        return {}, str(exc)
    reader = csv.reader(text.splitlines(keepends=True))
    header = [h.strip().upper() for h in next(reader, [])]
    present = set(header)
    matches = [(len(cols), name) for name, cols in SSDA903_TABLES.items() if set(cols) <= present]
    if not matches:
        closest = max(SSDA903_TABLES, key=lambda name: len(set(SSDA903_TABLES[name]) & present))
        missing = [c for c in SSDA903_TABLES[closest] if c not in present]
        return {}, (f"its columns are not those of an SSDA903 table (closest: {closest}, which also needs "
                    f"{', '.join(missing)})")
    table = max(matches)[1]
    columns = SSDA903_TABLES[table]
    at = {name: header.index(name) for name in columns}
    year_at = header.index("YEAR") if "YEAR" in present else None
    parts: dict[str | None, Table903] = {}
    writers = {}
    handles = []
    try:
        line = reader.line_num + 1
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            year = return_year(cells[year_at]) if year_at is not None and year_at < len(cells) else None
            part = parts.get(year)
            if part is None:
                target = workdir / f"{label}_{len(list(workdir.iterdir()))}_{table}.csv"
                part = parts[year] = Table903(table, path, target)
                handle = open(target, "w", newline="", encoding="utf-8")
                handles.append(handle)
                writers[year] = csv.writer(handle)
                writers[year].writerow(columns)
            values = [cells[at[c]].strip() if at[c] < len(cells) else "" for c in columns]
            writers[year].writerow(values)
            part.rows.append((start, values[0]))
            if table == "Episodes":
                started = _day(values[1])
                if started and (part.latest_start is None or started > part.latest_start):
                    part.latest_start = started
    finally:
        for handle in handles:
            handle.close()
    if not parts:  # a table with no rows is still the table (the return has none of these records)
        target = workdir / f"{label}_{len(list(workdir.iterdir()))}_{table}.csv"
        target.write_text(",".join(columns) + "\n", encoding="utf-8")
        parts[None] = Table903(table, path, target)
    return parts, None


def _day(text: str) -> date | None:
    try:
        day, month, year = text.split("/")
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _xml_903(path: Path, year: str | None) -> Return:
    data = path.read_bytes()
    ret = Return("903", path.stem, [path], "xml")
    ret.child_ids = {m.group(1).decode("utf-8", "replace").upper(): m.group(1).decode("utf-8", "replace")
                     for m in _CHILD_ID.finditer(data)}
    ret.year, ret.year_source = (year, "--year") if year else (return_year_from_name(path.name), "its file name")
    return ret


def _group_903_csv(paths: list[Path], workdir: Path, year: str | None, label: str,
                   skipped: list[str]) -> dict[str, Return]:
    """SSDA903 CSV tables grouped into one return per year."""
    pieces: list[tuple[str | None, str, Table903]] = []
    for path in paths:
        parts, why = _read_903_csv(path, workdir, label)
        if why:
            skipped.append(f"{path.name}: {why}")
            continue
        for column_year, part in parts.items():
            if year:
                pieces.append((year, "--year", part))
            elif column_year:
                pieces.append((column_year, "its YEAR column", part))
            elif return_year_from_name(path.name):
                pieces.append((return_year_from_name(path.name), "its file name", part))
            else:
                pieces.append((return_year_from_name(path.parent.name), "its folder's name", part))
    known = sorted({y for y, _, _ in pieces if y})
    groups: dict[str, Return] = {}
    for piece_year, source, part in pieces:
        if piece_year is None:
            if len(known) != 1:
                raise CarepathError(
                    f"Cannot tell which year's SSDA903 return {part.source.name} belongs to"
                    + (f" (the files give {', '.join(known)})" if known else "")
                    + ". Give it with --year 2024-25, or put the year in the file names (episodes_2024_25.csv).")
            piece_year, source = known[0], "the other files"
        ret = groups.setdefault(piece_year, Return("903", f"ssda903_{piece_year}", [], "csv",
                                                   year=piece_year, year_source=source))
        if part.table in ret.tables:
            raise CarepathError(
                f"Two {part.table} tables for the SSDA903 return {piece_year}: {ret.tables[part.table].source.name} "
                f"and {part.source.name}. Validate one return at a time (or give each its year in its name).")
        ret.tables[part.table] = part
        if part.source not in ret.files:
            ret.files.append(part.source)
    for ret in groups.values():
        episodes = ret.tables.get("Episodes")
        if episodes and episodes.latest_start and ret.year_source != "--year":
            end = date(int(ret.year[:4]) + 1, 3, 31)
            if episodes.latest_start > end + timedelta(days=31):
                ret.notes.append(
                    f"episodes start as late as {episodes.latest_start.isoformat()}, after the end of {ret.year} "
                    f"(taken from {ret.year_source}); if the files are for a later year, give it with --year")
    return groups


def previous_year(year: str) -> str:
    start = int(year[:4]) - 1
    return f"{start}-{(start + 1) % 100:02d}"


def discover(paths, workdir: Path, year: str | None = None, previous=(), la_code: str | None = None) -> Discovery:
    """The returns among ``paths`` (files or folders), each with its previous year where there is one."""
    if year is not None:
        given, year = year, return_year(year)
        if year is None:
            raise CarepathError(f"--year {given} is not a return year: write it as 2024-25 (or 2025, the year "
                                "ending 31 March 2025).")
    returns, skipped, csvs = [], [], []
    for path in expand(paths):
        kind = _kind(path)
        if kind == "cin":
            returns.append(_cin_return(path, year, la_code))
        elif kind == "903-xml":
            returns.append(_xml_903(path, year))
        elif kind == "903-csv?":
            csvs.append(path)
        else:
            skipped.append(f"{path.name}: not a CIN census or SSDA903 file (the DfE validators check only those)")
    groups = _group_903_csv(csvs, workdir, year, "this", skipped)
    returns.extend(groups[y] for y in sorted(groups))
    returns_903 = [r for r in returns if r.kind == "903"]
    for ret in returns_903:
        if ret.year is None:
            raise CarepathError(f"Cannot tell which year's SSDA903 return {ret.files[0].name} is. Give it with "
                                "--year 2024-25, or put the year in the file name (ssda903_2024_25.xml).")
    if previous:
        if len(returns_903) != 1:
            raise CarepathError("--previous needs exactly one SSDA903 return to compare with; "
                                f"these files make {len(returns_903)}. Validate one year at a time.")
        returns_903[0].previous = _previous_return(previous, workdir, previous_year(returns_903[0].year), skipped)
    else:
        by_year = {r.year: r for r in returns_903}
        for ret in returns_903:
            ret.previous = by_year.get(previous_year(ret.year))
    for ret in returns:
        ret.la_code = ret.la_code or la_code
    _name_uniquely(returns)
    return Discovery(returns, skipped)


def _previous_return(paths, workdir: Path, year: str, skipped: list[str]) -> Return:
    files = expand(paths)
    xml = [p for p in files if _kind(p) == "903-xml"]
    if xml:
        if len(xml) > 1 or len(files) > 1:
            raise CarepathError("--previous takes one SSDA903 XML file, or the CSV tables of one year.")
        return _xml_903(xml[0], year)
    groups = _group_903_csv(files, workdir, year, "previous", skipped)
    if not groups:
        raise CarepathError("--previous names no SSDA903 tables (" + ", ".join(p.name for p in files) + ").")
    return groups[year]


def _name_uniquely(returns: list[Return]) -> None:
    seen: dict[str, int] = {}
    for ret in returns:
        base = re.sub(r"[^\w.-]+", "_", ret.name)
        seen[base] = seen.get(base, 0) + 1
        ret.name = base if seen[base] == 1 else f"{base}_{seen[base]}"
