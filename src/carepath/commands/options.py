"""Options every subcommand takes: --store and --reference, also accepted after the command name."""
from __future__ import annotations

import functools

import click

from carepath import config

STORE_HELP = "The DuckDB store file. Default: $CAREPATH_STORE, else ./carepath.duckdb."
REFERENCE_HELP = ("Folder of reference data (ONS population estimates, statistical neighbours, DfE published "
                  "tables in the tidy CSV layout). Default: $CAREPATH_REFERENCE. Optional.")


class Settings:
    def __init__(self, store: str | None = None, reference: str | None = None):
        self.store = config.store_path(store)
        self.reference = config.reference_dir(reference)


def common_options(command):
    """Add --store and --reference to a subcommand; its function receives ``settings`` first."""
    @click.option("--store", "store_option", metavar="PATH", help=STORE_HELP)
    @click.option("--reference", "reference_option", metavar="DIR", help=REFERENCE_HELP)
    @click.pass_context
    @functools.wraps(command)
    def wrapper(ctx, *args, store_option=None, reference_option=None, **kwargs):
        parent = ctx.find_object(Settings) or Settings()
        settings = Settings(store_option or (str(parent.store) if ctx.find_object(Settings) else None),
                            reference_option or (str(parent.reference) if parent.reference else None))
        return command(settings, *args, **kwargs)
    return wrapper
