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
      carepath report pack --set board --period 2025Q2 --out pack.pdf
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


@report.command()
@click.option("--set", "set_name", default="board", show_default=True, metavar="SET",
              help="The indicator set the board reads (board, riia, sos or national).")
@click.option("--period", metavar="QUARTER", help="The quarter the pack is for (2025Q2). "
                                                 "Default: the last complete quarter in the store.")
@click.option("--periods", "count", default=8, show_default=True, metavar="N", help="How many quarters to chart.")
@click.option("--la", "la_code", metavar="CODE", help="The authority, when the store holds several.")
@click.option("--like", metavar="CODE", help="For a synthetic authority: the real authority whose region and "
                                             "statistical neighbours to compare with.")
@click.option("--targets", "targets_file", type=click.Path(dir_okay=False, exists=True),
              help="The board's targets (YAML). Default: the shipped example, "
                   "src/carepath/reports/pack_targets.yml; copy and edit it.")
@click.option("--web-db", type=click.Path(dir_okay=False),
              help="The dashboard's accounts file, where commentary is typed. Default: <store>.web.sqlite.")
@click.option("--no-suppression", is_flag=True, help="Show small numbers (the pack must then stay internal).")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="The .pdf or .html file to write.")
@common_options
def pack(settings, set_name, period, count, la_code, like, targets_file, web_db, no_suppression, out):
    """Write the board pack (PDF or HTML): for each indicator of the set, a chart of the last N quarters
    with England, region and statistical neighbours, RAG against the board's targets, direction of
    travel, the numbers, the definition as a footnote, and the commentary typed in the dashboard.

    \b
    Compute the figures first, then write the pack:
      carepath indicators run --set board --period 2025Q2 --periods 8
      carepath report pack --set board --period 2025Q2 --out pack.pdf
    """
    from carepath.analysis.benchmark import Published
    from carepath.reports import pack as pack_mod
    from carepath.reports import pack_render
    from carepath.web.benchmarks import is_synthetic
    from carepath.web.settings import default_web_db

    if Path(out).suffix.lower() not in (".pdf", ".html", ".htm"):
        raise CarepathError(f"--out must end in .pdf or .html, not '{out}'.")
    chosen = catalogue.get_set(set_name)
    targets = pack_mod.load_targets(Path(targets_file) if targets_file else None)
    con = store_mod.connect(settings.store)
    try:
        la_code = _one_authority(con, la_code)
        last = periods.parse(period) if period else coverage.last_complete(con, "quarter")
        if last.kind != "quarter":
            raise CarepathError(f"The pack is quarterly: give a quarter such as 2025Q2, not '{last.label}'.")
        wanted = periods.series(last, count)
        commentary = _commentary(Path(web_db) if web_db else default_web_db(settings.store), la_code, set_name,
                                 last.label)
        pages = pack_mod.collect(con, chosen, wanted, la_code, Published(settings.reference),
                                 None if no_suppression else Rules(), targets, commentary, like)
    finally:
        con.close()
    known = authorities(settings.reference).get(la_code)
    name = known.name if known else (f"Synthetic authority {la_code}" if is_synthetic(la_code) else la_code)
    document = pack_render.html(pages, chosen.title, la_code, name, last.label, chosen.source, not no_suppression,
                                Path(targets_file) if targets_file else pack_mod.DEFAULT_TARGETS)
    pack_render.write(Path(out), document)
    click.echo(f"Wrote {out}: {len(pages)} indicators, {wanted[0].label} to {wanted[-1].label}, "
               f"{sum(1 for p in pages if p.commentary)} with commentary")


def _one_authority(con, la_code: str | None) -> str:
    held = [r[0] for r in con.execute("SELECT DISTINCT la_code FROM child ORDER BY 1").fetchall()]
    if la_code is None:
        if len(held) != 1:
            raise CarepathError(f"The store holds {len(held)} authorities ({', '.join(held) or 'none'}); "
                                "say which with --la.")
        la_code = held[0]
    return la_code


def _commentary(web_db: Path, la_code: str, set_name: str, period: str) -> dict:
    """The commentary typed in the dashboard for the period; none when there is no accounts file yet."""
    if not web_db.is_file():
        return {}
    from carepath.web import pack_notes
    from carepath.web.accounts import Accounts
    return pack_notes.current(Accounts(web_db), la_code, set_name, period)
