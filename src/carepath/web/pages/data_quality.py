"""The Data page's Quality tab: completeness of key fields, by team and month, from the store.

For each kind of record below, grouped by the team that held the child's case on the record's date
(``allocation``, its team or else its worker's team; the latest-started allocation when two overlap;
"Not allocated" when none did) and the calendar month of
that date: how many records, and the percentage with each key field filled in.

* referrals (``referral_date``): source, primary need;
* assessments (``start_date``): authorised date (an assessment still in progress has none yet);
* statutory visits (``visit_date``): whether the child was seen, the worker;
* episodes of care (``start_date``): placement, legal status, placement postcode.

Timeliness of recording (the date a record was entered against the event's date) is the next tab,
:mod:`.data_timeliness`: only local extracts of visits and contacts can carry that date.
Counts by team and month can be small, so the tab is for analysts and authority leads (who may see
the authority's children); others are refused.
"""
from __future__ import annotations

from carepath.web.pages.common import PageContext
from carepath.web.scope import ANALYST, AUTHORITY_LEAD
from carepath.web.tables import Column, DataTable, provides

KEY_FIELDS = {   # table: (label, date column, [(field, label)])
    "referral": ("Referrals", "referral_date", [("source", "source"), ("primary_need", "primary need")]),
    "assessment": ("Assessments", "start_date", [("authorised_date", "authorised date")]),
    "visit": ("Statutory visits", "visit_date", [("seen", "seen recorded"), ("worker_id", "worker")]),
    "cla_episode": ("Episodes of care", "start_date", [("placement", "placement"), ("legal_status", "legal status"),
                                                       ("placement_postcode", "placement postcode")]),
}


def by_team(table: str, day: str) -> str:
    """SQL (one parameter, the LA): ``rec`` (the LA's records of ``table`` with a ``day``) joined to the name
    of the team holding the child's case on that day, as ``team``, and the ``month`` of the day. The query
    goes on with its SELECT list and ends ``FROM rec r LEFT JOIN held h USING (rid) LEFT JOIN org_unit o
    ON o.team_id = h.team_id``: the caller adds ``FROM`` + :data:`TEAM_JOIN`."""
    return f"""
            WITH rec AS (SELECT rowid AS rid, * FROM {table} WHERE la_code = ? AND {day} IS NOT NULL),
            held AS (SELECT r.rid, arg_max(coalesce(a.team_id, w.team_id), a.start_date) AS team_id
                     FROM rec r JOIN allocation a ON a.child_id = r.child_id AND a.start_date <= r.{day}
                                                 AND (a.end_date IS NULL OR a.end_date >= r.{day})
                     LEFT JOIN worker w ON w.worker_id = a.worker_id
                     GROUP BY r.rid)
            SELECT coalesce(o.team_name, h.team_id, 'Not allocated') AS team, strftime(r.{day}, '%Y-%m') AS month"""


TEAM_JOIN = "rec r LEFT JOIN held h USING (rid) LEFT JOIN org_unit o ON o.team_id = h.team_id"


def completeness(cursor, la: str) -> list[dict]:
    rows = []
    for table, (label, day, fields) in KEY_FIELDS.items():
        filled = ", ".join(f"count(*) FILTER (WHERE r.{f} IS NOT NULL AND CAST(r.{f} AS VARCHAR) <> '') AS f{i}"
                           for i, (f, _) in enumerate(fields))
        found = cursor.execute(f"""{by_team(table, day)}, count(*) AS records, {filled}
            FROM {TEAM_JOIN} GROUP BY ALL ORDER BY 2 DESC, 1""", [la]).fetchall()
        for team, month, records, *counts in found:
            for (field, field_label), n in zip(fields, counts):
                rows.append({"records_of": label, "team": team, "month": month, "field": field_label,
                             "records": records, "filled": n,
                             "percent": round(100.0 * n / records, 1) if records else None})
    return rows


@provides("quality")
def quality_table(ctx: PageContext, params: dict) -> DataTable:
    la = ctx.la(params.get("la") or None)
    if not (ctx.scope.role == ANALYST or (ctx.scope.role == AUTHORITY_LEAD and la == ctx.scope.la_code)):
        ctx.refuse("quality", f"data quality LA {la}", "Completeness by team and month counts few records: only an "
                   "analyst or the authority's lead can open it.")
    rows = completeness(ctx.cursor, la) if la else []
    return DataTable("quality", "Completeness of key fields by team and month", [
        Column("records_of", "Records"), Column("team", "Team"), Column("month", "Month"), Column("field", "Field"),
        Column("records", "Records", numeric=True), Column("filled", "Filled in", numeric=True),
        Column("percent", "% filled in", numeric=True)], rows,
        note="Team: the team holding the child's case on the record's date. Timeliness of recording is on the "
             "next tab: the statutory returns carry no date a record was entered, only the event's own date; local "
             "extracts of visits and contacts can carry one.")
