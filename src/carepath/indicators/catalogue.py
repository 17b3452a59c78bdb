"""The indicator catalogue: one SQL file per indicator, with its metadata in a header comment.

Each file under ``indicators/sql/<group>/<id>.sql`` starts with a ``/* ... */`` block of YAML:

.. code-block:: yaml

    id: referrals                 # the file's name
    title: Referrals
    unit: rate                    # count | percent | rate (per 10,000 children) | days | ratio
    polarity: neither             # higher | lower | neither is better
    kind: flow                    # flow (events in the period) | snapshot (open at its end)
    definition: >                 # in plain words
      Referrals (CIN episodes) starting in the period, NFA included ...
    sources: [RIIA 202, Signs of Safety A1, DfE C1 referral_count]
    boundaries: [...]             # every boundary choice the query makes
    requires: [referral]          # tables that must hold data for the figure to mean anything
    population: children_0_17     # rates: children_0_17 (default) or aged_11_18_six_years_earlier
    aggregate: median             # days: median or mean of ``measure`` over numerator records
    attribution: event_date       # event_date (default) | period_end | none
    lookback: 12 months           # how far before the period the records it reads must go (below)
    published:                    # the published comparator (see "Published comparators" below)
      table: c1                   # a DfE table carepath reads (carepath.reference.published.TABLE_TITLES)
      value: rereferral_percent   # the measure, as an expression over that table's columns
      numerator: rereferral_count # for funnel plots: what the value divides (a rate's count)
      denominator: referral_count # (a rate's population: ``population``)
      difference: none            # any way DfE's definition differs, in words
    # or, for any DfE data file in Explore education statistics' layout (carepath.reference.ees):
    # published: {release: ..., file: la_cla_swcount, filters: {...}, value: children_percent, ...}
    variants:                     # optional: one file, several indicators differing in parameters
      - {id: referrals_source_police, title: "Referrals: Police", params: {codes: "('6')"}}
    split: true                   # optional: the variants share one query and differ only in numerator

and the query after it returns the **qualifying records** for every period in the ``periods``
table: ``period_id, la_code, record_id, child_id, event_date, numerator, denominator`` and, for
``days`` indicators, ``measure``. ``numerator`` and ``denominator`` are flags (TRUE counts 1) or
weights (FTE, cases) summed by the engine; a ``ratio`` is their quotient (cases per FTE).

A **split family** (``split: true``) is a family whose variants count from the same records and
differ only in which of them each counts: a referral's source group, how long an episode has
lasted. Its query takes no parameters and returns neither ``numerator`` nor ``denominator``; each
variant gives ``numerator`` (and, if not every record, ``denominator``) as an expression over the
query's columns. The engine runs the query once for all the variants and sums each record into
every variant whose numerator (denominator) it meets, instead of producing and attributing one copy
of every record per variant; a single variant on its own is simply the query with its two
expressions added. Durations (``days``) are not split: their medians need each variant's records. ``{name}`` in the query is replaced by a variant's parameter.
The engine binds the periods, attributes records to practitioner, team, locality and service, and
aggregates (see :mod:`carepath.indicators.engine`).

**Look-back.** ``lookback`` says how much history before its period a figure reads:
``12 months`` (or ``2 years``) before the period's first day for a flow, before the day after its
last day for a snapshot (``... before the period end`` / ``... before the period start`` says so
where a figure differs), ``ever`` (a whole childhood: 18 years), or ``none``. A variant may give
its own. The engine marks a figure "incomplete history" when the loaded returns of a table it
``requires`` do not cover that look-back and the period (:mod:`carepath.indicators.coverage`).
Every indicator whose query reaches before its period (:func:`reaches_back`) declares it.

**Published comparators.** Every indicator says in ``published`` which published DfE figure
matches its definition (``table`` and ``value``, and any ``difference``; or, for any other DfE data
file on Explore education statistics, ``release``, ``file``, ``filters`` and the columns, as
:mod:`carepath.reference.ees` describes), or ``none: <why>`` where nothing published matches. A family's block applies
to all its variants; ``by_variant: {variant_id: {...}}`` inside it gives a variant its own.

Indicator sets are lists of ids with each set's own measure codes, in ``indicators/sets/*.yml``.

Logic several indicators share (an episode of care in its period of care, say) is written once, in
``indicators/sql/_shared/<name>.sql``: a metadata header (``name``, ``definition``) and a query the
engine materialises as the temp table ``<name>`` before any indicator that names it runs (see
:func:`shared`). Shared tables may use each other, in file-name order.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from carepath.errors import CarepathError
from carepath.indicators.lookback import EVER_MONTHS, LookbackError, parse_lookback, reaches_back  # noqa: F401

LEVELS = ("authority", "service", "locality", "team", "worker")  # the levels figures are computed at

SQL_DIR = Path(__file__).resolve().parent / "sql"
SHARED = "_shared"
SETS_DIR = Path(__file__).resolve().parent / "sets"

UNITS = {"count": "count", "percent": "%", "rate": "per 10,000 children", "days": "days", "ratio": "ratio"}
POLARITIES = ("higher", "lower", "neither")
KINDS = ("flow", "snapshot")
POPULATIONS = ("children_0_17", "aged_11_18_six_years_earlier")
ATTRIBUTIONS = ("event_date", "period_end", "none")
_HEADER = re.compile(r"^\s*/\*(.*?)\*/(.*)$", re.S)


class CatalogueError(CarepathError):
    pass


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str
    unit: str
    polarity: str
    kind: str
    definition: str
    sources: tuple[str, ...]
    boundaries: tuple[str, ...]
    group: str
    sql: str
    path: Path
    requires: tuple[str, ...] = ()
    population: str = "children_0_17"
    aggregate: str = "median"
    attribution: str = "event_date"
    family: str = ""  # the id of the file a variant comes from
    params: dict = field(default_factory=dict, compare=False)
    family_sql: str = ""   # a split family's query, shared by its variants (see split families below)
    lookback: str = ""     # as written: "12 months", "ever", "none"; "" when not declared (none)
    published: dict = field(default_factory=dict, compare=False)   # the published comparator, or {"none": why}

    @property
    def comparator(self) -> dict | None:
        """The published figure matching this indicator (table, value, ...), or None."""
        return self.published if self.published.get("table") or self.published.get("release") else None

    @property
    def lookback_months(self) -> int:
        """Months of history before the anchor (:attr:`lookback_from`) the figure reads; 0 for none."""
        return parse_lookback(self.lookback)[0]

    @property
    def lookback_from(self) -> str:
        """``period_start`` or ``period_end``: the day the look-back is counted back from."""
        return parse_lookback(self.lookback)[1] or ("period_end" if self.kind == "snapshot" else "period_start")

    @property
    def unit_label(self) -> str:
        return UNITS[self.unit]


@dataclass(frozen=True)
class SetMember:
    code: str  # the set's own measure number or letter: 202, A1, 3
    indicator_id: str
    label: str


@dataclass(frozen=True)
class IndicatorSet:
    name: str
    title: str
    source: str
    members: tuple[SetMember, ...]

    @property
    def indicator_ids(self) -> list[str]:
        return [m.indicator_id for m in self.members]


def _check(meta: dict, path: Path) -> None:
    def bad(message: str) -> CatalogueError:
        return CatalogueError(f"{path.relative_to(SQL_DIR.parent)}: {message}")
    for key in ("id", "title", "unit", "polarity", "kind", "definition", "sources"):
        if not meta.get(key):
            raise bad(f"metadata has no '{key}'")
    if meta["id"] != path.stem:
        raise bad(f"id '{meta['id']}' differs from the file name")
    if meta["unit"] not in UNITS:
        raise bad(f"unit '{meta['unit']}' is not one of {', '.join(UNITS)}")
    if meta["polarity"] not in POLARITIES:
        raise bad(f"polarity '{meta['polarity']}' is not one of {', '.join(POLARITIES)}")
    if meta["kind"] not in KINDS:
        raise bad(f"kind '{meta['kind']}' is not one of {', '.join(KINDS)}")
    if meta.get("population", "children_0_17") not in POPULATIONS:
        raise bad(f"population '{meta['population']}' is not one of {', '.join(POPULATIONS)}")
    if meta.get("attribution", "event_date") not in ATTRIBUTIONS:
        raise bad(f"attribution '{meta['attribution']}' is not one of {', '.join(ATTRIBUTIONS)}")
    published = meta.get("published") or {}
    blocks = [published] + list((published.get("by_variant") or {}).values())
    for block in blocks:
        if not isinstance(block, dict) or sum(bool(block.get(k)) for k in ("table", "release", "none")) != 1:
            raise bad("published gives either a table and its value, a release and its file, or none: and the reason")
        if (block.get("table") or block.get("release")) and not block.get("value"):
            raise bad(f"published {block.get('table') or block.get('release')} needs the value (a measure or expression)")
        if block.get("release") and not block.get("file"):
            raise bad(f"published release {block['release']} needs the file (the data file's name)")
    for found in [meta.get("lookback")] + [v.get("lookback") for v in meta.get("variants") or ()]:
        if found is not None:
            try:
                parse_lookback(found)
            except LookbackError as exc:
                raise bad(str(exc)) from None


def _published(block: dict) -> dict:
    return {k: v if isinstance(v, dict) else " ".join(str(v).split()) for k, v in block.items()}


def read_sql_file(path: Path, what: str, error: type[CarepathError] = CatalogueError) -> tuple[dict, str]:
    """A catalogue file's ``/* YAML metadata */`` header and the query after it (indicators,
    shared tables and key practices are all written this way)."""
    match = _HEADER.match(path.read_text(encoding="utf-8"))
    if not match:
        raise error(f"{path}: {what} file starts with a /* metadata */ comment")
    return yaml.safe_load(match.group(1)) or {}, match.group(2).strip().rstrip(";")


def _parse(path: Path) -> list[Indicator]:
    meta, sql = read_sql_file(path, "an indicator")
    _check(meta, path)
    base = dict(
        title=meta["title"], unit=meta["unit"], polarity=meta["polarity"], kind=meta["kind"],
        definition=" ".join(str(meta["definition"]).split()), sources=tuple(meta["sources"]),
        boundaries=tuple(" ".join(str(b).split()) for b in meta.get("boundaries") or ()),
        group=path.parent.name, path=path, requires=tuple(meta.get("requires") or ()),
        population=meta.get("population", "children_0_17"), aggregate=meta.get("aggregate", "median"),
        attribution=meta.get("attribution", "event_date"), family=meta["id"],
        lookback=" ".join(str(meta.get("lookback") or "").split()),
    )
    published = {k: v for k, v in (meta.get("published") or {}).items() if k != "by_variant"}
    by_variant = (meta.get("published") or {}).get("by_variant") or {}
    variants = meta.get("variants")
    if not variants:
        return [Indicator(id=meta["id"], sql=sql, published=_published(published), **base)]
    unknown = set(by_variant) - {v["id"] for v in variants}
    if unknown:
        raise CatalogueError(f"{path}: published by_variant names no variant: {', '.join(sorted(unknown))}")
    split = bool(meta.get("split"))
    if split and re.search(r"\{[a-z_]+\}", sql):
        raise CatalogueError(f"{path}: a split family's query takes no parameters; each variant gives its numerator")
    found = []
    for variant in variants:
        params = {k: str(v) for k, v in (variant.get("params") or {}).items()}
        if split:
            if "numerator" not in params or set(params) - {"numerator", "denominator"}:
                raise CatalogueError(f"{path}: variant {variant['id']} of a split family gives a numerator "
                                     "(and perhaps a denominator), nothing else")
            params.setdefault("denominator", "TRUE")
            body = (f"SELECT family.*, ({params['numerator']}) AS numerator, ({params['denominator']}) AS denominator "
                    f"FROM (\n{sql}\n) family")
        else:
            body = sql
            for name, value in params.items():
                body = body.replace("{" + name + "}", value)
        if re.search(r"\{[a-z_]+\}", body):
            raise CatalogueError(f"{path}: variant {variant['id']} leaves a parameter unset")
        fields = dict(base)
        fields["title"] = variant.get("title", base["title"])
        if variant.get("definition"):
            fields["definition"] = " ".join(str(variant["definition"]).split())
        for key in ("polarity", "unit", "population", "aggregate", "attribution", "lookback"):
            if variant.get(key):
                fields[key] = variant[key]
        if variant.get("sources"):
            fields["sources"] = tuple(variant["sources"])
        if variant.get("boundaries"):
            fields["boundaries"] = base["boundaries"] + tuple(" ".join(str(b).split()) for b in variant["boundaries"])
        found.append(Indicator(id=variant["id"], sql=body, params=params, family_sql=sql if split else "",
                               published=_published(by_variant.get(variant["id"], published)), **fields))
    return found


@lru_cache(maxsize=1)
def indicators() -> dict[str, Indicator]:
    found: dict[str, Indicator] = {}
    for path in sorted(SQL_DIR.glob("*/*.sql")):
        if path.parent.name == SHARED:
            continue
        for indicator in _parse(path):
            if indicator.id in found:
                raise CatalogueError(f"indicator id {indicator.id} is defined twice "
                                     f"({found[indicator.id].path.name} and {path.name})")
            found[indicator.id] = indicator
    return found


def get(indicator_id: str) -> Indicator:
    found = indicators()
    if indicator_id not in found:
        close = [i for i in found if indicator_id.lower() in i.lower()][:8]
        hint = f" Did you mean: {', '.join(close)}?" if close else " See `carepath indicators list`."
        raise CatalogueError(f"There is no indicator '{indicator_id}'.{hint}")
    return found[indicator_id]


@lru_cache(maxsize=1)
def sets() -> dict[str, IndicatorSet]:
    found = {}
    known = indicators()
    for path in sorted(SETS_DIR.glob("*.yml")):
        meta = yaml.safe_load(path.read_text(encoding="utf-8"))
        members = []
        for item in meta["members"]:
            if set(item) - {"code", "indicator", "label"}:   # an unquoted comma in a {flow: mapping}
                raise CatalogueError(f"set {path.stem}: member {item.get('code')} has unknown keys "
                                     f"{sorted(map(str, set(item) - {'code', 'indicator', 'label'}))}: "
                                     "quote a label that holds a comma")
            if item["indicator"] not in known:
                raise CatalogueError(f"set {path.stem}: member {item['code']} names unknown indicator "
                                     f"{item['indicator']}")
            members.append(SetMember(str(item["code"]), item["indicator"], item.get("label") or
                                     known[item["indicator"]].title))
        found[path.stem] = IndicatorSet(path.stem, meta["title"], meta["source"], tuple(members))
    return found


def get_set(name: str) -> IndicatorSet:
    found = sets()
    if name not in found:
        raise CatalogueError(f"There is no indicator set '{name}'. Sets: {', '.join(found)}.")
    return found[name]


def select(set_names: list[str] | None = None, ids: list[str] | None = None) -> list[Indicator]:
    """Indicators of the named sets and ids, each once, in catalogue order."""
    wanted: list[str] = []
    for name in set_names or []:
        wanted += get_set(name).indicator_ids
    for indicator_id in ids or []:
        wanted.append(get(indicator_id).id)
    if not set_names and not ids:
        wanted = list(indicators())
    seen = set()
    return [get(i) for i in wanted if not (i in seen or seen.add(i))]


@dataclass(frozen=True)
class SharedTable:
    name: str
    definition: str
    sql: str
    path: Path


@lru_cache(maxsize=1)
def shared() -> tuple[SharedTable, ...]:
    """The shared derived tables, in the order they are built."""
    found = []
    for path in sorted((SQL_DIR / SHARED).glob("*.sql")):
        meta, sql = read_sql_file(path, "a shared table")
        if not meta.get("name") or not meta.get("definition"):
            raise CatalogueError(f"{path}: a shared table needs a name and a definition")
        found.append(SharedTable(meta["name"], " ".join(str(meta["definition"]).split()), sql, path))
    return tuple(found)


def shared_needed(indicators: list[Indicator]) -> list[SharedTable]:
    """The shared tables these indicators use, directly or through each other, in build order."""
    tables = shared()
    text = "\n".join(i.sql for i in indicators)
    wanted: set[str] = set()
    for table in reversed(tables):  # a later table may use an earlier one
        if re.search(rf"\b{table.name}\b", text) or any(
                re.search(rf"\b{table.name}\b", t.sql) for t in tables if t.name in wanted):
            wanted.add(table.name)
    return [t for t in tables if t.name in wanted]
