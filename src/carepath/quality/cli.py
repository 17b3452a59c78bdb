"""``carepath validate``: the DfE validation rules over CIN census and SSDA903 returns."""
from __future__ import annotations

import re
import tempfile
from pathlib import Path

import click

from carepath.commands.options import common_options
from carepath.errors import CarepathError
from carepath.model import store as store_mod
from carepath.quality.environment import find_env
from carepath.quality.estimates import cin_reader_words
from carepath.quality.explain import synthetic_lines
from carepath.quality.report import summarise, summary_lines, write_reports
from carepath.quality.returns import discover
from carepath.quality.validators import validate_return

SLOW_CIN_CHILDREN = 2000
_CIN_CHILD = re.compile(rb"<(?:[\w.-]+:)?Child[\s>]")


def _settle_authorities(con, returns) -> None:
    """Returns whose files do not say their authority take --la, else the store's only authority."""
    unsure = [r for r in returns if r.la_code is None and r.problem is None]
    if not unsure:
        return
    authorities = [row[0] for row in con.execute(
        "SELECT DISTINCT la_code FROM child WHERE la_code IS NOT NULL ORDER BY 1").fetchall()]
    if len(authorities) != 1:
        names = ", ".join(r.files[0].name for r in unsure[:3])
        raise CarepathError(f"{names} do not say which authority they are from. Give its 3-digit DfE LA number "
                            "with --la (e.g. --la 846); issues are kept by child as <LA>/<child id>.")
    for ret in unsure:
        ret.la_code = authorities[0]
        ret.notes.append(f"the files do not give an authority; used the store's only one, {authorities[0]}")


def _cin_children(path: Path) -> int:
    return len(_CIN_CHILD.findall(path.read_bytes()))


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--year", metavar="YYYY-YY",
              help="The return's year (e.g. 2024-25), which chooses the rule pack. Default: the CIN Header's "
                   "ReferenceDate; for SSDA903 a YEAR column or the file names.")
@click.option("--previous", multiple=True, type=click.Path(exists=True), metavar="PATH",
              help="The previous year's SSDA903 return (its folder, CSV files or XML file), for the rules that "
                   "compare years. A previous year among PATHS is used without this.")
@click.option("--la", "la_code", metavar="CODE",
              help="3-digit DfE LA number, for files that do not say (SSDA903 files never do).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), metavar="DIR",
              help="Write <name>_issues_by_child and <name>_issues_by_rule, as CSV and xlsx, into DIR.")
@click.option("--top", default=5, show_default=True, help="How many of the most frequent rules to list.")
@common_options
def validate(settings, paths, year, previous, la_code, out_dir, top):
    """Run the DfE validation rules over CIN census XML and SSDA903 CSV/XML returns.

    PATHS are files or folders. Each CIN census file is one return; SSDA903 CSV tables (header,
    episodes, reviews, ...) are grouped into one return per year. The rules are the field's own
    validators (csc-validator-be-cin, csc-validator-be-903), with the rule pack of the return's year,
    run in their own environment (create it with `bash scripts/setup-validators.sh`). Every run and
    its issues are kept in the store (tables validation_run, validation_issue).

    The few SSDA903 rules that compare placements with the authority's own area need its ONS code,
    read from an LA lookup (columns old_la_code, new_la_code) under --reference; without one they
    are left out. Rules that could not run are listed by what they need (the previous year's
    return, Ofsted's provider list, fields only the XML return has), one line each. For a
    synthetic authority (carepath synth) it also says which issues were injected on purpose and
    which synthetic data cannot avoid. The CIN validator's reader slows as files grow (measured on
    a 2-core machine: about 100 children a second at 3,000 children, 50 at 10,000); before a big
    census the command says how long it should take.

    \b
    Examples:
      carepath validate cin_census_2024_25.xml --out reports/
      carepath validate ssda903_2025/ --previous ssda903_2024/ --la 846 --out reports/
    """
    env = find_env()
    with tempfile.TemporaryDirectory(prefix="carepath-validate-") as workdir:
        found = discover(paths, Path(workdir), year=year, previous=previous, la_code=la_code)
        for line in found.skipped:
            click.echo(f"not validated: {line}")
        if not found.returns:
            raise CarepathError("No CIN census or SSDA903 files among " + ", ".join(paths) + ".")
        con = store_mod.connect(settings.store)
        try:
            _settle_authorities(con, found.returns)
            failed = 0
            for ret in found.returns:
                click.echo(f"\n{ret.title}, LA {ret.la_code or '?'}")
                if ret.kind == "cin" and ret.problem is None:
                    children = _cin_children(ret.files[0])
                    if children > SLOW_CIN_CHILDREN:
                        click.echo("  " + cin_reader_words(children))
                result = validate_return(con, env, ret, settings.reference)
                if result.status == "failed":
                    failed += 1
                    click.echo(f"  NOT VALIDATED (run {result.run_id} recorded as failed): {result.message}", err=True)
                    continue
                click.echo(f"  rule pack {result.pack}; validation run {result.run_id}")
                for note in result.notes:
                    click.echo(f"  note: {note}")
                for line in summary_lines(summarise(con, result.run_id, top)):
                    click.echo("  " + line)
                if result.synthetic is not None:
                    for line in synthetic_lines(con, result.run_id, ret, result.synthetic):
                        click.echo("  " + line)
                if out_dir:
                    written = write_reports(con, result.run_id, Path(out_dir), ret.name)
                    click.echo("  reports: " + ", ".join(str(p) for p in written))
        finally:
            con.close()
    if failed:
        raise SystemExit(1)
