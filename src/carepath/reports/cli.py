"""``carepath report``: documents for boards and managers, made from the indicator engine's figures."""
from __future__ import annotations

from pathlib import Path

import click

from carepath.commands.options import common_options
from carepath.errors import CarepathError
from carepath.exchange.disclosure import Rules
from carepath.indicators import catalogue, coverage, engine, periods
from carepath.indicators.progress import following
from carepath.model import store as store_mod
from carepath.reference.authorities import authorities
from carepath.reports import databook as databook_mod


@click.group()
def report():
    """Reports made from the indicators.

    \b
      carepath report databook --set board --periods 8 --out board.xlsx
    """


@report.command()
@click.option("--set", "set_name", default="board", show_default=True, metavar="SET",
              help="riia, sos, board or national.")
@click.option("--periods", "count", default=8, show_default=True, metavar="N", help="How many periods to show.")
@click.option("--period", metavar="PERIOD", help="The latest period (2024Q4, 2024-25, 2025-03...). "
                                                "Default: the last complete quarter in the store.")
@click.option("--la", "la_code", metavar="CODE", help="The authority, when the store holds several.")
@click.option("--like", metavar="CODE", help="For a synthetic authority: the real authority whose region and "
                                             "statistical neighbours to compare with.")
@click.option("--no-suppression", is_flag=True, help="Show small numbers (the book must then stay internal).")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="The .xlsx file to write.")
@common_options
def databook(settings, set_name, count, period, la_code, like, no_suppression, out):
    """Write the data book: one sheet per indicator group, the last N periods, direction of travel,
    England / region / neighbours, target and commentary cells, and a definitions sheet."""
    chosen = catalogue.get_set(set_name)
    con = store_mod.connect(settings.store)
    held = [r[0] for r in con.execute("SELECT DISTINCT la_code FROM child ORDER BY 1").fetchall()]
    if la_code is None:
        if len(held) != 1:
            raise CarepathError(f"The store holds {len(held)} authorities ({', '.join(held) or 'none'}); "
                                "say which with --la.")
        la_code = held[0]
    last = periods.parse(period) if period else coverage.last_complete(con, "quarter")
    wanted = periods.series(last, count)
    indicators = [catalogue.get(i) for i in dict.fromkeys(chosen.indicator_ids)]
    with click.progressbar(length=100, label="Computing") as bar:
        engine.run(con, indicators, wanted, levels=("authority",), reference=settings.reference,
                   keep_records=False, la_codes=[la_code], progress=following(bar))
    rows = databook_mod.collect(con, chosen, wanted, la_code)
    known = authorities(settings.reference).get(la_code)
    name = known.name if known else la_code
    rules = None if no_suppression else Rules()
    databook_mod.write(Path(out), chosen, rows, wanted, la_code, name, settings.reference, rules, like)
    con.close()
    click.echo(f"Wrote {out}: {len(rows)} indicators x {len(wanted)} periods ({wanted[0].label} to {wanted[-1].label})")
