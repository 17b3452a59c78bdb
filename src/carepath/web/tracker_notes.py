"""What people add to the outcome tracker: manual RAGs with comments, and board meetings.

* ``manual_rag``: a RAG and a comment on one child's item, set by someone who may see the child (the
  tracker lets the people who know the child say what the data cannot). Each setting is a new row,
  so the history is kept; the latest is the one in force. ``rag`` may be ``clear`` to withdraw it.
* ``board_meeting`` and ``board_discussion``: a Performance Overview Board meeting (the cohort, the
  day, who recorded it) and, for each child discussed, what was agreed.

All three are append-only (triggers refuse UPDATE and DELETE). **Where they live:** like the
breach reviews (:mod:`carepath.web.practice_reviews`), in the accounts file beside the audit log,
not in the DuckDB store: they are written by people through the dashboard, which opens the store
read-only and only while answering, and they must survive the store being rebuilt from the returns.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from carepath.errors import CarepathError
from carepath.web.accounts import Accounts, User, append_only, stamp

MANUAL_RAGS = ("red", "amber", "green", "clear")

SCHEMA = """
CREATE TABLE IF NOT EXISTS manual_rag (
    manual_rag_id INTEGER PRIMARY KEY AUTOINCREMENT,
    la_code TEXT NOT NULL, child_id TEXT NOT NULL, item_id TEXT NOT NULL,
    rag TEXT NOT NULL, comment TEXT NOT NULL, written_by TEXT NOT NULL, written_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS manual_rag_child ON manual_rag(child_id, item_id);
CREATE TABLE IF NOT EXISTS board_meeting (
    meeting_id INTEGER PRIMARY KEY AUTOINCREMENT,
    la_code TEXT NOT NULL, cohort TEXT NOT NULL, held_on TEXT NOT NULL, as_at TEXT NOT NULL,
    written_by TEXT NOT NULL, written_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS board_discussion (
    discussion_id INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id INTEGER NOT NULL REFERENCES board_meeting(meeting_id),
    child_id TEXT NOT NULL, agreed TEXT NOT NULL);
"""
SCHEMA += "".join(append_only(table, "the tracker keeps its history: add a new entry instead",
                             "the tracker keeps its history: entries cannot be deleted")
                 for table in ("manual_rag", "board_meeting", "board_discussion"))


class TrackerNoteError(CarepathError):
    pass


@dataclass(frozen=True)
class ManualRag:
    child_id: str
    item_id: str
    rag: str
    comment: str
    written_by: str
    written_at: str


@dataclass(frozen=True)
class Discussion:
    meeting_id: int
    held_on: str
    cohort: str
    child_id: str
    agreed: str
    written_by: str


def set_rag(accounts: Accounts, user: User, la_code: str, child_id: str, item_id: str, rag: str,
            comment: str) -> None:
    comment = (comment or "").strip()
    if rag not in MANUAL_RAGS:
        raise TrackerNoteError(f"RAG '{rag}' is not one of: {', '.join(MANUAL_RAGS)}.")
    if not comment:
        raise TrackerNoteError("Say why: a manual RAG needs a comment.")
    if len(comment) > 2000:
        raise TrackerNoteError("A comment is at most 2,000 characters.")
    accounts.ready(SCHEMA)
    with accounts.connect() as db:
        db.execute("""INSERT INTO manual_rag (la_code, child_id, item_id, rag, comment, written_by, written_at)
                      VALUES (?, ?, ?, ?, ?, ?, ?)""", [la_code, child_id, item_id, rag, comment, user.username, stamp()])


def rag_history(accounts: Accounts, child_id: str) -> list[ManualRag]:
    """Every manual RAG set on a child, newest first."""
    accounts.ready(SCHEMA)
    with accounts.connect() as db:
        rows = db.execute("SELECT * FROM manual_rag WHERE child_id = ? ORDER BY manual_rag_id DESC", [child_id])
        return [ManualRag(r["child_id"], r["item_id"], r["rag"], r["comment"], r["written_by"], r["written_at"])
                for r in rows]


def current_rags(accounts: Accounts, la_code: str) -> dict[tuple[str, str], ManualRag]:
    """(child_id, item_id) -> the manual RAG in force (the latest, unless it was cleared)."""
    accounts.ready(SCHEMA)
    with accounts.connect() as db:
        rows = db.execute("""SELECT * FROM manual_rag m WHERE la_code = ? AND manual_rag_id =
                                 (SELECT max(manual_rag_id) FROM manual_rag l
                                  WHERE l.child_id = m.child_id AND l.item_id = m.item_id)""", [la_code]).fetchall()
    return {(r["child_id"], r["item_id"]): ManualRag(r["child_id"], r["item_id"], r["rag"], r["comment"],
                                                     r["written_by"], r["written_at"])
            for r in rows if r["rag"] != "clear"}


def version(accounts: Accounts, la_code: str) -> int:
    """Changes whenever a manual RAG is set in the authority (the latest row's id), for caches."""
    accounts.ready(SCHEMA)
    with accounts.connect() as db:
        return db.execute("SELECT coalesce(max(manual_rag_id), 0) FROM manual_rag WHERE la_code = ?",
                          [la_code]).fetchone()[0]


def record_meeting(accounts: Accounts, user: User, la_code: str, cohort: str, held_on: date, as_at: date,
                   agreed: dict[str, str]) -> int:
    """A board meeting and what was agreed for each child discussed; returns its id."""
    if not agreed:
        raise TrackerNoteError("Tick at least one child discussed.")
    accounts.ready(SCHEMA)
    with accounts.connect() as db:
        db.execute("BEGIN")
        cursor = db.execute("""INSERT INTO board_meeting (la_code, cohort, held_on, as_at, written_by, written_at)
                               VALUES (?, ?, ?, ?, ?, ?)""",
                            [la_code, cohort, held_on.isoformat(), as_at.isoformat(), user.username, stamp()])
        meeting = cursor.lastrowid
        db.executemany("INSERT INTO board_discussion (meeting_id, child_id, agreed) VALUES (?, ?, ?)",
                       [[meeting, child, (text or "").strip()] for child, text in agreed.items()])
        db.execute("COMMIT")
    return meeting


def discussions(accounts: Accounts, la_code: str) -> list[Discussion]:
    """Every child discussed at the authority's board meetings, newest meeting first."""
    accounts.ready(SCHEMA)
    with accounts.connect() as db:
        rows = db.execute("""SELECT m.meeting_id, m.held_on, m.cohort, d.child_id, d.agreed, m.written_by
                             FROM board_discussion d JOIN board_meeting m USING (meeting_id)
                             WHERE m.la_code = ? ORDER BY m.meeting_id DESC, d.discussion_id""", [la_code])
        return [Discussion(*tuple(r)) for r in rows]
