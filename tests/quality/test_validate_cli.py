"""`carepath validate` as a user runs it: a summary per return, reports on request, plain failures."""
from __future__ import annotations

import csv
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.validators


def carepath(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "carepath", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=dict(os.environ), timeout=300)


def test_validate_prints_a_summary_and_writes_reports(validators_env, quality_fixtures, tmp_path):
    (tmp_path / "notes.txt").write_text("not a return\n")
    done = carepath("validate", quality_fixtures / "cin_breaches_2024_25.xml", quality_fixtures / "ssda903_2024_25",
                    tmp_path / "notes.txt", "--la", "846", "--out", tmp_path / "out",
                    "--store", tmp_path / "s.duckdb")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "not validated: notes.txt: its columns are not those of an SSDA903 table" in out
    assert "CIN census 2024-25 (cin_breaches_2024_25.xml), LA 846" in out
    assert "rule pack cin2024_25; validation run 1" in out
    # CIN: 8831 twice for NFA1, 2887Q once for the return -> 2 rules, 3 issues, 1 child
    assert "2 rules failed, 3 issues, 1 children affected" in out
    assert "SSDA903 2024-25 (episodes_2024_25.csv, header_2024_25.csv), LA 846" in out
    # 903 without the previous year: only 356 for dd2
    assert "1 rules failed, 1 issues, 1 children affected" in out
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["cin_breaches_2024_25_issues_by_child.csv", "cin_breaches_2024_25_issues_by_child.xlsx",
                     "cin_breaches_2024_25_issues_by_rule.csv", "cin_breaches_2024_25_issues_by_rule.xlsx",
                     "ssda903_2024-25_issues_by_child.csv", "ssda903_2024-25_issues_by_child.xlsx",
                     "ssda903_2024-25_issues_by_rule.csv", "ssda903_2024-25_issues_by_rule.xlsx"]
    with open(tmp_path / "out" / "ssda903_2024-25_issues_by_rule.csv", newline="", encoding="utf-8") as handle:
        assert list(csv.reader(handle))[1] == [
            "356", "The date the episode ceased is before the date the same episode started.", "", "1", "1"]


def test_a_file_the_validator_cannot_read_fails_plainly(validators_env, quality_fixtures, tmp_path):
    whole = (quality_fixtures / "cin_breaches_2024_25.xml").read_text()
    (tmp_path / "cut.xml").write_text(whole[: len(whole) // 2])
    done = carepath("validate", tmp_path / "cut.xml", "--store", tmp_path / "s.duckdb")
    assert done.returncode == 1
    assert "NOT VALIDATED (run 1 recorded as failed): the validator could not check cut.xml" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
