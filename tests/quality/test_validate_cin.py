"""The DfE CIN census rules through the field's own validator: known breaches found, clean records left alone."""
from __future__ import annotations

import pytest

from quality_helpers import issues_of, run_row, validate_paths

pytestmark = pytest.mark.validators


@pytest.fixture(scope="module")
def breaches(validators_env, quality_fixtures, tmp_path_factory):
    """cin_breaches_2024_25.xml validated once: (store path, its run)."""
    store = tmp_path_factory.mktemp("cin") / "store.duckdb"
    [result] = validate_paths(store, validators_env, [quality_fixtures / "cin_breaches_2024_25.xml"])
    return store, result


def test_the_run_is_recorded_with_the_pack_of_the_census_year(breaches):
    store, result = breaches
    run = run_row(store, result.run_id)
    # Header: ReferenceDate 2025-03-31 -> census year 2024-25; LEA 846
    assert (run["return_kind"], run["return_year"], run["rule_pack"], run["la_code"], run["status"]) == \
        ("cin", "2024-25", "cin2024_25", "846", "completed")
    assert run["issues"] == len(issues_of(store, result.run_id)) == 3


def test_an_nfa_referral_with_an_assessment_breaks_rule_8831(breaches):
    store, result = breaches
    nfa = [(i["rule_code"], i["table_name"], i["row_ref"]) for i in issues_of(store, result.run_id)
           if i["child_id"] == "846/NFA1"]
    # 8831 flags both records: the referral marked NFA and the assessment recorded against it
    assert sorted(nfa) == [
        ("8831", "Assessments", "Child NFA1 > CINdetails 1 (referral 2024-06-03) > Assessments 1 (start 2024-06-04)"),
        ("8831", "CINdetails", "Child NFA1 > CINdetails 1 (referral 2024-06-03)"),
    ]


def test_a_clean_record_raises_no_issue(breaches):
    store, result = breaches
    issues = issues_of(store, result.run_id)
    assert not [i for i in issues if i["local_child_id"] == "CLEAN1"]
    assert all(i["rule_type"] in ("error", "query") for i in issues)


def test_return_level_rules_name_no_child(breaches):
    store, result = breaches
    # two distinct disability codes (only NONE) in the whole return: query 2887Q asks about fewer than 8
    whole = [i for i in issues_of(store, result.run_id) if i["child_id"] is None]
    assert [(i["rule_code"], i["rule_type"], i["row_ref"]) for i in whole] == \
        [("2887Q", "query", "the return as a whole")]


def test_namespaces_and_a_missing_header_are_read(validators_env, quality_fixtures, tmp_path):
    text = (quality_fixtures / "cin_breaches_2024_25.xml").read_text()
    start, end = text.index("  <Header>"), text.index("</Header>") + len("</Header>")
    namespaced = (text[:start] + text[end:]).replace("<Message>", '<Message xmlns="http://www.dfe.gov.uk/CIN">')
    path = tmp_path / "cin_no_header.xml"
    path.write_text(namespaced)
    store = tmp_path / "s.duckdb"
    [result] = validate_paths(store, validators_env, [path], year="2024-25", la_code="846")
    assert result.status == "completed"
    assert "the file has no Header ReferenceDate; the rules used 2025-03-31" in result.message
    found = {(i["child_id"], i["rule_code"], i["table_name"]) for i in issues_of(store, result.run_id)}
    assert ("846/NFA1", "8831", "Assessments") in found
    assert not any(child == "846/CLEAN1" for child, _, _ in found)


def test_the_made_up_samples(validators_env, samples, tmp_path):
    store = tmp_path / "s.duckdb"
    [result] = validate_paths(store, validators_env, [samples / "cin_census" / "CIN_Census_2024.xml"])
    run = run_row(store, result.run_id)
    # ReferenceDate 2024-03-31 -> 2023-24; LEA 201
    assert (run["return_year"], run["rule_pack"], run["la_code"]) == ("2023-24", "cin2023_24", "201")
    issues = issues_of(store, result.run_id)
    # child_fails_assessments: assessment started 2023-12-25, before its referral of 2024-10-24 (rule 1103)
    assert {"rule_code": "1103", "table_name": "Assessments", "value": "AssessmentActualStartDate=2023-12-25"}.items() \
        <= next(i for i in issues if i["child_id"] == "201/child_fails_assessments"
                and i["rule_code"] == "1103" and i["table_name"] == "Assessments").items()


def test_a_year_without_a_pack_uses_the_nearest_and_says_so(validators_env, quality_fixtures, tmp_path):
    store = tmp_path / "s.duckdb"
    # --year overrides the Header; the validator's CIN packs start at 2022-23
    [result] = validate_paths(store, validators_env, [quality_fixtures / "cin_breaches_2024_25.xml"], year="2019-20")
    assert (result.pack, run_row(store, result.run_id)["return_year"]) == ("cin2022_23", "2019-20")
    assert "no rule pack for 2019-20" in result.message and "used the nearest, cin2022_23" in result.message
    assert "846/NFA1" in {i["child_id"] for i in issues_of(store, result.run_id) if i["rule_code"] == "8831"}


def test_a_truncated_file_is_a_failed_run_with_a_plain_message(validators_env, quality_fixtures, tmp_path):
    whole = (quality_fixtures / "cin_breaches_2024_25.xml").read_text()
    path = tmp_path / "cut.xml"
    path.write_text(whole[: whole.index("<LAchildID>NFA1")])
    store = tmp_path / "s.duckdb"
    [result] = validate_paths(store, validators_env, [path])
    run = run_row(store, result.run_id)
    assert (run["status"], run["issues"]) == ("failed", 0)
    assert run["message"].startswith("the validator could not check cut.xml: not well-formed XML")
    assert "Traceback" not in run["message"]
    assert issues_of(store, result.run_id) == []
