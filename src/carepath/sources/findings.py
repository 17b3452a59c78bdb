"""Keeping a load's field issues and warnings in the store, beside its rejects.

Called by the loader inside the load's transaction, so they are written (or not) with the rows:
``field_issue`` holds every value set aside from a loaded record (see
:class:`~carepath.sources.batch.Lenient`) and ``load_warning`` every warning about the file as a
whole (its stated year against its dates, where its as-at date came from).
"""
from __future__ import annotations

import duckdb

from carepath.sources.batch import Batch


def store(con: duckdb.DuckDBPyConnection, batch: Batch, batch_id: int) -> None:
    if batch.field_issues:
        con.executemany(
            "INSERT INTO field_issue (batch_id, issue_no, file_name, table_name, row_ref, record_key, child_id, "
            "field, value, rule, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [[batch_id, n, batch.file_name, i.table_name, i.row_ref, i.record_key, i.child_id, i.field,
              None if i.value is None else str(i.value)[:500], i.rule, i.reason]
             for n, i in enumerate(batch.field_issues, 1)])
    if batch.warnings:
        con.executemany(
            "INSERT INTO load_warning (batch_id, warning_no, file_name, kind, message) VALUES (?, ?, ?, ?, ?)",
            [[batch_id, n, batch.file_name, kind, message] for n, (kind, message) in enumerate(batch.warnings, 1)])
