"""Time-to-event records derived from the store: one row per thing that can end (a period of care,
a CP plan, a referral), with when it started, when it ended or was censored, and the factors a
curve can be split by.

Boundary choices, the same for every measure (each measure's own are in :data:`MEASURES`):

* **The end of the data** is the last day of the latest CIN census or SSDA903 return loaded for
  the authority (31 March of its year); **the start of the data** the first day (1 April) of the
  earliest. Anything still open at the end of the data is *censored* there: we know it lasted at
  least that long, not how long.
* **Only starts inside the data are followed** (a period of care, plan or referral that began on
  or after the start of the data). Those that began earlier are seen only if they were still open
  when the returns begin, so they would over-represent long ones (left truncation).
* **A child is followed to the day before their 18th birthday** for measures about something
  happening again (return to care, a new CP plan, a new referral): children's services end there.
* Durations are in days, from the start date to the event date (same day = 0, counted as half a
  day so every duration is positive); months are days / 30.4375.
* Care proceedings (periods of care only): a care proceeding linked to the child (``proceeding_link``)
  was applied for from 26 weeks before the period began to its end; without linked proceedings
  in the store the factor is not available, and says so.
* Factors are the child's at the start: age band (under 1, 1-4, 5-9, 10-15, 16+), sex, ethnic
  group (the first letter of the DfE code: White, Mixed, Asian, Black, Other; refused or not
  obtained: Not known), UASC, legal status of the first episode of the period of care (care order
  C1, C2, D1, E1; section 20 V2; police or emergency protection L1-L3; youth justice J1-J3), the
  team and locality holding the case on the start date (the allocation open then; else "Not
  allocated"), and the financial year of the start (the entry-year cohort).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from carepath.errors import CarepathError
from carepath.indicators import catalogue

DAYS_PER_MONTH = 30.4375
RETURN_FORMATS = ("cin-census-xml", "ssda903-csv", "ssda903-xml")
HOME, SGO, ADOPTION, OTHER = "Home", "Special guardianship", "Adoption", "Other"
LEAVING_REASON = {**{c: HOME for c in ("E4A", "E4B", "E13")},
                  **{c: SGO for c in ("E43", "E44", "E45", "E46", "E47", "E48")},
                  **{c: ADOPTION for c in ("E11", "E12")}}
PERMANENCE = ("E11", "E12", "E41", "E43", "E44", "E45", "E46", "E47", "E48")
# endings after which a child cannot come back into this authority's care as a child
NO_RETURN = ("E2", "E3", "E15", "E7", "E17")


@dataclass(frozen=True)
class Measure:
    name: str
    title: str
    start: str          # what the clock starts at
    event: str          # what stops it
    share_label: str    # the table's share column: what the share at t is the share of
    cumulative: bool    # show 1 - S(t) (the share who had the event by t) rather than S(t)
    competing: bool = False   # an Aalen-Johansen cumulative incidence: other endings compete
    about_leavers: bool = False


MEASURES = {m.name: m for m in (
    Measure("leaving_care", "Time in care: entry to leaving, per period of care", "entry to care (DECOM of the "
            "period's first episode)", "the period of care ending (its last DEC), for any reason",
            "still in care", cumulative=False),
    Measure("return_to_care", "Return to care after leaving", "leaving care before 18 (not died, not taken over "
            "by another authority, not assessed as an adult)", "the start of the child's next period of care",
            "returned to care", cumulative=True, about_leavers=True),
    Measure("cp_plan_duration", "Duration of child protection plans", "the plan's start", "the plan's end",
            "plan still open", cumulative=False),
    Measure("cp_plan_repeat", "From the end of a CP plan to a new one", "the plan's end",
            "the start of the child's next CP plan", "on a new plan", cumulative=True),
    Measure("re_referral", "From a referral to the next referral", "the referral date",
            "the child's next referral", "referred again", cumulative=True),
    Measure("permanence", "Entry to care to permanence (adoption, SGO, CAO)", "entry to care",
            "leaving care by an adoption order (E11, E12), a special guardianship order (E43-E48) or a child "
            "arrangements order (E41); leaving care any other way competes with it",
            "left care to permanence", cumulative=True, competing=True),
)}

FACTORS = {"age_band": "Age at the start", "sex": "Sex", "ethnic_group": "Ethnic group",
           "legal_status": "Legal status at entry", "uasc": "UASC", "team": "Team", "locality": "Locality",
           "entry_year": "Year of the start (cohort)", "reason": "Reason for leaving care",
           "proceedings": "Care proceedings"}


@dataclass(frozen=True)
class Observation:
    la_code: str
    data_start: date
    data_end: date
    years: tuple[str, ...]

    def describe(self) -> str:
        return (f"returns {self.years[0]} to {self.years[-1]}: followed from {self.data_start:%d %B %Y} "
                f"to the end of the data, {self.data_end:%d %B %Y}")


def authority(con, la: str | None) -> str:
    """The authority asked for, or the store's only one."""
    held = [r[0] for r in con.execute("SELECT DISTINCT la_code FROM child WHERE la_code IS NOT NULL "
                                      "ORDER BY 1").fetchall()]
    if la:
        if la not in held:
            raise CarepathError(f"The store holds no children of authority {la}"
                                + (f" (it holds {', '.join(held[:10])})." if held else "."))
        return la
    if not held:
        raise CarepathError("The store holds no children: load returns first (carepath load RETURNS/).")
    if len(held) > 1:
        raise CarepathError(f"The store holds {len(held)} authorities: choose one with --la "
                            f"({', '.join(held[:10])}{', ...' if len(held) > 10 else ''}).")
    return held[0]


def observation(con, la: str) -> Observation:
    """The years the authority's CIN census and SSDA903 returns cover."""
    marks = ",".join(f"'{f}'" for f in RETURN_FORMATS)
    years = [r[0] for r in con.execute(
        f"SELECT DISTINCT return_year FROM load_batch WHERE la_code = ? AND format IN ({marks}) "
        "AND return_year IS NOT NULL ORDER BY 1", [la]).fetchall()]
    if not years:
        raise CarepathError(f"No CIN census or SSDA903 return of authority {la} has been loaded, so there is no "
                            "end of the data to follow children to: load the returns (carepath load RETURNS/).")
    first, last = int(years[0][:4]), int(years[-1][:4])
    return Observation(la, date(first, 4, 1), date(last + 1, 3, 31), tuple(years))


def _install_care_periods(con) -> None:
    for table in catalogue.shared():
        if table.name in ("cla_episode_context", "cla_care_period"):
            con.execute(f"CREATE OR REPLACE TEMP TABLE {table.name} AS {table.sql}")


FACTOR_SQL = """
    SELECT s.*, c.sex AS sex_code, c.ethnicity, c.dob, coalesce(c.uasc, false) AS uasc_flag,
           coalesce(o.team_name, a.team_id, 'Not allocated') AS team, coalesce(o.locality, 'Not allocated') AS locality
    FROM spells s
    LEFT JOIN child c USING (child_id)
    LEFT JOIN allocation a ON a.child_id = s.child_id AND a.start_date <= s.start_date
         AND (a.end_date IS NULL OR a.end_date >= s.start_date)
    LEFT JOIN org_unit o ON o.team_id = a.team_id
    QUALIFY row_number() OVER (PARTITION BY s.record_id ORDER BY a.start_date DESC NULLS LAST) = 1
"""

LEGAL_GROUP = """CASE WHEN legal_status IN ('C1', 'C2', 'D1', 'E1') THEN 'Care order'
    WHEN legal_status = 'V2' THEN 'Section 20' WHEN legal_status IN ('L1', 'L2', 'L3') THEN 'Police or emergency protection'
    WHEN legal_status IN ('J1', 'J2', 'J3') THEN 'Youth justice' ELSE 'Not recorded' END"""

PERIODS = f"""
    SELECT p.child_id, p.care_no, p.care_start, p.care_end, x.reason_ceased AS reason_code,
           {LEGAL_GROUP.replace('legal_status', 'f.legal_status')} AS legal_status,
           (SELECT count(DISTINCT carer_no) FROM cla_episode_context e
             WHERE e.child_id = p.child_id AND e.care_no = p.care_no) AS placements,
           lead(p.care_start) OVER (PARTITION BY p.child_id ORDER BY p.care_start) AS next_start,
           EXISTS (SELECT 1 FROM proceeding_link l JOIN proceeding r USING (proceeding_id)
                   WHERE l.child_id = p.child_id AND r.application_date BETWEEN p.care_start - 182
                         AND coalesce(p.care_end, DATE '9999-12-31')) AS proceedings
    FROM cla_care_period p
    JOIN cla_episode_context f ON f.episode_id = p.first_episode
    LEFT JOIN cla_episode_context x ON x.child_id = p.child_id AND x.care_no = p.care_no AND x.end_date = p.care_end
    WHERE p.la_code = ?
    QUALIFY row_number() OVER (PARTITION BY p.child_id, p.care_no ORDER BY x.start_date DESC NULLS LAST) = 1
"""


def _spells_sql(measure: str) -> str:
    """(record_id, child_id, start_date, event_date, kind, ...extra) for a measure; kind 1 = the event,
    2 = a competing ending, NULL = nothing yet."""
    if measure in ("leaving_care", "permanence"):
        kind = ("1" if measure == "leaving_care" else
                f"CASE WHEN reason_code IN ({','.join(repr(c) for c in PERMANENCE)}) THEN 1 ELSE 2 END")
        return f"""SELECT child_id || '/' || care_start AS record_id, child_id, care_start AS start_date,
                   care_end AS event_date, CASE WHEN care_end IS NOT NULL THEN {kind} END AS kind,
                   legal_status, placements, reason_code, proceedings FROM ({PERIODS}) WHERE care_start >= ?"""
    if measure == "return_to_care":
        no_return = ",".join(repr(c) for c in NO_RETURN)
        return f"""SELECT child_id || '/' || care_end AS record_id, child_id, care_end AS start_date,
                   next_start AS event_date, CASE WHEN next_start IS NOT NULL THEN 1 END AS kind,
                   legal_status, placements, reason_code, proceedings,
                   datediff('day', care_start, care_end) AS care_days
                   FROM ({PERIODS}) WHERE care_end BETWEEN $data_start AND $data_end
                   AND coalesce(reason_code, '') NOT IN ({no_return})"""
    if measure == "cp_plan_duration":
        return """SELECT cp_plan_id AS record_id, child_id, start_date, end_date AS event_date,
                  CASE WHEN end_date IS NOT NULL THEN 1 END AS kind, NULL AS legal_status,
                  EXISTS (SELECT 1 FROM cla_care_period p WHERE p.child_id = cp_plan.child_id
                          AND p.care_start BETWEEN cp_plan.end_date - 1 AND cp_plan.end_date + 1) AS ended_by_care
                  FROM cp_plan WHERE la_code = ? AND start_date IS NOT NULL
                  AND (start_date >= $data_start)"""
    if measure == "cp_plan_repeat":
        return """SELECT cp_plan_id AS record_id, child_id, end_date AS start_date, next_start AS event_date,
                  CASE WHEN next_start IS NOT NULL THEN 1 END AS kind, NULL AS legal_status
                  FROM (SELECT *, lead(start_date) OVER (PARTITION BY child_id ORDER BY start_date) AS next_start
                        FROM cp_plan WHERE la_code = ? AND start_date IS NOT NULL)
                  WHERE end_date IS NOT NULL AND start_date >= $data_start AND end_date <= $data_end"""
    if measure == "re_referral":
        return """SELECT referral_id AS record_id, child_id, referral_date AS start_date, next_referral AS event_date,
                  CASE WHEN next_referral IS NOT NULL THEN 1 END AS kind, NULL AS legal_status
                  FROM (SELECT *, lead(referral_date) OVER (PARTITION BY child_id ORDER BY referral_date) AS next_referral
                        FROM referral WHERE la_code = ? AND referral_date IS NOT NULL)
                  WHERE referral_date >= $data_start"""
    raise CarepathError(f"There is no measure '{measure}': choose one of {', '.join(MEASURES)}.")


def _age_band(age: float) -> str:
    if pd.isna(age):
        return "Not known"
    return "Under 1" if age < 1 else "1 to 4" if age < 5 else "5 to 9" if age < 10 else "10 to 15" if age < 16 \
        else "16 and over"


def _ethnic_group(code) -> str:
    if not isinstance(code, str) or code in ("REFU", "NOBT", ""):
        return "Not known"
    return {"W": "White", "M": "Mixed", "A": "Asian", "B": "Black"}.get(code[0], "Other")


def _is_day(value) -> bool:
    return isinstance(value, date) and not pd.isna(value)


def _day_before_18(dob: date) -> date:
    from datetime import timedelta
    birthday = date(dob.year + 18, 3, 1) if (dob.month, dob.day) == (2, 29) else date(dob.year + 18, dob.month, dob.day)
    return birthday - timedelta(days=1)


def _financial_year(day) -> str:
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def spells(con, measure: str, obs: Observation) -> pd.DataFrame:
    """The measure's records: record_id, child_id, start_date, stop_date, duration (days), event (0/1),
    kind (0 censored, 1 the event, 2 a competing ending) and the factors (see the module docstring)."""
    if measure not in MEASURES:
        raise CarepathError(f"There is no measure '{measure}': choose one of {', '.join(MEASURES)}.")
    _install_care_periods(con)
    sql = _spells_sql(measure)
    params = [obs.la_code]
    if "care_start >= ?" in sql:
        params.append(obs.data_start)
    sql = sql.replace("$data_start", f"DATE '{obs.data_start}'").replace("$data_end", f"DATE '{obs.data_end}'")
    con.execute(f"CREATE OR REPLACE TEMP TABLE spells AS {sql}", params)
    frame = con.execute(FACTOR_SQL).df()
    if frame.empty:
        return frame
    frame["start_date"] = pd.to_datetime(frame["start_date"]).dt.date
    frame["event_date"] = pd.to_datetime(frame["event_date"]).dt.date
    frame["dob"] = pd.to_datetime(frame["dob"]).dt.date
    follow_to = [obs.data_end] * len(frame)
    if MEASURES[measure].cumulative and not MEASURES[measure].competing:   # something happening again, as a child
        follow_to = [min(obs.data_end, _day_before_18(d)) if _is_day(d) else obs.data_end
                     for d in frame["dob"]]
        followed = [limit > start for limit, start in zip(follow_to, frame["start_date"])]
        frame = frame[followed].reset_index(drop=True)
        follow_to = [limit for limit, keep in zip(follow_to, followed) if keep]
        if frame.empty:
            return frame
    stops, kinds = [], []
    for start, ended, kind, limit in zip(frame["start_date"], frame["event_date"], frame["kind"], follow_to):
        if _is_day(ended) and not pd.isna(kind) and ended <= limit:
            stops.append(ended)
            kinds.append(int(kind))
        else:
            stops.append(max(start, limit))
            kinds.append(0)
    frame["stop_date"] = stops
    frame["kind"] = kinds
    frame["event"] = (frame["kind"] == 1).astype(int)
    days = [(b - a).days for a, b in zip(frame["start_date"], frame["stop_date"])]
    frame["duration"] = [d if d > 0 else 0.5 for d in days]
    ages = [((s - b).days / 365.25) if _is_day(b) else float("nan")
            for s, b in zip(frame["start_date"], frame["dob"])]
    frame["age"] = ages
    frame["age_band"] = [_age_band(a) for a in ages]
    frame["sex"] = frame["sex_code"].map({"M": "Male", "F": "Female"}).fillna("Not known")
    frame["ethnic_group"] = [_ethnic_group(c) for c in frame["ethnicity"]]
    frame["uasc"] = frame["uasc_flag"].map({True: "UASC", False: "Not UASC"})
    frame["entry_year"] = [_financial_year(d) for d in frame["start_date"]]
    frame["legal_status"] = frame["legal_status"].fillna("Not recorded")
    if "proceedings" in frame:
        frame["proceedings"] = frame["proceedings"].map({True: "Care proceedings", False: "No care proceedings"})
    if "reason_code" in frame:
        frame["reason"] = [LEAVING_REASON.get(c, OTHER) if isinstance(c, str) else OTHER for c in frame["reason_code"]]
    frame = frame.sort_values(["start_date", "record_id"]).reset_index(drop=True)
    frame.attrs["proceedings_linked"] = proceedings_linked(con, obs.la_code)
    return frame


def proceedings_linked(con, la: str) -> bool:
    return con.execute("SELECT count(*) FROM proceeding_link WHERE la_code = ?", [la]).fetchall()[0][0] > 0


def factors_of(measure: str) -> dict[str, str]:
    """The factors this measure can be split by."""
    found = dict(FACTORS)
    if measure not in ("return_to_care",):
        found.pop("reason")
    if measure in ("cp_plan_duration", "cp_plan_repeat", "re_referral"):
        found.pop("legal_status")
        found.pop("proceedings")
    return found
