"""``carepath demo``: a synthetic authority from nothing to figures (and the dashboard).

1. generate a synthetic authority's returns in the real formats (``carepath synth``);
2. load every file through the real readers into a fresh store (``carepath load``);
3. run the DfE validation rules over the latest year's CIN census and SSDA903 return
   (``carepath validate``), if the validators' environment is installed;
4. compute every indicator set for the last 20 quarters and 5 financial years at every level
   (``carepath indicators run``);
5. report what the store holds, what was rejected, and a few headline figures;
6. serve the dashboard on this machine with demo accounts, unless ``--no-serve``.

Everything lives under ``--dir`` (default ``./demo``); running it again starts afresh there. The
store is ``<dir>/carepath.duckdb`` unless ``--store`` or ``$CAREPATH_STORE`` names one, as for every
command; a store named so is started afresh only if an earlier demo made it (``<store>.demo`` says
so), never one holding someone's own data. The "Try:" lines at the end name the command as this
shell can run it (its full path when ``carepath`` is not on the PATH) and the store by its full path.
"""
from __future__ import annotations

import os
import shlex
import shutil
import sys
import time
from pathlib import Path

import click

from carepath import rounding
from carepath.commands.options import common_options
from carepath.errors import CarepathError
from carepath.model import store as store_mod

HEADLINES = ("referrals", "re_referrals_12m", "assessments_within_45wd", "cin_at_end", "cp_plans_at_end",
             "repeat_cp_plans", "cla_at_end", "cla_placements_3plus")


def _step(number: int, text: str) -> None:
    click.secho(f"\n[{number}/6] {text}", bold=True)


@click.command()
@click.option("--dir", "folder", default="demo", show_default=True, type=click.Path(file_okay=False),
              help="Where the returns, the store and the reports go (emptied first).")
@click.option("--size", default="small", show_default=True, type=click.Choice(["tiny", "small", "medium", "large"]),
              help="The synthetic authority's size (small: 20,000 children aged 0-17).")
@click.option("--seed", default=7, show_default=True, help="Random seed: the same seed, the same authority.")
@click.option("--serve/--no-serve", default=True, show_default=True, help="Serve the dashboard at the end.")
@click.option("--port", default=8000, show_default=True, help="Port for the dashboard.")
@common_options
@click.pass_context
def demo(ctx, settings, folder, size, seed, serve, port):
    """Generate a synthetic authority, load it, validate it, compute every indicator, report, serve."""
    from carepath.commands.load import load
    from carepath.indicators.cli import run as indicators_run
    from carepath.synth.cli import synth

    began = time.perf_counter()
    root = Path(folder)
    returns = root / "returns"
    top = ctx.find_root().params.get("store")             # carepath --store X demo
    named = ctx.params.get("store_option") or top or os.environ.get("CAREPATH_STORE")
    store = settings.store.absolute() if named else (root / "carepath.duckdb").absolute()
    _start_afresh(store, named=bool(named))
    if root.exists():
        for item in (returns, root / "reports", root / "validation"):
            shutil.rmtree(item, ignore_errors=True)
    root.mkdir(parents=True, exist_ok=True)
    store.parent.mkdir(parents=True, exist_ok=True)
    _marker(store).write_text("made by carepath demo; running the demo again replaces this store\n")

    _step(1, f"Generating a {size} synthetic authority (seed {seed})")
    ctx.invoke(synth, out=str(returns), size=size, children=None, authorities=1, years=None, first_year=None,
               last_year=None, seed=seed, la_code=None, jobs=1, quiet=True, store_option=str(store))

    _step(2, "Loading every file through the readers")
    try:
        ctx.invoke(load, paths=(str(returns),), la_code=None, return_year=None, rejects=False, store_option=str(store))
    except SystemExit as exc:  # a file that did not load is reported above; carry on with the rest
        if exc.code:
            click.echo("Some files did not load (see above); the demo carries on with the rest.")

    _step(3, "Checking the latest returns with the DfE validation rules")
    _validate(ctx, returns, root / "validation", store)

    _step(4, "Computing the indicator sets: 20 quarters and 5 years, authority to practitioner")
    ctx.invoke(indicators_run, period=_last_quarter(store), count=20, levels=("all",), quiet=True,
               store_option=str(store))
    ctx.invoke(indicators_run, count=5, levels=("all",), out=str(root / "reports"), quiet=True,
               store_option=str(store))

    _step(5, "What the store holds")
    _report(store)
    command, at = command_name(), shlex.quote(str(store))
    click.echo(f"\nDemo built in {time.perf_counter() - began:.0f} s under {root}/ . Try:")
    for line in try_lines(command, store, root.absolute(), _last_quarter(store)):
        click.echo(f"  {line}")
    activate = Path(sys.executable).parent / "activate"
    if command != "carepath" and activate.exists():
        click.echo(f"  (or `source {shlex.quote(str(activate))}` first, and then type just carepath)")

    _step(6, "The dashboard")
    if not serve:
        click.echo(f"Not serving (--no-serve). Start it later with: {command} serve --store {at}")
        return
    _serve(ctx, store, settings, port)


def command_name() -> str:
    """How this shell can run carepath again: ``carepath`` when that is on the PATH and is this
    installation, else the full path of this installation's command (or ``python -m carepath``)."""
    on_path = shutil.which("carepath")
    script = Path(sys.argv[0]) if Path(sys.argv[0]).name == "carepath" else Path(sys.executable).parent / "carepath"
    if script.is_file():
        if on_path and Path(on_path).resolve() == script.resolve():
            return "carepath"
        return shlex.quote(str(script.absolute()))
    return f"{shlex.quote(sys.executable)} -m carepath"


def try_lines(command: str, store: Path, root: Path, quarter: str) -> list[str]:
    """Commands to try next, each as it can be pasted into this shell."""
    at = shlex.quote(str(store))
    return [f"{command} status --store {at}",
            f"{command} indicators show re_referrals_12m",
            f"{command} indicators records re_referrals_12m --period {quarter} --store {at}",
            f"{command} report databook --set board --store {at} --out {shlex.quote(str(root / 'board.xlsx'))}"]


def _marker(store: Path) -> Path:
    return Path(str(store) + ".demo")


def _start_afresh(store: Path, named: bool) -> None:
    """Remove an earlier demo's store (and its accounts); refuse to touch a store a demo did not make."""
    made_by_demo = _marker(store).exists() or not named
    if store.exists() and not made_by_demo:
        raise CarepathError(f"{store} already exists and was not made by carepath demo. The demo starts from an "
                            "empty store and will not replace it: choose another --store (or unset CAREPATH_STORE), "
                            "or remove that file first.")
    for item in (store, Path(str(store) + ".wal"), Path(str(store) + ".web.sqlite"), _marker(store)):
        if item.exists():
            item.unlink()


def _last_quarter(store: Path) -> str:
    from carepath.indicators.coverage import last_complete
    con = store_mod.connect(store, read_only=True)
    found = last_complete(con, "quarter").label
    con.close()
    return found


def _validate(ctx, returns: Path, out: Path, store: Path) -> None:
    try:
        from carepath.quality.cli import validate
        from carepath.quality.environment import ValidatorsEnvError, find_env
        find_env()
    except ValidatorsEnvError as exc:
        click.echo(f"Skipped: {exc}")
        return
    cin = sorted(returns.glob("*/cin/CIN_*.xml"))
    years = sorted((returns.glob("*/ssda903/*")))
    targets = ([cin[-1]] if cin else []) + ([years[-1]] if years else [])
    if not targets:
        click.echo("No CIN census or SSDA903 return to validate.")
        return
    try:
        ctx.invoke(validate, paths=tuple(str(t) for t in targets), year=None,
                   previous=(str(years[-2]),) if len(years) > 1 else (), la_code=None, out_dir=str(out), top=5,
                   store_option=str(store))
    except SystemExit as exc:
        if exc.code:
            click.echo("A validator run failed (see above); the demo carries on.")


def _report(store: Path) -> None:
    con = store_mod.connect(store, read_only=True)
    counts = dict(con.execute("""SELECT 'children', count(*) FROM child UNION ALL
        SELECT 'referrals (CIN episodes)', count(*) FROM referral UNION ALL
        SELECT 'assessments', count(*) FROM assessment UNION ALL
        SELECT 'section 47 enquiries', count(*) FROM s47 UNION ALL
        SELECT 'child protection plans', count(*) FROM cp_plan UNION ALL
        SELECT 'episodes of care', count(*) FROM cla_episode UNION ALL
        SELECT 'care leaver records', count(*) FROM care_leaver UNION ALL
        SELECT 'allocations', count(*) FROM allocation UNION ALL
        SELECT 'statutory visits', count(*) FROM visit""").fetchall())
    for name, n in counts.items():
        click.echo(f"  {name:<28}{n:>10,}")
    read, loaded, rejected, files = con.execute(
        "SELECT sum(rows_read), sum(rows_loaded), sum(rows_rejected), count(*) FROM load_batch").fetchall()[0]
    click.echo(f"  {files} files: {read:,} rows read = {loaded:,} loaded + {rejected:,} rejected")
    issues = con.execute("SELECT count(*), count(DISTINCT child_id) FROM validation_issue").fetchall()[0]
    click.echo(f"  DfE validation: {issues[0]:,} issues about {issues[1]:,} children")
    latest = con.execute("SELECT max(period) FROM indicator_result WHERE period_kind = 'year'").fetchall()[0][0]
    rows = con.execute("""SELECT r.indicator_id, r.value FROM indicator_result r
                          WHERE r.level = 'authority' AND r.period = ? AND r.indicator_id IN (SELECT unnest(?))""",
                       [latest, list(HEADLINES)]).fetchall()
    from carepath.indicators import catalogue
    click.echo(f"\n  Headline figures, {latest}:")
    for indicator_id, value in sorted(rows, key=lambda r: HEADLINES.index(r[0])):
        ind = catalogue.get(indicator_id)
        shown = "no figure" if value is None else f"{rounding.text(value, rounding.places_of(ind))} {ind.unit_label}"
        click.echo(f"    {ind.title + ' ':.<64} {shown}")
    con.close()


def _serve(ctx, store: Path, settings, port: int) -> None:
    try:
        from carepath.web.demo import demo_accounts, serve
    except ModuleNotFoundError:
        click.echo("The dashboard is not part of this build.")
        return
    like = _most_alike(store, settings.reference)
    if like:
        click.echo(f"Benchmarks compare the synthetic authority with the region and statistical neighbours of "
                   f"{like[1]} ({like[0]}), the real authority with the nearest number of children.")
    serve(store, settings.reference, demo_accounts(store), port=port, echo=click.echo, like=like[0] if like else None)


def _most_alike(store: Path, reference) -> tuple[str, str] | None:
    """The real authority whose children aged 0-17 are nearest in number to the synthetic one's."""
    from carepath.reference.authorities import authorities
    from carepath.reference.population import children_0_17
    published = {(area, year): n for area, year, n in children_0_17(reference) if area.isdigit()}
    real = authorities(reference)
    if not published or not real:
        return None
    con = store_mod.connect(store, read_only=True)
    own = con.execute("SELECT year, sum(count) FROM population WHERE age <= 17 AND sex IN ('M', 'F') "
                      "GROUP BY year ORDER BY year DESC LIMIT 1").fetchall()
    con.close()
    if not own:
        return None
    latest = max(year for _, year in published)
    nearest = min((abs(n - own[0][1]), area) for (area, year), n in published.items()
                  if year == latest and area in real and real[area].current)
    return nearest[1], real[nearest[1]].name
