"""DfE's published tables (explore-education-statistics tidy CSVs) as one long table.

Each published file has ``time_period, geographic_level, region_code, old_la_code, la_name``
and a few measure columns. :func:`load` reads the ones it recognises under the reference folder
into the DuckDB table ``published``: ``source, time_period, level, area_code, area_name,
region_code, measure, value, shown``. ``area_code`` is the 3-digit LA number, the region code, or
``E`` for England; ``time_period`` is the year in which the reporting year ends (2025 =
2024-25); ``value`` is the number, or NULL where DfE suppressed it (``shown`` keeps what the file
says: ``c``, ``k``, ``x``, ``z``, ``low``). Suppressed values are never read as zero.

The measures read, by source (DfE table), with carepath's indicator where one matches:

* b1 (children in need): ``At31_episodes`` (cin_at_end), ``Started_episodes``, ``Ended_episodes``
* c1 (referrals): ``referral_count`` (referrals), ``rereferral_count``, ``rereferral_percent``
  (re_referrals_12m), ``no_further_action_*``, ``not_in_need_*``, ``referral_child_count``,
  ``rereferral_child_*``
* c4 (S47s and ICPCs): ``Section47`` (s47_enquiries), ``ICPC``, duration bands
* d3 (repeat plans): ``CPP_start`` (cp_plans_starting), ``CPP_subsequent``,
  ``CPP_subsequent_percent`` (repeat_cp_plans)
* cla (looked after): for each of "at 31 March", "starting", "ceasing": ``..._count``,
  ``..._rate`` (rate per 10,000) and ``..._population`` (the population DfE divided by)
* cla_health (looked after for 12 months at 31 March, OC2): ``health_assessment_percent``,
  ``dental_check_percent``, ``immunisations_percent``, ``sdq_received_percent``,
  ``sdq_average_score`` (the outcome tracker's national comparison)

Any other DfE data file in Explore education statistics' layout is read on the description in an
indicator's ``published:`` block (release, file, filters, columns): :mod:`carepath.reference.ees`.
Its rows join this table under the source ``ees:<indicator id>``.
"""
from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pyarrow as pa

from carepath.reference import ees
from carepath.reference.files import find

SUPPRESSED = {"c", "k", "x", "z", "low", "u", ":", "-", ""}

TABLES = {
    "b1": (("At31_episodes",), ("At31_episodes", "Started_episodes", "Ended_episodes", "Anypoint_episodes")),
    "c1": (("referral_count", "rereferral_count"),
           ("referral_count", "rereferral_count", "rereferral_percent", "no_further_action_count",
            "no_further_action_percent", "not_in_need_count", "not_in_need_percent", "referral_child_count",
            "rereferral_child_count", "rereferral_child_percent")),
    "c4": (("Section47", "ICPC"), ("Section47", "Section47_child", "ICPC", "ICPC_child", "Duration_0-10_days",
                                   "Duration_11-15_days", "Duration_16-20_days", "Duration_21+_days",
                                   "Duration_median")),
    "d3": (("CPP_start", "CPP_subsequent"), ("CPP_start", "CPP_subsequent", "CPP_subsequent_percent")),
    "cla": (("population_type", "children_count", "rate_per_10000"), ()),
}
CLA_TYPES = {"on 31 March": "cla_at_31_march", "starting": "cla_starting", "ceasing": "cla_ceasing"}
# each source's title, as product text names it (an indicator's ``published: table:`` is one of these keys;
# which indicator matches which measure lives with the indicator, in its SQL header)
TABLE_TITLES = {
    "b1": "Children in need, table B1: children in need at 31 March (Department for Education, annual)",
    "c1": "Children in need, table C1: referrals and re-referrals (Department for Education, annual)",
    "c4": "Children in need, table C4: section 47 enquiries and initial child protection conferences "
          "(Department for Education, annual)",
    "d3": "Children in need, table D3: child protection plans that were a second or subsequent plan "
          "(Department for Education, annual)",
    "cla": "Children looked after in England including adoptions: children looked after at 31 March, starting "
           "and ceasing, per 10,000 children (Department for Education, annual)",
    "cla_health": "Outcomes for children looked after by local authorities: health and SDQ of children looked "
                  "after for 12 months at 31 March (Department for Education, annual)",
}

# Published measures no catalogue indicator matches, and why: every other measure read above is some
# indicator's comparator (``tests/indicators/test_published.py`` checks the two together cover all).
UNMATCHED = {
    ("b1", "Started_episodes"): "episodes starting are referrals, which C1 referral_count gives (referrals)",
    ("b1", "Ended_episodes"): "carepath has no indicator of children in need episodes ending",
    ("b1", "Anypoint_episodes"): "carepath has no indicator of episodes open at any point in the year",
    ("c1", "no_further_action_count"): "DfE's is closure with no further action at referral; carepath's "
                                       "referral_outcome_nfa follows the episode to its furthest point",
    ("c1", "no_further_action_percent"): "as no_further_action_count",
    ("c1", "not_in_need_count"): "carepath has no indicator of assessments ending 'not in need'",
    ("c1", "not_in_need_percent"): "as not_in_need_count",
    ("c1", "referral_child_count"): "carepath counts referrals, not children referred",
    ("c1", "rereferral_child_count"): "carepath counts re-referrals, not children re-referred",
    ("c1", "rereferral_child_percent"): "as rereferral_child_count",
    ("c4", "Section47_child"): "carepath counts enquiries, not children with an enquiry",
    ("c4", "ICPC_child"): "carepath counts conferences, not children with a conference",
    ("c4", "Duration_median"): "carepath has no indicator of the median working days from S47 to ICPC",
    ("cla_health", "sdq_received_percent"): "the outcome tracker shows the average score, not the share received",
}


def parse_value(text: str | None) -> float | None:
    value = (text or "").strip().replace(",", "")
    if value.lower() in SUPPRESSED:
        return None
    try:
        return float(value)
    except ValueError:
        return None


def _area(row: dict) -> str | None:
    level = row.get("geographic_level")
    if level == "National":
        return "E"
    if level == "Regional":
        return row.get("region_code") or None
    if level == "Local authority":
        return (row.get("old_la_code") or "").strip() or None
    return None


def title_of(block: dict) -> str:
    """The product text naming a ``published:`` block's table: one of TABLE_TITLES, or an EES release's file."""
    if block.get("release"):
        return f"{block['release']}, data file {ees.file_title(block['file'])} ({ees.PUBLISHER}, {ees.SITE})"
    return TABLE_TITLES.get(block.get("table", ""), block.get("table", ""))


def read(folder: Path | None, specs=()) -> list[tuple]:
    """Every (source, time_period, level, area_code, area_name, region_code, measure, value, shown): the
    tables above, and the EES data files ``specs`` (:class:`carepath.reference.ees.Spec`) describe."""
    found: list[tuple] = []
    for source, (signature, measures) in TABLES.items():
        path = find(folder, "time_period", "geographic_level", *signature)
        if path is None:
            continue
        with open(path, newline="", encoding="utf-8-sig") as handle:
            for row in csv.DictReader(handle):
                area = _area(row)
                if area is None or not (row.get("time_period") or "").isdigit():
                    continue
                common = (source, int(row["time_period"]), row["geographic_level"], area,
                          row.get("la_name") or row.get("region_name") or row.get("country_name"),
                          row.get("region_code") or None)
                if source == "cla":
                    kind = next((v for k, v in CLA_TYPES.items() if k in row["population_type"]), None)
                    if kind:
                        for suffix, column in (("count", "children_count"), ("rate", "rate_per_10000"),
                                               ("population", "population_estimate")):
                            found.append(common + (f"{kind}_{suffix}", parse_value(row.get(column)),
                                                   row.get(column)))
                    continue
                for measure in measures:
                    if measure in row:
                        found.append(common + (measure, parse_value(row[measure]), row[measure]))
    found += _cla_health(folder)
    found += ees.read(folder, specs)
    return found


# DfE's "la_conviction_health_outcome_cla" table (children looked after for at least 12 months at
# 31 March, SSDA903 OC2): one row per cla_group and characteristic, with number and percentage. The
# characteristics carepath reads, by the words DfE uses, and the measure each becomes.
CLA_HEALTH = (("sdq average score", "number", "sdq_average_score"),
              ("sdq score was received", "percentage", "sdq_received_percent"),
              ("health assessment", "percentage", "health_assessment_percent"),
              ("teeth", "percentage", "dental_check_percent"),
              ("immunisation", "percentage", "immunisations_percent"))


def _cla_health(folder: Path | None) -> list[tuple]:
    """The health and SDQ measures of DfE's outcomes table for looked-after children, if it is there."""
    path = find(folder, "time_period", "geographic_level", "cla_group", "characteristic", "number", "percentage",
                contains="SDQ")
    found: list[tuple] = []
    if path is None:
        return found
    with open(path, newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            area, words = _area(row), (row.get("characteristic") or "").lower()
            if area is None or not (row.get("time_period") or "").isdigit():
                continue
            for phrase, column, measure in CLA_HEALTH:
                if phrase in words:
                    found.append(("cla_health", int(row["time_period"]), row["geographic_level"], area,
                                  row.get("la_name") or row.get("region_name") or row.get("country_name"),
                                  row.get("region_code") or None, measure, parse_value(row.get(column)),
                                  row.get(column)))
                    break
    return found


def load(con: duckdb.DuckDBPyConnection, folder: Path | None, name: str = "published", specs=()) -> int:
    """Create the temp table ``name`` from the reference folder; return its row count."""
    rows = read(folder, specs)
    columns = ("source", "time_period", "level", "area_code", "area_name", "region_code", "measure", "value", "shown")
    con.register("published_source", pa.table({
        c: pa.array([r[i] for r in rows], pa.int32() if c == "time_period" else
                    pa.float64() if c == "value" else pa.string()) for i, c in enumerate(columns)}))
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM published_source")
    con.unregister("published_source")
    return len(rows)
