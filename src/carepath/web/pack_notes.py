"""Commentary on the board pack: what an analyst or authority lead writes beside a board indicator
for one period, typed in the dashboard's "Board pack" page and printed in the pack
(:mod:`carepath.reports.pack`).

``pack_commentary`` is append-only (triggers refuse UPDATE and DELETE): each save is a new row and
the latest for (authority, set, period, indicator) is the one in force, so what the board was shown
can always be traced. **Where it lives:** like the tracker's manual RAGs
(:mod:`carepath.web.tracker_notes`), in the accounts file beside the audit log, not in the DuckDB
store: it is written by people, and must survive the store being rebuilt from the returns.
"""
from __future__ import annotations

from dataclasses import dataclass

from carepath.errors import CarepathError
from carepath.web.accounts import Accounts, User, append_only, stamp

SCHEMA = """
CREATE TABLE IF NOT EXISTS pack_commentary (
    commentary_id INTEGER PRIMARY KEY AUTOINCREMENT,
    la_code TEXT NOT NULL, set_name TEXT NOT NULL, period TEXT NOT NULL, indicator_id TEXT NOT NULL,
    commentary TEXT NOT NULL, written_by TEXT NOT NULL, written_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS pack_commentary_period ON pack_commentary(la_code, set_name, period);
""" + append_only(
    "pack_commentary", "commentary keeps its history: save a new version instead",
    "commentary keeps its history: entries cannot be deleted")
LONGEST = 2000


class CommentaryError(CarepathError):
    pass


@dataclass(frozen=True)
class Commentary:
    indicator_id: str
    text: str
    written_by: str
    written_at: str


def save(accounts: Accounts, user: User, la_code: str, set_name: str, period: str, indicator_id: str,
         text: str) -> None:
    """Save the commentary in force for one indicator of the pack (an empty text withdraws it)."""
    text = (text or "").strip()
    if len(text) > LONGEST:
        raise CommentaryError(f"Commentary is at most {LONGEST:,} characters; this is {len(text):,}.")
    accounts.ready(SCHEMA)
    with accounts.connect() as db:
        db.execute("""INSERT INTO pack_commentary (la_code, set_name, period, indicator_id, commentary, written_by,
                      written_at) VALUES (?, ?, ?, ?, ?, ?, ?)""",
                   [la_code, set_name, period, indicator_id, text, user.username, stamp()])


def current(accounts: Accounts, la_code: str, set_name: str, period: str) -> dict[str, Commentary]:
    """indicator_id -> the commentary in force for the period (the latest saved, unless emptied)."""
    accounts.ready(SCHEMA)
    with accounts.connect() as db:
        rows = db.execute("""SELECT * FROM pack_commentary c WHERE la_code = ? AND set_name = ? AND period = ?
                             AND commentary_id = (SELECT max(commentary_id) FROM pack_commentary l
                                 WHERE l.la_code = c.la_code AND l.set_name = c.set_name AND l.period = c.period
                                 AND l.indicator_id = c.indicator_id)""", [la_code, set_name, period]).fetchall()
    return {r["indicator_id"]: Commentary(r["indicator_id"], r["commentary"], r["written_by"], r["written_at"])
            for r in rows if r["commentary"]}
