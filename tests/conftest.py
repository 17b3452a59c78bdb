"""Shared test fixtures: a fresh store, and the shared data folder beside the project."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from carepath.model import store as store_mod

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


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
        pytest.skip("../shared/data is not beside the project (set CAREPATH_SHARED_DATA to its path)")
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
