"""The command line as a newcomer meets it: help everywhere, plain messages, never a traceback."""
import subprocess
import sys

import pytest


from carepath.cli import COMMANDS, cli


def run(*args, env_store=None, cwd=None):
    return subprocess.run([sys.executable, "-m", "carepath", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=120)


def test_every_command_has_help():
    top = run("--help")
    assert top.returncode == 0 and "carepath demo" in top.stdout
    names = cli.list_commands(None)
    assert names == list(COMMANDS)      # every command's module is there: a missing one fails, never hides
    for name in names:
        command = cli.get_command(None, name)
        paths = [[name, sub] for sub in getattr(command, "commands", {})] or [[name]]
        for path in paths:
            result = run(*path, "--help")
            assert result.returncode == 0, path
            if path == ["riia", "settings"]:
                continue  # prints a template; touches neither the store nor reference data
            assert "--store" in result.stdout, f"{' '.join(path)} --help does not mention --store"
            assert "--reference" in result.stdout, f"{' '.join(path)} --help does not mention --reference"


def test_unknown_format_is_a_message_and_changes_nothing(tmp_path):
    junk = tmp_path / "photo.jpg"
    junk.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 10)
    store = tmp_path / "s.duckdb"
    result = run("load", str(junk), "--store", str(store))
    assert result.returncode == 1
    assert "does not recognise this file's format" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    status = run("status", "--store", str(store))
    assert "Loads (0)" in status.stdout


def test_missing_file_and_missing_store_are_messages(tmp_path):
    result = run("load", str(tmp_path / "nope.xml"), "--store", str(tmp_path / "s.duckdb"))
    assert result.returncode == 1 and "does not exist" in result.stderr
    result = run("status", "--store", str(tmp_path / "absent.duckdb"))
    assert result.returncode == 2 and "No store at" in result.stderr
    assert "Traceback" not in result.stderr


def test_store_from_environment_then_default(tmp_path):
    import os
    env = dict(os.environ, CAREPATH_STORE=str(tmp_path / "env.duckdb"))
    junk = tmp_path / "x.bin"
    junk.write_bytes(b"\x00\x01")
    subprocess.run([sys.executable, "-m", "carepath", "load", str(junk)], env=env, capture_output=True, timeout=120)
    assert (tmp_path / "env.duckdb").exists()
    env.pop("CAREPATH_STORE")
    subprocess.run([sys.executable, "-m", "carepath", "load", str(junk)], env=env, cwd=tmp_path,
                   capture_output=True, timeout=120)
    assert (tmp_path / "carepath.duckdb").exists()


def test_indicators_list_shows_whole_titles_and_labels():
    listed = run("indicators", "list").stdout
    assert "care_leavers_suitable_accommodation_17_18 " in listed   # the longest id keeps its own column
    assert "Re-referrals within 12 months per 10,000 children" in listed
    national = run("indicators", "list", "--set", "national").stdout
    assert "Care leavers aged 17-18 in education, employment or training" in national


def test_indicators_show_names_the_published_comparator_or_why_none():
    shown = run("indicators", "show", "re_referrals_12m").stdout
    assert "Published comparator" in shown and "table C1: referrals and re-referrals" in shown
    assert "rereferral_percent" in shown
    workforce = run("indicators", "show", "sw_turnover_rate").stdout      # an Explore education statistics file
    assert "Children's social work workforce, data file csww_indicators" in workforce and "turnover_rate_fte" in workforce
    none = run("indicators", "show", "contacts").stdout
    assert "Published comparator\n  None. Contacts are not collected nationally" in none


def test_indicators_funnel_writes_each_team_with_its_limits(tmp_path):
    # the dashboard's hand-made store (tests/web/world.py): re-referrals in 2024-25, Alpha 2 of 10, Beta 1 of 3,
    # Gamma 0 of 6, Not allocated 0 of 1, around the authority's own 3 of 20 = 15%. Alpha's 95% upper limit at
    # n = 10 is 0.15 + 1.959964 x sqrt(0.15 x 0.85 / 10) = 0.371311, i.e. 37.1%.
    import csv
    from tests.web import world
    store = world.build(tmp_path / "store.duckdb")
    out = tmp_path / "funnel.csv"
    result = run("indicators", "funnel", "re_referrals_12m", "--period", "2024-25", "--within", "team", "--la", "846",
                 "--store", str(store), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "Target 15.0%" in result.stdout and "binomial limits" in result.stdout
    with open(out, encoding="utf-8-sig") as handle:
        rows = {r["name"]: r for r in csv.DictReader(handle)}
    assert set(rows) == {"Alpha", "Beta", "Gamma", "Not allocated"}
    assert float(rows["Alpha"]["upper_95"]) == pytest.approx(37.1311, abs=1e-3)
    assert rows["Alpha"]["flag"] == "within 95% limits"
    refused = run("indicators", "funnel", "referrals", "--period", "2024-25", "--within", "team", "--store", str(store))
    assert refused.returncode != 0 and "percentages" in refused.stderr and "Traceback" not in refused.stderr
