"""The outcome tracker's pages: the board for a team manager, manual RAGs with history, board meetings,
a practitioner's own view, and refusals outside scope.

The store is the tracker's hand-built authority (tests/tracker/test_tracker.py, as at 31 March 2025):
L2 is held by Ann (846/W1, team Alpha), L1 by Cat (846/W3, team Beta) from 2 January 2025. Both
are looked after.
"""
from __future__ import annotations

import csv
import io
import re
import sqlite3

import pytest

from carepath.model import store as store_mod
from carepath.web import audit
from carepath.web.accounts import Accounts
from tests.indicators.world import World
from tests.tracker.test_tracker import _setup
from tests.web import world as web_world
from tests.web.conftest import csrf_of, signed_in_clients

DAY = "la=846&as_at=2025-03-31"


def build(folder):
    """The store and an accounts file with tests/web/world.py's users; (store, accounts file)."""
    con = store_mod.connect(folder / "store.duckdb")
    world = World(con, "846")
    _setup(world)
    world.team("T2", "Beta"), world.worker("W3", "T2", "Cat")
    world.allocation("L1", "W3", "2025-01-02")
    con.close()
    web_db = folder / "template.web.sqlite"
    web_world.add_users(Accounts(web_db))
    return folder / "store.duckdb", web_db


@pytest.fixture(scope="module")
def tracker_store(tmp_path_factory):
    return build(tmp_path_factory.mktemp("tracker"))


@pytest.fixture
def client(tracker_store, tmp_path):
    store, template = tracker_store
    yield from signed_in_clients(store, template, tmp_path)


def _audit(client, **filters):
    return audit.entries(Accounts(client.site.web_db), **filters)[0]


def test_a_team_manager_sees_the_board_of_their_team_only(client):
    alpha = client("alpha")
    page = alpha.get(f"/tracker?{DAY}")
    assert page.status_code == 200 and "846/L2" in page.text and "846/L1" not in page.text
    rows = list(csv.DictReader(io.StringIO(alpha.get(f"/export/tracker_board.csv?{DAY}").content.decode("utf-8-sig"))))
    assert [(r["Child"], r["SDQ score"], r["SDQ score: RAG"]) for r in rows] == [("846/L2", "15", "amber")]
    assert [e.children for e in _audit(client, username="alpha", action="tracker board")] == [["846/L2"]] * 2


def test_the_board_sorts_and_filters(client):
    lead = client("lead")
    by_moves = lead.get(f"/tracker?{DAY}&sort=placement_moves")       # red (L1) before green (L2)
    assert by_moves.text.index("846/L1") < by_moves.text.index("846/L2")
    reds = lead.get(f"/tracker?{DAY}&red_only=1&team=846/T1")          # L2 has reds, and is in Alpha
    assert "846/L2" in reds.text and "846/L1" not in reds.text


def test_a_manual_rag_is_kept_with_its_history(client):
    ann = client("ann")
    for rag, why in (("amber", "Attendance up since the move"), ("green", "Full attendance this half term")):
        saved = ann.post("/tracker/child/846/L2", data={"csrf_token": csrf_of(ann), "la": "846", "as_at": "2025-03-31",
                                                        "cohort": "looked_after", "item": "attendance", "rag": rag,
                                                        "comment": why}, follow_redirects=False)
        assert saved.status_code == 303
    page = ann.get(f"/tracker/child/846/L2?{DAY}")
    history = page.text[page.text.index('id="rag-history"'):]
    assert history.index("Full attendance") < history.index("Attendance up since the move")
    rows = list(csv.DictReader(io.StringIO(ann.get(f"/export/tracker_board.csv?{DAY}").content.decode("utf-8-sig"))))
    assert rows[0]["School attendance: RAG"] == "red"                   # the rules still say red
    assert rows[0]["School attendance: manual RAG"] == "green: Full attendance this half term"
    with sqlite3.connect(client.site.web_db) as db:
        with pytest.raises(sqlite3.DatabaseError, match="keeps its history"):
            db.execute("DELETE FROM manual_rag")


def test_a_practitioner_cannot_open_another_workers_child(client):
    ann = client("ann")
    assert ann.get(f"/tracker/child/846/L1?{DAY}").status_code == 403
    refused = ann.post("/tracker/child/846/L1", data={"csrf_token": csrf_of(ann), "la": "846", "as_at": "2025-03-31",
                                                      "item": "attendance", "rag": "red", "comment": "x"})
    assert refused.status_code == 403
    assert [e.action for e in _audit(client, username="ann", outcome="refused")] == [
        "write manual RAG", "view tracker child"]


def test_a_board_meeting_records_the_children_discussed_and_what_was_agreed(client):
    alpha = client("alpha")
    page = alpha.get(f"/tracker?{DAY}&print=1")
    assert page.status_code == 200 and 'name="discussed" value="846/L2"' in page.text
    recorded = alpha.post("/tracker/meeting", data={"csrf_token": csrf_of(alpha), "la": "846", "as_at": "2025-03-31",
                                                    "cohort": "looked_after", "held_on": "2025-04-03",
                                                    "discussed": "846/L2", "agreed:846/L2": "Virtual school to meet"},
                          follow_redirects=False)
    assert recorded.status_code == 303
    meetings = alpha.get(recorded.headers["location"])
    assert "Virtual school to meet" in meetings.text and "2025-04-03" in meetings.text
    other = alpha.post("/tracker/meeting", data={"csrf_token": csrf_of(alpha), "la": "846", "as_at": "2025-03-31",
                                                 "discussed": "846/L1", "agreed:846/L1": "x"})
    assert other.status_code == 403


def test_a_practitioners_own_view_and_who_may_open_it(client):
    ann = client("ann")
    page = ann.get(f"/tracker/mine?{DAY}")
    assert page.status_code == 200
    assert "846/L2" in page.text and "846/L1" not in page.text
    assert re.search(r"Children looked after \(1\)", page.text)
    assert client("alpha").get(f"/tracker/mine?{DAY}").status_code == 403
    assert client("region").get(f"/tracker?{DAY}").status_code == 403


def test_the_board_of_looked_after_children_compares_oc2_health_nationally(client):
    lead = client("lead")
    page = lead.get(f"/tracker?{DAY}")
    national = page.text[page.text.index('id="national"'):]
    # L2's OC2 rows: the latest year on or before the day is 2023-24 (31 March 2024), immunisations up to date
    assert "National comparison, 2023-24" in page.text
    row = re.search(r"Immunisations up to date \(%\)</th>\s*<td[^>]*>([^<]+)</td>\s*<td[^>]*>([^<]+)</td>", national)
    assert (row.group(1).strip(), row.group(2).strip()) == ("100", "not published")
