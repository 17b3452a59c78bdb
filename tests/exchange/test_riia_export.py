"""The RIIA submission files from a hand-built authority: layout, counts and data-quality flags."""
import csv
from datetime import date

from click.testing import CliRunner

from carepath.cli import cli
from carepath.exchange import riia
from carepath.exchange.riia import CONTEXT_HEADER, MEASURES_HEADER, RiiaSettings
from carepath.indicators import periods


def build(world):
    for child in "ABC":
        world.child(child)
    world.referral("A", "2024-05-01")                    # Q1
    world.referral("A", "2024-10-02", source="2A")       # Q3, re-referral within 12 months
    world.referral("B", "2024-11-15", source="6")        # Q3
    world.referral("C", "2024-12-31", source="3A", nfa=True, closure="2024-12-31", reason="RC8")  # Q3, last day
    world.cp_plan("B", "2024-12-01")                     # open at the end of Q3


def test_two_quarters_of_measures_and_the_context(world):
    build(world)
    settings = RiiaSettings("South East", "Testshire", {"X30": "Mosaic", "X31": "2016-06-15"})
    quarters = periods.series(periods.parse("2024Q3"), 2)
    sub = riia.build(world.con, "846", quarters, settings, date(2025, 1, 20))
    assert len(sub.measures) == 2 * 35
    q3 = {row[6]: row for row in sub.measures if row[5] == "Q3"}
    assert q3["202"][:8] == ["South East", "846", "Testshire", "2025-01-20", "2024-25", "Q3", "202", "3"]
    assert q3["203"][7] == "1"                           # A's October referral
    assert q3["20203"][7] == "1" and q3["20208"][7] == "1" and q3["20205"][7] == "1"   # schools, police, health
    assert q3["211"][7] == "1" and q3["210"][7] == "1"
    assert q3["201"][7] == "" and "no contact data loaded" in q3["201"][8]
    q2 = {row[6]: row for row in sub.measures if row[5] == "Q2"}
    assert q2["202"][7] == "0"
    context = {row[4]: row[5] for row in sub.context}
    assert context["X01"] == "Yes"                       # 201: no contacts loaded
    assert context["X02"] == "No"                        # 202: referrals fine
    assert context["X30"] == "Mosaic" and context["X31"] == "2016-06-15" and context["X25"] == ""
    assert list(context) == [f"X{i:02d}" for i in range(1, 32)]


def test_export_command_writes_the_two_files_with_their_headers(world, tmp_path):
    build(world)
    world.con.close()
    settings = tmp_path / "riia.yml"
    settings.write_text("region: South East\nla_name: Testshire\ncontext:\n  X30: Mosaic\n")
    result = CliRunner().invoke(cli, ["riia", "export", "--quarter", "2024Q3", "--settings", str(settings),
                                      "--report-date", "2025-01-20", "--out", str(tmp_path / "out"),
                                      "--store", str(tmp_path / "store.duckdb")])
    assert result.exit_code == 0, result.output
    measures = list(csv.reader(open(tmp_path / "out" / "RIIA_measures_846_2025-01-20.csv")))
    context = list(csv.reader(open(tmp_path / "out" / "RIIA_context_846_2025-01-20.csv")))
    assert measures[0] == MEASURES_HEADER and len(measures) == 36
    assert context[0] == CONTEXT_HEADER and len(context) == 32


def test_quarters_only(world):
    build(world)
    import pytest
    with pytest.raises(riia.RiiaError, match="quarterly"):
        riia.build(world.con, "846", [periods.parse("2024-25")], RiiaSettings(), date(2025, 1, 1))


def test_rejects_of_a_file_holding_several_years_count_for_each_of_its_years(world):
    """A multi-year SSDA903 file's load names its years comma-separated ("2023-24, 2024-25"); its
    rejected rows are a concern for either year's quarters, not only for files of that one year."""
    for batch_id, years, rejects in ((7, "2024-25", 2), (8, "2023-24, 2024-25", 3), (9, "2023-24", 5)):
        world.put("load_batch", batch_id=batch_id, file_name=f"f{batch_id}.csv", format="ssda903_csv",
                  return_year=years, rows_read=10, rows_loaded=10 - rejects, rows_rejected=rejects)
        for n in range(rejects):
            world.put("reject", batch_id=batch_id, reject_no=n + 1, file_name=f"f{batch_id}.csv",
                      table_name="cla_episode", row_ref=f"row {n + 2}", rule="date", reason="bad date")
    # worked by hand: 2024-25 quarters see batch 7 (2) and batch 8 (3) = 5; 2023-24 sees 8 and 9 = 8
    q3 = periods.parse("2024Q3")
    assert riia._concerns(world.con, "846", q3, ("cla_episode",)) == ["5 cla_episode rows rejected on loading 2024-25"]
    earlier = periods.parse("2023Q4")
    assert riia._concerns(world.con, "846", earlier, ("cla_episode",)) == [
        "8 cla_episode rows rejected on loading 2023-24"]
    assert riia._concerns(world.con, "846", periods.parse("2025Q1"), ("cla_episode",)) == []
