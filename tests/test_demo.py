"""The demo from nothing: generate, load, (validate), compute, report — through the real command."""
import subprocess
import sys

import duckdb


def test_demo_builds_a_store_with_figures(tmp_path):
    result = subprocess.run([sys.executable, "-m", "carepath", "demo", "--dir", str(tmp_path / "demo"),
                             "--size", "tiny", "--no-serve"], capture_output=True, text=True, timeout=900)
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
