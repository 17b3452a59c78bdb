"""Reviewers' decisions made in the dashboard, carried into the store by the next linkage run.

The dashboard opens the store read-only, so a decision made there is written to the dashboard's
own file (``<store>.web.sqlite``, beside the accounts and the audit log) in a table shaped like
the store's ``clerical_decision``. ``carepath proceedings link`` copies every decision newer than
the store's own for the same pair into ``clerical_decision`` before linking, so decisions made
at the command line and in the browser end in one place and are applied alike.
"""
from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import duckdb

SCHEMA = """CREATE TABLE IF NOT EXISTS clerical_decision (
    proceeding_id TEXT NOT NULL, child_id TEXT NOT NULL, la_code TEXT, decision TEXT NOT NULL,
    decided_by TEXT NOT NULL, decided_at TEXT NOT NULL, note TEXT)"""


def record(db: sqlite3.Connection, proceeding_id: str, child_id: str, la_code: str | None, decision: str,
           user: str, note: str | None = None) -> None:
    """Write a browser decision into the dashboard's file (one open sqlite connection)."""
    db.execute(SCHEMA)
    db.execute("INSERT INTO clerical_decision VALUES (?, ?, ?, ?, ?, ?, ?)",
               (proceeding_id, child_id, la_code, decision, user, datetime.now().replace(microsecond=0).isoformat(),
                note))


def import_from(con: duckdb.DuckDBPyConnection, web_db: Path) -> int:
    """Copy the dashboard's decisions newer than the store's into ``clerical_decision``; how many."""
    if not Path(web_db).exists():
        return 0
    db = sqlite3.connect(web_db)
    try:
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'clerical_decision'").fetchone():
            return 0
        rows = db.execute("SELECT proceeding_id, child_id, la_code, decision, decided_by, decided_at, note "
                          "FROM clerical_decision ORDER BY decided_at").fetchall()
    finally:
        db.close()
    stored = {(p, c): at for p, c, at in con.execute(
        "SELECT proceeding_id, child_id, decided_at FROM clerical_decision").fetchall()}
    copied = 0
    for p, c, la, decision, by, at, note in rows:
        when = datetime.fromisoformat(at)
        if stored.get((p, c)) is not None and stored[(p, c)] >= when:
            continue
        con.execute("DELETE FROM clerical_decision WHERE proceeding_id = ? AND child_id = ?", [p, c])
        con.execute("INSERT INTO clerical_decision VALUES (?, ?, ?, ?, ?, ?, ?)", [p, c, la, decision, by, when, note])
        stored[(p, c)] = when
        copied += 1
    return copied
