"""The CIN census XML reader: hand-built files of both eras, rejects, duplicates, re-loads, samples.

Every expected value below was read off the fixture files in tests/fixtures/cin by hand.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date as d
from pathlib import Path

from carepath.sources import cin_census
from carepath.sources.loader import load_file


def rows(con, sql):
    return con.execute(sql).fetchall()


def accounting(con, batch_id):
    return {t: (r, lo, rj) for t, r, lo, rj in rows(
        con, f"SELECT table_name, rows_read, rows_loaded, rows_rejected FROM load_count WHERE batch_id = {batch_id}")}


# -- detection ------------------------------------------------------------------------------------
def test_detect_accepts_cin_files_however_they_start(fixtures):
    for name in ("cin_2019_20.xml", "cin_2024_25.xml", "cin_namespaced_no_header.xml"):
        path = fixtures / "cin" / name
        assert cin_census.detect(path, path.read_bytes()[:8192]), name
    utf16 = ('<?xml version="1.0" encoding="UTF-16"?>'
             '<Message><Children><Child><CINdetails/></Child></Children></Message>')
    assert cin_census.detect(Path("x.xml"), utf16.encode("utf-16"))


def test_detect_refuses_other_files():
    ssda903 = (b'<?xml version="1.0"?><Message><Header><CollectionDetails><Collection>SSDA903</Collection>'
               b'</CollectionDetails></Header><Children><Child><Episodes/></Child></Children></Message>')
    assert not cin_census.detect(Path("903.xml"), ssda903)
    assert not cin_census.detect(Path("a.csv"), b"CHILD,SEX,DOB\n1,1,01/01/2015\n")
    assert not cin_census.detect(Path("b.xml"), b"<Root><CINdetails/></Root>")


# -- the GenderCurrent era (2019-20) --------------------------------------------------------------
def test_a_2019_20_census_loads_every_value(store, fixtures):
    result = load_file(store, fixtures / "cin" / "cin_2019_20.xml")
    assert result.status == "loaded", result.message
    assert (result.format, result.la_code) == ("cin-census-xml", "846")
    assert rows(store, "SELECT child_id, la_code, local_child_id, upn, former_upn, upn_unknown, dob, expected_dob, "
                       "sex, ethnicity, disabilities, date_of_death FROM child ORDER BY child_id") == [
        ("846/A1", "846", "A1", "A123456789012", None, None, d(2012, 5, 14), None, "M", "WBRI", ["HAND", "AUT"], None),
        ("846/B2", "846", "B2", None, None, "UN1", None, d(2020, 4, 20), "U", "NOBT", None, None),
        ("846/C3", "846", "C3", "B987654321098", "C11111111111D", None, d(2004, 11, 2), None, "F", "BAFR", ["NONE"],
         d(2020, 2, 29)),
        ("846/D4", "846", "D4", None, None, None, d(2008, 1, 1), None, "U", "MWAS", None, None),
    ]
    assert rows(store, "SELECT referral_id, child_id, referral_date, source, primary_need, nfa, closure_date, "
                       "closure_reason, icpc_date FROM referral ORDER BY referral_id") == [
        ("846/A1/2019-06-03", "846/A1", d(2019, 6, 3), "2A", "N1", False, d(2020, 1, 31), "RC7", None),
        ("846/B2/2020-02-10", "846/B2", d(2020, 2, 10), "3B", "N4", True, None, None, None),
        ("846/C3/2018-11-20", "846/C3", d(2018, 11, 20), "6", "N5", False, d(2019, 5, 1), "RC8", None),
        ("846/C3/2019-09-09", "846/C3", d(2019, 9, 9), "1C", "N3", False, d(2020, 2, 29), "RC2", d(2019, 10, 1)),
        ("846/D4/2019-04-01", "846/D4", d(2019, 4, 1), "10", "N9", True, d(2019, 4, 1), "RC8", None),
    ]
    assert rows(store, "SELECT assessment_id, referral_id, child_id, start_date, internal_review_date, "
                       "authorised_date, factors FROM assessment ORDER BY assessment_id") == [
        ("846/A1/2019-06-03/2019-06-04", "846/A1/2019-06-03", "846/A1", d(2019, 6, 4), d(2019, 6, 20),
         d(2019, 7, 15), ["3B", "4B", "16A"]),
        ("846/C3/2018-11-20/2018-11-21", "846/C3/2018-11-20", "846/C3", d(2018, 11, 21), None, d(2018, 12, 10),
         ["21"]),
    ]
    assert rows(store, "SELECT s47_id, referral_id, child_id, start_date, icpc_target, icpc_date, "
                       "icpc_not_required FROM s47 ORDER BY s47_id") == [
        ("846/A1/2019-06-03/2019-06-05", "846/A1/2019-06-03", "846/A1", d(2019, 6, 5), d(2019, 6, 26),
         d(2019, 6, 24), False),
        ("846/C3/2019-09-09/2019-09-10", "846/C3/2019-09-09", "846/C3", d(2019, 9, 10), None, None, True),
    ]
    assert rows(store, "SELECT cp_plan_id, referral_id, child_id, start_date, end_date, initial_category, "
                       "latest_category, previous_plans FROM cp_plan ORDER BY cp_plan_id") == [
        ("846/A1/2019-06-24", "846/A1/2019-06-03", "846/A1", d(2019, 6, 24), d(2020, 1, 20), "NEG", "EMO", 0),
        ("846/C3/2019-10-01", "846/C3/2019-09-09", "846/C3", d(2019, 10, 1), d(2020, 2, 29), "PHY", "MUL", 1),
    ]
    assert rows(store, "SELECT cp_plan_id, child_id, review_date FROM cp_review ORDER BY review_date") == [
        ("846/A1/2019-06-24", "846/A1", d(2019, 9, 16)), ("846/A1/2019-06-24", "846/A1", d(2019, 12, 9))]
    assert rows(store, "SELECT count(*) FROM cin_plan")[0][0] == 0
    assert rows(store, "SELECT la_code, format, return_year, rows_read, rows_loaded, rows_rejected "
                       "FROM load_batch") == [("846", "cin-census-xml", "2019-20", 17, 17, 0)]
    assert accounting(store, result.batch_id) == {
        "child": (4, 4, 0), "referral": (5, 5, 0), "assessment": (2, 2, 0), "s47": (2, 2, 0),
        "cp_plan": (2, 2, 0), "cp_review": (2, 2, 0)}


# -- the Sex era (2024-25), with CIN plans and pre-proceedings ------------------------------------
def test_a_2024_25_census_loads_every_value(store, fixtures):
    result = load_file(store, fixtures / "cin" / "cin_2024_25.xml")
    assert result.status == "loaded", result.message
    assert rows(store, "SELECT child_id, upn, former_upn, upn_unknown, dob, expected_dob, sex, ethnicity, "
                       "disabilities FROM child ORDER BY child_id") == [
        ("846/E5", "A000000000017", None, None, d(2016, 8, 30), None, "F", "AIND", ["LD", "COMM", "BEH"]),
        ("846/F6", None, None, "UN1", None, d(2025, 5, 1), "U", "NOBT", None),
        ("846/G7", None, None, None, d(2010, 3, 3), None, "M", "WOTH", None),
    ]
    assert rows(store, "SELECT referral_id, referral_date, source, primary_need, nfa, closure_date, closure_reason, "
                       "icpc_date FROM referral ORDER BY referral_id") == [
        ("846/E5/2024-05-13", d(2024, 5, 13), "5D", "N1", False, None, None, None),
        ("846/F6/2025-01-15", d(2025, 1, 15), "3B", "N4", False, None, None, None),
        ("846/G7/2024-04-02", d(2024, 4, 2), "2A", "N5", False, d(2024, 4, 30), "RC9", None),
        ("846/G7/2024-12-02", d(2024, 12, 2), "6", "N2", True, d(2024, 12, 2), "RC8", None),
    ]
    assert rows(store, "SELECT assessment_id, start_date, internal_review_date, authorised_date, factors "
                       "FROM assessment ORDER BY assessment_id") == [
        ("846/E5/2024-05-13/2024-05-14", d(2024, 5, 14), None, d(2024, 6, 20), ["3C", "4B", "18C", "24A"]),
        ("846/F6/2025-01-15/2025-01-16", d(2025, 1, 16), None, None, None),
        ("846/G7/2024-04-02/2024-04-03", d(2024, 4, 3), None, d(2024, 4, 25), ["14A"]),
    ]
    assert rows(store, "SELECT cin_plan_id, referral_id, child_id, start_date, end_date FROM cin_plan "
                       "ORDER BY start_date") == [
        ("846/E5/2024-05-13/2024-06-21", "846/E5/2024-05-13", "846/E5", d(2024, 6, 21), d(2024, 9, 30)),
        ("846/E5/2024-05-13/2025-01-10", "846/E5/2024-05-13", "846/E5", d(2025, 1, 10), None),
    ]
    assert rows(store, "SELECT s47_id, start_date, icpc_target, icpc_date, icpc_not_required FROM s47") == [
        ("846/E5/2024-05-13/2024-09-25", d(2024, 9, 25), d(2024, 10, 16), d(2024, 10, 14), False)]
    assert rows(store, "SELECT cp_plan_id, referral_id, start_date, end_date, initial_category, latest_category, "
                       "previous_plans FROM cp_plan") == [
        ("846/E5/2024-10-14", "846/E5/2024-05-13", d(2024, 10, 14), None, "NEG", "NEG", 2)]
    assert rows(store, "SELECT cp_plan_id, review_date FROM cp_review") == [("846/E5/2024-10-14", d(2025, 1, 6))]
    assert rows(store, "SELECT pre_proceedings_id, referral_id, child_id, pp_start_date, lbp_sent_date, "
                       "fgdm_offered, fgdm_facilitated, initial_pp_meeting_date, review_meetings_count, "
                       "step_decision_date, pp_outcome, court_application_date, letter_init_cp_date "
                       "FROM pre_proceedings") == [
        ("846/E5/2024-05-13/2025-02-03", "846/E5/2024-05-13", "846/E5", d(2025, 2, 3), d(2025, 2, 5), "true",
         "false", d(2025, 2, 17), 2, d(2025, 3, 20), "A", d(2025, 3, 25), d(2025, 3, 27))]
    assert rows(store, "SELECT return_year, rows_read, rows_loaded, rows_rejected FROM load_batch") == [
        ("2024-25", 16, 16, 0)]
    assert accounting(store, result.batch_id) == {
        "child": (3, 3, 0), "referral": (4, 4, 0), "assessment": (3, 3, 0), "cin_plan": (2, 2, 0),
        "s47": (1, 1, 0), "cp_plan": (1, 1, 0), "cp_review": (1, 1, 0), "pre_proceedings": (1, 1, 0)}


def test_a_namespaced_file_without_a_header_needs_la(store, fixtures):
    path = fixtures / "cin" / "cin_namespaced_no_header.xml"
    refused = load_file(store, path)
    assert refused.status == "failed" and "--la" in refused.message
    result = load_file(store, path, la_code="846", return_year="2021-22")
    assert result.status == "loaded", result.message
    assert rows(store, "SELECT child_id, dob, sex, ethnicity FROM child") == [("846/N1", d(2019, 7, 7), "F", "CHNE")]
    assert rows(store, "SELECT referral_id, source, primary_need, nfa FROM referral") == [
        ("846/N1/2022-02-22", "3E", "N3", True)]
    assert rows(store, "SELECT return_year FROM load_batch") == [("2021-22",)]


def test_the_census_year_comes_from_the_reference_date_or_the_year():
    assert cin_census.census_year("2025", "2025-03-31") == "2024-25"
    assert cin_census.census_year("2020", None) == "2019-20"
    assert cin_census.census_year("2023", "2024-03-31") == "2023-24"  # they disagree: ReferenceDate wins
    assert cin_census.census_year(None, "not a date") is None


# -- rejects and field issues -----------------------------------------------------------------------
# A record is rejected only when what identifies or dates it is unusable; an unreadable value in a
# field it can live without is set aside (a field issue) and the record loads.
CHILD3 = "Child 3 (LAchildID J9)"
EXPECTED_REJECTS = [
    ("child", "Child 1 (no LAchildID), line 16", "LAchildID", "required"),
    ("referral", "Child 1 (no LAchildID) > CINdetails 1, line 24", "LAchildID", "parent"),
    ("assessment", "Child 1 (no LAchildID) > CINdetails 1 > Assessments 1, line 27", "LAchildID", "parent"),
    ("s47", "Child 1 (no LAchildID) > CINdetails 1 > Section47 1, line 30", "LAchildID", "parent"),
    ("cp_plan", "Child 1 (no LAchildID) > CINdetails 1 > ChildProtectionPlans 1, line 34", "LAchildID", "parent"),
    ("cp_review", "Child 1 (no LAchildID) > CINdetails 1 > ChildProtectionPlans 1 > CPPreviewDate 1, line 40",
     "LAchildID", "parent"),
    ("cp_review", "Child 1 (no LAchildID) > CINdetails 1 > ChildProtectionPlans 1 > CPPreviewDate 2, line 41",
     "LAchildID", "parent"),
    ("referral", f"{CHILD3} > CINdetails 1, line 77", "CINreferralDate", "date"),
    ("assessment", f"{CHILD3} > CINdetails 1 > Assessments 1, line 80", "CINreferralDate", "parent"),
    ("cin_plan", f"{CHILD3} > CINdetails 1 > CINPlanDates 1, line 83", "CINreferralDate", "parent"),
    ("s47", f"{CHILD3} > CINdetails 3 > Section47 1, line 113", "S47ActualStartDate", "required"),
    ("cp_review", f"{CHILD3} > CINdetails 3 > ChildProtectionPlans 2 > CPPreviewDate 1, line 132", "CPPreviewDate",
     "date"),
    ("referral", f"{CHILD3} > CINdetails 4, line 137", "referral_id", "duplicate"),
    ("assessment", f"{CHILD3} > CINdetails 4 > Assessments 1, line 140", "referral_id", "parent"),
    ("child", "Child 4 (LAchildID J9), line 147", "child_id", "duplicate"),
]
EXPECTED_ISSUES = [  # table, where, the loaded record's key, field, the value set aside
    ("child", "Child 2 (LAchildID H8), line 47", "846/H8", "Disability", "WINGS"),
    ("referral", f"{CHILD3} > CINdetails 2, line 88", "846/J9/2024-08-01", "ReferralSource", "11"),
    ("assessment", f"{CHILD3} > CINdetails 3 > Assessments 1, line 100", "846/J9/2024-09-01/2024-09-02",
     "AssessmentFactors", "99Z"),
    ("cp_plan", f"{CHILD3} > CINdetails 3 > ChildProtectionPlans 1, line 117", "846/J9/2024-09-15",
     "InitialCategoryOfAbuse", "XYZ"),
    ("child", "Child 5 (LAchildID K10), line 163", "846/K10", "Sex", "1"),
]


def test_bad_records_are_rejected_with_where_and_why(store, fixtures):
    result = load_file(store, fixtures / "cin" / "cin_rejects.xml")
    assert result.status == "loaded", result.message
    assert rows(store, "SELECT table_name, row_ref, field, rule FROM reject ORDER BY reject_no") == EXPECTED_REJECTS
    # rows read = loaded + rejected; a record with a field issue is a loaded record
    assert accounting(store, result.batch_id) == {
        "child": (5, 3, 2), "referral": (7, 4, 3), "assessment": (5, 2, 3), "s47": (3, 1, 2),
        "cin_plan": (1, 0, 1), "cp_plan": (3, 2, 1), "cp_review": (5, 2, 3)}
    reasons = dict(rows(store, "SELECT row_ref, reason FROM reject"))
    assert reasons["Child 1 (no LAchildID) > CINdetails 1 > Section47 1, line 30"] == (
        "its Child was rejected: LAchildID is missing; it is required")
    assert reasons[f"{CHILD3} > CINdetails 1 > CINPlanDates 1, line 83"].startswith(
        "its CINdetails was rejected: CINreferralDate '2024-13-01' is not a date")
    assert "same referral as Child 3 (LAchildID J9) > CINdetails 3, line 96" in reasons[
        f"{CHILD3} > CINdetails 4, line 137"]


def test_unreadable_values_are_set_aside_and_their_records_kept(store, fixtures):
    result = load_file(store, fixtures / "cin" / "cin_rejects.xml")
    assert result.field_issues == 5 and "5 field issues" in result.summary()
    assert rows(store, "SELECT table_name, row_ref, record_key, field, value FROM field_issue "
                       "ORDER BY issue_no") == EXPECTED_ISSUES
    reasons = dict(rows(store, "SELECT row_ref, reason FROM field_issue"))
    assert reasons["Child 2 (LAchildID H8), line 47"].startswith("Disability 'WINGS' is not a CIN disability code")
    assert reasons["Child 5 (LAchildID K10), line 163"] == (
        "Sex '1' is not M, F or U (1, 2, 0 and 9 are the GenderCurrent codes Sex replaced in 2024-25)")


def test_what_survives_the_rejects(store, fixtures):
    load_file(store, fixtures / "cin" / "cin_rejects.xml")
    # H8 keeps its other disability (HEAR) and all else; K10 loads without its sex;
    # J9's second <Child> was a duplicate whose episode still attached to J9.
    assert rows(store, "SELECT child_id, dob, sex, ethnicity, disabilities FROM child ORDER BY child_id") == [
        ("846/H8", d(2013, 2, 2), "F", "WBRI", ["HEAR"]), ("846/J9", d(2011, 3, 3), "M", "WBRI", None),
        ("846/K10", None, None, "WBRI", None)]
    assert rows(store, "SELECT referral_id, source, nfa FROM referral ORDER BY referral_id") == [
        ("846/H8/2024-07-01", "6", False), ("846/J9/2024-08-01", None, False), ("846/J9/2024-09-01", "1A", False),
        ("846/J9/2024-10-15", "8", True)]
    assert rows(store, "SELECT assessment_id, factors FROM assessment ORDER BY assessment_id") == [
        ("846/J9/2024-09-01/2024-09-02", ["3A"]), ("846/J9/2024-09-01/2024-09-05", ["2B"])]
    assert rows(store, "SELECT cp_plan_id, initial_category FROM cp_plan ORDER BY cp_plan_id") == [
        ("846/J9/2024-09-15", None), ("846/J9/2024-10-01", "EMO")]
    assert rows(store, "SELECT cp_plan_id, review_date FROM cp_review ORDER BY review_date") == [
        ("846/J9/2024-09-15", d(2024, 10, 15)), ("846/J9/2024-10-01", d(2024, 12, 20))]


# -- loading again, and the next year ---------------------------------------------------------------
def test_loading_the_same_file_twice_loads_it_once(store, fixtures):
    path = fixtures / "cin" / "cin_2024_25.xml"
    first, second = load_file(store, path), load_file(store, path)
    assert (first.status, second.status, second.batch_id) == ("loaded", "already loaded", first.batch_id)
    assert rows(store, "SELECT count(*) FROM referral")[0][0] == 4
    assert rows(store, "SELECT count(*) FROM load_batch")[0][0] == 1


def test_an_episode_carried_into_the_next_census_is_one_referral_now_closed(store, fixtures):
    load_file(store, fixtures / "cin" / "cin_2024_25.xml")
    later = load_file(store, fixtures / "cin" / "cin_2025_26_carried.xml")
    assert later.status == "loaded", later.message
    assert rows(store, "SELECT referral_id, source, primary_need, closure_date, closure_reason, batch_id "
                       "FROM referral WHERE child_id = '846/E5'") == [
        ("846/E5/2024-05-13", "5D", "N1", d(2025, 6, 30), "RC7", later.batch_id)]
    assert rows(store, "SELECT cp_plan_id, end_date, initial_category, latest_category FROM cp_plan") == [
        ("846/E5/2024-10-14", d(2025, 5, 12), "NEG", "EMO")]
    assert rows(store, "SELECT review_date FROM cp_review ORDER BY review_date") == [
        (d(2025, 1, 6),), (d(2025, 4, 7),)]
    # the later return does not repeat E5's disabilities: what the earlier one said stays
    assert rows(store, "SELECT disabilities FROM child WHERE child_id = '846/E5'") == [(["LD", "COMM", "BEH"],)]
    assert rows(store, "SELECT count(*) FROM referral")[0][0] == 4
    assert rows(store, "SELECT return_year FROM load_batch ORDER BY batch_id") == [("2024-25",), ("2025-26",)]


# -- the shared samples (made by others, randomly) ----------------------------------------------------
def count_tags(path: Path) -> Counter:
    return Counter(re.sub(r"^\{.*\}", "", el.tag) for el in ET.parse(path).iter())


def check_sample(store, path: Path):
    result = load_file(store, path)
    assert result.status == "loaded", result.message
    tags = count_tags(path)
    counts = accounting(store, result.batch_id)
    for table, (read, loaded, rejected) in counts.items():
        assert read == loaded + rejected, table
    assert counts["child"][0] == tags["Child"]
    assert counts["referral"][0] == tags["CINdetails"]
    assert counts.get("assessment", (0,))[0] == tags["Assessments"]
    assert counts.get("cp_review", (0,))[0] == tags["CPPreviewDate"]
    return result, counts


def test_the_gendercurrent_era_sample_loads_whole(store, samples):
    result, counts = check_sample(store, samples / "cin_census" / "fake_CIN_data.xml")
    assert (result.la_code, result.rows_rejected) == ("975", 0)
    assert rows(store, "SELECT return_year FROM load_batch") == [("2021-22",)]  # Year 2022
    assert rows(store, "SELECT count(*) FROM child WHERE sex IS NULL")[0][0] == 0


def test_the_2024_sample_sets_aside_its_two_invalid_codes(store, samples):
    result, counts = check_sample(store, samples / "cin_census" / "CIN_Census_2024.xml")
    assert result.la_code == "201"
    # <Sex>1</Sex> (a GenderCurrent code) and assessment factor 'RB' are not codes: the values are
    # set aside, and the child and the assessment load
    assert rows(store, "SELECT count(*) FROM reject")[0][0] == 0
    assert rows(store, "SELECT table_name, field, value, rule FROM field_issue ORDER BY issue_no") == [
        ("child", "Sex", "1", "code"), ("assessment", "AssessmentFactors", "RB", "code")]
    assert counts["child"] == (2, 2, 0) and counts["assessment"] == (2, 2, 0)
    assert rows(store, "SELECT child_id, sex FROM child ORDER BY child_id") == [
        ("201/DfEX0000001", None), ("201/child_fails_assessments", "M")]
    assert rows(store, "SELECT count(*) FROM cp_review")[0][0] == 1
