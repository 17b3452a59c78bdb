"""Review notes on key practice breaches: what happened, what was learnt, where the review stands.

A breach of a key practice is reviewed in a just culture (the NHS never-events approach set out in
section 7 of "Data Visualisation in Children's Social Care", Coram for the Nuffield Foundation,
April 2019): the note records what happened and the learning, not blame. Each save is a new row,
so a note's history is kept; triggers refuse UPDATE and DELETE.

**Where they live.** Notes are written by people through the dashboard, not derived from returns,
so they live in the accounts file beside the audit log (``<store>.web.sqlite``,
:mod:`carepath.web.accounts`), not in the DuckDB store: the server opens the store read-only and
only while answering (the command line must be able to load and compute beside it), a store can
be rebuilt from the returns at any time without losing what reviewers wrote, and the notes sit
with the audit rows that record who wrote them. A breach is named by its practice and occasion
(``practice_id`` and ``record_id``), which a rebuilt store gives again.
"""
from __future__ import annotations

from dataclasses import dataclass

from carepath.errors import CarepathError
from carepath.web.accounts import Accounts, User, append_only, stamp

STATUSES = {"open": "Open: being reviewed", "learning": "Reviewed: learning agreed", "closed": "Closed"}

SCHEMA = """
CREATE TABLE IF NOT EXISTS breach_review (
    review_id INTEGER PRIMARY KEY AUTOINCREMENT,
    practice_id TEXT NOT NULL,
    record_id TEXT NOT NULL,
    child_id TEXT NOT NULL,
    la_code TEXT NOT NULL,
    what_happened TEXT NOT NULL,
    learning TEXT NOT NULL,
    status TEXT NOT NULL,
    written_by TEXT NOT NULL,
    written_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS breach_review_occasion ON breach_review(practice_id, record_id);
""" + append_only(
    "breach_review", "review notes keep their history: add a new note instead",
    "review notes keep their history: they cannot be deleted")


class ReviewError(CarepathError):
    pass


@dataclass(frozen=True)
class Review:
    review_id: int
    practice_id: str
    record_id: str
    what_happened: str
    learning: str
    status: str
    written_by: str
    written_at: str

    @property
    def status_title(self) -> str:
        return STATUSES.get(self.status, self.status)


def add(accounts: Accounts, user: User, practice_id: str, record_id: str, child_id: str, la_code: str,
        what_happened: str, learning: str, status: str) -> Review:
    what_happened, learning = (what_happened or "").strip(), (learning or "").strip()
    if not what_happened:
        raise ReviewError("Say what happened: the note needs it.")
    if status not in STATUSES:
        raise ReviewError(f"Status '{status}' is not one of: {', '.join(STATUSES)}.")
    if len(what_happened) > 4000 or len(learning) > 4000:
        raise ReviewError("A note is at most 4,000 characters in each box.")
    accounts.ready(SCHEMA)
    with accounts.connect() as db:
        db.execute("""INSERT INTO breach_review (practice_id, record_id, child_id, la_code, what_happened, learning,
                                                 status, written_by, written_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                   [practice_id, record_id, child_id, la_code, what_happened, learning, status, user.username, stamp()])
    return history(accounts, practice_id, record_id)[0]


def history(accounts: Accounts, practice_id: str, record_id: str) -> list[Review]:
    """Every note on one breach, newest first (the first is where the review stands)."""
    accounts.ready(SCHEMA)
    with accounts.connect() as db:
        rows = db.execute("""SELECT * FROM breach_review WHERE practice_id = ? AND record_id = ?
                             ORDER BY review_id DESC""", [practice_id, record_id]).fetchall()
    return [Review(r["review_id"], r["practice_id"], r["record_id"], r["what_happened"], r["learning"], r["status"],
                   r["written_by"], r["written_at"]) for r in rows]


def latest_statuses(accounts: Accounts, la_code: str) -> dict[tuple[str, str], str]:
    """(practice_id, record_id) -> the latest status of every reviewed breach of an authority."""
    accounts.ready(SCHEMA)
    with accounts.connect() as db:
        rows = db.execute("""SELECT practice_id, record_id, status FROM breach_review b
                             WHERE la_code = ? AND review_id = (SELECT max(review_id) FROM breach_review l
                                 WHERE l.practice_id = b.practice_id AND l.record_id = b.record_id)""",
                          [la_code]).fetchall()
    return {(r["practice_id"], r["record_id"]): r["status"] for r in rows}
