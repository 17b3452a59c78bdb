"""The SSDA903 CSV reader: a hand-built return of every table, LA and YEAR, rejects, stitching years.

Every expected value below was read off the files in tests/fixtures/ssda903 by hand.
"""
from __future__ import annotations

import time
from datetime import date as d
from datetime import timedelta
from pathlib import Path

import pytest

from carepath.sources import ssda903_csv
from carepath.sources.batch import Batch
from carepath.sources.loader import expand, load_file

TABLES = ("child", "cla_episode", "cla_review", "cla_outcome", "care_leaver", "adoption", "previous_permanence",
          "missing", "sw_episode", "dolo", "load_batch", "reject")


def rows(con, sql):
    return con.execute(sql).fetchall()


def accounting(con, batch_id):
    return {t: (r, lo, rj) for t, r, lo, rj in rows(
        con, f"SELECT table_name, rows_read, rows_loaded, rows_rejected FROM load_count WHERE batch_id = {batch_id}")}


def snapshot(con) -> dict:
    return {t: rows(con, f"SELECT count(*) FROM {t}")[0][0] for t in TABLES}


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def return_dir(fixtures) -> Path:
    return fixtures / "ssda903" / "return_2024_25"


# -- detection ------------------------------------------------------------------------------------
def test_every_table_is_detected_from_its_header_row(return_dir):
    for path in sorted(return_dir.iterdir()):
        assert ssda903_csv.detect(path, path.read_bytes()[:8192]), path.name
    # a header with 903 columns but no CHILD is still claimed, so that the load names what is missing
    assert ssda903_csv.detect(Path("x.csv"), b"DECOM,RNE,LS\n01/04/2024,S,C2\n")
    assert ssda903_csv.detect(Path("x.csv"), "\ufeffchildid , decom\r\n".encode("utf-16"))


def test_other_files_are_not_claimed(fixtures):
    cin = fixtures / "cin" / "cin_2024_25.xml"
    assert not ssda903_csv.detect(cin, cin.read_bytes()[:8192])
    xml = fixtures / "ssda903" / "ssda903_2024_25.xml"
    assert not ssda903_csv.detect(xml, xml.read_bytes()[:8192])
    # a local children extract: CHILD, DOB, SEX and UPN say nothing about the 903
    assert not ssda903_csv.detect(Path("children.csv"), b"CHILD,DOB,SEX,ETHNICITY,UPN\nA,01/01/2015,M,WBRI,\n")
    assert not ssda903_csv.detect(Path("empty.csv"), b"")


# -- a whole return, every table ----------------------------------------------------------------------
def load_return(store, return_dir):
    results = {path.name: load_file(store, path, la_code="846") for path in expand([return_dir])}
    for name, result in results.items():
        assert result.status == "loaded", (name, result.message)
    return results


def test_a_whole_return_loads_every_table_by_hand(store, return_dir):
    results = load_return(store, return_dir)
    assert rows(store, "SELECT child_id, la_code, local_child_id, upn, upn_unknown, dob, sex, ethnicity, mother, "
                       "mc_dob, uasc, uasc_ceased FROM child ORDER BY child_id") == [
        ("846/A1", "846", "A1", "A123456789012", None, d(2012, 5, 14), "F", "WBRI", False, None, None, None),
        ("846/B2", "846", "B2", None, "UN2", d(2006, 1, 20), "M", "BAFR", None, None, True, d(2024, 1, 20)),
        ("846/C3", "846", "C3", None, "UN1", d(2020, 3, 3), "U", "MWAS", None, None, None, None),
        ("846/D4", "846", "D4", "B987654321098", None, d(2007, 11, 11), "F", "WIRT", True, d(2025, 2, 2), None, None),
    ]
    assert rows(store, "SELECT episode_id, child_id, start_date, rne, legal_status, cin, placement, provider, "
                       "end_date, reason_ceased, reason_place_change, home_postcode, placement_postcode, urn "
                       "FROM cla_episode ORDER BY episode_id") == [
        ("846/A1/2023-06-10", "846/A1", d(2023, 6, 10), "S", "C2", "N1", "U4", "PR1", d(2024, 9, 1), "X1", None,
         "AB1 2CD", "AB3 4EF", "SC123456"),
        ("846/A1/2024-09-01", "846/A1", d(2024, 9, 1), "P", "C2", "N1", "U6", "PR4", None, None, "CARPL",
         "AB1 2CD", "XY9 8ZW", "SC654321"),
        ("846/C3/2023-07-20", "846/C3", d(2023, 7, 20), "L", "E1", "N1", "U3", "PR1", d(2024, 10, 2), "X1", None,
         "CD5 6EF", "CD5 7GH", "SC222222"),
        ("846/C3/2024-10-02", "846/C3", d(2024, 10, 2), "P", "E1", "N1", "A5", "PR1", d(2025, 3, 14), "E11", "CARPL",
         "CD5 6EF", "EF8 9GH", "SC333333"),
        ("846/D4/2024-12-20", "846/D4", d(2024, 12, 20), "S", "V2", "N4", "R3", "PR1", None, None, None,
         "GH1 2JK", "GH3 4LM", "SC444444"),
    ]
    assert rows(store, "SELECT child_id, review_date, participation FROM cla_review ORDER BY 1, 2") == [
        ("846/A1", d(2024, 6, 5), "PN1"), ("846/A1", d(2024, 11, 20), "PN2"), ("846/C3", d(2024, 8, 15), "PN0"),
        ("846/D4", d(2025, 1, 17), "PN1")]
    assert rows(store, "SELECT child_id, year_ending, sdq_score, sdq_reason, convicted, health_check, immunisations, "
                       "teeth_check, health_assessment, substance_misuse, intervention_received, "
                       "intervention_offered FROM cla_outcome ORDER BY 1") == [
        ("846/A1", d(2025, 3, 31), 14, None, False, True, True, True, True, False, None, None),
        ("846/C3", d(2025, 3, 31), None, "SDQ1", False, True, True, False, True, False, None, None)]
    assert rows(store, "SELECT child_id, as_at, in_touch, activity, accommodation, accommodation_suitable "
                       "FROM care_leaver") == [("846/B2", d(2025, 3, 31), "YES", "F2", "D", True)]
    # AD1 (12/06/2024) and PlacedAdoption's decision of the same day are one adoption; the earlier
    # decision, reversed, is another
    assert rows(store, "SELECT adoption_id, child_id, decision_date, matched_date, foster_care, number_of_adopters, "
                       "sex_of_adopters, adopters_legal_status, reversed_date, reversed_reason FROM adoption "
                       "ORDER BY 1") == [
        ("846/C3/2024-01-05", "846/C3", d(2024, 1, 5), None, None, None, None, None, d(2024, 3, 1), "RD1"),
        ("846/C3/2024-06-12", "846/C3", d(2024, 6, 12), d(2024, 9, 1), False, 2, "MF", "L11", None, None)]
    assert rows(store, "SELECT child_id, prev_perm, la_perm, date_perm FROM previous_permanence ORDER BY 1") == [
        ("846/A1", "Z1", None, None), ("846/B2", "P3", "201", None), ("846/C3", "P4", "NUK", None)]
    assert rows(store, "SELECT missing_id, kind, start_date, end_date FROM missing ORDER BY 1") == [
        ("846/A1/2025-02-03/A", "A", d(2025, 2, 3), d(2025, 2, 3)),
        ("846/A1/2025-02-03/M", "M", d(2025, 2, 3), d(2025, 2, 5)),
        ("846/D4/2025-03-28/M", "M", d(2025, 3, 28), None)]
    assert rows(store, "SELECT sw_episode_id, sw_id, start_date, end_date, reason FROM sw_episode ORDER BY 1") == [
        ("846/A1/SW01A/2023-06-10", "SW01A", d(2023, 6, 10), d(2024, 10, 15), "LEFTRL"),
        ("846/A1/SW02B/2024-10-16", "SW02B", d(2024, 10, 16), None, None),
        ("846/D4/SW02B/2024-12-20", "SW02B", d(2024, 12, 20), None, None)]
    assert rows(store, "SELECT dolo_id, start_date, end_date FROM dolo") == [
        ("846/A1/2025-02-01", d(2025, 2, 1), d(2025, 2, 28))]
    assert rows(store, "SELECT DISTINCT la_code, format, return_year, rows_rejected FROM load_batch") == [
        ("846", "ssda903-csv", "2024-25", 0)]
    counts = {name: accounting(store, r.batch_id) for name, r in results.items()}
    assert counts == {
        "ad1_2024_25.csv": {"adoption": (1, 1, 0)}, "dolo_2024_25.csv": {"dolo": (1, 1, 0)},
        "episodes_2024_25.csv": {"cla_episode": (5, 5, 0)}, "header_2024_25.csv": {"child": (4, 4, 0)},
        "missing_2024_25.csv": {"missing": (3, 3, 0)}, "oc2_2024_25.csv": {"cla_outcome": (2, 2, 0)},
        "oc3_2024_25.csv": {"care_leaver": (1, 1, 0)}, "placed_adoption_2024_25.csv": {"adoption": (2, 2, 0)},
        "prevperm_2024_25.csv": {"previous_permanence": (3, 3, 0)}, "reviews_2024_25.csv": {"cla_review": (4, 4, 0)},
        "sw_episodes_2024_25.csv": {"sw_episode": (3, 3, 0)}, "uasc_2024_25.csv": {"child": (1, 1, 0)}}


def test_adoption_files_merge_in_either_order(store, return_dir):
    load_file(store, return_dir / "placed_adoption_2024_25.csv", la_code="846")
    load_file(store, return_dir / "ad1_2024_25.csv", la_code="846")
    assert rows(store, "SELECT adoption_id, matched_date, sex_of_adopters, reversed_date FROM adoption ORDER BY 1") == [
        ("846/C3/2024-01-05", None, None, d(2024, 3, 1)), ("846/C3/2024-06-12", d(2024, 9, 1), "MF", None)]
    # the episodes file describes no children: they are there as ids, ready for the Header
    load_file(store, return_dir / "episodes_2024_25.csv", la_code="846")
    assert rows(store, "SELECT child_id, la_code, local_child_id, dob FROM child ORDER BY 1") == [
        ("846/A1", "846", "A1", None), ("846/C3", "846", "C3", None), ("846/D4", "846", "D4", None)]


def test_the_table_comes_from_the_columns_not_the_name(store, tmp_path, return_dir):
    text = ("urn, pl_post,home_post ,reason_place_change,rec,dec,place_provider,pl,cin,ls,rne,decom,CHILDID\r\n"
            '"SC123456","AB3 4EF","AB1 2CD",,X1,2024-09-01,PR1,U4,N1,C2,S,2023-06-10,A1\r\n')
    result = load_file(store, write(tmp_path, "header_2024_25.csv", text), la_code="846")
    assert result.status == "loaded" and accounting(store, result.batch_id) == {"cla_episode": (1, 1, 0)}
    assert rows(store, "SELECT episode_id, placement, end_date, reason_ceased, home_postcode, urn "
                       "FROM cla_episode") == [
        ("846/A1/2023-06-10", "U4", d(2024, 9, 1), "X1", "AB1 2CD", "SC123456")]


def test_the_same_file_twice_loads_once(store, return_dir):
    first = load_file(store, return_dir / "episodes_2024_25.csv", la_code="846")
    second = load_file(store, return_dir / "episodes_2024_25.csv", la_code="846")
    assert (second.status, second.batch_id) == ("already loaded", first.batch_id)
    assert rows(store, "SELECT count(*) FROM cla_episode")[0][0] == 5


# -- the authority and the year -----------------------------------------------------------------------
LA_YEAR = ("CHILD,DOB,IN_TOUCH,ACTIV,ACCOM,LA,YEAR\n"
           "L1,01/05/2005,YES,F4,U1,846,2024-25\n"
           "L1,01/05/2005,NO,G5,R2,846,2024\n"
           "L2,02/06/2004,REFU,0,0,201,2025\n")


def test_la_and_year_columns_settle_each_row(store, tmp_path):
    result = load_file(store, write(tmp_path, "care_leavers.csv", LA_YEAR))
    assert result.status == "loaded", result.message
    assert rows(store, "SELECT child_id, la_code, as_at, in_touch, activity, accommodation, accommodation_suitable "
                       "FROM care_leaver ORDER BY 1, 3") == [
        ("201/L2", "201", d(2025, 3, 31), "REFU", "0", "0", None),
        ("846/L1", "846", d(2024, 3, 31), "NO", "G5", "R", False),
        ("846/L1", "846", d(2025, 3, 31), "YES", "F4", "U", True)]
    # the children the file names are there as ids, each with its own authority
    assert rows(store, "SELECT child_id, la_code FROM child ORDER BY 1") == [("201/L2", "201"), ("846/L1", "846")]
    assert rows(store, "SELECT la_code, return_year FROM load_batch") == [("846", "2023-24, 2024-25")]


def test_an_la_column_that_disagrees_with_la_refuses_the_file(store, tmp_path):
    result = load_file(store, write(tmp_path, "care_leavers.csv", LA_YEAR), la_code="846")
    assert result.status == "failed"
    assert "says it is from LA 201 (LA column, row 4), but --la 846 was given" in result.message
    assert snapshot(store)["care_leaver"] == 0


def test_an_empty_la_cell_needs_la(store, tmp_path):
    text = LA_YEAR.replace(",201,2025", ",,2025")
    refused = load_file(store, write(tmp_path, "a.csv", text))
    assert refused.status == "failed" and "row 4 has no LA" in refused.message and "--la" in refused.message
    loaded = load_file(store, write(tmp_path, "b.csv", text), la_code="846")
    assert loaded.status == "loaded"
    assert rows(store, "SELECT count(*) FROM care_leaver WHERE la_code = '846'")[0][0] == 3


def test_a_file_without_an_la_column_needs_la(store, return_dir):
    result = load_file(store, return_dir / "episodes_2024_25.csv")
    assert result.status == "failed" and "Pass --la with the 3-digit DfE LA number" in result.message


def test_bad_la_and_year_values_reject_their_rows(store, tmp_path):
    text = LA_YEAR.replace("L2,02/06/2004,REFU,0,0,201,2025", "L2,02/06/2004,REFU,0,0,E09,2025") + \
        "L3,03/07/2004,YES,F1,B1,846,soon\n"
    result = load_file(store, write(tmp_path, "c.csv", text))
    assert accounting(store, result.batch_id) == {"care_leaver": (4, 2, 2)}
    assert rows(store, "SELECT row_ref, field, rule, reason FROM reject ORDER BY reject_no") == [
        ("OC3 row 4", "LA", "code", "LA 'E09' is not a local authority carepath knows: "
                                        "give the 3-digit DfE LA number, the ONS code or the name"),
        ("OC3 row 5", "YEAR", "year",
         "YEAR 'soon' is not a return year (2024-25, 2024/25, or 2025 for the year ending 31 March 2025)")]


def test_the_year_comes_from_the_name_then_year(store, tmp_path, return_dir):
    oc2 = (return_dir / "oc2_2024_25.csv").read_text()
    refused = load_file(store, write(tmp_path, "oc2.csv", oc2), la_code="846")
    assert refused.status == "failed" and "does not say which year" in refused.message
    assert "--year 2024-25" in refused.message
    given = load_file(store, tmp_path / "oc2.csv", la_code="846", return_year="2023-24")
    assert given.status == "loaded"
    # --year, the user's own word, says more than a name; a single year in the name is the year
    # *ending* 31 March of it (as DfE names its collections)
    # (the same bytes would be "already loaded" whatever the name: another line makes them another file)
    told = load_file(store, write(tmp_path, "2021-oc2.csv", oc2 + "\n"), la_code="846", return_year="2023-24")
    named = load_file(store, write(tmp_path, "2021-oc2-copy.csv", oc2 + "\n\n"), la_code="846")
    assert (told.status, named.status) == ("loaded", "loaded")
    assert rows(store, "SELECT DISTINCT year_ending FROM cla_outcome ORDER BY 1") == [
        (d(2021, 3, 31),), (d(2024, 3, 31),)]
    assert rows(store, "SELECT file_name, return_year FROM load_batch ORDER BY batch_id") == [
        ("oc2.csv", "2023-24"), ("2021-oc2.csv", "2023-24"), ("2021-oc2-copy.csv", "2020-21")]
    wrong = load_file(store, write(tmp_path, "other.csv", oc2 + "\n\n\n"), la_code="846", return_year="next year")
    assert wrong.status == "failed" and "--year 'next year' is not a return year" in wrong.message


# -- files that cannot be loaded --------------------------------------------------------------------
@pytest.mark.parametrize("header, message", [
    ("CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,REASON_PLACE_CHANGE",
     "is the SSDA903 Episodes table (from its columns) but has no DEC, REC columns, which that table requires"),
    ("DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE",
     "is the SSDA903 Episodes table (from its columns) but has no CHILD column, which that table requires"),
    ("CHILD,DOB,DECOM,REVIEW", "has the columns of more than one SSDA903 table (Episodes: DECOM; Reviews: REVIEW)"),
    ("CHILD,DOB,REVIEW,REVIEW_CODE,REVIEW", "has the column REVIEW more than once"),
])
def test_a_file_that_cannot_be_read_loads_nothing(store, tmp_path, return_dir, header, message):
    load_file(store, return_dir / "header_2024_25.csv", la_code="846")
    before = snapshot(store)
    result = load_file(store, write(tmp_path, "broken.csv", header + "\nA1,01/04/2024,S,C2,N1,U4,PR1,\n"),
                       la_code="846")
    assert result.status == "failed"
    assert message in result.message and result.message.endswith("Nothing was loaded.")
    assert snapshot(store) == before


def test_text_in_any_of_the_encodings_authorities_send(store, tmp_path, return_dir):
    text = (return_dir / "missing_2024_25.csv").read_text().replace("D4,", "Zoë4,")
    for n, encoding in enumerate(("utf-8-sig", "utf-16", "cp1252")):
        result = load_file(store, write(tmp_path, f"missing_{n}.csv", text, encoding), la_code=f"{846 + n}")
        assert result.status == "loaded", (encoding, result.message)
    assert rows(store, "SELECT missing_id FROM missing WHERE child_id LIKE '%Zoë4' ORDER BY 1") == [
        ("846/Zoë4/2025-03-28/M",), ("847/Zoë4/2025-03-28/M",), ("848/Zoë4/2025-03-28/M",)]


# -- rejects -----------------------------------------------------------------------------------------------
def test_bad_rows_are_rejected_with_where_and_why(store, fixtures):
    result = load_file(store, fixtures / "ssda903" / "rejects" / "episodes_rejects.csv", la_code="846")
    assert result.status == "loaded", result.message
    # 13 data lines: the blank line 9 and the empty line 14 are not rows. PLACE 'Q9' (row 6) and
    # REC 'E4' (row 11) are descriptive codes the episode can live without: set aside, rows loaded
    assert accounting(store, result.batch_id) == {"cla_episode": (11, 5, 6)}
    assert rows(store, "SELECT row_ref, field, rule, reason FROM reject ORDER BY reject_no") == [
        ("Episodes row 3", "CHILD", "required", "CHILD is missing; it is required"),
        ("Episodes row 4", "DECOM", "date", "DECOM '31/02/2024' is not a date; expected DD/MM/YYYY or YYYY-MM-DD"),
        ("Episodes row 5", "DEC", "order", "DEC 01/03/2024 is before DECOM 05/03/2024"),
        ("Episodes row 7", "episode_id", "duplicate",
         "same cla episode as Episodes row 2 (846/R1/2024-04-01); the first was kept"),
        ("Episodes row 8", "", "columns", "the row has 4 values but the header has 13 columns"),
        ("Episodes row 12", "", "columns", "the row has 14 values but the header has 13 columns"),
    ]
    assert rows(store, "SELECT row_ref, record_key, field, value, rule, reason FROM field_issue "
                       "ORDER BY issue_no") == [
        ("Episodes row 6", "846/R4/2024-04-01", "PLACE", "Q9", "code",
         "PLACE 'Q9' is not a placement type code (U1, U2, U3, U4, U5, U6, A3, A4, A5, A6, K1, K2, ...)"),
        ("Episodes row 11", "846/R7/2024-04-10", "REC", "E4", "code", "REC 'E4' is not a reason episode ceased code "
         "(X1, E11, E12, E2, E3, E4A, E4B, E13, E41, E43, E44, E45, ...)"),
    ]
    assert rows(store, "SELECT raw FROM reject WHERE row_ref = 'Episodes row 5'")[0][0] == (
        "CHILD=R3; DECOM=05/03/2024; RNE=S; LS=C2; CIN=N1; PLACE=U4; PLACE_PROVIDER=PR1; DEC=01/03/2024; REC=E8; "
        "URN=SC000001")
    # lower-case codes and ISO dates are read; a trailing empty value is not a column
    assert rows(store, "SELECT episode_id, rne, legal_status, placement, end_date, reason_ceased, "
                       "reason_place_change FROM cla_episode ORDER BY 1") == [
        ("846/R1/2024-04-01", "S", "C2", "U4", None, None, None),
        ("846/R4/2024-04-01", "S", "C2", None, None, None, None),
        ("846/R6/2024-04-10", "S", "C2", "U4", d(2024, 6, 30), "X1", "CARPL"),
        ("846/R7/2024-04-10", "S", "C2", "U4", d(2024, 6, 30), None, None),
        ("846/R9/2024-04-10", "S", "C2", "U4", None, None, None)]


# -- several years of one authority -------------------------------------------------------------------
def test_two_years_stitch_into_one_history_per_child(store, fixtures):
    folder = fixtures / "ssda903" / "stitch"
    batches = [load_file(store, folder / name, la_code="846").batch_id
               for name in ("header_2023_24.csv", "episodes_2023_24.csv", "header_2024_25.csv", "episodes_2024_25.csv")]
    # worked out by hand: 4 episodes in 2023-24, 4 in 2024-25, 2 of them the same (S1 from 15/09/2023,
    # T2 from 01/02/2024), so 6 episodes. The later return closes both, corrects S1's placement from U4
    # to U5, and leaves T2's URN out, which keeps the earlier SC200001.
    assert rows(store, "SELECT episode_id, rne, legal_status, placement, end_date, reason_ceased, "
                       "reason_place_change, urn, batch_id FROM cla_episode ORDER BY 1") == [
        ("846/S1/2023-05-01", "S", "C1", "U6", d(2023, 9, 15), "X1", None, "SC100001", batches[1]),
        ("846/S1/2023-09-15", "P", "C1", "U5", d(2024, 6, 10), "X1", "CARPL", "SC100002", batches[3]),
        ("846/S1/2024-06-10", "L", "C2", "U5", None, None, None, "SC100002", batches[3]),
        ("846/T2/2024-02-01", "S", "V2", "K2", d(2024, 4, 30), "E4A", None, "SC200001", batches[3]),
        ("846/T2/2024-12-01", "S", "C1", "U6", None, None, None, "SC200002", batches[3]),
        ("846/U3/2022-10-10", "S", "C2", "U1", d(2023, 4, 4), "E45", None, "SC300001", batches[1]),
    ]
    # 1/2 became M/F in 2024-25; T2's ethnicity was corrected and her UPN found; U3 left care in 2023-24
    assert rows(store, "SELECT child_id, sex, ethnicity, upn FROM child ORDER BY 1") == [
        ("846/S1", "M", "WBRI", "C111111111111"), ("846/T2", "F", "CHNE", "E333333333333"),
        ("846/U3", "M", "AIND", "D222222222222")]
    assert rows(store, "SELECT return_year FROM load_batch ORDER BY batch_id") == [
        ("2023-24",), ("2023-24",), ("2024-25",), ("2024-25",)]


# -- speed ----------------------------------------------------------------------------------------------
def test_a_return_for_27000_children_stages_in_seconds(tmp_path):
    """27,000 children with 3 episodes each: staged (parsed, checked, keyed) in well under 10 s of CPU."""
    header = ["CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"]
    episodes = ["CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"]
    for n in range(27_000):
        born, start = d(2006, 1, 1) + timedelta(days=n % 5000), d(2021, 4, 1) + timedelta(days=n % 1000)
        header.append(f"C{n},{'MF'[n % 2]},{born:%d/%m/%Y},WBRI,A{n:012d},,")
        for k in range(3):
            end = start + timedelta(days=100)
            closed = (f"{end:%d/%m/%Y},X1") if k < 2 else ","
            episodes.append(f"C{n},{start:%d/%m/%Y},{'SPP'[k]},C2,N1,U4,PR1,{closed},,AB1 2CD,AB3 4EF,SC{n}")
            start = end
    spent = 0.0
    for name, lines in (("header_2024_25.csv", header), ("episodes_2024_25.csv", episodes)):
        path = write(tmp_path, name, "\n".join(lines) + "\n")
        batch = Batch(name, la_code="846")
        began = time.process_time()
        ssda903_csv.read(path, batch)
        spent += time.process_time() - began
        assert (batch.rows_read, batch.rows_rejected) == (len(lines) - 1, 0)
    assert spent < 10, f"{spent:.1f} s of CPU"


def test_empty_rows_are_not_rows_even_with_an_la_column(store, tmp_path):
    text = LA_YEAR + ",,,,,,\n\n  , ,,,,,\n"
    result = load_file(store, write(tmp_path, "trailing.csv", text))
    assert result.status == "loaded", result.message
    assert accounting(store, result.batch_id) == {"care_leaver": (3, 3, 0)}
