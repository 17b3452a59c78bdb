"""Placement stability: three or more placements in 12 months, and long-term stability.

Placements are counted as the indicator's boundaries say (SPECS D.6): a placement starts with RNE
S, P, B, T or U; RNE L continues it; temporary placements (T0-T4) and the return from them are not
new placements; placed for adoption with the current foster carers (A3/A5 with RNE T/U) is not a
change. The period is 2024-25, so the 12-month window is 1 April 2024 to 31 March 2025.
"""
import pytest


def chain(world, child, *steps, **first):
    """Consecutive episodes joined by X1: steps are (start, rne, placement[, extra]); the last stays open."""
    ids = []
    for number, step in enumerate(steps):
        start, rne, placement, *rest = step
        extra = rest[0] if rest else {}
        following = steps[number + 1][0] if number + 1 < len(steps) else None
        ids.append(world.episode(child, start, following, rne=rne, placement=placement,
                                 reason_ceased="X1" if following else None, **{**first, **extra}))
    return ids


def test_three_or_more_placements_in_the_12_months(world):
    for child in "ABCDEFGHIJK":
        world.child(child, dob="2012-01-01")
    # A: a placement open on 1 April and two more: 3
    chain(world, "A", ("2023-01-01", "S", "U4"), ("2024-05-01", "P", "U6"), ("2024-09-01", "P", "U4"))
    # B: the first placement ended on 31 March 2024, the day before the window: 2
    chain(world, "B", ("2022-01-01", "S", "U4"), ("2024-03-31", "P", "U6"), ("2024-10-01", "P", "U4"))
    # C: a move with the same carers (RNE T) counts: 3
    chain(world, "C", ("2024-04-10", "S", "U6"), ("2024-06-01", "T", "U4"), ("2024-09-01", "P", "U6"))
    # D: a temporary placement (T2) and the return to the same placement are not new placements: 2
    chain(world, "D", ("2024-04-10", "S", "U4", {"placement_postcode": "AB1 2CD"}), ("2024-07-01", "P", "T2"),
          ("2024-07-14", "P", "U4", {"placement_postcode": "AB1 2CD"}), ("2024-12-01", "P", "U6"))
    # E: a change of legal status only (RNE L) is not a new placement: 2
    chain(world, "E", ("2024-04-10", "S", "U4", {"legal_status": "C1"}), ("2024-06-01", "L", "U4"),
          ("2024-08-01", "P", "U6"))
    # F: placed for adoption with the current foster carers (A5, RNE T) is not a change: 2
    chain(world, "F", ("2024-04-10", "S", "U4"), ("2024-06-01", "P", "U5"), ("2024-09-01", "T", "A5"))
    # G: two periods of care in the window, every placement counts: 3
    world.episode("G", "2024-04-10", "2024-06-01", placement="U4", reason_ceased="E4A")
    chain(world, "G", ("2024-08-01", "S", "U6"), ("2024-10-01", "P", "K2"))
    # H: care that ended on the day it began (under 24 hours) is not a placement: 2
    world.episode("H", "2024-05-01", "2024-05-01", placement="U4", reason_ceased="E4A")
    chain(world, "H", ("2024-07-01", "S", "U6"), ("2024-09-01", "P", "U4"))
    # I: short breaks (V3) are left out before counting: 1
    world.episode("I", "2024-04-20", "2024-04-22", legal_status="V3", reason_ceased="E13")
    world.episode("I", "2024-05-20", "2024-05-22", legal_status="V3", reason_ceased="E13")
    chain(world, "I", ("2024-06-01", "S", "U4"))
    # J: three placements but ceased on 31 March 2025: not looked after at the end, not in the base
    world.episode("J", "2024-04-10", "2024-05-01", placement="U4", reason_ceased="X1")
    world.episode("J", "2024-05-01", "2024-06-01", rne="P", placement="U6", reason_ceased="X1")
    world.episode("J", "2024-06-01", "2025-03-31", rne="P", placement="U4", reason_ceased="E4A")
    # K: no RNE (Annex A): a new placement postcode is a new placement: 3
    chain(world, "K", ("2024-04-10", "S", "U4", {"placement_postcode": "AB1 2CD"}),
          ("2024-06-01", None, "U4", {"placement_postcode": "CD2 3EF"}),
          ("2024-09-01", None, "U4", {"placement_postcode": "EF3 4GH"}))
    fig = world.figure("cla_placements_3plus", "2024-25")
    # base: A-I and K = 10; three or more: A, C, G, K = 4 -> 40%
    assert (fig.numerator, fig.denominator) == (4, 10)
    assert fig.value == pytest.approx(40.0)
    counts = {r["child_id"]: r["measure"] for r in world.record_rows("cla_placements_3plus", "2024-25")}
    assert counts == {world.cid(c): n for c, n in
                      {"A": 3, "B": 2, "C": 3, "D": 2, "E": 2, "F": 2, "G": 3, "H": 2, "I": 1, "K": 3}.items()}


def test_placements_for_a_quarter_use_the_12_months_to_its_end(world):
    world.child("B")
    chain(world, "B", ("2022-01-01", "S", "U4"), ("2024-03-31", "P", "U6"), ("2024-10-01", "P", "U4"))
    # October to December 2024: the window is 1 January to 31 December 2024, and the first placement
    # was open in it (until 31 March 2024): 3 placements
    fig = world.figure("cla_placements_3plus", "2024Q3")
    assert (fig.numerator, fig.denominator) == (1, 1)


def test_long_term_stability(world):
    # on 31 March 2025: looked after since 30 September 2022 or earlier (2.5 years), same carers since
    # 31 March 2023 or earlier (2 years), under 16
    world.child("A", dob="2012-01-01")
    chain(world, "A", ("2022-09-30", "S", "U4"))                        # exactly 2.5 years: base; stable
    world.child("B", dob="2012-01-01")
    chain(world, "B", ("2022-10-01", "S", "U4"))                        # 2.5 years less a day: not in base
    world.child("C", dob="2009-03-31")
    chain(world, "C", ("2020-01-01", "S", "U4"))                        # 16 on the last day: not in base
    world.child("D", dob="2012-01-01")
    chain(world, "D", ("2020-01-01", "S", "U4"), ("2023-04-01", "P", "U6"))   # new carers 2 years less a day ago
    world.child("E", dob="2012-01-01")
    chain(world, "E", ("2020-01-01", "S", "U4"), ("2022-01-01", "P", "U6"),   # carers since 2022: T (same
          ("2023-06-01", "T", "U4"), ("2024-01-01", "L", "U4", {"legal_status": "E1"}))  # carers) and L keep them
    world.child("F", dob="2018-01-01")
    chain(world, "F", ("2021-01-01", "S", "U4"), ("2022-01-01", "P", "U6"),   # placed for adoption with new
          ("2024-01-01", "P", "A6"))                                    # carers: A6 + the placement before, since 2022
    world.child("G", dob="2012-01-01")
    chain(world, "G", ("2021-01-01", "S", "U4", {"placement_postcode": "AB1 2CD"}),  # a hospital stay (T1)
          ("2024-07-01", "P", "T1"), ("2024-07-20", "P", "U4", {"placement_postcode": "AB1 2CD"}))  # and back
    world.child("H", dob="2012-01-01")
    world.episode("H", "2020-01-01", "2022-12-01", reason_ceased="E4A")  # went home; back in care from 2023:
    chain(world, "H", ("2023-01-01", "S", "U4"))                        # not continuously 2.5 years
    world.child("I", dob=None)
    chain(world, "I", ("2020-01-01", "S", "U4"))                        # no date of birth: not in base
    world.child("J", dob="2012-01-01")
    world.episode("J", "2020-01-01", "2022-11-01", legal_status="V3", reason_ceased="X1")   # short breaks, then
    world.episode("J", "2022-11-01", rne="L", legal_status="V2")        # s20 from November 2022: not 2.5 years
    fig = world.figure("cla_long_term_stability", "2024-25")
    # base: A, D, E, F, G = 5; stable: A, E, F, G = 4 -> 80%
    assert (fig.numerator, fig.denominator) == (4, 5)
    assert fig.value == pytest.approx(80.0)
    stable = {k.split("/")[1] for k, (n, _) in world.records("cla_long_term_stability", "2024-25").items() if n}
    assert stable == {"A", "E", "F", "G"}
