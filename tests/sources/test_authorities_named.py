"""Authorities however they are named: codes, ONS codes and names, in files, paths and --la.

Expected codes were read by hand from DfE's children in need table b1 (2013 to 2025), which the
shipped list (src/carepath/reference/authorities.csv) is taken from.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from carepath.reference import known_authorities as ka
from carepath.sources.loader import la_clue, load_file

EPISODES = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE\n"
ROW = "{child},01/05/2024,S,C2,N1,U1,PR1,,,\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.mark.parametrize("text, code", [
    ("846", "846"), ("E06000043", "846"), ("Brighton and Hove", "846"), ("brighton & hove", "846"),
    ("Brighton and Hove City Council", "846"), ("Kent", "886"), ("KENT COUNTY COUNCIL", "886"),
    ("Bristol, City of", "801"), ("City of Bristol", "801"), ("Royal Borough of Greenwich", "203"),
    ("Royal Borough of Kensington & Chelsea", "207"), ("London Borough of Hammersmith and Fulham", "205"),
    ("St Helens", "342"), ("Herefordshire, County of", "884"), ("County Durham", "840"),
    ("City of London", "201"),
    # reorganised authorities: old names are their own authorities; new ONS codes keep the DfE number
    ("Northamptonshire", "928"), ("North Northamptonshire", "940"), ("West Northamptonshire", "941"),
    ("Cumbria", "909"), ("Cumberland", "942"), ("Westmorland and Furness", "943"),
    ("North Yorkshire County Council", "815"), ("E10000023", "815"), ("E06000065", "815"),
    ("Somerset", "933"), ("E10000027", "933"), ("E06000066", "933"),
    ("Buckinghamshire", "825"), ("E10000002", "825"), ("E06000060", "825"),
    ("Dorset County Council", "835"), ("Dorset Council", "838"), ("Poole", "836"), ("Bournemouth", "837"),
    ("Bournemouth, Christchurch and Poole", "839"),
])
def test_a_code_an_ons_code_or_a_name_is_one_authority(text, code):
    assert ka.resolve(text)[0] == code


def test_notes_say_how_a_name_was_read_and_what_became_of_old_authorities():
    assert ka.resolve("846") == ("846", None)
    assert ka.resolve("Northamptonshire")[1] == ("LA 'Northamptonshire' read as 928 (Northamptonshire), which "
                                                 "reported until 2020-21; its area is now 940 and 941")
    # Dorset was the county council (835) to March 2019 and the unitary council (838) since: the name
    # alone is the current one, and the note names the other
    assert ka.resolve("Dorset") == ("838", "LA 'Dorset' read as 838 (Dorset); the name was also 835 "
                                           "(Dorset until 2018-19): give that code if you meant it")


@pytest.mark.parametrize("text", ["London", "Gotham", "E06999999", "Kent Police"])
def test_what_names_no_authority_is_an_error_naming_it(text):
    with pytest.raises(ka.UnknownAuthority, match=f"LA '{text}'"):
        ka.resolve(text)


def test_the_shipped_list():
    known = ka.known()
    # the 2025 publication has 153 authorities; 835, 836, 837, 909 and 928 have since been reorganised
    assert sum(a.current for a in known.values()) == 153
    assert sorted(c for c, a in known.items() if not a.current) == ["835", "836", "837", "909", "928"]
    ons = [o for a in known.values() for o in (a.ons_code, *a.former_ons_codes)]
    assert len(ons) == len(set(ons))
    from carepath.synth.params import FIRST_SYNTH_CODE
    assert str(FIRST_SYNTH_CODE) not in known and ka.known_code(str(FIRST_SYNTH_CODE))


# -- regression: names in the LA column ------------------------------------------------------------------
def test_names_and_ons_codes_in_the_la_column_load_to_their_authority(store, tmp_path):
    text = (EPISODES.replace("\n", ",LA\n") + ROW.format(child="A").replace("\n", ",Brighton & Hove\n")
            + ROW.format(child="B").replace("\n", ",E06000043\n")
            + ROW.format(child="C").replace("\n", ",Kent County Council\n")
            + ROW.format(child="D").replace("\n", ",Gotham\n"))
    result = load_file(store, write(tmp_path / "episodes_2024_25.csv", text))
    assert (result.rows_read, result.rows_loaded, result.rows_rejected) == (4, 3, 1)
    assert store.execute("SELECT child_id, la_code FROM cla_episode ORDER BY child_id").fetchall() == [
        ("846/A", "846"), ("846/B", "846"), ("886/C", "886")]
    assert store.execute("SELECT row_ref, reason FROM reject").fetchall() == [
        ("Episodes row 5", "LA 'Gotham' is not a local authority carepath knows: give the 3-digit DfE LA number, "
                           "the ONS code or the name")]
    assert "LA 'Kent County Council' read as 886 (Kent)" in result.notes


def test_a_cin_census_whose_lea_is_a_name(store, tmp_path, fixtures):
    text = (fixtures / "cin" / "cin_2024_25.xml").read_text().replace("<LEA>846</LEA>", "<LEA>Brighton &amp; Hove</LEA>")
    result = load_file(store, write(tmp_path / "cin.xml", text))
    assert (result.status, result.la_code) == ("loaded", "846")
    assert store.execute("SELECT DISTINCT la_code FROM child").fetchall() == [("846",)]


# -- regression: a stray 3-digit number in a file name ---------------------------------------------------
@pytest.mark.parametrize("path, clue", [
    ("/returns/episodes_123_2024_25.csv", (None, "the number 123 in its name")),
    ("/returns/episodes_886_2024_25.csv", ("886", None)),
    ("/returns/123/episodes.csv", (None, "the folder 123")),
    ("/returns/Kent/episodes.csv", ("886", None)),
    ("/returns/E10000016/episodes.csv", ("886", None)),
    ("/returns/Annex A - Kingston upon Hull - 2025.xlsx", ("810", None)),  # not 'Hull' and 'Kingston' too
    ("/returns/synth/annex_a_501_2025-01-20.xlsx", ("501", None)),
])
def test_what_a_path_says_about_the_authority(path, clue):
    assert la_clue(Path(path)) == clue


def test_a_stray_number_in_the_file_name_is_not_taken_for_the_authority(store, tmp_path):
    path = write(tmp_path / "returns" / "episodes_123_2024_25.csv", EPISODES + ROW.format(child="A"))
    result = load_file(store, path)
    assert result.status == "failed"
    assert result.message == ("episodes_123_2024_25.csv does not say which local authority it is from (the number "
                              "123 in its name is not a DfE LA number, so it was not used). Pass --la with the "
                              "3-digit DfE LA number (for example --la 846).")
    assert store.execute("SELECT count(*) FROM load_batch").fetchone()[0] == 0
    named = load_file(store, path, la_code="Brighton and Hove")
    assert (named.status, named.la_code) == ("loaded", "846")


# -- regression: a load in which every row is rejected ------------------------------------------------
def run(*args):
    return subprocess.run([sys.executable, "-m", "carepath", *args], capture_output=True, text=True, timeout=120)


def test_a_load_with_every_row_rejected_fails_and_says_so_first(tmp_path):
    bad = write(tmp_path / "episodes_2024_25.csv", EPISODES + "A,31/02/2024,S,C2,N1,U1,PR1,,,\n"
                                                             "B,soon,S,C2,N1,U1,PR1,,,\n")
    result = run("load", str(bad), "--la", "846", "--store", str(tmp_path / "s.duckdb"))
    assert result.returncode != 0
    assert result.stderr.splitlines()[0].startswith(
        "episodes_2024_25.csv: NOTHING LOADED, every one of its 2 rows was rejected")
    assert "rejected cla_episode at Episodes row 2: DECOM '31/02/2024' is not a date" in result.stdout


def test_la_on_the_command_line_may_be_a_name_and_an_unknown_one_is_refused(tmp_path):
    good = write(tmp_path / "episodes_2024_25.csv", EPISODES + ROW.format(child="A"))
    store = str(tmp_path / "s.duckdb")
    named = run("load", str(good), "--la", "Royal Borough of Greenwich", "--store", store)
    assert named.returncode == 0, named.stderr
    assert "note: --la 'Royal Borough of Greenwich' read as 203 (Greenwich)" in named.stdout
    assert "(ssda903-csv, LA 203)" in named.stdout
    unknown = run("load", str(good), "--la", "Gotham", "--store", store)
    assert unknown.returncode != 0 and "LA 'Gotham' is not a local authority carepath knows" in unknown.stderr
    assert "Traceback" not in unknown.stderr
