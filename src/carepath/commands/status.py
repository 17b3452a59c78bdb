"""``carepath status``: what the store holds, the row accounting of every load, its field issues and warnings."""
from __future__ import annotations

from pathlib import Path

import click

from carepath.commands.options import common_options
from carepath.model import store as store_mod
from carepath.model.tables import TABLES

SUMMARY_TABLES = ("child", "contact", "early_help", "referral", "assessment", "s47", "cin_plan", "cp_plan",
                  "cla_episode", "care_leaver", "adoption", "visit", "allocation", "worker", "proceeding",
                  "send_request", "ehe", "population")


def holdings(con) -> list[tuple[str, int]]:
    return [(t.name, con.execute(f"SELECT count(*) FROM {t.name}").fetchall()[0][0])
            for t in TABLES if not t.bookkeeping]


def authorities(con) -> list[tuple[str, int]]:
    return con.execute("SELECT la_code, count(*) FROM child GROUP BY la_code ORDER BY la_code").fetchall()


def _has_findings(con) -> bool:
    names = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    return {"field_issue", "load_warning"} <= names


@click.command()
@click.option("--rejects", "show_rejects", is_flag=True, help="List every rejected row with its reason.")
@click.option("--issues", "show_issues", is_flag=True,
              help="List every value set aside from a loaded record (field issues), and every load warning.")
@click.option("--all-tables", is_flag=True, help="Show every table, including empty ones.")
@common_options
def status(settings, show_rejects, show_issues, all_tables):
    """Show what the store holds: children and records by table, and each load's accounting."""
    con = store_mod.connect(settings.store, read_only=True)
    click.echo(f"Store: {settings.store}  (schema version {store_mod.schema_version(con)})")
    las = authorities(con)
    click.echo("Authorities: " + (", ".join(f"{la} ({n} children)" for la, n in las) or "none yet"))
    click.echo("\nRecords:")
    for name, count in holdings(con):
        if count or all_tables or name in SUMMARY_TABLES:
            click.echo(f"  {name:<22}{count:>10,}")
    loads = con.execute("SELECT batch_id, file_name, format, la_code, return_year, "
                        "strftime(loaded_at, '%Y-%m-%d %H:%M'), rows_read, rows_loaded, rows_rejected "
                        "FROM load_batch ORDER BY batch_id").fetchall()
    findings = _has_findings(con)  # a store made before field issues were kept has not the tables yet
    issues = dict(con.execute("SELECT batch_id, count(*) FROM field_issue GROUP BY batch_id").fetchall()) \
        if findings else {}
    warnings = dict(con.execute("SELECT batch_id, count(*) FROM load_warning GROUP BY batch_id").fetchall()) \
        if findings else {}
    click.echo(f"\nLoads ({len(loads)}):" + ("  id, file [format, LA, return year] loaded at: rows" if loads else ""))
    for batch_id, name, fmt, la, year, at, read, loaded, rejected in loads:
        extra = (f", {issues[batch_id]} field issues" if batch_id in issues else "") + (
            f", {warnings[batch_id]} warning{'s' if warnings[batch_id] > 1 else ''}" if batch_id in warnings else "")
        click.echo(f"  {batch_id:>4}  {name}  [{fmt}, LA {la}{', ' + year if year else ''}]  {at}:  "
                   f"read {read}, loaded {loaded}, rejected {rejected}" + extra)
    if loads:
        click.echo("  Take a load out with `carepath unload ID`, or load its file again with "
                   "`carepath load FILE --replace`.")
    gone = con.execute("SELECT batch_id, file_name, la_code, return_year, strftime(unloaded_at, '%Y-%m-%d %H:%M'), "
                       "reason FROM unload ORDER BY batch_id").fetchall()
    if gone:
        click.echo(f"\nLoads taken out ({len(gone)}):")
        for batch_id, name, la, year, at, reason in gone:
            click.echo(f"  {batch_id:>4}  {name}  [LA {la}{', ' + year if year else ''}]  {at}: {reason}")
    runs = con.execute("""SELECT run_id, return_kind, rule_pack, status, issues, files FROM validation_run
                          ORDER BY run_id""").fetchall()
    if runs:
        click.echo(f"\nDfE validation runs ({len(runs)}):")
        for run_id, kind, pack, run_status, issues, files in runs:
            named = [f.strip() for f in str(files or "").split("|")[0].split(";") if f.strip()]
            where = named[0] if len(named) == 1 else f"{len(named)} files in {Path(named[0]).parent}" if named else ""
            click.echo(f"  {run_id:>4}  {str(kind).upper():<4} {pack}  {run_status}: {issues or 0} issues  ({where})")
    if show_issues and not findings:
        click.echo("\nField issues: none kept (this store was made before carepath kept them; files loaded "
                   "from now on keep theirs)")
    elif show_issues:
        shown = con.execute("SELECT file_name, kind, message FROM load_warning ORDER BY batch_id, warning_no")
        found = shown.fetchall()
        click.echo(f"\nLoad warnings ({len(found)}):")
        for name, kind, message in found:
            click.echo(f"  {name} ({kind}): {message}")
        found = con.execute("SELECT file_name, table_name, row_ref, field, value, reason FROM field_issue "
                            "ORDER BY batch_id, issue_no").fetchall()
        click.echo(f"\nField issues ({len(found)}): values set aside, their records loaded without them")
        for name, table_name, ref, field, value, reason in found:
            click.echo(f"  {name} {table_name} at {ref}: {field} = {value!r} set aside: {reason}")
    if show_rejects:
        rows = con.execute("SELECT file_name, table_name, row_ref, reason FROM reject ORDER BY batch_id, reject_no")
        click.echo("\nRejected rows:")
        for name, table_name, ref, reason in rows.fetchall():
            click.echo(f"  {name} {table_name} at {ref}: {reason}")
    con.close()
