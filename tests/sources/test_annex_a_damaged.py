"""The Annex A reader on damaged input: missing columns, bad cells, duplicates, files that are no workbook.

A bad cell injected into a known-good workbook must reject exactly one record, naming the
sheet's heading and the rule, with the row accounting balanced. A file that cannot be read as a
workbook must fail with a plain message and leave the store as it was.
"""
from __future__ import annotations

import io
import string
import zipfile
from datetime import date as d
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carepath.model import store as store_mod
from carepath.sources import annex_a
from carepath.sources.annex_a_rows import build_care_leaver
from carepath.sources.batch import Batch, RowError, SourceError
from carepath.sources.loader import load_file

CHILD = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth"]
# one good row per list: (sheet, headings, row)
TEMPLATE = [
    ("List 1", CHILD + ["Date of Contact", "Contact Source"],
     ["K1", "a) Male", "WBRI", d(2016, 1, 1), d(2025, 1, 2), "q) 6: Police"]),
    ("List 2", CHILD + ["Assessment start date", "Assessment completion date", "Organisation completing assessment"],
     ["K2", "b) Female", "WIRI", d(2017, 2, 2), d(2025, 1, 3), d(2025, 2, 3), "Family Hub"]),
    ("List 3", CHILD + ["Date of Referral", "Referral Source", "Referral NFA?", "Allocated Team", "Allocated Worker"],
     ["K3", "a) Male", "WBRI", d(2014, 3, 3), d(2025, 1, 6), "2A", "b) No", "Team A", "Worker A"]),
    ("List 4", CHILD + ["Continuous Assessment Start Date", "Child Seen During Continuous Assessment",
                        "Continuous Assessment Date of Authorisation",
                        "Was the child assessed as requiring LA children's social care support?"],
     ["K3", None, None, None, d(2025, 1, 7), "a) Yes", d(2025, 2, 20), "a) Yes"]),
    ("List 5", CHILD + ["Strategy discussion initiating Section 47 Enquiry Start Date",
                        "Was an Initial Child Protection Conference deemed unnecessary?",
                        "Date of Initial Child Protection Conference",
                        "Did the Initial Child Protection Conference Result in a Child Protection Plan"],
     ["K3", None, None, None, d(2025, 1, 8), "b) No", d(2025, 1, 28), "a) Yes"]),
    ("List 6", CHILD + ["CIN Start Date", "Primary Need Code", "Date Child Was Last Seen", "CIN Closure Date",
                        "Reason for Closure"],
     ["K6", "a) Male", "AIND", d(2013, 6, 6), d(2024, 9, 1), "N5", d(2025, 1, 10), d(2025, 2, 1), "RC9"]),
    ("List 7", CHILD + ["Child Protection Plan Start Date", "Initial Category of Abuse", "Latest Category of Abuse",
                        "Date of the Last Statutory Visit", "Was the Child Seen Alone?",
                        "Date of latest review conference", "Child Protection Plan End Date",
                        "Number of Previous Child Protection Plans"],
     ["K3", None, None, None, d(2025, 1, 28), "a) Neglect", "b) Physical abuse", d(2025, 3, 1), "b) No",
      d(2025, 4, 20), None, 1]),
    ("List 8", CHILD + ["UASC within the Last 12 Months (Y/N)", "Date Started to be Looked After",
                        "Child's Category of Need", "Start date of current legal status", "Child's Legal Status",
                        "Date of Latest Statutory Review", "Date of Last Social Work Visit",
                        "Date Ceased to be Looked After", "Reason Ceased to be Looked After",
                        "Start Date of Most Recent Placement", "Placement Type", "Placement Provider"],
     ["K8", "b) Female", "CHNE", d(2011, 8, 8), "N", d(2024, 1, 1), "N1", d(2024, 2, 1), "C1", d(2025, 1, 5),
      d(2025, 2, 5), d(2025, 3, 1), "E13", d(2024, 3, 1), "U4", "PR1"]),
    ("List 9", CHILD + ["Eligibility Category", "Latest Pathway Plan Review Date", "LA in Touch",
                        "Latest Date of Contact", "Type of Accommodation", "Suitability of Accommodation",
                        "Activity Status"],
     ["K9", "a) Male", "BCRB", d(2004, 9, 9), "a) Relevant child", d(2025, 1, 1), "YES", d(2025, 2, 2), "B",
      "b) Unsuitable", "G5"]),
    ("List 10", CHILD + ["Date of Decision that Child Should be Placed for Adoption", "Date of Placement Order",
                         "Date of Matching Child and Prospective Adopters", "Date Placed for Adoption",
                         "Date of Adoption Order",
                         "Date of Decision that Child Should No Longer be Placed for Adoption",
                         "Reason Why Child No Longer Placed for Adoption"],
     ["K10", "b) Female", "WBRI", d(2022, 1, 1), d(2023, 1, 1), d(2023, 2, 1), None, None, None, d(2023, 6, 1),
      "RD3"]),
    ("List 11", ["Individual adopter identifier", "Family identifier", "Gender", "Ethnicity", "Disability",
                 "Is the (prospective) adopter fostering for adoption?", "Date enquiry received",
                 "Date Stage 1 started", "No. of children placed", "Date of leaving adoption process",
                 "Reason for leaving adoption process"],
     ["A1", "F1", "a) Male", "WBRI", "b) No", "b) No", d(2024, 1, 1), d(2024, 2, 1), 0, d(2024, 6, 1), "3"]),
]
TEMPLATE_LOADED = {"contact": 1, "early_help": 1, "referral": 2, "assessment": 1, "s47": 1, "cp_plan": 1,
                   "visit": 3, "cp_review": 1, "cla_episode": 1, "cla_review": 1, "care_leaver": 1, "adoption": 1,
                   "adopter": 1, "child": 7, "org_unit": 1, "worker": 1}
# (sheet, heading) -> (table rejecting, rule)
TARGETS = {
    ("List 1", "Date of Contact"): ("contact", "date"), ("List 1", "Contact Source"): ("contact", "code"),
    ("List 1", "Gender"): ("child", "code"), ("List 1", "Ethnicity"): ("child", "code"),
    ("List 1", "Date of Birth"): ("child", "date"),
    ("List 2", "Assessment start date"): ("early_help", "date"),
    ("List 2", "Assessment completion date"): ("early_help", "date"),
    ("List 3", "Date of Referral"): ("referral", "date"), ("List 3", "Referral Source"): ("referral", "code"),
    ("List 3", "Referral NFA?"): ("referral", "yes/no"),
    ("List 4", "Continuous Assessment Start Date"): ("assessment", "date"),
    ("List 4", "Child Seen During Continuous Assessment"): ("assessment", "yes/no"),
    ("List 4", "Continuous Assessment Date of Authorisation"): ("assessment", "date"),
    ("List 4", "Was the child assessed as requiring LA children's social care support?"): ("assessment", "yes/no"),
    ("List 5", "Strategy discussion initiating Section 47 Enquiry Start Date"): ("s47", "date"),
    ("List 5", "Was an Initial Child Protection Conference deemed unnecessary?"): ("s47", "yes/no"),
    ("List 5", "Date of Initial Child Protection Conference"): ("s47", "date"),
    ("List 6", "CIN Start Date"): ("referral", "date"), ("List 6", "Primary Need Code"): ("referral", "code"),
    ("List 6", "Date Child Was Last Seen"): ("referral", "date"),
    ("List 6", "Reason for Closure"): ("referral", "code"),
    ("List 7", "Child Protection Plan Start Date"): ("cp_plan", "date"),
    ("List 7", "Initial Category of Abuse"): ("cp_plan", "code"),
    ("List 7", "Latest Category of Abuse"): ("cp_plan", "code"),
    ("List 7", "Date of the Last Statutory Visit"): ("cp_plan", "date"),
    ("List 7", "Was the Child Seen Alone?"): ("cp_plan", "yes/no"),
    ("List 7", "Date of latest review conference"): ("cp_plan", "date"),
    ("List 7", "Number of Previous Child Protection Plans"): ("cp_plan", "number"),
    ("List 8", "UASC within the Last 12 Months (Y/N)"): ("child", "yes/no"),
    ("List 8", "Date Started to be Looked After"): ("cla_episode", "date"),
    ("List 8", "Child's Category of Need"): ("cla_episode", "code"),
    ("List 8", "Child's Legal Status"): ("cla_episode", "code"),
    ("List 8", "Date of Last Social Work Visit"): ("cla_episode", "date"),
    ("List 8", "Reason Ceased to be Looked After"): ("cla_episode", "code"),
    ("List 8", "Placement Type"): ("cla_episode", "code"), ("List 8", "Placement Provider"): ("cla_episode", "code"),
    ("List 9", "Eligibility Category"): ("care_leaver", "code"), ("List 9", "LA in Touch"): ("care_leaver", "code"),
    ("List 9", "Type of Accommodation"): ("care_leaver", "code"),
    ("List 9", "Suitability of Accommodation"): ("care_leaver", "code"),
    ("List 9", "Activity Status"): ("care_leaver", "code"),
    ("List 9", "Latest Pathway Plan Review Date"): ("care_leaver", "date"),
    ("List 10", "Date of Decision that Child Should be Placed for Adoption"): ("adoption", "date"),
    ("List 10", "Date Placed for Adoption"): ("adoption", "date"),
    ("List 10", "Reason Why Child No Longer Placed for Adoption"): ("adoption", "code"),
    ("List 11", "Gender"): ("adopter", "code"), ("List 11", "Disability"): ("adopter", "yes/no"),
    ("List 11", "Date enquiry received"): ("adopter", "date"),
    ("List 11", "No. of children placed"): ("adopter", "number"),
    ("List 11", "Reason for leaving adoption process"): ("adopter", "code"),
}
TABLES = ("contact", "referral", "child", "cp_plan", "load_batch", "load_count", "reject")


def write_workbook(path: Path, sheets: list[tuple[str, list[list]]]) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def template(path: Path, changes: dict | None = None, extra_rows: dict | None = None) -> Path:
    """The template workbook, with some cells replaced ({(sheet, heading): value}) or rows added."""
    sheets = []
    for title, headings, row in TEMPLATE:
        row = list(row)
        for (sheet, heading), value in (changes or {}).items():
            if sheet == title:
                row[headings.index(heading)] = value
        sheets.append((title, [headings, row] + (extra_rows or {}).get(title, [])))
    return write_workbook(path, sheets)


AS_AT = d(2025, 5, 13)  # the template names no date (title row, file name): given as --as-at would give it


def read(path: Path) -> Batch:
    batch = Batch(path.name, la_code="846", as_at=AS_AT)
    annex_a.read(path, batch)
    return batch


def snapshot(con) -> dict:
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in TABLES}


@pytest.fixture(scope="module")
def loaded_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("annex_damaged")
    con = store_mod.connect(folder / "store.duckdb")
    assert load_file(con, template(folder / "first.xlsx"), la_code="846", as_at=AS_AT).status == "loaded"
    yield con
    con.close()


def test_the_template_itself_is_clean(tmp_path):
    batch = read(template(tmp_path / "t.xlsx"))
    assert batch.rejects == []
    assert {t: c.loaded for t, c in batch.counts.items()} == TEMPLATE_LOADED


# -- a bad cell anywhere ------------------------------------------------------------------------------
KNOWN_PREFIX = "Qx"  # no code, meaning, yes/no word or date starts so
nonsense = st.text(alphabet=string.ascii_letters, min_size=1, max_size=8).map(lambda s: KNOWN_PREFIX + s)


# cells that identify or date their record: a bad one rejects the record. Any other bad cell is set
# aside (a field issue) and its record loads.
HARD = {("List 1", "Date of Contact"), ("List 1", "Contact Source"), ("List 2", "Assessment start date"),
        ("List 3", "Date of Referral"), ("List 4", "Continuous Assessment Start Date"),
        ("List 4", "Continuous Assessment Date of Authorisation"),
        ("List 5", "Strategy discussion initiating Section 47 Enquiry Start Date"), ("List 6", "CIN Start Date"),
        ("List 7", "Child Protection Plan Start Date"), ("List 8", "Date Started to be Looked After"),
        ("List 10", "Date of Decision that Child Should be Placed for Adoption")}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.sampled_from(sorted(TARGETS)), bad=nonsense)
def test_a_bad_cell_rejects_its_record_or_is_set_aside_naming_the_heading_and_rule(tmp_path, target, bad):
    table, rule = TARGETS[target]
    batch = read(template(tmp_path / "injected.xlsx", {target: bad}))
    assert batch.unbalanced() == []
    if target not in HARD:
        assert batch.rejects == [] and batch.counts[table].loaded == TEMPLATE_LOADED[table]
        [issue] = batch.field_issues
        assert (issue.table_name, issue.field, issue.rule, issue.value) == (table, target[1], rule, bad)
        assert f"'{bad}'" in issue.reason and issue.row_ref.endswith("row 2")
        return
    assert [(r.table_name, r.field, r.rule) for r in batch.rejects] == [(table, target[1], rule)]
    assert batch.counts[table].read == TEMPLATE_LOADED[table]
    assert f"'{bad}'" in batch.rejects[0].reason and batch.rejects[0].row_ref.endswith("row 2")


@pytest.mark.parametrize("sheet, table", [("List 1", "contact"), ("List 7", "cp_plan"), ("List 11", "adopter")])
def test_a_missing_id_is_required(tmp_path, sheet, table):
    heading = "Individual adopter identifier" if sheet == "List 11" else "Child Unique ID"
    batch = read(template(tmp_path / "t.xlsx", {(sheet, heading): None}))
    assert [(r.table_name, r.field, r.rule) for r in batch.rejects] == [(table, heading, "required")]
    assert batch.unbalanced() == []


# -- columns missing ------------------------------------------------------------------------------------
def test_a_list_missing_a_required_column_rejects_every_row_and_the_rest_loads(tmp_path):
    path = write_workbook(tmp_path / "missing.xlsx", [
        ("List 1", [CHILD + ["Date of Contact"], ["K1", None, None, None, d(2025, 1, 2)]]),
        ("CP plans", [["Child protection plans as at 13/05/2025"],
                      CHILD + ["Initial Category of Abuse", "Latest Category of Abuse"],
                      ["K3", None, None, None, "NEG", "NEG"], ["K4", None, None, None, "PHY", "EMO"]]),
    ])
    batch = read(path)
    assert batch.unbalanced() == []
    assert {t: (c.read, c.loaded, c.rejected) for t, c in batch.counts.items()} == {
        "contact": (1, 1, 0), "cp_plan": (2, 0, 2), "child": (1, 1, 0)}
    assert [(r.row_ref, r.field, r.rule) for r in batch.rejects] == [
        ("List 7 (sheet 'CP plans') row 3", "Child Protection Plan Start Date", "column"),
        ("List 7 (sheet 'CP plans') row 4", "Child Protection Plan Start Date", "column")]
    assert batch.rejects[0].reason == (
        "sheet 'CP plans' (List 7) has no 'Child Protection Plan Start Date' column in its headings on row 2; "
        "the list was not loaded. Add the column and load the workbook again")


def test_a_named_list_with_no_headings_at_all_rejects_its_rows(tmp_path):
    path = write_workbook(tmp_path / "noheader.xlsx", [
        ("List 3", [["K3", d(2025, 1, 6), "2A"], ["K4", d(2025, 1, 7), "6"]]),
        ("List 1", [CHILD + ["Date of Contact"], ["K1", None, None, None, d(2025, 1, 2)]]),
    ])
    batch = read(path)
    assert [(r.table_name, r.row_ref, r.rule) for r in batch.rejects] == [
        ("referral", "List 3 (sheet 'List 3') row 1", "column"),
        ("referral", "List 3 (sheet 'List 3') row 2", "column")]
    assert "has no heading row with 'Child Unique ID' and 'Date of Referral'" in batch.rejects[0].reason
    assert batch.counts["contact"].loaded == 1


# -- duplicates and disagreements -----------------------------------------------------------------------
def test_duplicated_rows_are_rejected_naming_the_first(tmp_path):
    first = TEMPLATE[0][2]
    referral = TEMPLATE[2][2]
    batch = read(template(tmp_path / "dup.xlsx", extra_rows={"List 1": [list(first)], "List 3": [list(referral)]}))
    assert batch.unbalanced() == []
    assert [(r.table_name, r.row_ref, r.rule) for r in batch.rejects] == [
        ("contact", "List 1 (sheet 'List 1') row 3", "duplicate"),
        ("referral", "List 3 (sheet 'List 3') row 3", "duplicate")]
    assert "as List 1 (sheet 'List 1') row 2" in batch.rejects[0].reason


def test_a_date_of_birth_that_differs_between_lists_is_set_aside_and_the_child_kept(store, tmp_path):
    # List 1 is read first: its row 3 gives K3's date of birth, and List 3 row 2 disagrees
    path = template(tmp_path / "conflict.xlsx", extra_rows={
        "List 1": [["K3", "a) Male", "WBRI", d(2014, 3, 4), d(2025, 1, 4), "2A"]]})
    result = load_file(store, path, la_code="846", as_at=AS_AT)
    assert result.status == "loaded", result.message
    assert store.execute("SELECT count(*) FROM reject").fetchall() == [(0,)]
    assert store.execute("SELECT table_name, row_ref, record_key, field, value, rule, reason "
                         "FROM field_issue").fetchall() == [
        ("child", "List 3 (sheet 'List 3') row 2", "846/K3", "Date of Birth", "2014-03-03", "conflict",
         "Date of Birth is 2014-03-03 here but 2014-03-04 at List 1 (sheet 'List 1') row 3, for the same child; "
         "set aside for the child")]
    # the child loads with everything but its date of birth, which neither row can be trusted for
    assert store.execute("SELECT child_id, sex, ethnicity, dob FROM child WHERE child_id = '846/K3'").fetchall() == [
        ("846/K3", "M", "WBRI", None)]
    assert store.execute("SELECT count(*) FROM contact WHERE child_id = '846/K3'").fetchall() == [(1,)]


def test_one_visit_described_two_ways_is_rejected_the_second_time(tmp_path):
    # K3's second CP plan gives the same last statutory visit (01/03/2025) but says the child was seen alone
    second_plan = ["K3", None, None, None, d(2024, 6, 1), "a) Neglect", "a) Neglect", d(2025, 3, 1), "a) Yes",
                   None, d(2024, 12, 1), 0]
    batch = read(template(tmp_path / "visit.xlsx", extra_rows={"List 7": [second_plan]}))
    assert batch.unbalanced() == []
    assert [(r.table_name, r.row_ref, r.field, r.rule, r.reason) for r in batch.rejects] == [
        ("visit", "List 7 (sheet 'List 7') row 3", "seen_alone", "conflict",
         "seen alone is True here but False at List 7 (sheet 'List 7') row 2, for the same visit")]
    assert (batch.counts["cp_plan"].loaded, batch.counts["visit"].read) == (2, 4)


def test_care_leavers_need_the_annex_a_date():
    from carepath.sources.annex_a_lists import BY_NUMBER
    from carepath.sources.annex_a_rows import SheetRow

    class NoDate:
        la_code, as_at = "846", None

    row = SheetRow(BY_NUMBER[9], {"child_id": "K9"}, {}, "List 9 (sheet 'L9') row 2", "")
    with pytest.raises(RowError, match="the date this Annex A was made is not known"):
        build_care_leaver(row, NoDate())


# -- files that are no workbook ---------------------------------------------------------------------------
def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("content, message", [
    (b"Child Unique ID,Date of Contact\nK1,02/01/2025\n", "is not an Excel .xlsx workbook (it is not a zip file)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "is an old-style .xls workbook or a password-protected one"),
    (zipped({"data.csv": b"a,b\n1,2\n"}), "is a damaged or incomplete Excel workbook"),
    (zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<not closed"}),
     "is a damaged or incomplete Excel workbook"),
])
def test_a_file_that_is_not_a_workbook_fails_plainly(loaded_store, tmp_path, content, message):
    before = snapshot(loaded_store)
    path = tmp_path / "annex.xlsx"
    path.write_bytes(content)
    result = load_file(loaded_store, path, la_code="846")
    assert result.status == "failed" and message in result.message and "nothing was loaded" in result.message
    assert snapshot(loaded_store) == before


def test_an_empty_file_is_reported_as_empty(loaded_store, tmp_path):
    before = snapshot(loaded_store)
    path = tmp_path / "annex.xlsx"
    path.write_bytes(b"")
    result = load_file(loaded_store, path, la_code="846")
    assert result.status == "failed" and result.message == "annex.xlsx is empty (0 bytes): there is nothing to load."
    assert snapshot(loaded_store) == before


def test_an_empty_workbook_is_refused(loaded_store, tmp_path):
    before = snapshot(loaded_store)
    path = write_workbook(tmp_path / "empty.xlsx", [("Sheet1", [])])
    result = load_file(loaded_store, path, la_code="846")
    assert result.status == "failed"
    assert "none of its sheets is an Annex A list (sheets: 'Sheet1')" in result.message
    assert snapshot(loaded_store) == before


def test_lists_with_headings_and_no_rows_load_nothing(store, tmp_path):
    path = write_workbook(tmp_path / "headings.xlsx", [(title, [headings]) for title, headings, _ in TEMPLATE])
    result = load_file(store, path, la_code="846")
    assert (result.status, result.rows_read) == ("loaded", 0)


@pytest.fixture(scope="module")
def good_workbook(tmp_path_factory) -> bytes:
    return template(tmp_path_factory.mktemp("good") / "good.xlsx").read_bytes()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_workbook_cut_anywhere_fails_plainly_and_changes_nothing(loaded_store, good_workbook, tmp_path, data):
    cut = data.draw(st.integers(min_value=0, max_value=len(good_workbook) - 1))
    path = tmp_path / "cut.xlsx"
    path.write_bytes(good_workbook[:cut])
    before = snapshot(loaded_store)
    result = load_file(loaded_store, path, la_code="846")
    assert result.status == "failed" and "cut.xlsx" in result.message
    assert "nothing was loaded" in result.message or (cut == 0 and "is empty (0 bytes)" in result.message)
    assert snapshot(loaded_store) == before


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_workbook_with_a_damaged_byte_reads_or_fails_plainly(good_workbook, tmp_path, data):
    damaged = bytearray(good_workbook)
    where = data.draw(st.integers(min_value=0, max_value=len(damaged) - 1))
    damaged[where] ^= data.draw(st.integers(min_value=1, max_value=255))
    path = tmp_path / "flipped.xlsx"
    path.write_bytes(bytes(damaged))
    batch = Batch(path.name, la_code="846")
    try:
        annex_a.read(path, batch)
    except SourceError as exc:
        assert "flipped.xlsx" in str(exc) and "nothing was loaded" in str(exc)
    else:  # a byte the zip does not check (a local header's copy of a name, a timestamp)
        assert batch.unbalanced() == []
