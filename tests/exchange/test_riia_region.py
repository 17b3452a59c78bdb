"""The region's compilation back in an authority's store: the quality-check column, the compiled
CSV, `carepath riia import` and the comparison with the region and with similar-context authorities.

Three authorities of one region, worked by hand:

* 801 sends referrals (202) of 10, 10 and 30 in Q1-Q3 2024-25: Q3 is 20 away from the mean 10 of
  its previous two quarters, more than 50% and more than 5, so it is outside its own history.
* 802 sends 10 everywhere but 209 = 12 in Q3 with 208 = 10: numerator above denominator.
* 803 sends Q1 and Q3 only: Q2 is a missing quarter.
* Context X25-X29: 802 gives 801's answers but for X29 (4 of 5: similar); 803 differs in two.
"""
from __future__ import annotations

import csv
import subprocess
import sys

from click.testing import CliRunner

from carepath.cli import cli
from carepath.exchange import riia_region
from carepath.exchange.riia import CONTEXT_HEADER
from carepath.model import store as store_mod
from tests.exchange.test_riia_compile import full_quarter, write_measures

ANSWERS = {"801": ["Social care only", "Yes", "Child", "No", "Yes"],
           "802": ["Social care only", "Yes", "Child", "No", "No"],
           "803": ["Wider", "Yes", "Family", "No", "Yes"]}


def compile_region(tmp_path, *extra):
    folder = tmp_path / "subs"
    folder.mkdir()
    rows = []
    for q, referrals in ((1, 10), (2, 10), (3, 30)):
        rows += full_quarter("801", "North", "2025-01-20", "2024-25", q, m202=referrals)
    rows += full_quarter("802", "North", "2025-01-20", "2024-25", 1)
    rows += full_quarter("802", "North", "2025-01-20", "2024-25", 2)
    rows += full_quarter("802", "North", "2025-01-20", "2024-25", 3, m209=12)
    rows += full_quarter("803", "North", "2025-01-20", "2024-25", 1)
    rows += full_quarter("803", "North", "2025-01-20", "2024-25", 3)
    write_measures(folder / "measures.csv", rows)
    context = [",".join(CONTEXT_HEADER)] + [f"North,{la},LA {la},2025-01-20,X{25 + i},{answer}"
                                            for la, answers in ANSWERS.items() for i, answer in enumerate(answers)]
    (folder / "context.csv").write_text("\n".join(context) + "\n", encoding="utf-8")
    out = tmp_path / "region.xlsx"
    result = CliRunner().invoke(cli, ["riia", "compile", str(folder), "--out", str(out), "--known", "801,802,803",
                                      "--no-suppression", "--store", str(tmp_path / "none.duckdb"), *extra])
    assert result.exit_code == 0, result.output
    return out


def test_the_quality_check_column_and_the_compiled_csv(tmp_path):
    out = compile_region(tmp_path)
    rows = list(csv.DictReader(open(tmp_path / "region.csv", encoding="utf-8")))
    check = {(r["LA code"], r["Measure quarter"], r["Measure no."]): r["Quality check"] for r in rows}
    assert check[("801", "Q3", "202")].startswith("outside the authority's own history: 30 against a mean of 10.0")
    assert check[("801", "Q2", "202")] == ""                     # only one earlier quarter: no history check
    assert check[("802", "Q3", "209")] == "numerator above denominator: 209 (12) is more than 208 (10)"
    assert check[("802", "Q3", "208")] == ""
    assert check[("803", "Q2", "202")] == "quarter missing: nothing sent"
    assert check[("803", "Q3", "202")] == ""                     # 10 against 10
    flagged = [k for k, v in check.items() if v]
    # 801's 202 and 802's 209 (count checks), 35 measures of 803's Q2; 801's 20202-20212 stay 10 each
    assert len(flagged) == 2 + 35
    assert (tmp_path / "region_context.csv").exists() and out.exists()


def test_import_and_compare_with_the_region_and_similar_context(tmp_path):
    out = compile_region(tmp_path)
    store = tmp_path / "store.duckdb"
    runner = CliRunner()
    result = runner.invoke(cli, ["riia", "import", str(out), "--store", str(store)])
    assert result.exit_code == 0, result.output
    # 3 + 3 + 3 quarters x 35 measures (803's Q2 as a row without a figure); 3 x 5 context answers
    assert "Imported 315 compiled figures and 15 context answers" in result.output
    con = store_mod.connect(store, read_only=True)
    assert riia_region.similar_authorities(con, "801") == ["802"]
    got = riia_region.compare(con, "801", "202", "2024-25", 3)
    by = {p.la_code: p for p in got.places}
    # 801 30, 802 10, 803 10: ranks 1, 2, 2; region median 10; similar (802 only) median 10
    assert (by["801"].rank, by["802"].rank, by["803"].rank) == (1, 2, 2)
    assert got.region_median == 10 and got.similar_median == 10
    assert by["801"].own and by["802"].similar and not by["803"].similar
    hidden = riia_region.compare(con, "801", "202", "2024-25", 3, anonymise=True)
    assert [p.name for p in hidden.places] == ["LA 801", "Authority A", "Authority B"]
    assert [p.la_code for p in hidden.places] == ["801", "", ""]
    con.close()
    # the CSV imports the same figures (re-importing replaces them, nothing doubles)
    result = runner.invoke(cli, ["riia", "import", str(tmp_path / "region.csv"), "--store", str(store)])
    assert result.exit_code == 0, result.output
    con = store_mod.connect(store, read_only=True)
    assert con.execute("SELECT count(*) FROM riia_region").fetchone()[0] == 315
    con.close()
    result = runner.invoke(cli, ["riia", "compare", "--la", "801", "--measure", "202", "--quarter", "2024Q3",
                                 "--out", str(tmp_path / "cmp.csv"), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "region median 10" in result.output


def test_a_file_that_is_not_a_compilation_is_refused_and_changes_nothing(tmp_path):
    bad = tmp_path / "other.csv"
    bad.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    store = tmp_path / "store.duckdb"
    # as a user runs it: a message, no traceback
    result = subprocess.run([sys.executable, "-m", "carepath", "riia", "import", str(bad), "--store", str(store)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "header is not LA code" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr + result.stdout
    store_mod.connect(store).close()
    con = store_mod.connect(store, read_only=True)
    assert con.execute("SELECT count(*) FROM riia_region").fetchone()[0] == 0
    con.close()


def names_shown(store) -> list[str]:
    con = store_mod.connect(store, read_only=True)
    try:
        return [p.name for p in riia_region.compare(con, "801", "202", "2024-25", 3).places]
    finally:
        con.close()


def test_the_regions_settings_anonymise_unless_the_flag_says_otherwise(tmp_path):
    # the co-ordinator's settings say anonymise: the workbook's Settings sheet and region_settings.csv carry it
    settings = tmp_path / "region.yml"
    settings.write_text("anonymise: yes\n", encoding="utf-8")
    out = compile_region(tmp_path, "--region-settings", str(settings))
    assert (tmp_path / "region_settings.csv").read_text(encoding="utf-8").splitlines() == ["Setting,Value",
                                                                                           "anonymise,yes"]
    assert riia_region.compilation_settings(out) == {"anonymise": True}
    runner = CliRunner()
    for path, flag, expected, why in (
            (out, [], ["LA 801", "Authority A", "Authority B"], "anonymised (the region's settings)"),
            (tmp_path / "region.csv", [], ["LA 801", "Authority A", "Authority B"], "anonymised (the region's settings)"),
            (out, ["--named"], ["LA 801", "LA 802", "LA 803"], "named (--named)")):
        store = tmp_path / f"store{len(flag)}{path.suffix}.duckdb"
        result = runner.invoke(cli, ["riia", "import", str(path), "--store", str(store), *flag])
        assert result.exit_code == 0, result.output
        assert why in result.output
        assert names_shown(store) == expected


def test_without_settings_authorities_are_named_and_the_flag_anonymises(tmp_path):
    out = compile_region(tmp_path)
    assert riia_region.compilation_settings(out) == {}
    runner = CliRunner()
    result = runner.invoke(cli, ["riia", "import", str(out), "--store", str(tmp_path / "a.duckdb")])
    assert "named (no region settings in the compilation)" in result.output
    assert names_shown(tmp_path / "a.duckdb") == ["LA 801", "LA 802", "LA 803"]
    result = runner.invoke(cli, ["riia", "import", str(out), "--store", str(tmp_path / "b.duckdb"), "--anonymise"])
    assert names_shown(tmp_path / "b.duckdb") == ["LA 801", "Authority A", "Authority B"]


def test_a_bad_settings_file_is_refused_with_a_reason(tmp_path):
    settings = tmp_path / "region.yml"
    settings.write_text("anonymise: sometimes\n", encoding="utf-8")
    # as a user runs it: a message, no traceback
    result = subprocess.run([sys.executable, "-m", "carepath", "riia", "compile", str(tmp_path), "--out",
                             str(tmp_path / "r.xlsx"), "--region-settings", str(settings), "--store",
                             str(tmp_path / "n.duckdb")], capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "anonymise is yes or no, not 'sometimes'" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr + result.stdout
