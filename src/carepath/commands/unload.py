"""``carepath unload``: take one load out of the store completely, so it can be loaded again correctly."""
from __future__ import annotations

import click

from carepath.commands.options import common_options
from carepath.model import store as store_mod
from carepath.sources.loader import unload


@click.command()
@click.argument("batches", nargs=-1, required=True, type=int, metavar="LOAD...")
@common_options
def unload_command(settings, batches):
    """Take loads out of the store: their rows, row accounting and rejects.

    LOAD is a load's id as `carepath status` lists it. Every record the load gave is rebuilt from
    what the other loads said (a later return's closure dates stay; an earlier return's values come
    back where this load had overwritten them), so the store is as if it had never been loaded. Use
    it when a file was loaded with the wrong --year or --la, then load the file again; or load it
    again at once with `carepath load FILE --replace`. Each load is taken out in its own transaction.
    """
    con = store_mod.connect(settings.store)
    try:
        for batch_id in batches:
            found = con.execute("SELECT file_name, la_code, return_year FROM load_batch WHERE batch_id = ?",
                                [batch_id]).fetchall()
            removed = unload(con, batch_id)
            name, la, year = found[0]
            tables = ", ".join(f"{t} {n}" for t, n in sorted(removed.items())) or "none"
            click.echo(f"Unloaded load {batch_id} ({name}, LA {la}{', ' + year if year else ''}): "
                       f"rows taken out: {tables}.")
        if con.execute("SELECT count(*) FROM indicator_result").fetchall()[0][0]:
            click.echo("Figures computed before (carepath indicators run) still include it: run them again.")
    finally:
        con.close()
