"""Dashboard accounts, sessions and the audit log: a small SQLite file beside the store.

* ``users``: one row per account. Passwords are hashed with Argon2id (argon2-cffi's defaults);
  the hash is all that is kept. ``role`` and its scope (``la_code`` and ``unit``) decide what the
  account may see (:mod:`carepath.web.scope`); ``admin`` lets it manage accounts and read the
  audit log. Accounts are disabled, never deleted, so the audit log always names a real account.
* ``sessions``: a signed-in browser. The cookie holds a random token; only its SHA-256 is stored,
  so a copy of this file does not let anyone in. A session ends after ``idle`` minutes without a
  request and ``absolute`` hours after signing in.
* ``audit`` and ``audit_child`` (the children of each entry, one row each): append-only. Triggers
  refuse every UPDATE and DELETE, so not even the application can rewrite what was seen (see
  :mod:`carepath.web.audit`).
* ``signin_failure``: wrong passwords of the last hour (:mod:`carepath.web.throttle`).

Every worker process of ``carepath serve --workers N`` opens this file: see ``BUSY_SECONDS``.
"""
from __future__ import annotations

import hashlib
import secrets
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from carepath.errors import CarepathError
from carepath.web.scope import ROLES, Scope, check_scope

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    user_id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    la_code TEXT,
    unit TEXT,
    admin INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    password_changed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(user_id),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit (
    audit_id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    username TEXT NOT NULL,
    role TEXT,
    action TEXT NOT NULL,
    target TEXT,
    outcome TEXT NOT NULL,
    children TEXT,
    child_count INTEGER NOT NULL DEFAULT 0,
    address TEXT
);
CREATE INDEX IF NOT EXISTS audit_at ON audit(at);
CREATE TABLE IF NOT EXISTS audit_child (
    audit_id INTEGER NOT NULL REFERENCES audit(audit_id),
    child_id TEXT NOT NULL,
    PRIMARY KEY (audit_id, child_id)
);
CREATE INDEX IF NOT EXISTS audit_child_child ON audit_child(child_id);
CREATE TRIGGER IF NOT EXISTS audit_child_no_update BEFORE UPDATE ON audit_child
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: rows cannot be changed'); END;
CREATE TRIGGER IF NOT EXISTS audit_child_no_delete BEFORE DELETE ON audit_child
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: rows cannot be deleted'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: rows cannot be changed'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: rows cannot be deleted'); END;
"""

_hasher = PasswordHasher()
# Several worker processes (``carepath serve --workers N``) write this file at once. WAL mode lets
# readers go on while one writes; a writer that finds the file locked waits up to this long for its
# turn instead of failing, and every write is one short transaction, so turns are quick.
BUSY_SECONDS = 30
MIN_PASSWORD = 10


class AccountError(CarepathError):
    pass


@dataclass(frozen=True)
class User:
    user_id: int
    username: str
    display_name: str
    role: str
    la_code: str | None
    unit: str | None
    admin: bool
    active: bool

    @property
    def scope(self) -> Scope:
        return Scope(self.role, self.la_code, self.unit)


def now() -> datetime:
    return datetime.now(timezone.utc)


def stamp(moment: datetime | None = None) -> str:
    return (moment or now()).isoformat(timespec="seconds")


def append_only(table: str, on_update: str, on_delete: str) -> str:
    """Triggers that refuse UPDATE and DELETE on ``table``, with the message each gives: what people write
    through the dashboard (notes, reviews, RAGs, costs) keeps its history, a new row for each change."""
    return f"""
CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table}
BEGIN SELECT RAISE(ABORT, '{on_update}'); END;
CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table}
BEGIN SELECT RAISE(ABORT, '{on_delete}'); END;
"""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Accounts:
    """The SQLite file of accounts, sessions and audit rows; one short connection per use."""

    def __init__(self, path: Path, idle_minutes: int = 30, absolute_hours: int = 12, hold_open: bool = False):
        self.path = Path(path)
        self.idle = timedelta(minutes=idle_minutes)
        self.absolute = timedelta(hours=absolute_hours)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._ready: set[str] = set()
        with self.connect() as db:
            db.execute("PRAGMA journal_mode=WAL")      # kept in the file: every later connection uses it
            db.executescript(SCHEMA)
        # The server holds one connection open, never used: while it is open, closing the others does
        # not checkpoint and delete the write-ahead log each time (~20 ms a request). Until ``close()``
        # recent writes may be in ``<file>-wal`` only: copy the file with SQLite's backup, not ``cp``.
        self._keeper = None
        if hold_open:
            self._keeper = sqlite3.connect(self.path, timeout=BUSY_SECONDS, check_same_thread=False)
            self._keeper.execute("SELECT count(*) FROM users").fetchall()   # opens the log's index: holds on

    def close(self) -> None:
        """Let go of the held connection (the last to close checkpoints the log into the file)."""
        if self._keeper is not None:
            self._keeper.close()
            self._keeper = None

    def ready(self, schema: str) -> None:
        """Make a feature's tables in the accounts file (``CREATE ... IF NOT EXISTS``), once per process."""
        if schema in self._ready:
            return
        with self.connect() as db:
            db.executescript(schema)
        self._ready.add(schema)

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)   # the busy timeout
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA foreign_keys=ON")
        try:
            yield db
        finally:
            db.close()

    # -- accounts ---------------------------------------------------------------------------
    def add(self, username: str, password: str, role: str, la_code: str | None = None, unit: str | None = None,
            display_name: str | None = None, admin: bool = False) -> User:
        username = username.strip().lower()
        if not username or not username.replace(".", "").replace("-", "").replace("_", "").isalnum():
            raise AccountError(f"'{username}' is not a usable user name: letters, digits, '.', '-' and '_' only.")
        check_scope(role, la_code, unit)
        check_password(password)
        with self.connect() as db:
            if db.execute("SELECT 1 FROM users WHERE username = ?", [username]).fetchone():
                raise AccountError(f"There is already an account '{username}'.")
            db.execute("""INSERT INTO users (username, display_name, password_hash, role, la_code, unit, admin,
                                             active, created_at, password_changed_at)
                          VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)""",
                       [username, display_name or username, _hasher.hash(password), role, la_code, unit,
                        int(admin), stamp(), stamp()])
        return self.get(username)

    def get(self, username: str) -> User | None:
        with self.connect() as db:
            row = db.execute("SELECT * FROM users WHERE username = ?", [username.strip().lower()]).fetchone()
        return _user(row) if row else None

    def users(self) -> list[User]:
        with self.connect() as db:
            return [_user(r) for r in db.execute("SELECT * FROM users ORDER BY username")]

    def set_active(self, username: str, active: bool) -> User:
        user = self._existing(username)
        with self.connect() as db:
            db.execute("UPDATE users SET active = ? WHERE user_id = ?", [int(active), user.user_id])
            if not active:
                db.execute("DELETE FROM sessions WHERE user_id = ?", [user.user_id])
        return self.get(username)

    def set_password(self, username: str, password: str) -> None:
        user = self._existing(username)
        check_password(password)
        with self.connect() as db:
            db.execute("UPDATE users SET password_hash = ?, password_changed_at = ? WHERE user_id = ?",
                       [_hasher.hash(password), stamp(), user.user_id])
            db.execute("DELETE FROM sessions WHERE user_id = ?", [user.user_id])

    def _existing(self, username: str) -> User:
        user = self.get(username)
        if user is None:
            raise AccountError(f"There is no account '{username}'. See `carepath user list`.")
        return user

    def verify(self, username: str, password: str) -> User | None:
        """The account if the password is right and the account active; else None (same time either way)."""
        with self.connect() as db:
            row = db.execute("SELECT * FROM users WHERE username = ?", [username.strip().lower()]).fetchone()
        stored = row["password_hash"] if row else _DUMMY_HASH
        try:
            _hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return None
        if row is None or not row["active"]:
            return None
        if _hasher.check_needs_rehash(stored):
            with self.connect() as db:
                db.execute("UPDATE users SET password_hash = ? WHERE user_id = ?",
                           [_hasher.hash(password), row["user_id"]])
        return _user(row)

    # -- sessions ---------------------------------------------------------------------------
    def start_session(self, user: User) -> tuple[str, str]:
        """A new session for ``user``: (cookie token, CSRF token)."""
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        with self.connect() as db:
            db.execute("INSERT INTO sessions VALUES (?, ?, ?, ?, ?)",
                       [hash_token(token), user.user_id, csrf, stamp(), stamp()])
            db.execute("DELETE FROM sessions WHERE last_seen < ? OR created_at < ?",
                       [stamp(now() - self.idle), stamp(now() - self.absolute)])
        return token, csrf

    def session(self, token: str | None) -> tuple[User, str] | None:
        """The user and CSRF token of a live session; touches it (at most once a minute)."""
        if not token:
            return None
        key = hash_token(token)
        with self.connect() as db:
            row = db.execute("""SELECT s.created_at, s.last_seen, s.csrf_token, u.* FROM sessions s
                                JOIN users u USING (user_id) WHERE s.token_hash = ?""", [key]).fetchone()
            if row is None:
                return None
            moment = now()
            created, seen = datetime.fromisoformat(row["created_at"]), datetime.fromisoformat(row["last_seen"])
            if not row["active"] or moment - seen > self.idle or moment - created > self.absolute:
                db.execute("DELETE FROM sessions WHERE token_hash = ?", [key])
                return None
            if moment - seen > timedelta(minutes=1):
                db.execute("UPDATE sessions SET last_seen = ? WHERE token_hash = ?", [stamp(moment), key])
        return _user(row), row["csrf_token"]

    def end_session(self, token: str | None) -> None:
        if token:
            with self.connect() as db:
                db.execute("DELETE FROM sessions WHERE token_hash = ?", [hash_token(token)])


def check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise AccountError(f"A password needs at least {MIN_PASSWORD} characters.")


def _user(row: sqlite3.Row) -> User:
    return User(row["user_id"], row["username"], row["display_name"], row["role"], row["la_code"], row["unit"],
                bool(row["admin"]), bool(row["active"]))


_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))
ROLE_NAMES = ROLES
