"""The demo from nothing: generate, load, (validate), compute, report — through the real command."""
import os
import shlex
import subprocess
import sys

import duckdb

from carepath.web.demo import demo_accounts


def demo(*args, env=None):
    return subprocess.run([sys.executable, "-m", "carepath", "demo", "--size", "tiny", "--no-serve", *args],
                          capture_output=True, text=True, timeout=900, env=env)


def try_lines(stdout: str) -> list[str]:
    lines = stdout.split(". Try:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    return [line.strip() for line in lines if line.strip() and not line.strip().startswith("(")]


def test_demo_builds_a_store_with_figures(tmp_path):
    result = demo("--dir", str(tmp_path / "demo"))
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stdout + result.stderr
    assert "[6/6] The dashboard" in result.stdout
    con = duckdb.connect(str(tmp_path / "demo" / "carepath.duckdb"), read_only=True)
    read, loaded, rejected = con.execute(
        "SELECT sum(rows_read), sum(rows_loaded), sum(rows_rejected) FROM load_batch").fetchall()[0]
    assert read == loaded + rejected and loaded > 5000
    levels = {r[0] for r in con.execute("SELECT DISTINCT level FROM indicator_result").fetchall()}
    assert levels == {"authority", "service", "locality", "team", "worker"}
    quarters = con.execute("SELECT count(DISTINCT period) FROM indicator_result WHERE period_kind = 'quarter'"
                           ).fetchall()[0][0]
    assert quarters == 20
    con.close()
    assert (tmp_path / "demo" / "reports" / "results.xlsx").exists()
    # every "Try:" line works as printed, from another folder, without an activated environment
    lines = try_lines(result.stdout)
    assert len(lines) == 4 and all(str(tmp_path / "demo" / "carepath.duckdb") in line for line in lines if "--store" in line)
    bare = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "CAREPATH_STORE")}
    bare["PATH"] = "/usr/bin:/bin"
    for line in lines:
        tried = subprocess.run(shlex.split(line), capture_output=True, text=True, timeout=300, cwd=tmp_path, env=bare)
        assert tried.returncode == 0, (line, tried.stderr[-1000:])
    assert (tmp_path / "demo" / "board.xlsx").exists()
    # the demo's accounts start at a team and a practitioner with figures for the latest year shown
    accounts = {name: scope for name, _, scope in demo_accounts(tmp_path / "demo" / "carepath.duckdb")}
    con = duckdb.connect(str(tmp_path / "demo" / "carepath.duckdb"), read_only=True)
    for level in ("team", "worker"):
        units = con.execute("""SELECT DISTINCT unit_id FROM indicator_result WHERE level = ? AND period =
                               (SELECT max(period) FROM indicator_result WHERE period_kind = 'year')""",
                            [level]).fetchall()
        assert any(unit in scope for (unit,) in units for scope in accounts.values()), (level, accounts)
    con.close()


def test_demo_uses_the_store_every_command_uses_and_never_replaces_anothers(tmp_path):
    elsewhere = tmp_path / "elsewhere" / "mine.duckdb"
    result = demo("--dir", str(tmp_path / "demo"), env=dict(os.environ, CAREPATH_STORE=str(elsewhere)))
    assert result.returncode == 0, result.stderr[-2000:]
    assert elsewhere.exists() and not (tmp_path / "demo" / "carepath.duckdb").exists()
    assert all(str(elsewhere) in line for line in try_lines(result.stdout) if "--store" in line)
    # the demo's own store may be made again; someone's own store is never replaced
    own = tmp_path / "own.duckdb"
    duckdb.connect(str(own)).close()
    refused = demo("--dir", str(tmp_path / "demo2"), "--store", str(own))
    assert refused.returncode == 2                      # a CarepathError: the user can fix it
    assert f"{own} already exists and was not made by carepath demo" in refused.stderr
    assert "choose another --store" in refused.stderr and "Traceback" not in refused.stderr
    assert own.exists() and not (tmp_path / "demo2" / "returns").exists()
