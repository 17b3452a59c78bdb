"""Children looked after at the end, starting and ceasing, by age, UASC status, reason and placement.

Every expected figure is worked out by hand in the comments from the DfE conventions (SPECS D.6):
"at the end" is DEC empty or after the last day; short breaks (V3, V4) are left out; the first start
and the last ceasing of each child count. The period is 2024-25 (1 April 2024 to 31 March 2025).
"""
import pytest

from tests.indicators.world import d


def test_looked_after_at_end_by_age_dec_on_the_last_day_is_not_at_end(world):
    world.child("A", dob="2024-06-01")
    world.episode("A", "2024-07-01")                                  # open; age 0 at the end: under 1
    world.child("B", dob="2020-03-31")
    world.episode("B", "2023-01-01", "2025-04-01", reason_ceased="E4A")   # ceases the day after: at end; 5th birthday
    world.child("C", dob="2015-01-01")
    world.episode("C", "2022-01-01", "2025-03-31", reason_ceased="E4A")   # ceases ON the last day: not at end
    world.child("D", dob="2010-05-01")
    world.episode("D", "2024-01-01", legal_status="V3")               # short breaks: left out
    world.child("E", dob="2008-04-01")
    world.episode("E", "2023-05-01", "2024-06-01", reason_ceased="X1")
    e = world.episode("E", "2024-06-01", rne="P", placement="U6")     # two episodes: one child, aged 16
    world.child("F", dob=None)
    world.episode("F", "2024-02-01", legal_status=None)               # no legal status: counted; no age
    world.child("G", dob="2021-01-01")
    world.episode("G", "2025-04-01")                                  # starts after the end
    world.child("H", dob="2012-01-01")
    world.episode("H", "2025-03-31")                                  # starts on the last day: aged 13
    world.population(2024, 10_000)
    fig = world.figure("cla_at_end", "2024-25")
    # at end: A, B, E, F, H = 5 -> 5 per 10,000
    assert fig.numerator == 5
    assert fig.value == pytest.approx(5.0)
    assert e in world.records("cla_at_end", "2024-25")
    # ages on 31 March 2025: A 0, B 5, E 16, H 13; F has no date of birth (total only)
    expected = {"cla_at_end_under_1": 1, "cla_at_end_1_4": 0, "cla_at_end_5_9": 1,
                "cla_at_end_10_15": 1, "cla_at_end_16_plus": 1}
    for indicator, count in expected.items():
        fig = world.figure(indicator, "2024-25")
        assert (fig.numerator, fig.value) == (count, count), indicator


def test_uasc_at_end_status_ceasing_on_the_last_day_no_longer_counts(world):
    world.child("U1", uasc=True)
    world.episode("U1", "2024-01-01")                                  # UASC, open: counts
    world.child("U2", uasc=True, uasc_ceased=d("2025-03-31"))
    world.episode("U2", "2024-01-01")                                  # UASC ceased on the last day: not
    world.child("U3", uasc=True, uasc_ceased=d("2025-04-01"))
    world.episode("U3", "2024-01-01")                                  # ceased the day after: counts
    world.child("U4", uasc=False, uasc_ceased=d("2025-06-01"))
    world.episode("U4", "2024-01-01")                                  # flag 0 but DUC after the end: counts
    world.child("U5", uasc=True)
    world.episode("U5", "2024-01-01", "2025-01-01", reason_ceased="E15")   # not looked after at the end
    world.child("U6", uasc=None)
    world.episode("U6", "2024-01-01")                                  # not UASC
    world.population(2024, 10_000)
    fig = world.figure("cla_uasc_at_end", "2024-25")
    assert fig.numerator == 3                                          # U1, U3, U4
    assert fig.value == pytest.approx(3.0)


def test_a_child_starting_care_twice_in_a_year_counts_once(world):
    for child in "ABCDE":
        world.child(child)
    a1 = world.episode("A", "2024-05-01", "2024-07-01", reason_ceased="E4A")
    a2 = world.episode("A", "2024-10-01")                                  # starts again
    world.episode("B", "2024-04-01", "2024-06-01", legal_status="V3", reason_ceased="X1")   # short break start
    world.episode("B", "2024-06-01", rne="L", legal_status="V2")           # then s20: RNE L, not a start
    world.episode("C", "2024-03-31", "2024-06-01", reason_ceased="X1")     # started the day before the year
    world.episode("C", "2024-06-01", rne="P", placement="U6")              # placement change: not a start
    d = world.episode("D", "2025-03-31")                                   # starts on the last day
    world.episode("E", "2025-04-01")                                       # the day after
    world.population(2024, 10_000)
    fig = world.figure("cla_starting", "2024-25")
    # A once (its first start, 2024-05-01) and D = 2 children -> 2 per 10,000
    assert fig.numerator == 2
    assert fig.value == pytest.approx(2.0)
    assert set(world.records("cla_starting", "2024-25")) == {a1, d}
    # October to December 2024: A's second start is its first in that quarter
    assert world.figure("cla_starting", "2024Q3").numerator == 1
    assert set(world.records("cla_starting", "2024Q3")) == {a2}


def ceasing_histories(world):
    for child in "ABCDEFGH":
        world.child(child)
    world.episode("A", "2023-01-01", "2024-06-01", reason_ceased="E41")     # ceased through a CAO ...
    a = world.episode("A", "2024-08-01", "2025-01-15", reason_ceased="E45")  # ... came back, left on an SGO (last)
    world.episode("B", "2023-01-01", "2024-09-01", reason_ceased="X1")      # care continues
    b = world.episode("B", "2024-09-01", "2025-03-31", rne="P", placement="A5", reason_ceased="E11")  # adopted, last day
    c = world.episode("C", "2023-01-01", "2024-10-01", reason_ceased="E41")  # child arrangements order
    world.episode("D", "2024-01-01", "2024-11-01", legal_status="V4", reason_ceased="E13")  # short breaks: out
    e = world.episode("E", "2024-02-01", "2024-12-01", reason_ceased=None)  # ceased, reason not given
    world.episode("F", "2024-02-01", "2025-04-01", reason_ceased="E4A")     # the day after the year
    g = world.episode("G", "2024-02-01", "2024-05-01", reason_ceased="E4A")  # returned home
    world.episode("H", "2023-05-01", "2024-07-01", reason_ceased="X1")      # X1: not a ceasing
    world.episode("H", "2024-07-01", rne="P", placement="U6")
    world.population(2024, 10_000)
    return a, b, c, e, g


def test_children_ceasing_last_ceasing_per_child(world):
    a, b, c, e, g = ceasing_histories(world)
    fig = world.figure("cla_ceasing", "2024-25")
    # A (once, its last ceasing), B, C, E, G = 5 -> 5 per 10,000
    assert fig.numerator == 5
    assert fig.value == pytest.approx(5.0)
    assert set(world.records("cla_ceasing", "2024-25")) == {a, b, c, e, g}


@pytest.mark.parametrize("indicator, numerator", [
    ("cla_ceased_adoption_sgo", 2),   # A (E45 SGO) and B (E11 adopted)
    ("cla_ceased_sgo", 1),            # A
    ("cla_ceased_cao", 1),            # C; A's earlier E41 is not its last ceasing
])
def test_ceased_by_reason_of_the_last_ceasing(world, indicator, numerator):
    ceasing_histories(world)
    fig = world.figure(indicator, "2024-25")
    assert (fig.numerator, fig.denominator) == (numerator, 5)
    assert fig.value == pytest.approx(numerator * 20.0)


def test_placement_types_at_the_end(world):
    placements = {"A": "U4", "B": "U1", "C": "K2", "D": "K3", "E": "H5", "F": "T1", "G": "R1"}
    for child, placement in placements.items():
        world.child(child)
        world.episode(child, "2024-01-01", placement=placement)
    world.child("H")
    world.episode("H", "2024-01-01", "2025-03-31", placement="K1", reason_ceased="E4A")   # not at the end
    world.child("I")
    world.episode("I", "2024-01-01", placement="U4", legal_status="V3")                   # short breaks: out
    # base: A-G = 7; foster U1-U6: A, B; homes K1, K2: C; independent H5, P2, K3: D, E;
    # F is in a temporary placement, G in residential care: in none of the three
    for indicator, numerator in (("cla_in_foster_care", 2), ("cla_in_homes", 1), ("cla_in_independent", 2)):
        fig = world.figure(indicator, "2024-25")
        assert (fig.numerator, fig.denominator) == (numerator, 7), indicator
        assert fig.value == pytest.approx(numerator * 100 / 7)


def test_placed_more_than_20_miles_from_home_and_outside_the_authority(world, shared_data):
    # Westminster (213, E09000033) places three children; distances between real postcode centroids:
    # SW1A 1AA (Buckingham Palace) -> BN1 1AA (Brighton, another authority, about 47 miles): counts
    # SW1A 1AA -> W1A 1AA (Westminster, under 2 miles): inside the authority and near: does not count
    # SW1A 1AA -> TW6 1AA (Heathrow, Hillingdon, about 14 miles): outside but not 20 miles: does not count
    # a fourth child's placement postcode ZZ9 9ZZ is not a postcode: left out of the base
    from tests.indicators.world import World
    west = World(world.con, la="213")
    for child, placement in (("A", "BN1 1AA"), ("B", "W1A 1AA"), ("C", "TW6 1AA"), ("D", "ZZ9 9ZZ")):
        west.child(child)
        west.episode(child, "2024-01-10", home_postcode="SW1A 1AA", placement_postcode=placement)
    figure = west.compute("cla_placed_20_miles", "2024-25", reference=shared_data)["213"]
    assert (figure.numerator, figure.denominator) == (1, 3)
    distances = {r["child_id"]: r["measure"] for r in west.record_rows("cla_placed_20_miles", "2024-25", shared_data)}
    assert 40 < distances["213/A"] < 55 and distances["213/B"] < 2 and 10 < distances["213/C"] < 20


def test_without_the_authority_s_ons_code_there_is_no_distance_figure(world):
    world.child("A")
    world.episode("A", "2024-01-10", home_postcode="SW1A 1AA", placement_postcode="BN1 1AA")
    figure = world.figure("cla_placed_20_miles", "2024-25")        # no reference folder given
    assert figure.value is None and "placement_distance" in figure.note
