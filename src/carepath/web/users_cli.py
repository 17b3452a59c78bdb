"""``carepath user``: dashboard accounts (add, list, disable, enable, password).

Accounts live in the accounts file beside the store (``<store>.web.sqlite``, or ``--web-db``).
Passwords are asked for at the prompt (or read from ``--password-file``), never taken on the
command line where other users could read them.
"""
from __future__ import annotations

from pathlib import Path

import click

from carepath.commands.options import common_options
from carepath.errors import CarepathError
from carepath.web.scope import ROLE_TITLES, ROLES
from carepath.web.settings import default_web_db

WEB_DB = click.option("--web-db", type=click.Path(dir_okay=False), metavar="FILE",
                      help="Accounts file (SQLite). Default: <store>.web.sqlite.")


def _accounts(settings, web_db):
    from carepath.web.accounts import Accounts
    return Accounts(Path(web_db) if web_db else default_web_db(Path(settings.store)))


def _password(password_file: str | None, confirm: bool = True) -> str:
    if password_file:
        text = Path(password_file).read_text(encoding="utf-8").strip()
        if not text:
            raise CarepathError(f"{password_file} is empty.")
        return text
    return click.prompt("Password (at least 10 characters)", hide_input=True, confirmation_prompt=confirm)


def _check_unit(store: Path, role: str, la_code: str | None, unit: str | None) -> None:
    """The account's unit (worker, team, service, authority) must be in the store."""
    from carepath.web.scope import UNIT_OF, AUTHORITY_LEAD, check_scope, check_unit_in_store
    if role not in UNIT_OF and role != AUTHORITY_LEAD:
        return
    check_scope(role, la_code, unit)
    if not store.exists():
        raise CarepathError(f"There is no store at {store} yet, so {unit or la_code} cannot be checked: load the "
                            "returns first (carepath load), then add accounts scoped to its teams and practitioners.")
    from carepath.model.store import connect
    con = connect(store, read_only=True)
    try:
        check_unit_in_store(con, role, la_code, unit)
    finally:
        con.close()


@click.group()
def user():
    """Dashboard accounts: who may sign in, with which role and scope.

    \b
    Roles and their scope:
      practitioner      --la 846 --unit 846/SW001   children ever allocated to that worker
      team_manager      --la 846 --unit 846/T01     children ever allocated in that team
      service_lead      --la 846 --unit Safeguarding  children allocated in that service's teams
      authority_lead    --la 846                    every child of the authority
      analyst                                       everything in the store
      regional_viewer                               disclosure-controlled aggregates only
    Add --admin to let an account manage accounts and read the audit log.
    """


@user.command("add")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(ROLES), help="What the account may see.")
@click.option("--la", "la_code", metavar="CODE", help="The authority (3-digit code) the role is scoped to.")
@click.option("--unit", metavar="ID", help="Worker id, team id or service name, for the roles that need one.")
@click.option("--name", "display_name", metavar="TEXT", help="The person's name, as pages show it.")
@click.option("--admin", is_flag=True, help="May manage accounts and read the audit log.")
@click.option("--password-file", type=click.Path(exists=True, dir_okay=False), help="Read the password from this file.")
@WEB_DB
@common_options
def add(settings, username, role, la_code, unit, display_name, admin, password_file, web_db):
    """Create an account."""
    _check_unit(Path(settings.store), role, la_code, unit)
    accounts = _accounts(settings, web_db)
    account = accounts.add(username, _password(password_file), role, la_code, unit, display_name, admin)
    click.echo(f"Added {account.username}: {account.scope.describe()}{', administrator' if account.admin else ''} "
               f"({accounts.path}).")


@user.command("list")
@WEB_DB
@common_options
def list_(settings, web_db):
    """List the accounts with their role, scope and state."""
    accounts = _accounts(settings, web_db)
    found = accounts.users()
    if not found:
        click.echo(f"No accounts in {accounts.path}. Add one: carepath user add NAME --role analyst --admin")
    for account in found:
        click.echo(f"  {account.username:<20}{ROLE_TITLES[account.role]:<18}{account.scope.describe():<40}"
                   f"{'admin ' if account.admin else ''}{'' if account.active else 'DISABLED'}")


@user.command("disable")
@click.argument("username")
@WEB_DB
@common_options
def disable(settings, username, web_db):
    """Stop an account signing in (and end its sessions). Accounts are never deleted: the audit log names them."""
    _accounts(settings, web_db).set_active(username, False)
    click.echo(f"Disabled {username}.")


@user.command("enable")
@click.argument("username")
@WEB_DB
@common_options
def enable(settings, username, web_db):
    """Let a disabled account sign in again."""
    _accounts(settings, web_db).set_active(username, True)
    click.echo(f"Enabled {username}.")


@user.command("password")
@click.argument("username")
@click.option("--password-file", type=click.Path(exists=True, dir_okay=False), help="Read the password from this file.")
@WEB_DB
@common_options
def password(settings, username, password_file, web_db):
    """Set a new password for an account (its sessions end)."""
    _accounts(settings, web_db).set_password(username, _password(password_file))
    click.echo(f"Changed the password of {username}.")
