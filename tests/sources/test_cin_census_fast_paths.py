"""The CIN census reader's short cuts (issue 19) give what the long way gives.

A date text is parsed once and remembered, a known code or flag is taken without the parser, rows
are kept as tuples and staged as one Arrow block (``Batch.claim``), and the cyclic garbage
collector is paused while a file is read. Each test below is worked by hand: what a record must
load as, and what must be rejected or set aside, whichever way it was read.
"""
from __future__ import annotations

import gc
from datetime import date as d

import pytest

from carepath.sources import cin_census
from carepath.sources.batch import Batch, Lenient, RowError, SourceError
from carepath.sources.cin_census_rows import day, soft_bool, soft_code, soft_codes, soft_day

HEAD = ('<?xml version="1.0" encoding="UTF-8"?><Message><Header><CollectionDetails><Collection>CIN</Collection>'
        '<Year>2025</Year><ReferenceDate>2025-03-31</ReferenceDate></CollectionDetails><Source><LEA>846</LEA>'
        '</Source></Header><Children>\n')
TAIL = "</Children></Message>\n"


def child(local_id: str, referral: str, extra: str = "") -> str:
    return (f"<Child><ChildIdentifiers><LAchildID>{local_id}</LAchildID><PersonBirthDate>2015-06-01"
            f"</PersonBirthDate><Sex>F</Sex></ChildIdentifiers><ChildCharacteristics><Ethnicity>WBRI</Ethnicity>"
            f"</ChildCharacteristics><CINdetails><CINreferralDate>{referral}</CINreferralDate>"
            f"<ReferralSource>2A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode>"
            f"<ReferralNFA>false</ReferralNFA>{extra}</CINdetails></Child>\n")


def read(tmp_path, *children: str) -> Batch:
    path = tmp_path / "cin.xml"
    path.write_text(HEAD + "".join(children) + TAIL)
    batch = Batch(path.name)
    cin_census.read(path, batch)
    batch.finish()
    return batch


def test_a_remembered_date_is_the_date_and_a_bad_one_is_refused_every_time():
    assert day("2024-05-31", "X") == d(2024, 5, 31)
    assert day("2024-05-31", "X") == d(2024, 5, 31)  # the second time from what was remembered
    assert day("31/05/2024", "X") == d(2024, 5, 31)  # another layout: the slow parser, then remembered
    assert day("31/05/2024", "X") == d(2024, 5, 31)
    for _ in range(2):  # never remembered: each time the parser says why
        with pytest.raises(RowError) as caught:
            day("2024-02-30", "CINreferralDate")
        assert caught.value.reason == "CINreferralDate '2024-02-30' is not a date; expected DD/MM/YYYY or YYYY-MM-DD"


def test_the_short_cuts_set_aside_what_the_parsers_set_aside():
    soft = Lenient()
    assert soft_day(soft, "2024-05-31", "A") == d(2024, 5, 31)
    assert soft_day(soft, None, "A") is None
    assert soft_code(soft, "N1", "PrimaryNeedCode", {"N1": "x"}, "primary need") == "N1"
    assert soft_code(soft, "n1", "PrimaryNeedCode", {"N1": "x"}, "primary need") == "N1"  # the parser's upper-casing
    assert soft_bool(soft, "false", "ReferralNFA") is False
    assert soft_bool(soft, "1", "ReferralNFA") is True  # not 'true'/'false': the parser reads it
    assert soft_codes(soft, ["N1", "ZZ", "N1"], "Disability", {"N1": "x"}, "disability") == ["N1", "N1"]
    assert soft_day(soft, "soon", "B") is None
    assert [(e.field, e.rule, e.value) for e in soft.issues] == [
        ("Disability", "code", "ZZ"), ("B", "date", "soon")]


def test_rows_staged_as_a_block_read_back_as_the_rows_they_were(tmp_path):
    batch = read(tmp_path, child("A1", "2024-06-01"), child("A2", "2024-07-01",
                 "<CINPlanDates><CINPlanStartDate>2024-08-01</CINPlanStartDate></CINPlanDates>"))
    assert batch.rows["child"][0] == {
        "child_id": "846/A1", "la_code": "846", "local_child_id": "A1", "upn": None, "former_upn": None,
        "upn_unknown": None, "dob": d(2015, 6, 1), "expected_dob": None, "sex": "F", "date_of_death": None,
        "ethnicity": "WBRI", "disabilities": None}
    assert batch.rows["referral"][1] == {
        "referral_id": "846/A2/2024-07-01", "child_id": "846/A2", "la_code": "846", "referral_date": d(2024, 7, 1),
        "source": "2A", "primary_need": "N1", "nfa": False, "closure_date": None, "closure_reason": None,
        "icpc_date": None}
    assert batch.rows["cin_plan"][0]["cin_plan_id"] == "846/A2/2024-07-01/2024-08-01"
    assert list(batch.rows) == ["child", "referral", "cin_plan"]  # in the order each table's first row came
    assert batch.ref_of("cin_plan", batch.rows["cin_plan"][0]) == "Child 2 (LAchildID A2) > CINdetails 1 > " \
        "CINPlanDates 1, line 3"


def test_a_duplicate_is_rejected_naming_the_first_and_its_field_issues_dropped(tmp_path):
    batch = read(tmp_path, child("A1", "2024-06-01"),
                 child("A1", "2024-06-01").replace("<Sex>F</Sex>", "<Sex>X</Sex>"))
    assert [(r.table_name, r.row_ref, r.field, r.rule, r.reason) for r in batch.rejects] == [
        ("child", "Child 2 (LAchildID A1), line 3", "child_id", "duplicate",
         "same child as Child 1 (LAchildID A1), line 2 (846/A1); the first was kept"),
        ("referral", "Child 2 (LAchildID A1) > CINdetails 1, line 3", "referral_id", "duplicate",
         "same referral as Child 1 (LAchildID A1) > CINdetails 1, line 2 (846/A1/2024-06-01); the first was kept")]
    assert batch.field_issues == []  # the second child's Sex was set aside from a record that did not load
    assert {t: (c.read, c.loaded, c.rejected) for t, c in batch.counts.items()} == {
        "child": (2, 1, 1), "referral": (2, 1, 1)}


def test_a_loaded_records_field_issue_names_its_key_and_child(tmp_path):
    batch = read(tmp_path, child("A1", "2024-06-01").replace("<PrimaryNeedCode>N1<", "<PrimaryNeedCode>Q9<"))
    [issue] = batch.field_issues
    assert (issue.table_name, issue.row_ref, issue.record_key, issue.field, issue.value, issue.rule, issue.child_id) \
        == ("referral", "Child 1 (LAchildID A1) > CINdetails 1, line 2", "846/A1/2024-06-01", "PrimaryNeedCode",
            "Q9", "code", "846/A1")
    assert batch.rows["referral"][0]["primary_need"] is None


def test_a_late_record_is_warned_about_from_the_block(tmp_path):
    batch = read(tmp_path, child("A1", "2024-06-01"), child("A2", "2025-05-01"), child("A3", "2025-06-01"))
    assert [m for k, m in batch.warnings] == [
        "2 referral records dated after 31/03/2025, the end of the census year to 31/03/2025 which the file states "
        "(first: Child 2 (LAchildID A2) > CINdetails 1, line 3, referral_date 01/05/2025). Check the return's year "
        "(--year, a YEAR column or the file name) or its dates."]


def test_the_garbage_collector_is_as_it_was_after_a_read(tmp_path):
    assert gc.isenabled()
    read(tmp_path, child("A1", "2024-06-01"))
    assert gc.isenabled()
    (tmp_path / "bad.xml").write_text(HEAD + "<Child><ChildIdentifiers>")
    with pytest.raises(SourceError):
        cin_census.read(tmp_path / "bad.xml", Batch("bad.xml"))
    assert gc.isenabled()
    gc.disable()
    try:  # a caller that had paused it finds it still paused
        read(tmp_path, child("A1", "2024-06-01"))
        assert not gc.isenabled()
    finally:
        gc.enable()
