"""Checking a CSV file column by column: its cells as Arrow columns, each distinct value parsed once.

Reading a row at a time in Python costs about 15 microseconds a row, which is most of a load
(docs/benchmarks.md). A column of a return holds few distinct values (a few thousand dates, a
dozen codes), so a column is checked by parsing each **distinct** value with the reader's own
parser (:mod:`carepath.sources.fields`) and spreading the results over the rows: the values,
and which rows had a value the parser refused. A row with anything unusual (a value refused, a
cell missing that is required, dates in the wrong order, more or fewer cells than the header)
is not decided here: it is marked ``slow`` and read on its own by the reader's row-by-row code,
at its place in the file, so that its reject or field issue is exactly what that code says.
What the columns give is therefore the same rows a row-by-row read gives, only sooner.

:func:`read_cells` reads the text with Arrow's CSV parser when the file has no quotes at all
(then the two parsers cannot disagree) and with Python's :mod:`csv` otherwise.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from carepath.sources.batch import RowError


@dataclass
class Cells:
    """A CSV file's data rows: one Arrow string column per header column, and the odd rows."""
    header: list[str]
    columns: list[pa.Array]  # raw cell text, one column per header column
    numbers: np.ndarray  # each row's number as a spreadsheet shows it (the header is row 1 when it is first)
    odd: list[tuple[int, list[str]]] = field(default_factory=list)  # rows of another width: (number, cells)
    header_number: int = 1  # the header's own row number (blank rows may come before it)

    def row(self, at: int) -> list[str]:
        return [column[at].as_py() for column in self.columns]


def read_cells(text: str, delimiter: str = ",") -> Cells | None:
    """The header (the first row with anything in it) and the rows after it; None for no header."""
    first = text.split("\n", 1)[0]
    if ('"' not in text and "\x00" not in text and first.strip()
            and ("\r" not in text or "\r" not in text.replace("\r\n", "\n"))):
        found = _arrow(text, delimiter)
        if found is not None:
            return found
    return _python(text, delimiter)


def _arrow(text: str, delimiter: str) -> Cells | None:
    odd = []

    def refuse(row):
        odd.append(row)
        return "skip"
    names = [f"c{i}" for i in range(len(text.split("\n", 1)[0].rstrip("\r").split(delimiter)))]
    try:
        table = pacsv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pacsv.ReadOptions(column_names=names, use_threads=False),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, quote_char=False, ignore_empty_lines=False,
                                             invalid_row_handler=refuse),
            convert_options=pacsv.ConvertOptions(column_types={name: pa.string() for name in names},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, UnicodeError):
        return None
    if odd or table.num_rows == 0:
        return None  # an empty line or a row of another width: Python's csv reads them as the reader expects
    columns = []
    while table.num_columns:  # one column's chunks joined at a time, each let go of as it is
        columns.append(table.column(0).combine_chunks())
        table = table.remove_column(0)
    header = [column[0].as_py() for column in columns]
    columns = [column.slice(1) for column in columns]
    return Cells(header, columns, np.arange(2, table.num_rows + 1))


def _python(text: str, delimiter: str) -> Cells | None:
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header, number = None, 0
    for cells in rows:
        number += 1
        if any(c.strip() for c in cells):
            header, header_number = cells, number
            break
    if header is None:
        return None
    width, regular, numbers, odd = len(header), [], [], []
    for cells in rows:
        number += 1
        if len(cells) == width:
            regular.append(cells)
            numbers.append(number)
        elif cells:
            odd.append((number, cells))
    columns = [pa.array(list(column), pa.string()) for column in zip(*regular)] if regular else \
        [pa.array([], pa.string()) for _ in header]
    return Cells(header, columns, np.array(numbers, dtype=np.int64), odd, header_number)


class Checked:
    """The columns of one file, checked a whole column at a time, with the rows to read on their own.

    ``values`` maps a canonical column name to its raw cells (an absent column has none);
    ``headings`` gives the file's own heading of each, for the parsers' reasons.
    """

    def __init__(self, values: dict[str, pa.Array], headings: dict[str, str], rows: int):
        self.values, self.headings, self.rows = values, headings, rows
        self.slow = np.zeros(rows, dtype=bool)
        self._encoded: dict[str, pa.DictionaryArray] = {}

    def heading(self, column: str) -> str:
        return self.headings.get(column, column)

    def mark(self, mask) -> None:
        """Read these rows on their own (a value needs the row-by-row code to say why)."""
        if isinstance(mask, (pa.Array, pa.ChunkedArray)):
            mask = pc.fill_null(mask, True).to_numpy(zero_copy_only=False)
        self.slow |= np.asarray(mask, dtype=bool)

    def each(self, column: str, parse, kind: pa.DataType, *args, known: dict | None = None) -> pa.Array:
        """``parse(cell, heading, *args)`` of every row's cell, each distinct cell parsed once; rows
        whose cell it refuses (RowError) are marked slow and get null. ``known``: cells whose value
        ``parse`` is known to give (its own cache, never a refused cell), looked up first."""
        cells = self.values.get(column)
        if cells is None:  # the file has no such column: every row's cell is None
            try:
                value = parse(None, self.heading(column), *args)
            except RowError:
                self.slow[:] = True
                value = None
            return pa.array([value] * self.rows, kind)
        encoded = self._encoded.get(column)
        if encoded is None:
            encoded = self._encoded[column] = cells.dictionary_encode()
        heading, distinct = self.heading(column), encoded.dictionary.to_pylist()
        try:  # the usual column: every value reads
            if known is None:
                found = [parse(cell, heading, *args) for cell in distinct]
            else:
                found = list(map(known.get, distinct))
                for at in [at for at, value in enumerate(found) if value is None]:
                    found[at] = parse(distinct[at], heading, *args)
        except RowError:
            found, refused = [], []
            for cell in distinct:
                try:
                    found.append(parse(cell, heading, *args))
                    refused.append(False)
                except RowError:
                    found.append(None)
                    refused.append(True)
            self.mark(pa.array(refused, pa.bool_()).take(encoded.indices))
        return pa.array(found, kind).take(encoded.indices)

    def text(self, column: str) -> pa.Array:
        """Each row's cell stripped, null when empty (:func:`carepath.sources.fields.clean`)."""
        cells = self.values.get(column)
        if cells is None:
            return pa.nulls(self.rows, pa.string())
        stripped = stripped_ascii(cells)
        if stripped is None:
            return self.each(column, lambda cell, heading: (cell.strip() or None) if cell is not None else None,
                             pa.string())
        return pc.if_else(pc.equal(stripped, ""), pa.nulls(len(stripped), pa.string()), stripped)

    def done(self) -> None:
        """Let go of the columns' encodings once the records are built."""
        self._encoded.clear()

    def before(self, start: pa.Array, end: pa.Array) -> None:
        """An end before its start: the row-by-row code rejects it."""
        self.mark(pc.fill_null(pc.less(end, start), False))

    def required(self, values: pa.Array) -> pa.Array:
        """Rows without a value are read on their own (the row-by-row code says it is missing)."""
        self.mark(pc.is_null(values))
        return values


PYTHON_WHITESPACE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"  # what str.strip() takes off ASCII text


def stripped_ascii(cells: pa.Array) -> pa.Array | None:
    """Every cell as ``str.strip()`` leaves it, when the column is ASCII (None otherwise: Python's
    strip also takes off Unicode spaces, so such a column is stripped value by value)."""
    if len(cells) and not pc.all(pc.string_is_ascii(cells)).as_py():
        return None
    return pc.utf8_trim(cells, characters=PYTHON_WHITESPACE)


def blank(cells: pa.Array) -> np.ndarray:
    """Which cells hold nothing but white space."""
    stripped = stripped_ascii(cells)
    if stripped is None:
        encoded = cells.dictionary_encode()
        empty = pa.array([not value.strip() for value in encoded.dictionary.to_pylist()], pa.bool_())
        return empty.take(encoded.indices).to_numpy(zero_copy_only=False)
    return pc.equal(stripped, "").to_numpy(zero_copy_only=False)


def joined(*parts: pa.Array) -> pa.Array:
    """:func:`carepath.model.ids.join` of whole columns: parts joined by '/', dates ISO, null as ''."""
    texts = [part if pa.types.is_string(part.type) else _text_of(part) for part in parts]
    return pc.binary_join_element_wise(*texts, "/", null_handling="replace", null_replacement="")


def _text_of(values: pa.Array) -> pa.Array:
    """Values as text, each distinct value written once (a column of dates holds a few thousand)."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    encoded = values.dictionary_encode()
    return encoded.dictionary.cast(pa.string()).take(encoded.indices)


def qualified(la_code: pa.Array, local: pa.Array) -> pa.Array:
    """``846/T01`` where there is a local code, else null (:func:`carepath.model.ids.join` of the LA and it)."""
    return pc.if_else(pc.is_null(local), pa.nulls(len(local), pa.string()),
                      pc.binary_join_element_wise(la_code, local, "/"))


def first_of_each(ids, local: pa.Array) -> list[tuple[str, str]]:
    """Each distinct id with its row's ``local`` value, at its first row, in the order first met
    (as ``dict(zip(ids, local))`` gives them, without a Python object for every row)."""
    if isinstance(ids, pa.ChunkedArray):
        ids = ids.combine_chunks()
    encoded = pc.dictionary_encode(ids)  # each id's code is the order it was first met in
    firsts = np.unique(encoded.indices.to_numpy(zero_copy_only=False), return_index=True)[1]
    return list(zip(encoded.dictionary.to_pylist(), local.take(pa.array(firsts, pa.int64())).to_pylist()))
