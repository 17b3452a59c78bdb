"""The Annex A reader: a hand-built workbook in the variants real ones carry, and the sample workbook.

The hand-built workbook (``variants``) renames its sheets (one is just "Sheet5"), puts a title above one list's
headings, leaves blank rows, spells headings differently and writes coded cells with and without
their drop-down letters. Every expected value below was worked out by hand from the cells written
in ``variants`` and from the sample workbook (opened in a spreadsheet).
"""
from __future__ import annotations

from datetime import date as d, datetime
from pathlib import Path

import openpyxl
import pytest

from carepath.sources import annex_a
from carepath.sources import annex_a_values as values
from carepath.sources.annex_a_lists import LISTS, identify, list_named
from carepath.sources.batch import RowError
from carepath.sources.loader import load_file

CHILD = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"]
AT_AW = ["Allocated Team", "Allocated Worker"]
C1 = ["C1", "a) Male", "a) WBRI", d(2015, 3, 1), 10]
C2 = ["C2", "b) Female", "o) BAFR", "2012-07-20", 12]


def excel_day(day: d) -> int:
    """The number Excel stores for a date, as a cell not formatted as a date shows it."""
    return (day - d(1899, 12, 30)).days


def write_workbook(path: Path, sheets: list[tuple[str, list[list]]]) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def variants(path: Path) -> Path:
    blank = [None] * 5
    return write_workbook(path, [
        ("Cover", [["Annex A return for the inspection"], ["Prepared by the performance team"]]),
        ("List 1 - Contacts", [
            ["Annex A: List 1 Contacts"], ["Data as at 13/05/2025"], [],
            ["Child\nUnique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)", "Date of Contact",
             "Contact Source"],
            C1 + [d(2025, 1, 6), "q) 6: Police"],
            C2 + ["07/01/2025", "a) 1A: Individual"],
            [],
            ["C1", "Male", "White British", d(2015, 3, 1), 10, excel_day(d(2025, 1, 8)), "Schools"],
        ]),
        ("L2 Early help", [
            ["Child ID", "Gender", "Ethnicity", "DOB", "Age", "Assessment Start Date", "Assessment Completion Date",
             "Organisation completing assessment"],
            ["C3", "c) Not stated/recorded", "s) NOBT", None, None, d(2025, 2, 3), d(2025, 3, 3), "Family Hub"],
        ]),
        ("Referrals", [
            CHILD + ["Date of Referral", "Referral Source", "Referral NFA?", "Number of Referrals in Last 12 Months"]
            + AT_AW,
            ["C1"] + blank[1:] + [d(2024, 11, 4), "q) 6: Police", "b) No", 1, "Assessment Team 1", "Alex Ward"],
            ["C1"] + blank[1:] + [d(2025, 1, 6), "2A", "N", 2, "Assessment Team 1", "Unallocated"],
            ["C2"] + blank[1:] + [d(2025, 1, 7), "a) 1A: Individual", "a) Yes", 1, "Assessment Team 1", "Bo Chen"],
            ["C4", "d) Neither", None, None, None, d(2025, 2, 10), "5D", "No", 1, "CP Team", "Alex Ward"],
        ]),
        ("Sheet5", [  # named nothing: known by its headings
            CHILD + ["Does the Child have a Disability", "Continuous Assessment Start Date",
                     "Child Seen During Continuous Assessment", "Continuous Assessment Date of Authorisation",
                     "Was the child assessed as requiring LA children\u2019s social care support?"] + AT_AW,
            ["C1"] + blank[1:] + ["b) No", d(2024, 11, 5), "a) Yes", d(2024, 12, 20), "a) Yes", "Assessment Team 1",
                                  "Alex Ward"],
            ["C1"] + blank[1:] + [None, d(2025, 1, 7), "Y", None, "c) Unknown", None, None],
            ["C5"] + blank[1:] + [None, d(2025, 3, 1), None, None, None, None, None],
            ["C2"] + blank[1:] + [None, d(2025, 1, 20), "b) No", d(2025, 2, 14), "b) No", None, None],
        ]),
        ("S47", [
            ["Child ID", "Gender", "Ethnicity", "Date of birth", "Age", "Disability",
             "Strategy discussion initiating Section 47 Enquiry Start Date",
             "Was an Initial Child Protection Conference deemed unnecessary?",
             "Date of Initial Child Protection Conference",
             "Did the Initial Child Protection Conference Result in a Child Protection Plan",
             "Number of Section 47 Enquiries in the last 12 months", "Number of ICPCs in the last 12 months"] + AT_AW,
            ["C4"] + blank[1:] + [None, d(2025, 2, 12), "b) No", d(2025, 3, 3), "a) Yes", 1, 1, "CP Team", "Di Eve"],
        ]),
        ("List 6", [
            CHILD + ["Does the Child have a Disability", "CIN Start Date", "Primary Need Code",
                     "Date Child Was Last Seen", "CIN Closure Date", "Reason for Closure", "Case Status"] + AT_AW,
            ["C1"] + blank[1:] + [None, d(2024, 11, 4), "N1 - Abuse or neglect", d(2024, 12, 2), d(2024, 12, 31),
                                  "RC7 - Services ceased for any other reason, including child no longer in need",
                                  "e) Closed episode", "Assessment Team 1", "Alex Ward"],
            ["C2"] + blank[1:] + [None, d(2024, 6, 1), "N4", None, None, None, "c) Child in need plan",
                                  "Assessment Team 1", "Bo Chen"],
            ["C2"] + blank[1:] + [None, d(2025, 1, 7), "N9", None, d(2025, 1, 8), "RC8", "e) Closed episode",
                                  None, None],
        ]),
        ("CP", [
            CHILD + ["Does the Child have a Disability", "Child Protection Plan Start Date",
                     "Initial Category of Abuse", "Latest Category of Abuse", "Date of the Last Statutory Visit",
                     "Was the Child Seen Alone?",
                     "Date of latest review conference", "Child Protection Plan End Date",
                     "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
                     "Number of Previous Child Protection Plans"] + AT_AW,
            ["C4"] + blank[1:] + [None, d(2025, 3, 3), "a) Neglect", "d) Emotional abuse", d(2025, 4, 28), "a) Yes",
                                  d(2025, 5, 6), None, "N", 0, "CP Team", "Di Eve"],
        ]),
        ("Children in care", [
            CHILD + ["UASC within the last 12 months (Y/N)", "Does the Child have a Disability",
                     "Date Started to be Looked After", "Child's Category of Need",
                     "Is this a second or subsequent period of being a Looked After Child within the last 12 "
                     "months (Y/N)",
                     "Start date of current legal status", "Child's Legal Status", "Date of Latest Statutory Review",
                     "Date of Last Social Work Visit", "What is the permanence plan for this child?",
                     "Date of Last IRO Visit / Contact to the Child", "Date of Last Health Assessment",
                     "Date of Last Dental Check", "Number of Placements in the Last 12 months",
                     "Date Ceased to be Looked After", "Reason Ceased to be Looked After",
                     "Start Date of Most Recent Placement", "Placement Type", "Placement Provider",
                     "Placement postcode", "URN of Placement", "Placement Location", "LA of Placement"] + AT_AW,
            ["C6", "a) Male", "p) BOTH", d(2009, 5, 5), 15, "a) Yes", "b) No", d(2024, 8, 1), "N1 - Abuse or neglect",
             "b) No", d(2024, 10, 15), "C2: FCO", d(2025, 2, 1), d(2025, 4, 1), "f) Long-term fostering", None, None,
             None, 2, None, None, d(2024, 9, 1), "f) U6: Foster placement - not FFA", "e) PR4: Private provision",
             "ex1 1aa", "SC123456", "b) Out", "878", "CLA Team", "Ed Fox"],
            ["C7", "b) Female", "WBRI", d(2010, 10, 10), 14, "N", None, d(2023, 1, 1), "N2", "N", None,
             "V2: Single period under S20", None, None, None, None, None, None, 1, d(2025, 3, 31),
             "e) E4A: Returned home to live with parents or relatives - part of planning", None, "P1",
             "a) PR0: Parents/Parental responsibility", None, None, "a) In", None, "CLA Team", "Ed Fox"],
        ]),
        ("Care leavers", [
            CHILD + ["UASC, or formerly UASC if 18 or over (Y/N)", "Does the Child have a Disability"] + AT_AW
            + ["Allocated Personal Advisor", "Eligibility Category", "Latest Pathway Plan Review Date", "LA in Touch",
               "Latest Date of Contact", "Type of Accommodation", "Suitability of Accommodation", "Activity Status"],
            ["C8", "b) Female", "j) AIND", d(2005, 6, 6), 19, "b) No", "b) No", "Leaving Care Team", "Unallocated",
             "Pat Adviser", "b) Former relevant child", d(2025, 1, 15), "a) Yes", d(2025, 4, 30),
             "D: Semi-independent, transitional accommodation and self-contained accommodation", "a) Suitable",
             "F2: Full time in education other than higher"],
        ]),
        ("List 10", [
            ["Child Unique ID", "Family identifier", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)",
             "Does the Child have a Disability", "Date the Child Entered Care",
             "Date of Decision that Child Should be Placed for Adoption", "Date of Placement Order",
             "Date of Matching Child and Prospective Adopters", "Date Placed for Adoption", "Date of Adoption Order",
             "Date of Decision that Child Should No Longer be Placed for Adoption",
             "Reason Why Child No Longer Placed for Adoption",
             "Date the child was placed for fostering in FFA or concurrent planning placement"],
            ["C9", "F01", "a) Male", "WBRI", d(2022, 2, 2), 3, "No", d(2023, 3, 3), d(2023, 9, 1), d(2024, 1, 10),
             d(2024, 3, 1), d(2024, 3, 20), d(2024, 10, 1), None, None, None],
            ["C10", None, "b) Female", None, None, None, None, d(2024, 1, 1), d(2024, 6, 1), None, None, None, None,
             d(2025, 1, 5), "RD2 - The Court did not make a placement order", None],
        ]),
        ("Adopters", [
            ["Individual adopter identifier", "Family identifier", "Gender", "Ethnicity", "Disability",
             "Is the (prospective) adopter fostering for adoption?", "Date enquiry received", "Date Stage 1 started",
             "Date Stage 1 ended", "Date Stage 2 started", "Date Stage 2 ended", "Date application submitted",
             "Date application approved", "Date adopter matched with child(ren)",
             "Date child/children placed with adopter(s)", "No. of children placed", "Date of Adoption Order",
             "Date of leaving adoption process", "Reason for leaving adoption process"],
            ["AD1", "F01", "b) Female", "WBRI", "b) No", "b) No", d(2023, 1, 10), d(2023, 2, 1), d(2023, 3, 31),
             d(2023, 4, 1), d(2023, 8, 31), d(2023, 3, 31), d(2023, 9, 20), d(2024, 3, 1), d(2024, 3, 20), 1,
             d(2024, 10, 1), None, None],
            ["AD2", "F01", "a) Male", "WBRI", "b) No", "b) No", d(2023, 1, 10), d(2023, 2, 1), d(2023, 3, 31),
             d(2023, 4, 1), d(2023, 8, 31), d(2023, 3, 31), d(2023, 9, 20), d(2024, 3, 1), d(2024, 3, 20), 1,
             d(2024, 10, 1), None, None],
            ["AD3", "F02", "Female", "CHNE", "Yes", "a) Yes", d(2024, 5, 1), d(2024, 5, 20), None, None, None, None,
             None, None, None, None, None, d(2024, 7, 1), "1 - Adopter withdrew from process"],
        ]),
    ])


def rows(con, sql):
    return con.execute(sql).fetchall()


def accounting(con, batch_id):
    return {t: (r, lo, rj) for t, r, lo, rj in rows(
        con, f"SELECT table_name, rows_read, rows_loaded, rows_rejected FROM load_count WHERE batch_id = {batch_id}")}


@pytest.fixture
def loaded(store, tmp_path):
    result = load_file(store, variants(tmp_path / "annex_a.xlsx"), la_code="846")
    assert result.status == "loaded", result.message
    return result


# -- detection and the authority -------------------------------------------------------------------
def test_detect_by_name_or_by_content(tmp_path):
    path = variants(tmp_path / "a.xlsx")
    assert annex_a.detect(path, path.read_bytes()[:8192])
    assert annex_a.detect(Path("renamed.bin"), path.read_bytes()[:8192])
    assert annex_a.detect(Path("old.xls"), b"\xd0\xcf\x11\xe0")
    assert not annex_a.detect(Path("a.csv"), b"child_id,dob\nA1,01/01/2015\n")
    assert not annex_a.detect(Path("archive.zip"), b"PK\x03\x04\x14\x00\x00\x00data.csv")


def test_annex_a_names_no_authority_so_la_is_required(store, tmp_path):
    result = load_file(store, variants(tmp_path / "a.xlsx"))
    assert result.status == "failed" and "--la" in result.message
    assert rows(store, "SELECT count(*) FROM load_batch") == [(0,)]


# -- which sheet is which list ----------------------------------------------------------------------
@pytest.mark.parametrize("name, number", [
    ("List_1", 1), ("List 1 - Contacts", 1), ("L1 Contacts", 1), ("Contacts", 1), ("List 03", 3),
    ("Early help assessments", 2), ("Section 47 enquiries and ICPCs", 5), ("S47", 5), ("CIN", 6),
    ("Children in need", 6), ("CP plans", 7), ("Children in care", 8), ("Looked after", 8), ("Care leavers", 9),
    ("Adoption", 10), ("Adopters", 11), ("L11", 11), ("Cover", None), ("Sheet1", None),
])
def test_a_list_is_known_by_its_sheet_name(name, number):
    found = list_named(name)
    assert (found.number if found else None) == number


def test_a_list_is_known_by_its_headings_whatever_the_sheet_is_called():
    for annex_list in LISTS:
        headings = [column.label for column in annex_list.columns if column.field != "ignore"]
        found = identify(headings, None)
        assert found is not None and found[0].number == annex_list.number, annex_list.title
    # a header the sheet name contradicts: the headings win
    cp_headings = ["Child ID", "Child Protection Plan Start Date", "Initial Category of Abuse"]
    assert identify(cp_headings, list_named("Referrals"))[0].number == 7


# -- reading coded cells ------------------------------------------------------------------------------
def test_coded_cells_with_and_without_their_drop_down_letters():
    from carepath import codes
    source = codes.REFERRAL_SOURCE
    assert [values.coded(v, "Source", source, "referral source") for v in (
        "q) 6: Police", "a) 1A: Individual", "6", 6, "1a", "Police", "Schools", "p1) 5D: LA services", None)] == [
        "6", "1A", "6", "6", "1A", "6", "2A", "5D", None]
    assert values.coded("N1 - Abuse or neglect", "Need", codes.PRIMARY_NEED, "need") == "N1"
    assert values.coded("a) Neglect", "Cat", codes.ABUSE_CATEGORY, "cat") == "NEG"
    assert values.coded("e) Multiple/not recommended", "Cat", codes.ABUSE_CATEGORY, "cat") == "MUL"
    assert values.coded("u) X1: CodeError", "Reason", codes.REASON_CEASED, "rec") == "X1"
    assert values.coded("White British", "Eth", codes.ETHNICITY, "eth") == "WBRI"
    with pytest.raises(RowError) as caught:
        values.coded("z) 99: Aliens", "Contact Source", source, "referral source")
    assert (caught.value.field, caught.value.rule) == ("Contact Source", "code")
    assert str(caught.value).startswith("Contact Source 'z) 99: Aliens' is not a referral source code (1A, 1B, ")
    assert [values.sex(v, "Gender") for v in ("a) Male", "b) Female", "c) Not stated/recorded", "d) Neither", "F",
                                              None)] == ["M", "F", "U", "U", "F", None]
    assert [values.yes_no(v, "NFA") for v in ("a) Yes", "b) No", "Y", "n", "c) Unknown", None)] == [
        True, False, True, False, None, None]
    assert values.day(excel_day(d(2025, 1, 8)), "Date") == d(2025, 1, 8)
    assert values.day(datetime(2025, 1, 8, 0, 0), "Date") == d(2025, 1, 8)
    assert values.person("Unallocated") is None and values.person(" Alex  Ward ") == "Alex Ward"


def test_the_annex_a_date_comes_from_a_title_row_or_the_file_name_never_the_last_save():
    assert annex_a.annex_date(["Annex A", "Data as at 13/05/2025"], "annex.xlsx") == (d(2025, 5, 13), "a title row")
    assert annex_a.annex_date(["As at", datetime(2025, 5, 12)], "annex.xlsx") == (d(2025, 5, 12), "a title row")
    assert annex_a.annex_date([], "AnnexA_2025-05-14.xlsx") == (d(2025, 5, 14), "the file name")
    assert annex_a.annex_date([], "Annex A 15.05.2025.xlsx") == (d(2025, 5, 15), "the file name")
    assert annex_a.annex_date([], "annexa_20250516.xlsx") == (d(2025, 5, 16), "the file name")
    assert annex_a.annex_date(["List 1 contacts"], "annex.xlsx") is None


# -- the hand-built workbook, value by value --------------------------------------------------------
def test_every_list_lands_in_its_table_with_the_row_accounting(store, loaded):
    assert (loaded.format, loaded.la_code) == ("annex-a-xlsx", "846")
    assert accounting(store, loaded.batch_id) == {
        "contact": (3, 3, 0), "early_help": (1, 1, 0), "referral": (7, 7, 0), "assessment": (4, 4, 0),
        "s47": (1, 1, 0), "cp_plan": (1, 1, 0), "visit": (3, 3, 0), "cp_review": (1, 1, 0), "cla_review": (1, 1, 0),
        "cla_episode": (2, 2, 0), "care_leaver": (1, 1, 0), "adoption": (2, 2, 0), "adopter": (3, 3, 0),
        "child": (10, 10, 0), "org_unit": (4, 4, 0), "worker": (4, 4, 0)}
    assert rows(store, "SELECT rows_read, rows_loaded, rows_rejected FROM load_batch") == [(48, 48, 0)]


def test_children_come_from_every_list_they_appear_in(store, loaded):
    assert rows(store, "SELECT child_id, local_child_id, sex, ethnicity, dob, uasc FROM child ORDER BY child_id") == [
        ("846/C1", "C1", "M", "WBRI", d(2015, 3, 1), None), ("846/C10", "C10", "F", None, None, None),
        ("846/C2", "C2", "F", "BAFR", d(2012, 7, 20), None), ("846/C3", "C3", "U", "NOBT", None, None),
        ("846/C4", "C4", "U", None, None, None), ("846/C5", "C5", None, None, None, None),
        ("846/C6", "C6", "M", "BOTH", d(2009, 5, 5), True), ("846/C7", "C7", "F", "WBRI", d(2010, 10, 10), False),
        ("846/C8", "C8", "F", "AIND", d(2005, 6, 6), False), ("846/C9", "C9", "M", "WBRI", d(2022, 2, 2), None)]


def test_contacts_and_early_help(store, loaded):
    assert rows(store, "SELECT contact_id, child_id, contact_date, source FROM contact ORDER BY contact_id") == [
        ("846/C1/2025-01-06/6", "846/C1", d(2025, 1, 6), "6"), ("846/C1/2025-01-08/2A", "846/C1", d(2025, 1, 8), "2A"),
        ("846/C2/2025-01-07/1A", "846/C2", d(2025, 1, 7), "1A")]
    assert rows(store, "SELECT early_help_id, start_date, end_date, assessment_start_date, assessment_completed_date, "
                       "organisation FROM early_help") == [
        ("846/C3/2025-02-03", d(2025, 2, 3), None, d(2025, 2, 3), d(2025, 3, 3), "Family Hub")]


def test_list_3_and_list_6_describe_one_cin_episode(store, loaded):
    assert rows(store, "SELECT referral_id, referral_date, source, nfa, primary_need, closure_date, closure_reason "
                       "FROM referral ORDER BY referral_id") == [
        ("846/C1/2024-11-04", d(2024, 11, 4), "6", False, "N1", d(2024, 12, 31), "RC7"),
        ("846/C1/2025-01-06", d(2025, 1, 6), "2A", False, None, None, None),
        ("846/C2/2024-06-01", d(2024, 6, 1), None, None, "N4", None, None),
        ("846/C2/2025-01-07", d(2025, 1, 7), "1A", True, "N9", d(2025, 1, 8), "RC8"),
        ("846/C4/2025-02-10", d(2025, 2, 10), "5D", False, None, None, None)]


def test_assessments_s47s_and_plans_attach_to_the_referral_open_at_their_start(store, loaded):
    # C2's assessment of 20/01/2025 is after the referral of 07/01/2025, but that one closed on 08/01/2025:
    # it belongs to the episode open since 01/06/2024. C5 has no referral in the workbook.
    assert rows(store, "SELECT assessment_id, referral_id, start_date, authorised_date, child_seen, outcome "
                       "FROM assessment ORDER BY assessment_id") == [
        ("846/C1/2024-11-04/2024-11-05", "846/C1/2024-11-04", d(2024, 11, 5), d(2024, 12, 20), True, "Y"),
        ("846/C1/2025-01-06/2025-01-07", "846/C1/2025-01-06", d(2025, 1, 7), None, True, None),
        ("846/C2/2024-06-01/2025-01-20", "846/C2/2024-06-01", d(2025, 1, 20), d(2025, 2, 14), False, "N"),
        ("846/C5/2025-03-01", None, d(2025, 3, 1), None, None, None)]
    assert rows(store, "SELECT s47_id, referral_id, start_date, icpc_not_required, icpc_date, outcome FROM s47") == [
        ("846/C4/2025-02-10/2025-02-12", "846/C4/2025-02-10", d(2025, 2, 12), False, d(2025, 3, 3), "Y")]
    assert rows(store, "SELECT cp_plan_id, referral_id, start_date, end_date, initial_category, latest_category, "
                       "previous_plans FROM cp_plan") == [
        ("846/C4/2025-03-03", "846/C4/2025-02-10", d(2025, 3, 3), None, "NEG", "EMO", 0)]
    assert rows(store, "SELECT cp_plan_id, child_id, review_date FROM cp_review") == [
        ("846/C4/2025-03-03", "846/C4", d(2025, 5, 6))]


def test_visits_come_from_lists_6_7_and_8(store, loaded):
    assert rows(store, "SELECT visit_id, kind, seen, seen_alone, worker_id FROM visit ORDER BY visit_id") == [
        ("846/C1/2024-12-02/CIN", "CIN", True, None, None), ("846/C4/2025-04-28/CP", "CP", True, True, None),
        ("846/C6/2025-04-01/CLA", "CLA", None, None, None)]


def test_children_in_care_give_their_current_episode(store, loaded):
    # C6 came into care 01/08/2024, legal status from 15/10/2024, placed 01/09/2024: the episode began 15/10/2024
    assert rows(store, "SELECT episode_id, start_date, rne, legal_status, cin, placement, provider, end_date, "
                       "reason_ceased, placement_postcode, urn FROM cla_episode ORDER BY episode_id") == [
        ("846/C6/2024-10-15", d(2024, 10, 15), None, "C2", "N1", "U6", "PR4", None, None, "EX1 1AA", "SC123456"),
        ("846/C7/2023-01-01", d(2023, 1, 1), "S", "V2", "N2", "P1", "PR0", d(2025, 3, 31), "E4A", None, None)]
    assert rows(store, "SELECT child_id, review_date, participation FROM cla_review") == [
        ("846/C6", d(2025, 2, 1), None)]


def test_care_leavers_are_as_at_the_date_in_the_title_row(store, loaded):
    assert rows(store, "SELECT child_id, as_at, in_touch, activity, accommodation, accommodation_suitable, "
                       "eligibility, latest_contact_date, pathway_plan_review_date, personal_adviser "
                       "FROM care_leaver") == [
        ("846/C8", d(2025, 5, 13), "YES", "F2", "D", True, "FORMER_RELEVANT", d(2025, 4, 30), d(2025, 1, 15),
         "Pat Adviser")]


def test_adoptions_and_adopters(store, loaded):
    assert rows(store, "SELECT adoption_id, decision_date, placement_order_date, matched_date, placed_date, "
                       "adoption_order_date, reversed_date, reversed_reason FROM adoption ORDER BY adoption_id") == [
        ("846/C10/2024-06-01", d(2024, 6, 1), None, None, None, None, d(2025, 1, 5), "RD2"),
        ("846/C9/2023-09-01", d(2023, 9, 1), d(2024, 1, 10), d(2024, 3, 1), d(2024, 3, 20), d(2024, 10, 1), None,
         None)]
    assert rows(store, "SELECT adopter_id, la_code, family_id, sex, ethnicity, disability, fostering_for_adoption, "
                       "enquiry_date, stage1_start_date, stage1_end_date, stage2_start_date, stage2_end_date, "
                       "application_date, approved_date, matched_date, placed_date, children_placed, "
                       "adoption_order_date, left_date, left_reason FROM adopter ORDER BY adopter_id") == [
        ("846/AD1", "846", "846/F01", "F", "WBRI", False, False, d(2023, 1, 10), d(2023, 2, 1), d(2023, 3, 31),
         d(2023, 4, 1), d(2023, 8, 31), d(2023, 3, 31), d(2023, 9, 20), d(2024, 3, 1), d(2024, 3, 20), 1,
         d(2024, 10, 1), None, None),
        ("846/AD2", "846", "846/F01", "M", "WBRI", False, False, d(2023, 1, 10), d(2023, 2, 1), d(2023, 3, 31),
         d(2023, 4, 1), d(2023, 8, 31), d(2023, 3, 31), d(2023, 9, 20), d(2024, 3, 1), d(2024, 3, 20), 1,
         d(2024, 10, 1), None, None),
        ("846/AD3", "846", "846/F02", "F", "CHNE", True, True, d(2024, 5, 1), d(2024, 5, 20), None, None, None, None,
         None, None, None, None, None, d(2024, 7, 1), "1")]


def test_allocated_teams_and_workers(store, loaded):
    assert rows(store, "SELECT team_id, team_name FROM org_unit ORDER BY team_id") == [
        ("846/Assessment Team 1", "Assessment Team 1"), ("846/CLA Team", "CLA Team"), ("846/CP Team", "CP Team"),
        ("846/Leaving Care Team", "Leaving Care Team")]
    # Alex Ward is named with two teams, so has none; "Unallocated" is nobody
    assert rows(store, "SELECT worker_id, worker_name, team_id FROM worker ORDER BY worker_id") == [
        ("846/Alex Ward", "Alex Ward", None), ("846/Bo Chen", "Bo Chen", "846/Assessment Team 1"),
        ("846/Di Eve", "Di Eve", "846/CP Team"), ("846/Ed Fox", "Ed Fox", "846/CLA Team")]
    assert rows(store, "SELECT count(*) FROM allocation") == [(0,)]


def test_loading_the_same_workbook_twice_changes_nothing(store, loaded, tmp_path):
    again = load_file(store, tmp_path / "annex_a.xlsx", la_code="846")
    assert again.status == "already loaded"
    assert rows(store, "SELECT count(*) FROM referral") == [(5,)]


def test_an_assessment_from_annex_a_merges_with_the_same_one_from_the_cin_census(store, fixtures, tmp_path):
    # cin_2024_25.xml: child E5, referral 13/05/2024, assessment started 14/05/2024 with factors 3C 4B 18C 24A
    assert load_file(store, fixtures / "cin" / "cin_2024_25.xml").status == "loaded"
    path = write_workbook(tmp_path / "annex.xlsx", [
        ("List 3", [CHILD + ["Date of Referral"], ["E5", None, None, None, None, d(2024, 5, 13)]]),
        ("List 4", [CHILD + ["Continuous Assessment Start Date", "Child Seen During Continuous Assessment"],
                    ["E5", None, None, None, None, d(2024, 5, 14), "a) Yes"]]),
    ])
    assert load_file(store, path, la_code="846").status == "loaded"
    assert rows(store, "SELECT assessment_id, authorised_date, factors, child_seen FROM assessment "
                       "WHERE child_id = '846/E5'") == [
        ("846/E5/2024-05-13/2024-05-14", d(2024, 6, 20), ["3C", "4B", "18C", "24A"], True)]


# -- the sample workbook ------------------------------------------------------------------------------
def test_the_sample_workbook_loads_with_every_row_accounted_for(store, samples):
    result = load_file(store, samples / "annex_a" / "annexa_example.xlsx", la_code="846")
    assert result.status == "loaded", result.message
    # data rows per sheet: List_1 13, List_2 2, List_3 11 + List_6 2, List_4 5, List_5 4, List_7 3, List_8 3,
    # Lists 9-11 none; 18 different children across lists 1-8
    assert accounting(store, result.batch_id) == {
        "contact": (13, 13, 0), "early_help": (2, 2, 0), "referral": (13, 13, 0), "assessment": (5, 5, 0),
        "s47": (4, 3, 1), "cp_plan": (3, 3, 0), "cla_episode": (3, 3, 0), "child": (18, 18, 0)}
    # List_5 row 4 (child 2547) has an ICPC date but no S47 start date
    assert rows(store, "SELECT table_name, row_ref, field, rule FROM reject") == [
        ("s47", "List 5 (sheet 'List_5') row 4", "Strategy discussion initiating Section 47 Enquiry Start Date",
         "required")]
    # List_1: contact dates are formulas (=F2+3...) whose saved values step three days from 09/01/2019
    assert rows(store, "SELECT contact_date FROM contact WHERE child_id = '846/2222' ORDER BY 1") == [
        (d(2019, 1, 12),), (d(2019, 1, 24),), (d(2019, 1, 30),)]
    # List_4: 3333's assessments of 13/04 and 17/04/2019 follow its referrals of 08/03 and 22/03: the later one
    assert rows(store, "SELECT assessment_id, authorised_date FROM assessment WHERE child_id = '846/3333' "
                       "ORDER BY 1") == [("846/3333/2019-03-22/2019-04-13", d(2019, 5, 28)),
                                         ("846/3333/2019-03-22/2019-04-17", None)]
    # List_5: 8888 has no referral in the workbook; 4444's S47 of 02/09/2019 follows its CIN start of 01/07/2019
    assert rows(store, "SELECT s47_id, referral_id FROM s47 ORDER BY 1") == [
        ("846/2458/2019-04-26/2019-05-01", "846/2458/2019-04-26"),
        ("846/4444/2019-07-01/2019-09-02", "846/4444/2019-07-01"), ("846/8888/2019-08-21", None)]
    # List_8: no legal status or placement start, so each episode starts when the child came into care
    assert rows(store, "SELECT episode_id, rne, end_date FROM cla_episode ORDER BY 1") == [
        ("846/2458/2019-11-09", "S", None), ("846/9685/2019-11-19", "S", d(2020, 3, 31)),
        ("846/9999/2019-10-30", "S", d(2019, 11, 3))]
    assert rows(store, "SELECT referral_date FROM referral WHERE child_id = '846/1111' ORDER BY 1") == [
        (d(2019, 3, 1),), (d(2019, 5, 1),)]
