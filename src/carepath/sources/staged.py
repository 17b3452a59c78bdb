"""The rows a file stages for one table, in the order they were staged: single rows and blocks of rows.

Readers that check a file row by row stage each row as a dict (:meth:`Batch.add`); readers that
check whole columns at once (:mod:`carepath.sources.columns`) stage the rows that passed every
check as one Arrow table (:meth:`Batch.add_block`), between the rows they had to read one by one.
:class:`StagedRows` keeps both in file order, so the store gets the rows (and their versions'
order) exactly as a row-by-row read would give them. It reads like a list of dicts (``len``,
indexing, iterating), for the few places that look at single rows; the loader takes it whole as
Arrow (:meth:`StagedRows.arrow`).
"""
from __future__ import annotations

from collections.abc import Sequence

import pyarrow as pa

ROW_YEAR = "_return_year"  # a staged row's own return year, where its file holds several

ARROW_TYPES = {
    "VARCHAR": pa.string(), "DATE": pa.date32(), "INTEGER": pa.int32(), "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(), "VARCHAR[]": pa.list_(pa.string()), "TIMESTAMP": pa.timestamp("us"),
}


def arrow_table(table, rows: list[dict]) -> pa.Table:
    """Rows as dicts, as an Arrow table of ``table``'s columns (a missing value is null; other keys left out)."""
    return pa.Table.from_pylist(rows, schema=pa.schema([(c.name, ARROW_TYPES[c.type]) for c in table.columns]))


def conform(table, block: pa.Table) -> pa.Table:
    """A block of rows with exactly ``table``'s columns, in order and typed (absent columns null)."""
    columns = {}
    for column in table.columns:
        kind = ARROW_TYPES[column.type]
        if column.name in block.column_names:
            found = block.column(column.name)
            columns[column.name] = found if found.type == kind else found.cast(kind)
        else:
            columns[column.name] = pa.nulls(block.num_rows, kind)
    return pa.table(columns)


class Block:
    """Rows staged together: an Arrow table and each row's own return year (None: the file's)."""

    def __init__(self, rows: pa.Table, years: list[str | None] | None = None):
        self.rows, self.years = rows, years

    def __len__(self) -> int:
        return self.rows.num_rows

    def row(self, index: int) -> dict:
        found = self.rows.slice(index, 1).to_pylist()[0]
        if self.years is not None and self.years[index] is not None:
            found[ROW_YEAR] = self.years[index]
        return found


class StagedRows(Sequence):
    """One table's staged rows in file order: dicts and :class:`Block` s."""

    def __init__(self, rows: list[dict] | None = None):
        self._tail: list[dict] | None = list(rows) if rows else None  # the last part, when it is single rows
        self.parts: list[list[dict] | Block] = [self._tail] if rows else []

    def append(self, row: dict) -> None:
        if self._tail is None:
            self._tail = []
            self.parts.append(self._tail)
        self._tail.append(row)

    def append_block(self, block: Block) -> None:
        if len(block):
            self.parts.append(block)
            self._tail = None

    def __len__(self) -> int:
        return sum(len(part) for part in self.parts)

    def __iter__(self):
        for part in self.parts:
            if isinstance(part, Block):
                for at, row in enumerate(part.rows.to_pylist()):
                    if part.years is not None and part.years[at] is not None:
                        row[ROW_YEAR] = part.years[at]
                    yield row
            else:
                yield from part

    def __getitem__(self, index: int) -> dict:
        if index < 0:
            index += len(self)
        for part in self.parts:
            if index < len(part):
                return part.row(index) if isinstance(part, Block) else part[index]
            index -= len(part)
        raise IndexError(index)

    def values(self, column: str) -> list:
        """One column's values, row by row."""
        found = []
        for part in self.parts:
            if isinstance(part, Block):
                found.extend(part.rows.column(column).to_pylist() if column in part.rows.column_names
                             else [None] * len(part))
            else:
                found.extend(row.get(column) for row in part)
        return found

    def arrow(self, table, default_year: str | None) -> tuple[pa.Table, list[str | None]]:
        """All the rows as one Arrow table of ``table``'s columns, with each row's return year
        (its own, else ``default_year``)."""
        tables, years = [], []
        for part in self.parts:
            if isinstance(part, Block):
                tables.append(conform(table, part.rows))
                years.extend([default_year] * len(part) if part.years is None
                             else [year or default_year for year in part.years])
            else:
                tables.append(arrow_table(table, part))
                years.extend(row.get(ROW_YEAR) or default_year for row in part)
        found = tables[0] if len(tables) == 1 else pa.concat_tables(tables)
        return found, years
