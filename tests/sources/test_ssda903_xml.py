"""The SSDA903 XML reader: the hand-built return in its XML form, rejects, the year, odd layouts.

Every expected value below was read off the files in tests/fixtures/ssda903 by hand.
"""
from __future__ import annotations

import codecs
from datetime import date as d
from pathlib import Path

import pytest

from carepath.model import store as store_mod
from carepath.sources import ssda903_xml
from carepath.sources.loader import expand, load_file

CANONICAL = ("cla_episode", "cla_review", "cla_outcome", "care_leaver", "adoption", "previous_permanence", "missing",
             "sw_episode", "dolo")


def rows(con, sql):
    return con.execute(sql).fetchall()


def accounting(con, batch_id):
    return {t: (r, lo, rj) for t, r, lo, rj in rows(
        con, f"SELECT table_name, rows_read, rows_loaded, rows_rejected FROM load_count WHERE batch_id = {batch_id}")}


@pytest.fixture
def xml_return(fixtures) -> Path:
    return fixtures / "ssda903" / "ssda903_2024_25.xml"


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


# -- detection --------------------------------------------------------------------------------------
def test_detect_accepts_the_903_xml_however_it_starts(xml_return):
    assert ssda903_xml.detect(xml_return, xml_return.read_bytes()[:8192])
    assert ssda903_xml.detect(Path("a.xml"), codecs.BOM_UTF8 + b'<?xml version="1.0"?>\n<x:EXPSSDA903 xmlns:x="u">')
    assert ssda903_xml.detect(Path("b.xml"), '<?xml version="1.0" encoding="UTF-16"?><EXPSSDA903/>'.encode("utf-16"))


def test_detect_refuses_other_files(fixtures):
    cin = fixtures / "cin" / "cin_2024_25.xml"
    assert not ssda903_xml.detect(cin, cin.read_bytes()[:8192])
    assert not ssda903_xml.detect(Path("e.csv"), b"CHILD,DECOM\nA,01/01/2024\n")
    assert not ssda903_xml.detect(Path("c.xml"), b"<Message><EXPSSDA903/></Message>")


# -- the whole return ---------------------------------------------------------------------------------
def test_the_xml_return_loads_every_record_by_hand(store, xml_return):
    result = load_file(store, xml_return, la_code="846")
    assert result.status == "loaded", result.message
    assert (result.format, result.la_code) == ("ssda903-xml", "846")
    # the XML HEADER carries the UASC flag, so children who are not UASC say so (false)
    assert rows(store, "SELECT child_id, upn, upn_unknown, dob, sex, ethnicity, mother, mc_dob, uasc, uasc_ceased "
                       "FROM child ORDER BY 1") == [
        ("846/A1", "A123456789012", None, d(2012, 5, 14), "F", "WBRI", False, None, False, None),
        ("846/B2", None, "UN2", d(2006, 1, 20), "M", "BAFR", None, None, True, d(2024, 1, 20)),
        ("846/C3", None, "UN1", d(2020, 3, 3), "U", "MWAS", None, None, False, None),
        ("846/D4", "B987654321098", None, d(2007, 11, 11), "F", "WIRT", True, d(2025, 2, 2), False, None),
    ]
    assert rows(store, "SELECT episode_id, placement, provider, end_date, reason_ceased, reason_place_change, "
                       "home_postcode, placement_postcode, urn FROM cla_episode ORDER BY 1") == [
        ("846/A1/2023-06-10", "U4", "PR1", d(2024, 9, 1), "X1", None, "AB1 2CD", "AB3 4EF", "SC123456"),
        ("846/A1/2024-09-01", "U6", "PR4", None, None, "CARPL", "AB1 2CD", "XY9 8ZW", "SC654321"),
        ("846/C3/2023-07-20", "U3", "PR1", d(2024, 10, 2), "X1", None, "CD5 6EF", "CD5 7GH", "SC222222"),
        ("846/C3/2024-10-02", "A5", "PR1", d(2025, 3, 14), "E11", "CARPL", "CD5 6EF", "EF8 9GH", "SC333333"),
        ("846/D4/2024-12-20", "R3", "PR1", None, None, None, "GH1 2JK", "GH3 4LM", "SC444444"),
    ]
    # C3's AD1 (DATE_INT 12/06/2024) and its AD_PLACED of the same date are read as one record
    assert rows(store, "SELECT adoption_id, decision_date, matched_date, foster_care, number_of_adopters, "
                       "sex_of_adopters, adopters_legal_status, reversed_date, reversed_reason FROM adoption "
                       "ORDER BY 1") == [
        ("846/C3/2024-01-05", d(2024, 1, 5), None, None, None, None, None, d(2024, 3, 1), "RD1"),
        ("846/C3/2024-06-12", d(2024, 6, 12), d(2024, 9, 1), False, 2, "MF", "L11", None, None)]
    # SWEPISODE and SW_EPISODE, inside CHILD (A1) or inside HEADER (D4); DOLO
    assert rows(store, "SELECT sw_episode_id, end_date, reason FROM sw_episode ORDER BY 1") == [
        ("846/A1/SW01A/2023-06-10", d(2024, 10, 15), "LEFTRL"), ("846/A1/SW02B/2024-10-16", None, None),
        ("846/D4/SW02B/2024-12-20", None, None)]
    assert rows(store, "SELECT dolo_id, end_date FROM dolo") == [("846/A1/2025-02-01", d(2025, 2, 28))]
    assert rows(store, "SELECT child_id, as_at, in_touch, activity, accommodation, accommodation_suitable "
                       "FROM care_leaver") == [("846/B2", d(2025, 3, 31), "YES", "F2", "D", True)]
    assert rows(store, "SELECT child_id, year_ending, sdq_score, sdq_reason, teeth_check FROM cla_outcome "
                       "ORDER BY 1") == [("846/A1", d(2025, 3, 31), 14, None, True),
                                         ("846/C3", d(2025, 3, 31), None, "SDQ1", False)]
    assert rows(store, "SELECT return_year, rows_read, rows_loaded, rows_rejected FROM load_batch") == [
        ("2024-25", 28, 28, 0)]
    assert accounting(store, result.batch_id) == {
        "child": (4, 4, 0), "cla_episode": (5, 5, 0), "cla_review": (4, 4, 0), "cla_outcome": (2, 2, 0),
        "care_leaver": (1, 1, 0), "adoption": (2, 2, 0), "previous_permanence": (3, 3, 0), "missing": (3, 3, 0),
        "sw_episode": (3, 3, 0), "dolo": (1, 1, 0)}


def test_the_xml_and_csv_forms_of_one_return_give_the_same_store(store, tmp_path, xml_return, fixtures):
    load_file(store, xml_return, la_code="846")
    other = store_mod.connect(tmp_path / "csv.duckdb")
    for path in expand([fixtures / "ssda903" / "return_2024_25"]):
        assert load_file(other, path, la_code="846").status == "loaded"
    for table in CANONICAL:
        sql = f"SELECT * EXCLUDE (batch_id) FROM {table} ORDER BY ALL"
        assert rows(store, sql) == rows(other, sql), table
    sql = "SELECT * EXCLUDE (batch_id, uasc) FROM child ORDER BY ALL"
    assert rows(store, sql) == rows(other, sql)
    other.close()


# -- rejects ------------------------------------------------------------------------------------------
PARENT = "its CHILD was rejected: CHILDID is missing; it is required"
EXPECTED_REJECTS = [
    ("child", "CHILD 1 (no CHILDID) > HEADER, line 4", "CHILDID", "required", "CHILDID is missing; it is required"),
    ("cla_review", "CHILD 1 (no CHILDID) > AREVIEW 1, line 7", "CHILDID", "parent", PARENT),
    ("cla_episode", "CHILD 1 (no CHILDID) > EPISODE 1, line 9", "CHILDID", "parent", PARENT),
    ("cla_episode", "CHILD 1 (no CHILDID) > EPISODE 2, line 10", "CHILDID", "parent", PARENT),
    ("care_leaver", "CHILD 1 (no CHILDID) > HEADER (OC3), line 4", "CHILDID", "parent", PARENT),
    ("missing", "CHILD 3 (CHILDID X3) > AMISSING 1, line 23", "MISSING", "code",
     "MISSING 'X' is not a missing or away code (M, A)"),
    ("cla_review", "CHILD 3 (CHILDID X3) > AREVIEW 1, line 24", "REVIEW", "required",
     "REVIEW is missing; it is required"),
    ("cla_episode", "CHILD 3 (CHILDID X3) > EPISODE 2, line 30", "episode_id", "duplicate",
     "same cla episode as CHILD 3 (CHILDID X3) > EPISODE 1, line 29 (846/X3/2024-05-01); the first was kept"),
    ("cla_episode", "CHILD 3 (CHILDID X3) > EPISODE 3, line 31", "DEC", "order",
     "DEC 01/03/2024 is before DECOM 05/03/2024"),
    ("adoption", "CHILD 3 (CHILDID X3) > AD_PLACED 2, line 27", "DATE_PLACED", "date",
     "DATE_PLACED '31/13/2024' is not a date; expected DD/MM/YYYY or YYYY-MM-DD"),
    ("child", "CHILD 5 (CHILDID X3) > HEADER, line 39", "child_id", "duplicate",
     "same child as CHILD 3 (CHILDID X3) > HEADER, line 20 (846/X3); the first was kept"),
    ("cla_episode", "CHILD 5 (CHILDID X3) > EPISODE 1, line 42", "episode_id", "duplicate",
     "same cla episode as CHILD 3 (CHILDID X3) > EPISODE 1, line 29 (846/X3/2024-05-01); the first was kept"),
]


def test_bad_records_are_rejected_with_where_and_why(store, fixtures):
    result = load_file(store, fixtures / "ssda903" / "rejects" / "ssda903_rejects.xml", la_code="846",
                       return_year="2024-25")
    assert result.status == "loaded", result.message
    assert rows(store, "SELECT table_name, row_ref, field, rule, reason FROM reject ORDER BY reject_no") == \
        EXPECTED_REJECTS
    assert accounting(store, result.batch_id) == {
        "child": (5, 3, 2), "cla_review": (2, 0, 2), "cla_episode": (9, 4, 5), "care_leaver": (1, 0, 1),
        "missing": (1, 0, 1), "cla_outcome": (1, 1, 0), "adoption": (2, 1, 1)}
    # values the records can live without are set aside (shown by their XML names), the records kept
    assert rows(store, "SELECT table_name, row_ref, record_key, field, value, rule FROM field_issue "
                       "ORDER BY issue_no") == [
        ("child", "CHILD 2 (CHILDID X2) > HEADER, line 13", "846/X2", "ETHNIC", "ZZZZ", "code"),
        ("cla_episode", "CHILD 2 (CHILDID X2) > EPISODE 2, line 17", "846/X2/2024-07-01", "PL", "Q9", "code"),
        ("cla_outcome", "CHILD 3 (CHILDID X3) > OC2, line 25", "846/X3/2025-03-31", "SDQ_SCORE", "41", "range"),
        ("adoption", "CHILD 3 (CHILDID X3) > HEADER (AD1) + AD_PLACED 1, line 26", "846/X3/2024-06-12",
         "REASON_PLACED_CEASED", "XXX", "code"),
        ("child", "CHILD 4 (CHILDID X4) > HEADER, line 34", "846/X4", "SEX", "3", "code")]
    assert rows(store, "SELECT child_id, sex, ethnicity FROM child ORDER BY 1") == [
        ("846/X2", "F", None), ("846/X3", "M", "WIRI"), ("846/X4", None, "AIND")]
    assert rows(store, "SELECT episode_id, placement FROM cla_episode ORDER BY 1") == [
        ("846/X2/2024-05-01", "U4"), ("846/X2/2024-07-01", None), ("846/X3/2024-05-01", "U4"),
        ("846/X3/2024-08-01", "A5")]
    assert rows(store, "SELECT adoption_id, matched_date, reversed_reason FROM adoption") == [
        ("846/X3/2024-06-12", d(2024, 8, 20), None)]


# -- the authority and the year -------------------------------------------------------------------------
def test_the_authority_must_be_given(store, xml_return):
    result = load_file(store, xml_return)
    assert result.status == "failed" and "does not say which local authority" in result.message


ONE_CHILD = """<EXPSSDA903><CHILD><HEADER><CHILDID>Y1</CHILDID><SEX>2</SEX><DOB>01/02/2003</DOB>
<ETHNIC>WBRI</ETHNIC>{extra}</HEADER>
<EPISODE><DECOM>01/09/2019</DECOM><RNE>S</RNE><LS>C2</LS><CIN>N1</CIN><PL>U4</PL><DEC>01/02/2021</DEC>
<REC>E5</REC></EPISODE></CHILD></EXPSSDA903>"""


def test_the_year_comes_from_the_name_or_year(store, tmp_path):
    care_leaver = ONE_CHILD.format(extra="<IN_TOUCH>YES</IN_TOUCH><ACTIV>F1</ACTIV><ACCOM>U1</ACCOM>")
    refused = load_file(store, write(tmp_path, "return.xml", care_leaver), la_code="846")
    assert refused.status == "failed"
    assert "has OC3 records (CHILD 1 (CHILDID Y1) > HEADER (OC3), line 1), which are dated 31 March" in refused.message
    assert rows(store, "SELECT count(*) FROM child")[0][0] == 0
    given = load_file(store, tmp_path / "return.xml", la_code="846", return_year="2021-22")
    named = load_file(store, write(tmp_path, "ssda903_2025.xml", care_leaver + "\n"), la_code="846")
    assert (given.status, named.status) == ("loaded", "loaded")
    assert rows(store, "SELECT as_at, accommodation, accommodation_suitable FROM care_leaver ORDER BY 1") == [
        (d(2022, 3, 31), "U", True), (d(2025, 3, 31), "U", True)]
    # without OC2 or OC3 the year is not needed
    plain = load_file(store, write(tmp_path, "plain.xml", ONE_CHILD.format(extra="")), la_code="201")
    assert plain.status == "loaded"
    assert rows(store, "SELECT return_year FROM load_batch ORDER BY batch_id") == [("2021-22",), ("2024-25",), (None,)]


def test_namespaces_bom_comments_and_a_child_leaf_for_childid(store, tmp_path):
    text = ONE_CHILD.format(extra="<!-- a note --><UASC>1</UASC><DUC>01/02/2021</DUC>")
    text = text.replace("<EXPSSDA903>", '<x:EXPSSDA903 xmlns:x="urn:ssda903">').replace("</EXPSSDA903>",
                                                                                         "</x:EXPSSDA903>")
    text = text.replace("CHILDID>", "CHILD>")  # <CHILD>Y1</CHILD> inside the HEADER, as the CSV names it
    result = load_file(store, write(tmp_path, "ns.xml", codecs.BOM_UTF8 + text.encode()), la_code="846")
    assert result.status == "loaded", result.message
    assert rows(store, "SELECT child_id, sex, uasc, uasc_ceased FROM child") == [("846/Y1", "F", True, d(2021, 2, 1))]
    assert rows(store, "SELECT episode_id, placement, reason_ceased FROM cla_episode") == [
        ("846/Y1/2019-09-01", "U4", "E5")]


def test_a_later_xml_return_closes_an_episode_a_csv_return_left_open(store, tmp_path, fixtures):
    load_file(store, fixtures / "ssda903" / "return_2024_25" / "episodes_2024_25.csv", la_code="846")
    later = """<EXPSSDA903><CHILD><HEADER><CHILDID>A1</CHILDID></HEADER>
<EPISODE><DECOM>01/09/2024</DECOM><RNE>P</RNE><LS>C2</LS><CIN>N1</CIN><PL>U6</PL><DEC>30/06/2025</DEC><REC>E13</REC>
</EPISODE></CHILD></EXPSSDA903>"""
    result = load_file(store, write(tmp_path, "ssda903_2025_26.xml", later), la_code="846")
    assert result.status == "loaded"
    assert rows(store, "SELECT episode_id, placement, provider, end_date, reason_ceased, urn FROM cla_episode "
                       "WHERE child_id = '846/A1' ORDER BY 1") == [
        ("846/A1/2023-06-10", "U4", "PR1", d(2024, 9, 1), "X1", "SC123456"),
        ("846/A1/2024-09-01", "U6", "PR4", d(2025, 6, 30), "E13", "SC654321")]
