"""Sign-in throttling: progressive delays that slow guessing without locking anyone out.

A hard lockout (five wrong passwords and the account is shut) lets anyone shut any account,
the administrator's included. Instead every wrong password makes the next attempt wait, and the
waits grow; a right password after the wait signs in. Three rules, each over the wrong passwords
of the last hour (older ones are forgotten); the longest wait of the three applies:

=======================  ============  =============================================================
counted by               free tries    then the next try waits
=======================  ============  =============================================================
account and address      3             1 s after the 4th wrong password, doubling each time (2, 4,
                                       8 s ...), at most 15 minutes
account, any address     10            1 s after the 11th, doubling, at most 60 s (so guessing
                                       from many addresses cannot keep the real user out for longer
                                       than a minute at a time)
address, any account     5             1 s after the 6th, doubling, at most 15 minutes: the limit
                                       per address across user names (one password sprayed over
                                       many names, or many over many: 40 guesses at 40 names, one a
                                       second, reach the password check 11 times)
=======================  ============  =============================================================

The wait runs from the latest wrong password that the rule counts. An attempt made during a
wait is refused without checking its password and is not itself counted, so trying again too
early does not make the wait longer. A right password clears the account's counts (for every
address) but not the address's: an attacker cannot reset their address by signing in to their
own account.

The wrong passwords are kept in the accounts file (table ``signin_failure``), so every worker
process of ``carepath serve --workers N`` counts the same tries: a guesser whose requests land on
different workers meets one set of waits, not N. Restarting the server keeps them (for the hour
they count). Without a file (``Throttle()``) they live in this process's memory.

``clock`` is injectable (seconds since the epoch: the same in every process), so tests pin each
rule without sleeping.
"""
from __future__ import annotations

import sqlite3
import threading
import time
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

WINDOW = 3600.0
SCHEMA = """
CREATE TABLE IF NOT EXISTS signin_failure (
    key TEXT NOT NULL,          -- the rule's key: 'pair', 'account' or 'address' and its parts
    username TEXT,              -- set on the account's keys, which a right password clears
    at REAL NOT NULL            -- when (seconds since the epoch)
);
CREATE INDEX IF NOT EXISTS signin_failure_key ON signin_failure(key, at);
CREATE INDEX IF NOT EXISTS signin_failure_user ON signin_failure(username);
"""


@dataclass(frozen=True)
class Rule:
    name: str
    free: int
    cap: float   # the longest wait, seconds

    def wait(self, failures: int) -> float:
        """Seconds to wait after ``failures`` wrong passwords, counted from the latest."""
        if failures <= self.free:
            return 0.0
        return min(self.cap, 2.0 ** (failures - self.free - 1))


PAIR = Rule("account and address", 3, 15 * 60.0)
ACCOUNT = Rule("account", 10, 60.0)
ADDRESS = Rule("address", 5, 15 * 60.0)


class Throttle:
    def __init__(self, path: Path | None = None, clock: Callable[[], float] = time.time):
        self.path = Path(path) if path else None
        self.clock = clock
        self._lock = threading.Lock()
        self._failures: dict[tuple, deque] = {}        # no file: key -> times of wrong passwords
        if self.path is not None:
            with self._db() as db:
                db.executescript(SCHEMA)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        db.execute("PRAGMA busy_timeout=30000")
        try:
            yield db
        finally:
            db.close()

    def _times(self, key: tuple, now: float) -> list[float]:
        """The times of the wrong passwords of the last hour counted under ``key``, oldest first."""
        if self.path is None:
            times = self._failures.get(key)
            if times is None:
                return []
            while times and times[0] <= now - WINDOW:
                times.popleft()
            return list(times)
        with self._db() as db:
            return [r[0] for r in db.execute("SELECT at FROM signin_failure WHERE key = ? AND at > ? ORDER BY at",
                                             ["\x1f".join(key), now - WINDOW])]

    def wait(self, username: str, address: str | None) -> float:
        """Seconds before ``username`` may try a password from ``address`` (0: now)."""
        address = address or "?"
        with self._lock:
            now = self.clock()
            longest = 0.0
            for rule, key in ((PAIR, ("pair", username, address)), (ACCOUNT, ("account", username)),
                              (ADDRESS, ("address", address))):
                times = self._times(key, now)
                if times:
                    longest = max(longest, times[-1] + rule.wait(len(times)) - now)
            return max(0.0, longest)

    def failed(self, username: str, address: str | None) -> None:
        address = address or "?"
        keys = (("pair", username, address), ("account", username), ("address", address))
        with self._lock:
            now = self.clock()
            if self.path is None:
                for key in keys:
                    self._failures.setdefault(key, deque()).append(now)
                return
            with self._db() as db:
                db.execute("BEGIN IMMEDIATE")
                db.executemany("INSERT INTO signin_failure (key, username, at) VALUES (?, ?, ?)",
                               [("\x1f".join(k), username if k[0] != "address" else None, now) for k in keys])
                db.execute("DELETE FROM signin_failure WHERE at <= ?", [now - WINDOW])   # forgotten after the hour
                db.execute("COMMIT")

    def succeeded(self, username: str) -> None:
        with self._lock:
            if self.path is None:
                for key in [k for k in self._failures if k[0] in ("pair", "account") and k[1] == username]:
                    del self._failures[key]
                return
            with self._db() as db:
                db.execute("DELETE FROM signin_failure WHERE username = ?", [username])
