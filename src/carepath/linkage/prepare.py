"""The two sides of the linkage, as the model reads them, and the proceedings that cannot be linked.

Both sides get the same columns: ``unique_id``, ``forename``, ``surname``, ``dob``, ``sex``,
``postcode``, ``court_days`` and ``court_days_wide``. Names are compared in lower case with everything but letters,
spaces and hyphens removed ("J." becomes "j"); postcodes without spaces.

* Proceedings' ``court_days``: application, first hearing and final order dates (as day numbers).
* Children's ``court_days``: every day within 7 days (``court_days_wide``: 31 days) of a day their
  legal status changed in SSDA903: the start of an
  episode whose legal status differs from the episode before (or that starts a period of care),
  and the end of a period of care that ended by an order (CAO, SGO, adoption: reasons E11, E12,
  E41, E43-E48).

A proceeding is refused, with a reason, when it has no usable identifiers (neither the child's
social care id, nor a surname with a forename or a date of birth), or when its dates contradict
themselves (final order before the application, first hearing before the application, date of
birth after the application, or a child 18 or over at the application).
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from carepath.linkage.settings import DATE_WINDOW_DAYS, WIDE_WINDOW_DAYS

NEAR, WIDE = DATE_WINDOW_DAYS, WIDE_WINDOW_DAYS
ORDER_ENDINGS = ("E11", "E12", "E41", "E43", "E44", "E45", "E46", "E47", "E48")

_CLEAN = "nullif(trim(regexp_replace(lower({c}), '[^a-z\\- ]', '', 'g')), '')"

COURT_DAYS = ("list_transform(list_filter([application_date, first_hearing_date, final_order_date], "
              "lambda d: d IS NOT NULL), lambda d: date_diff('day', DATE '1970-01-01', d))")

PROCEEDINGS_SQL = f"""
SELECT proceeding_id AS unique_id, la_code, case_number, social_care_id,
       {_CLEAN.format(c='child_forename')} AS forename, {_CLEAN.format(c='child_surname')} AS surname,
       child_dob AS dob, nullif(child_sex, 'U') AS sex, nullif(replace(upper(child_postcode), ' ', ''), '') AS postcode,
       {COURT_DAYS} AS court_days, {COURT_DAYS} AS court_days_wide,
       application_date, first_hearing_date, final_order_date, order_made
FROM proceeding {{where}} ORDER BY proceeding_id
"""

CHILDREN_SQL = f"""
WITH ep AS (
    SELECT child_id, start_date, end_date, legal_status, reason_ceased,
           lag(legal_status) OVER w AS before, lag(end_date) OVER w AS before_end
    FROM cla_episode {{where}} WINDOW w AS (PARTITION BY child_id ORDER BY start_date)
), changes AS (
    SELECT child_id, start_date AS day FROM ep
    WHERE before IS NULL OR before IS DISTINCT FROM legal_status OR before_end < start_date
    UNION SELECT child_id, end_date FROM ep WHERE reason_ceased IN {ORDER_ENDINGS}
)
SELECT c.child_id AS unique_id, c.la_code, c.local_child_id,
       {_CLEAN.format(c='c.forename')} AS forename, {_CLEAN.format(c='c.surname')} AS surname,
       c.dob, nullif(c.sex, 'U') AS sex, nullif(replace(upper(c.postcode), ' ', ''), '') AS postcode,
       (SELECT list(DISTINCT date_diff('day', DATE '1970-01-01', day) + k)
        FROM changes g, range(-{NEAR}, {NEAR} + 1) r(k) WHERE g.child_id = c.child_id AND day IS NOT NULL)
        AS court_days,
       (SELECT list(DISTINCT date_diff('day', DATE '1970-01-01', day) + k)
        FROM changes g, range(-{WIDE}, {WIDE} + 1) r(k) WHERE g.child_id = c.child_id AND day IS NOT NULL)
        AS court_days_wide
FROM child c {{where}} ORDER BY c.child_id
"""

COLUMNS = ["unique_id", "forename", "surname", "dob", "sex", "postcode", "court_days", "court_days_wide"]


@dataclass
class Sides:
    proceedings: pd.DataFrame  # every proceeding, including the refused ones
    children: pd.DataFrame
    issues: dict[str, str]  # proceeding_id -> why it is not offered for linkage


def read_sides(con: duckdb.DuckDBPyConnection, la_code: str | None = None) -> Sides:
    """Proceedings and children of one authority (or all), and the proceedings refused."""
    where, params = ("WHERE la_code = ?", [la_code]) if la_code else ("", [])
    proceedings = con.execute(PROCEEDINGS_SQL.format(where=where), params).df()
    children = con.execute(CHILDREN_SQL.format(where=where).replace("FROM child c WHERE la_code", "FROM child c WHERE "
                                                                    "c.la_code"), params * 2).df()
    issues = {row.unique_id: reason for row in proceedings.itertuples() if (reason := refusal(row))}
    return Sides(proceedings, children, issues)


def _day(value):
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def refusal(row) -> str | None:
    """Why this proceeding cannot be offered for linkage, in words for the legal team; None if it can."""
    case = row.case_number
    applied, hearing, final, dob = (_day(row.application_date), _day(row.first_hearing_date),
                                    _day(row.final_order_date), _day(row.dob))
    if final and applied and final < applied:
        return (f"Case {case}: the final order date {final:%d/%m/%Y} is before the application date "
                f"{applied:%d/%m/%Y}; correct one of them.")
    if hearing and applied and hearing < applied:
        return (f"Case {case}: the first hearing {hearing:%d/%m/%Y} is before the application date "
                f"{applied:%d/%m/%Y}; correct one of them.")
    if dob and applied and dob > applied:
        return (f"Case {case}: the child's date of birth {dob:%d/%m/%Y} is after the application date "
                f"{applied:%d/%m/%Y}; an unborn child cannot be linked until born: record the date of birth.")
    if dob and applied and (applied.year - dob.year - ((applied.month, applied.day) < (dob.month, dob.day))) >= 18:
        return (f"Case {case}: the child would be 18 or over at the application ({dob:%d/%m/%Y} to "
                f"{applied:%d/%m/%Y}); check the date of birth.")
    has_id = isinstance(row.social_care_id, str) and row.social_care_id.strip()
    has_name = isinstance(row.surname, str) and (isinstance(row.forename, str) or dob is not None)
    if not has_id and not has_name:
        return (f"Case {case}: no usable identifiers: it needs the child's surname with a forename or date "
                f"of birth, or the child's social care id.")
    return None
