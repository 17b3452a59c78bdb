"""``carepath indicators``: list the catalogue, show a definition, compute, open a figure's records,
and say what history the loaded returns cover.

The engine, the store and the exporters (DuckDB, pyarrow, openpyxl) are imported inside the
commands that use them, so ``indicators list`` and ``show`` start in a fraction of a second
(tests/indicators/test_cli_startup.py checks which modules they import).
"""
from __future__ import annotations

import contextlib
import tempfile
import textwrap
from pathlib import Path

import click

from carepath import rounding
from carepath.commands.options import common_options
from carepath.errors import CarepathError
from carepath.indicators import catalogue, periods
from carepath.indicators.catalogue import LEVELS

LEVEL_CHOICE = click.Choice(list(LEVELS) + ["all"])


@click.group()
def indicators():
    """The indicator catalogue and engine: RIIA 24, Signs of Safety, improvement board, national.

    \b
      carepath indicators list --set riia            what the set holds
      carepath indicators show re_referrals_12m      its definition, boundaries and SQL
      carepath indicators run --set riia --period 2024Q3 --periods 8 --level team --out results/
      carepath indicators records re_referrals_12m --period 2024-25 --unit 846/T01
      carepath indicators coverage                   the dates the loaded returns cover
      carepath indicators funnel re_referrals_12m --period 2024-25 --within team --out funnel.csv
    """


@indicators.command("list")
@click.option("--set", "set_name", metavar="SET", help="Only this set: riia, sos, board or national.")
@common_options
def list_(settings, set_name):
    """Print the catalogue: id, unit, polarity, title (and each set's own measure codes)."""
    width = max(len(i) for i in catalogue.indicators()) + 2   # whole ids and titles, never cut
    if set_name:
        chosen = catalogue.get_set(set_name)
        click.echo(f"{chosen.title}  ({chosen.source})\n")
        for member in chosen.members:
            ind = catalogue.get(member.indicator_id)
            click.echo(f"  {member.code:<7}{ind.id:<{width}}{ind.unit:<8}{ind.polarity:<8}{member.label}")
        return
    for group in sorted({i.group for i in catalogue.indicators().values()}):
        click.echo(group.replace("_", " ").capitalize())
        for ind in catalogue.indicators().values():
            if ind.group == group:
                click.echo(f"  {ind.id:<{width}}{ind.unit:<8}{ind.polarity:<8}{ind.title}")
    click.echo("\nSets: " + ", ".join(f"{s.name} ({len(s.members)})" for s in catalogue.sets().values()))


@indicators.command()
@click.argument("indicator_id")
@common_options
def show(settings, indicator_id):
    """Print an indicator's definition, boundary choices, sources, sets and SQL."""
    ind = catalogue.get(indicator_id)
    wrap = lambda text, indent="  ": textwrap.fill(text, 96, initial_indent=indent, subsequent_indent=indent)
    click.echo(f"{ind.id}: {ind.title}")
    click.echo(f"  unit {ind.unit_label}; {ind.polarity} is better" if ind.polarity != "neither"
               else f"  unit {ind.unit_label}; no better direction")
    click.echo(f"  {ind.kind}: " + ("events in the period" if ind.kind == "flow" else "open at the end of the period"))
    if ind.lookback_months:
        anchor = "the period's first day" if ind.lookback_from == "period_start" else "the day after the period ends"
        click.echo(f"  look-back: {ind.lookback}, counted back from {anchor}; a figure whose loaded returns do "
                   "not reach that far back is marked incomplete history")
    click.echo("\nDefinition\n" + wrap(ind.definition))
    if ind.boundaries:
        click.echo("\nBoundary choices")
        for boundary in ind.boundaries:
            click.echo(textwrap.fill(boundary, 96, initial_indent="  - ", subsequent_indent="    "))
    click.echo("\nSources\n" + "\n".join("  " + s for s in ind.sources))
    from carepath.reference.published import title_of
    if ind.comparator:
        found = ind.comparator
        click.echo("\nPublished comparator\n" + wrap(f"{title_of(found)}: "
                                                     f"{found['value']}" + (f". Difference: {found['difference']}"
                                                                             if found.get("difference") else "")))
    else:
        click.echo("\nPublished comparator\n" + wrap("None. " + ind.published.get("none", "")))
    member_of = [f"{s.name} {m.code}" for s in catalogue.sets().values() for m in s.members if m.indicator_id == ind.id]
    if member_of:
        click.echo("\nIn sets: " + ", ".join(member_of))
    click.echo(f"\nSQL ({ind.path.relative_to(catalogue.SQL_DIR.parent)})\n" + ind.sql)
    for table in catalogue.shared_needed([ind]):
        click.echo(f"\nShared table {table.name} ({table.path.relative_to(catalogue.SQL_DIR.parent)})")
        click.echo(wrap(table.definition))


@indicators.command("coverage")
@click.option("--la", "la_code", metavar="CODE", help="Only this authority.")
@click.option("--out", type=click.Path(dir_okay=False), help="Also write the coverage to this .csv or .xlsx file.")
@common_options
def coverage_(settings, la_code, out):
    """Print the dates each table's loaded returns cover, per authority.

    A figure whose period, or the history it looks back on (re-referrals within 12 months look at
    the 12 months before the period), is not inside these dates is marked incomplete history.
    """
    import pyarrow as pa

    from carepath.indicators import coverage, export
    from carepath.model import store as store_mod
    if out and Path(out).suffix not in (".csv", ".xlsx"):
        raise CarepathError(f"--out {out}: give a .csv or .xlsx file name.")
    con = store_mod.connect(settings.store)
    found = [r for r in coverage.source_coverage(con) if la_code in (None, r[0])]
    con.close()
    if not found:
        click.echo("No recorded load covers any dates" + (f" for LA {la_code}" if la_code else "") + ".")
        return
    for la, table, start, end in found:
        click.echo(f"  {la}  {table:<21}{start:%-d %B %Y} to {end:%-d %B %Y}")
    if out:
        path = Path(out)
        table = pa.table({"la_code": [r[0] for r in found], "table_name": [r[1] for r in found],
                          "covered_from": pa.array([r[2] for r in found], pa.date32()),
                          "covered_to": pa.array([r[3] for r in found], pa.date32())})
        written = export.write_table(table, path.with_suffix(""), formats=(path.suffix[1:],), sheet="coverage")
        click.echo("Wrote " + ", ".join(str(p) for p in written))


def _periods(period: str | None, count: int, con) -> list[periods.Period]:
    from carepath.indicators import coverage
    if period is None:
        return periods.series(coverage.last_complete(con, "year"), count)
    return periods.series(periods.parse(period), count)


@indicators.command()
@click.option("--set", "set_names", multiple=True, metavar="SET",
              help="riia, sos, board or national; repeat for several. Default: every indicator.")
@click.option("--indicator", "ids", multiple=True, metavar="ID", help="One indicator (repeatable).")
@click.option("--period", metavar="PERIOD",
              help="2024-25, 2024Q3, 2024-11 or rolling12:2025-03. Default: the last complete financial year.")
@click.option("--periods", "count", default=1, show_default=True, metavar="N",
              help="Also the N-1 periods of the same kind before it (for trends).")
@click.option("--level", "levels", multiple=True, type=LEVEL_CHOICE, default=("authority",), show_default=True,
              help="authority, service, locality, team, worker, or all (repeatable).")
@click.option("--la", "la_codes", multiple=True, metavar="CODE", help="Only this authority (repeatable).")
@click.option("--out", type=click.Path(file_okay=False), help="Write results.csv, .xlsx and .parquet here.")
@click.option("--quiet", is_flag=True, help="Print only the summary line.")
@click.option("--keep-records", is_flag=True,
              help="Also store the records behind every figure (drill-through recomputes them anyway).")
@click.option("--engine", "engine_name", type=click.Choice(["duckdb", "spark"]), default="duckdb", show_default=True,
              help="Where the indicators' queries run: the store itself (DuckDB), or Apache Spark (needs the "
                   "spark extra and Java).")
@click.option("--spark-master", default="local[2]", show_default=True, metavar="URL",
              help="With --engine spark: local[N] on this machine, or a cluster (spark://host:7077, yarn, k8s://...).")
@click.option("--parquet", type=click.Path(file_okay=False), metavar="DIR",
              help="With --engine spark: the store's tables written by `carepath export-store` (on a cluster, a "
                   "folder every executor can read). Default on local[N]: exported now to a temporary folder.")
@common_options
def run(settings, set_names, ids, period, count, levels, la_codes, out, quiet, keep_records, engine_name,
        spark_master, parquet):
    """Compute indicators for periods and levels; keep them in the store; optionally export them."""
    from carepath.indicators import engine, export
    from carepath.indicators.progress import following
    from carepath.model import store as store_mod
    chosen = catalogue.select(list(set_names), list(ids))
    levels = LEVELS if "all" in levels else tuple(levels)
    con = store_mod.connect(settings.store)
    wanted = _periods(period, count, con)
    with _spark(engine_name, spark_master, parquet, con) as spark, \
            click.progressbar(length=100, label="Computing", file=None, item_show_func=lambda x: x) as bar:
        outcome = engine.run(con, chosen, wanted, levels, settings.reference, keep_records=keep_records,
                             la_codes=list(la_codes) or None, progress=following(bar), spark=spark)
    seconds = sum(outcome.timings.values())
    click.echo(f"{len(chosen)} indicators x {len(wanted)} periods ({wanted[0].label} to {wanted[-1].label}) "
               f"at {', '.join(levels)}: {outcome.results:,} figures from {outcome.records:,} records "
               f"in {seconds:.1f} s")
    # the summary is counted and read from the store, never by holding every figure (issue 19: that doubled
    # the run's peak memory); only --out reads them all, to write them
    chosen_ids, labels = [i.id for i in chosen], [p.label for p in wanted]
    incomplete = con.execute("SELECT count(*) FROM indicator_result WHERE incomplete_history "
                             "AND indicator_id IN (SELECT unnest(?)) AND period IN (SELECT unnest(?)) "
                             "AND level IN (SELECT unnest(?))", [chosen_ids, labels, list(levels)]).fetchall()[0][0]
    if incomplete:
        click.echo(f"{incomplete:,} figures have an incomplete history: the loaded returns do not cover their "
                   "period or the look-back they need (see incomplete_history and history_note).")
    if not quiet and "authority" in levels:
        _print_authority(export.results_table(con, chosen_ids, [wanted[-1].label], ["authority"]), wanted[-1].label)
    if out:
        paths = export.write_table(export.results_table(con, chosen_ids, labels, list(levels)), Path(out) / "results")
        click.echo("Wrote " + ", ".join(str(p) for p in paths))
    con.close()


@contextlib.contextmanager
def _spark(engine_name: str, master: str, parquet: str | None, con):
    """None for DuckDB; else a Spark engine reading ``parquet`` (exported now when not given)."""
    if engine_name != "spark":
        yield None
        return
    from carepath.indicators.engines import parquet as parquet_mod
    from carepath.indicators.engines.spark import SparkEngine
    with tempfile.TemporaryDirectory(prefix="carepath-parquet-") as scratch:
        if parquet is None:
            if not master.startswith("local"):
                raise CarepathError(f"--spark-master {master}: give --parquet DIR, a folder the cluster can read "
                                    "(write it with `carepath export-store --out DIR`).")
            parquet = scratch
            parquet_mod.export(con, Path(scratch))
        spark = SparkEngine(parquet, master)
        try:
            yield spark
        finally:
            spark.stop()


def _print_authority(table, label: str) -> None:
    rows = [r for r in table.to_pylist() if r["level"] == "authority" and r["period"] == label]
    if not rows:
        return
    click.echo(f"\n{label}, authority level:")
    for r in rows:
        places = rounding.places_of(catalogue.get(r["indicator_id"]))
        value = "" if r["value"] is None else rounding.text(r["value"], places)
        extra = f"  ({r['note']})" if r["note"] else ""
        if r.get("incomplete_history"):
            extra += f"  INCOMPLETE HISTORY: {r['history_note']}"
        click.echo(f"  {r['la_code']}  {r['indicator_id']:<38}{value:>10} {r['unit']:<20}"
                   f"n={_count(r['numerator'])}{extra}")


@indicators.command()
@click.argument("indicator_id")
@click.option("--period", required=True, metavar="PERIOD", help="The period of the figure (2024-25, 2024Q3 ...).")
@click.option("--unit", "unit_id", metavar="UNIT",
              help="A team id, worker id, locality or service (default: the whole authority).")
@click.option("--la", "la_code", metavar="CODE", help="The authority, when the store holds several.")
@click.option("--numerator-only", is_flag=True, help="Only the records counted in the numerator.")
@click.option("--out", type=click.Path(dir_okay=False), help="Write the records to this .csv or .xlsx file.")
@common_options
def records(settings, indicator_id, period, unit_id, la_code, numerator_only, out):
    """Open a figure into the records (children) behind it, recomputed from the store now."""
    from carepath.indicators import engine, export
    from carepath.model import store as store_mod
    ind = catalogue.get(indicator_id)
    wanted = periods.parse(period)
    con = store_mod.connect(settings.store, read_only=True)
    table = engine.records(con, ind, wanted, settings.reference, la_code, unit_id, numerator_only)
    stale = con.execute("""SELECT max(r.data_version) < (SELECT max(batch_id) FROM load_batch)
                                  OR max(r.computed_at) < (SELECT max(unloaded_at) FROM unload)
                           FROM indicator_result r WHERE r.indicator_id = ? AND r.period = ?""",
                        [ind.id, wanted.label]).fetchall()[0][0]
    con.close()
    if stale:
        click.echo("Note: data has been loaded (or unloaded) since this figure was computed; these records are "
                   "today's. Run `carepath indicators run` again to bring the figure up to date.", err=True)
    if table.num_rows == 0:
        raise CarepathError(f"No records for {ind.id} in {wanted.label}" + (f" for {unit_id}" if unit_id else "")
                            + ". Check the unit id with `carepath indicators run --level team` or worker.")
    if out:
        path = Path(out)
        written = export.write_table(table, path.with_suffix(""), (path.suffix.lstrip(".") or "csv",), sheet=ind.id)
        click.echo(f"Wrote {table.num_rows} records to {written[0]}")
        return
    counted = sum(1 for v in table.column("numerator").to_pylist() if v)
    click.echo(f"{ind.title}, {wanted.label}: {table.num_rows} records ({counted} in the numerator)")
    for row in table.to_pylist():
        flags = ("N" if row["numerator"] else "-") + ("D" if row["denominator"] else "-")
        click.echo(f"  {flags}  {row['event_date']}  {row['child_id']:<20}{row['record_id']:<44}{row['team_id'] or ''}")


@indicators.command()
@click.argument("indicator_id")
@click.option("--period", required=True, metavar="PERIOD", help="The period (2024-25; across authorities, a year).")
@click.option("--within", type=click.Choice(["authorities", "team", "locality"]), default="authorities",
              show_default=True, help="Every authority (published figures, else the store's), or the teams or "
                                      "localities of one authority against its own figure.")
@click.option("--la", "la_code", metavar="CODE", help="The authority, when the store holds several.")
@click.option("--like", metavar="CODE", help="For a synthetic authority: the real one whose region it takes.")
@click.option("--out", type=click.Path(dir_okay=False), help="Write the points and their limits to a .csv or .xlsx file.")
@common_options
def funnel(settings, indicator_id, period, within, la_code, like, out):
    """A funnel plot's numbers: each unit's figure, its 95% and 99.8% limits and where it lies.

    Percentages and rates per 10,000 across authorities; percentages within an authority.
    """
    import pyarrow as pa
    from carepath.analysis.funnel import Z95, Z998, Point, funnel as make_funnel
    from carepath.indicators import export
    from carepath.model import store as store_mod
    ind = catalogue.get(indicator_id)
    wanted = periods.parse(period)
    con = store_mod.connect(settings.store, read_only=True)
    las = [r[0] for r in con.execute("SELECT DISTINCT la_code FROM indicator_result WHERE indicator_id = ? "
                                     "AND period = ? ORDER BY 1", [ind.id, wanted.label]).fetchall()]
    if not las:
        con.close()
        raise CarepathError(f"{ind.id} has not been computed for {wanted.label}: run `carepath indicators run "
                            f"--period {wanted.label} --level all` first.")
    la = la_code or las[0]
    if la not in las:
        con.close()
        raise CarepathError(f"{ind.id} has no figures for authority {la} in {wanted.label}.")

    def figures(level, one_la=True):
        return con.execute("SELECT la_code, unit_id, unit_name, numerator, denominator FROM indicator_result "
                           "WHERE indicator_id = ? AND period = ? AND level = ?" + (" AND la_code = ?" if one_la
                                                                                    else ""),
                           [ind.id, wanted.label, level] + ([la] if one_la else [])).fetchall()
    if within == "authorities":
        from carepath.web.benchmarks import Benchmarks
        if ind.unit not in ("percent", "rate") or wanted.kind != "year":
            raise CarepathError("A funnel across authorities is of a percentage or a rate per 10,000, for a year.")
        rows = figures("authority", one_la=False)
        own = next(((n, d) for a, _, _, n, d in rows if a == la and d), None)
        store_points = [Point(a, name or a, n, d) for a, _, name, n, d in rows if d]
        result, described = Benchmarks(settings.reference, like).funnel(ind, la, wanted.label, own, store_points)
    else:
        if ind.unit != "percent":
            raise CarepathError("Teams and localities are compared for percentages (rates are known only for "
                                "the authority).")
        total = figures("authority")
        if not total or not total[0][4]:
            raise CarepathError(f"{ind.id} has no authority figure for {la} in {wanted.label}.")
        units = [Point(u, name or u, n, d) for _, u, name, n, d in figures(within) if d]
        if not units:
            raise CarepathError(f"{ind.id} was not computed by {within} for {wanted.label}: run "
                                f"`carepath indicators run --period {wanted.label} --level {within}`.")
        result = make_funnel(units, target=total[0][3] / total[0][4], target_from=la) if len(units) >= 3 else None
        described = f"the {len(units)} {within}s of {la}, against its own figure"
    con.close()
    if result is None:
        raise CarepathError(f"Too few units to draw a funnel plot ({described}).")
    places = rounding.places_of(ind)
    click.echo(f"{ind.title}, {wanted.label}: {described}.")
    click.echo(f"Target {rounding.text(result.target * result.scale, places)}"
               f"{'%' if result.kind == 'proportion' else ' per 10,000'}. Method: {result.method}.")
    records = []
    for p in sorted(result.points, key=lambda p: p.name):
        l95, u95 = result.limits(p.denominator, Z95)
        l998, u998 = result.limits(p.denominator, Z998)
        records.append({"unit": p.unit, "name": p.name, "numerator": p.numerator, "denominator": p.denominator,
                        "value": p.proportion * result.scale, "lower_95": l95 * result.scale,
                        "upper_95": u95 * result.scale, "lower_99_8": l998 * result.scale,
                        "upper_99_8": u998 * result.scale, "flag": result.flags.get(p.unit) or "within 95% limits"})
        if result.flags.get(p.unit):
            click.echo(f"  {p.name}: {result.flags[p.unit]} ({rounding.text(p.proportion * result.scale, places)})")
    if out:
        path = Path(out)
        if path.suffix not in (".csv", ".xlsx"):
            raise CarepathError(f"--out {out}: give a .csv or .xlsx file name.")
        written = export.write_table(pa.Table.from_pylist(records), path.with_suffix(""), (path.suffix[1:],),
                                     sheet="funnel")
        click.echo(f"Wrote {len(records)} points to {written[0]}")


def _count(numerator) -> str:
    """A numerator as people read it: whole counts without a decimal point, sums of full-time
    equivalents (which a float sum leaves as 213.9999999999998) to 2 places."""
    if numerator is None:
        return ""
    if abs(numerator - round(numerator)) < 1e-9:
        return f"{round(numerator):,}"
    return rounding.text(numerator, 2)
