"""``carepath demo``: a synthetic authority from nothing to figures (and the dashboard).

1. generate a synthetic authority's returns in the real formats (``carepath synth``);
2. load every file through the real readers into a fresh store (``carepath load``);
3. run the DfE validation rules over the latest year's CIN census and SSDA903 return
   (``carepath validate``), if the validators' environment is installed;
4. compute every indicator set for the last 20 quarters and 5 financial years at every level
   (``carepath indicators run``);
5. report what the store holds, what was rejected, and a few headline figures;
6. serve the dashboard on this machine with demo accounts, unless ``--no-serve``.

Everything lives under ``--dir`` (default ``./demo``); running it again starts afresh there.
"""
from __future__ import annotations

import shutil
import time
from pathlib import Path

import click

from carepath.commands.options import common_options
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
    returns, store = root / "returns", root / "carepath.duckdb"
    if root.exists():
        for item in (returns, root / "reports", root / "validation"):
            shutil.rmtree(item, ignore_errors=True)
        for item in root.glob("carepath.duckdb*"):
            item.unlink()
    root.mkdir(parents=True, exist_ok=True)

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
    click.echo(f"\nDemo built in {time.perf_counter() - began:.0f} s under {root}/ . Try:")
    for line in (f"carepath status --store {store}",
                 "carepath indicators show re_referrals_12m",
                 f"carepath indicators records re_referrals_12m --period {_last_quarter(store)} --store {store}",
                 f"carepath report databook --set board --store {store} --out {root}/board.xlsx"):
        click.echo(f"  {line}")

    _step(6, "The dashboard")
    if not serve:
        click.echo("Not serving (--no-serve). Start it later with: carepath serve --store " + str(store))
        return
    _serve(ctx, store, settings, port)


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
        shown = "no figure" if value is None else f"{value:,.1f} {ind.unit_label}"
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
