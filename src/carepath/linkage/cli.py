"""``carepath proceedings``: link care proceedings to children, review the doubtful pairs, analyse.

Kept small: each command opens the store, calls the linkage or analysis module, and writes
CSV tables (and an HTML chart) under ``--out``.
"""
from __future__ import annotations

import getpass
from pathlib import Path

import click

from carepath.commands.options import common_options
from carepath.model import store as store_mod


@click.group("proceedings")
def proceedings() -> None:
    """Care proceedings: link the legal department's records to children, then analyse them.

    \b
      carepath proceedings link --out linkage/      link, and write the match report
      carepath proceedings link --engine spark      the same, the Splink model on Apache Spark
      carepath proceedings review                   the pairs waiting for a reviewer
      carepath proceedings review --accept CASE CHILD   (or --reject) record a decision
      carepath proceedings status                   match rate, methods, refused rows
      carepath proceedings journeys --out journeys/  the three-variable tables and Sankey
      carepath proceedings orders --out orders/      supervision orders: return to court, use, funnel
    """


def _out(out: str | None) -> Path | None:
    if out is None:
        return None
    path = Path(out)
    path.mkdir(parents=True, exist_ok=True)
    return path


@proceedings.command("link")
@click.option("--la", "la_code", metavar="CODE", help="Only this authority's proceedings (3-digit LA number).")
@click.option("--out", metavar="DIR", help="Write the match report here (CSV).")
@click.option("--web-db", metavar="PATH", help="The dashboard's file, whose reviewers' decisions are carried into "
              "the store first. Default: <store>.web.sqlite (as `carepath serve`).")
@click.option("--each-authority", is_flag=True, help="Link each authority on its own, with its own model, one "
              "after another: for a store of many authorities (a region, England), whose children do not fit in "
              "memory at once. Proceedings are only ever linked to their own authority's children either way.")
@click.option("--engine", "engine_name", type=click.Choice(["duckdb", "spark"]), default="duckdb", show_default=True,
              help="Where the Splink model runs: in memory on DuckDB, or on Apache Spark (needs the spark extra and "
                   "Java); the links are the same.")
@click.option("--spark-master", default="local[2]", show_default=True, metavar="URL",
              help="With --engine spark: local[N] on this machine, or a cluster (spark://host:7077, yarn, k8s://...).")
@common_options
def link(settings, la_code, out, web_db, each_authority, engine_name, spark_master):
    """Link proceedings to children: deterministic pass, Splink model, reviewers' decisions."""
    spark = None
    if engine_name == "spark":  # started first: a missing Java or a bad master URL is said before any work
        from carepath.linkage.spark import session
        click.echo(f"Starting Spark on {spark_master}", err=True)
        spark = session(spark_master)
    try:
        _link(settings, la_code, out, web_db, each_authority, spark)
    finally:
        if spark is not None:
            spark.stop()


def _link(settings, la_code, out, web_db, each_authority, spark) -> None:
    from carepath.linkage import decisions, report
    from carepath.linkage.link import link_each_authority, link_proceedings
    con = store_mod.connect(settings.store)
    try:
        copied = decisions.import_from(con, Path(web_db) if web_db else Path(str(settings.store) + ".web.sqlite"))
        if copied:
            click.echo(f"{copied:,} reviewers' decisions made in the dashboard carried into the store", err=True)
        say = (lambda m: click.echo(m, err=True))
        run = (link_each_authority(con, say, spark) if each_authority and not la_code
               else link_proceedings(con, la_code, say, spark))
        for note in run.notes:
            click.echo(f"note: {note}", err=True)
        folder = _out(out)
        if folder:
            run.links.to_csv(folder / "links.csv", index=False)
            run.candidates[run.candidates.status == "review"].to_csv(folder / "review_queue.csv", index=False)
            report.linked_against_unlinked(con).to_csv(folder / "linked_against_unlinked.csv", index=False)
            report.weight_distribution(con).to_csv(folder / "match_weights.csv", index=False)
            con.execute("SELECT proceeding_id, reason FROM proceeding_link_issue ORDER BY 1").df().to_csv(
                folder / "refused.csv", index=False)
            if run.model is not None:  # one model (with --each-authority, each authority's is in its own run)
                import json
                (folder / "model.json").write_text(json.dumps(run.model, indent=1, default=str), encoding="utf-8")
                run.weights_chart.save(str(folder / "match_weights_chart.html"), inline=True)  # no CDN
                run.weights_chart.save(str(folder / "match_weights_chart.svg"))
            click.echo(f"Wrote the match report to {folder}/", err=True)
        click.echo(run.summary())
    finally:
        con.close()


@proceedings.command("review")
@click.option("--accept", nargs=2, metavar="PROCEEDING CHILD", help="Accept a pair (proceeding_id child_id).")
@click.option("--reject", nargs=2, metavar="PROCEEDING CHILD", help="Reject a pair.")
@click.option("--note", help="Why, for the audit trail.")
@common_options
def review(settings, accept, reject, note):
    """List the review queue, or record a decision (applied on the next `proceedings link`)."""
    from carepath.linkage.link import decide_pair
    con = store_mod.connect(settings.store)
    try:
        if accept or reject:
            decision, pair = ("accept", accept) if accept else ("reject", reject)
            decide_pair(con, pair[0], pair[1], decision, getpass.getuser(), note)
            click.echo(f"{decision}ed {pair[0]} -> {pair[1]}; run `carepath proceedings link` to apply it.")
            return
        rows = con.execute("""
            SELECT q.proceeding_id, q.child_id, round(q.match_probability, 3), round(q.match_weight, 1),
                   p.child_forename, p.child_surname, p.child_dob, c.forename, c.surname, c.dob
            FROM proceeding_candidate q JOIN proceeding p USING (proceeding_id) JOIN child c USING (child_id)
            WHERE q.status = 'review' ORDER BY q.proceeding_id, q.rank""").fetchall()
        if not rows:
            click.echo("Nothing waiting for review.")
        for r in rows:
            click.echo(f"{r[0]} -> {r[1]}  p={r[2]} w={r[3]}  legal: {r[4]} {r[5]} {r[6]}  care: {r[7]} {r[8]} {r[9]}")
    finally:
        con.close()


@proceedings.command("status")
@common_options
def status(settings):
    """Match rate, links by method, the review queue and the refused rows with their reasons."""
    from carepath.linkage.report import match_rate
    con = store_mod.connect(settings.store, read_only=True)
    try:
        m = match_rate(con)
        click.echo(f"{m['proceedings']:,} proceedings, {m['linked']:,} linked ({(m['match_rate'] or 0):.0%}); "
                   f"by method: {m['by_method']}; {m['waiting_for_review']:,} waiting for review; "
                   f"{m['refused']:,} refused")
        for pid, reason in con.execute("SELECT proceeding_id, reason FROM proceeding_link_issue ORDER BY 1").fetchall():
            click.echo(f"  refused {pid}: {reason}")
    finally:
        con.close()


@proceedings.command("journeys")
@click.option("--la", "la_code", metavar="CODE", help="Only this authority's proceedings.")
@click.option("--out", metavar="DIR", required=True, help="Folder for the tables (CSV) and the Sankey (HTML).")
@click.option("--year", type=int, help="Only proceedings applied for in this calendar year.")
@click.option("--order", help="Only proceedings ending in this order: SO, SO + CAO, SO + SGO, SGO, CAO, Care order, "
              "Placement order, No order, Other, Not concluded.")
@click.option("--sex", type=click.Choice(["M", "F"]), help="Only boys (M) or girls (F).")
@click.option("--age", type=click.Choice(["0", "1-4", "5-9", "10-15", "16+", "unknown"]),
              help="Only children of this age at the application.")
@click.option("--show-small-counts", is_flag=True,
              help="Do not suppress counts of 1-4 (only for people who may see the children).")
@common_options
def journeys(settings, la_code, out, year, order, sex, age, show_small_counts):
    """The three-variable method: status before, at application, final order, 12 months after.

    Also the leaving-care curve of periods of care with and without proceedings (Kaplan-Meier)."""
    from carepath.analysis.journeys_sankey import sankey
    from carepath.analysis.proceedings import three_variable as tv
    from carepath.analysis.proceedings.charts import sankey_html
    from carepath.analysis.proceedings import leaving_care
    con = store_mod.connect(settings.store, read_only=True)
    try:
        frame = tv.filtered(tv.cases(con, la_code), year, order, sex, age)
        care = leaving_care.periods(con, la_code)
    finally:
        con.close()
    folder = _out(out)
    if not care.empty:
        leaving_care.curve(care).to_csv(folder / "leaving_care_curve.csv", index=False)
    frame.to_csv(folder / "cases.csv", index=False)
    tv.summary(frame).to_csv(folder / "summary.csv", index=False)
    flows = sankey(tv.journeys(frame), may_see_children=show_small_counts)
    import pandas as pd
    pd.DataFrame(flows["links"]).to_csv(folder / "sankey_flows.csv", index=False)
    sankey_html(flows, folder / "sankey.html")
    never = int(frame.never_looked_after.sum()) if not frame.empty else 0
    click.echo(f"{len(frame):,} linked proceedings; {never:,} never looked after before, during or after. "
               f"Wrote cases.csv, summary.csv, sankey_flows.csv, sankey.html and leaving_care_curve.csv to {folder}/")


@proceedings.command("orders")
@click.option("--out", metavar="DIR", required=True, help="Folder for the tables (CSV).")
@click.option("--areas", metavar="CSV", help="Lookup from la_code to area (e.g. Designated Family Judge areas) "
              "for the funnel; default: each authority is an area.")
@common_options
def orders_command(settings, out, areas):
    """Supervision orders: return to court within 5 years (Kaplan-Meier), pace per year, use, funnel by area."""
    from carepath.analysis.proceedings import orders
    from carepath.errors import CarepathError
    con = store_mod.connect(settings.store, read_only=True)
    try:
        frame = orders.follow_up(con)
        use = orders.use_by_year(con)
        try:
            plot = orders.area_funnel(con, orders.read_areas(areas) if areas else None)
        except ValueError as exc:
            plot, note = None, str(exc)
    finally:
        con.close()
    if frame.empty:
        raise CarepathError("No linked proceedings ended in a supervision order or a care order at home. "
                            "Run `carepath proceedings link` first.")
    folder = _out(out)
    timeline, at_risk = orders.curves(frame)
    frame.to_csv(folder / "follow_up.csv", index=False)
    timeline.to_csv(folder / "return_to_court_curve.csv", index=False)
    at_risk.to_csv(folder / "numbers_at_risk.csv", index=False)
    orders.pace(frame).to_csv(folder / "pace_per_year.csv", index=False)
    use.to_csv(folder / "use_by_year.csv", index=False)
    if plot is not None:
        import pandas as pd
        pd.DataFrame([{"area": p.unit, "supervision_orders": p.numerator, "final_orders": p.denominator,
                       "share": round(p.proportion, 4), "flag": plot.flags[p.unit]} for p in plot.points]).to_csv(
            folder / "funnel.csv", index=False)
    else:
        click.echo(f"No funnel: {note}", err=True)
    click.echo(f"{len(frame):,} orders followed, {int(frame.returned.sum()):,} returned to court within 5 years. "
               f"Wrote the tables to {folder}/")
