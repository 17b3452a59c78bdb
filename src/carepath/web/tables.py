"""Tables shown on a page and downloadable as CSV and xlsx, from one function each.

A page's table is built by a *provider* registered under a name::

    @provides("scorecard")
    def scorecard_table(ctx: PageContext, params: dict) -> DataTable: ...

The page calls the provider to show the table; ``/export/scorecard.csv?<the page's query>``
calls the same provider and writes the same rows, so a download always matches the screen.
Child-level providers check scope and write the audit row themselves (they know whether the
purpose is a view or an export from ``ctx.purpose``).
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Callable

from markupsafe import Markup, escape
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from carepath import rounding
from carepath.safe_cells import csv_row, xlsx_row
from carepath.web.formatting import cell, plain


@dataclass
class Column:
    key: str
    label: str
    numeric: bool = False
    link: Callable[[dict], str | None] | None = None   # the cell links here on the page
    show: Callable[[object], str] | None = None         # how the page shows it (exports keep the value)
    places: int | None = None                           # round half up to this many places, shown and exported

    def value(self, row: dict):
        found = row.get(self.key)
        return found if self.places is None else rounding.round_half_up(found, self.places)


@dataclass
class DataTable:
    name: str
    title: str
    columns: list[Column]
    rows: list[dict]
    caption: str = ""
    note: str = ""
    total_rows: int | None = None   # when the list was cut short: how many matched
    child_level: bool = False
    extra: dict = field(default_factory=dict)   # what else the page needs (chart data, choices)

    def header(self) -> list[str]:
        return [c.label for c in self.columns]

    def values(self) -> list[list]:
        return [[plain(c.value(row)) for c in self.columns] for row in self.rows]


SUPPRESSED = Markup('<abbr title="suppressed: fewer than 5 children, or a figure that would reveal one">c</abbr>')
ROW_CLASSES = (("is_total", "total-row"), ("own", "own-row"), ("incomplete_history", "incomplete-row"))


def rows_html(table: DataTable) -> Markup:
    """The rows of a table as the page shows them (the body of the ``data_table`` macro's table).

    Written here rather than as a Jinja loop because it is most of a page's time: a funnel of 153
    authorities or a breakdown by practitioner is thousands of cells, and a Jinja loop with its
    filters costs several times what this does. Every text is escaped; a cell whose value is the
    suppression mark ``c`` says why."""
    heads = [Markup(f'<th scope="row" data-key="{escape(c.key)}">') for c in table.columns[:1]]
    cells = [Markup(f'<td data-key="{escape(c.key)}"' + (' class="numeric">' if c.numeric else ">"))
             for c in table.columns[1:]]
    opening = heads + cells
    parts: list[str] = []
    for row in table.rows:
        classes = " ".join(name for key, name in ROW_CLASSES if row.get(key))
        parts.append(f'<tr class="{classes}">' if classes else "<tr>")
        for number, column in enumerate(table.columns):
            value = column.value(row)
            if isinstance(value, str) and value == "c":
                inner = SUPPRESSED
            else:
                text = escape(column.show(value) if column.show else cell(value))
                href = column.link(row) if column.link else None
                inner = f'<a href="{escape(href)}">{text}</a>' if href else text
            parts.append(f'{opening[number]}{inner}{"</th>" if number == 0 else "</td>"}')
        parts.append("</tr>\n")
    return Markup("".join(parts))


PAGE_SIZE = 200   # rows a page shows; exports always hold every row


def page_number(params: dict) -> int:
    try:
        return max(1, int(params.get("page") or 1))
    except ValueError:
        return 1


def paged(table: DataTable, params: dict, purpose: str) -> DataTable:
    """Show one page of a long list (``page=N``); an export keeps every row. The page links are drawn
    by the ``data_table`` macro from ``extra["pager"]`` (page, pages)."""
    if purpose != "view":
        return table
    total = len(table.rows) if table.total_rows is None else table.total_rows
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(page_number(params), pages)
    if table.total_rows is None:     # every row is here: cut out the page
        table.rows = table.rows[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    table.total_rows = total
    table.extra["pager"] = (page, pages)
    return table


Provider = Callable[["object", dict], DataTable]
PROVIDERS: dict[str, Provider] = {}


def provides(name: str):
    def register(function: Provider) -> Provider:
        PROVIDERS[name] = function
        return function
    return register


def to_csv(table: DataTable) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(csv_row(table.header()))
    for row in table.values():
        writer.writerow(csv_row(row))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(table: DataTable) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = (table.name or "table")[:31]
    sheet.append(xlsx_row(sheet, table.header()))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.values():
        sheet.append(xlsx_row(sheet, row))
    sheet.freeze_panes = "A2"
    for index, column in enumerate(table.columns, 1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, min(45, len(column.label) + 4))
    if table.note:
        sheet.append([])
        sheet.append(xlsx_row(sheet, [table.note]))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


FORMATS = {"csv": ("text/csv; charset=utf-8", to_csv),
           "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", to_xlsx)}
