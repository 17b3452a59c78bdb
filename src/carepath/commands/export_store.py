"""``carepath export-store``: the store's canonical tables as Parquet, for Apache Spark or any other engine."""
from __future__ import annotations

from pathlib import Path

import click

from carepath.commands.options import common_options
from carepath.indicators.engines import parquet
from carepath.model import store as store_mod


@click.command("export-store")
@click.option("--out", required=True, type=click.Path(file_okay=False), metavar="DIR",
              help="Folder to write to: one sub-folder of Parquet files per table (replaced if there).")
@click.option("--la", "la_codes", multiple=True, metavar="CODE", help="Only this authority's rows (repeatable).")
@common_options
def export_store(settings, out, la_codes):
    """Write every canonical table of the store to Parquet, one folder per table.

    \b
      carepath export-store --out /shared/carepath/parquet
      carepath indicators run --engine spark --spark-master spark://head:7077 \\
          --parquet /shared/carepath/parquet --set riia --period 2025Q2
    """
    con = store_mod.connect(settings.store, read_only=True)
    try:
        written = parquet.export(con, Path(out), list(la_codes) or None)
    finally:
        con.close()
    held = {name: rows for name, rows in written.items() if rows}
    click.echo(f"Wrote {len(written)} tables ({sum(written.values()):,} rows) to {out}: "
               + ", ".join(f"{name} {rows:,}" for name, rows in held.items()))
