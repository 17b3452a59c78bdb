"""Sankey pathways: how many children flow between two (or more) chosen points of their journey.

**Referral pathways.** For each referral of the cohort in its period, points along its journey,
followed for ``months`` calendar months after the referral date (DuckDB's interval arithmetic:
31 August plus 6 months is 28 or 29 February) and no further than the day before the child's
next referral on a later day, so a re-referral's steps belong to it (two referrals of one day are
both followed to the next later one). The paths are computed in one DuckDB query over the steps
of :mod:`carepath.analysis.journeys_steps`:

* ``referral``: every referral (one node);
* ``source``: the referral's source group (codes.REFERRAL_SOURCE_GROUP; none recorded: Unknown);
* ``first_step``: the first step after the referral (same-day steps that come after it count);
* ``furthest``: the furthest station reached, by the stations' ``depth`` (looked after > CP plan
  > ICPC > S47 > strategy discussion > CIN plan > early help > no further action > assessment:
  an assessment that ended in an exit shows the exit); "Referral only" when nothing followed;
* ``at_end``: where the child is on the last day followed (a station, or "Off the map").

**Care proceedings.** For proceedings applied for in the period and linked to a cohort child
(``proceeding_link`` with match probability at least ``min_probability``): the child's legal
status the day before the application and on the day of the final order (the latest
looked-after episode open that day; otherwise a CP or CIN plan, else not looked after, with the
order made), or "Not concluded" while there is no final order.

**Disclosure control.** For users who may not see the children, every node and band goes
through :mod:`carepath.exchange.disclosure`: counts of 1 to 4 are suppressed, then the bands and
nodes that would give them away by subtraction (a node is the sum of its bands in and out).
Suppressed bands are not drawn and are shown as ``c``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import duckdb

from carepath import codes
from carepath.analysis import journeys_cohort, journeys_steps
from carepath.analysis.journeys_cohort import Cohort
from carepath.analysis.journeys_stations import BY_KEY, STATIONS
from carepath.analysis.journeys_timeline import day_number
from carepath.errors import CarepathError
from carepath.exchange import disclosure

POINTS = ("referral", "source", "first_step", "furthest", "at_end")
_SOURCE_GROUP = {code: group for group, members in codes.REFERRAL_SOURCE_GROUP.items() for code in members}


class SankeyError(CarepathError):
    pass


@dataclass
class Flows:
    columns: list[str]
    paths: list[tuple[str, ...]]    # one per referral or proceeding: its node label in each column
    title: str = ""
    children: list[str] = field(default_factory=list)   # the child of each path


# One row per referral of the period: the station of its first step, of the furthest step and where
# the child is on its last day followed (the rule of journeys_timeline.station_on: of the steps
# started by then, the latest if still going on, else the latest holding stage still going on).
# Steps before the referral day matter only as holding stages still going on at the end (the
# referral itself is a later step), so the others are left out before the join. A step's
# ``recency`` orders steps as Step tuples do (first day, then rank; ``OPEN`` stands for no last day);
# ranks and depths are each unique to a station, so the query answers in plain integer min/max.
OPEN = 2**31 - 1
BASE = 200_000      # days added so that dates since 1423 give keys >= 0 (% and // then read them back)
_PATHS_SQL = f"""
WITH step AS (
    SELECT *, (first_day + {BASE})::BIGINT * 16 + rank AS recency, coalesce(last_day, {OPEN}) AS last_or_open,
           coalesce(last_day + {BASE}, {OPEN}) AS last_key
    FROM ({{steps}}) WHERE first_day >= $start_day OR (holds AND coalesce(last_day, {OPEN}) >= $start_day)),
referral_in AS (
    SELECT child_id, referral_date, source,
           min(referral_date) OVER (PARTITION BY child_id ORDER BY referral_date
               RANGE BETWEEN INTERVAL 1 DAY FOLLOWING AND UNBOUNDED FOLLOWING) AS next_referral
    FROM referral JOIN {{cohort}} USING (child_id) WHERE referral_date IS NOT NULL),
followed AS (
    SELECT row_number() OVER () AS path, child_id, source,
           (referral_date - DATE '1970-01-01')::INTEGER AS referred,
           (CASE WHEN next_referral IS NOT NULL AND next_referral - 1 < (referral_date + INTERVAL ($months) MONTH)::DATE
                 THEN next_referral - 1 ELSE (referral_date + INTERVAL ($months) MONTH)::DATE END
            - DATE '1970-01-01')::INTEGER AS until_day
    FROM referral_in WHERE referral_date BETWEEN $start AND $end),
joined AS (
    SELECT f.path, f.child_id, f.source, f.referred, f.until_day, s.*
    FROM followed f JOIN step s ON s.child_id = f.child_id AND s.first_day <= f.until_day
     AND (s.first_day >= f.referred OR (s.holds AND s.last_or_open >= f.until_day))),
paths AS (
    SELECT path, any_value(child_id) AS child_id, any_value(source) AS source, any_value(until_day) AS until_day,
           min(recency) FILTER (WHERE first_day >= referred AND station NOT IN ('contact', 'referral')) % 16
               AS first_step,
           max(depth) FILTER (WHERE first_day >= referred AND station NOT IN ('contact', 'referral')) AS furthest,
           max(recency * {2**32} + last_key) AS latest,
           max(recency) FILTER (WHERE holds AND last_or_open >= until_day) % 16 AS holding
    FROM joined GROUP BY path)
SELECT child_id, source, first_step, furthest,
       CASE WHEN latest % {2**32} - {BASE} >= until_day THEN (latest // {2**32}) % 16 ELSE holding END AS at_end
FROM paths"""
_BY_RANK = {s.rank: s.key for s in STATIONS}
_BY_DEPTH = {s.depth: s.key for s in STATIONS}


def _label(station: str | None, none: str) -> str:
    return BY_KEY[station].label if station else none


def referral_flows(con: duckdb.DuckDBPyConnection, cohort: Cohort, points: tuple[str, ...] = ("referral", "furthest"),
                   months: int = 6) -> Flows:
    """The path of every cohort referral in the period through the chosen points."""
    unknown = [p for p in points if p not in POINTS]
    if unknown or len(points) < 2:
        raise SankeyError(f"Choose two or more points from {', '.join(POINTS)} (got {', '.join(points)}).")
    journeys_cohort.install(con, cohort, "sankey_cohort")
    # only children referred in the period have a path: read the steps of those alone (a fraction of
    # the cohort, which holds every child with any history)
    con.execute("""CREATE OR REPLACE TEMP TABLE sankey_referred AS SELECT DISTINCT child_id
                   FROM referral JOIN sankey_cohort USING (child_id) WHERE referral_date BETWEEN $start AND $end""",
                {"start": cohort.start, "end": cohort.end})
    rows = con.execute(_PATHS_SQL.format(steps=journeys_steps.steps_sql("sankey_referred"), cohort="sankey_referred"),
                       {"start": cohort.start, "end": cohort.end, "months": months,
                        "start_day": day_number(cohort.start)}).fetchall()
    makers = {"referral": lambda row: "Referral",
              "source": lambda row: _SOURCE_GROUP.get(row[1] or "", "Unknown"),
              "first_step": lambda row: _label(_BY_RANK.get(row[2]), "Nothing yet"),
              "furthest": lambda row: _label(_BY_DEPTH.get(row[3]), "Referral only"),
              "at_end": lambda row: _label(_BY_RANK.get(row[4]), "Off the map")}
    chosen = [makers[p] for p in points]
    paths = [tuple(make(row) for make in chosen) for row in rows]
    children = [row[0] for row in rows]
    return Flows(list(points), paths, f"Referrals {cohort.start} to {cohort.end}, followed {months} months",
                 children)


def _legal_status(con, child_id: str, day: date) -> str | None:
    rows = con.execute("""
        SELECT legal_status FROM cla_episode
        WHERE child_id = $child AND start_date <= $day AND (end_date IS NULL OR end_date >= $day)
          AND (legal_status IS NULL OR legal_status NOT IN ('V3', 'V4'))
        ORDER BY start_date DESC LIMIT 1""", {"child": child_id, "day": day}).fetchall()
    if not rows:
        return None
    row = rows[0]
    return f"{row[0]} {codes.LEGAL_STATUS.get(row[0], '')}".strip() if row[0] else "Looked after"


def _plan_on(con, child_id: str, day: date) -> str | None:
    for table, label in (("cp_plan", "Child protection plan"), ("cin_plan", "Child in need plan")):
        if con.execute(f"SELECT 1 FROM {table} WHERE child_id = $child AND start_date <= $day "
                       "AND (end_date IS NULL OR end_date >= $day) LIMIT 1",
                       {"child": child_id, "day": day}).fetchall():
            return label
    return None


def proceedings_flows(con: duckdb.DuckDBPyConnection, cohort: Cohort, min_probability: float = 0.9) -> Flows:
    """Legal status before and at the end of care proceedings applied for in the cohort's period."""
    journeys_cohort.install(con, cohort, "sankey_cohort")
    rows = con.execute("""
        SELECT l.child_id, p.application_date, p.final_order_date, p.order_made
        FROM proceeding p JOIN proceeding_link l USING (proceeding_id)
        JOIN sankey_cohort c ON c.child_id = l.child_id
        WHERE p.application_date BETWEEN $start AND $end
          AND coalesce(l.match_probability, 0) >= $min_probability
        ORDER BY l.child_id, p.application_date""",
        {"start": cohort.start, "end": cohort.end, "min_probability": min_probability}).fetchall()
    paths, children = [], []
    for child_id, applied, final_order, order_made in rows:
        before_day = applied - timedelta(days=1)
        before = _legal_status(con, child_id, before_day) or _plan_on(con, child_id, before_day) or "Not looked after"
        if final_order is None:
            after = "Not concluded"
        else:
            after = _legal_status(con, child_id, final_order) or (
                f"Not looked after: {order_made}" if order_made else "Not looked after")
        paths.append((f"Before: {before}", f"End: {after}"))
        children.append(child_id)
    return Flows(["before", "end"], paths, f"Care proceedings applied for {cohort.start} to {cohort.end}", children)


def sankey(flows: Flows, may_see_children: bool, rules: disclosure.Rules = disclosure.Rules()) -> dict:
    """Nodes and bands with counts, suppressed for users who may not see the children."""
    node_counts: dict[tuple[int, str], int] = {}
    link_counts: dict[tuple[int, str, str], int] = {}
    for path in flows.paths:
        for column, label in enumerate(path):
            node_counts[(column, label)] = node_counts.get((column, label), 0) + 1
            if column + 1 < len(path):
                key = (column, label, path[column + 1])
                link_counts[key] = link_counts.get(key, 0) + 1
    suppressed: set = set()
    if not may_see_children and flows.paths:
        table = disclosure.Table({("node",) + k: v for k, v in node_counts.items()} |
                                 {("link",) + k: v for k, v in link_counts.items()} | {("total",): len(flows.paths)})
        columns = len(flows.columns)
        for (column, label) in node_counts:
            if column + 1 < columns:
                table.add_total(("node", column, label), [("link",) + k for k in link_counts
                                                          if k[0] == column and k[1] == label])
            if column > 0:
                table.add_total(("node", column, label), [("link",) + k for k in link_counts
                                                          if k[0] == column - 1 and k[2] == label])
        for column in range(columns):
            table.add_total(("total",), [("node",) + k for k in node_counts if k[0] == column])
        suppressed = disclosure.protect(table, rules)
        if disclosure.disclosed(table, suppressed):     # complements could not cover every count: hide all
            suppressed = set(table.values) - {("total",)}
    nodes = sorted(node_counts, key=lambda k: (k[0], -node_counts[k], k[1]))
    index = {key: i for i, key in enumerate(nodes)}

    def shown(key, value):
        hidden = key in suppressed
        return {"children": None if hidden else value, "shown": disclosure.SUPPRESSED if hidden else value}
    return {
        "title": flows.title, "columns": flows.columns,
        "total": None if ("total",) in suppressed else len(flows.paths),
        "nodes": [{"column": c, "label": label, **shown(("node", c, label), node_counts[(c, label)])}
                  for c, label in nodes],
        "links": [{"source": index[(c, a)], "target": index[(c + 1, b)], "from": a, "to": b,
                   **shown(("link", c, a, b), n)}
                  for (c, a, b), n in sorted(link_counts.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0]))],
        "suppressed": len(suppressed),
    }
