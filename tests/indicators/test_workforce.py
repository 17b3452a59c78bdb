"""Workforce rates (Signs of Safety W1-W4, board 20, national framework), from hand-built snapshots.

Each unit's latest snapshot in the 12 months up to the period end is used; team snapshots are
attributed to their team; FTE are weights, so the authority's figure is sum over sum. The period is
2024-25: snapshots dated 1 April 2024 to 31 March 2025 are in the window.
"""
import pytest

from carepath.model.ids import join


def snapshot(world, unit, day, **figures):
    """A workforce row for team ``unit`` (or the authority when ``unit`` is the LA code) on ``day``."""
    unit_id = world.la if unit == world.la else f"{world.la}/{unit}"
    return world.put("workforce", workforce_id=join(unit_id, day), unit=unit_id, snapshot_date=day, **figures)


def build_two_teams(world):
    world.team("T1", "Assessment North")
    world.team("T2", "Child protection South")
    world.child("A")                                   # the engine reports on authorities with children
    # T1: the September snapshot is superseded by the one on the period's last day (used)
    snapshot(world, "T1", "2024-09-30", establishment_fte=20, in_post_fte=18, vacancies_fte=2, agency_fte=3,
             leavers_fte=3.6, sickness_days=180, cases=360)
    snapshot(world, "T1", "2025-03-31", establishment_fte=20, in_post_fte=16, vacancies_fte=4, agency_fte=4,
             leavers_fte=4, sickness_days=200, cases=340)
    # T2: 31 March 2024 is exactly 12 months before the end (out); 1 April 2024 is the first day in (used);
    #     1 April 2025 is after the end (out)
    snapshot(world, "T2", "2024-03-31", establishment_fte=100, in_post_fte=100, vacancies_fte=0, agency_fte=0,
             leavers_fte=0, sickness_days=0, cases=0)
    snapshot(world, "T2", "2024-04-01", establishment_fte=10, in_post_fte=6, vacancies_fte=4, agency_fte=2,
             leavers_fte=3, sickness_days=30, cases=120)
    snapshot(world, "T2", "2025-04-01", establishment_fte=999, in_post_fte=999, vacancies_fte=0, agency_fte=0,
             leavers_fte=0, sickness_days=0, cases=0)
    # an authority-wide row is ignored when the authority has team snapshots
    snapshot(world, world.la, "2024-09-30", establishment_fte=50, in_post_fte=50, vacancies_fte=0, agency_fte=0,
             leavers_fte=0, sickness_days=0, cases=0)


@pytest.mark.parametrize("indicator, t1, t2, authority", [
    # vacancies / (vacancies + in post): T1 4/20 = 20%; T2 4/10 = 40%; authority 8/30
    ("sw_vacancy_rate", (4, 20, 20.0), (4, 10, 40.0), (8, 30, 100 * 8 / 30)),
    # leavers / in post: T1 4/16 = 25%; T2 3/6 = 50%; authority 7/22
    ("sw_turnover_rate", (4, 16, 25.0), (3, 6, 50.0), (7, 22, 100 * 7 / 22)),
    # sickness days / in post: T1 200/16 = 12.5; T2 30/6 = 5; authority 230/22 days per FTE
    ("sw_sickness", (200, 16, 12.5), (30, 6, 5.0), (230, 22, 230 / 22)),
    # agency / (agency + in post): T1 4/20 = 20%; T2 2/8 = 25%; authority 6/28
    ("sw_agency_rate", (4, 20, 20.0), (2, 8, 25.0), (6, 28, 100 * 6 / 28)),
    # cases / (in post + agency): T1 340/20 = 17; T2 120/8 = 15; authority 460/28
    ("sw_caseload", (340, 20, 17.0), (120, 8, 15.0), (460, 28, 460 / 28)),
])
def test_workforce_rates_by_team_and_for_the_authority(world, indicator, t1, t2, authority):
    build_two_teams(world)
    teams = world.compute(indicator, "2024-25", level="team")
    assert set(teams) == {"846/T1", "846/T2"}
    for team, (numerator, denominator, value) in (("846/T1", t1), ("846/T2", t2)):
        assert (teams[team].numerator, teams[team].denominator) == pytest.approx((numerator, denominator))
        assert teams[team].value == pytest.approx(value)
    assert teams["846/T1"].unit_name == "Assessment North"
    fig = world.figure(indicator, "2024-25")
    assert (fig.numerator, fig.denominator) == pytest.approx(authority[:2])
    assert fig.value == pytest.approx(authority[2])


def test_the_authority_wide_row_is_used_when_there_are_no_team_snapshots(world):
    world.child("A")
    snapshot(world, world.la, "2024-09-30", in_post_fte=40, vacancies_fte=10, agency_fte=8, leavers_fte=6,
             sickness_days=300, cases=720)
    vacancy = world.figure("sw_vacancy_rate", "2024-25")
    assert (vacancy.numerator, vacancy.denominator, vacancy.value) == pytest.approx((10, 50, 20.0))   # 10/(10+40)
    caseload = world.figure("sw_caseload", "2024-25")
    assert caseload.value == pytest.approx(720 / 48)                                                  # 15 per FTE
    teams = world.compute("sw_vacancy_rate", "2024-25", level="team")
    assert set(teams) == {"846/Not allocated"}


def test_vacancies_come_from_the_establishment_when_not_given(world):
    world.child("A")
    world.team("T1")
    world.team("T2")
    snapshot(world, "T1", "2024-09-30", establishment_fte=12, in_post_fte=9)      # 3 vacant of 12
    snapshot(world, "T2", "2024-09-30", establishment_fte=10, in_post_fte=11)     # over-established: 0 vacant of 11
    fig = world.figure("sw_vacancy_rate", "2024-25")
    assert (fig.numerator, fig.denominator) == pytest.approx((3, 23))
    assert fig.value == pytest.approx(100 * 3 / 23)


def test_each_measure_takes_the_latest_snapshot_that_gives_its_figures(world):
    world.child("A")
    world.team("T1")
    snapshot(world, "T1", "2024-09-30", in_post_fte=20, leavers_fte=5, cases=400)   # annual: leavers given
    snapshot(world, "T1", "2025-02-28", in_post_fte=10, cases=250)                   # monthly: no leavers
    turnover = world.figure("sw_turnover_rate", "2024-25")
    assert (turnover.numerator, turnover.denominator) == pytest.approx((5, 20))     # from September: 25%
    caseload = world.figure("sw_caseload", "2024-25")
    assert (caseload.numerator, caseload.denominator) == pytest.approx((250, 10))   # from February: 25 per FTE


def test_a_snapshot_older_than_12_months_is_not_carried_forward(world):
    world.child("A")
    world.team("T1")
    snapshot(world, "T1", "2023-09-30", in_post_fte=20, vacancies_fte=5)
    fig = world.figure("sw_vacancy_rate", "2024-25")
    assert fig.numerator == 0 and fig.value is None
    assert fig.note == "nothing to divide by in this period"


def test_no_workforce_data_is_no_figure(world):
    world.child("A")
    fig = world.figure("sw_turnover_rate", "2024-25")
    assert fig.value is None and fig.note == "no workforce data loaded for this authority"
