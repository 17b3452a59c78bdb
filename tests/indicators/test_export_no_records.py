"""The results export (``indicators run --out``) writes every unit of a computed level: a unit with
figures in the period but no child counted in one indicator gets a row with no numbers and a note,
as the dashboard says "no records" for it."""
from carepath.indicators import catalogue, engine, export, periods
from carepath.indicators.export import no_records_note


def test_a_team_with_no_records_for_an_indicator_is_written_with_a_note(world):
    world.team("T1", "Assessment North", locality="North", service="Front door")
    world.team("T2", "Child protection South", locality="South", service="Safeguarding")
    world.worker("W1", "T1", "Asha")
    world.worker("W2", "T2", "Ben")
    for child, worker in (("A", "W1"), ("B", "W2")):
        world.child(child)
        world.allocation(child, worker, "2024-04-01")
    world.referral("A", "2024-05-01")
    world.referral("B", "2024-06-01")
    world.cp_plan("A", "2024-07-01")            # only team T1 has a plan starting
    year = periods.parse("2024-25")
    engine.run(world.con, [catalogue.get("referrals"), catalogue.get("cp_plans_starting")], [year],
               levels=("authority", "team"))
    rows = export.results_table(world.con, ["referrals", "cp_plans_starting"], ["2024-25"],
                                ["authority", "team"]).to_pylist()
    plans = {r["unit_id"]: r for r in rows if r["indicator_id"] == "cp_plans_starting"}
    # worked by hand: referrals has T1 = 1 and T2 = 1, so the team level holds T1 and T2 in 2024-25;
    # plans starting: T1 = 1 (A's plan), T2 none stored by the engine -> written empty with the note
    assert plans["846/T1"]["numerator"] == 1
    assert plans["846/T2"]["numerator"] is None and plans["846/T2"]["value"] is None
    assert plans["846/T2"]["note"] == no_records_note("team", "2024-25")
    assert plans["846/T2"]["unit_name"] == "Child protection South"
    assert plans["846/T2"]["title"] == catalogue.get("cp_plans_starting").title
    # the authority row and the referrals rows are as stored; nothing is added where nothing is missing
    assert [r["unit_id"] for r in rows if r["indicator_id"] == "referrals"] == ["846", "846/T1", "846/T2"]
    assert [r["unit_id"] for r in rows if r["indicator_id"] == "cp_plans_starting"] == ["846", "846/T1", "846/T2"]
    # a level not computed for an indicator gets nothing added (locality was not run)
    assert export.results_table(world.con, ["cp_plans_starting"], ["2024-25"], ["locality"]).num_rows == 0
