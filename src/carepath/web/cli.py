"""``carepath serve``: the dashboard on this machine (FastAPI under uvicorn).

The store is opened read-only and only while a request needs it, so ``carepath load`` and
``carepath indicators run`` keep working while it serves (pages answer "busy" while they write).

``--workers N`` serves from N processes (uvicorn's workers, one listening socket; default one per
core): each opens the store read-only and keeps its own cache of what the store holds (keyed by
its data version); they share the accounts file (SQLite in WAL mode with a busy timeout), so sessions, the audit log and
the sign-in throttle's counts are the same whichever worker answers.
"""
from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path

import click

from carepath.commands.options import common_options
from carepath.errors import CarepathError
from carepath.web.settings import WebSettings, default_web_db


def build_settings(settings, web_db, like, idle_minutes, absolute_hours, secure_cookies) -> WebSettings:
    return WebSettings.of(Path(settings.store), web_db, reference=settings.reference, like=like,
                          idle_minutes=idle_minutes, absolute_hours=absolute_hours, secure_cookies=secure_cookies)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (127.0.0.1: this machine only).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--web-db", type=click.Path(dir_okay=False), metavar="FILE",
              help="Accounts, sessions and audit log (SQLite). Default: <store>.web.sqlite.")
@click.option("--like", metavar="CODE",
              help="Synthetic authorities (codes 501+) borrow this real authority's region and neighbours.")
@click.option("--idle-minutes", default=30, show_default=True, type=click.IntRange(1, 24 * 60),
              help="A session ends after this long without a request.")
@click.option("--absolute-hours", default=12, show_default=True, type=click.IntRange(1, 24 * 30),
              help="A session ends this long after signing in.")
@click.option("--secure-cookies", is_flag=True, help="Mark cookies Secure (when served behind HTTPS).")
@click.option("--workers", type=click.IntRange(1, 64), metavar="N",
              help="Worker processes answering requests. Default: one per core of this machine "
                   "(see docs/deploy.md).")
@click.option("--forwarded-allow-ips", metavar="ADDRESSES",
              help="Proxies whose X-Forwarded-For and X-Forwarded-Proto headers are believed (comma-separated; "
                   "default: $FORWARDED_ALLOW_IPS, else 127.0.0.1; see docs/deploy.md). Requests from anywhere "
                   "else are taken at their own address.")
@common_options
def serve(settings, host, port, web_db, like, idle_minutes, absolute_hours, secure_cookies, workers,
          forwarded_allow_ips):
    """Serve the dashboard: scorecards, indicators, benchmarks, funnel plots, children's records.

    \b
      carepath user add lead --role authority_lead --la 846 --admin
      carepath serve --reference ../shared/data
    and open http://127.0.0.1:8000 in a browser.
    """
    import uvicorn

    from carepath.web.accounts import Accounts
    from carepath.web.app import create_app

    workers = workers or default_workers()
    web = build_settings(settings, web_db, like, idle_minutes, absolute_hours, secure_cookies)
    if not web.store.exists():
        raise CarepathError(f"No store at {web.store}. Load returns first (carepath load ...) or pass --store.")
    if not Accounts(web.web_db).users():
        raise CarepathError(f"There are no accounts in {web.web_db} yet. Make one first: carepath user add NAME "
                            "--role analyst --admin" + (f" --web-db {web_db}" if web_db else ""))
    _bring_up_to_date(web.store)
    click.echo(f"carepath dashboard on http://{host}:{port}  (store {web.store}, accounts {web.web_db}"
               f"{f', {workers} workers' if workers > 1 else ''}); Ctrl+C stops it.")
    options = dict(host=host, port=port, log_level="warning", proxy_headers=True,
                   forwarded_allow_ips=forwarded_allow_ips)      # None: uvicorn's $FORWARDED_ALLOW_IPS or 127.0.0.1
    if workers == 1:
        uvicorn.run(create_app(web), **options)
        return
    os.environ[SETTINGS_VARIABLE] = json.dumps(asdict(web), default=str)
    uvicorn.run("carepath.web.cli:app_from_environment", factory=True, workers=workers, **options)


SETTINGS_VARIABLE = "CAREPATH_WEB_SETTINGS"


def default_workers() -> int:
    """One worker process per core this process may run on (at least one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:                      # not Linux
        return max(1, os.cpu_count() or 1)


def app_from_environment():
    """The app of one worker process, from the settings ``serve`` passed down in the environment."""
    from carepath.web.app import create_app

    raw = json.loads(os.environ[SETTINGS_VARIABLE])
    for key in ("store", "web_db", "reference"):
        if raw.get(key) is not None:
            raw[key] = Path(raw[key])
    return create_app(WebSettings(**raw))


def _bring_up_to_date(store: Path) -> None:
    """Add the columns this carepath declares to a store made by an earlier one (a store is migrated
    whenever it is opened for writing), so its pages can read them; a store being written just now
    is left to the command writing it, which migrates it too."""
    import duckdb

    from carepath.model import store as store_mod
    try:
        store_mod.connect(store).close()
    except duckdb.Error:
        pass


__all__ = ["serve", "default_web_db"]
