"""Figures that know their history: source coverage from the loaded returns, and figures whose
period or look-back reaches outside it marked "incomplete history".

The stores here are made by loading small CIN census files written in the test (and, for a local
extract, a CSV), so coverage comes from real loads exactly as a user's store would have it.
"""
from __future__ import annotations

from datetime import date

import pytest

from carepath.indicators import catalogue, coverage, engine, periods
from carepath.sources.loader import load_file

pytestmark = pytest.mark.filterwarnings("ignore")


def census(path, year: int, referrals: dict[str, list[tuple[str, str | None]]]):
    """A CIN census for the year ending 31 March ``year``: each child's referrals (date, closure)."""
    children = []
    for child, items in referrals.items():
        details = "".join(
            f"<CINdetails><CINreferralDate>{start}</CINreferralDate><ReferralSource>1A</ReferralSource>"
            f"<PrimaryNeedCode>N1</PrimaryNeedCode><ReferralNFA>false</ReferralNFA>"
            + (f"<CINclosureDate>{end}</CINclosureDate><ReasonForClosure>RC8</ReasonForClosure>" if end else "")
            + "</CINdetails>" for start, end in items)
        children.append(f"<Child><ChildIdentifiers><LAchildID>{child}</LAchildID><UPN>A00000000001{len(children)}"
                        f"</UPN><PersonBirthDate>2015-01-01</PersonBirthDate><Sex>F</Sex></ChildIdentifiers>"
                        f"<ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>{details}</Child>")
    path.write_text(
        "<?xml version='1.0' encoding='UTF-8'?><Message><Header><CollectionDetails><Collection>CIN</Collection>"
        f"<Year>{year}</Year><ReferenceDate>{year}-03-31</ReferenceDate></CollectionDetails>"
        "<Source><SourceLevel>L</SourceLevel><LEA>846</LEA></Source></Header>"
        f"<Children>{''.join(children)}</Children></Message>", encoding="utf-8")
    return path


def load(store, path):
    result = load_file(store, path)
    assert result.status == "loaded" and result.rows_rejected == 0, result.message
    return result


def figure(store, indicator_id: str, period: str):
    engine.run(store, [catalogue.get(indicator_id)], [periods.parse(period)], levels=("authority",))
    return store.execute("SELECT numerator, denominator, incomplete_history, history_note FROM indicator_result "
                         "WHERE indicator_id = ? AND period = ? AND level = 'authority'",
                         [indicator_id, period]).fetchone()


@pytest.fixture
def two_years(store, tmp_path):
    """Two censuses, 2023-24 and 2024-25. Referrals (start, closure):

    2023-24: A 2023-05-01 (closed 2023-06-30), B 2023-09-01 (closed 2023-12-01), A 2024-01-15
    (closed 2024-03-01): A's second is a re-referral within 12 months of her first.
    2024-25: C 2024-06-01 (closed 2024-07-01), C 2024-10-01, A 2024-11-01: C's second is a
    re-referral (4 months), and A's 2024-11-01 is one (under 10 months after 2024-01-15, a referral
    the store holds from the 2023-24 census).
    """
    load(store, census(tmp_path / "cin_2023_24.xml", 2024, {
        "A": [("2023-05-01", "2023-06-30"), ("2024-01-15", "2024-03-01")], "B": [("2023-09-01", "2023-12-01")]}))
    load(store, census(tmp_path / "cin_2024_25.xml", 2025, {
        "C": [("2024-06-01", "2024-07-01"), ("2024-10-01", None)], "A": [("2024-11-01", None)]}))
    return store


def test_the_store_covers_the_two_census_years_as_one_stretch(two_years):
    found = {(t, f, u) for la, t, f, u in coverage.source_coverage(two_years) if la == "846"}
    # 2023-24 (1 April 2023 to 31 March 2024) and 2024-25 meet, so they are one stretch
    assert ("referral", date(2023, 4, 1), date(2025, 3, 31)) in found
    assert ("child", date(2023, 4, 1), date(2025, 3, 31)) in found


def test_a_re_referral_figure_is_incomplete_in_the_first_year_and_complete_in_the_second(two_years):
    # 2023-24: re-referrals within 12 months look back to 1 April 2022, a year before the first
    # census: 1 of 3 (A's second), counted, but marked, since a referral of 2022-23 is not loaded
    numerator, denominator, incomplete, note = figure(two_years, "re_referrals_12m", "2023-24")
    assert (numerator, denominator, incomplete) == (1, 3, True)
    assert note == ("needs referral data from 1 April 2022 to 31 March 2024 "
                    "(loaded: 1 April 2023 to 31 March 2025)")
    # 2024-25: the look-back (from 1 April 2023) is inside the loaded years: 2 of 3, complete
    assert figure(two_years, "re_referrals_12m", "2024-25") == (2, 3, False, None)


def test_a_longer_look_back_is_incomplete_where_a_shorter_one_is_not(two_years):
    # 24 months before 1 April 2024 is 1 April 2022: before the first census
    assert figure(two_years, "re_referrals_24m", "2024-25")[2] is True
    # "ever" (previous CP plans) is never covered by two years, even with no plans: no cp_plan rows
    # at all is the "no data loaded" note instead, not incomplete history
    assert figure(two_years, "repeat_cp_plans", "2024-25")[2:] == (False, None)


def test_a_period_outside_the_loaded_years_is_incomplete_whatever_its_look_back(two_years):
    # referrals have no look-back; 2025-26 is after the latest census, 2022-23 before the first
    assert figure(two_years, "referrals", "2024Q4")[2] is False
    assert figure(two_years, "referrals", "2025Q1")[2:] == (
        True, "needs referral data from 1 April 2025 to 30 June 2025 (loaded: 1 April 2023 to 31 March 2025)")
    assert figure(two_years, "referrals", "2022-23")[2] is True


def test_a_missing_year_between_two_loaded_years_is_a_gap(store, tmp_path):
    load(store, census(tmp_path / "a.xml", 2023, {"A": [("2022-05-01", "2022-06-01")]}))
    load(store, census(tmp_path / "b.xml", 2025, {"A": [("2024-05-01", None)]}))
    assert [(f, u) for la, t, f, u in coverage.source_coverage(store) if t == "referral"] == [
        (date(2022, 4, 1), date(2023, 3, 31)), (date(2024, 4, 1), date(2025, 3, 31))]
    # 2024-25 looking back 12 months needs 2023-24, which was not loaded
    numerator, denominator, incomplete, note = figure(store, "re_referrals_12m", "2024-25")
    assert incomplete is True
    assert "loaded: 1 April 2022 to 31 March 2023 and 1 April 2024 to 31 March 2025" in note


def test_a_snapshot_looks_back_from_the_day_after_its_period_ends():
    # cla_lasting_2y: more than 2 years in care at 31 March 2025 needs episodes from 1 April 2023
    ind = catalogue.get("cla_lasting_2y")
    assert (ind.lookback_months, ind.lookback_from) == (24, "period_end")
    assert catalogue.parse_lookback("2 years before the period start") == (24, "period_start")
    assert catalogue.parse_lookback("ever") == (216, None)
    with pytest.raises(catalogue.LookbackError, match="lookback 'a while'"):
        catalogue.parse_lookback("a while")


def test_multi_year_and_unparseable_return_years():
    assert coverage.return_years("2022-23, 2023-24") == [(date(2022, 4, 1), date(2023, 3, 31)),
                                                          (date(2023, 4, 1), date(2024, 3, 31))]
    assert coverage.return_years("2023-25") == [] and coverage.return_years(None) == []


def test_the_exports_and_the_data_book_say_which_figures_are_incomplete(two_years, tmp_path):
    import csv

    import pyarrow.parquet as pq
    from click.testing import CliRunner
    from openpyxl import load_workbook

    from carepath.cli import cli
    two_years.close()
    store = str(tmp_path / "store.duckdb")
    result = CliRunner().invoke(cli, ["indicators", "run", "--indicator", "re_referrals_12m", "--period", "2024-25",
                                      "--periods", "2", "--out", str(tmp_path / "out"), "--store", store])
    assert result.exit_code == 0, result.output
    assert "1 figures have an incomplete history" in result.output
    with open(tmp_path / "out" / "results.csv", encoding="utf-8") as handle:
        rows = {r["period"]: r for r in csv.DictReader(handle)}
    assert (rows["2023-24"]["incomplete_history"], rows["2024-25"]["incomplete_history"]) == ("True", "False")
    assert rows["2023-24"]["history_note"].startswith("needs referral data from 1 April 2022")
    # the printed summary (read back from the store by SQL) is the last period's authority figure only
    printed = [line for line in result.output.splitlines() if "re_referrals_12m" in line]
    assert "2024-25, authority level:" in result.output and len(printed) == 1
    assert f"n={float(rows['2024-25']['numerator']):.0f}" in printed[0] and "INCOMPLETE" not in printed[0]
    parquet = {r["period"]: r["incomplete_history"] for r in pq.read_table(tmp_path / "out" / "results.parquet").to_pylist()}
    assert parquet == {"2023-24": True, "2024-25": False}
    sheet = load_workbook(tmp_path / "out" / "results.xlsx").active
    header = [c.value for c in sheet[1]]
    flags = {r[header.index("period")]: r[header.index("incomplete_history")] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert flags == {"2023-24": True, "2024-25": False}

    book_path = tmp_path / "book.xlsx"
    result = CliRunner().invoke(cli, ["report", "databook", "--set", "board", "--period", "2024-25", "--periods", "2",
                                      "--no-suppression", "--out", str(book_path), "--store", store])
    assert result.exit_code == 0, result.output
    front = load_workbook(book_path)["Front door"]
    header = [c.value for c in front[1]]
    row = next(r for r in front.iter_rows(min_row=2) if r[0].value == "4")   # board 4: re-referrals in 12 months
    earlier, later = row[header.index("2023-24")], row[header.index("2024-25")]
    # 1 of 3 = 33.3% in 2023-24 (greyed, with a comment); 2 of 3 = 66.7% in 2024-25 (plain)
    assert (earlier.value, later.value) == (33.3, 66.7)
    assert earlier.font.italic and "needs referral data from 1 April 2022" in earlier.comment.text
    assert later.comment is None and not later.font.italic
    assert row[header.index("Incomplete history")].value.startswith("2023-24: needs referral data")
    assert row[header.index("Direction")].value == "up, worse (incomplete history)"


def test_show_prints_the_look_back():
    from click.testing import CliRunner

    from carepath.cli import cli
    result = CliRunner().invoke(cli, ["indicators", "show", "re_referrals_24m"])
    assert result.exit_code == 0, result.output
    assert "look-back: 24 months, counted back from the period's first day" in result.output
    snapshot = CliRunner().invoke(cli, ["indicators", "show", "cla_lasting_2y"]).output
    assert "look-back: 24 months, counted back from the day after the period ends" in snapshot
    assert "look-back" not in CliRunner().invoke(cli, ["indicators", "show", "referrals"]).output


def test_a_local_extract_covers_the_dates_its_rows_hold(store, tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_text("child_id,contact_date,source\nA,2024-05-03,1A\nB,2024-11-20,2B\nC,2024-08-01,1A\n")
    result = load_file(store, path, la_code="846")
    assert result.status == "loaded" and result.rows_rejected == 0, result.message
    # the earliest to the latest contact date: 3 May to 20 November 2024
    assert [(t, f, u) for la, t, f, u in coverage.source_coverage(store) if t == "contact"] == [
        ("contact", date(2024, 5, 3), date(2024, 11, 20))]
    assert figure(store, "contacts", "2024Q1")[2] is True        # 1 April to 30 June: starts before 3 May
    assert figure(store, "contacts", "2024Q2")[2:] == (False, None)   # July to September: inside
    assert figure(store, "contacts", "2024Q3")[2] is True        # October to December: ends after 20 November


def test_an_annex_a_covers_the_12_months_up_to_its_latest_date(world):
    # an Annex A load (recorded as the loader records one) whose latest date is 13 May 2025: it
    # covers 14 May 2024 to 13 May 2025, whatever earlier dates its rows hold (a child's current
    # episode may have started years before)
    world.child("A")
    world.referral("A", "2022-01-10")
    world.referral("A", "2025-05-13")
    con = world.con
    con.execute("UPDATE referral SET batch_id = 7")
    con.execute("""INSERT INTO load_batch (batch_id, la_code, file_name, format, return_year, rows_read, rows_loaded,
                   rows_rejected) VALUES (7, '846', 'annex_a.xlsx', 'annex-a-xlsx', NULL, 2, 2, 0)""")
    con.execute("INSERT INTO load_count VALUES (7, 'referral', 2, 2, 0)")
    assert coverage.source_coverage(con) == [("846", "referral", date(2024, 5, 14), date(2025, 5, 13))]


def test_ever_previous_plans_need_a_whole_childhood_of_history(world):
    # two plans of one child in a store whose CP plans come from the 2023-24 and 2024-25 censuses:
    # "ever" looks 18 years back from 1 April 2024, to 1 April 2006, so 2024-25 is incomplete
    world.child("A")
    world.cp_plan("A", "2023-06-01", "2023-12-01")
    world.cp_plan("A", "2024-06-01")
    con = world.con
    con.execute("UPDATE cp_plan SET batch_id = 4")       # the later census last wrote both
    con.execute("""INSERT INTO load_batch (batch_id, la_code, file_name, format, return_year, rows_read, rows_loaded,
                   rows_rejected) VALUES (3, '846', 'cin_2024.xml', 'cin-census-xml', '2023-24', 1, 1, 0),
                                         (4, '846', 'cin_2025.xml', 'cin-census-xml', '2024-25', 2, 2, 0)""")
    con.execute("INSERT INTO load_count VALUES (3, 'cp_plan', 1, 1, 0), (4, 'cp_plan', 2, 2, 0)")
    numerator, denominator, incomplete, note = figure(con, "repeat_cp_plans", "2024-25")
    assert (numerator, denominator, incomplete) == (1, 1, True)      # the 2024 plan follows the 2023 one
    assert note == "needs cp_plan data from 1 April 2006 to 31 March 2025 (loaded: 1 April 2023 to 31 March 2025)"
    # within two years needs only from 1 April 2022: still before the first census
    assert figure(con, "repeat_cp_plans_2y", "2024-25")[2] is True
    assert figure(con, "cp_again_12m", "2024-25")[2:] == (False, None)   # from 1 April 2023: covered


def test_the_coverage_command_prints_and_writes_the_stretches(two_years, tmp_path):
    from click.testing import CliRunner
    from openpyxl import load_workbook

    from carepath.cli import cli
    two_years.close()
    out = tmp_path / "coverage.xlsx"
    result = CliRunner().invoke(cli, ["indicators", "coverage", "--out", str(out),
                                      "--store", str(tmp_path / "store.duckdb")])
    assert result.exit_code == 0, result.output
    assert "846  referral             1 April 2023 to 31 March 2025" in result.output
    rows = list(load_workbook(out).active.iter_rows(min_row=2, values_only=True))
    assert ("846", "referral") in {(r[0], r[1]) for r in rows}
    refused = CliRunner().invoke(cli, ["indicators", "coverage", "--out", str(tmp_path / "c.txt"),
                                       "--store", str(tmp_path / "store.duckdb")])
    assert refused.exit_code != 0 and "give a .csv or .xlsx file name" in str(refused.exception)
    assert refused.output == ""
