"""The largest kinds of local extract built a whole column at a time (:mod:`carepath.sources.columns`).

Each function here is the column-wise twin of a ``build`` in
:mod:`carepath.sources.local_extract_kinds`: given the file's checked columns and each row's
LA, it returns the kind's records for every row as an Arrow table, and marks ``slow`` every
row the row-by-row ``build`` would reject or set a field aside from (a value its parser refuses,
a required cell empty, an end before its start). Those rows are read by the ``build`` itself,
so their reasons are its reasons; the rows left are the rows it would build without a word, and
these functions build the same values for them. Kinds not here are read row by row.
"""
from __future__ import annotations

import re

import pyarrow as pa
import pyarrow.compute as pc

from carepath import codes
from carepath.sources.batch import RowError
from carepath.sources.columns import Checked, joined, qualified
from carepath.sources.fields import parse_bool, parse_code, parse_date
from carepath.sources.local_extract_kinds import SEX_WORDS, amount, care_record_kind, send_decision, whole_number


TEXT, DAY, FLAG = pa.string(), pa.date32(), pa.bool_()


def _clean(cell, heading=None):
    if cell is None:
        return None
    return cell.strip() or None


def text(c: Checked, column: str) -> pa.Array:
    return c.text(column)


def child(c: Checked, la: pa.Array) -> tuple[pa.Array, pa.Array]:
    """The child's id (``846/C123``) and the local id, as :meth:`Cells.child`."""
    local = c.required(text(c, "child_id"))
    return pc.binary_join_element_wise(la, local, "/"), local


def day(c: Checked, column: str, required: bool = False) -> pa.Array:
    return c.each(column, parse_date, DAY, required)


def yes_no(c: Checked, column: str) -> pa.Array:
    return c.each(column, parse_bool, FLAG)


def local_code(c: Checked, la: pa.Array, column: str, required: bool = True) -> pa.Array:
    found = text(c, column)
    return qualified(la, c.required(found) if required else found)


def _visits(c: Checked, la: pa.Array) -> dict:
    cid, local = child(c, la)
    when = day(c, "visit_date", required=True)
    kind = c.required(c.each("visit_type", parse_code, TEXT, codes.VISIT_KIND, "visit type"))
    return {"visit_id": joined(cid, when, kind), "child_id": cid, "visit_date": when, "kind": kind,
            "seen": yes_no(c, "seen"), "seen_alone": yes_no(c, "seen_alone"),
            "worker_id": local_code(c, la, "worker_code", required=False)}, local


def _supervision(c: Checked, la: pa.Array) -> dict:
    cid, local = child(c, la)
    when = day(c, "supervision_date", required=True)
    return {"supervision_id": joined(cid, when), "child_id": cid, "supervision_date": when,
            "worker_id": local_code(c, la, "worker_code", required=False)}, local


def _contacts(c: Checked, la: pa.Array) -> dict:
    cid, local = child(c, la)
    when = day(c, "contact_date", required=True)
    source = c.each("source", parse_code, TEXT, codes.REFERRAL_SOURCE, "referral source")
    return {"contact_id": joined(cid, when, source), "child_id": cid, "contact_date": when, "source": source,
            "outcome": text(c, "outcome"), "open_to_csc": yes_no(c, "open_to_csc")}, local


def _allocations(c: Checked, la: pa.Array) -> dict:
    cid, local = child(c, la)
    worker = local_code(c, la, "worker_code")
    start, end = day(c, "start_date", required=True), day(c, "end_date")
    c.before(start, end)
    return {"allocation_id": joined(cid, worker, start), "child_id": cid, "worker_id": worker,
            "team_id": local_code(c, la, "team_code", required=False), "start_date": start, "end_date": end}, local


def _sex(cell, heading):
    sex = _clean(cell)
    if sex is not None:
        sex = SEX_WORDS.get(sex.lower(), sex)
    return parse_code(sex, heading, codes.SEX, "sex")


def _postcode(cell, heading=None):
    postcode = _clean(cell)
    return " ".join(postcode.upper().split()) if postcode else None


def _disabilities(cell, heading):
    found = [d.strip() for d in re.split(r"[;,]", _clean(cell) or "") if d.strip()]
    return [parse_code(d, heading, codes.DISABILITY, "CIN disability") for d in found] or None


def _children(c: Checked, la: pa.Array) -> dict:
    c.mark(pc.and_(pc.is_null(text(c, "dob")), pc.is_null(text(c, "expected_dob"))))
    cid, local = child(c, la)
    return {"child_id": cid, "local_child_id": local, "dob": day(c, "dob"), "expected_dob": day(c, "expected_dob"),
            "sex": c.each("sex", _sex, TEXT),
            "ethnicity": c.each("ethnicity", parse_code, TEXT, codes.ETHNICITY, "CIN ethnicity"),
            "upn": text(c, "upn"), "forename": text(c, "forename"), "surname": text(c, "surname"),
            "postcode": c.each("postcode", _postcode, TEXT),
            "disabilities": c.each("disabilities", _disabilities, pa.list_(pa.string()))}, local


def _early_help(c: Checked, la: pa.Array) -> dict:
    cid, local = child(c, la)
    start, end = day(c, "eh_start_date", required=True), day(c, "eh_end_date")
    c.before(start, end)
    return {"early_help_id": joined(cid, start), "child_id": cid, "start_date": start, "end_date": end,
            "assessment_start_date": day(c, "assessment_start_date"),
            "assessment_completed_date": day(c, "assessment_completed_date"),
            "organisation": text(c, "organisation")}, local


def _care_record(cell, heading):
    text = _clean(cell)
    if text is None:
        raise RowError(heading, "required", "read row by row")
    return care_record_kind(text, heading)


def _care_records(c: Checked, la: pa.Array) -> dict:
    cid, local = child(c, la)
    when = day(c, "record_date", required=True)
    kind = c.each("record", _care_record, TEXT)
    return {"care_record_id": joined(cid, kind, when), "child_id": cid, "kind": kind, "record_date": when}, local


def _ehe(c: Checked, la: pa.Array) -> dict:
    cid, local = child(c, la)
    start, end = day(c, "ehe_start_date", required=True), day(c, "ehe_end_date")
    c.before(start, end)
    return {"ehe_id": joined(cid, start), "child_id": cid, "start_date": start, "end_date": end,
            "reason": text(c, "reason")}, local


def _send_decision(cell, heading):
    decision = send_decision(_clean(cell), heading)
    return decision.lower() if decision else None


def _send_requests(c: Checked, la: pa.Array) -> dict:
    cid, local = child(c, la)
    requested = day(c, "request_date", required=True)
    return {"send_request_id": joined(cid, requested), "child_id": cid, "request_date": requested,
            "decision_date": day(c, "decision_date"), "decision": c.each("decision", _send_decision, TEXT),
            "assessment_completed_date": day(c, "assessment_completed_date"),
            "ehcp_issued_date": day(c, "ehcp_issued_date")}, local


def _grade(cell, heading):
    grade = _clean(cell)
    if grade is None:
        return None
    word = re.sub(r"[^A-Z]+", "_", grade.upper()).strip("_")
    return word if word in codes.CASE_AUDIT_GRADE else parse_code(grade, heading, codes.CASE_AUDIT_GRADE, "audit grade")


def _case_audits(c: Checked, la: pa.Array) -> dict:
    cid, local = child(c, la)
    when = day(c, "audit_date", required=True)
    auditor = text(c, "auditor")
    return {"case_audit_id": joined(cid, when, auditor), "child_id": cid, "audit_date": when,
            "grade": c.each("grade", _grade, TEXT), "auditor": auditor}, local


NUMBER, WHOLE = pa.float64(), pa.int64()


def _school_year(cell, heading):
    year = _clean(cell)
    if year is None or not re.fullmatch(r"\d{4}-\d{2}", year) or (int(year[:4]) + 1) % 100 != int(year[5:]):
        raise RowError(heading, "format", "read row by row")
    return year


def _at_most(most: float):
    def parse(cell, heading):
        number = amount(cell, heading)
        if number is not None and number > most:
            raise RowError(heading, "range", "read row by row")
        return number
    return parse


def _key_stage(cell, heading):
    stage = whole_number(cell, heading, 2, 4)
    if stage == 3:
        raise RowError(heading, "range", "read row by row")
    return stage


def _education(c: Checked, la: pa.Array) -> dict:
    cid, local = child(c, la)
    year = c.each("academic_year", _school_year, TEXT)
    return {"education_id": joined(cid, year), "child_id": cid, "academic_year": year,
            "attendance_percent": c.each("attendance_percent", _at_most(100), NUMBER),
            "suspensions": c.each("suspensions", whole_number, WHOLE),
            "permanent_exclusion": yes_no(c, "permanent_exclusion"),
            "key_stage": c.each("key_stage", _key_stage, WHOLE), "ks2_expected": yes_no(c, "ks2_expected"),
            "attainment8": c.each("attainment8", _at_most(90), NUMBER)}, local


def _workforce(c: Checked, la: pa.Array) -> dict:
    unit = c.required(text(c, "unit"))
    whole_la = c.each("unit", lambda cell, heading: (_clean(cell) or "").upper() == "LA", FLAG)
    unit_id = pc.if_else(whole_la, la, pc.binary_join_element_wise(la, unit, "/"))
    snapshot = day(c, "snapshot_date", required=True)
    return {"workforce_id": joined(unit_id, snapshot), "unit": unit_id, "snapshot_date": snapshot,
            **{column: c.each(column, amount, NUMBER) for column in (
                "establishment_fte", "in_post_fte", "agency_fte", "vacancies_fte", "leavers_fte", "sickness_days")},
            "cases": c.each("cases", whole_number, WHOLE)}, unit


def _workers(c: Checked, la: pa.Array) -> dict:
    start, end = day(c, "start_date"), day(c, "end_date")
    c.before(start, end)
    worker = local_code(c, la, "worker_code")
    return {"worker_id": worker, "team_id": local_code(c, la, "team_code"),
            "worker_name": text(c, "worker_name"), "role": text(c, "role"), "agency": yes_no(c, "agency"),
            "fte": c.each("fte", amount, NUMBER), "start_date": start, "end_date": end}, worker


BUILDERS = {"visits": _visits, "supervision": _supervision, "contacts": _contacts, "allocations": _allocations,
            "children": _children, "early help": _early_help, "care records": _care_records,
            "EHE": _ehe, "SEND requests": _send_requests, "case audits": _case_audits,
            "education": _education, "workforce": _workforce, "workers": _workers}
