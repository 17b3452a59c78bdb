"""A real server over a real store, and Debian's chromium driven by Playwright.

The server is uvicorn in a thread on a free port of 127.0.0.1, serving the hand-made store of
tests/web/world.py (with DfE's published tables when ../shared/data is there). Chromium is the
system package (/usr/bin/chromium, installed by scripts/setup.sh); without it or Playwright these
tests skip on a developer's machine and fail in CI (``CI=true``), see ``tests/conftest.skip_or_fail``.
"""
from __future__ import annotations

import shutil
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from carepath.web.accounts import Accounts
from carepath.web.app import create_app
from carepath.web.settings import WebSettings
from tests.conftest import import_or_fail, shared_data_dir, skip_or_fail
from tests.web import world

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


class Server:
    def __init__(self, store: Path, web_db: Path, reference: Path | None):
        import uvicorn
        self.settings = WebSettings.of(store, web_db, reference=reference)
        self.app = create_app(self.settings)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "Server":
        self.thread.start()
        deadline = time.time() + 20
        while not self.server.started and time.time() < deadline:
            time.sleep(0.05)
        if not self.server.started:
            raise RuntimeError("the test server did not start")
        if self.settings.reference:
            self.app.state.web.benchmarks.published()   # read the published tables before timing anything
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@contextmanager
def serving(store: Path, reference: Path | None = None):
    """A running server over ``store``, with tests/web/world.py's users in the accounts file beside it."""
    web_db = store.with_name(store.name + ".web.sqlite")
    world.add_users(Accounts(web_db))
    with Server(store, web_db, reference) as running:
        yield running


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    with serving(world.build(folder / "store.duckdb"), shared_data_dir()) as running:
        yield running


@pytest.fixture(scope="session")
def browser():
    sync_api = import_or_fail("playwright.sync_api", "Playwright is not installed (pip install -e '.[test]')")
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        skip_or_fail(f"Debian's chromium is not installed at {CHROMIUM} (scripts/setup.sh installs it)")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page_as(browser, server):
    """A page in a fresh browser context, signed in through the form as the given user."""
    contexts = []

    def make(username: str | None):
        context = browser.new_context(base_url=server.url, accept_downloads=True,
                                      viewport={"width": 1280, "height": 900})
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        if username:
            page.goto("/sign-in")
            page.get_by_label("User name").fill(username)
            page.get_by_label("Password").fill(world.PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url("**/overview")
        return page
    yield make
    for context in contexts:
        context.close()
