"""``carepath practices``: list the key practices, show one, find every breach."""
from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import click
import pyarrow as pa

from carepath.commands.options import common_options
from carepath.errors import CarepathError
from carepath.indicators import export
from carepath.model import store as store_mod
from carepath.practices import catalogue, engine


@click.group()
def practices():
    """Key practices ("never events"): statutory practice that must never be missed, and every breach.

    \b
      carepath practices list                          the catalogue
      carepath practices show cp_visits                definition, source, records needed, SQL
      carepath practices run --out breaches/           every breach in the last 12 months covered
      carepath practices run --from 2024-04-01 --as-at 2025-03-31 --practice cla_visits

    Each breach names the child, the practice, the day it was due, the day it was done (or none)
    and the team and worker who held the child's case on the due day. A practice whose records
    are not loaded says "not measurable", never zero breaches.
    """


@practices.command("list")
@common_options
def list_(settings):
    """Print the catalogue: id and title, and the records each needs."""
    for practice in catalogue.practices().values():
        click.echo(f"{practice.id:<24}{practice.title}")
        click.echo(f"{'':<24}needs: {', '.join(r.name for r in practice.records)}")


@practices.command()
@click.argument("practice_id")
@common_options
def show(settings, practice_id):
    """Print a key practice's definition, sources, the records it needs, boundaries and SQL."""
    practice = catalogue.get(practice_id)
    wrap = lambda text: textwrap.fill(text, 96, initial_indent="  ", subsequent_indent="  ")
    click.echo(f"{practice.id}: {practice.title}\n\nDefinition\n{wrap(practice.definition)}")
    click.echo("\nSources")
    for source in practice.sources:
        click.echo(textwrap.fill(source, 96, initial_indent="  - ", subsequent_indent="    "))
    click.echo("\nRecords it needs\n" + "\n".join(
        f"  {r.name} (table {r.table}{', ' + r.where if r.where else ''})" for r in practice.records))
    click.echo("\nBoundary choices")
    for boundary in practice.boundaries:
        click.echo(textwrap.fill(boundary, 96, initial_indent="  - ", subsequent_indent="    "))
    click.echo(f"\nSQL ({practice.path.name})\n{practice.sql}")


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CarepathError(f"{option} '{value}' is not a date written YYYY-MM-DD.") from None


def summary_table(outcome: engine.Outcome) -> pa.Table:
    titles = {p.id: p.title for p in catalogue.practices().values()}
    rows = [{"practice_id": s.practice_id, "title": titles[s.practice_id], "la_code": s.la_code,
             "first_day": outcome.first_day, "as_at": outcome.as_at, "due": s.due, "breaches": s.breaches,
             "breach_percent": round(100 * s.breaches / s.due, 1) if s.due else None, "note": s.note}
            for s in outcome.statuses]
    return pa.Table.from_pylist(rows)


@practices.command()
@click.option("--practice", "ids", multiple=True, metavar="ID", help="Only this practice (repeatable).")
@click.option("--from", "first", metavar="DATE", help="First due day (YYYY-MM-DD). Default: 12 months before --as-at.")
@click.option("--as-at", "as_at", metavar="DATE",
              help="Last due day, and what is known by then (YYYY-MM-DD). Default: the end of the latest "
                   "complete month the loaded returns cover.")
@click.option("--la", "la_codes", multiple=True, metavar="CODE", help="Only this authority (repeatable).")
@click.option("--out", type=click.Path(file_okay=False),
              help="Write summary.csv/.xlsx (per practice) and breaches.csv/.xlsx (every breach) here.")
@common_options
def run(settings, ids, first, as_at, la_codes, out):
    """Find every occasion each key practice was due in the window, and every breach."""
    chosen = [catalogue.get(i) for i in ids] or list(catalogue.practices().values())
    first_day, last_day = _day(first, "--from"), _day(as_at, "--as-at")
    con = store_mod.connect(settings.store, read_only=True)
    try:
        if last_day is None:
            last_day = engine.default_window(con)[1]
        first_day = first_day or engine.twelve_months_to(last_day)
        outcome = engine.run(con, chosen, first_day, last_day, list(la_codes) or None)
        table = engine.breaches(con, {p.id: p.title for p in chosen})
    finally:
        con.close()
    click.echo(f"Key practices due {outcome.first_day:%d/%m/%Y} to {outcome.as_at:%d/%m/%Y} "
               f"({outcome.seconds:.1f} s):")
    for status in outcome.statuses:
        figures = status.note or f"{status.breaches:,} breaches of {status.due:,} due"
        click.echo(f"  {status.la_code}  {status.practice_id:<24}{figures}")
    if out:
        paths = export.write_table(summary_table(outcome), Path(out) / "summary", ("csv", "xlsx"), sheet="summary")
        paths += export.write_table(table, Path(out) / "breaches", ("csv", "xlsx"), sheet="breaches")
        click.echo(f"Wrote {table.num_rows:,} breaches: " + ", ".join(str(p) for p in paths))
