"""The ``carepath`` command: load returns, validate them, generate a synthetic authority, demo.

Every command finds the store at --store PATH, else $CAREPATH_STORE, else ./carepath.duckdb,
and reference data at --reference DIR, else $CAREPATH_REFERENCE.
"""
from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import traceback

import click

from carepath import __version__
from carepath.commands.options import REFERENCE_HELP, STORE_HELP, Settings
from carepath.errors import CarepathError


# name -> (module, attribute, one-line help). Commands are imported only when used, so that
# `carepath --help` and each command start quickly; a module not yet written is left out.
COMMANDS = {
    "demo": ("carepath.commands.demo", "demo", "Generate a synthetic authority, load, validate and report it."),
    "load": ("carepath.commands.load", "load", "Load returns: CIN census XML, SSDA903, Annex A, extracts."),
    "status": ("carepath.commands.status", "status", "What the store holds, and every load's row accounting."),
    "unload": ("carepath.commands.unload", "unload_command", "Take one load out of the store again (by its id)."),
    "validate": ("carepath.quality.cli", "validate", "Run the DfE validation rules over CIN and SSDA903 returns."),
    "synth": ("carepath.synth.cli", "synth", "Write synthetic authorities' returns in the real formats."),
    "indicators": ("carepath.indicators.cli", "indicators", "List, explain and compute the indicator sets."),
    "export-store": ("carepath.commands.export_store", "export_store",
                     "Write the store's canonical tables to Parquet (for Apache Spark)."),
    "riia": ("carepath.exchange.cli", "riia_group", "RIIA quarterly submissions and a region's compilation."),
    "extract": ("carepath.exchange.extract", "extract", "Pseudonymised child-level extracts for a region."),
    "report": ("carepath.reports.cli", "report", "Reports: the improvement board's data book and pack."),
    "practices": ("carepath.practices.cli", "practices", "Key practices that must never be missed: every breach."),
    "tracker": ("carepath.tracker.cli", "tracker_group", "Outcome tracker: every child's outcomes, RAG-rated."),
    "analyse": ("carepath.analysis.overtime.cli", "analyse", "Children's lives over time: survival, incidence, histories."),
    "forecast": ("carepath.forecast.cli", "forecast", "Forecast children looked after by age and placement, and cost."),
    "serve": ("carepath.web.cli", "serve", "Serve the dashboard on this machine."),
    "user": ("carepath.web.users_cli", "user", "Dashboard accounts: add, list, reset passwords."),
    "proceedings": ("carepath.linkage.cli", "proceedings",
                    "Care proceedings: link legal records to children (Splink), review, journeys."),
}


def _available(name: str) -> bool:
    try:
        return importlib.util.find_spec(COMMANDS[name][0]) is not None
    except ModuleNotFoundError:  # its package is not there either
        return False


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        return [name for name in COMMANDS if _available(name)]

    def get_command(self, ctx, name):
        if name not in COMMANDS or not _available(name):
            return None
        module, attribute, _ = COMMANDS[name]
        return getattr(importlib.import_module(module), attribute)

    def format_commands(self, ctx, formatter):
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--store", metavar="PATH", help=STORE_HELP)
@click.option("--reference", metavar="DIR", help=REFERENCE_HELP)
@click.version_option(__version__, prog_name="carepath")
@click.pass_context
def cli(ctx: click.Context, store: str | None, reference: str | None) -> None:
    """carepath: children's social care returns into one store, checked, counted and compared.

    \b
    Start here:
      carepath demo                   generate a synthetic authority, load it, validate it, report
      carepath load RETURNS/          load CIN census XML, SSDA903 CSV/XML, Annex A xlsx, extracts
      carepath status                 what the store holds, and every load's row accounting
      carepath validate FILES         run the DfE validation rules over CIN and SSDA903 returns
      carepath synth --out DIR        write a synthetic authority's returns
      carepath indicators run         compute the indicator sets for periods and levels

    Every command takes --store, --reference and --help.
    """
    ctx.obj = Settings(store, reference)


def main() -> None:
    try:
        cli(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Stopped.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except CarepathError as exc:
        click.echo(f"carepath: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)
        sys.exit(130)
    except Exception as exc:  # our bug: say so plainly, details only on request
        if os.environ.get("CAREPATH_DEBUG"):
            traceback.print_exc()
        click.echo(f"carepath: internal error ({type(exc).__name__}: {exc}). "
                   "Please report it; set CAREPATH_DEBUG=1 to see the details.", err=True)
        sys.exit(3)


if __name__ == "__main__":
    main()
