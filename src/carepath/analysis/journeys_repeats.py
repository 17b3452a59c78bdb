"""Repeat patterns at the front door, for the referrals of a cohort in its period (Data visualisation in children's social care, Coram for the Nuffield Foundation, April 2019, section 8).

* **Re-referrals within 12, 24 and 36 months**: the catalogue's own indicators
  (``re_referrals_12m``, ``_24m``, ``_36m``), their queries run for the cohort's period and
  children; and how long before each referral the child's previous referral was (within 12
  months, 12-24, 24-36, more than 36, none in the store), by the same calendar-month rule.
* **Assessment outcomes by history**: assessments completed in the period, by the child's
  referrals in the 36 months before (none, one, two or more) and outcome, from the
  ``assessments_nfa`` indicator family's query with each outcome in turn.
* **Strategy discussion to S47 to outcome**: S47 enquiries (each begun by a strategy discussion)
  starting in the period by what followed, from the ``s47_outcome`` family's query.

Each figure is the indicator's own definition (one SQL file each in ``indicators/sql``), so the
page, the engine and any export agree.
"""
from __future__ import annotations

import re

import duckdb

from carepath.analysis import journeys_cohort
from carepath.analysis.journeys_cohort import Cohort
from carepath.indicators import catalogue, engine
from carepath.indicators.periods import Period

RE_REFERRALS = {12: "re_referrals_12m", 24: "re_referrals_24m", 36: "re_referrals_36m"}
HISTORY = (("none", "No referral in the previous 36 months", "= 0"),
           ("one", "One previous referral", "= 1"),
           ("several", "Two or more previous referrals", ">= 2"))
ASSESSMENT_OUTCOMES = (("nfa", "No further action"), ("early_help", "Early help"), ("cin_plan", "CIN plan"),
                       ("cp_plan", "CP plan"), ("looked_after", "Looked after"),
                       ("closed_other", "Closed for another reason"), ("open", "Open"))
S47_OUTCOMES = (("icpc_cp_plan", "ICPC and CP plan"), ("icpc_no_plan", "ICPC, no CP plan"),
                ("plan_without_icpc", "Plan or care without ICPC"), ("early_help", "Closed: early help"),
                ("nfa", "Closed: no further action"), ("closed_other", "Closed for another reason"),
                ("open", "Open, nothing yet"))
GAP_BANDS = (("12", "Within 12 months"), ("24", "12 to 24 months"), ("36", "24 to 36 months"),
             ("more", "More than 36 months"), ("none", "No previous referral in the store"))


def _prepare(con: duckdb.DuckDBPyConnection, cohort: Cohort, family: str) -> None:
    """What the family's queries use (calendar, the cohort's period and authority, shared tables), as the
    engine prepares it, and the cohort as the temp table ``repeat_cohort``."""
    engine.prepare(con, [Period(cohort.start, cohort.end, "custom", f"{cohort.start}..{cohort.end}")], None,
                   [cohort.la_code] if cohort.la_code else None,
                   [i for i in catalogue.indicators().values() if i.family == family])
    journeys_cohort.install(con, cohort, "repeat_cohort")


def _template(family: str) -> str:
    """The query of an indicator family with its ``{parameters}`` left in."""
    path = catalogue.get(_first_variant(family)).path
    return re.match(r"^\s*/\*.*?\*/(.*)$", path.read_text(encoding="utf-8"), re.S).group(1).strip().rstrip(";")


def _first_variant(family: str) -> str:
    return next(i.id for i in catalogue.indicators().values() if i.family == family)


def _counts(con, sql: str) -> tuple[int, int]:
    row = con.execute(f"""
        SELECT count(*) FILTER (WHERE q.numerator), count(*) FILTER (WHERE q.denominator)
        FROM ({sql}) q JOIN repeat_cohort USING (child_id)
        WHERE q.la_code IN (SELECT la_code FROM authorities)""").fetchall()[0]
    return int(row[0]), int(row[1])


def _share(numerator: int, denominator: int) -> float | None:
    return 100.0 * numerator / denominator if denominator else None


def re_referrals(con: duckdb.DuckDBPyConnection, cohort: Cohort) -> dict:
    """Shares of the period's referrals with a previous referral within 12, 24 and 36 months, and the gap bands."""
    _prepare(con, cohort, "re_referrals")
    shares = []
    for months, indicator_id in RE_REFERRALS.items():
        numerator, denominator = _counts(con, catalogue.get(indicator_id).sql)
        shares.append({"months": months, "indicator": indicator_id, "re_referrals": numerator,
                       "referrals": denominator, "percent": _share(numerator, denominator)})
    rows = dict(con.execute("""
        WITH gap AS (
            SELECT r.referral_id, r.referral_date,
                   (SELECT max(e.referral_date) FROM referral e
                    WHERE e.child_id = r.child_id AND e.referral_date < r.referral_date) AS previous
            FROM referral r JOIN repeat_cohort USING (child_id)
            WHERE r.referral_date BETWEEN $start AND $end
              AND r.la_code IN (SELECT la_code FROM authorities))
        SELECT CASE WHEN previous IS NULL THEN 'none'
                    WHEN previous >= (referral_date - INTERVAL 12 MONTH)::DATE THEN '12'
                    WHEN previous >= (referral_date - INTERVAL 24 MONTH)::DATE THEN '24'
                    WHEN previous >= (referral_date - INTERVAL 36 MONTH)::DATE THEN '36'
                    ELSE 'more' END AS band, count(*)
        FROM gap GROUP BY band""", {"start": cohort.start, "end": cohort.end}).fetchall())
    total = sum(rows.values())
    bands = [{"band": key, "label": label, "referrals": rows.get(key, 0), "percent": _share(rows.get(key, 0), total)}
             for key, label in GAP_BANDS]
    return {"shares": shares, "gaps": bands, "referrals": total}


def assessment_outcomes(con: duckdb.DuckDBPyConnection, cohort: Cohort) -> dict:
    """Assessments completed in the period: outcome by the child's previous referrals."""
    _prepare(con, cohort, "assessments_nfa")
    template = _template("assessments_nfa")
    rows = []
    for key, label, previous in HISTORY:
        counts = {}
        total = 0
        for outcome, _ in ASSESSMENT_OUTCOMES:
            sql = template.replace("{previous}", previous).replace("{outcome}", f"'{outcome}'")
            counts[outcome], total = _counts(con, sql)
        rows.append({"history": key, "label": label, "assessments": total,
                     "outcomes": [{"outcome": o, "label": lab, "assessments": counts[o],
                                   "percent": _share(counts[o], total)} for o, lab in ASSESSMENT_OUTCOMES]})
    return {"rows": rows, "indicators": [i.id for i in catalogue.indicators().values()
                                          if i.family == "assessments_nfa"]}


def s47_pathway(con: duckdb.DuckDBPyConnection, cohort: Cohort) -> dict:
    """S47 enquiries (= strategy discussions leading to one) starting in the period, by what followed."""
    _prepare(con, cohort, "s47_outcome")
    family_sql = catalogue.get(_first_variant("s47_outcome")).family_sql
    outcomes, total = [], 0
    for outcome, label in S47_OUTCOMES:
        count, total = _counts(con, f"SELECT family.*, family.outcome = '{outcome}' AS numerator, TRUE AS denominator "
                                    f"FROM ({family_sql}) family")
        outcomes.append({"outcome": outcome, "label": label, "enquiries": count})
    for row in outcomes:
        row["percent"] = _share(row["enquiries"], total)
    return {"strategy_discussions": total, "s47_enquiries": total, "outcomes": outcomes,
            "note": "Strategy discussions that did not lead to a S47 enquiry are not recorded in the CIN "
                    "census, so every strategy discussion counted here led to one.",
            "indicators": [i.id for i in catalogue.indicators().values() if i.family == "s47_outcome"]}
