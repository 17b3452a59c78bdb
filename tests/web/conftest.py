"""Fixtures for the dashboard's tests: the hand-made store (built once), accounts, a signed-in client."""
from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import warnings

import pytest

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
from fastapi.testclient import TestClient  # noqa: E402

from carepath.web.accounts import Accounts  # noqa: E402
from carepath.web.app import create_app  # noqa: E402
from carepath.web.settings import WebSettings  # noqa: E402
from tests.web import world  # noqa: E402


@dataclass
class Site:
    store: Path
    web_db: Path
    reference: Path | None = None

    def app(self, **options):
        return create_app(WebSettings.of(self.store, self.web_db, reference=self.reference,
                                         store_linger_seconds=0, **options))


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Site:
    folder = tmp_path_factory.mktemp("web")
    store = world.build(folder / "store.duckdb")
    web_db = folder / "template.web.sqlite"
    world.add_users(Accounts(web_db))
    return Site(store, web_db)


@pytest.fixture
def site(built, tmp_path) -> Site:
    """The built store with a fresh copy of the accounts file (so audit rows start empty)."""
    web_db = tmp_path / "web.sqlite"
    shutil.copy(built.web_db, web_db)
    return Site(built.store, web_db)


@pytest.fixture
def accounts(site) -> Accounts:
    return Accounts(site.web_db)


def sign_in(client: TestClient, username: str, password: str = world.PASSWORD):
    page = client.get("/sign-in")
    token = re.search(r'name="form_token" value="([^"]+)"', page.text).group(1)
    return client.post("/sign-in", data={"username": username, "password": password, "form_token": token,
                                         "next": "/overview"}, follow_redirects=False)


@pytest.fixture
def client_as(site):
    clients = []

    def make(username: str | None, **options) -> TestClient:
        client = TestClient(site.app(**options))
        clients.append(client)
        if username:
            response = sign_in(client, username)
            assert response.status_code == 303 and response.headers["location"] == "/overview"
        return client
    yield make
    for client in clients:
        client.close()


def signed_in_clients(store: Path, template_web_db: Path, tmp_path: Path):
    """For a fixture to ``yield from``: ``make(username)`` gives a client signed in to ``store``, with
    a fresh copy of the accounts file (``make.site`` is the site); every client is closed after."""
    web_db = tmp_path / "web.sqlite"
    shutil.copy(template_web_db, web_db)
    site = Site(store, web_db)
    clients = []

    def make(username: str) -> TestClient:
        client = TestClient(site.app())
        clients.append(client)
        assert sign_in(client, username).status_code == 303
        return client
    make.site = site
    try:
        yield make
    finally:
        for client in clients:
            client.close()


def csrf_of(client: TestClient) -> str:
    page = client.get("/account")
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
