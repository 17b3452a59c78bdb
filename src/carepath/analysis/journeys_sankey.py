"""Sankey pathways: how many children flow between two (or more) chosen points of their journey.

**Referral pathways.** For each referral of the cohort in its period, points along its journey,
followed for ``months`` calendar months after the referral date (and no further than the day
before the child's next referral, so a re-referral's steps belong to it):

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
from carepath.analysis import journeys_cohort
from carepath.analysis.journeys import load_steps, months_before
from carepath.analysis.journeys_cohort import Cohort
from carepath.analysis.journeys_stations import BY_KEY
from carepath.analysis.journeys_timeline import Step, day_number, station_at_date, stops_of
from carepath.errors import CarepathError
from carepath.exchange import disclosure

POINTS = ("referral", "source", "first_step", "furthest", "at_end")
_SOURCE_GROUP = {code: group for group, members in codes.REFERRAL_SOURCE_GROUP.items() for code in members}
_NOT_COUNTED_AFTER = ("contact", "referral")


class SankeyError(CarepathError):
    pass


@dataclass
class Flows:
    columns: list[str]
    paths: list[tuple[str, ...]]    # one per referral or proceeding: its node label in each column
    title: str = ""
    children: list[str] = field(default_factory=list)   # the child of each path


def months_after(day: date, months: int) -> date:
    return months_before(day, -months)


def _referral_points(referral_day: date, source: str | None, steps: list[Step], until: date,
                     points: tuple[str, ...]) -> tuple[str, ...]:
    start, end = day_number(referral_day), day_number(until)
    after = sorted(s for s in steps if start <= s.start <= end and s.station not in _NOT_COUNTED_AFTER)
    labels = []
    for point in points:
        if point == "referral":
            labels.append("Referral")
        elif point == "source":
            labels.append(_SOURCE_GROUP.get(source or "", "Unknown"))
        elif point == "first_step":
            labels.append(BY_KEY[after[0].station].label if after else "Nothing yet")
        elif point == "furthest":
            deepest = max(after, key=lambda s: BY_KEY[s.station].depth, default=None)
            labels.append(BY_KEY[deepest.station].label if deepest else "Referral only")
        elif point == "at_end":
            where = station_at_date(stops_of([s for s in steps if s.start <= end]), until)
            labels.append(BY_KEY[where].label if where else "Off the map")
    return tuple(labels)


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
    steps, _ = load_steps(con, "sankey_referred")
    referrals = con.execute("""
        SELECT child_id, referral_date, source,
               lead(referral_date) OVER (PARTITION BY child_id ORDER BY referral_date) AS next_referral
        FROM referral JOIN sankey_referred USING (child_id) WHERE referral_date IS NOT NULL""").fetchall()
    paths, children = [], []
    for child_id, referred, source, next_referral in referrals:
        if not cohort.start <= referred <= cohort.end:
            continue
        until = months_after(referred, months)
        if next_referral is not None and next_referral > referred:
            until = min(until, next_referral - timedelta(days=1))
        paths.append(_referral_points(referred, source, steps.get(child_id, []), until, points))
        children.append(child_id)
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
