"""Groups of care histories: clearly separated made-up histories come back as their own groups."""
import pytest

from carepath.analysis.overtime import sequences
from carepath.errors import CarepathError
from tests.analysis.test_overtime_survival import returns


def test_three_kinds_of_history_are_three_groups(world):
    returns(world, "2020-21", "2021-22", "2022-23", "2023-24", "2024-25")
    for i in range(6):
        day = f"2020-{5 + i:02d}-01"
        world.child(f"F{i}")
        world.episode(f"F{i}", day, placement="U4")                              # fostered throughout
        world.child(f"S{i}")
        world.episode(f"S{i}", day, f"2020-{7 + i:02d}-15", placement="U6", reason_ceased="E4A")  # 2 months, home
        world.child(f"R{i}")
        world.episode(f"R{i}", day, placement="K2")                              # a children's home throughout
    world.child("late")
    world.episode("late", "2024-01-01", placement="U4")                          # under 24 months of history: left out
    found = sequences.groups(world.con, "846", months=24, k_range=(2, 5))
    assert found.histories == 18
    by_group = {}
    for child, group in found.labels.items():
        by_group.setdefault(group, set()).add(child.split("/")[1][0])
    # each group holds one kind of history, and each kind is one group
    assert sorted(sorted(kinds) for kinds in by_group.values()) == [["F"], ["R"], ["S"]]
    assert sorted(found.groups["children"]) == [6, 6, 6]
    paths = set(found.groups["typical_path"])
    # the short stays: month 0, 1 and 2 (days 0, 30, 61) in care, out from day 91 (left 15 July at the latest)
    assert "foster care 24m" in paths and "residential 24m" in paths
    assert any(p.startswith("foster care ") and "out of care" in p for p in paths)
    assert "3 groups" in found.notes[-1]


def test_too_short_a_history_is_a_clear_message(world):
    returns(world, "2024-25")
    world.child("A")
    world.episode("A", "2024-05-01")
    with pytest.raises(CarepathError, match="at least 36 months before the end of the data"):
        sequences.groups(world.con, "846")


def test_a_store_of_many_authorities_is_sampled(store):
    from tests.indicators.world import World
    for la in ("846", "886"):
        world = World(store, la)
        returns(world, "2020-21", "2021-22", "2022-23", "2023-24", "2024-25")
        for i in range(6):
            world.child(f"F{i}")
            world.episode(f"F{i}", f"2020-{5 + i:02d}-01", placement="U4" if i % 2 else "K2")
    found = sequences.groups(store, None, months=24, k_range=(2, 3), sample=10)
    assert found.sampled == 10 and found.histories == 12          # 10 of the 12 clustered, 2 assigned
    assert "12 care histories in 2 authorities: a random sample of 10, stratified by authority" in found.notes[0]
    assert set(found.labels) == {f"{la}/F{i}" for la in ("846", "886") for i in range(6)}
    # every child is in the group of its own kind: fostered (odd i) apart from residential (even i)
    kinds = {}
    for child, group in found.labels.items():
        kinds.setdefault(group, set()).add(int(child[-1]) % 2)
    assert sorted(map(sorted, kinds.values())) == [[0], [1]]
    assert sorted(found.groups["children"]) == [6, 6] and found.groups["sampled"].sum() == 10


def test_the_stratified_sample_is_proportional_to_each_authority():
    """7 histories in A, 3 in B, a sample of 5: exact shares 3.5 and 1.5, floors 3 and 1, and the one left
    goes to the larger remainder; both are 0.5, so to A (first by code): A 4, B 1."""
    eligible = [(f"a{i}", "A") for i in range(7)] + [(f"b{i}", "B") for i in range(3)]
    chosen = sequences.stratified_sample(eligible, 5)
    assert len(chosen) == len(set(chosen)) == 5
    assert sum(eligible[i][1] == "A" for i in chosen) == 4
    assert chosen == sequences.stratified_sample(eligible, 5)     # seed 0: the same sample every run
