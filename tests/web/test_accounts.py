"""Accounts, sessions and the append-only audit log in the accounts file."""
import sqlite3
from datetime import timedelta

import pytest

from carepath.errors import CarepathError
from carepath.web import audit
from carepath.web.accounts import Accounts, hash_token, now, stamp


def test_passwords_are_kept_only_as_argon2id_hashes(tmp_path):
    accounts = Accounts(tmp_path / "web.sqlite")
    accounts.add("Jo.Bloggs", "a long passphrase", "analyst")
    with accounts.connect() as db:
        stored = db.execute("SELECT password_hash FROM users WHERE username = 'jo.bloggs'").fetchone()[0]
    assert stored.startswith("$argon2id$") and "a long passphrase" not in stored
    assert accounts.verify("jo.bloggs", "a long passphrase").username == "jo.bloggs"
    assert accounts.verify("JO.BLOGGS ", "a long passphrase") is not None   # names are case-insensitive
    assert accounts.verify("jo.bloggs", "a long passphrasE") is None
    assert accounts.verify("nobody", "a long passphrase") is None


@pytest.mark.parametrize("username, password, role, la, unit, complaint", [
    ("ann", "short", "analyst", None, None, "at least 10 characters"),
    ("ann", "long enough!", "practitioner", "846", None, "needs --unit"),
    ("ann", "long enough!", "team_manager", None, "846/T1", "needs --la"),
    ("ann", "long enough!", "team_manager", "846", "T1", "not an id of authority 846"),
    ("ann", "long enough!", "authority_lead", None, None, "needs --la"),
    ("ann", "long enough!", "superuser", None, None, "Unknown role"),
    ("a b", "long enough!", "analyst", None, None, "not a usable user name"),
])
def test_an_account_needs_a_password_and_the_scope_of_its_role(tmp_path, username, password, role, la, unit, complaint):
    with pytest.raises(CarepathError, match=complaint):
        Accounts(tmp_path / "web.sqlite").add(username, password, role, la, unit)


def test_sessions_are_stored_hashed_and_end_when_idle_or_too_old(tmp_path):
    accounts = Accounts(tmp_path / "web.sqlite", idle_minutes=30, absolute_hours=12)
    user = accounts.add("ann", "long enough!", "analyst")
    token, csrf = accounts.start_session(user)
    with accounts.connect() as db:
        assert db.execute("SELECT count(*) FROM sessions WHERE token_hash = ?", [token]).fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM sessions WHERE token_hash = ?", [hash_token(token)]).fetchone()[0] == 1
    assert accounts.session(token) == (user, csrf)
    with accounts.connect() as db:   # 31 minutes without a request
        db.execute("UPDATE sessions SET last_seen = ?", [stamp(now() - timedelta(minutes=31))])
    assert accounts.session(token) is None
    token, _ = accounts.start_session(user)
    with accounts.connect() as db:   # active all along, but signed in 13 hours ago
        db.execute("UPDATE sessions SET created_at = ?", [stamp(now() - timedelta(hours=13))])
    assert accounts.session(token) is None
    assert accounts.session("made-up") is None and accounts.session(None) is None


def test_disabling_or_a_new_password_ends_the_sessions(tmp_path):
    accounts = Accounts(tmp_path / "web.sqlite")
    user = accounts.add("ann", "long enough!", "analyst")
    token, _ = accounts.start_session(user)
    accounts.set_active("ann", False)
    assert accounts.session(token) is None
    assert accounts.verify("ann", "long enough!") is None      # disabled accounts cannot sign in
    accounts.set_active("ann", True)
    token, _ = accounts.start_session(user)
    accounts.set_password("ann", "another long one")
    assert accounts.session(token) is None
    assert accounts.verify("ann", "another long one") is not None


def test_the_audit_log_refuses_updates_and_deletes(tmp_path):
    accounts = Accounts(tmp_path / "web.sqlite")
    user = accounts.add("ann", "long enough!", "team_manager", "846", "846/T1")
    audit.record(accounts, user, "view child timeline", "846/A1", children=["846/A1"])
    with accounts.connect() as db:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            db.execute("UPDATE audit SET username = 'someone else'")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            db.execute("DELETE FROM audit")
    found, total = audit.entries(accounts, child="846/A1")
    assert total == 1
    entry = found[0]
    assert (entry.username, entry.role, entry.action, entry.children, entry.outcome) == \
        ("ann", "team_manager", "view child timeline", ["846/A1"], "allowed")
