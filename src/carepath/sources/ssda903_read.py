"""Reading an SSDA903 CSV column-wise: the rows that pass every check staged in blocks, the others read one by one.

The columns are checked by the builders of :mod:`carepath.sources.ssda903_columns`; each row they
mark slow (and each row of another width) is read by
:meth:`carepath.sources.ssda903_csv.FileRows.read` at its place in the file, between the runs of
rows staged as Arrow blocks (:meth:`carepath.sources.batch.Batch.add_block`), so numbering,
counts, rejects, field issues, duplicates, implied children and the return year's date checks
come out as a row-by-row read gives them.
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from carepath.sources.batch import RowError
from carepath.sources.columns import Cells, Checked, blank, first_of_each
from carepath.sources.keyindex import Refs
from carepath.sources.ssda903_columns import BUILDERS, TEXT
from carepath.sources.ssda903_fields import return_year, year_ending
from carepath.sources.ssda903_rows import year_label, year_start

DAY = pa.date32()


def read(reading, cells: Cells) -> None:
    """Read a 903 CSV's rows (``reading``: its :class:`~carepath.sources.ssda903_csv.FileRows`) column-wise."""
    table = reading.table
    rows = len(cells.numbers)
    numbers = cells.numbers - (cells.header_number - 1)  # the 903 reader numbers the row after its header 2
    odd = [(number - (cells.header_number - 1), values) for number, values in cells.odd]
    values = {name: cells.columns[at] for name, at in zip(reading.names, reading.at)}
    checked = Checked(values, {}, rows)
    la = _plain_la(reading, checked, cells)
    year, year_end = _plain_year(reading, checked, cells)
    local = checked.required(checked.text("CHILD"))
    cid = pc.binary_join_element_wise(la, local, "/")
    columns = BUILDERS[table.name](checked, cid, local, year_end)
    checked.done()
    columns["la_code"] = la
    records = pa.table(columns)
    empty = _empty(reading, cells)
    slow = checked.slow & ~empty
    fast = np.flatnonzero(~checked.slow & ~empty)
    one_by_one = sorted([(int(numbers[at]), cells.row(at)) for at in np.flatnonzero(slow)] + odd,
                        key=lambda item: item[0])
    fast_numbers = numbers[fast]
    start = 0
    for row_number, row in one_by_one + [(None, None)]:
        end = len(fast) if row_number is None else int(np.searchsorted(fast_numbers, row_number))
        if end > start:
            _stage(reading, records, local, year, year_end, fast[start:end], fast_numbers[start:end], cells)
            start = end
        if row is not None:
            reading.read(row_number, row)


def _plain_la(reading, checked: Checked, cells: Cells) -> pa.Array:
    """Each row's LA where it is plain: the 3-digit number (and --la's, if given), or empty with --la (or
    no LA column). Anything else is resolved, or rejected, row by row."""
    if reading.la_at is None:
        return pa.array([reading.file_la] * checked.rows, pa.string())
    user = reading.user_la

    def plain(cell, field):
        text = cell.strip()
        if not text:
            if user is None:
                raise RowError("LA", "required", "no LA")
            return user
        if len(text) == 3 and text.isascii() and text.isdigit() and user in (None, text):
            return text
        raise RowError("LA", "code", "resolved row by row")
    checked.values["_LA"] = cells.columns[reading.la_at]
    return checked.each("_LA", plain, TEXT)


def _plain_year(reading, checked: Checked, cells: Cells) -> tuple[pa.Array, pa.Array]:
    """Each row's return year (its YEAR, else the file's) and the year's last day; a YEAR that is not a
    return year is rejected row by row."""
    if reading.year_at is None:
        year = reading.file_year
        return (pa.repeat(pa.scalar(year, TEXT), checked.rows),
                pa.repeat(pa.scalar(year_ending(year), DAY), checked.rows))

    def plain(cell, field):
        text = cell.strip()
        if not text:
            return reading.file_year
        found = return_year(text)
        if found is None:
            raise RowError("YEAR", "year", "rejected row by row")
        return found
    checked.values["_YEAR"] = cells.columns[reading.year_at]
    year = checked.each("_YEAR", plain, TEXT)
    years = pc.unique(year)  # a few: each year's last day found once, then spread over the rows
    ends = pa.array([year_ending(y) for y in years.to_pylist()], DAY)
    return year, ends.take(pc.index_in(year, value_set=years))


def _empty(reading, cells: Cells) -> np.ndarray:
    """Rows with nothing in the columns read, LA or YEAR (skipped, as the row reader skips them)."""
    empty = np.ones(len(cells.numbers), dtype=bool)
    for at in reading.at + [i for i in (reading.la_at, reading.year_at) if i is not None]:
        empty &= blank(cells.columns[at])
        if not empty.any():
            break  # no row is blank (the usual file): the other columns cannot make one so
    return empty


def _stage(reading, records: pa.Table, local, year, year_end, at: np.ndarray, numbers: np.ndarray,
           cells: Cells) -> None:
    """Stage a run of rows that passed every check: counted, duplicates rejected, children implied, dates checked."""
    batch, table, target = reading.batch, reading.table, reading.target
    if at[-1] - at[0] + 1 == len(at):  # a run of neighbouring rows (the usual file: all of them)
        start, size = int(at[0]), len(at)
        block, local, year_end, year = (records.slice(start, size), local.slice(start, size),
                                        year_end.slice(start, size), year.slice(start, size))
    else:
        take = pa.array(at, pa.int64())
        block, local, year_end, year = records.take(take), local.take(take), year_end.take(take), year.take(take)
    labels = year.to_pylist()  # the return year as ssda903_rows.stage labels it (2024-25)
    batch.saw(target, len(at))
    if batch.la_code is None and reading.la_at is not None:  # the first row with an LA settles the file's
        batch.set_la(block.column("la_code")[0].as_py(), f"LA column, row {int(numbers[0])}")
    prefix = f"{table.name} row "

    def raw(position: int) -> str:
        cells_of = cells.row(int(at[position]))
        return "; ".join(f"{name}={cells_of[i].strip()}" for name, i in zip(reading.names, reading.at)
                         if cells_of[i].strip())
    refs = Refs(prefix, numbers)
    kept = batch.add_block(target, block, refs, labels if any(labels) else None, raw)
    if len(kept) < block.num_rows:
        keep = pa.array(kept, pa.int64())
        block, local, year_end = block.take(keep), local.take(keep), year_end.take(keep)
        labels, refs = [labels[i] for i in kept], Refs(prefix, numbers[np.asarray(kept, dtype=np.int64)])
    if target != "child":
        batch.imply_children(first_of_each(block.column("child_id"), local))
    if year_end.null_count < len(year_end):
        batch.dating.block(target, refs,
                           {name: block.column(name) for name in block.column_names}, year_end,
                           year_label, year_start)
    reading.years.update(y for y in set(labels) if y)
