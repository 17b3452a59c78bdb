"""The Data page's Timeliness tab: how soon after the event a record was entered, by team and month.

Only a record that carries the date it was entered can say how late it was written up. The
statutory returns (CIN census, SSDA903, Annex A) carry the event's own date only; the local
extracts of **visits** and **contacts** may carry an optional ``recorded_date`` column (the date the
visit was written up, the contact entered; see docs/formats/local_extracts.md). For each, by the
team holding the child's case on the event's date (as the Quality tab, :func:`.data_quality.by_team`)
and the calendar month of the event:

* records, and those with a recorded date;
* the median working days from the event to its recording: working days **after** the event's
  date up to and including the recorded date (England and Wales bank holidays excluded,
  :func:`carepath.indicators.calendar.working_days`), so a visit written up the same day takes 0
  and one on Friday written up on Monday takes 1;
* the percentage of those with a recorded date that were recorded within the stated number of
  working days (:data:`WITHIN`: visits 5, contacts 1, the usual local practice standards).

Where no record of a kind has a recorded date, the tab says which source lacks it, rather than
showing nothing. Counts by team and month are small: analysts and the authority's lead only.
"""
from __future__ import annotations

import statistics

from carepath.indicators.calendar import working_days
from carepath.web.pages.common import PageContext
from carepath.web.pages.data_quality import TEAM_JOIN, by_team
from carepath.web.scope import ANALYST, AUTHORITY_LEAD
from carepath.web.tables import Column, DataTable, provides

RECORDED = {   # table: (label, event date column, local extract kind)
    "visit": ("Statutory visits", "visit_date", "visits"),
    "contact": ("Contacts", "contact_date", "contacts"),
}
WITHIN = {"visit": 5, "contact": 1}            # working days allowed from the event to its recording
NEVER_RECORDED = ("Referrals, assessments, child protection plans (CIN census)", "Episodes of care (SSDA903)",
                  "Ofsted Annex A lists")       # sources that carry no date a record was entered


def timeliness(cursor, la: str) -> tuple[list[dict], list[str]]:
    """(rows by kind, team and month; the kinds of record whose source gives no recorded date)."""
    rows, lacking = [], []
    for table, (label, day, kind) in RECORDED.items():
        found = cursor.execute(f"""{by_team(table, day)}, r.{day} AS event, r.recorded_date AS recorded
            FROM {TEAM_JOIN} ORDER BY 2 DESC, 1""", [la]).fetchall()
        if not any(recorded for *_, recorded in found):
            lacking.append(f"{label}: the store holds none with a recorded date (a local {kind} extract can give "
                           "one in a recorded_date column)" if found else f"{label}: none in the store")
            continue
        groups: dict[tuple[str, str], list] = {}
        for team, month, event, recorded in found:
            groups.setdefault((team, month), []).append(working_days(event, recorded) if recorded else None)
        for (team, month), days in groups.items():
            known = [d for d in days if d is not None]
            within = sum(1 for d in known if d <= WITHIN[table])
            rows.append({"records_of": label, "team": team, "month": month, "records": len(days),
                         "recorded": len(known), "median_days": statistics.median(known) if known else None,
                         "within": within, "standard": f"{WITHIN[table]} working day" + ("s" if WITHIN[table] > 1 else ""),
                         "percent": round(100.0 * within / len(known), 1) if known else None})
    return rows, lacking


@provides("timeliness")
def timeliness_table(ctx: PageContext, params: dict) -> DataTable:
    la = ctx.la(params.get("la") or None)
    if not (ctx.scope.role == ANALYST or (ctx.scope.role == AUTHORITY_LEAD and la == ctx.scope.la_code)):
        ctx.refuse("timeliness", f"recording timeliness LA {la}", "Timeliness by team and month counts few records: "
                   "only an analyst or the authority's lead can open it.")
    rows, lacking = timeliness(ctx.cursor, la) if la else ([], [])
    note = ("Days: working days after the event's date up to the date it was recorded (bank holidays excluded); "
            "within: recorded in no more than the standard shown, as a percentage of the records with a recorded "
            "date. Team: the team holding the child's case on the event's date. No recorded date is carried by: "
            + "; ".join(list(NEVER_RECORDED) + lacking) + ".")
    return DataTable("timeliness", "Timeliness of recording by team and month", [
        Column("records_of", "Records"), Column("team", "Team"), Column("month", "Month"),
        Column("records", "Records", numeric=True), Column("recorded", "With a recorded date", numeric=True),
        Column("median_days", "Median working days to recording", numeric=True),
        Column("standard", "Standard"), Column("within", "Recorded within it", numeric=True),
        Column("percent", "% within the standard", numeric=True)], rows, note=note, extra={"lacking": lacking})
