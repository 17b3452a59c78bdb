"""Start-up: `carepath --help` and `carepath indicators list` import no heavy library (issue 19).

Each command runs in a fresh interpreter with ``-X importtime``, whose report names every module
imported; the heavy ones (DuckDB, pandas, pyarrow, plotly, lifelines, openpyxl, numpy) must be
imported only by the commands that use them. This checks what is imported, not how long it takes
(the time is in docs/benchmarks.md, measured with the same flag).
"""
from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = {"duckdb", "pandas", "pyarrow", "plotly", "lifelines", "openpyxl", "numpy", "polars", "statsforecast"}


def imported(*args: str) -> set[str]:
    """The top-level packages a carepath command imports (from ``python -X importtime``)."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "carepath", *args], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    names = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    assert "carepath" in names  # the report was read: carepath itself is in it
    return names


@pytest.mark.parametrize("args", [("--help",), ("indicators", "list"), ("indicators", "list", "--set", "riia"),
                                  ("indicators", "--help")])
def test_light_commands_import_no_heavy_library(args):
    assert imported(*args) & HEAVY == set()


def test_a_command_that_computes_does_import_them():
    """The check can fail: a command whose module uses the store (`status`) imports DuckDB."""
    assert "duckdb" in imported("status", "--help")
