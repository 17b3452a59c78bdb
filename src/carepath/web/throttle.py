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
own account. The counts live in the server's memory: restarting the server forgets them.

``clock`` is injectable (seconds, monotonic), so tests pin each rule without sleeping.
"""
from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Callable

WINDOW = 3600.0


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
    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self._lock = threading.Lock()
        self._failures: dict[tuple, deque] = {}        # key -> times of wrong passwords

    def _recent(self, key: tuple, now: float) -> deque:
        times = self._failures.get(key)
        if times is None:
            return deque()
        while times and times[0] <= now - WINDOW:
            times.popleft()
        return times

    def wait(self, username: str, address: str | None) -> float:
        """Seconds before ``username`` may try a password from ``address`` (0: now)."""
        address = address or "?"
        with self._lock:
            now = self.clock()
            longest = 0.0
            for rule, key in ((PAIR, ("pair", username, address)), (ACCOUNT, ("account", username)),
                              (ADDRESS, ("address", address))):
                times = self._recent(key, now)
                if times:
                    longest = max(longest, times[-1] + rule.wait(len(times)) - now)
            return max(0.0, longest)

    def failed(self, username: str, address: str | None) -> None:
        address = address or "?"
        with self._lock:
            now = self.clock()
            for key in (("pair", username, address), ("account", username), ("address", address)):
                self._failures.setdefault(key, deque()).append(now)

    def succeeded(self, username: str) -> None:
        with self._lock:
            for key in [k for k in self._failures if k[0] in ("pair", "account") and k[1] == username]:
                del self._failures[key]
