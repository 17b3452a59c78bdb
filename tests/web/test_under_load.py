"""The dashboard under load: worker processes sharing the accounts file, caches keyed by the store's
data version, and the indexed caseload and records-behind-a-figure reads (against the plain queries)."""
from __future__ import annotations

import multiprocessing
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import httpx
import pytest

from carepath.model import store as store_mod
from carepath.indicators import catalogue, engine, periods
from carepath.web import audit, records
from carepath.web.accounts import Accounts
from carepath.web.scope import Scope
from carepath.web.throttle import Throttle
from tests.indicators.world import World
from tests.web import world
from tests.web.conftest import Site
from tests.web.test_pages import scorecard

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 15


def _worker(web_db: str, number: int, tokens) -> None:
    """One process: signs in ROUNDS times (a session each), audits each, and counts wrong passwords."""
    accounts = Accounts(Path(web_db))
    throttle = Throttle(Path(web_db))
    user = accounts.get("ann")
    for round_ in range(ROUNDS):
        token, _ = accounts.start_session(user)
        audit.record(accounts, user, "sign in", "ann", address=f"10.0.0.{number}")
        audit.record(accounts, user, "view child timeline", "846/A1", children=["846/A1", f"846/X{number}-{round_}"])
        tokens.put(token)
    for _ in range(5):
        throttle.failed("cat", "10.9.9.9")


def test_two_processes_sign_in_and_audit_at_once_and_nothing_is_lost(site):
    ctx = multiprocessing.get_context("spawn")
    tokens = ctx.Queue()
    processes = [ctx.Process(target=_worker, args=(str(site.web_db), n, tokens)) for n in (1, 2)]
    for p in processes:
        p.start()
    found = [tokens.get(timeout=120) for _ in range(2 * ROUNDS)]
    for p in processes:
        p.join(60)
        assert p.exitcode == 0
    accounts = Accounts(site.web_db)
    # every session either process started is live, whichever process reads it
    assert all(accounts.session(t)[0].username == "ann" for t in found)
    with accounts.connect() as db:
        # 2 processes x 15 rounds x (1 sign-in + 1 timeline view) = 60 entries; 2 children per view = 60 rows
        assert db.execute("SELECT count(*) FROM audit").fetchone()[0] == 2 * ROUNDS * 2
        assert db.execute("SELECT count(*) FROM audit_child").fetchone()[0] == 2 * ROUNDS * 2
        assert db.execute("SELECT count(DISTINCT audit_id) FROM audit").fetchone()[0] == 2 * ROUNDS * 2
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute("UPDATE audit SET outcome = 'refused'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute("DELETE FROM audit_child")
    # the throttle counted both processes' wrong passwords for cat from one address: 10 in all.
    # Account and address: 3 free, so the 10th waits 2^(10-3-1) = 64 s; account: 10 free, no wait;
    # address: 5 free, the 10th waits 2^(10-5-1) = 16 s. The longest, 64 s, runs from the last one.
    wait = Throttle(site.web_db).wait("cat", "10.9.9.9")
    assert 54 < wait <= 64


def test_a_recompute_shows_new_figures_at_the_next_request(built, tmp_path, client_as):
    store = shutil.copy(built.store, tmp_path / "store.duckdb")
    web_db = shutil.copy(built.web_db, tmp_path / "web.sqlite")
    from fastapi.testclient import TestClient
    from tests.web.conftest import sign_in
    client = TestClient(Site(Path(store), Path(web_db)).app())
    assert sign_in(client, "analyst").status_code == 303
    # 20 referrals in 2024-25 over 10,000 children = 20.0 per 10,000 (tests/web/world.py)
    assert scorecard(client, la="846", level="authority")["referrals"]["Value"] == "20.0"
    assert scorecard(client, la="846", level="authority")["referrals"]["Value"] == "20.0"   # from the cache
    con = store_mod.connect(Path(store))
    for year in (2023, 2024):
        World(con, "846").population(year, 20_000)             # no new load: only the figures change
    engine.run(con, [catalogue.get(i) for i in world.INDICATORS], [periods.parse(p) for p in world.PERIODS])
    con.close()
    # 20 referrals over 20,000 children = 10.0 per 10,000
    assert scorecard(client, la="846", level="authority")["referrals"]["Value"] == "10.0"
    client.close()


def _all_units(store: Path) -> list[tuple]:
    con = duckdb.connect(str(store), read_only=True)
    try:
        return con.execute("SELECT DISTINCT indicator_id, la_code, period, level, unit_id FROM indicator_result "
                           "ORDER BY ALL").fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("numerator_only", [False, True])
def test_records_by_unit_are_the_records_of_the_plain_query(built, numerator_only):
    units = _all_units(built.store)
    assert len(units) > 20
    con = duckdb.connect(str(built.store), read_only=True)
    try:
        indexed = {}
        for indicator_id, la, period, level, unit in units:
            key = (indicator_id, la, period)
            if key not in indexed:
                indexed[key] = records.figure_records_by_unit(con, indicator_id, la, period, numerator_only)
            plain = records.figure_records(con, indicator_id, la, period, level, unit, numerator_only)
            assert indexed[key].get((level, unit), []) == plain, (indicator_id, period, level, unit)
        # the hand-worked figure: Alpha's re-referrals in 2024-25 are A1 and A2 of its 10 referrals
        alpha = indexed[("re_referrals_12m", "846", "2024-25")][("team", "846/T1")]
        assert sorted(r["child_id"] for r in alpha if r["numerator"]) == ["846/A1", "846/A2"]
        assert len(alpha) == (2 if numerator_only else 10)
    finally:
        con.close()


def test_caseload_pages_from_the_kept_order_are_the_plain_querys(built):
    con = duckdb.connect(str(built.store), read_only=True)
    try:
        for username, (role, la, unit, _) in world.USERS.items():
            if role == "regional_viewer":
                continue
            scope = Scope(role, la, unit)
            for wanted_la in {la or "846", "501"}:
                order = records.caseload_order(con, scope, wanted_la)
                plain_all, total = records.caseload(con, scope, wanted_la, limit=None)
                assert len(order) == total
                for offset in range(0, total + 7, 7):                  # pages of 7, and one past the end
                    assert records.caseload_page(con, order, 7, offset) == \
                        records.caseload(con, scope, wanted_la, limit=7, offset=offset), (username, offset)
        # a practitioner's caseload is their own children: Ann has A1-A8 (tests/web/world.py)
        ann = records.caseload_order(con, Scope("practitioner", "846", "846/W1"), "846")
        assert sorted(c for c, _ in ann) == [f"846/A{i}" for i in range(1, 9)]
    finally:
        con.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_with_two_workers_shares_sessions_and_the_audit_log(site):
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "carepath", "serve", "--store", str(site.store), "--web-db",
                               str(site.web_db), "--port", str(port), "--workers", "2"], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            pytest.fail(server.stderr.read().decode() if server.poll() is not None else "no answer")
        failures: list[str] = []

        def browse(username: str) -> None:
            with httpx.Client(base_url=base, timeout=60) as client:
                token = re.search(r'name="form_token" value="([^"]+)"', client.get("/sign-in").text).group(1)
                client.post("/sign-in", data={"username": username, "password": world.PASSWORD,
                                              "form_token": token})
                for _ in range(10):                 # new connections each time, so both workers answer
                    response = httpx.get(base + "/children/child/846/A1", cookies=client.cookies, timeout=60)
                    if response.status_code != 200:
                        failures.append(f"{username} {response.status_code}")

        threads = [threading.Thread(target=browse, args=(name,)) for name in ("ann", "alpha", "lead", "analyst")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert failures == []
    finally:
        server.terminate()
        server.wait(30)
    with Accounts(site.web_db).connect() as db:
        rows = db.execute("SELECT action, count(*) FROM audit GROUP BY 1").fetchall()
    # 4 sign-ins and 4 x 10 views of A1's timeline, every one on record whichever worker answered
    assert dict(rows) == {"sign in": 4, "view child timeline": 40}
