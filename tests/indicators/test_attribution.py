"""Attribution of records to practitioner, team, locality and service through the allocation history."""
import pytest

from carepath.indicators import catalogue, engine, periods


def build_two_teams(world):
    world.team("T1", "Assessment North", locality="North", service="Front door")
    world.team("T2", "Child protection South", locality="South", service="Safeguarding")
    world.worker("W1", "T1", "Asha")
    world.worker("W2", "T2", "Ben")


def test_a_child_moving_team_mid_period_is_attributed_by_the_record_date(world):
    build_two_teams(world)
    world.child("A")
    world.allocation("A", "W1", "2024-04-01", "2024-08-31")   # North until 31 August
    world.allocation("A", "W2", "2024-09-01")                 # South from 1 September
    world.referral("A", "2024-05-01")                         # held by W1 (T1)
    world.referral("A", "2024-10-01")                         # held by W2 (T2)
    world.referral("A", "2024-08-31")                         # last day of W1's allocation: W1
    teams = world.compute("referrals", "2024-25", level="team")
    assert {k: v.numerator for k, v in teams.items()} == {"846/T1": 2, "846/T2": 1}
    assert teams["846/T1"].unit_name == "Assessment North"
    workers = world.compute("referrals", "2024-25", level="worker")
    assert {k: (v.numerator, v.unit_name) for k, v in workers.items()} == {
        "846/W1": (2, "Asha"), "846/W2": (1, "Ben")}
    localities = world.compute("referrals", "2024-25", level="locality")
    assert {k: v.numerator for k, v in localities.items()} == {"North": 2, "South": 1}
    services = world.compute("referrals", "2024-25", level="service")
    assert {k: v.numerator for k, v in services.items()} == {"Front door": 2, "Safeguarding": 1}


def test_unallocated_records_keep_the_levels_adding_up(world):
    build_two_teams(world)
    world.child("A")
    world.child("B")
    world.allocation("A", "W1", "2024-04-01")
    world.referral("A", "2024-05-01")
    world.referral("B", "2024-05-01")                          # never allocated
    teams = world.compute("referrals", "2024-25", level="team")
    assert {k: v.numerator for k, v in teams.items()} == {"846/T1": 1, "846/Not allocated": 1}
    assert teams["846/Not allocated"].unit_name == "Not allocated"
    assert world.figure("referrals", "2024-25").numerator == 2


def test_rates_below_the_authority_are_counts_with_a_note(world):
    build_two_teams(world)
    world.child("A")
    world.allocation("A", "W1", "2024-04-01")
    world.referral("A", "2024-05-01")
    world.population(2024, 10_000)
    team = world.compute("referrals", "2024-25", level="team")["846/T1"]
    assert team.numerator == 1 and team.value is None
    assert team.note == "rates are for the authority; this is the count"
    assert world.figure("referrals", "2024-25").value == pytest.approx(1.0)


def test_the_allocation_team_wins_over_the_worker_home_team(world):
    build_two_teams(world)
    world.child("A")
    world.allocation("A", "W1", "2024-04-01", team="T2")       # W1 covering for team T2
    world.referral("A", "2024-05-01")
    teams = world.compute("referrals", "2024-25", level="team")
    assert {k: v.numerator for k, v in teams.items()} == {"846/T2": 1}


def test_the_later_started_of_overlapping_allocations_holds_the_case(world):
    build_two_teams(world)
    world.child("A")
    world.allocation("A", "W1", "2024-04-01")                  # open throughout
    world.allocation("A", "W2", "2024-06-01", "2024-06-30")    # started later, ended 30 June
    world.referral("A", "2024-05-15")                          # only W1 started: W1
    world.referral("A", "2024-06-30")                          # W2 started later and holds it on its last day
    world.referral("A", "2024-07-01")                          # W2, the latest started, has ended: not allocated
    workers = world.compute("referrals", "2024-25", level="worker")
    assert {k: v.numerator for k, v in workers.items()} == {
        "846/W1": 1, "846/W2": 1, "846/Not allocated": 1}


def test_of_two_allocations_started_the_same_day_the_greater_allocation_id_holds_the_case(world):
    build_two_teams(world)
    world.child("A")
    world.allocation("A", "W2", "2024-04-01")     # 846/A/846/W2/2024-04-01: the greater id
    world.allocation("A", "W1", "2024-04-01")     # 846/A/846/W1/2024-04-01
    world.referral("A", "2024-05-01")
    world.referral("A", "2024-09-01")
    workers = world.compute("referrals", "2024-25", level="worker")
    assert {k: v.numerator for k, v in workers.items()} == {"846/W2": 2}
    # the records behind the figure are attributed the same way
    assert {r["worker_id"] for r in world.record_rows("referrals", "2024-25")} == {"846/W2"}


def test_a_split_family_run_together_is_attributed_as_its_records_are(world):
    """Run together, a family's members are summed per team as their records are produced; the
    figures are what was worked out by hand, and what the drill-through finds behind them."""
    build_two_teams(world)
    for child, worker, start in (("A", "W1", "2024-04-01"), ("B", "W2", "2024-04-01"), ("C", "W1", "2024-10-01")):
        world.child(child)
        world.allocation(child, worker, start)
    world.child("D")                                             # never allocated
    world.referral("A", "2024-05-01", source="6")                # police, held by W1 (T1)
    world.referral("B", "2024-06-01", source="6")                # police, held by W2 (T2)
    world.referral("C", "2024-07-01", source="1A")               # individual, before C's allocation
    world.referral("D", "2024-08-01", source="6")                # police, never allocated
    family = [catalogue.get("referrals_source_police"), catalogue.get("referrals_source_individual")]
    engine.run(world.con, family, [periods.parse("2024-25")], levels=("authority", "team"))
    teams = {(i, u): n for i, u, n in world.con.execute(
        "SELECT indicator_id, unit_id, numerator FROM indicator_result WHERE level = 'team' AND numerator > 0").fetchall()}
    assert teams == {("referrals_source_police", "846/T1"): 1, ("referrals_source_police", "846/T2"): 1,
                     ("referrals_source_police", "846/Not allocated"): 1,
                     ("referrals_source_individual", "846/Not allocated"): 1}
    behind = {}
    for member in family:
        for row in world.record_rows(member.id, "2024-25"):
            key = (member.id, row["team_id"])
            behind[key] = behind.get(key, 0) + (1 if row["numerator"] else 0)
    assert {k: v for k, v in behind.items() if v} == teams


def test_a_recomputed_figure_leaves_no_unit_behind_that_no_longer_has_records(world):
    build_two_teams(world)
    world.child("A")
    world.allocation("A", "W1", "2024-04-01")
    rid = world.referral("A", "2024-05-01")
    assert {k: v.numerator for k, v in world.compute("referrals", "2024-25", level="team").items()} == {"846/T1": 1}
    world.put("referral", referral_id=rid, child_id=world.cid("A"), referral_date="2023-05-01")  # corrected: a year earlier
    assert world.compute("referrals", "2024-25", level="team") == {}
    assert world.figure("referrals", "2024-25").numerator == 0
