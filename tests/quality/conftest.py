"""Fixtures for the DfE validation rules: the validators' environment (skipped without it on a
developer's machine, a failure in CI: tests/conftest.skip_or_fail) and runs."""
from __future__ import annotations

from pathlib import Path

import pytest

from carepath.quality.environment import ValidatorsEnvError, env_root, find_env
from tests.conftest import skip_or_fail

QUALITY_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "quality"


@pytest.fixture(scope="session")
def validators_env():
    try:
        return find_env()
    except ValidatorsEnvError:
        skip_or_fail(f"the DfE validators' environment is not set up at {env_root()}: create it with "
                    "`bash scripts/setup-validators.sh` or point CAREPATH_VALIDATORS_ENV at one")


@pytest.fixture(scope="session")
def quality_fixtures() -> Path:
    return QUALITY_FIXTURES
