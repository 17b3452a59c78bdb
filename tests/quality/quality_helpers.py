"""Helpers for the validation tests: validate files into a store, read back runs and issues."""
from __future__ import annotations

import tempfile
from pathlib import Path

from carepath.model import store as store_mod
from carepath.quality.returns import discover
from carepath.quality.validators import validate_return


def validate_paths(store_path: Path, env, paths, *, year=None, previous=(), la_code=None, reference=None):
    """Discover the returns in ``paths``, validate each into the store; the RunResults, in order."""
    con = store_mod.connect(store_path)
    try:
        with tempfile.TemporaryDirectory() as workdir:
            found = discover(paths, Path(workdir), year=year, previous=previous, la_code=la_code)
            return [validate_return(con, env, ret, reference) for ret in found.returns]
    finally:
        con.close()


def issues_of(store_path: Path, run_id: int) -> list[dict]:
    con = store_mod.connect(store_path, read_only=True)
    try:
        cursor = con.execute("SELECT * FROM validation_issue WHERE run_id = ? ORDER BY issue_no", [run_id])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]
    finally:
        con.close()


def run_row(store_path: Path, run_id: int) -> dict:
    con = store_mod.connect(store_path, read_only=True)
    try:
        cursor = con.execute("SELECT * FROM validation_run WHERE run_id = ?", [run_id])
        names = [d[0] for d in cursor.description]
        return dict(zip(names, cursor.fetchone()))
    finally:
        con.close()
