"""The local extract reader: every kind of extract, from hand-built CSVs in tests/fixtures/local.

Every expected value below was read off the fixture files by hand; rows are numbered as a
spreadsheet shows them (the header is row 1).
"""
from __future__ import annotations

from datetime import date as d
from pathlib import Path

import pytest

from carepath.sources import local_extract
from carepath.sources.loader import load_file

LOCAL = Path(__file__).resolve().parents[1] / "fixtures" / "local"


def rows(con, sql):
    return con.execute(sql).fetchall()


def load(con, name, la="846"):
    result = load_file(con, LOCAL / name, la_code=la)
    assert result.status == "loaded", result.message
    return result


def rejects(con, batch_id):
    return rows(con, f"SELECT row_ref, field, rule FROM reject WHERE batch_id = {batch_id} ORDER BY reject_no")


# -- detection --------------------------------------------------------------------------------------
@pytest.mark.parametrize("header, kind", [
    ("LAchildID,DOB,Sex", "children"), ("team_code,team_name", "teams"), ("worker_id,team_id,fte", "workers"),
    ("child_id,worker_code,allocation_start", "allocations"), ("Child ID;Visit Date;Kind", "visits"),
    ("child_id,supervision_date", "supervision"), ("team_code,snapshot_date,cases", "workforce"),
    ("person_id,date_of_contact", "contacts"), ("CHILD,early_help_start", "early help"),
    ("Case No.,Date of Issue,Court", "care proceedings"), ("LA Case Ref,Issue Date", "care proceedings"),
    ("child_id,ehc_request_date,decision", "SEND requests"), ("child_id,date_known_ehe", "EHE"),
    ("area_code,year,age,sex,population", "population"), ("Child-ID\tContact Date\tSource", "contacts"),
])
def test_the_kind_is_known_from_the_header(header, kind):
    delimiter = local_extract._delimiter(header)
    found, _ = local_extract.choose_kind("x.csv", header.split(delimiter))
    assert found.name == kind
    assert local_extract.detect(Path("extract.dat"), (header + "\n").encode())


def test_detect_leaves_other_files_alone():
    assert not local_extract.detect(Path("notes.dat"), b"just some words\nand more\n")
    assert not local_extract.detect(Path("a.xlsx"), b"PK\x03\x04\x14\x00\x00\x00\x08\x00")
    assert local_extract.detect(Path("odd.csv"), b"foo,bar\n1,2\n")  # claimed, to be told what it lacks


# -- each kind ----------------------------------------------------------------------------------------
def test_children(store):
    result = load(store, "children.csv")
    # row 6 (D4) has Sex 'X': set aside as a field issue, D4 loads without it
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (6, 4, 2)
    assert rows(store, "SELECT child_id, la_code, local_child_id, dob, expected_dob, sex, ethnicity, upn, forename, "
                       "surname, postcode, disabilities FROM child ORDER BY child_id") == [
        ("846/A1", "846", "A1", d(2012, 5, 14), None, "M", "WBRI", "A123456789012", "Sam", "Smith", "AB1 2CD",
         ["AUT", "HAND"]),
        ("846/B2", "846", "B2", None, d(2025, 6, 1), "U", "NOBT", None, None, None, None, None),
        ("846/C3", "846", "C3", d(2004, 11, 2), None, "F", "BAFR", None, "Jo", "Bloggs", None, ["NONE"]),
        ("846/D4", "846", "D4", d(2008, 1, 1), None, None, "MWAS", None, None, None, None, None)]
    assert rejects(store, result.batch_id) == [
        ("children row 7", "DOB", "required"), ("children row 8", "child_id", "duplicate")]
    assert rows(store, "SELECT row_ref, record_key, field, value, rule FROM field_issue") == [
        ("children row 6", "846/D4", "Sex", "X", "code")]
    assert rows(store, "SELECT reason FROM reject WHERE row_ref = 'children row 8'") == [
        ("same child as children row 2 (846/A1); the first was kept",)]


def test_teams(store):
    result = load(store, "teams.csv")
    assert rows(store, "SELECT team_id, la_code, team_name, locality, service FROM org_unit ORDER BY 1") == [
        ("846/T01", "846", "Assessment Team 1", "North", "Children's Social Care"),
        ("846/T02", "846", "Child Protection Team", "South", "Children's Social Care")]
    assert rejects(store, result.batch_id) == [("teams row 4", "team_code", "required")]


def test_workers_with_an_la_code_column_and_la_given(store):
    result = load(store, "workers.csv")
    assert rows(store, "SELECT worker_id, la_code, team_id, worker_name, role, agency, fte, start_date, end_date "
                       "FROM worker ORDER BY 1") == [
        ("846/W01", "846", "846/T01", "Alex Ward", "Social worker", False, 1.0, d(2020, 4, 1), None),
        ("846/W02", "846", "846/T01", "Bo Chen", "Senior practitioner", True, 0.8, d(2023, 9, 1), d(2024, 3, 31)),
        ("846/W03", "846", "846/T02", "Cy Dee", "Team manager", False, 1.0, d(2019, 1, 7), None),
        ("846/W04", "846", "846/T02", "Di Eve", "Social worker", None, 1.0, None, None)]
    assert rejects(store, result.batch_id) == [
        ("workers row 6", "end_date", "order"), ("workers row 7", "la_code", "authority")]
    # agency 'maybe' is set aside; the worker loads
    assert rows(store, "SELECT row_ref, field, value, rule FROM field_issue") == [
        ("workers row 5", "agency", "maybe", "boolean")]
    assert result.la_code == "846"


def test_a_file_of_two_authorities_loads_each_row_to_its_own(store):
    result = load(store, "workers.csv", la=None)
    assert rows(store, "SELECT worker_id, la_code, team_id FROM worker ORDER BY 1") == [
        ("201/W06", "201", "201/T09"), ("846/W01", "846", "846/T01"), ("846/W02", "846", "846/T01"),
        ("846/W04", "846", "846/T02")]
    assert rejects(store, result.batch_id) == [
        ("workers row 4", "la_code", "required"), ("workers row 6", "end_date", "order")]
    assert rows(store, "SELECT la_code FROM load_batch") == [("201,846",)]


def test_allocations_leave_the_team_to_the_worker_when_not_given(store):
    result = load(store, "allocations.csv")
    assert rows(store, "SELECT allocation_id, child_id, worker_id, team_id, start_date, end_date FROM allocation "
                       "ORDER BY 1") == [
        ("846/A1/846/W01/2024-05-01", "846/A1", "846/W01", "846/T01", d(2024, 5, 1), d(2024, 7, 31)),
        ("846/A1/846/W02/2024-08-01", "846/A1", "846/W02", None, d(2024, 8, 1), None),
        ("846/Z9/846/W02/2025-01-15", "846/Z9", "846/W02", None, d(2025, 1, 15), None)]
    assert rejects(store, result.batch_id) == [
        ("allocations row 4", "allocation_start", "date"), ("allocations row 6", "allocation_id", "duplicate")]
    # the children named are kept as ids until a return describes them
    assert rows(store, "SELECT child_id, local_child_id, dob FROM child ORDER BY 1") == [
        ("846/A1", "A1", None), ("846/Z9", "Z9", None)]


def test_visits_semicolon_separated_with_their_own_headings(store):
    load(store, "visits.csv")
    assert rows(store, "SELECT visit_id, child_id, visit_date, kind, seen, seen_alone, worker_id FROM visit "
                       "ORDER BY 1") == [
        ("846/A1/2024-06-03/CLA", "846/A1", d(2024, 6, 3), "CLA", True, None, "846/W01"),
        ("846/A1/2024-06-03/CP", "846/A1", d(2024, 6, 3), "CP", True, False, "846/W01"),
        ("846/B2/2024-03-12/CL", "846/B2", d(2024, 3, 12), "CL", None, None, None)]
    assert rows(store, "SELECT row_ref, reason FROM reject ORDER BY reject_no") == [
        ("visits row 4", "Visit Date '31/02/2024' is not a date; expected DD/MM/YYYY or YYYY-MM-DD"),
        ("visits row 5", "Kind 'XYZ' is not a visit type code (CIN, CP, CLA, CL)")]


def test_supervision(store):
    load(store, "supervision.csv")
    assert rows(store, "SELECT supervision_id, supervision_date, worker_id FROM supervision ORDER BY 1") == [
        ("846/A1/2024-06-20", d(2024, 6, 20), "846/W01"), ("846/C3/2024-03-15", d(2024, 3, 15), None)]


def test_workforce_for_teams_and_the_whole_authority(store):
    result = load(store, "workforce.csv")
    assert rows(store, "SELECT workforce_id, unit, snapshot_date, establishment_fte, in_post_fte, agency_fte, "
                       "vacancies_fte, leavers_fte, sickness_days, cases FROM workforce ORDER BY 1") == [
        ("846/2024-03-31", "846", d(2024, 3, 31), 1200.0, 1100.0, 60.0, 100.0, 95.0, 4000.5, 2400),
        ("846/T01/2024-03-31", "846/T01", d(2024, 3, 31), 10.0, 8.5, 1.5, 1.5, 2.0, 34.5, 120),
        ("846/T02/2024-03-31", "846/T02", d(2024, 3, 31), None, 8.0, 0.0, 0.0, 0.0, 0.0, 90),
        ("846/T02/2024-06-30", "846/T02", d(2024, 6, 30), 9.0, 9.0, 0.0, 0.0, 0.0, 0.0, None)]
    assert rejects(store, result.batch_id) == []
    assert rows(store, "SELECT row_ref, field, value, rule FROM field_issue ORDER BY issue_no") == [
        ("workforce row 4", "establishment_fte", "abc", "number"), ("workforce row 5", "cases", "-3", "range")]


def test_contacts(store):
    result = load(store, "contacts.csv")
    assert rows(store, "SELECT contact_id, contact_date, source, outcome, open_to_csc FROM contact ORDER BY 1") == [
        ("846/A1/2024-04-02/6", d(2024, 4, 2), "6", "Referral to CSC", False),
        ("846/C3/2024-04-03/2A", d(2024, 4, 3), "2A", "Advice", True)]
    assert rejects(store, result.batch_id) == [
        ("contacts row 4", "contact_id", "duplicate"), ("contacts row 5", "source", "code")]


def test_early_help(store):
    load(store, "early_help.csv")
    assert rows(store, "SELECT early_help_id, start_date, end_date, assessment_start_date, "
                       "assessment_completed_date, organisation FROM early_help") == [
        ("846/A1/2024-02-01", d(2024, 2, 1), d(2024, 4, 30), d(2024, 2, 5), d(2024, 3, 1), "Family Hub North")]
    assert rows(store, "SELECT row_ref, reason FROM reject") == [
        ("early help row 3", "early_help_end 01/02/2024 is before early_help_start 01/03/2024")]


def test_care_proceedings_with_the_legal_departments_headings(store):
    result = load(store, "proceedings.csv")
    assert rows(store, "SELECT proceeding_id, la_code, case_number, child_forename, child_surname, child_dob, "
                       "child_postcode, application_date, court, order_sought, first_hearing_date, final_order_date, "
                       "order_made FROM proceeding") == [
        ("846/LC/2024/001/s20120514", "846", "LC/2024/001", "Sam", "Smith", d(2012, 5, 14), "AB1 2CD", d(2024, 6, 10),
         "Family Court at Exeter", "Care order", d(2024, 6, 12), d(2024, 12, 5), "Care order")]
    assert rejects(store, result.batch_id) == [("care proceedings row 3", "Date of Issue", "date")]
    assert rows(store, "SELECT count(*) FROM child") == [(0,)]  # proceedings name children, not child ids


def test_send_requests_and_ehe(store):
    send = load(store, "send_requests.csv")
    assert rows(store, "SELECT send_request_id, request_date, decision_date, decision, assessment_completed_date, "
                       "ehcp_issued_date FROM send_request ORDER BY 1") == [
        ("846/A1/2024-09-01", d(2024, 9, 1), d(2024, 10, 20), "assess", d(2024, 12, 1), d(2025, 1, 15)),
        ("846/B2/2024-09-06", d(2024, 9, 6), None, None, None, None),
        ("846/C3/2024-09-05", d(2024, 9, 5), d(2024, 10, 10), "refuse", None, None)]
    assert rejects(store, send.batch_id) == []
    assert rows(store, "SELECT row_ref, field, value, rule FROM field_issue") == [
        ("SEND requests row 4", "decision", "maybe", "code")]
    ehe = load(store, "ehe.csv")
    assert rows(store, "SELECT ehe_id, start_date, end_date, reason FROM ehe") == [
        ("846/A1/2023-09-01", d(2023, 9, 1), None, "Parental preference")]
    assert rejects(store, ehe.batch_id) == [("EHE row 3", "ehe_end_date", "order")]


def test_population_needs_no_la(store):
    result = load(store, "population.csv", la=None)
    assert rows(store, "SELECT population_id, area_code, year, age, sex, count FROM population ORDER BY 1") == [
        ("846/2023/0/F", "846", 2023, 0, "F", 1450), ("846/2023/0/M", "846", 2023, 0, "M", 1520),
        ("846/2023/90/T", "846", 2023, 90, "T", 310)]
    assert rejects(store, result.batch_id) == [("population row 5", "sex", "code")]


def test_the_same_extract_twice_loads_once_and_a_corrected_one_merges(store, tmp_path):
    load(store, "supervision.csv")
    assert load_file(store, LOCAL / "supervision.csv", la_code="846").status == "already loaded"
    corrected = tmp_path / "supervision_v2.csv"
    corrected.write_text("child_id,supervision_date,worker_code\nC3,15/03/2024,W02\n")
    load_file(store, corrected, la_code="846")
    assert rows(store, "SELECT supervision_id, worker_id FROM supervision ORDER BY 1") == [
        ("846/A1/2024-06-20", "846/W01"), ("846/C3/2024-03-15", "846/W02")]
