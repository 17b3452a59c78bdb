"""``carepath forecast``: children looked after by age and placement type, their cost, and a backtest."""
from __future__ import annotations

from pathlib import Path

import click

from carepath.commands.options import common_options
from carepath.model import store as store_mod

WINDOW_HELP = "Months of history the rates are estimated over (the latest ones). Default 24."


@click.group()
def forecast():
    """Forecast children looked after by age band and placement type, with costs.

    \b
    A stock-and-flow (Markov) model of the SSDA903 history in the store: monthly entry rates by
    age, moves between placement types, and exit rates, estimated over a reference window, then
    projected month by month with every child ageing (at 18 they leave). Intervals come from
    simulations bootstrapped over children. Needs at least two years of SSDA903 returns.

    \b
    Examples:
      carepath forecast run --horizon 36 --out forecast/
      carepath forecast run --horizon 60 --scenario fewer-teen-entries.yml --costs costs.csv --out f/
      carepath forecast costs-template costs.csv      (edit it, then pass --costs costs.csv)
      carepath forecast backtest --out backtest/       (forecast the last 12 months, score it)
      carepath forecast demand --out demand/           (referrals, assessments, CP, CIN, EHC)

    \b
    A scenario file (YAML): each change multiplies entries or exits (for age_bands and
    placement_types, default all), or shifts a share of children going into one type to another:
      name: Fewer teenage entries, more in-house fostering
      changes:
        - entries: 0.9
          age_bands: ["10 to 15"]
        - shift: 0.25
          from: fostering_agency
          to: fostering_in_house
    Age bands: under 1, 1 to 4, 5 to 9, 10 to 15, 16 to 17. Placement types: fostering_in_house,
    fostering_agency, residential, kinship, placed_with_parents, other.
    """


@forecast.command("costs-template")
@click.argument("file", type=click.Path(dir_okay=False))
@common_options
def costs_template(settings, file):
    """Write a costs file (weekly cost per placement type, with cited defaults) to edit."""
    from carepath.forecast.costs import write_template
    click.echo(f"Wrote {write_template(file)}: put in the authority's own weekly costs, then use --costs.")


def model_options(command):
    """The options every projection shares: the reference window, the bootstrap, the authority, --out."""
    for option in reversed([
            click.option("--window", default=24, show_default=True, type=click.IntRange(1, 240), help=WINDOW_HELP),
            click.option("--replicates", default=200, show_default=True, type=click.IntRange(20, 5000),
                         help="Bootstrap simulations for the intervals."),
            click.option("--level", default=0.95, show_default=True, type=click.FloatRange(0.5, 0.99),
                         help="Interval coverage."),
            click.option("--la", "la_code", help="The authority's code, when the store holds more than one."),
            click.option("--out", required=True, type=click.Path(file_okay=False),
                         help="Folder for the tables and charts."),
            common_options]):
        command = option(command)
    return command


@forecast.command("run")
@click.option("--horizon", default=36, show_default=True, type=click.IntRange(1, 60),
              help="Months to project ahead (up to 5 years).")
@click.option("--scenario", type=click.Path(exists=True, dir_okay=False),
              help="A YAML file of rate changes (see carepath forecast --help); shown beside the baseline.")
@click.option("--costs", type=click.Path(dir_okay=False),
              help="Weekly costs per placement type (CSV from `forecast costs-template`). Default: cited defaults.")
@model_options
def run(settings, horizon, scenario, costs, window, replicates, level, la_code, out):
    """Project children looked after, by age band and placement type, and their cost.

    Writes to --out: forecast.csv (month, age band, placement type, forecast, lower, upper),
    costs.csv, rates.csv (the estimated monthly rates), forecast.xlsx (all of them and the notes),
    notes.txt (what was and was not estimated), and charts as PNG and SVG. With --scenario, each
    table gains the scenario's figures beside the baseline's.
    """
    from carepath.forecast import costs as costs_mod
    from carepath.forecast.history import load_history
    from carepath.forecast.markov import forecast as make_forecast
    from carepath.forecast.outputs import forecast_charts, line_chart, write_tables
    from carepath.forecast.scenario import load_scenario

    chosen = load_scenario(scenario) if scenario else None
    unit_costs = costs_mod.read_costs(costs)
    con = store_mod.connect(settings.store, read_only=True)
    try:
        history = load_history(con, la_code)
    finally:
        con.close()
    click.echo(f"Estimating over {window} months and simulating {replicates} paths...")
    base = make_forecast(history, horizon, window, replicates, level)
    table = base.table()
    cost, cost_notes = costs_mod.cost_table(base, unit_costs)
    notes = base.notes + cost_notes + [f"Weekly costs: {p} {c if c is not None else 'none'} ({s})"
                                       for p, (c, s) in unit_costs.items()]
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    charts = forecast_charts(out, table, "Baseline")
    if chosen:
        alt = make_forecast(history, horizon, window, replicates, level, adjust=chosen)
        alt_table, (alt_cost, _) = alt.table(), costs_mod.cost_table(alt, unit_costs)
        keys = ["month_end", "age_band", "placement_type"]
        table = table.merge(alt_table, on=keys, suffixes=("", "_scenario"))
        table["difference"] = table["forecast_scenario"] - table["forecast"]
        cost = cost.merge(alt_cost, on=["month_end", "placement_type"], suffixes=("", "_scenario"))
        cost["difference"] = cost["cost_scenario"] - cost["cost"]
        notes.append(f"Scenario: {chosen.name}: {list(chosen.changes)}")
        total = table[(table.age_band == "All") & (table.placement_type == "All")]
        scen = total[["month_end", "forecast_scenario", "lower_scenario", "upper_scenario"]].rename(
            columns=lambda c: c.replace("_scenario", ""))
        charts += line_chart(out / "scenario", f"Baseline and {chosen.name}",
                             {"Baseline": total, chosen.name: scen}, "children at month end")
    total_cost = cost[cost.placement_type == "All costed placements"]
    charts += line_chart(out / "costs", "Monthly cost of costed placements", {"Baseline": total_cost},
                         "£ a month", value="cost")
    files = write_tables(out, {"forecast": table, "costs": cost, "rates": base.rates.table()}, notes, "forecast.xlsx")
    for note in base.notes + cost_notes:
        click.echo(f"  {note}")
    end = table[(table.age_band == "All") & (table.placement_type == "All")].iloc[-1]
    click.echo(f"Children looked after on {end.month_end:%d %B %Y}: {end.forecast:,.0f} "
               f"({level:.0%} interval {end.lower:,.0f} to {end.upper:,.0f}).")
    click.echo(f"Wrote {len(files) + len(charts)} files to {out}/")


@forecast.command("backtest")
@click.option("--holdout", default=12, show_default=True, type=click.IntRange(1, 36),
              help="Months at the end of the history to set aside and forecast.")
@model_options
def backtest(settings, holdout, window, replicates, level, la_code, out):
    """Forecast the last 12 months from the months before them, and score it.

    Reports the error (MAPE: mean absolute percentage error over the held-out months) and the
    interval coverage (share of months whose observed number falls inside the interval) by age
    band and placement type. Writes backtest_summary.csv, backtest_detail.csv (month by month),
    backtest.xlsx, notes.txt and a chart (PNG and SVG) of forecast against observed.
    Needs two years of history before the held-out months.
    """
    from carepath.forecast.backtest import backtest as run_backtest
    from carepath.forecast.history import load_history
    from carepath.forecast.outputs import line_chart, write_tables

    con = store_mod.connect(settings.store, read_only=True)
    try:
        history = load_history(con, la_code)
    finally:
        con.close()
    click.echo(f"Forecasting the last {holdout} months from the {window} before them...")
    detail, summary, notes = run_backtest(history, holdout, window, replicates, level)
    out = Path(out)
    files = write_tables(out, {"backtest_summary": summary, "backtest_detail": detail}, notes, "backtest.xlsx")
    total = detail[(detail.age_band == "All") & (detail.placement_type == "All")]
    files += line_chart(out / "backtest", "Backtest: children looked after, forecast and observed",
                        {"forecast": total}, "children at month end", observed=total)
    totals = summary[(summary.age_band == "All") | (summary.placement_type == "All")]
    for row in totals.itertuples():
        mape_text = "n/a" if row.months_scored == 0 else f"{row.mape_percent:5.1f}%"
        group = row.placement_type if row.age_band == "All" else f"aged {row.age_band}"
        click.echo(f"  {group:<22} MAPE {mape_text:>6}   interval coverage "
                   f"{row.interval_coverage_percent:5.1f}%   (mean observed {row.mean_observed:.1f})")
    click.echo(f"Wrote {len(files)} files to {out}/")


@forecast.command("demand")
@click.option("--horizon", default=36, show_default=True, type=click.IntRange(1, 60), help="Months to forecast.")
@click.option("--level", default=95, show_default=True, type=click.IntRange(50, 99), help="Interval coverage, %.")
@click.option("--la", "la_code", help="The authority's code, when the store holds more than one.")
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Folder for the tables and charts.")
@common_options
def demand(settings, horizon, level, la_code, out):
    """Forecast referrals, assessments, CP plans, children in need (and EHC work) month by month.

    Counts each series from the store (events in the month, or open at the month end) and forecasts
    it with statsforecast's AutoETS, seasonal over 12 months given three years of data, with
    prediction intervals. Writes demand_history.csv, demand_forecast.csv, demand.xlsx, notes.txt
    and a chart per series (PNG and SVG).
    """
    from carepath.forecast.demand import SERIES, demand_forecast
    from carepath.forecast.outputs import line_chart, write_tables

    con = store_mod.connect(settings.store, read_only=True)
    try:
        result = demand_forecast(con, horizon, la_code, level)
    finally:
        con.close()
    out = Path(out)
    files = write_tables(out, {"demand_history": result.history, "demand_forecast": result.forecast},
                         result.notes, "demand.xlsx")
    for name, g in result.forecast.groupby("series", sort=False):
        observed = result.history[result.history.series == name]
        files += line_chart(out / f"demand_{name}", SERIES[name][0], {"forecast": g}, "number", observed=observed)
        last = g.iloc[-1]
        click.echo(f"  {SERIES[name][0]:<45} {last.month_end:%B %Y}: {last.forecast:,.0f} "
                   f"({level}% interval {last.lower:,.0f} to {last.upper:,.0f})")
    for note in result.notes:
        click.echo(f"  {note}")
    click.echo(f"Wrote {len(files)} files to {out}/")
