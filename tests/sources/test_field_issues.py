"""Regression tests for issue 15's reader defects, each from a small file written here in the shape described.

* one bad field in a child: the value is set aside (a field issue), the child and its records load;
* a rejected child leaves no half-empty child row: the child table and the reject log agree;
* Annex A free-text columns with variations of the expected wording load;
* nothing dated silently: never a workbook's saved date; a stated year that disagrees with the dates warns.

Every expected value was worked out by hand from the cells written below (the working is in the comments).
"""
from __future__ import annotations

import subprocess
import sys
from datetime import date as d, datetime

import openpyxl

from carepath import codes
from carepath.sources import annex_a_values as values
from carepath.sources.batch import Batch, Lenient
from carepath.sources.fields import parse_code
from carepath.sources.loader import load_file


def rows(con, sql, params=()):
    return con.execute(sql, params).fetchall()


def accounting(con, batch_id):
    return {t: (r, l, j) for t, r, l, j in rows(
        con, "SELECT table_name, rows_read, rows_loaded, rows_rejected FROM load_count WHERE batch_id = ?",
        [batch_id])}


def cli(*args):
    result = subprocess.run([sys.executable, "-m", "carepath", *args], capture_output=True, text=True, timeout=120)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def cin(children: str, reference_date: str = "2025-03-31") -> str:
    return (f"<Message><Header><Collection>CIN</Collection><Year>{reference_date[:4]}</Year>"
            f"<ReferenceDate>{reference_date}</ReferenceDate><Source><LEA>846</LEA></Source></Header>"
            f"<Children>{children}</Children></Message>")


def workbook(path, sheets, saved: datetime | None = None):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, sheet_rows in sheets:
        sheet = book.create_sheet(title)
        for row in sheet_rows:
            sheet.append(row)
    if saved is not None:
        book.properties.modified = saved
    book.save(path)
    return path


CHILD = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth"]


# -- one bad field in a child ---------------------------------------------------------------------------
BAD_CHILD = """<Child><ChildIdentifiers><LAchildID>A1</LAchildID><PersonBirthDate>2015-06-01</PersonBirthDate>
<ExpectedPersonBirthDate>2031-01-01</ExpectedPersonBirthDate><Sex>F</Sex></ChildIdentifiers>
<ChildCharacteristics><Ethnicity>WBRI</Ethnicity><Disabilities><Disability>HAND</Disability>
<Disability>WINGS</Disability></Disabilities></ChildCharacteristics>
<CINdetails><CINreferralDate>2024-06-03</CINreferralDate><ReferralSource>2A</ReferralSource>
<PrimaryNeedCode>N1</PrimaryNeedCode><ReferralNFA>false</ReferralNFA></CINdetails></Child>"""


def test_one_bad_field_in_a_child_is_set_aside_and_the_child_loads(store, tmp_path):
    path = tmp_path / "cin_2024_25.xml"
    path.write_text(cin(BAD_CHILD))
    result = load_file(store, path)
    assert result.status == "loaded", result.message
    # the census date is 31/03/2025; an expected birth date may be at most 305 days later (30/01/2026):
    # 01/01/2031 is implausible. WINGS is no disability code; HAND is.
    assert rows(store, "SELECT child_id, dob, expected_dob, sex, ethnicity, disabilities FROM child") == [
        ("846/A1", d(2015, 6, 1), None, "F", "WBRI", ["HAND"])]
    assert rows(store, "SELECT count(*) FROM referral WHERE child_id = '846/A1'") == [(1,)]
    assert rows(store, "SELECT table_name, record_key, child_id, field, value, rule FROM field_issue "
                       "ORDER BY issue_no") == [
        ("child", "846/A1", "846/A1", "ExpectedPersonBirthDate", "2031-01-01", "plausible"),
        ("child", "846/A1", "846/A1", "Disability", "WINGS", "code")]
    # rows read = loaded + rejected still holds, and a row with field issues is a loaded row
    assert accounting(store, result.batch_id) == {"child": (1, 1, 0), "referral": (1, 1, 0)}
    assert rows(store, "SELECT count(*) FROM reject") == [(0,)]


def test_status_issues_lists_the_values_set_aside_and_the_load_counts_them(tmp_path):
    path = tmp_path / "cin_2024_25.xml"
    path.write_text(cin(BAD_CHILD))
    store = str(tmp_path / "s.duckdb")
    loaded = cli("load", str(path), "--store", store)
    assert loaded.returncode == 0
    assert "read 2, loaded 2, rejected 0; 2 field issues" in loaded.stdout
    assert "2 value(s) could not be read and were set aside" in loaded.stdout
    status = cli("status", "--issues", "--store", store)
    assert status.returncode == 0
    assert "2 field issues" in status.stdout  # on the load's line
    assert "Field issues (2)" in status.stdout
    assert ("cin_2024_25.xml child at Child 1 (LAchildID A1), line 1: ExpectedPersonBirthDate = '2031-01-01' set "
            "aside: ExpectedPersonBirthDate 01/01/2031 is more than 10 months after 31/03/2025") in status.stdout


def test_a_903_child_with_an_unknown_ethnicity_and_a_dob_after_the_year_loads_without_them(store, tmp_path):
    path = tmp_path / "header_2024_25.csv"
    # B2's DOB 02/04/2025 is after 31/03/2025, the end of 2024-25: no child in the return is born after it
    path.write_text("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nA1,2,01/02/2012,ZZZZ,,,\nB2,1,02/04/2025,WBRI,,,\n")
    result = load_file(store, path, la_code="846")
    assert (result.rows_read, result.rows_loaded, result.rows_rejected, result.field_issues) == (2, 2, 0, 2)
    assert rows(store, "SELECT child_id, sex, dob, ethnicity FROM child ORDER BY 1") == [
        ("846/A1", "F", d(2012, 2, 1), None), ("846/B2", "M", None, "WBRI")]
    assert rows(store, "SELECT row_ref, field, value, rule FROM field_issue ORDER BY issue_no") == [
        ("Header row 2", "ETHNIC", "ZZZZ", "code"), ("Header row 3", "DOB", "2025-04-02", "plausible")]


def test_lenient_keeps_the_readable_codes_of_a_list():
    soft = Lenient()
    kept = soft.each(parse_code, ["AUT", "WINGS", "HAND"], "Disability", codes.DISABILITY, "CIN disability")
    assert kept == ["AUT", "HAND"]
    assert [(e.field, e.rule, e.value) for e in soft.issues] == [("Disability", "code", "WINGS")]


# -- a rejected child leaves no half-empty child row ---------------------------------------------------------
def test_a_child_rejected_in_one_part_takes_what_other_parts_staged_for_it():
    batch = Batch("made.csv", la_code="846")
    # the child record of 846/A cannot be loaded; another part of the same file staged its episode
    batch.saw("child")
    batch.reject("child", "Header row 2", "CHILD", "required", "CHILD is unusable", child="846/A")
    batch.saw("cla_episode", 2)
    batch.add("cla_episode", {"episode_id": "846/A/2024-05-01", "child_id": "846/A"}, "Episodes row 2")
    batch.imply_child("846/A", "A")
    batch.add("cla_episode", {"episode_id": "846/B/2024-05-01", "child_id": "846/B"}, "Episodes row 3")
    batch.imply_child("846/B", "B")
    batch.finish()
    assert batch.unbalanced() == []
    # A's episode is rejected with it, and A is not kept as an empty id; B is untouched
    assert [r["episode_id"] for r in batch.rows["cla_episode"]] == ["846/B/2024-05-01"]
    assert batch.implied_children == {"846/B": "B"}
    assert [(r.table_name, r.row_ref, r.rule, r.reason) for r in batch.rejects[1:]] == [
        ("cla_episode", "Episodes row 2", "parent", "its child was rejected (Header row 2): CHILD is unusable")]
    assert {t: (c.read, c.loaded, c.rejected) for t, c in batch.counts.items()} == {
        "child": (1, 0, 1), "cla_episode": (2, 1, 1)}


def test_a_duplicate_child_is_not_a_rejected_child():
    batch = Batch("made.csv", la_code="846")
    batch.saw("child", 2)
    batch.add("child", {"child_id": "846/A", "local_child_id": "A"}, "row 2")
    batch.add("child", {"child_id": "846/A", "local_child_id": "A"}, "row 3")  # rejected as a duplicate
    batch.finish()
    assert [r["child_id"] for r in batch.rows["child"]] == ["846/A"] and batch.rejected_children == {}


def test_an_annex_a_child_named_only_on_rejected_rows_gets_no_child_row(store, tmp_path):
    # X1 is on one List 3 row whose referral date cannot be read (rejected); Y2's row loads.
    # Before: X1 got a child row (Female, WBRI) built from the rejected row, which the reject log contradicted.
    path = workbook(tmp_path / "annex_2025-05-13.xlsx", [
        ("List 3", [CHILD + ["Date of Referral", "Referral Source", "Referral NFA?"],
                    ["X1", "b) Female", "WBRI", d(2015, 1, 1), "not a date", "2A", "No"],
                    ["Y2", "a) Male", "WBRI", d(2014, 1, 1), d(2025, 1, 6), "2A", "No"]])])
    result = load_file(store, path, la_code="846")
    assert result.status == "loaded", result.message
    assert rows(store, "SELECT table_name, row_ref, field, rule FROM reject") == [
        ("referral", "List 3 (sheet 'List 3') row 2", "Date of Referral", "date")]
    assert rows(store, "SELECT child_id, sex FROM child ORDER BY 1") == [("846/Y2", "M")]


def test_a_cin_child_without_an_id_leaves_nothing_behind(store, tmp_path):
    path = tmp_path / "cin_2024_25.xml"
    path.write_text(cin(BAD_CHILD.replace("<LAchildID>A1</LAchildID>", "")))
    result = load_file(store, path)
    assert accounting(store, result.batch_id) == {"child": (1, 0, 1), "referral": (1, 0, 1)}
    assert rows(store, "SELECT count(*) FROM child") == [(0,)] and rows(store, "SELECT count(*) FROM referral") == [(0,)]
    assert rows(store, "SELECT count(*) FROM field_issue") == [(0,)]  # a rejected record has a reject, not issues


# -- Annex A wording ----------------------------------------------------------------------------------------------
ASSESSMENTS = CHILD + ["Continuous Assessment Start Date", "Child Seen During Continuous Assessment",
                       "Continuous Assessment Date of Authorisation",
                       "Was the child assessed as requiring LA children's social care support?"]
# (child seen, outcome) as people type them, and what each means: seen True/False/None, outcome Y/N/None
WORDING = [
    ("YES", "Yes - CIN plan", True, "Y"),
    ("y", "YES \u2013 child protection", True, "Y"),
    ("Yes, seen alone", "No - NFA", True, "N"),
    ("Not seen", "NFA", False, "N"),
    ("no.", "No further action", False, "N"),
    ("Seen", "y", True, "Y"),
    ("Unknown", "n", None, "N"),
    ("N/A", "Not known", None, None),
    ("  yes  ", "b) No", True, "N"),
]


def test_annex_a_assessments_load_whatever_the_wording_of_their_free_text_columns(store, tmp_path):
    sheet = [["Annex A as at 13/05/2025"], ASSESSMENTS]
    for n, (seen, outcome, _, _) in enumerate(WORDING, 1):
        sheet.append([f"C{n}", None, None, None, d(2025, 1, n), seen, d(2025, 2, n), outcome])
    sheet.append(["C99", None, None, None, d(2025, 1, 20), "Maybe", d(2025, 2, 20), "Perhaps"])
    result = load_file(store, workbook(tmp_path / "annex.xlsx", [("List 4", sheet)]), la_code="846")
    assert result.status == "loaded", result.message
    assert accounting(store, result.batch_id)["assessment"] == (10, 10, 0)
    assert rows(store, "SELECT child_id, child_seen, outcome FROM assessment ORDER BY start_date") == [
        (f"846/C{n}", seen, outcome) for n, (_, _, seen, outcome) in enumerate(WORDING, 1)] + [
        ("846/C99", None, None)]
    # what cannot be read at all loads too, its cells set aside as field issues
    assert rows(store, "SELECT row_ref, field, value, rule FROM field_issue ORDER BY issue_no") == [
        ("List 4 (sheet 'List 4') row 12", "Child Seen During Continuous Assessment", "Maybe", "yes/no"),
        ("List 4 (sheet 'List 4') row 12",
         "Was the child assessed as requiring LA children's social care support?", "Perhaps", "yes/no")]


def test_coded_wording_ignores_case_punctuation_and_a_meaning_after_the_code():
    assert values.coded("Police.", "Source", codes.REFERRAL_SOURCE, "referral source") == "6"
    assert values.coded("  SCHOOLS ", "Source", codes.REFERRAL_SOURCE, "referral source") == "2A"
    assert values.coded("2A Schools", "Source", codes.REFERRAL_SOURCE, "referral source") == "2A"
    assert values.coded("emotional abuse", "Category", codes.ABUSE_CATEGORY, "category") == "EMO"
    assert values.sex("MALE.", "Gender") == "M"


# -- nothing dated silently ----------------------------------------------------------------------------------------
CARE_LEAVERS = CHILD + ["LA In Touch", "Activity Status", "Type of Accommodation"]


def saved_years_after(tmp_path):
    """Data of 2019-20 in a workbook saved in 2030 (as happens when an old return is opened and saved again)."""
    return workbook(tmp_path / "annex.xlsx", [
        ("List 1", [CHILD + ["Date of Contact", "Contact Source"], ["K1", None, None, None, d(2019, 6, 3), "2A"]]),
        ("List 9", [CARE_LEAVERS, ["K9", "a) Male", "WBRI", d(2001, 5, 5), "YES", "F1", "B1"]]),
    ], saved=datetime(2030, 6, 1, 9, 0))


def test_a_workbooks_saved_date_is_never_taken_as_its_data_date(store, tmp_path):
    path = saved_years_after(tmp_path)
    assert openpyxl.load_workbook(path).properties.modified.year >= 2025  # the shape: saved long after its data
    result = load_file(store, path, la_code="846")
    assert result.status == "loaded", result.message
    # the contact loads; the care leaver, whose as-at date is not known, is rejected asking for --as-at
    assert rows(store, "SELECT contact_date FROM contact") == [(d(2019, 6, 3),)]
    assert rows(store, "SELECT count(*) FROM care_leaver") == [(0,)]
    assert "load it with --as-at" in rows(store, "SELECT reason FROM reject WHERE table_name = 'care_leaver'")[0][0]
    [warning] = rows(store, "SELECT kind, message FROM load_warning")
    assert warning[0] == "dating" and "last saved is not used" in warning[1]
    assert result.warnings == [warning[1]]


def test_as_at_dates_the_care_leavers_and_the_load_says_what_it_used(tmp_path):
    store = str(tmp_path / "s.duckdb")
    loaded = cli("load", str(saved_years_after(tmp_path)), "--la", "846", "--as-at", "31/03/2020", "--store", store)
    assert loaded.returncode == 0, loaded.stderr
    assert "note: as at 31/03/2020, from --as-at" in loaded.stdout
    check = subprocess.run([sys.executable, "-c", (
        "import duckdb, sys; con = duckdb.connect(sys.argv[1], read_only=True); "
        "print(con.execute('SELECT child_id, as_at FROM care_leaver').fetchall())"), store],
        capture_output=True, text=True)
    assert check.stdout.strip() == "[('846/K9', datetime.date(2020, 3, 31))]"
    refused = cli("load", str(tmp_path / "annex.xlsx"), "--la", "846", "--as-at", "31/13/2020", "--store", store)
    assert refused.returncode == 2 and "--as-at" in refused.stderr


def test_an_annex_a_whose_rows_run_past_its_title_date_is_warned_about(store, tmp_path):
    # the title says 13/05/2025; the contact of 20/06/2025 is after it
    path = workbook(tmp_path / "annex.xlsx", [
        ("List 1", [["Contacts as at 13/05/2025"], CHILD + ["Date of Contact", "Contact Source"],
                    ["K1", None, None, None, d(2025, 6, 20), "2A"], ["K2", None, None, None, d(2025, 5, 1), "2A"]])])
    result = load_file(store, path, la_code="846")
    assert result.notes == ["as at 13/05/2025, from a title row"]
    assert result.warnings == [
        "1 contact record dated after 13/05/2025, the end of the Annex A as at 13/05/2025 which the file states "
        "(first: List 1 (sheet 'List 1') row 3, contact_date 20/06/2025). Check the return's year (--year, a "
        "YEAR column or the file name) or its dates."]


EPISODES = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"


def test_903_episodes_ending_after_the_stated_year_warn(store, tmp_path):
    # the file says 2023-24 (ending 31/03/2024); E2's episode ends 15/06/2024 and E3's starts 02/04/2024
    path = tmp_path / "episodes_2023_24.csv"
    path.write_text(EPISODES + "E1,01/05/2023,S,C2,N1,U4,PR1,01/03/2024,E11,,,,\n"
                               "E2,01/06/2023,S,C2,N1,U4,PR1,15/06/2024,E11,,,,\n"
                               "E3,02/04/2024,S,C2,N1,U4,PR1,,,,,,\n")
    result = load_file(store, path, la_code="846")
    assert result.notes == ["return year 2023-24 taken from the file name (give --year if it is not)"]
    assert result.rows_loaded == 3  # a warning never rejects
    expected = ("2 cla episode records dated after 31/03/2024, the end of the return year 2023-24 which the file "
                "states (first: Episodes row 3, end_date 15/06/2024). Check the return's year (--year, a YEAR "
                "column or the file name) or its dates.")
    assert result.warnings == [expected]
    assert rows(store, "SELECT kind, message FROM load_warning WHERE batch_id = ?", [result.batch_id]) == [
        ("year", expected)]


def test_903_file_loaded_with_a_year_none_of_its_dates_reach_warns(store, tmp_path):
    # --year 2024-25 begins 01/04/2024; the file's latest date is 01/03/2020
    path = tmp_path / "episodes.csv"
    path.write_text(EPISODES + "E1,01/05/2019,S,C2,N1,U4,PR1,01/03/2020,E11,,,,\n")
    result = load_file(store, path, la_code="846", return_year="2024-25")
    assert result.warnings == [
        "no date in the file falls in the return year 2024-25, which the file states: the latest is 01/03/2020, "
        "before 01/04/2024. Check the return's year (--year, a YEAR column or the file name)."]


def test_the_load_summary_prints_the_year_warning(tmp_path):
    path = tmp_path / "episodes_2023_24.csv"
    path.write_text(EPISODES + "E2,01/06/2023,S,C2,N1,U4,PR1,15/06/2024,E11,,,,\n")
    loaded = cli("load", str(path), "--la", "846", "--store", str(tmp_path / "s.duckdb"))
    assert loaded.returncode == 0
    assert "WARNING: 1 cla episode record dated after 31/03/2024" in loaded.stdout


def test_a_cin_census_whose_dates_run_past_its_census_date_warns(store, tmp_path):
    # ReferenceDate 31/03/2024; the referral of 01/05/2024 is after it
    child = BAD_CHILD.replace("2024-06-03", "2024-05-01").replace("2031-01-01", "2024-09-01")
    path = tmp_path / "cin.xml"
    path.write_text(cin(child, reference_date="2024-03-31"))
    result = load_file(store, path)
    assert result.warnings == [
        "1 referral record dated after 31/03/2024, the end of the census year to 31/03/2024 which the file states "
        "(first: Child 1 (LAchildID A1) > CINdetails 1, line 5, referral_date 01/05/2024). Check the return's "
        "year (--year, a YEAR column or the file name) or its dates."]
