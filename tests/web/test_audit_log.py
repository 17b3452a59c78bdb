"""The audit log stays usable: cohorts as reproducible entries with a child detail table, pages, filters."""
from __future__ import annotations

import csv
import io
import sqlite3

import pytest

from carepath.web import audit
from carepath.web.accounts import Accounts
from carepath.web.pages import admin


def test_many_children_go_to_the_detail_table_and_the_entry_stays_short(tmp_path):
    accounts = Accounts(tmp_path / "web.sqlite")
    user = accounts.add("lead", "a long password", "authority_lead", "846")
    many = [f"846/K{i:05d}" for i in range(25_000)]
    audit.record(accounts, user, "view journeys map", "cohort A: authority 846", children=many)
    audit.record(accounts, user, "view child timeline", "846/K00007", children=["846/K00007"])
    with accounts.connect() as db:
        row = db.execute("SELECT * FROM audit WHERE action = 'view journeys map'").fetchone()
        assert row["children"] is None and row["child_count"] == 25_000
        assert len(row["target"]) < 100
        # the detail table is append-only too
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute("DELETE FROM audit_child")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute("UPDATE audit_child SET child_id = 'x'")
    assert audit.children_of(accounts, row["audit_id"]) == many
    # the child filter finds an entry by a child listed only in the detail table, and one listed inline
    found, total = audit.entries(accounts, child="846/K00007")
    assert total == 2 and [e.action for e in found] == ["view child timeline", "view journeys map"]
    assert found[0].children == ["846/K00007"] and found[1].children == []


def test_a_journeys_map_is_audited_as_a_reproducible_cohort(client_as, site):
    lead = client_as("lead")
    response = lead.get("/api/journeys/data?la=846&from=2023-04-01&to=2025-03-31")
    assert response.status_code == 200
    shown = len(response.json()["stop_start"]) - 1      # one dot per child (the page gets no ids)
    accounts = Accounts(site.web_db)
    entry = audit.entries(accounts, username="lead", action="journeys map")[0][0]
    assert "2023-04-01 to 2025-03-31" in entry.target and "scope: Authority lead, LA 846" in entry.target
    assert entry.child_count == shown > 0 and f"; {shown:,} children;" in entry.target
    assert entry.target.endswith("query: la=846&from=2023-04-01&to=2025-03-31")
    assert len(audit.children_of(accounts, entry.audit_id)) == shown


def _fill(site, n: int) -> None:
    accounts = Accounts(site.web_db)
    ann, cat = accounts.get("ann"), accounts.get("cat")
    for i in range(n):
        audit.record(accounts, ann if i % 2 else cat, "view child timeline", f"846/A{i}", children=[f"846/A{i}"])


def _numbers(page_text: str) -> list[int]:
    import re
    return [int(n) for n in re.findall(r'<th scope="row" data-key="audit_id">\s*([0-9,]+)', page_text)]


def test_the_audit_page_is_paged_newest_first_and_pages_stay_put(client_as, site):
    _fill(site, 250)
    admin_client = client_as("analyst")                  # signing in adds entry 251
    first = admin_client.get("/admin/audit")
    numbers = _numbers(first.text)
    assert numbers == list(range(251, 151, -1))          # 100 a page, newest first
    assert "Page 1 of 3" in first.text and "Newer entries" not in first.text
    _fill(site, 5)                                       # new entries arrive meanwhile
    older = admin_client.get("/admin/audit?upto=251&page=2")
    assert _numbers(older.text) == list(range(151, 51, -1))     # page 2 as it was when page 1 was read
    last = admin_client.get("/admin/audit?upto=251&page=3")
    assert _numbers(last.text) == list(range(51, 0, -1)) and "Older entries" not in last.text


def test_the_audit_filters_user_action_child_and_dates(client_as, site):
    _fill(site, 10)                                      # entries 1-10: even i by cat, odd by ann
    admin_client = client_as("analyst")
    assert _numbers(admin_client.get("/admin/audit?user=ann").text) == [10, 8, 6, 4, 2]
    assert _numbers(admin_client.get("/admin/audit?action=sign+in").text) == [11]
    assert _numbers(admin_client.get("/admin/audit?child=846/A3").text) == [4]
    assert _numbers(admin_client.get("/admin/audit?until=2000-01-01").text) == []
    assert len(_numbers(admin_client.get("/admin/audit?since=2000-01-01").text)) == 11


def test_the_audit_export_comes_in_pages(client_as, site, monkeypatch):
    monkeypatch.setattr(admin, "EXPORT_PAGE_SIZE", 40)
    _fill(site, 99)
    admin_client = client_as("analyst")                  # entry 100
    files = [admin_client.get(f"/export/audit.csv?upto=100&page={n}") for n in (1, 2, 3)]
    numbers = [[int(r[0]) for r in list(csv.reader(io.StringIO(f.content.decode("utf-8-sig"))))[1:]] for f in files]
    assert numbers == [list(range(100, 60, -1)), list(range(60, 20, -1)), list(range(20, 0, -1))]
    page = admin_client.get("/admin/audit")
    assert "page=3" in page.text and "page=4" not in page.text  # links to the further files
