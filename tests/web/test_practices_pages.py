"""The key practices page: counts by team and month under disclosure control, breaches of the children in
scope only, review notes that keep their history and are never written by the worker whose case it is.

The store (built here): authority 846, teams T1 Alpha (Ann, 846/W1) and T2 Beta (Cat, 846/W3). A1 (Ann's)
and C1 (Cat's) have child protection plans from Monday 16 December 2024, so each first visit is due 10
working days later, Thursday 2 January 2025 (25, 26 December and 1 January are bank holidays). A1 is
seen on 3 January (a day late), C1 not at all. As at 10 January 2025: two occasions, two breaches, one
in each team, both due in January 2025.
"""
from __future__ import annotations

import csv
import io
import sqlite3

import pytest

from carepath.model import store as store_mod
from carepath.model.ids import join
from carepath.web import audit
from carepath.web.accounts import Accounts
from tests.indicators.world import World
from tests.web import world as web_world
from tests.web.conftest import csrf_of, signed_in_clients

WINDOW = "la=846&as_at=2025-01-10"
A1_BREACH = f"{WINDOW}&practice=cp_visits&record=846/A1/2024-12-16/2025-01-02"
C1_BREACH = f"{WINDOW}&practice=cp_visits&record=846/C1/2024-12-16/2025-01-02"


@pytest.fixture(scope="module")
def practice_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("practices")
    con = store_mod.connect(folder / "store.duckdb")
    world = World(con, "846")
    world.team("T1", "Alpha", "North", "Safeguarding"), world.team("T2", "Beta", "South", "Safeguarding")
    world.worker("W1", "T1", "Ann"), world.worker("W3", "T2", "Cat")
    for child, worker in (("A1", "W1"), ("C1", "W3")):
        world.child(child)
        world.allocation(child, worker, "2023-01-01")
        world.cp_plan(child, "2024-12-16")
    cid = world.cid("A1")
    world.put("visit", visit_id=join(cid, "2025-01-03", "CP"), child_id=cid, visit_date="2025-01-03", kind="CP",
              seen=True)
    con.close()
    web_db = folder / "template.web.sqlite"
    web_world.add_users(Accounts(web_db))
    return folder / "store.duckdb", web_db


@pytest.fixture
def client(practice_store, tmp_path):
    store, template = practice_store
    yield from signed_in_clients(store, template, tmp_path)


def _csv(client, name, params):
    response = client.get(f"/export/{name}.csv?{params}")
    assert response.status_code == 200, response.text
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_an_authority_lead_sees_every_count_and_every_breach(client):
    lead = client("lead")
    page = lead.get(f"/practices?{WINDOW}")
    assert page.status_code == 200 and "Key practices" in page.text
    summary = {r["Id"]: r for r in _csv(lead, "practice_summary", WINDOW)}
    assert (summary["cp_visits"]["Occasions due"], summary["cp_visits"]["Breaches"]) == ("2", "2")
    assert summary["return_interviews"]["Note"] == "not measurable: no missing episodes and no return interviews loaded"
    grid = {r["Team (holding the case on the due day)"]: r for r in _csv(lead, "practice_grid", WINDOW)}
    assert (grid["Alpha"]["2025-01"], grid["Beta"]["2025-01"], grid["All teams"]["Total"]) == ("1", "1", "2")
    breaches = _csv(lead, "practice_breaches", WINDOW)
    assert [(r["Child"], r["Due"], r["Done"], r["Days late"], r["Practitioner"]) for r in breaches] == [
        ("846/A1", "2025-01-02", "2025-01-03", "1", "Ann"), ("846/C1", "2025-01-02", "", "", "Cat")]


def test_a_team_manager_sees_controlled_counts_and_only_their_teams_breaches(client):
    alpha = client("alpha")
    summary = {r["Id"]: r for r in _csv(alpha, "practice_summary", WINDOW)}
    cp = summary["cp_visits"]      # 2 occasions, 2 breaches: counts of 1 to 4 are c
    assert (cp["Occasions due"], cp["Breaches"], cp["Breached (%)"]) == ("c", "c", "c")
    breaches = _csv(alpha, "practice_breaches", WINDOW)
    assert [r["Child"] for r in breaches] == ["846/A1"]
    found, _ = audit.entries(Accounts(client.site.web_db), username="alpha", action="practice breaches")
    assert [(e.action, e.children) for e in found] == [("export csv practice breaches", ["846/A1"])]


def test_a_manager_writes_a_review_and_its_history_is_kept(client):
    alpha = client("alpha")
    page = alpha.get(f"/practices/breach?{A1_BREACH}")
    assert page.status_code == 200 and "Not reviewed yet" in page.text
    form = dict(item.split("=", 1) for item in A1_BREACH.split("&"))
    for status, words in (("open", "Visit booked for 2 January; the family were away."),
                          ("learning", "Visit booked for 2 January; the family were away.")):
        saved = alpha.post("/practices/breach", data={**form, "csrf_token": csrf_of(alpha), "status": status,
                                                      "what_happened": words, "learning": "Book a second slot."},
                           follow_redirects=False)
        assert saved.status_code == 303
    page = alpha.get(f"/practices/breach?{A1_BREACH}")
    history = page.text[page.text.index('id="review-history"'):]
    assert history.index("Reviewed: learning agreed") < history.index("Open: being reviewed")  # newest first
    with sqlite3.connect(client.site.web_db) as db:
        with pytest.raises(sqlite3.DatabaseError, match="keep their history"):
            db.execute("UPDATE breach_review SET status = 'closed'")
    listed = _csv(alpha, "practice_breaches", WINDOW)
    assert listed[0]["Review"] == "Reviewed: learning agreed"
    found, _ = audit.entries(Accounts(client.site.web_db), username="alpha", action="practice breach review")
    assert [e.action for e in found] == ["write practice breach review"] * 2


def test_the_worker_whose_case_it_is_reads_but_never_writes_the_review(client):
    ann = client("ann")
    page = ann.get(f"/practices/breach?{A1_BREACH}")
    assert page.status_code == 200 and "you cannot write its review" in page.text
    form = dict(item.split("=", 1) for item in A1_BREACH.split("&"))
    refused = ann.post("/practices/breach", data={**form, "csrf_token": csrf_of(ann), "status": "closed",
                                                  "what_happened": "It was fine."})
    assert refused.status_code == 403
    found, _ = audit.entries(Accounts(client.site.web_db), username="ann", outcome="refused")
    assert [e.action for e in found] == ["write practice breach review"]


def test_a_practitioner_cannot_open_another_workers_breach_and_a_regional_viewer_no_breach(client):
    ann = client("ann")
    assert ann.get(f"/practices/breach?{C1_BREACH}").status_code == 403
    assert [r["Child"] for r in _csv(ann, "practice_breaches", WINDOW)] == ["846/A1"]
    region = client("region")
    page = region.get(f"/practices?{WINDOW}")
    assert page.status_code == 200 and "846/A1" not in page.text
    assert region.get(f"/export/practice_breaches.csv?{WINDOW}").status_code == 403


def test_the_page_lists_the_first_breaches_and_the_download_every_one(client, monkeypatch):
    from carepath.web.pages import practices
    monkeypatch.setattr(practices, "PAGE_ROWS", 1)
    lead = client("lead")
    page = lead.get(f"/practices?{WINDOW}")
    assert "Showing the first 1 of 2" in page.text
    assert len(_csv(lead, "practice_breaches", WINDOW)) == 2
