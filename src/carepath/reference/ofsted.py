"""Ofsted's inspection outcomes for each authority (ILACS), read from the reference folder as context.

The layout read is the one-row-per-authority ILACS summary (as the data-to-insight ILACS scrape
tool writes it from Ofsted's published reports, and as Ofsted's own "Children's social care data
in England" ILACS outcomes give it), as CSV or xlsx (first sheet, header in the first row), found
by its columns anywhere under the reference folder:

* ``la_code`` (DfE's 3-digit number), ``local_authority``;
* ``overall_effectiveness_grade``, ``impact_of_leaders_grade``, ``help_and_protection_grade``,
  ``in_care_grade``, ``care_leavers_grade``: ``outstanding``, ``good``, ``requires improvement``,
  ``inadequate`` (any case), or ``inspection_pre_dates_judgement`` where the inspection came before
  that judgement existed (care leavers were judged apart from children in care from 2023);
* ``inspection_framework`` (standard, short, focused visit), ``inspection_start_date``,
  ``inspection_end_date`` and ``publication_date`` (DD/MM/YYYY or DD/MM/YY, or ISO dates), and
  ``inspection_link`` (the report).

Only ``la_code`` and ``overall_effectiveness_grade`` are required; a missing column is an empty
judgement. Without such a file, :func:`outcomes` is empty and pages say the outcomes are not loaded.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from carepath.reference.files import find

REQUIRED = ("la_code", "overall_effectiveness_grade")
JUDGEMENTS = (("overall_effectiveness_grade", "Overall effectiveness"),
              ("impact_of_leaders_grade", "The impact of leaders on social work practice"),
              ("help_and_protection_grade", "The experiences and progress of children who need help and protection"),
              ("in_care_grade", "The experiences and progress of children in care"),
              ("care_leavers_grade", "The experiences and progress of care leavers"))
SOURCE = ("Inspections of local authority children's services (ILACS): outcomes published by Ofsted, "
          "as the latest inspection of each authority")


@dataclass(frozen=True)
class Inspection:
    la_code: str
    name: str
    judgements: tuple[tuple[str, str], ...]     # (judgement, grade in words)
    framework: str
    start: date | None
    end: date | None
    published: date | None
    link: str

    @property
    def overall(self) -> str:
        return self.judgements[0][1]


def grade(text: object) -> str:
    words = str(text or "").strip().lower().replace("_", " ")
    if not words:
        return "not given"
    if "pre dates" in words or "predates" in words:
        return "not judged (the inspection came before this judgement)"
    return words[0].upper() + words[1:]


def _date(text: object) -> date | None:
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    value = str(text or "").strip()
    for pattern in ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def _xlsx(folder: Path) -> Path | None:
    from openpyxl import load_workbook
    for path in sorted(Path(folder).rglob("*.xlsx")):
        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception:  # not a workbook openpyxl reads: not ours to judge here
            continue
        try:
            header = next(book.worksheets[0].iter_rows(max_row=1, values_only=True), ())
        finally:
            book.close()
        if set(REQUIRED) <= {str(h or "").strip().lower() for h in header}:
            return path
    return None


def _rows(path: Path) -> list[dict]:
    if path.suffix.lower() == ".csv":
        with open(path, newline="", encoding="utf-8-sig") as handle:
            return [{(k or "").strip().lower(): v for k, v in row.items()} for row in csv.DictReader(handle)]
    from openpyxl import load_workbook
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = [str(h or "").strip().lower() for h in next(rows, ())]
        return [dict(zip(header, row)) for row in rows]
    finally:
        book.close()


@lru_cache(maxsize=4)
def _outcomes(folder: Path) -> dict[str, Inspection]:
    path = find(folder, *REQUIRED) or _xlsx(folder)
    found: dict[str, Inspection] = {}
    if path is None:
        return found
    for row in _rows(path):
        code = str(row.get("la_code") or "").strip()
        if not code.isdigit():
            continue
        found[code] = Inspection(
            code, str(row.get("local_authority") or "").strip().title(),
            tuple((title, grade(row.get(column))) for column, title in JUDGEMENTS),
            str(row.get("inspection_framework") or "").strip(), _date(row.get("inspection_start_date")),
            _date(row.get("inspection_end_date")), _date(row.get("publication_date")),
            str(row.get("inspection_link") or "").strip() if str(row.get("inspection_link") or "").startswith("https://")
            else "")
    return found


def outcomes(folder: Path | None) -> dict[str, Inspection]:
    """The latest inspection of each authority, by DfE number; empty when the reference folder has none."""
    if folder is None or not Path(folder).is_dir():
        return {}
    return _outcomes(Path(folder).resolve())
