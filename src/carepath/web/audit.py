"""The audit log: who saw or exported which children, when, and who was refused.

Every view or export of child-level data (the records behind a figure, a child's timeline, a
caseload list, rejected rows, validation issues) writes one row: the account, its role, the
action, what was asked for, whether it was allowed, and the children involved. Refusals are
written too, so an attempt to open another team's child is on record. Sign-ins, sign-outs and
account changes are written as well.

Rows live in the ``audit`` table of the accounts file (:mod:`carepath.web.accounts`), whose
triggers refuse UPDATE and DELETE: the log can only grow.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from carepath.web.accounts import Accounts, User, stamp

ALLOWED, REFUSED = "allowed", "refused"


@dataclass(frozen=True)
class Entry:
    audit_id: int
    at: str
    username: str
    role: str | None
    action: str
    target: str | None
    outcome: str
    children: list[str]
    child_count: int
    address: str | None


def record(accounts: Accounts, user: User | None, action: str, target: str | None = None,
           outcome: str = ALLOWED, children: list[str] | None = None, address: str | None = None,
           username: str | None = None) -> None:
    children = sorted(set(c for c in (children or []) if c))
    with accounts.connect() as db:
        db.execute("""INSERT INTO audit (at, username, role, action, target, outcome, children, child_count, address)
                      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                   [stamp(), user.username if user else (username or "(not signed in)"), user.role if user else None,
                    action, target, outcome, json.dumps(children) if children else None, len(children), address])


def entries(accounts: Accounts, username: str | None = None, action: str | None = None, child: str | None = None,
            outcome: str | None = None, since: str | None = None, limit: int = 500) -> tuple[list[Entry], int]:
    """The newest entries matching the filters (at most ``limit``), and how many match in all."""
    where, params = ["1 = 1"], []
    if username:
        where.append("username = ?")
        params.append(username.strip().lower())
    if action:
        where.append("action LIKE ?")
        params.append(f"%{action}%")
    if child:
        where.append("children LIKE ?")
        params.append(f'%"{child}"%')
    if outcome:
        where.append("outcome = ?")
        params.append(outcome)
    if since:
        where.append("at >= ?")
        params.append(since)
    clause = " AND ".join(where)
    with accounts.connect() as db:
        total = db.execute(f"SELECT count(*) FROM audit WHERE {clause}", params).fetchone()[0]
        rows = db.execute(f"SELECT * FROM audit WHERE {clause} ORDER BY audit_id DESC LIMIT ?",
                          params + [limit]).fetchall()
    return [Entry(r["audit_id"], r["at"], r["username"], r["role"], r["action"], r["target"], r["outcome"],
                  json.loads(r["children"]) if r["children"] else [], r["child_count"], r["address"])
            for r in rows], total
