"""A validation run's issues as files and as a summary, read back from the store.

``<name>_issues_by_child`` lists every issue, child by child (issues about the return as a
whole, which name no child, come last), with where it is and the values flagged.
``<name>_issues_by_rule`` has one row per rule: its code, message, type (error or query; the
903 validator does not say), how many issues it raised and how many children they concern.
Each is written as CSV (UTF-8, for analysts and other tools) and as an xlsx workbook (for the
performance officer), with the same columns.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from carepath.safe_cells import csv_row, xlsx_row

BY_CHILD_COLUMNS = ("child_id", "local_child_id", "rule_code", "rule_type", "rule_message", "table", "field",
                    "value", "where", "issues_for_child")
BY_RULE_COLUMNS = ("rule_code", "rule_message", "rule_type", "issues", "children_affected")
_WIDTHS = {"rule_message": 70, "where": 50, "value": 40, "child_id": 20, "local_child_id": 18, "field": 30}


def issues_by_child(con, run_id: int) -> list[tuple]:
    return con.execute("""
        SELECT child_id, local_child_id, rule_code, rule_type, rule_message, table_name, field, value, row_ref,
               CASE WHEN child_id IS NULL THEN NULL ELSE count(*) OVER (PARTITION BY child_id) END
        FROM validation_issue WHERE run_id = ?
        ORDER BY child_id NULLS LAST, rule_code, issue_no""", [run_id]).fetchall()


def issues_by_rule(con, run_id: int) -> list[tuple]:
    return con.execute("""
        SELECT rule_code, any_value(rule_message), any_value(rule_type), count(*), count(DISTINCT child_id)
        FROM validation_issue WHERE run_id = ?
        GROUP BY rule_code ORDER BY count(*) DESC, rule_code""", [run_id]).fetchall()


def _write_csv(path: Path, columns, rows) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(csv_row(row) for row in rows)


def _write_xlsx(path: Path, sheet_title: str, columns, rows) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title)
    for index, name in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(name, 14)
    sheet.freeze_panes = "A2"
    header = []
    for name in columns:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    book.save(path)


def write_reports(con, run_id: int, out_dir: Path, name: str) -> list[Path]:
    """Write the four report files for a run; returns their paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for suffix, columns, rows, title in (
            ("issues_by_child", BY_CHILD_COLUMNS, issues_by_child(con, run_id), "Issues by child"),
            ("issues_by_rule", BY_RULE_COLUMNS, issues_by_rule(con, run_id), "Issues by rule")):
        csv_path, xlsx_path = out_dir / f"{name}_{suffix}.csv", out_dir / f"{name}_{suffix}.xlsx"
        _write_csv(csv_path, columns, rows)
        _write_xlsx(xlsx_path, title, columns, rows)
        written += [csv_path, xlsx_path]
    return written


@dataclass
class Summary:
    rules_failed: int
    issues: int
    children: int
    top_rules: list[tuple]  # (code, message, type, issues, children)


def summarise(con, run_id: int, top: int = 5) -> Summary:
    rules = issues_by_rule(con, run_id)
    children = con.execute("SELECT count(DISTINCT child_id) FROM validation_issue WHERE run_id = ?",
                           [run_id]).fetchall()[0][0]
    return Summary(len(rules), sum(r[3] for r in rules), children, rules[:top])


def summary_lines(summary: Summary) -> list[str]:
    lines = [f"{summary.rules_failed} rules failed, {summary.issues:,} issues, "
             f"{summary.children:,} children affected"]
    if summary.top_rules:
        lines.append("top rules:")
        for code, message, rule_type, issues, children in summary.top_rules:
            text = (message or "").strip()
            text = text if len(text) <= 90 else text[:87] + "..."
            kind = f" [{rule_type}]" if rule_type else ""
            lines.append(f"  {code:<8}{issues:>7,} issues, {children:>6,} children{kind}  {text}")
    return lines
