"""``carepath extract``: pseudonymised child-level tables for a region's pooled analysis.

Every child-level canonical table (or those named) is written with its identifying fields
treated as :mod:`carepath.exchange.pseudonymise` describes: keyed-hash child ids, first-of-month
dates of birth, postcode sectors, names and UPNs dropped. Organisation tables (teams, workers),
bookkeeping and legal department tables (which carry names) are not extracted.
"""
from __future__ import annotations

from pathlib import Path

import click
import pyarrow as pa

from carepath.commands.options import common_options
from carepath.errors import CarepathError
from carepath.exchange.pseudonymise import Pseudonymiser, new_key, read_key
from carepath.indicators.export import write_table
from carepath.model import store as store_mod
from carepath.model.tables import TABLES

EXTRACTED = [t.name for t in TABLES if not t.bookkeeping and "child_id" in t.column_names
             and t.name not in ("proceeding_link",)]


@click.command()
@click.option("--key", "key_path", type=click.Path(dir_okay=False), help="The authority's pseudonymisation key file.")
@click.option("--new-key", "new_key_path", type=click.Path(dir_okay=False),
              help="Create a new key file (keep it safe: the same key gives the same pseudonyms next time).")
@click.option("--out", type=click.Path(file_okay=False), help="Folder for the extract.")
@click.option("--table", "tables", multiple=True, metavar="NAME",
              help="Only these tables (repeatable). Default: " + ", ".join(EXTRACTED[:6]) + ", ...")
@click.option("--la", "la_code", metavar="CODE", help="Only this authority.")
@click.option("--format", "fmt", type=click.Choice(["parquet", "csv"]), default="parquet", show_default=True)
@common_options
def extract(settings, key_path, new_key_path, out, tables, la_code, fmt):
    """Write pseudonymised child-level tables: keyed-hash ids, first-of-month births, postcode sectors."""
    if new_key_path:
        new_key(Path(new_key_path))
        click.echo(f"Wrote a new key to {new_key_path}. Keep it with the authority; never send it with an extract.")
        if not out:
            return
    if not key_path or not out:
        raise CarepathError("Give --key FILE and --out DIR (or --new-key FILE to make a key first).")
    unknown = [t for t in tables if t not in EXTRACTED]
    if unknown:
        raise CarepathError(f"Cannot extract {', '.join(unknown)}; child-level tables are: {', '.join(EXTRACTED)}.")
    pseudonymiser = Pseudonymiser(read_key(Path(key_path)))
    con = store_mod.connect(settings.store, read_only=True)
    for name in tables or EXTRACTED:
        where = " WHERE la_code = ?" if la_code else ""
        rows = con.sql(f"SELECT * EXCLUDE (batch_id) FROM {name}{where}", params=[la_code] if la_code else None
                       ).to_arrow_table().to_pylist()
        treated = [pseudonymiser.row(row) for row in rows]
        if not treated:
            continue
        table = pa.Table.from_pylist(treated)
        write_table(table, Path(out) / name, (fmt,), sheet=name)
        click.echo(f"  {name}: {len(treated):,} rows")
    con.close()
    click.echo(f"Wrote the pseudonymised extract to {out}")
