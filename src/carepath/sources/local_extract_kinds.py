"""The kinds of local extract (docs/formats/local_extracts.md): their columns, and one row's record.

Each :class:`Kind` names its required and optional columns, the other headings accepted for
them, the table it fills and a ``build`` function turning one CSV row into that table's row.
Headings are compared *normalised*: lower case, every character that is not a letter or a digit
dropped (``Child ID``, ``child_id`` and ``CHILDID`` are one heading; so are ``Case No.`` and
``Case No``). Reasons name the file's own heading, since that is what the officer will look for.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Callable

from carepath import codes
from carepath.model.ids import child_id, join
from carepath.sources import legal_extract
from carepath.sources.batch import Lenient, RowError
from carepath.sources.fields import clean, parse_bool, parse_code, parse_date, parse_int

_NOT_WORD = re.compile(r"[^0-9a-z]+")


def normalise(heading: str) -> str:
    return _NOT_WORD.sub("", heading.lower())


def whole_number(text: str | None, heading: str, low: int = 0, high: int | None = None) -> int | None:
    """A cell's whole number (``1,200`` is 1200) from ``low`` to ``high``; None for an empty cell."""
    text = clean(text)
    number = parse_int(text.replace(",", "") if text else None, heading)
    if number is not None and (number < low or (high is not None and number > high)):
        allowed = f"{low} to {high}" if high is not None else f"{low} or more"
        raise RowError(heading, "range", f"{heading} {number} is not {allowed}", number)
    return number


def amount(text: str | None, heading: str) -> float | None:
    """A cell's amount (an FTE, a percentage), 0 or more; None for an empty cell."""
    text = clean(text)
    if text is None:
        return None
    try:
        number = float(text.replace(",", ""))
    except ValueError:
        raise RowError(heading, "number", f"{heading} '{text}' is not a number", text) from None
    if not 0 <= number < 1e9:
        raise RowError(heading, "range", f"{heading} {text} is not 0 or more", text)
    return number


@dataclass
class Cells:
    """One CSV row, read by canonical column name."""
    values: dict[str, str | None]  # canonical column -> cell text
    headings: dict[str, str]  # canonical column -> the file's heading
    la_code: str | None
    lenient: Lenient = field(default_factory=Lenient)  # cells set aside from this row's record

    def _read(self, read, column: str, *args, hard: bool = False):
        if hard:
            return read(self.values.get(column), self.heading(column), *args)
        return self.lenient(read, self.values.get(column), self.heading(column), *args)

    def heading(self, column: str) -> str:
        return self.headings.get(column, column)

    def text(self, column: str) -> str | None:
        return clean(self.values.get(column))

    def required(self, column: str) -> str:
        found = self.text(column)
        if found is None:
            raise RowError(self.heading(column), "required", f"{self.heading(column)} is missing; it is required")
        return found

    def day(self, column: str, required: bool = False, hard: bool = False) -> date | None:
        return self._read(parse_date, column, required, hard=hard or required)

    def yes_no(self, column: str) -> bool | None:
        return self._read(parse_bool, column)

    def code(self, column: str, code_list, list_name: str, hard: bool = False) -> str | None:
        return self._read(parse_code, column, code_list, list_name, hard=hard)

    def whole(self, column: str, low: int = 0, high: int | None = None, hard: bool = False) -> int | None:
        return self._read(self._whole, column, low, high, hard=hard)

    def _whole(self, text: str | None, heading: str, low: int, high: int | None) -> int | None:
        return whole_number(text, heading, low, high)

    def amount(self, column: str) -> float | None:
        return self._read(self._amount, column)

    def _amount(self, text: str | None, heading: str) -> float | None:
        return amount(text, heading)

    def child(self) -> str:
        return child_id(self.la_code, self.required("child_id"))

    def local_code(self, column: str, required: bool = True) -> str | None:
        """A team or worker code qualified by the LA: 846/T01."""
        found = self.required(column) if required else self.text(column)
        return join(self.la_code, found) if found else None

    def recorded(self, event: date | None) -> date | None:
        """The optional date the record was entered in the case system (``recorded_date``), for timeliness of
        recording; one before the event's date cannot be right and is set aside with the reason."""
        found = self.day("recorded_date")
        if found and event and found < event:
            self.lenient.note(RowError(self.heading("recorded_date"), "order",
                                       f"{self.heading('recorded_date')} {found:%d/%m/%Y} is before the event's date "
                                       f"{event:%d/%m/%Y}; a record cannot be entered before what it records"), found)
            return None
        return found

    def in_order(self, start_column: str, start: date | None, end_column: str, end: date | None) -> None:
        if start and end and end < start:
            raise RowError(self.heading(end_column), "order",
                           f"{self.heading(end_column)} {end:%d/%m/%Y} is before {self.heading(start_column)} "
                           f"{start:%d/%m/%Y}")


@dataclass(frozen=True)
class Kind:
    name: str
    table: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    build: Callable[[Cells], dict]
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    names_child: bool = True  # its rows name a child, who must exist in the store
    has_la: bool = True  # population rows belong to an area, not to the authority loading them

    def lookup(self) -> dict[str, str]:
        """normalised heading -> canonical column."""
        found: dict[str, str] = {}
        for column in self.required + self.optional + (("la_code",) if self.has_la else ()):
            for name in (column,) + self.aliases.get(column, ()) + COMMON_ALIASES.get(column, ()):
                found.setdefault(normalise(name), column)
        return found


COMMON_ALIASES = {
    "child_id": ("LAchildID", "CHILD", "person_id"), "worker_code": ("worker_id", "sw_id"),
    "team_code": ("team_id",), "la_code": ("la", "LA number"),
}
# headings case systems give the date a record was entered (visits, contacts)
RECORDED_ALIASES = ("date_recorded", "recorded_on", "entered_date", "date_entered", "entry_date")
SEX_WORDS = {"male": "M", "female": "F", "unknown": "U"}


def _children(row: Cells) -> dict:
    if row.text("dob") is None and row.text("expected_dob") is None:
        raise RowError(row.heading("dob"), "required",
                       f"{row.heading('dob')} is missing; it is required (or expected_dob, for an unborn child)")
    cid = row.child()
    dob, expected = row.day("dob"), row.day("expected_dob")
    sex = row.text("sex")
    if sex is not None:
        sex = SEX_WORDS.get(sex.lower(), sex)
    disabilities = [d.strip() for d in re.split(r"[;,]", row.text("disabilities") or "") if d.strip()]
    postcode = row.text("postcode")
    return {"child_id": cid, "local_child_id": row.required("child_id"), "dob": dob, "expected_dob": expected,
            "sex": row.lenient(parse_code, sex, row.heading("sex"), codes.SEX, "sex"),
            "ethnicity": row.code("ethnicity", codes.ETHNICITY, "CIN ethnicity"), "upn": row.text("upn"),
            "forename": row.text("forename"), "surname": row.text("surname"),
            "postcode": " ".join(postcode.upper().split()) if postcode else None,
            "disabilities": row.lenient.each(parse_code, disabilities, row.heading("disabilities"), codes.DISABILITY,
                                             "CIN disability") or None}


def _teams(row: Cells) -> dict:
    return {"team_id": row.local_code("team_code"), "team_name": row.required("team_name"),
            "locality": row.text("locality"), "service": row.text("service")}


def _workers(row: Cells) -> dict:
    start, end = row.day("start_date"), row.day("end_date", hard=True)
    row.in_order("start_date", start, "end_date", end)
    return {"worker_id": row.local_code("worker_code"), "team_id": row.local_code("team_code"),
            "worker_name": row.text("worker_name"), "role": row.text("role"), "agency": row.yes_no("agency"),
            "fte": row.amount("fte"), "start_date": start, "end_date": end}


def _allocations(row: Cells) -> dict:
    cid, worker = row.child(), row.local_code("worker_code")
    start, end = row.day("start_date", required=True), row.day("end_date", hard=True)
    row.in_order("start_date", start, "end_date", end)
    return {"allocation_id": join(cid, worker, start), "child_id": cid, "worker_id": worker,
            "team_id": row.local_code("team_code", required=False), "start_date": start, "end_date": end}


def _visits(row: Cells) -> dict:
    cid, visit_date = row.child(), row.day("visit_date", required=True)
    kind = row.code("visit_type", codes.VISIT_KIND, "visit type", hard=True)  # part of the key
    if kind is None:
        raise RowError(row.heading("visit_type"), "required", f"{row.heading('visit_type')} is missing; it is required")
    return {"visit_id": join(cid, visit_date, kind), "child_id": cid, "visit_date": visit_date, "kind": kind,
            "seen": row.yes_no("seen"), "seen_alone": row.yes_no("seen_alone"),
            "worker_id": row.local_code("worker_code", required=False), "recorded_date": row.recorded(visit_date)}


def _supervision(row: Cells) -> dict:
    cid, when = row.child(), row.day("supervision_date", required=True)
    return {"supervision_id": join(cid, when), "child_id": cid, "supervision_date": when,
            "worker_id": row.local_code("worker_code", required=False)}


def _case_audits(row: Cells) -> dict:
    cid, when = row.child(), row.day("audit_date", required=True)
    grade_text = row.text("grade")
    grade = None
    if grade_text:
        word = re.sub(r"[^A-Z]+", "_", grade_text.upper()).strip("_")
        grade = row.code("grade", codes.CASE_AUDIT_GRADE, "audit grade", hard=True) \
            if word not in codes.CASE_AUDIT_GRADE else word  # the grade is what an audit record is for
    auditor = row.text("auditor")
    return {"case_audit_id": join(cid, when, auditor), "child_id": cid, "audit_date": when, "grade": grade,
            "auditor": auditor}


def _workforce(row: Cells) -> dict:
    unit = row.required("unit")
    unit_id = row.la_code if unit.upper() == "LA" else join(row.la_code, unit)
    snapshot = row.day("snapshot_date", required=True)
    return {"workforce_id": join(unit_id, snapshot), "unit": unit_id, "snapshot_date": snapshot,
            **{c: row.amount(c) for c in ("establishment_fte", "in_post_fte", "agency_fte", "vacancies_fte",
                                          "leavers_fte", "sickness_days")},
            "cases": row.whole("cases")}


def _contacts(row: Cells) -> dict:
    cid, when = row.child(), row.day("contact_date", required=True)
    source = row.code("source", codes.REFERRAL_SOURCE, "referral source", hard=True)  # part of the key
    return {"contact_id": join(cid, when, source), "child_id": cid, "contact_date": when, "source": source,
            "outcome": row.text("outcome"), "open_to_csc": row.yes_no("open_to_csc"),
            "recorded_date": row.recorded(when)}


def _early_help(row: Cells) -> dict:
    cid, start, end = row.child(), row.day("eh_start_date", required=True), row.day("eh_end_date", hard=True)
    row.in_order("eh_start_date", start, "eh_end_date", end)
    return {"early_help_id": join(cid, start), "child_id": cid, "start_date": start, "end_date": end,
            "assessment_start_date": row.day("assessment_start_date"),
            "assessment_completed_date": row.day("assessment_completed_date"), "organisation": row.text("organisation")}


def _send_requests(row: Cells) -> dict:
    cid, requested = row.child(), row.day("request_date", required=True)
    decision = row.lenient(send_decision, row.text("decision"), row.heading("decision"))
    return {"send_request_id": join(cid, requested), "child_id": cid, "request_date": requested,
            "decision_date": row.day("decision_date"),
            "decision": decision.lower() if decision else None,
            "assessment_completed_date": row.day("assessment_completed_date"),
            "ehcp_issued_date": row.day("ehcp_issued_date")}


def _ehe(row: Cells) -> dict:
    cid, start, end = row.child(), row.day("ehe_start_date", required=True), row.day("ehe_end_date", hard=True)
    row.in_order("ehe_start_date", start, "ehe_end_date", end)
    return {"ehe_id": join(cid, start), "child_id": cid, "start_date": start, "end_date": end,
            "reason": row.text("reason")}


def send_decision(decision: str | None, heading: str) -> str | None:
    if decision is not None and decision.lower() not in codes.SEND_DECISION:
        raise RowError(heading, "code", f"{heading} '{decision}' is not assess or refuse", decision)
    return decision


def _care_records(row: Cells) -> dict:
    cid, when = row.child(), row.day("record_date", required=True)
    word = care_record_kind(row.required("record"), row.heading("record"))
    return {"care_record_id": join(cid, word, when), "child_id": cid, "kind": word, "record_date": when}


def care_record_kind(text: str, heading: str) -> str:
    """A care record's kind (``Health assessment``, ``RHI``...) as its code (``HEALTH_ASSESSMENT``)."""
    word = re.sub(r"[^A-Z]+", "_", text.upper()).strip("_")
    word = {"HEALTH": "HEALTH_ASSESSMENT", "DENTAL": "DENTAL_CHECK", "RETURN_INTERVIEW": "RETURN_INTERVIEW_OFFERED",
            "RHI": "RETURN_INTERVIEW_OFFERED", "RETURN_HOME_INTERVIEW_OFFERED": "RETURN_INTERVIEW_OFFERED"}.get(word, word)
    if word not in codes.CARE_RECORD_KIND:
        raise RowError(heading, "code", f"{heading} '{text}' is not one of: {', '.join(codes.CARE_RECORD_KIND.values())}")
    return word


def _education(row: Cells) -> dict:
    cid, year = row.child(), row.required("academic_year")
    if not re.fullmatch(r"\d{4}-\d{2}", year) or (int(year[:4]) + 1) % 100 != int(year[5:]):
        raise RowError(row.heading("academic_year"), "format",
                       f"{row.heading('academic_year')} '{year}' is not a school year such as 2024-25")
    attendance = row.amount("attendance_percent")
    if attendance is not None and attendance > 100:
        raise RowError(row.heading("attendance_percent"), "range",
                       f"{row.heading('attendance_percent')} {attendance:g} is more than 100")
    stage = row.whole("key_stage", 2, 4)
    if stage == 3:
        raise RowError(row.heading("key_stage"), "range", f"{row.heading('key_stage')} 3 has no published result; "
                       "give 2 (with ks2_expected) or 4 (with attainment8)")
    attainment = row.amount("attainment8")
    if attainment is not None and attainment > 90:
        raise RowError(row.heading("attainment8"), "range", f"{row.heading('attainment8')} {attainment:g} is more than 90")
    return {"education_id": join(cid, year), "child_id": cid, "academic_year": year,
            "attendance_percent": attendance, "suspensions": row.whole("suspensions"),
            "permanent_exclusion": row.yes_no("permanent_exclusion"), "key_stage": stage,
            "ks2_expected": row.yes_no("ks2_expected"), "attainment8": attainment}


POPULATION_SEX = {"m": "M", "male": "M", "f": "F", "female": "F", "t": "T", "total": "T", "persons": "T", "all": "T"}


def _population(row: Cells) -> dict:
    area = row.required("area_code")
    year = row.whole("year", 1971, 2100, hard=True)
    row.values["age"] = row.required("age").rstrip("+")  # ONS's top band, "90+", is age 90
    age = row.whole("age", 0, 120, hard=True)
    sex_text = row.required("sex")
    sex = POPULATION_SEX.get(sex_text.lower())
    if sex is None:
        raise RowError(row.heading("sex"), "code", f"{row.heading('sex')} '{sex_text}' is not M, F or T (total)")
    number = row.whole("count", hard=True)
    if year is None or number is None:
        column = "year" if year is None else "count"
        raise RowError(row.heading(column), "required", f"{row.heading(column)} is missing; it is required")
    return {"population_id": join(area, year, age, sex), "area_code": area, "year": year, "age": age, "sex": sex,
            "count": number}


MAJOR_GROUPS = ("White", "Mixed", "Asian", "Black", "Other")
_AGE_WORDS = re.compile(r"(under 1|\d+)")


def ethnic_major_group(text: str) -> str | None:
    """DfE's major ethnic group (White, Mixed, Asian, Black, Other) of a group as a file gives it.

    Accepted: the five names; Census 2021 categories ("Asian, Asian British or Asian Welsh:
    Indian", "Mixed or Multiple ethnic groups", ...), by their first word; DfE's ethnicity codes
    (WBRI, MWBC, APKN, BCRB, CHNE, OOTH...), by their first letter. Chinese is in Other, as in
    DfE's statistics on children looked after (the Census 2021 puts it under Asian)."""
    value = text.strip()
    if value.upper() in codes.ETHNICITY and value.upper() not in ("REFU", "NOBT"):
        return {"W": "White", "M": "Mixed", "A": "Asian", "B": "Black"}.get(value.upper()[0], "Other")
    lower = value.lower()
    if "chinese" in lower:
        return "Other"
    first = re.split(r"[^a-z]+", lower, maxsplit=1)[0]
    return {"white": "White", "mixed": "Mixed", "asian": "Asian", "black": "Black", "other": "Other"}.get(first)


def _population_ethnicity(row: Cells) -> dict:
    found = _population(Cells({**row.values, "age": _age_text(row.values.get("age"))}, row.headings, row.la_code,
                              row.lenient))
    category = row.required("ethnic_group")
    group = ethnic_major_group(category)
    if group is None:
        raise RowError(row.heading("ethnic_group"), "code",
                       f"{row.heading('ethnic_group')} '{category}' is not an ethnic group: give White, Mixed, Asian, "
                       "Black or Other, a Census 2021 ethnic group, or a DfE ethnicity code (not REFU or NOBT)")
    return {**found, "population_id": join(found["population_id"], category), "ethnic_group": group,
            "category": category}


def _age_text(text: str | None) -> str | None:
    """The Census 2021's "Aged under 1 year", "Aged 4 years", "Aged 100 years and over" as 0, 4, 100."""
    if text is None or text.strip().rstrip("+").isdigit():
        return text
    found = _AGE_WORDS.search(text.lower())
    return None if found is None else ("0" if found.group(1) == "under 1" else found.group(1))


KINDS: tuple[Kind, ...] = (
    Kind("children", "child", ("child_id", "dob"),
         ("sex", "ethnicity", "upn", "forename", "surname", "postcode", "expected_dob", "disabilities"), _children,
         {"dob": ("date_of_birth",)}),
    Kind("teams", "org_unit", ("team_code", "team_name"), ("locality", "service"), _teams, names_child=False),
    Kind("workers", "worker", ("worker_code", "team_code"),
         ("worker_name", "role", "agency", "fte", "start_date", "end_date"), _workers, names_child=False),
    Kind("allocations", "allocation", ("child_id", "worker_code", "start_date"), ("team_code", "end_date"),
         _allocations, {"start_date": ("allocation_start",), "end_date": ("allocation_end",)}),
    Kind("visits", "visit", ("child_id", "visit_date", "visit_type"),
         ("seen", "seen_alone", "worker_code", "recorded_date"), _visits,
         {"visit_type": ("kind",), "recorded_date": RECORDED_ALIASES}),
    Kind("supervision", "supervision", ("child_id", "supervision_date"), ("worker_code",), _supervision),
    Kind("case audits", "case_audit", ("child_id", "audit_date", "grade"), ("auditor",), _case_audits,
         {"grade": ("audit_grade", "judgement"), "audit_date": ("date_of_audit",)}),
    Kind("workforce", "workforce", ("unit", "snapshot_date"),
         ("establishment_fte", "in_post_fte", "agency_fte", "vacancies_fte", "leavers_fte", "sickness_days", "cases"),
         _workforce, {"unit": ("team_code", "team_id")}, names_child=False),
    Kind("contacts", "contact", ("child_id", "contact_date"), ("source", "outcome", "open_to_csc", "recorded_date"),
         _contacts, {"contact_date": ("date_of_contact",), "recorded_date": RECORDED_ALIASES}),
    Kind("early help", "early_help", ("child_id", "eh_start_date"),
         ("eh_end_date", "assessment_start_date", "assessment_completed_date", "organisation"), _early_help,
         {"eh_start_date": ("early_help_start",), "eh_end_date": ("early_help_end",)}),
    Kind("care proceedings", "proceeding", legal_extract.REQUIRED, legal_extract.OPTIONAL, legal_extract.build,
         legal_extract.ALIASES, names_child=False),
    Kind("SEND requests", "send_request", ("child_id", "request_date"),
         ("decision_date", "decision", "assessment_completed_date", "ehcp_issued_date"), _send_requests,
         {"request_date": ("ehc_request_date",)}),
    Kind("EHE", "ehe", ("child_id", "ehe_start_date"), ("ehe_end_date", "reason"), _ehe,
         {"ehe_start_date": ("date_known_ehe",)}),
    Kind("care records", "care_record", ("child_id", "record", "record_date"), (), _care_records,
         {"record": ("record_type",)}),
    Kind("education", "education", ("child_id", "academic_year", "attendance_percent"),
         ("suspensions", "permanent_exclusion", "key_stage", "ks2_expected", "attainment8"), _education,
         {"academic_year": ("school_year",), "attendance_percent": ("attendance",),
          "suspensions": ("fixed_term_exclusions",)}),
    Kind("population", "population", ("area_code", "year", "age", "sex", "count"), (), _population,
         {"count": ("population",)}, names_child=False, has_la=False),
    Kind("population by ethnic group", "population_ethnicity", ("area_code", "year", "age", "sex", "ethnic_group", "count"),
         (), _population_ethnicity, {"count": ("population", "observation"), "ethnic_group": ("ethnicity",)},
         names_child=False, has_la=False),
)
LOOKUPS = {kind.name: kind.lookup() for kind in KINDS}


def columns_of(kind: Kind, header: list[str]) -> dict[int, str]:
    """{column index: canonical column} for the headings of ``header`` this kind knows."""
    lookup = LOOKUPS[kind.name]
    return {i: lookup[normalise(h)] for i, h in enumerate(header) if normalise(h) in lookup}


def kinds_fitting(header: list[str]) -> list[tuple[Kind, dict[int, str]]]:
    """Kinds whose required columns are all in ``header``, the best fitting (most columns known) first."""
    fitting = []
    for kind in KINDS:
        known = columns_of(kind, header)
        if set(kind.required) <= set(known.values()):
            fitting.append((kind, known))
    return sorted(fitting, key=lambda item: -len(item[1]))
