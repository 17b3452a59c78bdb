"""The validators' environment: missing, incomplete or broken is a message that says how to fix it."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from carepath.model import store as store_mod
from carepath.quality.environment import (ValidatorFailed, ValidatorsEnvError, env_root, find_env,
                                          nearest_pack)
from carepath.quality.returns import Return
from carepath.quality.validators import validate_return


def fake_env(root: Path, python_script: str) -> Path:
    """A folder shaped like the validators' environment whose 'python' is a shell script."""
    (root / "bin").mkdir(parents=True)
    python = root / "bin" / "python"
    python.write_text("#!/bin/sh\n" + python_script)
    python.chmod(0o755)
    site = root / "lib" / "python3.11" / "site-packages"
    for package, pack in (("lac_validator", "lac2023_24"), ("lac_validator", "lac2025_26"),
                          ("cin_validator", "cin2024_25")):
        (site / package / "rules" / pack).mkdir(parents=True)
        (site / package / "rules" / pack / "__init__.py").write_text("")
    return root


def test_a_missing_environment_says_how_to_create_it(tmp_path, monkeypatch):
    monkeypatch.setenv("CAREPATH_VALIDATORS_ENV", str(tmp_path / "nowhere"))
    with pytest.raises(ValidatorsEnvError) as caught:
        find_env()
    message = str(caught.value)
    assert f"not set up (looked in {tmp_path / 'nowhere'})" in message
    assert "bash scripts/setup-validators.sh" in message and "CAREPATH_VALIDATORS_ENV" in message


def test_the_default_place_is_in_the_users_cache(monkeypatch):
    monkeypatch.delenv("CAREPATH_VALIDATORS_ENV", raising=False)
    assert env_root() == Path.home() / ".cache" / "carepath" / "validators-env"


def test_an_environment_without_the_validators_is_incomplete(tmp_path, monkeypatch):
    (tmp_path / "env" / "bin").mkdir(parents=True)
    (tmp_path / "env" / "bin" / "python").write_text("")
    monkeypatch.setenv("CAREPATH_VALIDATORS_ENV", str(tmp_path / "env"))
    with pytest.raises(ValidatorsEnvError, match=r"(?s)is incomplete .*bash scripts/setup-validators.sh"):
        find_env()


def test_the_command_says_so_plainly(tmp_path):
    env = dict(os.environ, CAREPATH_VALIDATORS_ENV=str(tmp_path / "nowhere"))
    sample = Path(__file__).resolve().parents[1] / "fixtures" / "quality" / "cin_breaches_2024_25.xml"
    done = subprocess.run([sys.executable, "-m", "carepath", "validate", str(sample), "--store",
                           str(tmp_path / "s.duckdb")], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 2
    assert "DfE validators' environment is not set up" in done.stderr
    assert "bash scripts/setup-validators.sh" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_rule_packs_are_listed_and_the_nearest_chosen(tmp_path, monkeypatch):
    monkeypatch.setenv("CAREPATH_VALIDATORS_ENV", str(fake_env(tmp_path / "env", "exit 0\n")))
    env = find_env()
    assert env.packs("903") == ["lac2023_24", "lac2025_26"] and env.packs("cin") == ["cin2024_25"]
    packs = env.packs("903")
    assert nearest_pack("903", "2025-26", packs) == ("lac2025_26", None)
    assert nearest_pack("903", "2016-17", packs)[0] == "lac2023_24"
    assert nearest_pack("903", "2030-31", packs)[0] == "lac2025_26"
    # 2024-25 is one year from both: the later pack (closer to the rules as they now are) wins
    pack, note = nearest_pack("903", "2024-25", packs)
    assert pack == "lac2025_26"
    assert note == "the validator has no rule pack for 2024-25 (it has 2023_24 to 2025_26); used the nearest, lac2025_26"


def test_a_validator_that_dies_without_answering_is_a_plain_failure(tmp_path, monkeypatch):
    monkeypatch.setenv("CAREPATH_VALIDATORS_ENV",
                       str(fake_env(tmp_path / "env", "echo 'Segmentation fault' >&2\nexit 139\n")))
    with pytest.raises(ValidatorFailed, match=r"stopped without an answer \(exit status 139\): Segmentation fault"):
        find_env().run("cin_runner.py", {})


def test_a_validator_that_cannot_import_is_a_broken_environment(tmp_path, monkeypatch):
    answer = '{"ok": false, "env_broken": true, "error": "cannot import pandas"}'
    monkeypatch.setenv("CAREPATH_VALIDATORS_ENV", str(fake_env(tmp_path / "env", f"echo '{answer}'\nexit 1\n")))
    with pytest.raises(ValidatorsEnvError, match=r"(?s)is broken \(cannot import pandas\).*setup-validators\.sh"):
        find_env().run("lac_runner.py", {})


def test_a_failure_is_recorded_as_a_failed_run(tmp_path, monkeypatch):
    answer = '{"ok": false, "error": "KeyError: CHILD", "detail": "Traceback (most recent call last): ..."}'
    monkeypatch.setenv("CAREPATH_VALIDATORS_ENV", str(fake_env(tmp_path / "env", f"echo '{answer}'\nexit 1\n")))
    cin = tmp_path / "cin.xml"
    cin.write_text("<Message/>")
    con = store_mod.connect(tmp_path / "s.duckdb")
    result = validate_return(con, find_env(), Return("cin", "cin", [cin], "xml", year="2024-25", la_code="846"))
    row = con.execute("SELECT status, rule_pack, issues, message FROM validation_run WHERE run_id = ?",
                      [result.run_id]).fetchone()
    assert row == ("failed", "cin2024_25", 0, "the validator could not check cin.xml: KeyError: CHILD")
    con.close()
