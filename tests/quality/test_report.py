"""The reports by child and by rule, CSV and xlsx, from a run stored by hand (no validator needed)."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from carepath.quality.report import BY_CHILD_COLUMNS, BY_RULE_COLUMNS, summarise, summary_lines, write_reports
from carepath.quality.returns import Return
from carepath.quality.validators import RunResult, record

# (child, rule, type, message, table, field, value, where)
ISSUES = [
    ("B2", "8831", "error", "Activity on an NFA referral", "CINdetails", "ReferralNFA", "ReferralNFA=true",
     "Child B2 > CINdetails 1"),
    ("A1", "8831", "error", "Activity on an NFA referral", "Assessments", "AssessmentActualStartDate",
     "AssessmentActualStartDate=2024-06-04", "Child A1 > CINdetails 1 > Assessments 1"),
    ("A1", "8831", "error", "Activity on an NFA referral", "CINdetails", "ReferralNFA", "ReferralNFA=true",
     "Child A1 > CINdetails 1"),
    ("A1", "1510", "error", "UPN invalid", "ChildIdentifiers", "UPN", "UPN=X1", "Child A1"),
    (None, "2887Q", "query", "Fewer than 8 disability codes", "Disabilities", "Disability", None,
     "the return as a whole"),
]


@pytest.fixture
def run(store):
    rows = [{"issue_no": n, "la_code": "846", "local_child_id": child, "child_id": f"846/{child}" if child else None,
             "rule_code": code, "rule_type": kind, "rule_message": message, "table_name": table, "field": field,
             "value": value, "row_ref": where}
            for n, (child, code, kind, message, table, field, value, where) in enumerate(ISSUES, 1)]
    ret = Return("cin", "cin_2024_25", [Path("cin.xml")], "xml", year="2024-25", la_code="846")
    result = record(store, RunResult(0, ret, "completed", "cin2024_25", issues=len(rows)), rows)
    return store, result.run_id


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def read_xlsx(path):
    sheet = load_workbook(path, read_only=True).active
    rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    return [row + [""] * (len(rows[0]) - len(row)) for row in rows]  # trailing empty cells are not stored


def test_the_run_and_its_issues_are_stored(run):
    store, run_id = run
    assert store.execute("SELECT return_kind, return_year, rule_pack, issues, status FROM validation_run "
                         "WHERE run_id = ?", [run_id]).fetchone() == ("cin", "2024-25", "cin2024_25", 5, "completed")
    assert store.execute("SELECT count(*), count(child_id) FROM validation_issue WHERE run_id = ?",
                         [run_id]).fetchone() == (5, 4)


def test_by_rule_counts_issues_and_children(run, tmp_path):
    store, run_id = run
    written = write_reports(store, run_id, tmp_path / "out", "cin_2024_25")
    assert sorted(p.name for p in written) == ["cin_2024_25_issues_by_child.csv", "cin_2024_25_issues_by_child.xlsx",
                                               "cin_2024_25_issues_by_rule.csv", "cin_2024_25_issues_by_rule.xlsx"]
    expected = [list(BY_RULE_COLUMNS),
                # 8831: three issues, on two children (A1 twice, B2 once); most issues first
                ["8831", "Activity on an NFA referral", "error", "3", "2"],
                ["1510", "UPN invalid", "error", "1", "1"],
                # 2887Q is about the return as a whole: one issue, no child
                ["2887Q", "Fewer than 8 disability codes", "query", "1", "0"]]
    assert read_csv(tmp_path / "out" / "cin_2024_25_issues_by_rule.csv") == expected
    assert read_xlsx(tmp_path / "out" / "cin_2024_25_issues_by_rule.xlsx") == expected


def test_by_child_lists_every_issue_child_by_child(run, tmp_path):
    store, run_id = run
    write_reports(store, run_id, tmp_path, "r")
    rows = read_csv(tmp_path / "r_issues_by_child.csv")
    assert rows[0] == list(BY_CHILD_COLUMNS)
    # A1 before B2, by rule code within a child; the return-level issue last, with no child
    assert [(r[0], r[2], r[5], r[9]) for r in rows[1:]] == [
        ("846/A1", "1510", "ChildIdentifiers", "3"),
        ("846/A1", "8831", "Assessments", "3"),
        ("846/A1", "8831", "CINdetails", "3"),
        ("846/B2", "8831", "CINdetails", "1"),
        ("", "2887Q", "Disabilities", ""),
    ]
    assert rows[2][6:9] == ["AssessmentActualStartDate", "AssessmentActualStartDate=2024-06-04",
                            "Child A1 > CINdetails 1 > Assessments 1"]
    assert read_xlsx(tmp_path / "r_issues_by_child.xlsx") == rows


def test_the_summary(run):
    store, run_id = run
    summary = summarise(store, run_id, top=2)
    assert (summary.rules_failed, summary.issues, summary.children) == (3, 5, 2)
    assert [r[0] for r in summary.top_rules] == ["8831", "1510"]
    lines = summary_lines(summary)
    assert lines[0] == "3 rules failed, 5 issues, 2 children affected"
    assert lines[2].split() == ["8831", "3", "issues,", "2", "children", "[error]", "Activity", "on", "an", "NFA",
                                "referral"]


def test_a_run_with_no_issues_writes_empty_reports(store, tmp_path):
    ret = Return("903", "ssda903_2024-25", [Path("header.csv")], "csv", year="2024-25", la_code="846")
    result = record(store, RunResult(0, ret, "completed", "lac2024_25"), [])
    write_reports(store, result.run_id, tmp_path, "clean")
    assert read_csv(tmp_path / "clean_issues_by_rule.csv") == [list(BY_RULE_COLUMNS)]
    assert read_xlsx(tmp_path / "clean_issues_by_child.xlsx") == [list(BY_CHILD_COLUMNS)]
    assert summary_lines(summarise(store, result.run_id)) == ["0 rules failed, 0 issues, 0 children affected"]
