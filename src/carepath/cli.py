"""The ``carepath`` command: load returns, validate them, generate a synthetic authority, demo.

Every command finds the store at --store PATH, else $CAREPATH_STORE, else ./carepath.duckdb,
and reference data at --reference DIR, else $CAREPATH_REFERENCE.
"""
from __future__ import annotations

import os
import sys
import traceback

import click

from carepath import __version__
from carepath.commands.options import REFERENCE_HELP, STORE_HELP, Settings
from carepath.errors import CarepathError


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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


def _register() -> None:
    from carepath.commands import load, status
    cli.add_command(load.load)
    cli.add_command(status.status)
    for module, name in (("carepath.quality.cli", "validate"), ("carepath.synth.cli", "synth"),
                         ("carepath.indicators.cli", "indicators"), ("carepath.exchange.cli", "riia_group"),
                         ("carepath.exchange.extract", "extract"),
                         ("carepath.commands.demo", "demo")):
        try:
            mod = __import__(module, fromlist=[name])
        except ModuleNotFoundError as exc:
            if not (exc.name and module.startswith(exc.name)):
                raise
            continue
        cli.add_command(getattr(mod, name))


_register()


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
