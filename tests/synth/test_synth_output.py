"""The files a tiny authority is written as: the layout, the real formats, and the same bytes every time."""
from __future__ import annotations

import csv
import hashlib
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl

from carepath.synth.generate import generate_authority
from carepath.synth.params import make_authorities
from carepath.synth.write_903 import COLUMNS

YEARS = ("2021-22", "2022-23", "2023-24", "2024-25")
DMY = re.compile(r"^\d{2}/\d{2}/\d{4}$")


def digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_same_seed_writes_the_same_bytes(tmp_path, tiny_params, tiny_dir):
    generate_authority(tiny_params, tmp_path)
    again = digests(tmp_path / tiny_params.la_code)
    assert again == digests(tiny_dir)
    other = make_authorities(1, seed=12, size="tiny")[0]
    generate_authority(other, tmp_path / "other")
    assert digests(tmp_path / "other" / "501")["cin/CIN_501_2024-25.xml"] != again["cin/CIN_501_2024-25.xml"]


def test_the_layout_is_the_one_the_readers_expect(tiny_dir):
    names = set(digests(tiny_dir))
    for year in YEARS:
        assert f"cin/CIN_501_{year}.xml" in names
        for table in COLUMNS:
            if table != "sw_episodes" or year >= "2023-24":
                assert f"ssda903/{year}/{table}.csv" in names, (year, table)
    assert "ssda903/2022-23/sw_episodes.csv" not in names     # social worker episodes began in 2023-24
    assert [n for n in names if n.startswith("annex_a/")] == [n for n in names if re.match(
        r"annex_a/annex_a_501_\d{4}-\d{2}-\d{2}\.xlsx$", n)] != []
    for extract in ("children", "teams", "workers", "allocations", "visits", "supervision", "workforce", "contacts",
                    "early_help", "care_proceedings", "send_requests", "ehe", "population"):
        assert f"local/{extract}.csv" in names
    truth = json.loads((tiny_dir / "truth.json").read_text())
    assert truth["la_code"] == "501" and truth["years"] == list(YEARS)
    assert truth["parameters"]["children"] == 2_000 and set(truth["figures"]) == set(YEARS)


def test_cin_census_has_each_eras_elements(tiny_dir):
    for year in YEARS:
        root = ET.parse(tiny_dir / "cin" / f"CIN_501_{year}.xml").getroot()
        assert root.findtext("Header/CollectionDetails/ReferenceDate") == f"20{year[-2:]}-03-31"
        assert root.findtext("Header/Source/LEA") == "501"
        children = root.findall("Children/Child")
        assert children
        sex = {c.findtext("ChildIdentifiers/Sex") for c in children} - {None}
        gender = {c.findtext("ChildIdentifiers/GenderCurrent") for c in children} - {None}
        if year == "2024-25":
            assert sex <= {"M", "F", "U"} and sex and not gender
        else:
            assert gender <= {"0", "1", "2"} and gender and not sex
        start, end = f"20{year[2:4]}-04-01", f"20{year[-2:]}-03-31"
        for child in children:
            assert len(child.findtext("ChildIdentifiers/LAchildID")) <= 20
            for episode in child.findall("CINdetails"):
                assert episode.findtext("CINreferralDate") <= end
                closure = episode.findtext("CINclosureDate")
                assert closure is None or start <= closure <= end
                if episode.findtext("ReferralNFA") == "true":
                    assert episode.find("Assessments") is None and episode.find("Section47") is None
                plans = episode.findall("CINPlanDates")
                if year < "2021-22":
                    assert not plans


def test_ssda903_tables_have_the_dfe_columns_dates_and_years(tiny_dir):
    for year in YEARS:
        for table, columns in COLUMNS.items():
            path = tiny_dir / "ssda903" / year / f"{table}.csv"
            if not path.exists():
                continue
            with open(path, newline="", encoding="utf-8") as handle:
                header = next(csv.reader(handle))
            assert header == columns + ["LA", "YEAR"], (year, table)
            for row in rows(path):
                assert (row["LA"], row["YEAR"]) == ("501", year)
                for name in ("DOB", "DECOM", "DEC", "REVIEW", "MIS_START", "MIS_END", "DUC", "SW_DECOM", "SW_DEC"):
                    if row.get(name):
                        assert DMY.match(row[name]), (table, name, row[name])
        sexes = {r["SEX"] for r in rows(tiny_dir / "ssda903" / year / "header.csv")}
        assert sexes <= ({"M", "F"} if year == "2024-25" else {"1", "2"})


def test_an_open_episode_is_carried_into_the_next_years_return(tiny_dir):
    carried = 0
    for year, following in zip(YEARS, YEARS[1:]):
        now = rows(tiny_dir / "ssda903" / year / "episodes.csv")
        later = {(r["CHILD"], r["DECOM"]): r for r in rows(tiny_dir / "ssda903" / following / "episodes.csv")}
        for row in now:
            if row["DEC"] == "":
                carried += 1
                assert row["REC"] == ""
                assert (row["CHILD"], row["DECOM"]) in later      # same episode, same start, next year
    assert carried > 0


def test_annex_a_has_ten_lists_with_coded_values(tiny_dir):
    path = next((tiny_dir / "annex_a").glob("*.xlsx"))
    book = openpyxl.load_workbook(path, read_only=True)
    assert book.sheetnames == [f"List_{n}" for n in range(1, 11)]
    contacts = list(book["List_1"].iter_rows(values_only=True))
    assert contacts[0] == ("Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)",
                           "Date of Contact", "Contact Source")
    assert len(contacts) > 1
    assert {r[1] for r in contacts[1:]} <= {"a) Male", "b) Female", "c) Not stated/recorded"}
    assert all(re.match(r"^[a-u]1?\) (\d+[A-F]?): ", r[6]) for r in contacts[1:])


def edits(a: str, b: str) -> int:
    """Levenshtein distance, small strings only."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def test_legal_file_names_children_close_to_how_social_care_does(tiny_dir):
    from carepath.synth.population import NICKNAMES
    proceedings = rows(tiny_dir / "local" / "care_proceedings.csv")
    facts = json.loads((tiny_dir / "truth.json").read_text())
    truth, slips = facts["proceedings_children"], facts["proceedings_errors"]
    children = {r["child_id"]: r for r in rows(tiny_dir / "local" / "children.csv")}
    assert proceedings and len(truth) == len(proceedings)
    assert "Case No" in proceedings[0] and "Date of Issue" in proceedings[0]
    for row in proceedings:
        child, known = children[truth[row["Case No"]]], slips.get(row["Case No"], [])
        forename, surname = row["Child First Name"], row["Child Last Name"]
        assert edits(surname, child["surname"]) <= 2 or "name change" in known  # a transposition is two edits
        assert (edits(forename, child["forename"]) <= 2 or NICKNAMES.get(child["forename"]) == forename
                or (forename == child["forename"][0] and "initial only" in known))
        if not row["Child DOB"]:
            assert "no date of birth" in known
            continue
        day, month, year = row["Child DOB"].split("/")
        assert year == child["dob"][-4:] and {day, month} == set(child["dob"][:5].split("/"))
        assert (row["Child DOB"] != child["dob"]) == ("day and month swapped" in known)


def test_the_legal_department_slips_now_and_then(small_sim):
    from carepath.synth.legal import proceedings
    rows_, cases, slips = proceedings(small_sim, ["Family Court at Synth"])
    children = {c.id: c for c in small_sim.people.children}
    exact = sum((r[2], r[3]) == (children[cases[r[1]]].forename, children[cases[r[1]]].surname) for r in rows_)
    assert len(rows_) > 80
    # about one name in four has a typo, a nickname, an initial or another surname (17% + 9%, some both)
    assert 0.60 * len(rows_) <= exact < len(rows_)
    assert {s for found in slips.values() for s in found} >= {"forename typo", "surname typo", "initial only"}
    assert sum(1 for r in rows_ if r[4] == "") == sum("no date of birth" in found for found in slips.values())


def test_processes_do_not_change_the_output(tmp_path):
    from carepath.synth.generate import generate
    authorities = make_authorities(2, seed=4, children=1_000, first_year=2023, last_year=2024)
    generate(authorities, tmp_path / "one", jobs=1)
    generate(authorities, tmp_path / "two", jobs=2)
    assert digests(tmp_path / "one") == digests(tmp_path / "two") != {}
