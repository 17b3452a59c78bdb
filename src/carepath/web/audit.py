"""The audit log: who saw or exported which children, when, and who was refused.

Every view or export of child-level data (the records behind a figure, a child's timeline, a
caseload list, a journeys map, rejected rows, validation issues) writes one entry: the account,
its role, the action, what was asked for, whether it was allowed, and the children involved.
Refusals are written too, so an attempt to open another team's child is on record. Sign-ins,
sign-outs and account changes are written as well.

**What was viewed, and which children.** An entry's ``target`` says what was asked for in a form
that reproduces it (a journeys map: the cohort's filters, dates, the viewer's scope and the
query). The children are counted in ``child_count`` and listed one row each in the detail table
``audit_child``; the entry itself repeats them (``children``, a JSON list) only when there are at
most :data:`INLINE_CHILDREN`, so an entry about a cohort of 20,000 children stays one short row.
Entries written before the detail table existed keep their ids inline only; the child filter
reads both.

**Reading it.** :func:`entries` pages the log newest first (filters: user, action, child,
outcome, from and to dates), anchored at the newest entry when the first page was read (``upto``)
so that pages do not shift as new entries arrive.

Rows live in the ``audit`` and ``audit_child`` tables of the accounts file
(:mod:`carepath.web.accounts`), whose triggers refuse UPDATE and DELETE: the log can only grow.
"""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass

from carepath.web.accounts import Accounts, User, stamp

ALLOWED, REFUSED, NOT_FOUND = "allowed", "refused", "not found"
INLINE_CHILDREN = 20


@dataclass(frozen=True)
class Entry:
    audit_id: int
    at: str
    username: str
    role: str | None
    action: str
    target: str | None
    outcome: str
    children: list[str]        # listed in the entry itself (at most INLINE_CHILDREN); all in audit_child
    child_count: int
    address: str | None


@dataclass(frozen=True)
class Page:
    entries: list[Entry]
    total: int          # entries matching the filters, up to ``upto``
    page: int           # 1 = newest
    size: int
    upto: int | None    # the newest audit_id the pages are anchored at

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))


def record(accounts: Accounts, user: User | None, action: str, target: str | None = None,
           outcome: str = ALLOWED, children: list[str] | None = None, address: str | None = None,
           username: str | None = None) -> None:
    """Write one entry, and return only once it is committed to the accounts file.

    A page calls this before it shows anything of a child; if the entry cannot be written this
    raises :class:`AuditNotWritten` and the page is not shown (never a view that is not on record).
    Entries of requests arriving together are committed together (:class:`GroupCommit`)."""
    children = sorted(set(c for c in (children or []) if c))
    inline = json.dumps(children) if children and len(children) <= INLINE_CHILDREN else None
    row = [stamp(), user.username if user else (username or "(not signed in)"), user.role if user else None,
           action, target, outcome, inline, len(children), address]
    _group_commit(accounts).write(row, children)


class AuditNotWritten(Exception):
    """The audit log could not be written, so what was asked for is not shown."""


class GroupCommit:
    """Commit the entries of requests arriving together in one transaction, each request waiting
    until its own entry is committed (a database's "group commit").

    A commit costs one ``fsync`` of the accounts file's log (~10 ms on this project's machines)
    however many rows it holds; one request at a time, 50 users opening children's pages queued
    for the audit log for a second. Here the first request to arrive writes everything waiting
    (its own entry among them) in one transaction, tells each waiting request whether it was
    committed, and hands the turn to the first request that arrived while it wrote. No request
    returns before its entry is committed; if the transaction fails, every request in it is told
    so and shows nothing. Worker processes take turns through SQLite's own lock (``BEGIN IMMEDIATE``
    with the busy timeout), each committing its own group."""

    def __init__(self, accounts: Accounts):
        self.accounts = accounts
        self._lock = threading.Lock()
        self._waiting: list[_Ticket] = []
        self._busy = False            # a request is writing a group now

    def write(self, row: list, children: list[str]) -> None:
        ticket = _Ticket(row, children)
        with self._lock:
            self._waiting.append(ticket)
            leads = not self._busy
            self._busy = True
        while not leads:
            ticket.turn.wait()
            if ticket.done:
                break
            leads = True              # handed the turn: write the group that gathered meanwhile
        if leads:
            self._write_group()
        if ticket.error is not None:
            raise AuditNotWritten("carepath could not write this view to the audit log, so it is not shown. "
                                  "Try again in a moment; if it goes on, tell your administrator "
                                  f"({ticket.error}).") from ticket.error

    def _write_group(self) -> None:
        with self._lock:
            group, self._waiting = self._waiting, []
        try:
            self._commit(group)
        except Exception as exc:                        # noqa: BLE001 - every waiter hears why
            for ticket in group:
                ticket.error = exc
        with self._lock:
            following = self._waiting[0] if self._waiting else None
            self._busy = following is not None
        for ticket in group:
            ticket.done = True
            ticket.turn.set()
        if following is not None:
            following.turn.set()                       # its turn to write (it is not done yet)

    def _commit(self, group: list["_Ticket"]) -> None:
        with self.accounts.connect() as db:
            db.execute("BEGIN IMMEDIATE")
            for ticket in group:
                cursor = db.execute("""INSERT INTO audit (at, username, role, action, target, outcome, children,
                                                          child_count, address) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                                    ticket.row)
                db.executemany("INSERT INTO audit_child (audit_id, child_id) VALUES (?, ?)",
                               [(cursor.lastrowid, c) for c in ticket.children])
            db.execute("COMMIT")


class _Ticket:
    __slots__ = ("row", "children", "turn", "done", "error")

    def __init__(self, row: list, children: list[str]):
        self.row, self.children = row, children
        self.turn = threading.Event()
        self.done = False
        self.error: Exception | None = None


_GROUPS_LOCK = threading.Lock()


def _group_commit(accounts: Accounts) -> GroupCommit:
    """The accounts file's group commit (one per Accounts object, made on first use)."""
    found = getattr(accounts, "_group_commit", None)
    if found is None:
        with _GROUPS_LOCK:
            found = getattr(accounts, "_group_commit", None)
            if found is None:
                found = accounts._group_commit = GroupCommit(accounts)
    return found


def _where(username, action, child, outcome, since, until) -> tuple[str, list]:
    where, params = ["1 = 1"], []
    if username:
        where.append("username = ?")
        params.append(username.strip().lower())
    if action:
        where.append("action LIKE ?")
        params.append(f"%{action}%")
    if child:
        where.append("(audit_id IN (SELECT audit_id FROM audit_child WHERE child_id = ?) OR children LIKE ?)")
        params += [child, f'%"{child}"%']
    if outcome:
        where.append("outcome = ?")
        params.append(outcome)
    if since:
        where.append("at >= ?")
        params.append(since)
    if until:                       # a date: the whole of that day (stamps are ISO, UTC)
        where.append("at < ?")
        params.append(until + "\uffff" if len(until) > 10 else until + "T99")
    return " AND ".join(where), params


def page(accounts: Accounts, username: str | None = None, action: str | None = None, child: str | None = None,
         outcome: str | None = None, since: str | None = None, until: str | None = None, page_no: int = 1,
         size: int = 100, upto: int | None = None) -> Page:
    """One page of the entries matching the filters, newest first."""
    clause, params = _where(username, action, child, outcome, since, until)
    page_no = max(1, page_no)
    with accounts.connect() as db:
        if upto is None:
            upto = db.execute("SELECT max(audit_id) FROM audit").fetchone()[0] or 0
        clause += " AND audit_id <= ?"
        params.append(upto)
        total = db.execute(f"SELECT count(*) FROM audit WHERE {clause}", params).fetchone()[0]
        rows = db.execute(f"SELECT * FROM audit WHERE {clause} ORDER BY audit_id DESC LIMIT ? OFFSET ?",
                          params + [size, (page_no - 1) * size]).fetchall()
    found = [Entry(r["audit_id"], r["at"], r["username"], r["role"], r["action"], r["target"], r["outcome"],
                   json.loads(r["children"]) if r["children"] else [], r["child_count"], r["address"]) for r in rows]
    return Page(found, total, page_no, size, upto)


def entries(accounts: Accounts, username: str | None = None, action: str | None = None, child: str | None = None,
            outcome: str | None = None, since: str | None = None, limit: int = 500) -> tuple[list[Entry], int]:
    """The newest entries matching the filters (at most ``limit``), and how many match in all."""
    found = page(accounts, username, action, child, outcome, since, size=limit)
    return found.entries, found.total


def children_of(accounts: Accounts, audit_id: int) -> list[str]:
    """Every child of one entry (from the detail table, else the entry's own list)."""
    with accounts.connect() as db:
        rows = [r[0] for r in db.execute("SELECT child_id FROM audit_child WHERE audit_id = ? ORDER BY child_id",
                                         [audit_id])]
        if rows:
            return rows
        row = db.execute("SELECT children FROM audit WHERE audit_id = ?", [audit_id]).fetchone()
    return json.loads(row[0]) if row and row[0] else []
