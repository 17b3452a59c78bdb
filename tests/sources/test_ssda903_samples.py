"""The shared made-up SSDA903 samples: every file loads, its rows are accounted for, and the
rejects are the right ones for what the file says (the samples are inconsistent on purpose).

The expected values were read off the sample files by hand (line numbers are the files' own).
"""
from __future__ import annotations

import csv
from datetime import date as d
from pathlib import Path

import pytest

from carepath.sources.loader import expand, load_file

# the file's table -> the canonical table it feeds
TARGET = {"header": "child", "uasc": "child", "episodes": "cla_episode", "reviews": "cla_review",
          "oc2": "cla_outcome", "oc3": "care_leaver", "ad1": "adoption", "placed_for_adoption": "adoption",
          "previous_permanence": "previous_permanence", "missing": "missing", "sw_episodes": "sw_episode",
          "DoLo": "dolo"}


def rows(con, sql, params=()):
    return con.execute(sql, params).fetchall()


def data_rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return [row for row in csv.DictReader(handle) if any(v.strip() for v in row.values())]


def check_file(store, path: Path, table: str, year: str | None = "2017-18"):
    """Load one sample; rows read must be the file's data rows, and loaded + rejected add up."""
    result = load_file(store, path, la_code="846", return_year=year)
    assert result.status == "loaded", (path.name, result.message)
    assert set(result.by_table) == {table}, path.name
    read, loaded, rejected = result.by_table[table]
    assert read == len(data_rows(path)), path.name
    assert read == loaded + rejected
    reasons = rows(store, "SELECT row_ref, field, rule, reason FROM reject WHERE batch_id = ? ORDER BY reject_no",
                   [result.batch_id])
    issues = rows(store, "SELECT row_ref, field, rule, reason FROM field_issue WHERE batch_id = ? ORDER BY issue_no",
                  [result.batch_id])
    return result, reasons, issues


# -- the single-year samples (data-to-insight 903 validator fake data) -------------------------------------
@pytest.fixture
def single(samples) -> Path:
    return samples / "ssda903"


def test_every_single_year_sample_loads_with_the_right_rejects(store, single):
    rejected, set_aside = {}, {}
    for path in expand([single]):
        _, reasons, issues = check_file(store, path, TARGET[path.stem])
        rejected[path.stem], set_aside[path.stem] = reasons, issues
    assert {name for name, reasons in rejected.items() if reasons} == {"reviews"}
    # descriptive values the records can live without are set aside (field issues), the records loaded
    assert {name for name, issues in set_aside.items() if issues} == {"oc3", "placed_for_adoption", "sw_episodes"}
    # OC3 line 2 (197474) and line 47 (232161) have ACCOM 01 and 02: a 0 (not in touch) is never followed by
    # a suitability digit
    assert [(ref, field, rule) for ref, field, rule, _ in set_aside["oc3"]] == [
        ("OC3 row 2", "ACCOM", "code"), ("OC3 row 47", "ACCOM", "code")]
    assert set_aside["oc3"][0][3].startswith("ACCOM '01' is not a care leaver accommodation code")
    # every PlacedAdoption row gives REASON_PLACED_CEASED XXX, which is not RD1-RD4
    assert len(set_aside["placed_for_adoption"]) == 29
    assert {reason for _, _, _, reason in set_aside["placed_for_adoption"]} == {
        "REASON_PLACED_CEASED 'XXX' is not a reason no longer placed for adoption code (RD1, RD2, RD3, RD4)"}
    # SW_REASON SWLAZY is not a reason code
    assert set_aside["sw_episodes"] == [("SWEpisodes row 2", "SW_REASON", "code",
                                        "SW_REASON 'SWLAZY' is not a social worker change code (MANAGE, FCONTA, "
                                        "LEFTRL, ORGRST, TSPROC, ABSENC, CHCHAN, PCCHAN, SWDIED, OTHERS)")]
    # 14 reviews repeat a child's review date with another participation code (lines 2824-2825:
    # 540481 on 13/08/2020, PN1 then PN5); each names the row it repeats
    reviews = data_rows(single / "reviews.csv")
    assert len(rejected["reviews"]) == 14
    assert rejected["reviews"][0] == ("Reviews row 2825", "child_id+review_date", "duplicate",
                                      "same cla review as Reviews row 2824 (846/540481, 2020-08-13); "
                                      "the first was kept")
    for ref, _, _, reason in rejected["reviews"]:
        this = reviews[int(ref.split()[-1]) - 2]
        first = reviews[int(reason.split(" row ")[1].split()[0]) - 2]
        assert (this["CHILD"], this["REVIEW"]) == (first["CHILD"], first["REVIEW"])


def test_single_year_values_by_hand(store, single):
    for path in expand([single]):
        load_file(store, path, la_code="846", return_year="2017-18")
    # header.csv lines 2, 17 and 1273 (MOTHER written 1.0 by a spreadsheet), uasc.csv line 2 (102639)
    assert rows(store, "SELECT child_id, sex, dob, ethnicity, upn, mother, mc_dob, uasc, uasc_ceased FROM child "
                       "WHERE child_id IN ('846/566910', '846/102639', '846/6389') ORDER BY 1") == [
        ("846/102639", "F", d(2010, 10, 18), "MWAS", "U055364892356", None, None, True, d(2028, 10, 13)),
        ("846/566910", "F", d(2008, 3, 27), "WROM", "D051910639385", None, None, None, None),
        ("846/6389", "F", d(2004, 7, 30), "BCRB", "L072812908102", True, d(2016, 8, 27), None, None)]
    # episodes.csv lines 2-3
    assert rows(store, "SELECT episode_id, rne, legal_status, cin, placement, provider, end_date, reason_ceased, "
                       "reason_place_change, home_postcode, placement_postcode, urn FROM cla_episode "
                       "WHERE child_id = '846/566910' ORDER BY 1") == [
        ("846/566910/2016-02-15", "L", "C2", "N3", "T2", "PR0", d(2017, 8, 14), "X1", "CLOSE", None, None, "4244474"),
        ("846/566910/2017-08-14", "T", "C2", "N3", "A3", "PR3", None, "X1", None, "EG19 7TT", "WV27 9FW",
         "8969628")]
    # ad1.csv line 2 (placed_for_adoption.csv's rows loaded without their reason XXX; other decision dates)
    assert rows(store, "SELECT adoption_id, decision_date, matched_date, foster_care, number_of_adopters, "
                       "sex_of_adopters, adopters_legal_status FROM adoption WHERE child_id = '846/988635'") == [
        ("846/988635/2015-11-22", d(2015, 11, 22), d(2015, 11, 22), True, 2, "MM", "L11")]
    # oc2.csv lines 2-3: year_ending is 31 March of --year 2017-18
    assert rows(store, "SELECT child_id, year_ending, sdq_score, sdq_reason, convicted, substance_misuse "
                       "FROM cla_outcome WHERE child_id IN ('846/566910', '846/384923') ORDER BY 1") == [
        ("846/384923", d(2018, 3, 31), None, "SDQ1", True, True),
        ("846/566910", d(2018, 3, 31), 39, None, True, True)]
    # oc3.csv line 4 (880820: YES, F1, K1) and DoLo.csv
    assert rows(store, "SELECT in_touch, activity, accommodation, accommodation_suitable FROM care_leaver "
                       "WHERE child_id = '846/880820'") == [("YES", "F1", "K", True)]
    assert rows(store, "SELECT dolo_id, end_date FROM dolo") == [("846/CHILD10/2025-01-01", d(2025, 1, 2))]
    # missing.csv line 2
    assert rows(store, "SELECT missing_id, end_date FROM missing WHERE child_id = '846/510000'") == [
        ("846/510000/2017-11-13/A", d(2017, 11, 25))]


# -- five linked years of one authority (cs-demand-model sample) -----------------------------------------
@pytest.fixture
def multiyear(samples) -> Path:
    return samples / "ssda903_multiyear"


def test_five_years_load_and_stitch(store, multiyear):
    episode_keys, rejects, issues = set(), {}, {}
    for path in expand([multiyear]):
        start, kind = path.stem.split("-", 1)
        # this sample names each year by the year it *starts* (its 2017 files run April 2017 to March
        # 2018), unlike DfE: --year says so, and wins over the name
        result, reasons, set_aside = check_file(store, path, TARGET[kind], f"{start}-{(int(start) + 1) % 100:02d}")
        if kind == "episodes":
            episode_keys |= {(r["CHILD"], r["DECOM"]) for r in data_rows(path)}
        if reasons:
            rejects[path.name] = {(field, rule) for _, field, rule, _ in reasons}
        if set_aside:
            issues[path.name] = {(field, rule) for _, field, rule, _ in set_aside}
    assert rows(store, "SELECT DISTINCT return_year FROM load_batch ORDER BY 1") == [
        ("2017-18",), ("2018-19",), ("2019-20",), ("2020-21",), ("2021-22",)]
    # an episode carried from one return into the next is one row: as many episodes as distinct CHILD+DECOM
    assert rows(store, "SELECT count(*) FROM cla_episode")[0][0] == len(episode_keys) == 2827
    # the only rejects: a child's review date given twice; the only values set aside: OC3 ACCOM 01/02
    assert rejects == {f"{y}-reviews.csv": {("child_id+review_date", "duplicate")} for y in range(2017, 2022)}
    assert issues == {f"{y}-oc3.csv": {("ACCOM", "code")} for y in range(2017, 2022)}


def test_a_carried_episode_by_hand(store, multiyear):
    for path in expand([multiyear]):
        load_file(store, path, la_code="846")
    # 296227: 2017-episodes lines 3-4 (the second open), 2018-episodes lines 2-3 (it closes 02/10/2018)
    assert rows(store, "SELECT episode_id, rne, legal_status, placement, end_date, reason_ceased, urn "
                       "FROM cla_episode WHERE child_id = '846/296227' ORDER BY 1") == [
        ("846/296227/2017-09-11", "S", "C1", "U5", d(2017, 9, 13), "X1", "9961998"),
        ("846/296227/2017-09-13", "P", "C1", "U4", d(2018, 10, 2), "X1", "3013387"),
        ("846/296227/2018-10-02", "L", "V3", "U4", d(2018, 11, 1), "E17", "3013387")]
    # 398768: 2017-header line 2 (MOTHER 1.0), 2017-uasc line 2, 2017-oc3 line 2
    assert rows(store, "SELECT sex, dob, ethnicity, mother, mc_dob, uasc, uasc_ceased FROM child "
                       "WHERE child_id = '846/398768'") == [
        ("F", d(1999, 12, 17), "BCRB", True, d(2017, 11, 21), True, d(2017, 12, 12))]
    assert rows(store, "SELECT as_at, in_touch, activity, accommodation, accommodation_suitable FROM care_leaver "
                       "WHERE child_id = '846/398768'") == [(d(2017, 3, 31), "NREQ", "G5", "V", True)]
