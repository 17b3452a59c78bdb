"""`carepath synth --inject-errors N`: the values spoilt on purpose are where truth.json says (no validator needed)."""
from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys

from carepath.synth.inject import INJECTIONS


def test_injected_errors_are_written_where_truth_json_says(tmp_path):
    count = len(INJECTIONS) + 1  # one more than the kinds: the first kind comes round again
    done = subprocess.run([sys.executable, "-m", "carepath", "synth", "--out", str(tmp_path), "--size", "tiny",
                           "--seed", "5", "--years", "2023-24..2024-25", "--inject-errors", str(count), "--quiet"],
                          capture_output=True, text=True, env=dict(os.environ), timeout=300)
    assert done.returncode == 0, done.stderr
    la = tmp_path / "501"
    injected = json.loads((la / "truth.json").read_text())["injected_errors"]
    assert len(injected) == count
    assert len({e["child"] for e in injected}) == count          # each in a different child
    assert [e["rule_code"] for e in injected] == [i.rule for i in INJECTIONS] + [INJECTIONS[0].rule]
    for error in injected:
        assert error["year"] == "2024-25"
        if error["return"] == "SSDA903":
            with open(la / "ssda903" / "2024-25" / f"{error['table']}.csv", newline="", encoding="utf-8") as handle:
                rows = [r for r in csv.DictReader(handle) if r["CHILD"] == error["child"]]
            assert error["value"] in [r[error["field"]] for r in rows], error
        else:
            text = (la / "cin" / "CIN_501_2024-25.xml").read_text(encoding="utf-8")
            [child] = [m.group(0) for m in re.finditer(r"<Child>.*?</Child>", text, re.S)
                       if f"<LAchildID>{error['child']}</LAchildID>" in m.group(0)]
            assert f"<{error['field']}>{error['value']}</{error['field']}>" in child, error
    # the year before is untouched
    earlier = (la / "cin" / "CIN_501_2023-24.xml").read_text(encoding="utf-8")
    assert "<ReferralSource>9Z</ReferralSource>" not in earlier


def test_without_the_option_nothing_is_injected(tiny_dir):
    assert json.loads((tiny_dir / "truth.json").read_text())["injected_errors"] == []
