"""``carepath riia`` (export a submission, compile a region's) and ``carepath extract`` (pseudonymised)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from carepath.commands.options import common_options
from carepath.errors import CarepathError
from carepath.exchange import disclosure, riia, riia_compile, riia_read, riia_workbook
from carepath.indicators import periods
from carepath.model import store as store_mod
from carepath.reference.authorities import authorities
from carepath.reference.population import children_0_17


@click.group("riia")
def riia_group():
    """RIIA quarterly returns: write your authority's submission; compile a region's.

    \b
      carepath riia settings > riia.yml                   a settings file to fill in (region, X25-X31)
      carepath riia export --quarter 2024Q3 --settings riia.yml --out riia/
      carepath riia export --quarter 2024Q1 --quarters 4  a year of quarters in one file
      carepath riia compile submissions/ --out region.xlsx   (also region.csv)
      carepath riia import region.xlsx                    the region's figures into your store
      carepath riia compare --la 846 --measure 209 --quarter 2024Q3

    Measure year is the financial year (2024-25); Measure quarter is Q1 (April-June) to Q4
    (January-March); Report date is the day the file is made. Re-send an amended quarter by
    exporting it again: the later report date wins when a region compiles.
    """


@riia_group.command("settings")
def settings_cmd():
    """Print a settings file to fill in: region, LA name and the contextual answers X25-X31."""
    click.echo(riia.settings_template(), nl=False)


@riia_group.command("export")
@click.option("--quarter", required=True, metavar="YYYYQn", help="The (last) financial quarter, e.g. 2024Q3.")
@click.option("--quarters", "count", default=1, show_default=True, metavar="N",
              help="Send N quarters ending with --quarter (amendments to earlier quarters included).")
@click.option("--la", "la_code", metavar="CODE", help="The authority, when the store holds several.")
@click.option("--settings", "settings_path", type=click.Path(dir_okay=False, exists=True),
              help="The authority's RIIA settings (carepath riia settings writes a template).")
@click.option("--report-date", type=click.DateTime(["%Y-%m-%d"]), help="Default: today.")
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Folder for the two CSV files.")
@common_options
def export_cmd(settings, quarter, count, la_code, settings_path, report_date, out):
    """Write the measures and contextual CSV files for one authority's quarters."""
    last = periods.parse(quarter)
    riia.quarter_fields(last)
    quarters = periods.series(last, count)
    con = store_mod.connect(settings.store)
    held = [r[0] for r in con.execute("SELECT DISTINCT la_code FROM child ORDER BY 1").fetchall()]
    if la_code is None:
        if len(held) != 1:
            raise CarepathError(f"The store holds {len(held)} authorities ({', '.join(held) or 'none'}); "
                                "say which with --la.")
        la_code = held[0]
    riia_settings = riia.RiiaSettings.read(Path(settings_path) if settings_path else None)
    if not riia_settings.la_name or not riia_settings.region:
        known = authorities(settings.reference).get(la_code)
        riia_settings.la_name = riia_settings.la_name or (known.name if known else "")
        riia_settings.region = riia_settings.region or (known.region if known else "")
    made = (report_date.date() if report_date else date.today())
    submission = riia.build(con, la_code, quarters, riia_settings, made, settings.reference)
    measures, context = riia.write(submission, Path(out), la_code, made)
    con.close()
    concerns = sum(1 for row in submission.context[:24] if row[-1] == "Yes")
    click.echo(f"Wrote {measures} ({len(submission.measures)} rows: {len(quarters)} quarter(s) x 35 measures)")
    click.echo(f"Wrote {context} ({concerns} measure(s) flagged with a data-quality concern)")
    if not riia_settings.region:
        click.echo("Note: no region given; add one to the settings file.")


@riia_group.command("compile")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="The compiled workbook (.xlsx).")
@click.option("--known", metavar="CODES", help="Extra authority codes to accept, comma-separated (e.g. synthetic 501,502).")
@click.option("--threshold", default=4, show_default=True, help="Suppress counts from 1 up to this.")
@click.option("--no-suppression", is_flag=True, help="No disclosure control: for the co-ordinator's own copy only.")
@click.option("--region-settings", "region_settings", type=click.Path(dir_okay=False, exists=True),
              help="The region's settings (YAML, e.g. 'anonymise: yes': authorities see the others as A, B, ...), "
                   "written into the compilation for riia import.")
@common_options
def compile_cmd(settings, paths, out, known, threshold, no_suppression, region_settings):
    """Compile many authorities' submissions (any age, amended or not) into one workbook."""
    from carepath.exchange import riia_region
    region = riia_region.read_region_settings(Path(region_settings) if region_settings else None)
    reference_las = authorities(settings.reference)
    known_codes = set(reference_las) | {c.strip() for c in (known or "").split(",") if c.strip()}
    held_las = _store_authorities(settings.store)
    known_codes |= set(held_las)
    submissions = riia_read.read([Path(p) for p in paths], known_codes if reference_las or known or held_las else None)
    populations = {(area, year): n for area, year, n in children_0_17(settings.reference)}
    populations_11_18: dict = {}
    if settings.store.exists():
        con = store_mod.connect(settings.store, read_only=True)
        own: dict = {}
        for la, year, age, n in con.execute("SELECT area_code, year, age, sum(count) FROM population "
                                            "WHERE sex IN ('M', 'F') GROUP BY ALL").fetchall():
            if age <= 17:
                own[(la, year)] = own.get((la, year), 0) + n
            if 11 <= age <= 18:
                populations_11_18[(la, year)] = populations_11_18.get((la, year), 0) + n
        con.close()
        populations.update(own)  # an authority's own estimates win over the published ones
    rules = None if no_suppression else disclosure.Rules(high=threshold)
    compilation = riia_compile.compile_figures(
        submissions, populations, {c: a.region for c, a in reference_las.items()},
        {c: a.name for c, a in reference_las.items()}, rules, populations_11_18)
    riia_workbook.write(Path(out), compilation, submissions, suppression=rules is not None, settings=region)
    compiled_csv = riia_workbook.write_csv(Path(out).with_suffix(".csv"), compilation, submissions,
                                             rules is not None, region)
    click.echo(f"Read {submissions.rows_read} rows: {submissions.rows_accepted} accepted, "
               f"{submissions.duplicates} duplicates kept once, {len(submissions.problems)} problems")
    for problem in submissions.problems[:20]:
        where = f"{problem.file}" + (f" row {problem.row}" if problem.row else "")
        click.echo(f"  {where}: {problem.message}")
    if len(submissions.problems) > 20:
        click.echo(f"  ... and {len(submissions.problems) - 20} more (sheet Problems)")
    click.echo(f"Wrote {out} and {compiled_csv}" + ("" if rules else " WITHOUT disclosure control: do not share it"))


def _store_authorities(path: Path) -> list[str]:
    if not path.exists():
        return []
    con = store_mod.connect(path, read_only=True)
    found = [r[0] for r in con.execute("SELECT DISTINCT la_code FROM child").fetchall()]
    con.close()
    return found


@riia_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--anonymise/--named", default=None,
              help="Show the region's other authorities as A, B, ... or by name (default: as the region's "
                   "settings in the compilation say; named when it has none).")
@common_options
def import_cmd(settings, path, anonymise):
    """Load a region's compilation (region.xlsx, or region.csv from compile) into this store.

    The dashboard and `carepath riia compare` then set each quarter's figures against the
    region's other authorities and those with similar context answers (X25-X29).
    """
    from carepath.exchange import riia_region
    found = riia_region.compilation_settings(Path(path)).get("anonymise")
    chosen = anonymise if anonymise is not None else bool(found)
    con = store_mod.connect(settings.store)
    try:
        figures, answers = riia_region.import_compilation(con, Path(path), chosen)
    finally:
        con.close()
    why = ("--anonymise" if anonymise else "--named") if anonymise is not None else \
        "the region's settings" if found is not None else "no region settings in the compilation"
    click.echo(f"Imported {figures} compiled figures and {answers} context answers from {path}; other "
               f"authorities {'anonymised' if chosen else 'named'} ({why})")


@riia_group.command("compare")
@click.option("--la", "la_code", required=True, metavar="CODE", help="Your authority's code.")
@click.option("--measure", required=True, metavar="NO", help="RIIA measure number, e.g. 209.")
@click.option("--quarter", required=True, metavar="YYYYQn", help="The financial quarter, e.g. 2024Q3.")
@click.option("--anonymise/--named", default=None,
              help="Name the other authorities A, B, ... or by name (default: as imported).")
@click.option("--out", type=click.Path(dir_okay=False), help="Also write the comparison as CSV.")
@common_options
def compare_cmd(settings, la_code, measure, quarter, anonymise, out):
    """One measure and quarter against the region's authorities and those with similar context answers."""
    import csv as csv_mod
    from carepath.exchange import riia_region
    year, number = riia.quarter_fields(periods.parse(quarter))
    con = store_mod.connect(settings.store, read_only=True)
    try:
        result = riia_region.compare(con, la_code, measure, year, int(number[1]), anonymise)
    finally:
        con.close()
    rows = [[p.rank or "", p.name, "" if p.value is None else round(p.value, 1), "yes" if p.similar else "",
             "you" if p.own else "", p.quality] for p in result.places]
    click.echo(f"RIIA {measure}, {year} {number} ({result.kind or 'count'}): region median "
               f"{'-' if result.region_median is None else round(result.region_median, 1)}, similar context median "
               f"{'-' if result.similar_median is None else round(result.similar_median, 1)}")
    for row in rows:
        click.echo("  " + "  ".join(str(c) for c in row))
    if out:
        with open(out, "w", newline="", encoding="utf-8") as handle:
            writer = csv_mod.writer(handle)
            writer.writerow(["Rank", "Authority", "Value", "Similar context", "", "Quality check"])
            writer.writerows(rows)
        click.echo(f"Wrote {out}")
