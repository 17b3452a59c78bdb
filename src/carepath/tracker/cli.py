"""``carepath tracker``: the RAG rules in force, and every child of a cohort with their outcomes."""
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
from carepath.practices.engine import default_window
from carepath.tracker import rules as rules_mod
from carepath.tracker import tracker
from carepath.tracker.values import COHORT_SQL

RULES_HELP = "A rules file to use instead of the packaged one (default: $CAREPATH_TRACKER_RULES, else rules.yml)."


@click.group("tracker")
def tracker_group():
    """The outcome tracker: every child of a cohort, their outcomes RAG-rated by editable rules.

    \b
      carepath tracker rules                                  the thresholds in force and their reasons
      carepath tracker run --cohort looked_after --out tracker/
      carepath tracker run --cohort care_leavers --as-at 2025-03-31 --rules our_rules.yml

    Cohorts: looked_after, child_protection, child_in_need, care_leavers. An item whose records are
    not loaded is "not loaded", never red.
    """


@tracker_group.command("rules")
@click.option("--rules", "rules_file", metavar="FILE", help=RULES_HELP)
@common_options
def show_rules(settings, rules_file):
    """Print every item with its cohorts, what its value is, and its bands with their reasons."""
    path = rules_mod.rules_path(rules_file)
    click.echo(f"Rules from {path}\n")
    for item in rules_mod.load(path).values():
        click.echo(f"{item.id}: {item.title}  ({', '.join(item.cohorts)})")
        click.echo(textwrap.fill(f"value: {item.value}", 96, initial_indent="  ", subsequent_indent="    "))
        for band in item.bands + ((item.none,) if item.none else ()):
            test = ("no value" if band is item.none else "otherwise" if band.test is None
                    else f"{band.test.replace('_', ' ')} {str(band.threshold).lower()}")
            click.echo(textwrap.fill(f"{band.rag:<6} {test}: {band.reason}", 96, initial_indent="  ",
                                     subsequent_indent="         "))
        click.echo()


def board_table(board: tracker.Board) -> pa.Table:
    """One row per child: who holds the case, then each item's value, RAG and reason."""
    rows = []
    for child in board.children:
        row = {"child_id": child["child_id"], "age": child["age"], "team": child["team_name"],
               "practitioner": child["worker_name"]}
        for item in board.items:
            cell = board.cells.get((child["child_id"], item.id))
            note = board.not_loaded.get(item.id)
            value = cell.value if cell else None
            row[f"{item.id}"] = str(value).lower() if isinstance(value, bool) else value
            row[f"{item.id}_rag"] = note or (cell.rag if cell else None)
            row[f"{item.id}_reason"] = cell.reason if cell else None
        rows.append(row)
    columns = ["child_id", "age", "team", "practitioner"] + [f"{i.id}{s}" for i in board.items
                                                             for s in ("", "_rag", "_reason")]
    return pa.Table.from_pylist(rows) if rows else pa.table({c: pa.array([], pa.string()) for c in columns})


@tracker_group.command()
@click.option("--cohort", type=click.Choice(list(COHORT_SQL)), default="looked_after", show_default=True,
              help="Which children.")
@click.option("--as-at", "as_at", metavar="DATE",
              help="The day (YYYY-MM-DD). Default: the last day of the latest complete month the returns cover.")
@click.option("--la", "la_code", metavar="CODE", help="The authority, when the store holds several.")
@click.option("--rules", "rules_file", metavar="FILE", help=RULES_HELP)
@click.option("--out", type=click.Path(file_okay=False), help="Write tracker.csv and tracker.xlsx here.")
@common_options
def run(settings, cohort, as_at, la_code, rules_file, out):
    """Every child of a cohort on a day, with each outcome, its RAG and the reason."""
    items = rules_mod.load(rules_file)
    con = store_mod.connect(settings.store, read_only=True)
    try:
        if as_at:
            try:
                day = date.fromisoformat(as_at)
            except ValueError:
                raise CarepathError(f"--as-at '{as_at}' is not a date written YYYY-MM-DD.") from None
        else:
            day = default_window(con)[1]
        held = [r[0] for r in con.execute("SELECT DISTINCT la_code FROM child ORDER BY 1").fetchall()]
        if la_code is None:
            if len(held) != 1:
                raise CarepathError(f"The store holds {len(held)} authorities ({', '.join(held) or 'none'}): "
                                    "say which with --la.")
            la_code = held[0]
        board = tracker.compute(con, cohort, day, la_code, items)
    finally:
        con.close()
    click.echo(f"{rules_mod.COHORTS[cohort]}, LA {la_code}, {day:%d/%m/%Y}: {len(board.children):,} children "
               f"({board.seconds:.1f} s)")
    for item in board.items:
        if item.id in board.not_loaded:
            click.echo(f"  {item.title:<44}{board.not_loaded[item.id]}")
            continue
        n = board.counts(item.id)
        click.echo(f"  {item.title:<44}red {n['red']:>5}  amber {n['amber']:>5}  green {n['green']:>5}  "
                   f"no value {n['none']:>5}")
    if out:
        paths = export.write_table(board_table(board), Path(out) / "tracker", ("csv", "xlsx"), sheet="tracker")
        click.echo("Wrote " + ", ".join(str(p) for p in paths))


@tracker_group.command("compare")
@click.option("--year", metavar="YEAR", help="The return year, 2024-25. Default: the latest OC2 year loaded.")
@click.option("--la", "la_code", metavar="CODE", help="The authority, when the store holds several.")
@click.option("--like", metavar="CODE", help="For a synthetic authority: the real authority whose region and "
                                             "neighbours to compare with.")
@click.option("--out", type=click.Path(file_okay=False), help="Write comparison.csv and comparison.xlsx here.")
@common_options
def compare_command(settings, year, la_code, like, out):
    """Looked-after children's health and SDQ (SSDA903 OC2) beside England's and the region's published figures."""
    from carepath.indicators import periods
    from carepath.tracker import compare
    con = store_mod.connect(settings.store, read_only=True)
    try:
        held = [r[0] for r in con.execute("SELECT DISTINCT la_code FROM cla_outcome ORDER BY 1").fetchall()]
        if not held:
            raise CarepathError("The store holds no SSDA903 OC2 outcomes: load the SSDA903 return first.")
        la_code = la_code or (held[0] if len(held) == 1 else None)
        if la_code is None:
            raise CarepathError(f"The store holds OC2 outcomes of {', '.join(held)}: say which with --la.")
        if year:
            end = periods.parse(year)
            if end.kind != "year":
                raise CarepathError(f"--year '{year}' is not a return year such as 2024-25.")
            year_end = end.end.year
        else:
            year_end = con.execute("SELECT max(year(year_ending)) FROM cla_outcome WHERE la_code = ?",
                                   [la_code]).fetchall()[0][0]
        rows = compare.compare(con, settings.reference, la_code, year_end, like)
    finally:
        con.close()
    label = f"{year_end - 1}-{year_end % 100:02d}"
    click.echo(f"Children looked after for 12 months at 31 March {year_end}, LA {la_code} ({label}):")
    shown = lambda v: "" if v is None else f"{v:,.1f}"
    for row in rows:
        click.echo(f"  {row.title:<40}{shown(row.own):>8}   England {shown(row.england) or 'not published':>13}   "
                   f"{row.region_name or 'region'} {shown(row.region) or 'not published'}")
    if not settings.reference:
        click.echo("No reference folder given (--reference): England's and the region's figures need DfE's table "
                   "of looked-after children's health outcomes there.")
    if out:
        table = pa.Table.from_pylist([{"measure": r.measure, "title": r.title, "year": label, "la_code": la_code,
                                       "children": r.children, "value": r.own, "england": r.england,
                                       "region": r.region, "region_name": r.region_name,
                                       "neighbours_median": r.neighbours_median} for r in rows])
        paths = export.write_table(table, Path(out) / "comparison", ("csv", "xlsx"), sheet="comparison")
        click.echo("Wrote " + ", ".join(str(p) for p in paths))
