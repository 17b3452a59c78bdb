"""The Data page's reads: every load with its row accounting, the rejected rows, the validation issues.

Filters are plain: an authority, a format or return kind, and free text matched against file
names, tables, fields, rules and reasons. Lists stop at ``limit`` rows and say how many matched.
"""
from __future__ import annotations

LOAD_COLUMNS = ("batch_id", "la_code", "file_name", "format", "return_year", "loaded_at", "rows_read",
                "rows_loaded", "rows_rejected")
REJECT_COLUMNS = ("batch_id", "reject_no", "file_name", "table_name", "row_ref", "field", "rule", "reason", "raw")
ISSUE_COLUMNS = ("run_id", "issue_no", "la_code", "return_kind", "return_year", "rule_code", "rule_type",
                 "rule_message", "child_id", "table_name", "field", "row_ref", "value")


def _filters(pairs: list[tuple[str, object]], text: str, text_columns: list[str]) -> tuple[str, list]:
    where, params = ["1 = 1"], []
    for clause, value in pairs:
        if value not in (None, ""):
            where.append(clause)
            params.append(value)
    if text:
        where.append("(" + " OR ".join(f"coalesce(CAST({c} AS VARCHAR), '') ILIKE ?" for c in text_columns) + ")")
        params += [f"%{text}%"] * len(text_columns)
    return " AND ".join(where), params


def loads(cursor, la: str | None = None, file_format: str | None = None, text: str = "",
          limit: int = 500) -> tuple[list[dict], int]:
    clause, params = _filters([("la_code = ?", la), ("format = ?", file_format)], text, ["file_name", "return_year"])
    total = cursor.execute(f"SELECT count(*) FROM load_batch WHERE {clause}", params).fetchall()[0][0]
    rows = cursor.execute(f"SELECT {', '.join(LOAD_COLUMNS)} FROM load_batch WHERE {clause} "
                          "ORDER BY batch_id DESC LIMIT ?", params + [limit]).fetchall()
    return [dict(zip(LOAD_COLUMNS, r)) for r in rows], total


def load_totals(cursor, la: str | None = None) -> dict:
    clause, params = _filters([("la_code = ?", la)], "", [])
    row = cursor.execute(f"SELECT count(*), sum(rows_read), sum(rows_loaded), sum(rows_rejected) FROM load_batch "
                         f"WHERE {clause}", params).fetchall()[0]
    return {"files": row[0], "rows_read": row[1] or 0, "rows_loaded": row[2] or 0, "rows_rejected": row[3] or 0}


def formats(cursor) -> list[str]:
    return [r[0] for r in cursor.execute("SELECT DISTINCT format FROM load_batch WHERE format IS NOT NULL "
                                         "ORDER BY 1").fetchall()]


def rejects(cursor, la: str | None = None, batch_id: int | None = None, table_name: str | None = None,
            text: str = "", limit: int = 500) -> tuple[list[dict], int]:
    clause, params = _filters([("b.la_code = ?", la), ("r.batch_id = ?", batch_id), ("r.table_name = ?", table_name)],
                              text, ["r.file_name", "r.field", "r.rule", "r.reason", "r.row_ref"])
    base = f"FROM reject r LEFT JOIN load_batch b USING (batch_id) WHERE {clause}"
    total = cursor.execute(f"SELECT count(*) {base}", params).fetchall()[0][0]
    rows = cursor.execute(f"SELECT {', '.join('r.' + c for c in REJECT_COLUMNS)} {base} "
                          "ORDER BY r.batch_id DESC, r.reject_no LIMIT ?", params + [limit]).fetchall()
    return [dict(zip(REJECT_COLUMNS, r)) for r in rows], total


def issues(cursor, la: str | None = None, run_id: int | None = None, rule_type: str | None = None,
           text: str = "", limit: int = 500) -> tuple[list[dict], int]:
    clause, params = _filters([("i.la_code = ?", la), ("i.run_id = ?", run_id), ("i.rule_type = ?", rule_type)],
                              text, ["i.rule_code", "i.rule_message", "i.child_id", "i.field", "i.table_name"])
    base = f"FROM validation_issue i LEFT JOIN validation_run v USING (run_id) WHERE {clause}"
    total = cursor.execute(f"SELECT count(*) {base}", params).fetchall()[0][0]
    columns = ", ".join(("v." if c in ("return_kind", "return_year") else "i.") + c for c in ISSUE_COLUMNS)
    rows = cursor.execute(f"SELECT {columns} {base} ORDER BY i.run_id DESC, i.issue_no LIMIT ?",
                          params + [limit]).fetchall()
    return [dict(zip(ISSUE_COLUMNS, r)) for r in rows], total


def validation_runs(cursor, la: str | None = None) -> list[dict]:
    keys = ("run_id", "la_code", "return_kind", "return_year", "rule_pack", "run_at", "issues", "status", "message")
    clause, params = _filters([("la_code = ?", la)], "", [])
    rows = cursor.execute(f"SELECT {', '.join(keys)} FROM validation_run WHERE {clause} ORDER BY run_id DESC",
                          params).fetchall()
    return [dict(zip(keys, r)) for r in rows]
