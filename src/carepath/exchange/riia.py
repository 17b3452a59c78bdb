"""The RIIA quarterly submission: the two CSV files of the "Format for data reporting" in
the RIIA proposal (RIIA quarterly performance indicators, draft proposal to the ADCS task group, December 2021).

* **Measures**: ``Region, LA code, LA name, Report date, Measure year, Measure quarter, Measure
  no., Measure value, Quality check``; one row per quarter and measure: the 24 measures 201-224
  and the 11 referral-source measures 20202-20212, as **counts** (the numerator of each
  indicator; co-ordinators turn them into rates and percentages).
* **Context**: ``Region, LA code, LA name, Report date, Contextual measure no., Contextual
  measure value``: X01-X24, a data-quality concern (``Yes``/``No``) for each measure 201-224 in
  the quarters sent, and X25-X31 from the authority's settings file.

Conventions (also in the README): ``Measure year`` is the financial year written ``2024-25``;
``Measure quarter`` is the financial quarter ``Q1`` (April to June) to ``Q4`` (January to March);
``Report date`` is the date the file is made (ISO ``YYYY-MM-DD``). Re-sending a quarter is a new
row with a later report date: co-ordinators keep the latest.

A data-quality concern is raised for a measure in a quarter when its figure could not be made
(a table it needs holds no data), when rows of the tables it is counted from were rejected on
loading the return for that year, or when the DfE validation rules found errors in that year's
return for those tables. The quality-check column says which.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import yaml

from carepath import rounding
from carepath.errors import CarepathError
from carepath.indicators import catalogue, engine
from carepath.indicators.periods import Period
from carepath.safe_cells import csv_row

MEASURES_HEADER = ["Region", "LA code", "LA name", "Report date", "Measure year", "Measure quarter", "Measure no.",
                   "Measure value", "Quality check"]
CONTEXT_HEADER = ["Region", "LA code", "LA name", "Report date", "Contextual measure no.",
                  "Contextual measure value"]
MAIN_MEASURES = [str(n) for n in range(201, 225)]
CONTEXT_QUESTIONS = {
    "X25": "Do you report initial contacts only for social care requests, or wider?",
    "X26": "Do you report contacts which do not progress to referral? (Yes/No)",
    "X27": "Do you report contacts per child or per family? (Child/Family)",
    "X28": "Do you include police DV notifications where no action is needed? (Yes/No)",
    "X29": "Do you include assessments on open cases in your assessment reporting? (Yes/No)",
    "X30": "What is your current case management system?",
    "X31": "When did your council originally implement the current case management system? (date)",
}
# the return whose validation speaks for each table
RETURN_OF_TABLE = {"referral": "cin", "assessment": "cin", "s47": "cin", "cp_plan": "cin", "cin_plan": "cin",
                   "cla_episode": "903", "care_leaver": "903"}


class RiiaError(CarepathError):
    pass


@dataclass
class RiiaSettings:
    region: str = ""
    la_name: str = ""
    context: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path | None) -> "RiiaSettings":
        if path is None:
            return cls()
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        except OSError as exc:
            raise RiiaError(f"Cannot read the RIIA settings file {path} ({exc.strerror}).") from None
        except yaml.YAMLError as exc:
            raise RiiaError(f"The RIIA settings file {path} is not valid YAML: {exc}") from None
        context = {str(k).upper(): "" if v is None else str(v) for k, v in (data.get("context") or {}).items()}
        unknown = sorted(set(context) - set(CONTEXT_QUESTIONS))
        if unknown:
            raise RiiaError(f"{path}: context items {', '.join(unknown)} are not X25-X31.")
        return cls(str(data.get("region") or ""), str(data.get("la_name") or ""), context)


def settings_template() -> str:
    lines = ["# RIIA settings for this authority: region, name and the contextual answers X25-X31.",
             "region: South East", "la_name: ", "context:"]
    lines += [f"  {code}:   # {question}" for code, question in CONTEXT_QUESTIONS.items()]
    return "\n".join(lines) + "\n"


def quarter_fields(period: Period) -> tuple[str, str]:
    if period.kind != "quarter":
        raise RiiaError(f"RIIA measures are quarterly; {period.label} is a {period.kind}. Use e.g. 2024Q3.")
    return period.financial_year, "Q" + period.label[-1]


def _concerns(con: duckdb.DuckDBPyConnection, la: str, period: Period, tables: tuple[str, ...]) -> list[str]:
    found = []
    if not tables:
        return found
    # a file holding several years (an SSDA903 extract of 2023-24 and 2024-25) names them all in its
    # load's return_year, comma-separated ("2023-24, 2024-25"): its rejects count for each of them
    rejected = con.execute("""
        SELECT r.table_name, count(*) FROM reject r JOIN load_batch b USING (batch_id)
        WHERE b.la_code = ? AND list_contains(string_split(replace(b.return_year, ' ', ''), ','), ?)
          AND r.table_name IN (SELECT unnest(?))
        GROUP BY 1 ORDER BY 1""", [la, period.financial_year, list(tables)]).fetchall()
    found += [f"{n} {t} rows rejected on loading {period.financial_year}" for t, n in rejected]
    kinds = sorted({RETURN_OF_TABLE[t] for t in tables if t in RETURN_OF_TABLE})
    if kinds:
        errors = con.execute("""
            SELECT v.return_kind, count(*) FROM validation_issue i JOIN validation_run v USING (run_id)
            WHERE v.la_code = ? AND v.rule_pack LIKE ? AND v.return_kind IN (SELECT unnest(?))
              AND lower(coalesce(i.rule_type, 'error')) = 'error'
            GROUP BY 1 ORDER BY 1""", [la, f"%{period.financial_year.replace('-', '_')}%", kinds]).fetchall()
        found += [f"{n} DfE validation errors in the {k.upper()} return {period.financial_year}" for k, n in errors]
    return found


@dataclass
class Submission:
    measures: list[list[str]]
    context: list[list[str]]


def build(con: duckdb.DuckDBPyConnection, la: str, quarters: list[Period], settings: RiiaSettings,
          report_date: date, reference: Path | None = None) -> Submission:
    """Compute the RIIA set for ``quarters`` and lay it out as the two files' rows."""
    riia = catalogue.get_set("riia")
    for quarter in quarters:
        quarter_fields(quarter)
    indicators = [catalogue.get(i) for i in riia.indicator_ids]
    engine.run(con, indicators, quarters, levels=("authority",), reference=reference, la_codes=[la])
    figures = {(r[0], r[1]): (r[2], r[3]) for r in con.execute(
        """SELECT indicator_id, period, numerator, note FROM indicator_result
           WHERE la_code = ? AND level = 'authority' AND period IN (SELECT unnest(?))""",
        [la, [q.label for q in quarters]]).fetchall()}
    head = [settings.region, la, settings.la_name or la, report_date.isoformat()]
    measures, concern_by_measure = [], {m: False for m in MAIN_MEASURES}
    for quarter in quarters:
        year, number = quarter_fields(quarter)
        for member in riia.members:
            count, note = figures.get((member.indicator_id, quarter.label), (None, "not computed"))
            # RIIA sends counts: a missing population (for the rate) is not a problem with the count
            problems = ([note] if count is None and note else []) + _concerns(
                con, la, quarter, catalogue.get(member.indicator_id).requires)
            if member.code in concern_by_measure and problems:
                concern_by_measure[member.code] = True
            value = "" if count is None else str(rounding.round_half_up(count, 0))
            measures.append(head + [year, number, member.code, value, "; ".join(problems)])
    context = [head + [f"X{i:02d}", "Yes" if concern_by_measure[m] else "No"] for i, m in enumerate(MAIN_MEASURES, 1)]
    context += [head + [code, settings.context.get(code, "")] for code in CONTEXT_QUESTIONS]
    return Submission(measures, context)


def write(submission: Submission, out: Path, la: str, report_date: date) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    measures = out / f"RIIA_measures_{la}_{report_date.isoformat()}.csv"
    context = out / f"RIIA_context_{la}_{report_date.isoformat()}.csv"
    for path, header, rows in ((measures, MEASURES_HEADER, submission.measures),
                               (context, CONTEXT_HEADER, submission.context)):
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(csv_row(row) for row in rows)
    return measures, context
