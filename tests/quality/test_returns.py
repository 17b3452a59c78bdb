"""Which returns the files make (no validator needed): 903 tables by year, lines remembered, years settled."""
from __future__ import annotations

import csv
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carepath.errors import CarepathError
from carepath.quality.returns import SSDA903_TABLES, discover

HEADER = ",".join(SSDA903_TABLES["Header"])
EPISODES = ",".join(SSDA903_TABLES["Episodes"])


def write(folder, name, text, encoding="utf-8"):
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def work(tmp_path):
    (tmp_path / "work").mkdir()
    (tmp_path / "in").mkdir()
    return tmp_path / "in", tmp_path / "work"


def test_tables_are_grouped_by_the_year_in_their_names_and_linked_to_the_year_before(work):
    inbox, workdir = work
    write(inbox, "header_2024_25.csv", HEADER + "\nA1,F,01/01/2015,WBRI,,,\n")
    write(inbox, "episodes_2024_25.csv", EPISODES + "\nA1,01/05/2024,S,C2,N1,U1,PR1,,,,,,\n")
    write(inbox, "2024-header.csv", HEADER + "\nA1,F,01/01/2015,WBRI,,,\n")  # a single year ends that March
    found = discover([inbox], workdir)
    by_year = {r.year: r for r in found.returns}
    assert sorted(by_year) == ["2023-24", "2024-25"]
    assert sorted(by_year["2024-25"].tables) == ["Episodes", "Header"]
    assert by_year["2024-25"].previous is by_year["2023-24"]
    assert by_year["2023-24"].previous is None
    assert by_year["2024-25"].name == "ssda903_2024-25"


def test_lines_are_those_of_the_file_sent_and_blank_rows_are_left_out(work):
    inbox, workdir = work
    write(inbox, "episodes.csv", EPISODES + "\nA1,01/05/2024,S,C2,N1,U1,PR1,,,,,,\n\n,,,,,,,,,,,,\n"
                                            "b2,02/05/2024,S,C2,N1,U1,PR1,,,,,,\n")
    [ret] = discover([inbox], workdir, year="2024-25").returns
    episodes = ret.tables["Episodes"]
    assert episodes.rows == [(2, "A1"), (5, "b2")]
    with open(episodes.prepared, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == list(SSDA903_TABLES["Episodes"]) and [r[0] for r in rows[1:]] == ["A1", "b2"]


def test_a_byte_order_mark_windows_text_and_extra_columns_are_accepted(work):
    inbox, workdir = work
    write(inbox, "header.csv", "\ufeffLA,CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB,Note\n"
                               "846,A1,F,01/01/2015,WBRI,,,,café\n", encoding="utf-8")
    write(inbox, "reviews.csv", "CHILD,DOB,REVIEW,REVIEW_CODE,Comment\nA1,01/01/2015,01/06/2024,PN1,naïve\n",
          encoding="cp1252")
    [ret] = discover([inbox], workdir, year="2024-25").returns
    assert sorted(ret.tables) == ["Header", "Reviews"]
    with open(ret.tables["Header"].prepared, newline="", encoding="utf-8") as handle:
        assert list(csv.reader(handle)) == [list(SSDA903_TABLES["Header"]), ["A1", "F", "01/01/2015", "WBRI", "", "", ""]]


def test_a_year_column_splits_a_file_holding_several_years(work):
    inbox, workdir = work
    write(inbox, "episodes_all.csv", "YEAR," + EPISODES + "\n2024,A1,01/05/2023,S,C2,N1,U1,PR1,,,,,,\n"
                                     "2025,A1,01/05/2023,S,C2,N1,U1,PR1,,,,,,\n2025,B2,09/09/2024,S,C2,N1,U1,PR1,,,,,,\n")
    found = discover([inbox], workdir)
    by_year = {r.year: r for r in found.returns}
    assert sorted(by_year) == ["2023-24", "2024-25"]
    assert by_year["2023-24"].tables["Episodes"].rows == [(2, "A1")]
    assert by_year["2024-25"].tables["Episodes"].rows == [(3, "A1"), (4, "B2")]
    assert by_year["2024-25"].year_source == "its YEAR column"


def test_files_without_a_year_join_the_only_year_the_others_give(work):
    inbox, workdir = work
    write(inbox, "header_2025.csv", HEADER + "\nA1,F,01/01/2015,WBRI,,,\n")
    write(inbox, "reviews.csv", "CHILD,DOB,REVIEW,REVIEW_CODE\nA1,01/01/2015,01/06/2024,PN1\n")
    [ret] = discover([inbox], workdir).returns
    assert ret.year == "2024-25" and sorted(ret.tables) == ["Header", "Reviews"]


def test_a_table_without_rows_or_year_in_its_name_takes_its_folders_year(work):
    # carepath synth writes ssda903/<year>/ad1.csv: an empty AD1 table (no adoptions) has no YEAR value
    inbox, workdir = work
    for year, dob in (("2023-24", "01/01/2015"), ("2024-25", "01/01/2015")):
        folder = inbox / year
        folder.mkdir()
        write(folder, "header.csv", HEADER + ",YEAR\n" + f"A1,F,{dob},WBRI,,,,{year}\n")
        write(folder, "ad1.csv", ",".join(SSDA903_TABLES["AD1"]) + ",YEAR\n")
    found = discover([inbox], workdir)
    assert [(r.year, sorted(r.tables)) for r in found.returns] == [("2023-24", ["AD1", "Header"]),
                                                                   ("2024-25", ["AD1", "Header"])]
    assert found.returns[1].previous is found.returns[0]


def test_no_year_anywhere_asks_for_year(work):
    inbox, workdir = work
    write(inbox, "header.csv", HEADER + "\nA1,F,01/01/2015,WBRI,,,\n")
    with pytest.raises(CarepathError, match=r"Cannot tell which year.*header\.csv.*--year 2024-25"):
        discover([inbox], workdir)
    with pytest.raises(CarepathError, match="--year 24 is not a return year"):
        discover([inbox], workdir, year="24")


def test_two_tables_of_one_kind_for_one_year_are_refused(work):
    inbox, workdir = work
    write(inbox, "header_2025.csv", HEADER + "\nA1,F,01/01/2015,WBRI,,,\n")
    write(inbox, "header_copy_2025.csv", HEADER + "\nA1,F,01/01/2015,WBRI,,,\n")
    with pytest.raises(CarepathError, match="Two Header tables for the SSDA903 return 2024-25"):
        discover([inbox], workdir)


def test_files_that_are_not_returns_are_listed_with_the_reason(work, fixtures):
    inbox, workdir = work
    write(inbox, "header_2025.csv", HEADER + "\nA1,F,01/01/2015,WBRI,,,\n")
    write(inbox, "old_episodes_2025.csv", "CHILD,DECOM,RNE,LS,CIN,PLACE,DEC,REC\nA1,01/05/2024,S,C2,N1,U1,,\n")
    write(inbox, "notes.docx", "not a return")
    found = discover([inbox], workdir)
    assert [r.year for r in found.returns] == ["2024-25"]
    skipped = dict(line.split(": ", 1) for line in found.skipped)
    assert skipped["notes.docx"].startswith("not a CIN census or SSDA903 file")
    assert skipped["old_episodes_2025.csv"] == ("its columns are not those of an SSDA903 table (closest: Episodes, "
                                                "which also needs PLACE_PROVIDER, REASON_PLACE_CHANGE, HOME_POST, "
                                                "PL_POST, URN)")


def test_a_year_taken_from_a_name_that_the_episodes_contradict_is_pointed_out(work):
    inbox, workdir = work
    write(inbox, "2017-episodes.csv", EPISODES + "\nA1,01/06/2017,S,C2,N1,U1,PR1,,,,,,\n")
    [ret] = discover([inbox], workdir).returns
    assert ret.year == "2016-17"
    assert ret.notes == ["episodes start as late as 2017-06-01, after the end of 2016-17 (taken from its file name); "
                         "if the files are for a later year, give it with --year"]


def test_previous_year_given_explicitly(work, tmp_path):
    inbox, workdir = work
    write(inbox, "header.csv", HEADER + "\nA1,F,01/01/2015,WBRI,,,\n")
    last = tmp_path / "last"
    last.mkdir()
    write(last, "header.csv", HEADER + "\nA1,F,01/01/2015,WBRI,,,\n")
    [ret] = discover([inbox], workdir, year="2024-25", previous=[last]).returns
    assert ret.previous.year == "2023-24" and sorted(ret.previous.tables) == ["Header"]
    two = tmp_path / "two"
    two.mkdir()
    write(two, "header_2025.csv", HEADER + "\nA1,F,01/01/2015,WBRI,,,\n")
    write(two, "header_2026.csv", HEADER + "\nA1,F,01/01/2015,WBRI,,,\n")
    with pytest.raises(CarepathError, match="--previous needs exactly one SSDA903 return"):
        discover([two], workdir, previous=[last])


def test_cin_census_year_and_authority_come_from_the_header(work, quality_fixtures):
    inbox, workdir = work
    shutil.copy(quality_fixtures / "cin_breaches_2024_25.xml", inbox / "cin.xml")
    [ret] = discover([inbox], workdir, la_code="999").returns
    assert (ret.kind, ret.year, ret.year_source, ret.la_code, ret.problem) == \
        ("cin", "2024-25", "its Header", "846", None)  # --la is for files that do not say


def test_a_cin_file_broken_in_its_header_becomes_a_problem_not_a_crash(work):
    inbox, workdir = work
    write(inbox, "cin.xml", "<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2025</Year>"
                            "</Collection></Header><Children><Child><CINdetails/></Child></Children></Message>")
    [ret] = discover([inbox], workdir).returns
    assert ret.kind == "cin" and ret.problem.startswith("cin.xml is not well-formed XML")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.binary(max_size=400),
                 st.text(alphabet=st.sampled_from(list("CHILD,SEX\"\n\r;/0123456789 ")), max_size=300)
                 .map(lambda t: (EPISODES + "\n" + t).encode("utf-8"))))
def test_damaged_csv_is_skipped_or_read_never_a_crash(tmp_path, data):
    inbox = tmp_path / "damaged"
    shutil.rmtree(inbox, ignore_errors=True)
    inbox.mkdir()
    workdir = tmp_path / "damaged_work"
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir()
    (inbox / "episodes.csv").write_bytes(data)
    try:
        found = discover([inbox], workdir, year="2024-25")
    except CarepathError:
        return
    for ret in found.returns:
        episodes = ret.tables["Episodes"]
        assert all(isinstance(line, int) and line >= 2 for line, _ in episodes.rows)
    assert len(found.returns) + len(found.skipped) == 1


def test_files_that_do_not_say_their_authority_take_the_stores_only_one(work, store):
    from carepath.quality.cli import _settle_authorities
    inbox, workdir = work
    write(inbox, "header_2025.csv", HEADER + "\nA1,F,01/01/2015,WBRI,,,\n")
    returns = discover([inbox], workdir).returns
    with pytest.raises(CarepathError, match=r"header_2025\.csv do not say which authority.*--la"):
        _settle_authorities(store, returns)
    store.execute("INSERT INTO child (child_id, la_code) VALUES ('846/A1', '846'), ('846/B2', '846')")
    _settle_authorities(store, returns)
    assert returns[0].la_code == "846"
    assert returns[0].notes == ["the files do not give an authority; used the store's only one, 846"]
    store.execute("INSERT INTO child (child_id, la_code) VALUES ('201/C3', '201')")
    returns = discover([inbox], workdir).returns
    with pytest.raises(CarepathError, match="do not say which authority"):
        _settle_authorities(store, returns)
