"""``carepath synth`` as a newcomer meets it: it writes what it says, and wrong options are plain messages."""
from __future__ import annotations

import subprocess
import sys
from datetime import date

import openpyxl

from carepath.synth.xlsx import write_workbook


def synth(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "carepath", "synth", *args], capture_output=True, text=True,
                          timeout=300, cwd=cwd)


def test_writes_the_years_asked_for(tmp_path):
    result = synth("--out", str(tmp_path / "out"), "--size", "tiny", "--years", "2023-24..2024-25", "--seed", "3")
    assert result.returncode == 0, result.stderr
    assert "Wrote 1 authority" in result.stdout and "carepath load" in result.stdout
    assert "simulating 2,000 children" in result.stderr           # progress goes to stderr
    cin = sorted(p.name for p in (tmp_path / "out" / "501" / "cin").iterdir())
    assert cin == ["CIN_501_2023-24.xml", "CIN_501_2024-25.xml"]
    two = synth("--out", str(tmp_path / "two"), "--children-population", "1500", "--authorities", "2",
                "--first-year", "2024-25", "--quiet")
    assert two.returncode == 0 and two.stderr == ""
    assert sorted(p.name for p in (tmp_path / "two").iterdir()) == ["501", "502"]


def test_wrong_options_are_messages_not_tracebacks(tmp_path):
    out = str(tmp_path / "x")
    for args, message in (
            (("--size", "tiny", "--children-population", "5000"), "either --size or --children-population"),
            (("--years", "2010-11..2012-13"), "2018-19 to 2025-26"),
            (("--years", "2024-25..2022-23"), "is after the last"),
            (("--years", "2024-26"), "not a financial year"),
            (("--la", "12"), "not a 3-digit LA code"),
            (("--la", "601", "--authorities", "2"), "cannot be used with --authorities"),
            (("--years", "2024-25", "--first-year", "2023-24"), "either --years or --first-year")):
        result = synth("--out", out, *args)
        assert result.returncode == 2, args
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr


def test_xlsx_writer_round_trips_text_numbers_and_dates(tmp_path):
    path = tmp_path / "book.xlsx"
    write_workbook(path, {"List_1": [["Name", "When", "Count"], ["A & <B>", date(2024, 2, 29), 3], [None, None, 2.5]],
                          "Empty": [["Only headers"]]})
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["List_1", "Empty"]
    values = list(book["List_1"].iter_rows(values_only=True))
    assert values[0] == ("Name", "When", "Count")
    assert values[1][0] == "A & <B>" and values[1][1].date() == date(2024, 2, 29) and values[1][2] == 3
    assert values[2] == (None, None, 2.5)
    first = path.read_bytes()
    write_workbook(path, {"List_1": [["Name", "When", "Count"], ["A & <B>", date(2024, 2, 29), 3], [None, None, 2.5]],
                          "Empty": [["Only headers"]]})
    assert path.read_bytes() == first
