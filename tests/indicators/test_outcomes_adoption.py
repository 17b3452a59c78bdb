"""Outcomes of children looked after for 12 months (903 OC2) and the adoption scorecard's timings.

Every expected figure is worked out by hand in the comments. OC2 records are dated 31 March 2025,
the last day of 2024-25.
"""
from carepath.model.ids import join


def outcome(world, child, **fields):
    cid = world.child(child)
    world.put("cla_outcome", child_id=cid, year_ending="2025-03-31", **fields)


def test_health_immunisation_and_dental_checks_of_the_oc2_cohort(world):
    outcome(world, "A", health_check=True, immunisations=True, teeth_check=True)
    outcome(world, "B", health_check=True, immunisations=False, teeth_check=True)
    outcome(world, "C", health_check=False, immunisations=None, teeth_check=True)
    outcome(world, "D")                                          # nothing recorded: in the cohort only
    world.child("E")
    world.put("cla_outcome", child_id=world.cid("E"), year_ending="2024-03-31", health_check=True)  # last year
    got = world.figures(["cla_12m_health_checks", "cla_12m_immunisations", "cla_12m_dental_checks"], "2024-25")
    # cohort A, B, C, D = 4 (E's record is for 2023-24)
    # health: A, B = 2/4 = 50%; immunisations: A = 1/4 = 25%; dental: A, B, C = 3/4 = 75%
    assert (got["cla_12m_health_checks"].numerator, got["cla_12m_health_checks"].denominator) == (2, 4)
    assert got["cla_12m_health_checks"].value == 50.0
    assert (got["cla_12m_immunisations"].numerator, got["cla_12m_immunisations"].value) == (1, 25.0)
    assert (got["cla_12m_dental_checks"].numerator, got["cla_12m_dental_checks"].value) == (3, 75.0)
    # a quarter that does not hold 31 March has no cohort
    assert world.figure("cla_12m_health_checks", "2024Q3").denominator in (0, None)


def test_average_sdq_score_of_children_with_a_valid_score(world):
    outcome(world, "A", sdq_score=10)
    outcome(world, "B", sdq_score=21)
    outcome(world, "C", sdq_score=0)                            # 0 is a valid score
    outcome(world, "D", sdq_reason="SDQ1")                      # no score: not in the average
    outcome(world, "E", sdq_score=45)                           # outside 0-40: invalid, left out
    fig = world.figure("cla_12m_sdq_average", "2024-25")
    # (10 + 21 + 0) / 3 = 10.33...
    assert (fig.numerator, fig.denominator) == (31, 3)
    assert abs(fig.value - 31 / 3) < 1e-9


def adoption(world, child, decision, **dates):
    cid = world.cid(child)
    world.put("adoption", adoption_id=join(cid, decision), child_id=cid, decision_date=decision, **dates)


def test_days_from_entering_care_to_placement_for_adoption(world):
    world.child("A")
    world.episode("A", "2023-06-01")                            # care began 1 June 2023
    adoption(world, "A", "2024-01-10", placed_date="2024-06-01")  # 2023-06-01 -> 2024-06-01: 366 days (leap year)
    world.child("B")
    world.episode("B", "2022-01-01", "2022-06-01", reason_ceased="E8")   # an earlier period of care, not used
    world.episode("B", "2024-05-01", rne="S")
    adoption(world, "B", "2024-07-01", placed_date="2024-10-30")  # 2024-05-01 -> 2024-10-30: 182 days
    world.child("C")
    world.episode("C", "2023-01-01")
    adoption(world, "C", "2023-05-01", placed_date="2024-03-31")  # placed in 2023-24: not in 2024-25
    world.child("D")
    adoption(world, "D", "2024-05-01", placed_date="2024-08-01")  # no episodes loaded: no entry date
    fig = world.figure("adoption_entry_to_placement", "2024-25")
    rows = {r["child_id"]: r["measure"] for r in world.record_rows("adoption_entry_to_placement", "2024-25")}
    assert rows == {world.cid("A"): 366, world.cid("B"): 182}
    assert fig.numerator == 2 and fig.value == (366 + 182) / 2   # mean 274


def test_days_from_placement_order_to_match(world):
    world.child("A")
    adoption(world, "A", "2024-01-10", placement_order_date="2024-03-01", matched_date="2024-06-15")  # 106 days
    world.child("B")
    adoption(world, "B", "2024-02-01", placement_order_date="2024-09-01", matched_date="2024-09-01")  # 0 days
    world.child("C")
    adoption(world, "C", "2024-02-01", matched_date="2024-09-01")                   # no order date: left out
    world.child("D")
    adoption(world, "D", "2024-02-01", placement_order_date="2024-10-01", matched_date="2024-09-01")  # before order
    world.child("E")
    adoption(world, "E", "2023-02-01", placement_order_date="2023-06-01", matched_date="2024-03-31")  # last year
    fig = world.figure("adoption_order_to_match", "2024-25")
    # A: 1 March -> 15 June 2024 = 30 + 30 + 31 + 15 = 106; B: 0; mean 53
    assert fig.numerator == 2 and fig.value == 53.0


def test_days_from_adopters_application_to_approval_per_family(world):
    def adopter(code, family, applied, approved):
        world.put("adopter", adopter_id=f"{world.la}/{code}", family_id=f"{world.la}/{family}",
                  application_date=applied, approved_date=approved)
    world.child("A")                                  # the engine's authorities are those holding children
    adopter("P1", "F1", "2024-04-01", "2024-10-01")   # a couple: one family, 183 days
    adopter("P2", "F1", "2024-04-01", "2024-10-01")
    adopter("P3", "F2", "2024-09-01", "2025-03-01")   # 181 days
    adopter("P4", "F3", "2024-01-01", None)           # not approved: left out
    adopter("P5", "F4", "2023-06-01", "2024-03-01")   # approved in 2023-24
    fig = world.figure("adopters_application_to_approval", "2024-25")
    # F1: 1 April -> 1 October 2024 = 30+31+30+31+31+30 = 183; F2: 1 September 2024 -> 1 March 2025 = 30+31+30+31+31+28 = 181
    assert fig.numerator == 2 and fig.value == (183 + 181) / 2


def test_return_interviews_offered_to_children_who_went_missing_annex_a(world):
    def row(child, as_at, missing, offered, absent=0):
        cid = world.child(child)
        world.put("missing_return_interview", child_id=cid, as_at=as_at, missing_episodes=missing,
                  absent_episodes=absent, return_interview_offered=offered)
    row("A", "2024-09-30", 2, False)            # an earlier Annex A in the year ...
    row("A", "2025-03-31", 3, True)             # ... the latest one counts: offered
    row("B", "2025-03-31", 1, None)             # missing, nothing recorded: cohort only
    row("C", "2025-03-31", 0, None, absent=4)   # absent only: not in the cohort
    row("D", "2024-03-31", 1, True)             # Annex A of 2023-24
    fig = world.figure("cla_missing_return_interview", "2024-25")
    # cohort A (as at 31 March 2025), B: 2; offered A: 1 -> 50%
    assert (fig.numerator, fig.denominator, fig.value) == (1, 2, 50.0)
