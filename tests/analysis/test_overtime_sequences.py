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
    assert found.histories == 10                                  # 10 of the 12, drawn at random
    assert "12 care histories: a simple random sample of 10 (seed 0)" in found.notes[0]
    assert set(found.labels) < {f"{la}/F{i}" for la in ("846", "886") for i in range(6)}
