"""Shared fixtures for the synthetic-authority tests: one tiny authority written once per session."""
from __future__ import annotations

import pytest

from carepath.synth.generate import generate_authority
from carepath.synth.params import make_authorities
from carepath.synth.simulate import Simulation


@pytest.fixture(scope="session")
def tiny_params():
    return make_authorities(1, seed=11, size="tiny")[0]


@pytest.fixture(scope="session")
def tiny_dir(tmp_path_factory, tiny_params):
    out = tmp_path_factory.mktemp("synth")
    generate_authority(tiny_params, out)
    return out / tiny_params.la_code


@pytest.fixture(scope="session")
def small_sim():
    """20,000 children over four years, simulated in memory (no files): enough events for rate tests."""
    params = make_authorities(1, seed=5, children=20_000)[0]
    return Simulation(params).run()
