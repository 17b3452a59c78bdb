"""Accounts for the demo: one per role over the synthetic authority, with printed sign-ins.

``carepath demo`` can end with::

    from carepath.web.demo import demo_accounts, serve
    sign_ins = demo_accounts(store_path)          # [(username, password, what it sees)]
    serve(store_path, reference, sign_ins)        # prints them and serves on 127.0.0.1:8000

Passwords are random for each demo and printed once; accounts that exist are left alone.
"""
from __future__ import annotations

import secrets
from pathlib import Path

import duckdb

from carepath.web.accounts import Accounts
from carepath.web.settings import default_web_db


def _busiest(con, sql: str, params: list | None = None) -> str | None:
    rows = con.execute(sql, params or []).fetchall()
    row = rows[0] if rows else None
    return row[0] if row else None


def _computed_unit(con, la: str, level: str) -> str | None:
    """The team (or practitioner) with figures for the most indicators in the latest financial year
    computed, so that a demo account starts where the dashboard has figures to show."""
    return _busiest(con, """
        SELECT unit_id FROM indicator_result
        WHERE la_code = ? AND level = ? AND unit_id NOT LIKE '%/Not allocated'
          AND period = (SELECT max(period) FROM indicator_result WHERE la_code = ? AND period_kind = 'year')
        GROUP BY 1 ORDER BY count(*) DESC, sum(numerator) DESC, 1 LIMIT 1""", [la, level, la])


def demo_accounts(store: Path, web_db: Path | None = None) -> list[tuple[str, str, str]]:
    """Make (if missing) an analyst (administrator), an authority lead, a team manager, a practitioner and a
    regional viewer for the first authority in the store; return the new (username, password, description)."""
    accounts = Accounts(web_db or default_web_db(Path(store)))
    con = duckdb.connect(str(store), read_only=True)
    try:
        la = _busiest(con, "SELECT la_code FROM child GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
        team = _computed_unit(con, la, "team") or _busiest(
            con, "SELECT coalesce(a.team_id, w.team_id) AS team FROM allocation a LEFT JOIN worker w "
                 "USING (worker_id) WHERE team IS NOT NULL AND a.la_code = ? GROUP BY 1 "
                 "ORDER BY count(*) DESC, 1 LIMIT 1", [la])
        worker = _computed_unit(con, la, "worker") or _busiest(
            con, "SELECT worker_id FROM allocation WHERE worker_id IS NOT NULL AND la_code = ? "
                 "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1", [la])
    finally:
        con.close()
    wanted = [("analyst", "analyst", None, None, True), ("lead", "authority_lead", la, None, False),
              ("manager", "team_manager", la, team, False), ("practitioner", "practitioner", la, worker, False),
              ("region", "regional_viewer", None, None, False)]
    made = []
    for username, role, la_code, unit, admin in wanted:
        if accounts.get(username) is not None or (role in ("team_manager", "practitioner") and not unit) or \
                (role == "authority_lead" and not la_code):
            continue
        password = secrets.token_urlsafe(9)
        account = accounts.add(username, password, role, la_code, unit, admin=admin)
        made.append((username, password, account.scope.describe() + (", administrator" if admin else "")))
    return made


def serve(store: Path, reference: Path | None, sign_ins: list[tuple[str, str, str]], host: str = "127.0.0.1",
          port: int = 8000, echo=print, like: str | None = None) -> None:
    import uvicorn

    from carepath.web.app import create_app
    from carepath.web.settings import WebSettings

    echo(f"\nThe dashboard is at http://{host}:{port}  (Ctrl+C stops it). Sign in as:")
    for username, password, described in sign_ins:
        echo(f"  {username:<14}password {password:<16}{described}")
    if not sign_ins:
        echo("  the accounts made by an earlier demo (carepath user list; carepath user password NAME)")
    uvicorn.run(create_app(WebSettings.of(Path(store), reference=reference, like=like)), host=host, port=port,
                log_level="warning")
