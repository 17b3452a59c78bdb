"""Writing the compiled RIIA workbook: compiled figures, the latest quarter side by side, totals,
context, the full history and every problem found, with a sheet saying how it was made."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from carepath import rounding
from carepath.exchange.disclosure import SUPPRESSED
from carepath.exchange.riia_compile import Compilation
from carepath.exchange.riia_read import Submissions
from carepath.safe_cells import xlsx_row

LABELS = {
    "201": "Initial contacts", "202": "Referrals", "20202": "Referrals: individual", "20203": "Referrals: schools",
    "20204": "Referrals: education services", "20205": "Referrals: health services", "20206": "Referrals: housing",
    "20207": "Referrals: LA services", "20208": "Referrals: police", "20209": "Referrals: other legal agency",
    "20210": "Referrals: other", "20211": "Referrals: anonymous", "20212": "Referrals: unknown",
    "203": "Repeat referrals", "204": "Assessments started", "205": "Assessments completed",
    "206": "Assessments completed within 45 days", "207": "Current children in need", "208": "S47 enquiries",
    "209": "ICPCs within 15 days of S47", "210": "New CP plans", "211": "Current CP plans", "212": "CP plans ceasing",
    "213": "Repeat CP plans (ever)", "214": "Repeat CP plans (2 years)", "215": "Current CLA", "216": "New CLA",
    "217": "CLA ceasing", "218": "Current CLA who are UASC", "219": "Care leavers", "220": "UASC care leavers",
    "221": "EHE children", "222": "Requests for EHC needs assessment", "223": "EHC needs assessments",
    "224": "EHC plans issued",
}


def _sheet(book: Workbook, title: str, header: list[str], rows: list[list]) -> None:
    """A sheet written row by row (write-only mode: the History of a national compile is 100,000+ rows)."""
    ws = book.create_sheet(title)
    for i, name in enumerate(header, 1):
        ws.column_dimensions[get_column_letter(i)].width = max(10, min(45, len(str(name)) + 4))
    ws.freeze_panes = "A2"
    bold = []
    for name in header:
        cell = WriteOnlyCell(ws, value=name)
        cell.font = Font(bold=True)
        bold.append(cell)
    ws.append(bold)
    for row in rows:
        ws.append(xlsx_row(ws, row))


COMPILED_HEADER = ["LA code", "LA name", "Region", "Measure year", "Measure quarter", "Measure no.", "Measure",
                   "Value", "Rate or %", "Of", "Report date", "Note", "Quality check"]


def _count(f):
    """A compiled count as written: ``c`` where disclosure control suppressed it."""
    return SUPPRESSED if f.suppressed else f.count


def _derived(f):
    """A compiled rate or percentage as written: rounded half up as DfE publishes it, ``c`` where suppressed."""
    if f.derived_suppressed and f.derived is not None:
        return SUPPRESSED
    unit = "percent" if f.derived_kind == "%" else "rate"
    return rounding.round_half_up(f.derived, rounding.places(unit))


def compiled_rows(compilation: Compilation, suppression: bool) -> list[list]:
    """The Compiled sheet's rows (also the compiled CSV): one per authority, quarter and measure."""
    return [[f.area, f.area_name, f.region, f.year, f"Q{f.quarter}", f.measure, LABELS.get(f.measure, ""),
             _count(f), _derived(f), f.derived_kind, f.report_date.isoformat() if f.report_date else None, f.note,
             f.quality] for f in compilation.figures if not f.total]


CONTEXT_SHEET_HEADER = ["LA code", "LA name", "Region", "Contextual measure no.", "Value", "Report date"]


def context_rows(submissions: Submissions) -> list[list]:
    """The latest answer of each authority to each contextual item (the Context sheet)."""
    latest_context = {}
    for row in submissions.context:
        key = (row.la_code, row.item)
        if key not in latest_context or row.report_date >= latest_context[key].report_date:
            latest_context[key] = row
    return [[r.la_code, r.la_name, r.region, r.item, r.value, r.report_date.isoformat()]
            for _, r in sorted(latest_context.items())]


def write_csv(path: Path, compilation: Compilation, submissions: Submissions, suppression: bool,
              settings: dict | None = None) -> Path:
    """The Compiled sheet as CSV, the Context sheet beside it as ``<name>_context.csv`` and the region's
    settings as ``<name>_settings.csv``: what ``carepath riia import`` reads back into an authority's store."""
    import csv
    from carepath.exchange.riia_region import SETTINGS_HEADER, settings_rows
    from carepath.safe_cells import csv_row
    path.parent.mkdir(parents=True, exist_ok=True)
    for target, header, rows in ((path, COMPILED_HEADER, compiled_rows(compilation, suppression)),
                                 (path.with_name(path.stem + "_context.csv"), CONTEXT_SHEET_HEADER,
                                  context_rows(submissions)),
                                 (path.with_name(path.stem + "_settings.csv"), SETTINGS_HEADER,
                                  settings_rows(settings or {}))):
        with open(target, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(csv_row(["" if v is None else v for v in row]) for row in rows)
    return path


def write(path: Path, compilation: Compilation, submissions: Submissions, suppression: bool,
          settings: dict | None = None) -> None:
    from carepath.exchange.riia_region import SETTINGS_HEADER, settings_rows
    book = Workbook(write_only=True)
    figures = compilation.figures
    quarters = sorted({(f.year, f.quarter) for f in figures})
    _sheet(book, "Read me", ["carepath: compiled RIIA submissions"], [
        [f"Made {datetime.now():%Y-%m-%d %H:%M} from {submissions.rows_read} rows read: "
         f"{submissions.rows_accepted} accepted into the history, {submissions.duplicates} duplicates kept once, "
         f"{len(submissions.problems)} problems reported (sheet Problems)."],
        ["Compiled: for each authority, quarter and measure, the value with the latest report date."],
        ["Rates are per 10,000 children aged 0-17 (ONS mid-year estimate of the year before the financial year "
         "ends); percentages are of their base measure (203 and 20202-20212 of 202, 206 of 205, 209 of 208 as "
         "the RIIA proposal words it and the dashboard shows it, 213 and 214 of 210, 220 of 219)."],
        ["Totals: each region and England, summing the authorities that reported (column 'Authorities')."],
        ["History: every row received. With disclosure control on, its values are withheld (they would undo the "
         "suppression); compile with --no-suppression for the co-ordinator's own full copy."],
        [("Disclosure control: counts of 1 to 4, and the cells that would let them be worked out from totals, "
          f"are shown as '{SUPPRESSED}', as DfE does; rates and percentages on them too. "
          f"{compilation.suppressed} cells suppressed.") if suppression else
         "Disclosure control was switched OFF: this workbook shows small numbers and must not be shared."],
    ])

    _sheet(book, "Compiled", COMPILED_HEADER, compiled_rows(compilation, suppression))
    _sheet(book, "Totals", ["Area", "Measure year", "Measure quarter", "Measure no.", "Measure", "Value",
                            "Rate or %", "Of", "Authorities", "Note"],
           [[f.area, f.year, f"Q{f.quarter}", f.measure, LABELS.get(f.measure, ""), _count(f), _derived(f),
             f.derived_kind, f.reporting, f.note] for f in figures if f.total])
    if quarters:
        year, quarter = quarters[-1]
        latest = [f for f in figures if (f.year, f.quarter) == (year, quarter) and not f.total]
        measures = sorted({f.measure for f in latest}, key=lambda m: (len(m), m))
        areas = sorted({(f.region, f.area, f.area_name) for f in latest})
        index = {(f.area, f.measure): f for f in latest}
        _sheet(book, f"{year} Q{quarter}", ["Region", "LA code", "LA name"] + [f"{m} {LABELS.get(m, '')}" for m in measures],
               [[region, area, name] + [_count(index[(area, m)]) if (area, m) in index else None for m in measures]
                for region, area, name in areas])
    _sheet(book, "Context", CONTEXT_SHEET_HEADER, context_rows(submissions))
    _sheet(book, "Settings", SETTINGS_HEADER, settings_rows(settings or {}))
    _sheet(book, "History", ["LA code", "LA name", "Region", "Report date", "Measure year", "Measure quarter",
                             "Measure no.", "Measure value", "Quality check", "File", "Row"],
           [[r.la_code, r.la_name, r.region, r.report_date.isoformat(), r.year, f"Q{r.quarter}", r.measure,
             "withheld (disclosure control)" if suppression else r.value, r.quality_check, r.file, r.row]
            for r in submissions.measures])
    _sheet(book, "Problems", ["File", "Row", "Problem"],
           [[p.file, p.row, p.message] for p in submissions.problems])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
