"""``carepath load``: detect each file's format and load it into the store."""
from __future__ import annotations

from pathlib import Path

import click

from carepath.commands.options import common_options
from carepath.model import store as store_mod
from carepath.reference import known_authorities
from carepath.sources.batch import RowError
from carepath.sources.fields import parse_date
from carepath.sources.loader import UnknownFormat, detect, expand, next_batch_id
from carepath.sources.parallel import default_jobs, load_files


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--la", "la_code", metavar="CODE",
              help="The authority, for files that do not say (Annex A, some SSDA903 CSVs): its 3-digit DfE LA "
                   "number, ONS code or name (846, E06000043, 'Brighton and Hove').")
@click.option("--year", "return_year", metavar="YYYY-YY",
              help="Return year for files that do not say (e.g. 2024-25); SSDA903 CSVs otherwise take it "
                   "from a YEAR column or the file name.")
@click.option("--as-at", "as_at", metavar="DD/MM/YYYY",
              help="The date an Annex A workbook was made (its care leavers are as at this date). Without it, a "
                   "date in a title row or the file name; never when the workbook was last saved. The load says "
                   "which it used, and warns if --as-at differs from the workbook's own.")
@click.option("--replace", is_flag=True,
              help="Take out the earlier load of each file (the same path or the same contents) and load it again: "
                   "for a file loaded with the wrong --year or --la. `carepath unload LOAD` only takes a load out.")
@click.option("--jobs", type=click.IntRange(min=1), metavar="N",
              help="Read and check up to N files at once, one per core (default: every core this machine gives "
                   "carepath). The store is still written one file at a time, in order, so the result is the same.")
@click.option("--rejects/--no-rejects", default=False, help="Print every rejected row with its reason.")
@common_options
def load(settings, paths, la_code, return_year, as_at, rejects, replace=False, jobs=None):
    """Load returns into the store: CIN census XML, SSDA903 CSV or XML, Annex A xlsx, local extracts.

    PATHS are files or folders (read recursively). Each file's format is detected from its
    contents. Each file loads in one transaction (a failure changes nothing), the same file twice
    loads once, and every row is either loaded or rejected with a reason: the counts are printed
    here and kept in the store (see `carepath status`, which lists every load with its id). A value
    a record can live without that cannot be read is set aside and the record loaded: the summary
    counts these field issues (`carepath status --issues` lists them). Warnings say when a file's
    stated year disagrees with its dates, or where an Annex A's as-at date came from. Returns of
    several years may be loaded in any order, or as one file with a YEAR column: the value of the
    latest return year wins.
    """
    as_at_date = None
    if as_at:
        try:
            as_at_date = parse_date(as_at, "--as-at", required_=True)
        except RowError as err:
            raise click.BadParameter(err.reason, param_hint="--as-at") from None
    if la_code:
        try:
            la_code, note = known_authorities.resolve(la_code)
        except known_authorities.UnknownAuthority as exc:
            raise click.BadParameter(str(exc), param_hint="--la") from None
        if note:
            click.echo(f"note: --la {note.partition(' ')[2]}")
    con = store_mod.connect(settings.store)
    first_batch = next_batch_id(con)
    failed = 0
    totals = [0, 0, 0, 0]  # read, loaded, rejected, field issues
    files = list(expand(paths))
    if not files:
        raise click.UsageError("No files found in " + ", ".join(paths))
    named = {Path(p).resolve() for p in paths if not Path(p).is_dir()}
    # files found inside a folder that are not returns are skipped (said below), never a failure
    taken = [path.resolve() in named or _recognised(path) for path in files]
    skipped = [path.name for path, take in zip(files, taken) if not take]
    wanted = [path for path, take in zip(files, taken) if take]
    for result in load_files(con, wanted, jobs or default_jobs(), la_code=la_code, return_year=return_year,
                             as_at=as_at_date, replace=replace, replace_before=first_batch):
        click.echo(result.summary(), err=result.status == "failed" or result.all_rejected)
        for note in result.notes:
            click.echo(f"    note: {note}")
        for warning in result.warnings:
            click.echo(f"    WARNING: {warning}")
        if result.field_issues:
            click.echo(f"    {result.field_issues} value(s) could not be read and were set aside; their records "
                       "were loaded without them (carepath status --issues)")
        if result.status == "failed":
            failed += 1
            continue
        if result.all_rejected:
            failed += 1
        for i, n in enumerate((result.rows_read, result.rows_loaded, result.rows_rejected, result.field_issues)):
            totals[i] += n
        if result.rows_rejected and result.batch_id is not None:
            rows = con.execute(
                "SELECT table_name, row_ref, field, reason FROM reject WHERE batch_id = ? ORDER BY reject_no"
                + ("" if rejects else " LIMIT 5"), [result.batch_id]).fetchall()
            for table_name, ref, field, reason in rows:
                click.echo(f"    rejected {table_name} at {ref}: {reason}")
            if not rejects and result.rows_rejected > len(rows):
                click.echo(f"    ... and {result.rows_rejected - len(rows)} more (carepath status --rejects, "
                           "or load with --rejects)")
    if skipped:
        click.echo(f"Skipped {len(skipped)} file(s) in the folders that are not returns or extracts: "
                   + ", ".join(sorted(set(skipped))[:10]) + (" ..." if len(set(skipped)) > 10 else ""))
    if len(files) > 1:
        click.echo(f"{len(files) - len(skipped)} files: read {totals[0]}, loaded {totals[1]}, rejected {totals[2]}"
                   + (f"; {totals[3]} field issues" if totals[3] else "")
                   + (f"; {failed} file(s) not loaded or with every row rejected" if failed else ""))
    con.close()
    if failed:
        raise SystemExit(1)


def _recognised(path: Path) -> bool:
    try:
        detect(path)
    except UnknownFormat:
        return False
    except OSError:
        return True  # let the load report it
    return True
