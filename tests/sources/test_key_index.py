"""The duplicate check's index (sources/keyindex.py): repeats found and named exactly as a dict of keys does.

Visits keyed by visit_id, staged in blocks (as a column-wise reader does) and one at a time (as
the row-by-row reader does for the rows between blocks), with the hashes made to collide to
show that a hash only suggests a repeat.
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from carepath.sources import keyindex
from carepath.sources.batch import Batch
from carepath.sources.keyindex import Refs


def _visits(*ids: str) -> pa.Table:
    return pa.table({"visit_id": pa.array(list(ids), pa.string()),
                     "child_id": pa.array(["846/C1"] * len(ids), pa.string())})


def _refs(*numbers: int) -> Refs:
    return Refs("visits row ", np.array(numbers, dtype=np.int64))


def _stage_mixed(batch: Batch) -> list:
    """Rows 2-4 a block, row 5 alone, rows 6-8 a block, row 9 alone: what each call kept."""
    kept = [list(batch.add_block("visit", _visits("A", "B", "A"), _refs(2, 3, 4)))]
    kept.append(batch.add("visit", {"visit_id": "B", "child_id": "846/C1"}, "visits row 5"))
    kept.append(list(batch.add_block("visit", _visits("C", "D", "B"), _refs(6, 7, 8))))
    kept.append(batch.add("visit", {"visit_id": "D", "child_id": "846/C1"}, "visits row 9"))
    kept.append(list(batch.add_block("visit", _visits("E", "C"), _refs(10, 11))))
    return kept


EXPECTED_KEPT = [[0, 1], False, [0, 1], False, [0]]
EXPECTED_REJECTS = [
    ("visits row 4", "same visit as visits row 2 (A); the first was kept"),
    ("visits row 5", "same visit as visits row 3 (B); the first was kept"),
    ("visits row 8", "same visit as visits row 3 (B); the first was kept"),
    ("visits row 9", "same visit as visits row 7 (D); the first was kept"),
    ("visits row 11", "same visit as visits row 6 (C); the first was kept"),
]


def _check(batch: Batch, kept: list) -> None:
    assert kept == EXPECTED_KEPT
    assert [(r.row_ref, r.reason) for r in batch.rejects] == EXPECTED_REJECTS
    assert all(r.rule == "duplicate" and r.field == "visit_id" for r in batch.rejects)
    assert batch.rows["visit"].values("visit_id") == ["A", "B", "C", "D", "E"]
    counts = batch.counts["visit"]
    assert (counts.loaded, counts.rejected) == (5, 5)
    assert batch.ref_of("visit", {"visit_id": "D"}) == "visits row 7"
    assert batch.ref_of("visit", {"visit_id": "Z"}) == "(row)"


def test_repeats_within_and_across_blocks_and_single_rows():
    batch = Batch("visits.csv", la_code="846")
    _check(batch, _stage_mixed(batch))


def test_colliding_hashes_are_told_apart_by_their_keys(monkeypatch):
    monkeypatch.setattr(keyindex, "hashes", lambda columns, years, rows: np.zeros(rows, dtype=np.int64))
    monkeypatch.setattr(keyindex, "hash", lambda key: 0, raising=False)
    batch = Batch("visits.csv", la_code="846")
    _check(batch, _stage_mixed(batch))


def test_a_first_block_without_repeats_is_not_hashed_until_needed(monkeypatch):
    batch = Batch("visits.csv", la_code="846")
    taken = []
    real = keyindex.hashes
    monkeypatch.setattr(keyindex, "hashes", lambda *args: taken.append(args[2]) or real(*args))
    assert list(batch.add_block("visit", _visits("A", "B", "C"), _refs(2, 3, 4))) == [0, 1, 2]
    assert taken == []
    assert not batch.add("visit", {"visit_id": "C"}, "visits row 5")
    assert taken == [3]
    assert batch.rejects[0].reason == "same visit as visits row 4 (C); the first was kept"


@pytest.mark.parametrize("years, repeats", [(["2023-24", "2024-25"], 0), (["2024-25", "2024-25"], 1)])
def test_the_return_year_is_part_of_the_key(years, repeats):
    batch = Batch("episodes.csv", la_code="846")
    kept = batch.add_block("visit", _visits("A", "A"), _refs(2, 3), years)
    assert len(kept) == 2 - repeats and len(batch.rejects) == repeats


def test_many_small_blocks_keep_every_first():
    batch = Batch("visits.csv", la_code="846")
    for at in range(40):  # rows 2..41, ids cycling through 7 values: each id's first row is kept
        batch.add_block("visit", _visits(f"V{at % 7}"), _refs(at + 2))
    assert batch.rows["visit"].values("visit_id") == [f"V{i}" for i in range(7)]
    last = batch.rejects[-1]  # row 41 is V4 (39 % 7), first met at row 6
    assert (last.row_ref, last.reason) == ("visits row 41", "same visit as visits row 6 (V4); the first was kept")
    assert len(batch.rejects) == 33


def test_first_of_each_child_in_the_order_met():
    from carepath.sources.columns import first_of_each
    ids = pa.chunked_array([["846/B", "846/A"], ["846/B", "846/C", "846/A"]])
    local = pa.array(["B", "A", "B", "C", "A"])
    assert first_of_each(ids, local) == [("846/B", "B"), ("846/A", "A"), ("846/C", "C")]
