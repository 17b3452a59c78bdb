"""The lines that explain rules that could not run, and a synthetic authority's expected issues."""
from __future__ import annotations

import json
from pathlib import Path

from carepath.model import store as store_mod
from carepath.quality.explain import area_reason, find_truth, not_run_lines, synthetic_lines
from carepath.quality.returns import Return
from carepath.quality.validators import RunResult, record


def _903(year="2024-25", previous=None, files=(Path("/nowhere/header.csv"),)) -> Return:
    return Return("903", "ssda903", list(files), "csv", year=year, la_code="846", previous=previous)


def _rule(code, reason, needs=(), crashed=False):
    return {"code": code, "reason": reason, "needs": list(needs), "crashed": crashed}


def test_rules_that_could_not_run_are_grouped_one_line_per_reason():
    answer = {"not_run": [_rule("202", "previous", ["Header_last"]), _rule("503A", "previous", ["Episodes_last"]),
                          _rule("224", "provider_info"), _rule("105", "xml_only"),
                          _rule("231", "fields", ["UASC_STATUS"], crashed=True),
                          _rule("118", "tables", ["Episodes"]), _rule("999", "unknown", crashed=True),
                          _rule("392a", "unknown")],
              "rules_left_out": ["1015", "229", "411"]}
    lines = not_run_lines(answer, _903(), area_reason("846", None, None))
    assert lines == [
        "2 rules (202, 503A) compare with the previous year's return, which was not given: give the 2023-24 return "
        "with --previous DIR (its folder, CSV files or XML file)",
        "1 rule (118) needs tables that were not given (Episodes)",
        "1 rule (224) needs Ofsted's list of providers (URNs, their places and registrations), which the "
        "validator's online tool loads and carepath does not have",
        "1 rule (105) checks only the XML return (fields CSV tables do not have)",
        "1 rule (231) reads fields these tables do not have (UASC_STATUS): only the XML return carries them",
        "1 rule (392a) was skipped by the validator, which did not say why",
        "1 rule (999) crashed on this data (the validator's own error; CAREPATH_DEBUG=1 shows it)",
        "3 rules (1015, 229, 411) compare placements with the authority's own area and were not run: they need "
        "its ONS code, which carepath finds in an LA lookup (columns old_la_code, new_la_code) in the "
        "--reference folder",
    ]


def test_with_a_previous_year_the_missing_tables_are_its_own():
    answer = {"not_run": [_rule("503A", "previous", ["Episodes_last"]), _rule("1001", "previous", ["Episodes_last"]),
                          _rule("386", "previous", ["OC3_last"])]}
    lines = not_run_lines(answer, _903(previous=_903("2023-24")), "")
    assert lines == ["3 rules (503A, 1001, 386) need tables the previous year's return does not include "
                     "(Episodes, OC3)"]


def test_cin_rules_that_crashed_are_said_so():
    assert not_run_lines({"rules_failed": ["8925"]}, Return("cin", "c", [], "xml", year="2024-25"), "") == \
        ["1 rule (8925) crashed on this data (the validator's own error; CAREPATH_DEBUG=1 shows it)"]


def test_why_the_area_rules_did_not_run():
    # a synthetic authority written before they stood in for a real area (no ons_code in its truth.json)
    assert area_reason("501", Path("/ref/la_lookup.csv"), {"la_code": "501"}) == (
        "LA 501 is a synthetic authority written by an earlier carepath synth, whose truth.json names no real area "
        "(ons_code) for it to stand in for: write it again to run them")
    assert area_reason("846", Path("/ref/la_lookup.csv"), None) == (
        "the LA lookup la_lookup.csv has no ONS code (new_la_code) for LA 846; add its row to run them")
    assert area_reason("846", None, None).startswith("they need its ONS code, which carepath finds in an LA lookup")


def _synthetic(tmp_path: Path, la_code="501") -> Path:
    folder = tmp_path / la_code / "ssda903" / "2024-25"
    folder.mkdir(parents=True)
    (folder / "header.csv").write_text("CHILD\n")
    (tmp_path / la_code / "truth.json").write_text(json.dumps({
        "la_code": la_code, "parameters": {}, "injected_errors": [
            {"return": "SSDA903", "year": "2024-25", "rule_code": "181", "child": "C1", "table": "oc2",
             "field": "IMMUNISATIONS"},
            {"return": "CIN census", "year": "2024-25", "rule_code": "4220", "child": "C2", "table": "x",
             "field": "Ethnicity"}]}))
    return folder / "header.csv"


def test_a_synthetic_authority_is_known_by_its_truth_json(tmp_path):
    header = _synthetic(tmp_path)
    ret = _903(files=[header])
    ret.la_code = "501"
    assert find_truth(ret)["la_code"] == "501"
    ret.la_code = "846"  # the truth.json is another authority's
    assert find_truth(ret) is None
    assert find_truth(_903(files=[tmp_path / "elsewhere.csv"])) is None


def test_a_synthetic_authoritys_issues_are_explained(tmp_path):
    header = _synthetic(tmp_path)
    ret = _903(files=[header])
    ret.la_code = "501"
    con = store_mod.connect(tmp_path / "s.duckdb")
    rows = []
    # two care leavers the rule cannot see (1002), the injected 181 for C1, a 181 for C3 that nobody injected, a 202
    for number, (rule, child) in enumerate([("1002", "C4"), ("1002", "C5"), ("181", "C1"), ("181", "C3"),
                                            ("202", "C6")], 1):
        rows.append({"issue_no": number, "la_code": "501", "local_child_id": child, "child_id": f"501/{child}",
                     "rule_code": rule, "rule_message": "", "rule_type": None, "table_name": "Episodes",
                     "field": None, "value": None, "row_ref": None})
    result = record(con, RunResult(0, ret, "completed", "lac2024_25"), rows)
    lines = synthetic_lines(con, result.run_id, ret, find_truth(ret))
    con.close()
    assert lines[0] == "LA 501 is a synthetic authority (carepath synth):"
    assert lines[1] == ("1 issue is an error carepath synth injected on purpose (listed in truth.json, "
                        "injected_errors)")
    assert lines[2].startswith("2 issues (rule 1002) are expected of synthetic data: care leavers (OC3) who left "
                               "care before the previous year's return")
    # 181 for C3 and 202 are neither injected nor known: they stay unexplained
    assert len(lines) == 3
