"""The data book from a hand-built authority: sheets, last N periods, direction, suppression, definitions."""
from click.testing import CliRunner
from openpyxl import load_workbook

from carepath.cli import cli


def test_board_data_book(world, tmp_path):
    for i in range(12):
        world.child(f"C{i}")
    for i in range(6):                                   # Q2: 6 referrals
        world.referral(f"C{i}", "2024-08-01")
    for i in range(6, 12):                               # Q3: 6 referrals, 2 of them re-referrals
        world.referral(f"C{i}", "2024-10-01")
    world.referral("C0", "2024-11-01")
    world.referral("C1", "2024-11-02")
    world.con.close()
    out = tmp_path / "book.xlsx"
    result = CliRunner().invoke(cli, ["report", "databook", "--set", "board", "--periods", "2", "--period", "2024Q3",
                                      "--out", str(out), "--store", str(tmp_path / "store.duckdb")])
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert book.sheetnames[0] == "About" and book.sheetnames[-1] == "Definitions"
    front = book["Front door"]
    header = [c.value for c in front[1]]
    assert header[4:6] == ["2024Q2", "2024Q3"] and header[-2:] == ["Target", "Commentary"]
    rows = {r[0]: r for r in front.iter_rows(min_row=2, values_only=True)}
    # board 4, repeat referrals: Q2 0 of 6 = 0%; Q3 2 of 8 = 25% -> but 2 is a small count: 'c'
    assert rows["4"][4] == 0.0 and rows["4"][5] == "c"
    assert not rows["4"][6]                              # no direction shown beside a suppressed figure
    # board 2, contacts: none loaded, so no figure rather than zero
    assert rows["2"][4] is None
    definitions = {r[1]: r for r in book["Definitions"].iter_rows(min_row=2, values_only=True)}
    assert "12 calendar months" in definitions["re_referrals_12m"][7]
