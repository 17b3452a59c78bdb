"""The legal department's file through the real reader: sex and the social care id where it has them."""
from __future__ import annotations

from datetime import date

from carepath.sources.loader import load_file


def test_gender_and_child_id_headings_are_read(store, tmp_path):
    path = tmp_path / "legal.csv"
    path.write_text("LA Code,Case No,Child First Name,Child Last Name,Child DOB,Gender,Child ID,Date of Issue\n"
                    "846,LC1,J.,Smith,04/03/2015,Female,A123,01/06/2024\n"
                    "846,LC2,Sam,Jones,,,,02/06/2024\n"
                    "846,LC3,Ali,Khan,01/01/2016,Dragon,,03/06/2024\n", encoding="utf-8")
    result = load_file(store, path)
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (3, 2, 1)
    assert store.execute("SELECT case_number, child_forename, child_dob, child_sex, social_care_id FROM proceeding "
                         "ORDER BY 1").fetchall() == [("LC1", "J.", date(2015, 3, 4), "F", "A123"),
                                                      ("LC2", "Sam", None, None, None)]
    reason = store.execute("SELECT field, reason FROM reject").fetchone()
    assert reason[0] == "Gender" and "Dragon" in reason[1]


def test_a_case_naming_several_children_keeps_each_child(store, tmp_path):
    # one application for three siblings (14,200 applications named 23,000 children in England in 2017-18):
    # each child is its own proceeding; a row naming the same child again is the loader's duplicate
    path = tmp_path / "legal.csv"
    path.write_text("LA Code,Case No,Child First Name,Child Last Name,Child DOB,Date of Issue\n"
                    "846,LC9,Amy,Khan,04/03/2015,01/06/2024\n"
                    "846,LC9,Ben,Khan,05/06/2017,01/06/2024\n"
                    "846,LC9,Cal,Khan,,01/06/2024\n"
                    "846,LC9,Amy,Khan,04/03/2015,01/06/2024\n", encoding="utf-8")
    result = load_file(store, path)
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (4, 3, 1)
    assert store.execute("SELECT proceeding_id, case_number, child_forename FROM proceeding ORDER BY 1").fetchall() == [
        ("846/LC9/a20150304", "LC9", "Amy"), ("846/LC9/b20170605", "LC9", "Ben"), ("846/LC9/c", "LC9", "Cal")]
