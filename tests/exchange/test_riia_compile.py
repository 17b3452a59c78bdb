"""Compiling hand-written RIIA submissions: latest values, history, every problem reported, totals,
rates on a known population, and disclosure control."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from carepath.cli import cli
from carepath.exchange import disclosure, riia_compile, riia_read
from carepath.exchange.riia import CONTEXT_HEADER, MEASURES_HEADER

KNOWN = {"801", "802", "803"}


def write_measures(path: Path, rows: list[list]) -> Path:
    lines = [",".join(MEASURES_HEADER)] + [",".join(str(c) for c in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def full_quarter(la, region, reported, year, q, **values):
    """All 35 measures for a quarter: 10 each unless given (202 = sum of sources 20202-20212)."""
    numbers = [str(n) for n in range(201, 225)] + [str(n) for n in range(20202, 20213)]
    base = {n: 10 for n in numbers}
    base.update({str(k).lstrip("m"): v for k, v in values.items()})
    return [[region, la, f"LA {la}", reported, year, f"Q{q}", n, base[n], ""] for n in numbers]


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "subs"
    d.mkdir()
    return d


def test_the_latest_report_date_wins_and_the_history_keeps_both(folder):
    write_measures(folder / "a.csv", full_quarter("801", "North", "2024-07-20", "2024-25", 1, m202=110))
    write_measures(folder / "a_amended.csv", [["North", "801", "LA 801", "2024-09-01", "2024-25", "Q1", "202", 125, ""]])
    subs = riia_read.read([folder], KNOWN)
    assert subs.problems == []
    assert subs.rows_read == 36 and subs.rows_accepted == 36
    latest = riia_compile.latest(subs.measures)
    assert latest[("801", "2024-25", 1, "202")].value == 125
    assert [r.value for r in subs.measures if r.measure == "202"] == [110, 125]


def test_every_broken_row_is_reported_with_file_and_row(folder):
    write_measures(folder / "broken.csv", [
        ["North", "801", "LA 801", "2024-07-20", "2024-25", "Q1", "202", "12", ""],     # row 2: fine
        ["North", "999", "LA 999", "2024-07-20", "2024-25", "Q1", "202", "12", ""],     # row 3: unknown LA
        ["North", "801", "LA 801", "2024-07-20", "2024-25", "Q1", "202"],               # row 4: malformed
        ["North", "801", "LA 801", "2024-07-20", "2024-25", "Q1", "203", "twelve", ""],  # row 5: not a number
        ["North", "801", "LA 801", "2024-07-20", "2024-25", "Q1", "299", "3", ""],      # row 6: no such measure
        ["North", "801", "LA 801", "2024-07-20", "2024-25", "Q1", "202", "14", ""],     # row 7: conflicts with row 2
        ["North", "801", "LA 801", "20/07/2024", "2024/25", "3", "204", "7", ""],       # row 8: other layouts: fine
        ["North", "801", "LA 801", "2024-07-20", "2024-26", "Q1", "204", "7", ""],      # row 9: bad year
        ["North", "801", "LA 801", "2024-07-20", "2024-25", "Q1", "205", "-2", ""],     # row 10: negative
    ])
    (folder / "notes.csv").write_text("this,is,not\na,riia,file\n")
    subs = riia_read.read([folder], KNOWN)
    found = {(p.file, p.row): p.message for p in subs.problems}
    assert found[("broken.csv", 3)] == "unknown authority code '999'"
    assert found[("broken.csv", 4)] == "malformed row: 7 fields where the header has 9"
    assert found[("broken.csv", 5)] == "measure value 'twelve' for measure 203 is not a number"
    assert found[("broken.csv", 6)] == "measure number '299' does not exist in RIIA 24 (201-224, 20202-20212)"
    assert "different values with the same report date 2024-07-20" in found[("broken.csv", 2)]
    assert "broken.csv row 7: 14" in found[("broken.csv", 7)]
    assert found[("broken.csv", 9)] == "measure year '2024-26' is not a financial year such as 2024-25"
    assert "not a whole number of at least 0" in found[("broken.csv", 10)]
    assert found[("notes.csv", 1)].startswith("not a RIIA submission")
    # nothing silently dropped: 9 rows read = 1 accepted (row 8) + 8 reported
    assert subs.rows_read == 9 and subs.rows_accepted == 1 and subs.rows_reported == 8
    assert subs.measures[0].quarter == 3 and subs.measures[0].report_date == date(2024, 7, 20)


def test_rates_percentages_and_totals():
    subs = riia_read.Submissions(measures=[
        riia_read.MeasureRow("801", "A", "North", date(2024, 7, 1), "2024-25", 1, "202", 200, "", "f", 2),
        riia_read.MeasureRow("801", "A", "North", date(2024, 7, 1), "2024-25", 1, "203", 50, "", "f", 3),
        riia_read.MeasureRow("802", "B", "North", date(2024, 7, 1), "2024-25", 1, "202", 300, "", "f", 2),
        riia_read.MeasureRow("802", "B", "North", date(2024, 7, 1), "2024-25", 1, "203", 60, "", "f", 3),
    ])
    populations = {("801", 2024): 40_000, ("802", 2024): 60_000, ("801", 2023): 1}
    result = riia_compile.compile_figures(subs, populations, {}, {}, rules=None)
    got = {(f.area, f.measure): (f.count, f.derived) for f in result.figures}
    assert got[("801", "202")] == (200, pytest.approx(50.0))           # 200 / 40,000 x 10,000
    assert got[("801", "203")] == (50, pytest.approx(25.0))            # 50 / 200
    assert got[("North", "202")] == (500, pytest.approx(50.0))         # 500 / 100,000 x 10,000
    assert got[("North", "203")] == (110, pytest.approx(22.0))         # 110 / 500
    assert got[("England", "202")][0] == 500


def test_small_counts_are_suppressed_with_complements():
    subs = riia_read.Submissions(measures=[
        riia_read.MeasureRow(la, la, "North", date(2024, 7, 1), "2024-25", 1, m, v, "", "f", 2)
        for la, m, v in [("801", "218", 3), ("802", "218", 25), ("803", "218", 40),
                         ("801", "215", 90), ("802", "215", 210), ("803", "215", 300)]])
    result = riia_compile.compile_figures(subs, {("801", 2024): 10_000}, {}, {}, rules=disclosure.Rules())
    hidden = {(f.area, f.measure) for f in result.figures if f.suppressed}
    # 801's 3 UASC is primary; the region total 68 would give it away, so a second authority (the
    # smallest, 802's 25) is suppressed as its complement; England = North also needs one.
    assert ("801", "218") in hidden and ("802", "218") in hidden
    assert ("801", "215") not in hidden
    rate = next(f for f in result.figures if (f.area, f.measure) == ("801", "218"))
    assert rate.derived_suppressed


def test_compile_command_writes_the_workbook(folder, tmp_path):
    write_measures(folder / "a.csv", full_quarter("801", "North", "2024-07-20", "2024-25", 1))
    write_measures(folder / "b.csv", full_quarter("802", "North", "2024-07-21", "2024-25", 1, m218=2))
    (folder / "ctx.csv").write_text(",".join(CONTEXT_HEADER) + "\nNorth,801,LA 801,2024-07-20,X30,Mosaic\n")
    out = tmp_path / "region.xlsx"
    result = CliRunner().invoke(cli, ["riia", "compile", str(folder), "--out", str(out), "--known", "801,802",
                                      "--store", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 0, result.output
    assert "Read 71 rows: 71 accepted, 0 duplicates kept once, 0 problems" in result.output
    book = load_workbook(out)
    assert {"Read me", "Compiled", "Totals", "2024-25 Q1", "Context", "History", "Problems"} <= set(book.sheetnames)
    compiled = list(book["Compiled"].iter_rows(values_only=True))
    uasc = [r for r in compiled if r[0] == "802" and r[5] == "218"][0]
    assert uasc[7] == "c"
    context = list(book["Context"].iter_rows(values_only=True))
    assert context[1][:5] == ("801", "LA 801", "North", "X30", "Mosaic")


def test_compiling_what_the_export_command_wrote_for_three_synthetic_authorities(tmp_path):
    """Three synthetic authorities exported by `carepath riia export`, an amended re-send and a broken
    file: the compiled workbook holds the engine's counts, the amendment wins, every error is named."""
    from carepath.model import store as store_mod
    from carepath.sources.loader import expand, load_file
    from carepath.synth.generate import generate
    from carepath.synth.params import make_authorities
    generate(make_authorities(3, seed=11, first_year=2023, last_year=2024, size="tiny"), tmp_path / "returns")
    store = tmp_path / "store.duckdb"
    con = store_mod.connect(store)
    for path in expand([tmp_path / "returns"]):
        if path.suffix != ".json":
            assert load_file(con, path).status in ("loaded", "already loaded")
    con.close()
    folder = tmp_path / "submissions"
    runner = CliRunner()
    for la in ("501", "502", "503"):
        result = runner.invoke(cli, ["riia", "export", "--quarter", "2024Q4", "--quarters", "2", "--la", la,
                                     "--report-date", "2025-05-01", "--out", str(folder), "--store", str(store)])
        assert result.exit_code == 0, result.output
    con = store_mod.connect(store, read_only=True)
    engine_counts = {(la, period): int(n) for la, period, n in con.execute(
        "SELECT la_code, period, numerator FROM indicator_result WHERE indicator_id = 'referrals' "
        "AND level = 'authority'").fetchall()}
    con.close()
    # 502 re-sends 2024Q4 referrals a week later with one more (an amendment); a broken file joins the folder
    write_measures(folder / "amended_502.csv", [["", "502", "LA 502", "2025-05-08", "2024-25", "Q4", "202",
                                                 engine_counts[("502", "2024Q4")] + 1, "amended"]])
    write_measures(folder / "broken.csv", [["", "502", "LA 502", "2025-05-08", "2024-25", "Q5", "202", "3", ""],
                                           ["", "999", "LA 999", "2025-05-08", "2024-25", "Q4", "202", "3", ""]])
    out = tmp_path / "region.xlsx"
    result = runner.invoke(cli, ["riia", "compile", str(folder), "--out", str(out), "--no-suppression",
                                 "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "broken.csv row 2: measure quarter 'Q5' is not Q1 to Q4" in result.output
    assert "broken.csv row 3: unknown authority code '999'" in result.output
    compiled = {(r[0], r[3], r[4], r[5]): r[7] for r in load_workbook(out)["Compiled"].iter_rows(min_row=2, values_only=True)}
    assert compiled[("501", "2024-25", "Q4", "202")] == engine_counts[("501", "2024Q4")]
    assert compiled[("503", "2024-25", "Q3", "202")] == engine_counts[("503", "2024Q3")]
    assert compiled[("502", "2024-25", "Q4", "202")] == engine_counts[("502", "2024Q4")] + 1
    history = [r for r in load_workbook(out)["History"].iter_rows(min_row=2, values_only=True)
               if r[0] == "502" and r[5] == "Q4" and r[6] == "202"]
    assert sorted(h[3] for h in history) == ["2025-05-01", "2025-05-08"]
