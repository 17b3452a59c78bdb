"""Shared test fixtures: a fresh store, and the shared data folder beside the project.

What the tests need from outside the project (the shared data folder, the DfE validators'
environment, chromium, Playwright, axe) is asked for through :func:`skip_or_fail`: on a
developer's machine a test without it skips with the reason; in CI (``CI=true``) the run fails
with that reason, so a missing prerequisite can never pass as a green run of skipped tests.
The product's own modules are imported plainly: one that fails to import fails its tests.
"""
from __future__ import annotations

import importlib
import os
from pathlib import Path

import pytest

from carepath.model import store as store_mod

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def skip_or_fail(reason: str):
    """Skip with ``reason`` on a developer's machine; fail with it in CI (``CI=true``)."""
    if in_ci():
        pytest.fail(f"{reason}. CI=true, so a missing prerequisite fails the run instead of skipping.",
                    pytrace=False)
    pytest.skip(reason)


def import_or_fail(module: str, reason: str):
    """A third-party module the tests need (Playwright, axe): :func:`skip_or_fail` without it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        skip_or_fail(reason)


def shared_data_dir() -> Path | None:
    """../shared/data beside the project (as in CI), or $CAREPATH_SHARED_DATA."""
    candidates = [os.environ.get("CAREPATH_SHARED_DATA"), REPO.parent / "shared" / "data",
                  REPO.parent.parent / "shared" / "data"]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


@pytest.fixture
def shared_data() -> Path:
    found = shared_data_dir()
    if found is None:
        skip_or_fail("../shared/data is not beside the project (set CAREPATH_SHARED_DATA to its path)")
    return found


@pytest.fixture
def samples(shared_data) -> Path:
    return shared_data / "samples"


@pytest.fixture
def store(tmp_path):
    con = store_mod.connect(tmp_path / "store.duckdb")
    yield con
    con.close()


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def world(store):
    """A hand-built authority (LA 846) in a fresh store: see tests/indicators/world.py."""
    from tests.indicators.world import World
    return World(store)
