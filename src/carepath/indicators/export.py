"""Writing indicator results (and the records behind a figure) as CSV, xlsx and Parquet.

The results are the long table ``indicator_result``: one row per indicator, period, level and
unit. Each export has the indicator's title and unit beside its id so that a spreadsheet user
does not need the catalogue open, and says of every figure whether its history is incomplete
(``incomplete_history``, with ``history_note`` saying what it needs; see
:mod:`carepath.indicators.coverage`). Each value is rounded half up to the places DfE publishes for
its unit (:mod:`carepath.rounding`), as the dashboard shows it; numerators and denominators are
the exact counts, so the unrounded figure can always be worked out again.
"""
from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from carepath import rounding
from carepath.indicators import catalogue
from carepath.safe_cells import csv_row, xlsx_row

RESULT_COLUMNS = ("indicator_id", "title", "unit", "period", "period_start", "period_end", "la_code", "level",
                  "unit_id", "unit_name", "numerator", "denominator", "value", "note", "incomplete_history",
                  "history_note")


def write_table(table: pa.Table, stem: Path, formats: tuple[str, ...] = ("csv", "xlsx", "parquet"),
                sheet: str = "results") -> list[Path]:
    """Write an Arrow table as ``stem.csv``, ``stem.xlsx`` and ``stem.parquet``; return the paths."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    written = []
    rows = table.to_pylist()
    if "csv" in formats:
        path = stem.with_suffix(".csv")
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(table.column_names)
            writer.writerows(csv_row(row.values()) for row in rows)
        written.append(path)
    if "xlsx" in formats:
        path = stem.with_suffix(".xlsx")
        book = Workbook(write_only=True)
        ws = book.create_sheet(sheet[:31])
        ws.append(table.column_names)
        for row in rows:
            ws.append(xlsx_row(ws, row.values()))
        book.save(path)
        _style_header(path)
        written.append(path)
    if "parquet" in formats:
        path = stem.with_suffix(".parquet")
        pq.write_table(table, path)
        written.append(path)
    return written


def _style_header(path: Path) -> None:
    """Bold header, frozen first row and sensible widths (write-only sheets cannot be styled)."""
    from openpyxl import load_workbook
    book = load_workbook(path)
    ws = book.active
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for index, cell in enumerate(ws[1], 1):
        ws.column_dimensions[get_column_letter(index)].width = max(10, min(40, len(str(cell.value)) + 4))
    book.save(path)


def no_records_note(level: str, period: str) -> str:
    """The note of a unit that had no records for a figure computed for the other units of its level
    (the engine stores no row for it): the dashboard and every export say the same."""
    return (f"No records: no child of this {level} counted towards this figure in {period} "
            "(it was computed for the others).")


def results_table(con: duckdb.DuckDBPyConnection, indicator_ids: list[str], period_labels: list[str],
                  levels: list[str]) -> pa.Table:
    """The figures asked for, one row each. A unit below the authority that has figures in a period
    but none for an indicator computed at its level (no child of it counted) is written too, with
    no numbers and :func:`no_records_note`, so that every unit of a level is in the file."""
    meta = catalogue.indicators()
    con.register("wanted_titles", pa.table({
        "indicator_id": indicator_ids, "title": [meta[i].title for i in indicator_ids],
        "unit": [meta[i].unit_label for i in indicator_ids], "position": list(range(len(indicator_ids)))}))
    figures = f"""SELECT * FROM indicator_result r
                  WHERE r.period IN (SELECT unnest($periods)) AND r.level IN (SELECT unnest($levels))
                    AND r.indicator_id IN (SELECT indicator_id FROM wanted_titles)"""
    table = con.sql(f"""
        WITH figures AS ({figures}),
        computed AS (SELECT DISTINCT indicator_id, la_code, period, level FROM figures WHERE level <> 'authority'),
        units AS (SELECT la_code, period, level, unit_id, any_value(unit_name) AS unit_name,
                         any_value(period_start) AS period_start, any_value(period_end) AS period_end
                  FROM figures WHERE level <> 'authority' GROUP BY ALL),
        absent AS (
            SELECT c.indicator_id, u.period, u.period_start, u.period_end, u.la_code, u.level, u.unit_id,
                   u.unit_name, NULL::DOUBLE AS numerator, NULL::DOUBLE AS denominator, NULL::DOUBLE AS value,
                   NULL::VARCHAR AS note, NULL::BOOLEAN AS incomplete_history, NULL::VARCHAR AS history_note,
                   true AS absent
            FROM computed c JOIN units u USING (la_code, period, level)
            WHERE NOT EXISTS (SELECT 1 FROM figures f WHERE f.indicator_id = c.indicator_id AND f.la_code = u.la_code
                              AND f.period = u.period AND f.level = u.level AND f.unit_id = u.unit_id)),
        every AS (SELECT indicator_id, period, period_start, period_end, la_code, level, unit_id, unit_name,
                         numerator, denominator, value, note, incomplete_history, history_note, false AS absent
                  FROM figures
                  UNION ALL BY NAME SELECT * FROM absent)
        SELECT {', '.join('r.' + c if c not in ('title', 'unit') else 'w.' + c for c in RESULT_COLUMNS)}, r.absent
        FROM every r JOIN wanted_titles w USING (indicator_id)
        ORDER BY w.position, r.la_code, r.period_start, array_position($order, r.level), r.unit_name, r.unit_id""",
                    params={"periods": period_labels, "levels": levels,
                            "order": ["authority", "service", "locality", "team", "worker"]}).to_arrow_table()
    con.unregister("wanted_titles")
    absent = table.column("absent").to_pylist()
    if any(absent):
        notes = [no_records_note(level, period) if gone else note for gone, level, period, note in zip(
            absent, table.column("level").to_pylist(), table.column("period").to_pylist(),
            table.column("note").to_pylist())]
        position = table.column_names.index("note")
        table = table.set_column(position, table.schema.field(position), pa.array(notes, pa.string()))
    return rounded(table.drop_columns(["absent"]), meta)


def rounded(table: pa.Table, meta: dict) -> pa.Table:
    """The results with each value rounded half up to its indicator's published precision."""
    ids, values = table.column("indicator_id").to_pylist(), table.column("value").to_pylist()
    shown = [None if v is None else float(rounding.round_half_up(v, rounding.places_of(meta[i])))
             for i, v in zip(ids, values)]
    position = table.column_names.index("value")
    return table.set_column(position, table.schema.field(position), pa.array(shown, table.schema.field(position).type))
