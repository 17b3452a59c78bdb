"""The audit log's group commit: entries of requests arriving together are committed together, no
request returns before its own entry is committed, and a view whose entry cannot be written is
not shown (the page answers 503 and shows nothing of the child)."""
from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from carepath.web import audit
from carepath.web.accounts import Accounts

REFUSE_WRITES = """CREATE TRIGGER audit_refused BEFORE INSERT ON audit
                   BEGIN SELECT RAISE(ABORT, 'disk full'); END"""


class CountingGroups(audit.GroupCommit):
    """The real group commit, noting how many entries each transaction held."""

    def __init__(self, accounts):
        super().__init__(accounts)
        self.groups: list[int] = []

    def _commit(self, group):
        super()._commit(group)
        self.groups.append(len(group))


def _record_in_threads(accounts, user, count, outcomes):
    def view(n):
        try:
            audit.record(accounts, user, "view child timeline", f"846/A{n}", children=[f"846/A{n}"])
            with accounts.connect() as db:       # returned: the entry is committed, another connection sees it
                seen = db.execute("SELECT count(*) FROM audit_child WHERE child_id = ?", [f"846/A{n}"]).fetchone()[0]
            outcomes[n] = "committed" if seen == 1 else "returned before commit"
        except audit.AuditNotWritten as exc:
            outcomes[n] = exc
    threads = [threading.Thread(target=view, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    return threads


def _wait_until_queued(groups, count):
    deadline = time.monotonic() + 30
    while len(groups._waiting) < count:
        assert time.monotonic() < deadline, "the requests never queued"
        time.sleep(0.01)


def test_requests_arriving_together_share_one_commit_and_each_returns_once_committed(accounts):
    user = accounts.get("ann")
    groups = accounts._group_commit = CountingGroups(accounts)
    blocker = sqlite3.connect(accounts.path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")             # another worker writing: the first request waits for it
    outcomes: dict = {}
    threads = _record_in_threads(accounts, user, 20, outcomes)
    _wait_until_queued(groups, 19)                 # the first took its own entry and waits on the lock
    blocker.execute("COMMIT")
    blocker.close()
    for thread in threads:
        thread.join(60)
    # worked by hand: the first request's group is its own entry; the 19 that queued behind it go in one
    assert groups.groups == [1, 19]
    assert outcomes == {n: "committed" for n in range(20)}
    with accounts.connect() as db:
        assert db.execute("SELECT count(*) FROM audit").fetchone()[0] == 20


def test_when_the_log_cannot_be_written_every_request_of_the_group_is_told_and_nothing_is_kept(accounts):
    user = accounts.get("ann")
    with accounts.connect() as db:
        db.execute(REFUSE_WRITES)
    outcomes: dict = {}
    for thread in _record_in_threads(accounts, user, 8, outcomes):
        thread.join(60)
    assert len(outcomes) == 8 and all(isinstance(o, audit.AuditNotWritten) for o in outcomes.values())
    assert "disk full" in str(outcomes[0]) and "not shown" in str(outcomes[0])
    with accounts.connect() as db:
        assert db.execute("SELECT count(*) FROM audit").fetchone()[0] == 0
        db.execute("DROP TRIGGER audit_refused")
    audit.record(accounts, user, "view child timeline", "846/A1", children=["846/A1"])   # and it recovers
    with accounts.connect() as db:
        assert db.execute("SELECT count(*) FROM audit").fetchone()[0] == 1


def test_a_child_whose_view_cannot_be_recorded_is_not_shown(client_as, site):
    client = client_as("ann")
    assert client.get("/children/child/846/A1").status_code == 200
    with Accounts(site.web_db).connect() as db:
        db.execute(REFUSE_WRITES)
    page = client.get("/children/child/846/A1")
    assert page.status_code == 503 and "could not be recorded" in page.text
    assert "Period in care" not in page.text and "2024-10-01" not in page.text     # nothing of the timeline
    api = client.get("/api/children/846/A1")
    assert api.status_code == 503 and set(api.json()) == {"error"}
    records = client.get("/children/records?indicator=re_referrals_12m&la=846&period=2024-25&level=team&unit=846/T1")
    assert records.status_code == 503 and "846/A2" not in records.text
    assert client.get("/export/records.csv?indicator=re_referrals_12m&la=846&period=2024-25&level=team"
                      "&unit=846/T1").status_code == 503


@pytest.fixture
def accounts(site) -> Accounts:
    return Accounts(site.web_db)
