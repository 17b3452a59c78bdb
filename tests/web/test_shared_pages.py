"""Pages rendered once per scope (app.render_shared): the overview, the catalogue and an indicator's
page are the same for every viewer of one scope, role and administrator flag, so they are kept
per data version; each viewer still gets their own name and sign-out token in the header, viewers
of other scopes get their own page, and a recompute shows at the next request."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from fastapi.testclient import TestClient

from carepath.indicators import catalogue, engine, periods
from carepath.model import store as store_mod
from carepath.web.accounts import Accounts
from tests.indicators.world import World
from tests.web import world
from tests.web.conftest import Site, sign_in

OVERVIEW = "/overview?set=all&la=846&period=2024-25&level=authority"


def header_of(html: str) -> tuple[str, str]:
    name = re.search(r'class="header-user">([^<]+)<', html).group(1)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    return name, token


def referrals_cell(html: str) -> str:
    row = re.search(r'<tr data-indicator="referrals">(.*?)</tr>', html, re.S).group(1)
    return re.search(r'data-key="value"[^>]*>\s*([^<\s]+)', row).group(1)


def test_one_page_per_scope_with_each_viewers_own_header_and_fresh_after_a_recompute(built, tmp_path):
    store = Path(shutil.copy(built.store, tmp_path / "store.duckdb"))
    web_db = Path(shutil.copy(built.web_db, tmp_path / "web.sqlite"))
    Accounts(web_db).add("bea", world.PASSWORD, "analyst", display_name="Bea", admin=True)   # the analyst's twin
    app = Site(store, web_db).app()
    clients = {name: TestClient(app) for name in ("analyst", "bea", "alpha")}
    for name, client in clients.items():
        assert sign_in(client, name).status_code == 303
    first = clients["analyst"].get(OVERVIEW).text
    twin = clients["bea"].get(OVERVIEW).text
    assert header_of(first)[0] == "Analyst" and header_of(twin)[0] == "Bea"
    assert header_of(first)[1] != header_of(twin)[1]                     # each their own sign-out token
    assert clients["bea"].post("/sign-out", data={"csrf_token": header_of(twin)[1]},
                               follow_redirects=False).status_code == 303   # and it works
    strip = re.compile(r'<div class="header-account">.*?</div>', re.S)
    assert strip.sub("", first) == strip.sub("", twin)                  # otherwise the same page
    assert len(app.state.web.pages) == 1                                # rendered once, for both
    manager = clients["alpha"].get(OVERVIEW.replace("level=authority", "level=team&unit=846/T1")).text
    assert "Alpha" in header_of(manager)[0] and len(app.state.web.pages) == 2   # another scope: its own page
    # 20 referrals in 2024-25 over 10,000 children = 20.0 per 10,000 (tests/web/world.py)
    assert referrals_cell(first) == "20.0"
    for path in ("/indicators", "/indicators/referrals?la=846&period=2024-25"):
        assert clients["analyst"].get(path).status_code == 200
    con = store_mod.connect(store)
    for year in (2023, 2024):
        World(con, "846").population(year, 20_000)                      # only the figures change
    engine.run(con, [catalogue.get(i) for i in world.INDICATORS], [periods.parse(p) for p in world.PERIODS])
    con.close()
    # 20 referrals over 20,000 children = 10.0 per 10,000, at the next request
    assert referrals_cell(clients["analyst"].get(OVERVIEW).text) == "10.0"
    for client in clients.values():
        client.close()
