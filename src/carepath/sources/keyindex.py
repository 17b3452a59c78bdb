"""The keys one file has staged for a table, and where each was first staged: the duplicate check's index.

:meth:`carepath.sources.batch.Batch.add` and :meth:`~carepath.sources.batch.Batch.add_block`
reject a row whose key (and return year) repeats an earlier row of the file, naming where the
first was. Rows staged one at a time are kept in a dict (key tuple -> where). Rows staged in a
block (hundreds of thousands of them from a column-wise reader) are not: a dict of their key
tuples took about 300 bytes a row (0.15 GB for a local visits extract of 535,000 rows). For a
block the index keeps only the key columns the block already holds (Arrow), where each row was
(a :class:`Refs`, or the reader's list) and a 64-bit hash of each key in sorted NumPy arrays;
a table's first block of up to 65,536 rows whose keys Arrow finds all different (a return's
usual file: one block) is hashed only if a later row of the table must be compared with it.
A hash only ever *suggests* a repeat: a row whose hash is met again is compared key by key with
the rows of that hash, so what is rejected, and the first row named, are exactly what the dict
gives.

The sorted hashes are kept in levels of doubling size (a new block's hashes are a level; two
levels of like size are merged), so a file of many small blocks costs n log n, not n squared.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

_CHUNK = 65536  # rows whose keys are Python objects at once while their hashes are taken
_ARROW_UNIQUE = 65536  # the most rows whose keys Arrow compares in one hash table (about 200 bytes a row)


class Refs(Sequence):
    """Where each row of a block is, made only when asked: ``prefix`` + the row's number."""

    def __init__(self, prefix: str, numbers: np.ndarray):
        self.prefix, self.numbers = prefix, numbers

    def __len__(self) -> int:
        return len(self.numbers)

    def __getitem__(self, at: int) -> str:
        return f"{self.prefix}{int(self.numbers[at])}"


class _Segment:
    """A block's staged rows: their key columns, their years and where each was."""

    def __init__(self, columns: list[pa.Array], years: list | None, refs: Sequence[str], kept: np.ndarray | None):
        self.columns, self.years, self.refs, self.kept = columns, years, refs, kept

    def key(self, at: int) -> tuple:
        return tuple(column[at].as_py() for column in self.columns) + (self.years[at] if self.years else None,)

    def ref(self, at: int) -> str:
        return self.refs[at if self.kept is None else int(self.kept[at])]


def hashes(columns: list[pa.Array], years: list | None, rows: int) -> np.ndarray:
    """Each row's ``hash(key + (year,))``, the key tuple as :meth:`Batch.add` makes it, a chunk at a time."""
    found = np.empty(rows, dtype=np.int64)
    for start in range(0, rows, _CHUNK):
        end = min(rows, start + _CHUNK)
        values = [column.slice(start, end - start).to_pylist() for column in columns]
        values.append(years[start:end] if years else [None] * (end - start))
        found[start:end] = np.fromiter(map(hash, zip(*values)), dtype=np.int64, count=end - start)
    return found


def _unique(columns: list, years: list | None, rows: int) -> bool:
    """Whether no two rows have the same key and year (Arrow, as Python's ``==`` of the key tuples:
    one type to a column, nulls alike). Keys of another type than text, whole numbers and dates
    (never a table's key today) are left to the hashes: Arrow and Python may tell floats apart differently."""
    if not all(pa.types.is_string(c.type) or pa.types.is_integer(c.type) or pa.types.is_date(c.type)
               for c in columns):
        return False
    if years is not None and len(set(years)) == 1:
        years = None  # one year for every row (the usual file): the keys alone decide
    if len(columns) == 1 and years is None:
        return pc.count_distinct(columns[0], mode="all").as_py() == rows
    table = pa.table({f"k{at}": column for at, column in enumerate(columns)})
    if years is not None:
        table = table.append_column("year", pa.array(years, pa.string()))
    return table.group_by(table.column_names, use_threads=False).aggregate([]).num_rows == rows


class KeyIndex:
    """Key tuple -> where it was first staged, for one table of one file."""

    def __init__(self):
        self.single: dict[tuple, str] = {}
        self._single_hashes: set[int] | None = None  # made when a block is first checked against single rows
        self.segments: list[_Segment] = []
        self._starts: list[int] = []  # each segment's first ordinal
        self._levels: list[tuple[np.ndarray, np.ndarray]] = []  # (sorted hashes, their rows' ordinals)
        self._unhashed: list[int] = []  # segments whose hashes are not in the levels yet (taken when needed)
        self._size = 0  # rows in segments

    def __bool__(self) -> bool:
        return bool(self.single) or bool(self._size)

    def get(self, key: tuple) -> str | None:
        """Where ``key`` was staged, or None."""
        found = self.single.get(key)
        if found is not None or not self._size:
            return found
        self._hash_all()
        return self._in_blocks(hash(key), key)

    def claim(self, key: tuple, ref: str) -> str | None:
        """Where ``key`` was first staged; or None, and ``key`` is now staged at ``ref`` (a row's
        duplicate check and its record in one step: :meth:`get`, then ``self[key] = ref``)."""
        found = self.single.get(key)
        if found is None and self._size:
            found = self.get(key)
        if found is not None:
            return found
        self.single[key] = ref
        if self._single_hashes is not None:
            self._single_hashes.add(hash(key))
        return None

    def __setitem__(self, key: tuple, ref: str) -> None:
        self.single[key] = ref
        if self._single_hashes is not None:
            self._single_hashes.add(hash(key))

    def _in_blocks(self, wanted: int, key: tuple) -> str | None:
        for sorted_hashes, ordinals in self._levels:
            at = int(np.searchsorted(sorted_hashes, wanted))
            while at < len(sorted_hashes) and sorted_hashes[at] == wanted:
                segment, row = self._where(int(ordinals[at]))
                if segment.key(row) == key:
                    return segment.ref(row)
                at += 1
        return None

    def _where(self, ordinal: int) -> tuple[_Segment, int]:
        index = int(np.searchsorted(self._starts, ordinal, side="right")) - 1
        return self.segments[index], ordinal - self._starts[index]

    def add_block(self, columns: list[pa.Array], years: list | None, refs: Sequence[str]
                  ) -> tuple[Sequence[int], list[tuple[int, tuple, str]]]:
        """Index a block's rows in order: the positions of those that are new (staged), and for each
        repeat (position, key, where the first was). A table's first block, if small and its keys
        all different (Arrow), is not hashed until a later row needs comparing with it."""
        rows = len(refs)
        if not rows:
            return [], []
        if not self and rows <= _ARROW_UNIQUE and _unique(columns, years, rows):  # the table's first rows, none alike
            self.segments.append(_Segment(columns, years, refs, None))
            self._starts.append(0)
            self._unhashed.append(0)
            self._size = rows
            return range(rows), []
        self._hash_all()
        found = hashes(columns, years, rows)
        suspect = self._suspects(found)
        repeats: list[tuple[int, tuple, str]] = []
        if suspect is None:
            kept = None
        else:
            segment = _Segment(columns, years, refs, None)
            local: dict[tuple, str] = {}  # the suspect rows of this block staged so far
            keep = np.ones(rows, dtype=bool)
            for at in np.flatnonzero(suspect).tolist():
                key = segment.key(at)
                first = local.get(key)
                if first is None:
                    first = self.get(key)
                if first is not None:
                    repeats.append((at, key, first))
                    keep[at] = False
                else:
                    local[key] = refs[at]
            kept = np.flatnonzero(keep) if repeats else None
        if kept is not None:
            take = pa.array(kept, pa.int64())
            columns = [column.take(take) for column in columns]
            years = [years[at] for at in kept.tolist()] if years else None
            found = found[kept]
        self.segments.append(_Segment(columns, years, refs, kept))
        self._starts.append(self._size)
        self._add_level(found, np.arange(self._size, self._size + len(found), dtype=np.int64))
        self._size += len(found)
        return (range(rows) if kept is None else kept.tolist()), repeats

    def _hash_all(self) -> None:
        for index in self._unhashed:
            segment, start = self.segments[index], self._starts[index]
            rows = len(segment.columns[0])
            found = hashes(segment.columns, segment.years, rows)
            self._add_level(found, np.arange(start, start + rows, dtype=np.int64))
        self._unhashed = []

    def _suspects(self, found: np.ndarray) -> np.ndarray | None:
        """Rows whose hash is met twice in the block or is already staged (None: none is)."""
        order = np.sort(found)
        twice = order[1:][order[1:] == order[:-1]]
        suspect = np.isin(found, twice) if len(twice) else np.zeros(len(found), dtype=bool)
        for sorted_hashes, _ in self._levels:
            at = np.minimum(np.searchsorted(sorted_hashes, found), len(sorted_hashes) - 1)
            suspect |= sorted_hashes[at] == found
        if self.single:
            if self._single_hashes is None:
                self._single_hashes = set(map(hash, self.single))
            singles = self._single_hashes
            suspect |= np.fromiter((h in singles for h in found.tolist()), dtype=bool, count=len(found))
        return suspect if suspect.any() else None

    def _add_level(self, found: np.ndarray, ordinals: np.ndarray) -> None:
        order = np.argsort(found, kind="stable")
        level = (found[order], ordinals[order])
        while self._levels and len(self._levels[-1][0]) <= len(level[0]):
            last = self._levels.pop()
            merged = np.concatenate([last[0], level[0]])
            order = np.argsort(merged, kind="stable")
            level = (merged[order], np.concatenate([last[1], level[1]])[order])
        if len(level[0]):
            self._levels.append(level)
