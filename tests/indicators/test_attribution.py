"""Attribution of records to practitioner, team, locality and service through the allocation history."""
import pytest


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
