import pytest

from tests.indicators.world import World


@pytest.fixture
def world(store):
    return World(store)
