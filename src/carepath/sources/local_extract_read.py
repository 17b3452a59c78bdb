"""Reading a local extract a whole column at a time, for the kinds :mod:`carepath.sources.local_extract_columns` builds.

The file's cells are checked column by column (:mod:`carepath.sources.columns`); the rows that
pass every check are staged in blocks (:meth:`Batch.add_block`) and every other row is read by
the row-by-row reader (:meth:`carepath.sources.local_extract.Table.read_row`) at its place in the
file. So rows are numbered, counted, rejected, set aside and staged exactly as a row-by-row read
does it (``tests/sources/test_local_extract_columns.py`` compares the two on damaged files).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from carepath.sources.batch import Batch, RowError, SourceError
from carepath.sources.columns import Cells, Checked, blank, first_of_each
from carepath.sources.keyindex import Refs
from carepath.sources.local_extract_columns import BUILDERS
from carepath.sources.local_extract_kinds import kinds_fitting


def wanted(name: str, header: list[str]) -> bool:
    """Whether the file's kind (from its header) is one read column by column."""
    fitting = kinds_fitting(header)
    # a recorded date is checked against the event row by row (the column builders do not check it yet)
    return bool(fitting) and fitting[0][0].name in BUILDERS and "recorded_date" not in fitting[0][1].values()


def read(path: Path, batch: Batch, cells: Cells) -> None:
    """Read the file's rows (``cells``, whose columns are emptied once they are read)."""
    from carepath.sources.local_extract import Table, choose_kind
    kind, known = choose_kind(path.name, cells.header)
    table = Table(batch, kind, known, cells.header, "local extract CSV")
    width, rows = len(cells.header), len(cells.numbers)
    headings, authority = table.headings, table.authority
    checked = Checked({column: cells.columns[i] for i, column in known.items()}, headings, rows)
    la = _authorities(checked, authority) if kind.has_la else None
    columns, local = BUILDERS[kind.name](checked, la)
    checked.done()
    if la is not None:
        columns["la_code"] = la
        authority.found.update(v for v in pc.unique(la.filter(pa.array(~checked.slow))).to_pylist() if v)
    records = pa.table(columns)
    blank = _blank(cells)
    fast = np.flatnonzero(~checked.slow & ~blank)
    one_by_one = [(int(cells.numbers[at]), cells.row(at)) for at in np.flatnonzero(checked.slow & ~blank)]
    one_by_one = sorted(one_by_one + cells.odd, key=lambda item: item[0])
    fast_numbers = cells.numbers[fast]
    checked.values.clear()  # the file's raw cells are read: let them go before the rows are staged
    cells.columns.clear()
    start = 0
    for number, row in one_by_one + [(None, None)]:
        end = len(fast) if number is None else int(np.searchsorted(fast_numbers, number))
        if end > start:
            _stage(batch, kind, records, local, fast[start:end], fast_numbers[start:end])
            start = end
        if row is not None and any(c.strip() for c in row):
            table.read_row(row, number, width=width)
    table.finish()


def _stage(batch: Batch, kind, records: pa.Table, local: pa.Array, at: np.ndarray, numbers: np.ndarray) -> None:
    """Stage a run of rows that passed every check, with the children they name."""
    batch.saw(kind.table, len(at))
    if at[-1] - at[0] + 1 == len(at):  # a run of neighbouring rows
        block, local = records.slice(int(at[0]), len(at)), local.slice(int(at[0]), len(at))
    else:
        take = pa.array(at, pa.int64())
        block, local = records.take(take), local.take(take)
    kept = batch.add_block(kind.table, block, Refs(f"{kind.name} row ", numbers))
    if kind.names_child and kind.table != "child":
        if len(kept) < block.num_rows:
            kept = pa.array(kept, pa.int64())
            block, local = block.take(kept), local.take(kept)
        # the same child id is the same local id (the id is LA/local id): the first row of each child decides
        batch.imply_children(first_of_each(block.column("child_id"), local))


def _authorities(checked: Checked, authority) -> pa.Array:
    """Each row's LA: its la_code cell when that is the 3-digit number (and --la's, if given), else --la;
    anything else (an ONS code, a name, a wrong LA) is left to the row-by-row reader to resolve or reject."""
    given = authority.given

    def plain(cell, heading):
        code = (cell or "").strip()
        if not code:
            if given is None:
                raise RowError(heading, "required", "no LA")
            return given
        if len(code) == 3 and code.isascii() and code.isdigit() and given in (None, code):
            return code
        raise RowError(heading, "code", "resolved row by row")
    if "la_code" not in checked.values:
        if given is None:
            raise SourceError("internal error: a kind with an LA has neither an la_code column nor --la")
        return pa.array([given] * checked.rows, pa.string())
    return checked.each("la_code", plain, pa.string())


def _blank(cells: Cells) -> np.ndarray:
    """Rows with nothing in any cell (skipped and not counted, as spreadsheets leave them)."""
    empty = np.ones(len(cells.numbers), dtype=bool)
    for column in cells.columns:
        empty &= blank(column)
        if not empty.any():
            break  # no row is blank (the usual file): the other columns cannot make one so
    return empty
