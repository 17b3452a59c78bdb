"""Running the DfE validation rules over a return and keeping what they say in the store.

One return (see :mod:`carepath.quality.returns`) is checked by the field's own validator in its
own environment (:mod:`carepath.quality.environment`) with the rule pack of the return's year,
or the nearest one when the validator has none for that year (the run's message says so).
Every run is a ``validation_run`` row, completed or failed, and every issue a
``validation_issue`` row naming the child (``846/ABC1``), the rule, the fields and their values,
and where in the file the user sent it is (``episodes.csv line 7 (DECOM 14/08/2017)``, or
``Child ABC1 > CINdetails 2 (referral 2024-05-01)``). An issue is one rule at one record: a
rule that looks at two fields of one episode is one issue; one that compares a referral with
its assessment flags both records, so two issues.

Rules that could not run are said in one line per reason (:mod:`carepath.quality.explain`).
A validator that cannot read a file, or crashes on it, gives a failed run with a plain
message: never a traceback (``CAREPATH_DEBUG=1`` prints the validator's own output).
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pyarrow as pa

from carepath.quality.environment import ValidatorFailed, ValidatorsEnv, nearest_pack
from carepath.quality.explain import area_reason, find_truth, not_run_lines
from carepath.quality.returns import Return

ISSUE_COLUMNS = ("run_id", "issue_no", "la_code", "local_child_id", "child_id", "rule_code", "rule_message",
                 "rule_type", "table_name", "field", "value", "row_ref")


@dataclass
class RunResult:
    run_id: int
    ret: Return
    status: str  # completed | failed
    pack: str | None
    issues: int = 0
    notes: list[str] = field(default_factory=list)
    message: str = ""
    synthetic: dict | None = None  # the truth.json of a synthetic authority (carepath synth)


def la_lookup(reference_dir: Path | None) -> Path | None:
    """The reference folder's LA lookup (columns old_la_code, new_la_code), if it has one."""
    if reference_dir is None:
        return None
    from carepath.reference.files import find
    return find(reference_dir, "old_la_code", "new_la_code")


def authority_ons_code(la_code: str | None, reference_dir: Path | None) -> str | None:
    """The ONS code (E06000043) of a 3-digit LA number, from an LA lookup in the reference folder."""
    if not la_code:
        return None
    import csv
    lookup = la_lookup(reference_dir)
    if lookup is None:
        return None
    with open(lookup, newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            keys = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
            if keys.get("old_la_code") == la_code and keys.get("new_la_code"):
                return keys["new_la_code"]
    return None


def _side(ret: Return) -> dict:
    if ret.format == "xml":
        return {"format": "xml", "files": [str(ret.files[0])]}
    return {"format": "csv", "files": [str(t.prepared) for t in ret.tables.values()]}


def _request(ret: Return, pack: str, reference_dir: Path | None, notes: list[str],
             synthetic: dict | None = None) -> tuple[str, dict]:
    if ret.kind == "cin":
        reference_date = f"{int(ret.year[:4]) + 1}-03-31" if ret.year else None
        return "cin_runner.py", {"file": str(ret.files[0]), "pack": pack, "reference_date": reference_date}
    ons = authority_ons_code(ret.la_code, reference_dir)
    if ons is None and synthetic is not None and synthetic.get("ons_code"):
        ons = synthetic["ons_code"]
        notes.append(f"placements compared with {synthetic.get('stands_in_for') or 'the area'} ({ons}), the real "
                     f"area synthetic LA {ret.la_code} stands in for")
    if ret.previous is not None:
        names = [p.name for p in ret.previous.files]
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        notes.append(f"compared with the previous year's return, {ret.previous.year} ({shown})")
    return "lac_runner.py", {"pack": pack, "collection_year": str(int(ret.year[:4]) + 1), "local_authority": ons,
                             "this_year": _side(ret), "previous": _side(ret.previous) if ret.previous else None}


def _where(ret: Return, issue: dict) -> tuple[str | None, str | None, str | None]:
    """(the child's id as the file writes it, where the issue is, table) for one issue."""
    table, child, locator = issue.get("table"), issue.get("child"), issue.get("locator")
    if ret.kind == "cin":
        return child, locator, table
    previous = bool(table) and table.endswith("_last")
    source = ret.previous if previous and ret.previous is not None else ret
    base = table[:-5] if previous else table
    label = base + (" (previous year)" if previous else "")
    hint = f" ({locator})" if locator else ""
    if source.format == "csv":
        part = source.tables.get(base)
        row = issue.get("row")
        if part is not None and row is not None and 0 <= row < len(part.rows):
            line, written = part.rows[row]
            return written or child, f"{part.source.name} line {line}{hint}", label
        return child, None, label
    written = source.child_ids.get((child or "").upper(), child)
    return written, f"{source.files[0].name}: CHILD {written}, {base}{hint}", label


def issue_rows(ret: Return, issues: list[dict]) -> list[dict]:
    rows = []
    for number, issue in enumerate(issues, 1):
        local, row_ref, table_name = _where(ret, issue)
        values = issue.get("values") or {}
        rows.append({
            "issue_no": number, "la_code": ret.la_code, "local_child_id": local,
            "child_id": f"{ret.la_code}/{local}" if local and ret.la_code else None,
            "rule_code": issue["rule_code"], "rule_message": issue.get("rule_message"),
            "rule_type": issue.get("rule_type"), "table_name": table_name,
            "field": ", ".join(issue.get("fields") or []) or None,
            "value": "; ".join(f"{k}={'' if v is None else v}" for k, v in values.items()) or None,
            "row_ref": row_ref,
        })
    return rows


def _answer_notes(answer: dict, ret: Return, reference_dir: Path | None, synthetic: dict | None) -> list[str]:
    area = area_reason(ret.la_code, la_lookup(reference_dir), synthetic)
    return list(answer.get("notes") or []) + not_run_lines(answer, ret, area)


def validate_return(con, env: ValidatorsEnv, ret: Return, reference_dir: Path | None = None) -> RunResult:
    """Run the rules over one return and record the run (and its issues) in the store."""
    notes = list(ret.notes)
    if ret.problem:
        return record(con, RunResult(0, ret, "failed", None, notes=notes, message=ret.problem), [])
    pack, note = nearest_pack(ret.kind, ret.year, env.packs(ret.kind))
    if note:
        notes.append(note)
    synthetic = find_truth(ret)
    script, request = _request(ret, pack, reference_dir, notes, synthetic)
    try:
        answer = env.run(script, request)
    except ValidatorFailed as exc:
        if os.environ.get("CAREPATH_DEBUG") and exc.detail:
            print(exc.detail, file=sys.stderr)
        names = ", ".join(p.name for p in ret.files[:3])
        return record(con, RunResult(0, ret, "failed", pack, notes=notes,
                                     message=f"the validator could not check {names}: {exc}"), [])
    if os.environ.get("CAREPATH_DEBUG"):
        print(answer.get("stderr", ""), file=sys.stderr)
    notes += _answer_notes(answer, ret, reference_dir, synthetic)
    rows = issue_rows(ret, answer["issues"])
    return record(con, RunResult(0, ret, "completed", pack, issues=len(rows), notes=notes, synthetic=synthetic),
                  rows)


def _files_text(ret: Return) -> str:
    text = "; ".join(str(p) for p in ret.files)
    if ret.previous is not None:
        text += " | previous year: " + "; ".join(str(p) for p in ret.previous.files)
    return text


def record(con, result: RunResult, rows: list[dict]) -> RunResult:
    """Write the run and its issues in one transaction; returns the result with its run_id."""
    message = result.message or "; ".join(result.notes)
    if result.message and result.notes:
        message = result.message + " (" + "; ".join(result.notes) + ")"
    con.execute("BEGIN")
    try:
        run_id = con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM validation_run").fetchall()[0][0]
        con.execute("INSERT INTO validation_run (run_id, la_code, return_kind, return_year, rule_pack, files, run_at,"
                    " issues, status, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [run_id, result.ret.la_code, result.ret.kind, result.ret.year, result.pack, _files_text(result.ret),
                     datetime.now(), len(rows), result.status, message or None])
        if rows:
            columns = {name: [run_id] * len(rows) if name == "run_id" else [r[name] for r in rows]
                       for name in ISSUE_COLUMNS}
            incoming = pa.table({name: pa.array(values, pa.int32() if name in ("run_id", "issue_no") else pa.string())
                                 for name, values in columns.items()})
            con.register("incoming_validation_issue", incoming)
            try:
                names = ", ".join(ISSUE_COLUMNS)
                con.execute(f"INSERT INTO validation_issue ({names}) SELECT {names} FROM incoming_validation_issue")
            finally:
                con.unregister("incoming_validation_issue")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    result.run_id, result.message = run_id, message
    return result
