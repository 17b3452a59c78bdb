"""The three-variable method: what care proceedings meant for each child's care.

Only three variables come from the legal department (the date of application, the date of
the final order and the order made); everything else is the child's SSDA903 record. For each
proceeding linked to a child (``proceeding_link``):

* **status on a day**: the legal status of the looked-after episode *in force at the end of that
  day* (``start_date <= day < end_date``; an episode ending on a day is not in force that day,
  the one starting it is), grouped as: Not looked after, S20 (V2), Interim care order (C1), Care
  order (C2), Placement order (E1), Other looked after (any other code). Short breaks (V3, V4) are
  not care here.
* **before**: the status the day before the application;
* **at application**: the status on the application day (an ICO made the same day counts);
* **during**: the status in force on most days from the application day to the day before the
  final order (or the data's last day while not concluded); a tie goes to the later status;
* **final order**: the order made, grouped (:func:`order_kind`); "Not concluded" without a final
  order date;
* **12 months after**: the status 12 calendar months after the final order date (29 February +
  12 months is 28 February); "Not yet known" when that day is after the last day the SSDA903 data
  covers (the latest episode start or end in the store), or the case is not concluded;
* **days in care during proceedings**: days from the application day up to the day before the
  final order (or the data's last day) on which a looked-after episode was in force;
* **looked after before / during / after**: any such day before the application day; from the
  application day to the day before the final order; on or after the final order day.
  ``never_looked_after`` is none of the three: the seed's "about 20% not in care before, during
  or after" finding.
"""
from __future__ import annotations

import re

from dataclasses import dataclass
from datetime import date, timedelta

import duckdb
import pandas as pd

from carepath.analysis.journeys import months_before
from carepath.analysis.journeys_sankey import Flows

NOT_LOOKED_AFTER = "Not looked after"
STATUS = {"V2": "S20", "C1": "Interim care order", "C2": "Care order", "E1": "Placement order"}
SHORT_BREAKS = ("V3", "V4")
COLUMNS = ("Before", "At application", "Final order", "12 months after")


def order_kind(text: str | None) -> str:
    """The order made, grouped: SO, CAO, SGO, SO + CAO, SO + SGO, Care order, Placement order, No order, Other."""
    if not text or not str(text).strip():
        return "Not concluded"
    t = str(text).lower()
    words = set(re.findall(r"[a-z]+", t))  # orders made together: "SO + CAO", "SO & CAO", "CAO/SO", "SO and SGO"
    supervision = "supervision" in t or "so" in words
    sgo = "special guardianship" in t or "sgo" in t
    cao = "child arrangements" in t or "cao" in t or "residence" in t
    if "placement order" in t:
        return "Placement order"
    if "care order" in t and "interim" not in t:
        return "Care order"
    if supervision and sgo:
        return "SO + SGO"
    if supervision and cao:
        return "SO + CAO"
    if supervision:
        return "SO"
    if sgo:
        return "SGO"
    if cao:
        return "CAO"
    if "no order" in t or "withdrawn" in t or "refused" in t or "dismissed" in t:
        return "No order"
    return "Other"


@dataclass
class Episode:
    start: date
    end: date | None
    legal_status: str | None


def status_on(episodes: list[Episode], day: date) -> str:
    """The grouped legal status in force at the end of ``day``."""
    for e in sorted(episodes, key=lambda e: e.start, reverse=True):
        if e.start <= day and (e.end is None or e.end > day):
            return STATUS.get(e.legal_status or "", "Other looked after")
    return NOT_LOOKED_AFTER


def days_in_care(episodes: list[Episode], first: date, last: date) -> int:
    """Days from ``first`` to ``last`` inclusive with an episode in force at the day's end."""
    days: set[date] = set()
    for e in episodes:
        start, end = max(e.start, first), min((e.end - timedelta(days=1)) if e.end else last, last)
        days.update(start + timedelta(days=k) for k in range((end - start).days + 1))
    return len(days)


def main_status_during(episodes: list[Episode], first: date, last: date) -> str:
    """The status in force on most days from ``first`` to ``last`` (a tie goes to the later status)."""
    if last < first:
        return status_on(episodes, first)
    days: dict[str, int] = {}
    order: dict[str, date] = {}
    covered = 0
    for e in sorted(episodes, key=lambda e: e.start):
        start, end = max(e.start, first), min((e.end - timedelta(days=1)) if e.end else last, last)
        if end >= start:
            label = STATUS.get(e.legal_status or "", "Other looked after")
            days[label] = days.get(label, 0) + (end - start).days + 1
            order[label] = max(order.get(label, start), start)
            covered += (end - start).days + 1
    if (last - first).days + 1 - covered > 0:
        days[NOT_LOOKED_AFTER] = (last - first).days + 1 - covered
        order.setdefault(NOT_LOOKED_AFTER, first)
    return max(days, key=lambda k: (days[k], order[k]))


def derive(application: date, final: date | None, order_made: str | None, episodes: list[Episode],
           data_end: date) -> dict:
    """The three-variable record of one proceeding (see the module docstring for every boundary)."""
    care = [e for e in episodes if e.legal_status not in SHORT_BREAKS]
    during_last = (final - timedelta(days=1)) if final else data_end
    after = months_after(final, 12) if final else None
    return {
        "before": status_on(care, application - timedelta(days=1)),
        "at_application": status_on(care, application),
        "during": main_status_during(care, application, during_last),
        "final_order": order_kind(order_made) if final else "Not concluded",
        "status_at_final_order": status_on(care, final) if final else None,
        "after_12_months": (status_on(care, after) if after and after <= data_end else "Not yet known"),
        "days_in_care_during": days_in_care(care, application, during_last) if during_last >= application else 0,
        "looked_after_before": any(e.start < application for e in care),
        "looked_after_during": (days_in_care(care, application, during_last) > 0) if during_last >= application
        else False,
        "looked_after_after": bool(final) and any(e.end is None or e.end > final for e in care),
        "concluded": final is not None,
    }


def months_after(day: date, months: int) -> date:
    return months_before(day, -months)


def cases(con: duckdb.DuckDBPyConnection, la_code: str | None = None) -> pd.DataFrame:
    """One row per linked proceeding: its three variables and the derived statuses."""
    where, params = ("WHERE p.la_code = ?", [la_code]) if la_code else ("", [])
    rows = con.execute(f"""
        SELECT p.proceeding_id, p.la_code, l.child_id, p.application_date, p.final_order_date, p.order_made,
               c.sex, c.dob
        FROM proceeding p JOIN proceeding_link l USING (proceeding_id) LEFT JOIN child c ON c.child_id = l.child_id
        {where} ORDER BY p.application_date, p.proceeding_id""", params).fetchall()
    data_end = con.execute("SELECT greatest(max(start_date), max(end_date)) FROM cla_episode").fetchone()[0]
    episodes: dict[str, list[Episode]] = {}
    ids = sorted({r[2] for r in rows})
    if ids:
        for cid, start, end, ls in con.execute(
                "SELECT child_id, start_date, end_date, legal_status FROM cla_episode WHERE child_id IN "
                "(SELECT unnest(?::VARCHAR[]))", [ids]).fetchall():
            episodes.setdefault(cid, []).append(Episode(start, end, ls))
    out = []
    for pid, la, cid, applied, final, made, sex, dob in rows:
        record = derive(applied, final, made, episodes.get(cid, []), data_end or applied)
        out.append({"proceeding_id": pid, "la_code": la, "child_id": cid, "application_date": applied,
                    "final_order_date": final, "order_made": made, "sex": sex, "age_band": age_band(dob, applied),
                    "application_year": applied.year, **record})
    frame = pd.DataFrame(out)
    if not frame.empty:
        frame["never_looked_after"] = ~(frame.looked_after_before | frame.looked_after_during
                                        | frame.looked_after_after)
    return frame


AGE_BANDS = ("0", "1-4", "5-9", "10-15", "16+")


def age_band(dob, applied: date) -> str:
    """Age at the application, in DfE's bands; "unknown" without a date of birth."""
    if dob is None or pd.isna(dob):
        return "unknown"
    dob = pd.Timestamp(dob).date()
    age = applied.year - dob.year - ((applied.month, applied.day) < (dob.month, dob.day))
    return "0" if age < 1 else "1-4" if age < 5 else "5-9" if age < 10 else "10-15" if age < 16 else "16+"


def filtered(frame: pd.DataFrame, year: int | None = None, order: str | None = None, sex: str | None = None,
             age: str | None = None) -> pd.DataFrame:
    """The cohort: linked cases applied for in ``year``, ending in ``order`` (grouped), of ``sex``, aged ``age``."""
    if frame.empty:
        return frame
    keep = pd.Series(True, index=frame.index)
    if year:
        keep &= frame.application_year == int(year)
    if order:
        keep &= frame.final_order == order
    if sex:
        keep &= frame.sex == sex
    if age:
        keep &= frame.age_band == age
    return frame[keep]


def journeys(frame: pd.DataFrame) -> Flows:
    """Before → at application → final order → 12 months after, one path per linked proceeding."""
    paths = [(r.before, r.at_application, r.final_order, r.after_12_months) for r in frame.itertuples()]
    return Flows(list(COLUMNS), paths, "Care proceedings: legal status before, at application, final order, "
                 "12 months after", list(frame.child_id) if not frame.empty else [])


def summary(frame: pd.DataFrame) -> pd.DataFrame:
    """The headline shares, by year of application: looked after before, during, after, never."""
    if frame.empty:
        return pd.DataFrame(columns=["application_year", "proceedings", "looked_after_before", "looked_after_during",
                                     "looked_after_after", "never_looked_after", "median_days_in_care_during"])
    return frame.groupby("application_year").agg(
        proceedings=("proceeding_id", "count"), looked_after_before=("looked_after_before", "sum"),
        looked_after_during=("looked_after_during", "sum"), looked_after_after=("looked_after_after", "sum"),
        never_looked_after=("never_looked_after", "sum"),
        median_days_in_care_during=("days_in_care_during", "median")).reset_index()
