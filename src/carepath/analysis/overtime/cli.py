"""``carepath analyse``: children's lives over time, written to a folder for analysts' own tools."""
from __future__ import annotations

from pathlib import Path

import click

from carepath.analysis.overtime import histories
from carepath.commands.options import common_options
from carepath.errors import CarepathError
from carepath.model import store as store_mod


@click.group("analyse", context_settings={"max_content_width": 100})
def analyse() -> None:
    """Children's lives over time: survival curves, cumulative incidence by birth cohort, care-history groups.

    \b
      carepath analyse survival --out overtime/             every curve, overall
      carepath analyse survival --measure return_to_care --by reason --cox --out overtime/
      carepath analyse incidence --out overtime/            first referral, CIN plan, CP plan, care by age
      carepath analyse sequences --out overtime/            groups of care histories

    Each writes CSV and xlsx of the numbers and PNG and SVG charts into --out. Files are for the
    authority's own analysts: add --controlled for figures that will be shared (counts of 1 to 4,
    and curve steps or cells that would reveal them, are suppressed).
    """


def _open(settings):
    if not Path(settings.store).exists():
        raise CarepathError(f"There is no store at {settings.store}: load returns first (carepath load RETURNS/).")
    return store_mod.connect(settings.store, read_only=True)


@analyse.command("survival")
@click.option("--la", help="The authority (3-digit LA number); needed when the store holds several.")
@click.option("--measure", "measures", multiple=True, type=click.Choice(list(histories.MEASURES)),
              help="Which curve (repeat for several). Default: all of them: " + ", ".join(histories.MEASURES) + ".")
@click.option("--by", "factors", multiple=True, type=click.Choice(list(histories.FACTORS)),
              help="Split each curve by a factor, with a log-rank test (repeat for several).")
@click.option("--cox", is_flag=True, help="Also fit the Cox model of return to care (adjusted hazard ratios).")
@click.option("--controlled", is_flag=True, help="Apply disclosure control to every count, step and cell.")
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Folder to write into.")
@common_options
def survival_command(settings, la, measures, factors, cox, controlled, out):
    """Kaplan-Meier curves with 95% confidence bands, censored at the end of the data.

    \b
    Measures:
      leaving_care      entry to care to leaving, per period of care (% still in care)
      return_to_care    leaving care before 18 to the next period of care (% returned)
      cp_plan_duration  CP plan start to end (% still on the plan)
      cp_plan_repeat    end of a CP plan to a new one (% on a new plan)
      re_referral       a referral to the next (% referred again: the repeat-demand curve)
      permanence        entry to care to an adoption, SGO or CAO (cumulative incidence;
                        leaving care another way competes with it)

    For each: <measure>[_by_<factor>]_summary.csv (median and % at 6, 12, 24 and 60 months with
    95% confidence intervals and numbers at risk), _curve.csv (every step), _test.csv (log-rank),
    an xlsx with all three, and the chart as PNG and SVG. The end of the data is the last day of
    the latest CIN census or SSDA903 return loaded.
    """
    from carepath.analysis.overtime import charts, control, output, survival
    con = _open(settings)
    la = histories.authority(con, la)
    obs = histories.observation(con, la)
    folder = Path(out)
    click.echo(f"Authority {la}: {obs.describe()}.")
    for name in measures or list(histories.MEASURES):
        frame = histories.spells(con, name, obs)
        if frame.empty:
            click.echo(f"{histories.MEASURES[name].title}: no records in the data ({histories.MEASURES[name].start}); "
                       "nothing written.")
            continue
        for factor in [None, *[f for f in factors if f in histories.factors_of(name)]]:
            result = survival.curves(frame, name, factor)
            if controlled:
                result = control.control(result)
            stem = name + (f"_by_{factor}" if factor else "")
            tables = {"summary": output.summary_table(result), "curve": output.curve_table(result),
                      "test": output.test_table(result)}
            written = output.write(folder, stem, tables) + charts.survival_chart(result, folder / stem)
            click.echo(f"{result.title}{' by ' + histories.FACTORS[factor].lower() if factor else ''}: "
                       f"{len(frame):,} records; wrote {len(written)} files ({stem}.*).")
            for note in result.notes:
                click.echo(f"  {note}")
    if cox:
        frame = histories.spells(con, "return_to_care", obs)
        rows = survival.cox_return(frame)
        written = output.write(folder, "return_to_care_cox", {"hazard_ratios": output.cox_table(rows)})
        click.echo(f"Cox model of return to care: {int(frame['event'].sum())} returns among {len(frame):,} leavers; "
                   f"wrote {len(written)} files (return_to_care_cox.*).")


@analyse.command("incidence")
@click.option("--la", help="The authority (3-digit LA number); needed when the store holds several.")
@click.option("--by", "subgroup", type=click.Choice(["sex", "ethnic_group"]),
              help="Also split by sex or ethnic group, where the population is given by it.")
@click.option("--controlled", is_flag=True, help="Apply disclosure control to the counts.")
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Folder to write into.")
@common_options
def incidence_command(settings, la, subgroup, controlled, out):
    """Cumulative % of each birth cohort who had a first referral, CIN plan, CP plan and entry to care, by age.

    Denominators are the mid-year population estimates by single year of age in the store
    (a population extract, or the synthetic authority's). Ages a cohort has not yet reached in
    the data are left empty, never extrapolated.
    """
    from carepath.analysis.overtime import charts, incidence, output
    con = _open(settings)
    la = histories.authority(con, la)
    found = incidence.cumulative(con, la, subgroup=subgroup, controlled=controlled)
    folder = Path(out)
    written = output.write(folder, "incidence", {"cumulative": found.table, "notes": found.notes_table()})
    for event, part in found.table.groupby("event", sort=False):
        title = f"Cumulative % with a {incidence.EVENTS[event].lower()} by age, by birth cohort"
        for key, sub in (part.groupby("subgroup") if subgroup else [(None, part)]):
            stem = f"incidence_{event}" + (f"_{key}".replace(" ", "_").lower() if key else "")
            written += charts.incidence_chart(sub, title + (f": {key}" if key else ""), folder / stem,
                                              found.chart_note())
    click.echo(f"Authority {la}: cohorts born {found.cohorts[0]} to {found.cohorts[-1]}; wrote {len(written)} files.")
    for note in found.notes:
        click.echo(f"  {note}")


@analyse.command("sequences")
@click.option("--la", help="The authority (3-digit LA number); all authorities when the store holds several.")
@click.option("--months", default=36, show_default=True, type=click.IntRange(12, 120),
              help="Months of each care history compared, from the first entry to care.")
@click.option("--groups", "k_range", default="2..8", show_default=True,
              help="The range of group counts tried; the one with the best silhouette is kept.")
@click.option("--sample", default=3000, show_default=True, type=click.IntRange(200, 20000),
              help="At most this many histories are clustered: beyond it, a random sample stratified by authority "
                   "(seed 0), the others joining the group with the nearest medoid.")
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Folder to write into.")
@common_options
def sequences_command(settings, la, months, k_range, sample, out):
    """Groups of care histories: month-by-month states compared and clustered.

    Each child who first entered care in the data at least --months before its end gets one state
    a month (foster care, residential, placed with parents, placed for adoption, other placement,
    out of care). Histories are compared by Hamming distance (the share of months in different
    states), grouped by average-linkage hierarchical clustering (scipy), and the number of groups is
    the one in --groups with the highest silhouette (scikit-learn).
    """
    from carepath.analysis.overtime import charts, output, sequences
    con = _open(settings)
    try:
        low, high = (int(x) for x in k_range.split(".."))
    except ValueError:
        raise CarepathError(f"--groups is a range such as 2..8, not '{k_range}'.") from None
    found = sequences.groups(con, la, months=months, k_range=(low, high), sample=sample)
    folder = Path(out)
    written = output.write(folder, "sequences", {"groups": found.groups, "silhouette": found.silhouette,
                                                 "notes": pd_notes(found.notes)})
    written += charts.sequence_chart(found.index_plot, sequences.STATES, folder / "sequences")
    click.echo(f"{found.histories:,} care histories ({found.sampled:,} clustered) in {len(found.groups)} groups "
               f"(silhouette {found.best_score:.2f}); "
               f"wrote {len(written)} files.")
    for note in found.notes:
        click.echo(f"  {note}")


def pd_notes(notes: list[str]):
    import pandas as pd
    return pd.DataFrame({"note": notes or ["-"]})
