"""The dashboard's settings: where the store, the accounts file and the reference data are.

The analytical store is the DuckDB file the command line loads and computes into; the web server
only reads it. Accounts, sessions and the audit log live in a small SQLite file beside it
(``<store>.web.sqlite`` unless ``--web-db`` says otherwise), so that signing in never needs to
write to the store.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


def default_web_db(store: Path) -> Path:
    return Path(str(store) + ".web.sqlite")


@dataclass(frozen=True)
class WebSettings:
    store: Path
    web_db: Path
    reference: Path | None = None
    like: str | None = None             # the real authority synthetic ones (501+) borrow region and neighbours from
    idle_minutes: int = 30              # a session ends after this long without a request
    absolute_hours: int = 12            # and this long after signing in, whatever happens
    secure_cookies: bool = False        # set the Secure flag (behind HTTPS)
    store_linger_seconds: float = 1.0   # keep the store open this long after the last request

    @classmethod
    def of(cls, store: Path, web_db: Path | None = None, **options) -> "WebSettings":
        store = Path(store)
        return cls(store=store, web_db=Path(web_db) if web_db else default_web_db(store), **options)
