"""The DfE SSDA903 rules through the field's own validator: CSV sets by year, XML, the previous year."""
from __future__ import annotations

import shutil

import pytest

from quality_helpers import issues_of, run_row, validate_paths

pytestmark = pytest.mark.validators


@pytest.fixture(scope="module")
def two_years(validators_env, quality_fixtures, tmp_path_factory):
    """ssda903_2023_24/ and ssda903_2024_25/ validated together: (store path, {year: run})."""
    store = tmp_path_factory.mktemp("903") / "store.duckdb"
    results = validate_paths(store, validators_env,
                             [quality_fixtures / "ssda903_2023_24", quality_fixtures / "ssda903_2024_25"],
                             la_code="846")
    return store, {r.ret.year: r for r in results}


def test_csv_tables_are_grouped_by_the_year_in_their_names(two_years):
    store, runs = two_years
    assert sorted(runs) == ["2023-24", "2024-25"]
    run = run_row(store, runs["2024-25"].run_id)
    assert (run["return_kind"], run["rule_pack"], run["la_code"], run["status"]) == \
        ("903", "lac2024_25", "846", "completed")
    assert "episodes_2024_25.csv" in run["files"] and "header_2024_25.csv" in run["files"]
    assert "previous year: " in run["files"] and "header_2023_24.csv" in run["files"]


def test_an_episode_ending_before_it_starts_breaks_rule_356(two_years):
    store, runs = two_years
    [issue] = [i for i in issues_of(store, runs["2024-25"].run_id) if i["rule_code"] == "356"]
    # dd2: DECOM 10/09/2024, DEC 01/09/2024, on line 3 of the episodes file; the id keeps its case
    assert (issue["child_id"], issue["local_child_id"], issue["table_name"], issue["row_ref"], issue["value"]) == \
        ("846/dd2", "dd2", "Episodes", "episodes_2024_25.csv line 3 (DECOM 10/09/2024)", "DECOM=10/09/2024")


def test_the_previous_year_is_compared(two_years):
    store, runs = two_years
    assert "compared with the previous year's return, 2023-24 (header_2023_24.csv)" in runs["2024-25"].message
    # dd2 was born 21/08/2012 in last year's header and 20/08/2012 in this year's (rule 203)
    [issue] = [i for i in issues_of(store, runs["2024-25"].run_id) if i["rule_code"] == "203"]
    assert (issue["child_id"], issue["row_ref"], issue["value"]) == \
        ("846/dd2", "header_2024_25.csv line 3", "DOB=20/08/2012")
    # the earlier year has nothing before it to compare with
    assert not [i for i in issues_of(store, runs["2023-24"].run_id) if i["rule_code"] == "203"]


def test_a_clean_child_raises_no_issue(two_years):
    store, runs = two_years
    issues = issues_of(store, runs["2024-25"].run_id)
    assert {i["child_id"] for i in issues} == {"846/dd2"}
    assert sorted(i["rule_code"] for i in issues) == ["203", "356"]


def test_rules_about_the_authoritys_own_area_need_its_ons_code(two_years, validators_env, quality_fixtures,
                                                               tmp_path):
    _, runs = two_years
    assert ("3 rules (1015, 229, 411) compare placements with the authority's own area and were not run: they "
            "need its ONS code, which carepath finds in an LA lookup (columns old_la_code, new_la_code) in the "
            "--reference folder") in runs["2024-25"].message
    # with an LA lookup in the reference folder they run. Both children are made to live in
    # children's homes (K2) run by their own LA (PR1): C1's is in Birmingham (B1 1AA), outside
    # Brighton and Hove (846, E06000043), so rule 1015 flags her; dd2's is in Brighton (BN1 1AD).
    reference = tmp_path / "reference"
    reference.mkdir()
    (reference / "la_lookup.csv").write_text("old_la_code,new_la_code,la_name\n846,E06000043,Brighton and Hove\n")
    returns = tmp_path / "ssda903_2024_25"
    shutil.copytree(quality_fixtures / "ssda903_2024_25", returns)
    episodes = returns / "episodes_2024_25.csv"
    text = episodes.read_text().replace(",U4,PR1,", ",K2,PR1,").replace("BN1 1AA,BN1 1AB", "BN1 1AA,B1 1AA")
    episodes.write_text(text)
    store = tmp_path / "s.duckdb"
    [result] = validate_paths(store, validators_env, [returns], la_code="846", reference=reference)
    assert "compare placements with the authority's own area" not in result.message
    flagged = {(i["child_id"], i["rule_code"]) for i in issues_of(store, result.run_id)}
    assert ("846/C1", "1015") in flagged
    assert ("846/dd2", "1015") not in flagged


def test_an_xml_return(validators_env, quality_fixtures, tmp_path):
    store = tmp_path / "s.duckdb"
    [result] = validate_paths(store, validators_env, [quality_fixtures / "ssda903_2024_25.xml"], la_code="846")
    assert (result.ret.year, result.pack) == ("2024-25", "lac2024_25")
    issues = issues_of(store, result.run_id)
    assert [(i["child_id"], i["rule_code"], i["row_ref"]) for i in issues] == \
        [("846/dd2", "356", "ssda903_2024_25.xml: CHILD dd2, Episodes (DECOM 10/09/2024)")]


def test_the_made_up_samples(validators_env, samples, tmp_path):
    store = tmp_path / "s.duckdb"
    [result] = validate_paths(store, validators_env, [samples / "ssda903"], year="2024-25", la_code="846")
    run = run_row(store, result.run_id)
    assert (run["status"], run["rule_pack"]) == ("completed", "lac2024_25")
    # every table was read, sw_episodes.csv with its byte-order mark too
    for name in ("header.csv", "episodes.csv", "sw_episodes.csv", "DoLo.csv", "placed_for_adoption.csv"):
        assert name in run["files"]
    # header.csv line 2: child 566910 has SEX 2, but from 2024-25 sex is M, F or U (rule 101)
    found = [i for i in issues_of(store, result.run_id)
             if i["rule_code"] == "101" and i["row_ref"] == "header.csv line 2"]
    assert [(i["child_id"], i["value"]) for i in found] == [("846/566910", "SEX=2")]


def test_a_truncated_xml_return_is_a_failed_run(validators_env, quality_fixtures, tmp_path):
    whole = (quality_fixtures / "ssda903_2024_25.xml").read_text()
    path = tmp_path / "ssda903_2024_25.xml"
    path.write_text(whole[: whole.index("<DECOM>10/09")])
    store = tmp_path / "s.duckdb"
    [result] = validate_paths(store, validators_env, [path], la_code="846")
    run = run_row(store, result.run_id)
    assert (run["status"], run["issues"], run["return_year"]) == ("failed", 0, "2024-25")
    assert run["message"].startswith("the validator could not check ssda903_2024_25.xml: "
                                     "not SSDA903 XML the validator can read")


def test_rules_that_could_not_run_are_explained_one_line_per_reason(two_years):
    _, runs = two_years
    earlier, later = runs["2023-24"].message, runs["2024-25"].message
    # 2023-24 has nothing before it among the files
    assert ("compare with the previous year's return, which was not given: give the 2022-23 return with "
            "--previous DIR (its folder, CSV files or XML file)") in earlier
    # 2024-25 has 2023-24's header only: the rules that want its other tables say which
    assert "need tables the previous year's return does not include (Episodes" in later
    assert "need Ofsted's list of providers" in later
    # rules 105 and 205A-C return nothing for CSV (they read the XML return's UASC fields); 231 crashes on CSV,
    # which has no UASC_STATUS
    assert "4 rules (205A, 205B, 105, 205C) check only the XML return (fields CSV tables do not have)" in later
    assert "1 rule (231) reads fields these tables do not have (UASC_STATUS): only the XML return carries them" \
        in later
    # a few return nothing when some value is absent (392a without UASC): they are still named, as such
    [skipped] = [line for line in later.split("; ") if line.endswith("were skipped by the validator, which did not "
                                                                      "say why")]
    assert skipped.startswith("5 rules (") and "392a" in skipped


def test_a_lookup_without_the_authority_is_named(validators_env, quality_fixtures, tmp_path):
    reference = tmp_path / "reference"
    reference.mkdir()
    (reference / "la_lookup.csv").write_text("old_la_code,new_la_code,la_name\n845,E10000011,East Sussex\n")
    [result] = validate_paths(tmp_path / "s.duckdb", validators_env, [quality_fixtures / "ssda903_2024_25"],
                              la_code="846", reference=reference)
    assert ("3 rules (1015, 229, 411) compare placements with the authority's own area and were not run: the LA "
            "lookup la_lookup.csv has no ONS code (new_la_code) for LA 846; add its row to run them") in result.message
