"""Each tracker item's value for every child of a cohort on a day, computed from the store.

The cohort is put in the temp table ``tracker_cohort`` (``child_id, la_code, dob``) and the day in
``tracker_day`` (``as_at``); each item's query returns ``child_id, value`` for the children it has
a value for. An item also names the records it needs: where they are not loaded for the
authority, the item is "not loaded" for every child (never red).

Cohorts on the day (``as_at``):

* ``looked_after``: an SSDA903 episode (short breaks V3, V4 left out) started on or before the day
  and not ceased on or before it (DfE's "looked after at 31 March": ceased after the day);
* ``child_protection``: a child protection plan open on the day (started on or before it, not
  ended before it);
* ``child_in_need``: a child in need plan open on the day;
* ``care_leavers``: aged 17 to 21 on the day with a care leaver record (SSDA903 OC3, Annex A list
  9) dated in the 12 months up to it.

"The last 12 months" is the day 12 calendar months before ``as_at`` (exclusive) up to ``as_at``
(inclusive). A school year starts on 1 September: the latest school year recorded is the latest
``academic_year`` whose 1 September is on or before the day.
"""
from __future__ import annotations

from dataclasses import dataclass

COHORT_SQL = {
    "looked_after": """SELECT DISTINCT e.child_id FROM cla_episode_context e, tracker_day d
                       WHERE e.start_date <= d.as_at AND (e.end_date IS NULL OR e.end_date > d.as_at)""",
    "child_protection": """SELECT DISTINCT p.child_id FROM cp_plan p, tracker_day d
                           WHERE open_on(p.start_date, p.end_date, d.as_at)""",
    "child_in_need": """SELECT DISTINCT p.child_id FROM cin_plan p, tracker_day d
                        WHERE open_on(p.start_date, p.end_date, d.as_at)""",
    "care_leavers": """SELECT DISTINCT l.child_id FROM care_leaver l JOIN child c USING (child_id), tracker_day d
                       WHERE l.as_at <= d.as_at AND l.as_at > (d.as_at - INTERVAL 12 MONTH)::DATE
                         AND age_on(c.dob, d.as_at) BETWEEN 17 AND 21""",
}
# tables a cohort is drawn from: without them the cohort cannot be listed
COHORT_NEEDS = {"looked_after": ("cla_episode", "SSDA903 episodes"), "child_protection": ("cp_plan", "CP plans"),
                "child_in_need": ("cin_plan", "CIN plans"), "care_leavers": ("care_leaver", "care leaver records")}


@dataclass(frozen=True)
class Value:
    table: str
    name: str           # what must be loaded, in words
    sql: str
    where: str = ""     # which rows of the table count as loaded


_LATEST_EDUCATION = """
    SELECT t.child_id, arg_max({column}, e.academic_year) AS value
    FROM tracker_cohort t JOIN education e ON e.child_id = t.child_id, tracker_day d
    WHERE make_date(CAST(left(e.academic_year, 4) AS INTEGER), 9, 1) <= d.as_at AND {column} IS NOT NULL {extra}
    GROUP BY t.child_id"""

_LATEST_OUTCOME = """
    SELECT t.child_id, arg_max(o.{column}, o.year_ending) AS value
    FROM tracker_cohort t JOIN cla_outcome o ON o.child_id = t.child_id, tracker_day d
    WHERE o.year_ending <= d.as_at AND o.{column} IS NOT NULL
    GROUP BY t.child_id"""

_LATEST_LEAVER = """
    SELECT t.child_id, arg_max({expression}, l.as_at) AS value
    FROM tracker_cohort t JOIN care_leaver l ON l.child_id = t.child_id, tracker_day d
    WHERE l.as_at <= d.as_at
    GROUP BY t.child_id"""

VALUES: dict[str, Value] = {
    "health_assessment": Value("care_record", "health assessments", """
        WITH care AS (
            SELECT t.child_id, t.dob, max(p.care_start) AS care_start
            FROM tracker_cohort t JOIN cla_care_period p ON p.child_id = t.child_id, tracker_day d
            WHERE p.care_start <= d.as_at GROUP BY t.child_id, t.dob),
        latest AS (
            SELECT c.child_id, c.dob, c.care_start, max(r.record_date) AS assessed
            FROM care c LEFT JOIN care_record r ON r.child_id = c.child_id AND r.kind = 'HEALTH_ASSESSMENT'
                 AND r.record_date >= c.care_start AND r.record_date <= (SELECT as_at FROM tracker_day)
            GROUP BY c.child_id, c.dob, c.care_start)
        SELECT l.child_id,
               datediff('day', d.as_at,
                        CASE WHEN l.assessed IS NULL THEN add_working_days(l.care_start, 20)
                             WHEN age_on(l.dob, l.assessed) < 5 THEN (l.assessed + INTERVAL 6 MONTH)::DATE
                             ELSE (l.assessed + INTERVAL 12 MONTH)::DATE END) AS value
        FROM latest l, tracker_day d""", "kind = 'HEALTH_ASSESSMENT'"),
    "dental_check": Value("care_record", "dental checks", """
        SELECT t.child_id, datediff('day', max(r.record_date), d.as_at) AS value
        FROM tracker_cohort t JOIN care_record r ON r.child_id = t.child_id, tracker_day d
        WHERE r.kind = 'DENTAL_CHECK' AND r.record_date <= d.as_at
        GROUP BY t.child_id, d.as_at""", "kind = 'DENTAL_CHECK'"),
    "immunisations": Value("cla_outcome", "SSDA903 OC2 outcomes", _LATEST_OUTCOME.format(column="immunisations")),
    "sdq_score": Value("cla_outcome", "SSDA903 OC2 outcomes", _LATEST_OUTCOME.format(column="sdq_score")),
    "sdq_change": Value("cla_outcome", "SSDA903 OC2 outcomes", """
        WITH scored AS (
            SELECT t.child_id, o.sdq_score, row_number() OVER (PARTITION BY t.child_id ORDER BY o.year_ending DESC) AS n
            FROM tracker_cohort t JOIN cla_outcome o ON o.child_id = t.child_id, tracker_day d
            WHERE o.year_ending <= d.as_at AND o.sdq_score IS NOT NULL)
        SELECT child_id, max(sdq_score) FILTER (WHERE n = 1) - max(sdq_score) FILTER (WHERE n = 2) AS value
        FROM scored WHERE n <= 2 GROUP BY child_id HAVING count(*) = 2"""),
    "placement_moves": Value("cla_episode", "SSDA903 episodes", """
        SELECT t.child_id, count(*) FILTER (WHERE e.new_carer AND NOT e.new_period
                                             AND e.start_date > (d.as_at - INTERVAL 12 MONTH)::DATE
                                             AND e.start_date <= d.as_at) AS value
        FROM tracker_cohort t JOIN cla_episode_context e ON e.child_id = t.child_id, tracker_day d
        GROUP BY t.child_id"""),
    "missing_episodes": Value("missing", "missing episodes", """
        SELECT t.child_id, count(m.child_id) AS value
        FROM tracker_cohort t CROSS JOIN tracker_day d
        LEFT JOIN missing m ON m.child_id = t.child_id AND m.kind = 'M'
             AND m.start_date > (d.as_at - INTERVAL 12 MONTH)::DATE AND m.start_date <= d.as_at
        GROUP BY t.child_id"""),
    "attendance": Value("education", "education records", _LATEST_EDUCATION.format(
        column="e.attendance_percent", extra="")),
    "suspensions": Value("education", "education records", _LATEST_EDUCATION.format(column="e.suspensions", extra="")),
    "permanent_exclusion": Value("education", "education records", _LATEST_EDUCATION.format(
        column="e.permanent_exclusion", extra="")),
    "key_stage_2": Value("education", "education records", _LATEST_EDUCATION.format(
        column="e.ks2_expected", extra="AND e.key_stage = 2")),
    "attainment_8": Value("education", "education records", _LATEST_EDUCATION.format(
        column="e.attainment8", extra="AND e.key_stage = 4")),
    "care_leaver_activity": Value("care_leaver", "care leaver records", _LATEST_LEAVER.format(
        expression="CASE WHEN l.activity IS NULL THEN NULL "
                   "ELSE l.activity IN ('F1', 'P1', 'F2', 'P2', 'F3', 'P3', 'F4', 'P4', 'F5', 'P5') END")),
    "care_leaver_accommodation": Value("care_leaver", "care leaver records", _LATEST_LEAVER.format(
        expression="l.accommodation_suitable")),
}
