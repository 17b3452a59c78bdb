"""Synthetic returns against the DfE rules: clean but for the known issues, and every injected error found.

The returns are checked by `carepath validate` itself (the field's own validators, in their own
environment), as a newcomer runs it; the issues are read back from the store it writes.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import duckdb
import pytest

from carepath.quality.environment import ValidatorsEnvError, env_root, find_env
from carepath.synth.inject import INJECTIONS
from carepath.synth.known_issues import KNOWN_ISSUES, known_issue

pytestmark = pytest.mark.validators


@pytest.fixture(scope="module")
def validators_env():
    try:
        return find_env()
    except ValidatorsEnvError:
        pytest.skip(f"the DfE validators' environment is not set up at {env_root()}: create it with "
                    "`bash scripts/setup-validators.sh` or point CAREPATH_VALIDATORS_ENV at one")


def carepath(*args):
    done = subprocess.run([sys.executable, "-m", "carepath", *map(str, args)], capture_output=True, text=True,
                          env=dict(os.environ), timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def validated(tmp_path_factory, size: str, seed: int, inject: int, years: list[str]) -> dict:
    """Write one authority, validate its last CIN census and the 903 returns of ``years`` (each with the
    year before it where that is among them); the issues, the truth and what validate printed."""
    out = tmp_path_factory.mktemp(f"synth_{size}")
    carepath("synth", "--out", out, "--size", size, "--seed", seed, "--inject-errors", inject, "--quiet")
    la = out / "501"
    store = out / "store.duckdb"
    printed = carepath("validate", la / "cin" / "CIN_501_2024-25.xml", *[la / "ssda903" / y for y in years],
                       "--la", "501", "--store", store)
    con = duckdb.connect(str(store), read_only=True)
    issues = con.execute("""SELECT r.return_kind, r.return_year, i.rule_code, i.local_child_id, i.table_name
                            FROM validation_issue i JOIN validation_run r USING (run_id)""").fetchall()
    runs = con.execute("SELECT return_kind, return_year, status FROM validation_run ORDER BY run_id").fetchall()
    con.close()
    truth = json.loads((la / "truth.json").read_text())
    return {"issues": issues, "runs": runs, "truth": truth, "printed": printed}


@pytest.fixture(scope="module")
def clean(validators_env, tmp_path_factory):
    # 2022-23 is there to be the previous year of 2023-24, the year rule 230 began asking H5 placements for URNs
    return validated(tmp_path_factory, "small", 7, 0, ["2022-23", "2023-24", "2024-25"])


@pytest.fixture(scope="module")
def injected(validators_env, tmp_path_factory):
    return validated(tmp_path_factory, "tiny", 3, len(INJECTIONS), ["2023-24", "2024-25"])


def unexplained(result) -> list:
    injected = {(e["rule_code"], e["child"]) for e in result["truth"]["injected_errors"]}
    return [i for i in result["issues"]
            if (i[2], i[3]) not in injected and known_issue(i[0], i[1], i[2]) is None]


def test_a_small_synthetic_authority_breaks_no_rule_but_the_known_ones(clean):
    assert [(kind, year, status) for kind, year, status in clean["runs"]] == [
        ("cin", "2024-25", "completed"), ("903", "2022-23", "completed"), ("903", "2023-24", "completed"),
        ("903", "2024-25", "completed")]
    assert clean["truth"]["injected_errors"] == []
    assert unexplained(clean) == []
    # before the generator wrote each child alike across years (and the 2024-25 recoding of SEX was
    # compared as such), rule 202 flagged 199 children of this very authority
    assert not [i for i in clean["issues"] if i[2] in ("202", "191", "503F") and i[1] != "2023-24"]


def test_every_known_issue_says_why(clean):
    for issue in KNOWN_ISSUES:
        assert issue.kind in ("903", "cin") and issue.rules and len(issue.reason) > 60
    # the known issues it does raise are explained where the summary is printed
    assert "LA 501 is a synthetic authority (carepath synth):" in clean["printed"]
    # its postcodes are real ones of the area it stands in for: the rules that derive a placement's area
    # and distance from them (169, 179, 392a, 392c: 1,141 issues in 2022-23 when they were made up) pass
    assert not [i for i in clean["issues"] if i[2] in ("169", "179", "392a", "392c")]
    # and validate compares placements with that area, so the three area rules (1015, 229, 411) run
    area = f"{clean['truth']['stands_in_for']} ({clean['truth']['ons_code']})"
    assert f"placements compared with {area}, the real area synthetic LA 501 stands in for" in clean["printed"]
    assert "compare placements with the authority's own area and were not run" not in clean["printed"]


def test_every_injected_error_is_found_and_nothing_else_new(injected):
    planted = injected["truth"]["injected_errors"]
    assert len(planted) == len(INJECTIONS)
    assert len({e["child"] for e in planted}) == len(planted)
    found = {(kind, rule, child) for kind, _, rule, child, _ in injected["issues"]}
    for error in planted:
        kind = "cin" if error["return"] == "CIN census" else "903"
        assert (kind, error["rule_code"], error["child"]) in found, error
    assert unexplained(injected) == []
    count = sum(1 for e in planted if e["return"] == "CIN census")
    assert f"{count} issues are errors carepath synth injected on purpose (listed in truth.json, " \
           "injected_errors)" in injected["printed"]
