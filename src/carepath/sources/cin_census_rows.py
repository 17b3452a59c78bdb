"""Turning one CIN census ``<Child>`` element into canonical rows, with the row accounting.

:func:`read_child` stages the child and everything nested in it (referral, assessment, s47,
cin_plan, cp_plan, cp_review, pre_proceedings) into a :class:`~carepath.sources.batch.Batch`.
``pre_proceedings`` (new in 2023-24) feeds no indicator yet, as DfE publishes no measure from it;
it is kept for the child's history and the pseudonymised extract (see the allow-list of
``tests/indicators/test_every_table_read.py``).
What is rejected, and what a rejection takes with it, is described in
:mod:`carepath.sources.cin_census`. Field names in reasons are the XML element names, since
that is what the officer will look for in the file.

It walks each element's children once (no XPath). A census repeats the same few thousand dates
and codes in every record, so each distinct date text is parsed once (``_DAYS``) and a code or
flag already known good is taken without a call; only a value that is not (a bad date, an
unknown code) goes through :class:`~carepath.sources.batch.Lenient` and the parsers of
:mod:`carepath.sources.fields`, which say why. The rows, rejects and field issues are exactly
those of reading every field through the parsers. Rows are built as tuples (``COLUMNS``) and
kept by :class:`Rows`, which has :meth:`Batch.claim` check and count each one as
:meth:`Batch.add` would; the reader stages them as one Arrow block a table once the file is read.
"""
from __future__ import annotations

from datetime import date

import pyarrow as pa

from carepath import codes
from carepath.model.ids import child_id
from carepath.model.tables import BY_NAME
from carepath.sources.batch import Batch, Lenient, RowError
from carepath.sources.staged import ARROW_TYPES
from carepath.sources.fields import parse_bool, parse_code, parse_date, plausible_birth
from carepath.sources.xmlstream import NAMES, local

# Elements that hold other elements; everything else is read as a leaf with text.
GROUPS = frozenset({
    "ChildIdentifiers", "ChildCharacteristics", "Disabilities", "CINdetails", "Assessments",
    "FactorsIdentifiedAtAssessment", "CINPlanDates", "Section47", "ChildProtectionPlans", "Reviews",
    "PreProceedingsandFGDM",
})
# The table each repeated element of a CINdetails (or a CP plan) is one row of.
TABLE_OF = {
    "CINdetails": "referral", "Assessments": "assessment", "CINPlanDates": "cin_plan",
    "Section47": "s47", "ChildProtectionPlans": "cp_plan", "PreProceedingsandFGDM": "pre_proceedings",
    "CPPreviewDate": "cp_review",
}
# The columns of each table's rows, in the order the readers below build them (tuples).
COLUMNS = {
    "child": ("child_id", "la_code", "local_child_id", "upn", "former_upn", "upn_unknown", "dob", "expected_dob",
              "sex", "date_of_death", "ethnicity", "disabilities"),
    "referral": ("referral_id", "child_id", "la_code", "referral_date", "source", "primary_need", "nfa",
                 "closure_date", "closure_reason", "icpc_date"),
    "assessment": ("assessment_id", "referral_id", "child_id", "la_code", "start_date", "internal_review_date",
                   "authorised_date", "factors"),
    "cin_plan": ("cin_plan_id", "referral_id", "child_id", "la_code", "start_date", "end_date"),
    "s47": ("s47_id", "referral_id", "child_id", "la_code", "start_date", "icpc_target", "icpc_date",
            "icpc_not_required"),
    "pre_proceedings": ("pre_proceedings_id", "referral_id", "child_id", "la_code", "pp_start_date", "lbp_sent_date",
                        "fgdm_offered", "fgdm_facilitated", "initial_pp_meeting_date", "review_meetings_count",
                        "step_decision_date", "pp_outcome", "court_application_date", "letter_init_cp_date"),
    "cp_plan": ("cp_plan_id", "referral_id", "child_id", "la_code", "start_date", "end_date", "initial_category",
                "latest_category", "previous_plans"),
    "cp_review": ("cp_plan_id", "child_id", "la_code", "review_date"),
}
_fromiso = date.fromisoformat
_DAYS: dict[str, date] = {}  # date text -> the date it is, for texts that parsed (see day())
_DAYS_KEPT = 1 << 16  # at most this many texts are kept (a census has a few thousand distinct dates)
_BOOLS = {"true": True, "false": False}  # what a schema-valid flag says; anything else goes to parse_bool


class Rows:
    """The rows of one file as tuples (``COLUMNS``), table by table in the order each table's first row
    was staged, with where each row is; :meth:`tables` turns them into Arrow in one go at the end,
    without a dict a row (see :meth:`Batch.claim`)."""

    def __init__(self, batch: Batch):
        self.batch = batch
        self.rows: dict[str, list[tuple]] = {}
        self.refs: dict[str, list[str]] = {}
        self.soft = Lenient()

    def fresh(self) -> Lenient:
        """The Lenient a record's fields are read through, empty (one for the file: a record's issues
        are taken by :meth:`Batch.claim` when it loads, and dropped here when it does not)."""
        soft = self.soft
        if soft.issues:
            soft.issues.clear()
        return soft

    def add(self, table: str, row: tuple, key: tuple, ref: str, soft: Lenient | None, cid: str) -> bool:
        """:meth:`Batch.add` of ``row``: False (and it rejected) when its key repeats an earlier row's."""
        if not self.batch.claim(table, key, ref, soft, cid):
            return False
        found = self.rows.get(table)
        if found is None:
            found = self.rows[table] = []
            self.refs[table] = []
        found.append(row)
        self.refs[table].append(ref)
        return True

    def tables(self) -> dict[str, dict[str, pa.Array]]:
        """Each table's rows as Arrow columns by name (typed as the store's), emptying the lists as it goes."""
        found = {}
        for table, rows in self.rows.items():
            types = {column.name: ARROW_TYPES[column.type] for column in BY_NAME[table].columns}
            found[table] = {name: pa.array(values, types[name]) for name, values in zip(COLUMNS[table], zip(*rows))}
            rows.clear()
        return found


def split(el) -> tuple[dict[str, str | None], dict[str, list]]:
    """An element's leaf children as {name: text} and its group children as {name: [elements]}."""
    leaves: dict[str, str | None] = {}
    groups: dict[str, list] = {}
    names = NAMES
    for sub in el:
        tag = sub.tag
        name = names.get(tag)  # the names seen before, without a call
        if name is None:
            name = local(tag)
            if name is None:
                continue
        if name in GROUPS:
            found = groups.get(name)
            if found is None:
                groups[name] = [sub]
            else:
                found.append(sub)
        else:
            text = sub.text
            leaves[name] = (text.strip() or None) if text is not None else None
    return leaves, groups


def texts(elements, name: str) -> list[str]:
    """The non-empty texts of the ``name`` children of a list of elements (Disability, AssessmentFactors...)."""
    found = []
    for el in elements or ():
        for sub in el:
            tag = sub.tag
            if (NAMES.get(tag) or local(tag)) == name and sub.text is not None:
                text = sub.text.strip()
                if text:
                    found.append(text)
    return found


def day(text: str | None, field: str, required: bool = False) -> date | None:
    """An ISO date (xs:date, perhaps with a time zone) quickly; anything else via fields.parse_date."""
    if text is None:
        if required:
            raise RowError(field, "required", f"{field} is missing; it is required")
        return None
    found = _DAYS.get(text)
    if found is not None:
        return found
    found = _day(text, field)
    if len(_DAYS) < _DAYS_KEPT:
        _DAYS[text] = found
    return found


def _day(text: str, field: str) -> date:
    size = len(text)
    core = text if size == 10 else (text[:10] if size > 10 and text[10] in "TZ+- " else None)
    if core is not None and core[4] == "-" and core[7] == "-":
        try:
            value = _fromiso(core)
        except ValueError:
            pass
        else:
            if 1900 <= value.year <= 2100:
                return value
    return parse_date(text, field)


def soft_day(soft: Lenient, text: str | None, field: str) -> date | None:
    """``soft(day, text, field)``, without the call for a date already parsed."""
    if text is None:
        return None
    found = _DAYS.get(text)
    return found if found is not None else soft(day, text, field)


def soft_code(soft: Lenient, text: str | None, field: str, known, list_name: str) -> str | None:
    """``soft(parse_code, text, field, known, list_name)`` for a stripped text, without the call for a known code."""
    if text is None or text in known:
        return text
    return soft(parse_code, text, field, known, list_name)


def soft_codes(soft: Lenient, found: list[str], field: str, known, list_name: str) -> list[str]:
    """``soft.each(parse_code, ...)`` of stripped texts, without the calls when every code is known."""
    for text in found:
        if text not in known:
            return soft.each(parse_code, found, field, known, list_name)
    return found


def soft_bool(soft: Lenient, text: str | None, field: str) -> bool | None:
    """``soft(parse_bool, text, field)``, without the call for 'true' or 'false'."""
    if text is None:
        return None
    found = _BOOLS.get(text)
    return found if found is not None else soft(parse_bool, text, field)


def count(text: str | None, field: str) -> int | None:
    """A whole number of 0 or more (NumberOfPreviousCPP, ReviewMeetingsCount): digits only."""
    if text is None:
        return None
    digits = text[1:] if text[:1] == "+" else text
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 9:
        raise RowError(field, "number", f"{field} '{text}' is not a whole number of 0 or more")
    return int(digits)


def at(path: str, el) -> str:
    line = el.sourceline
    return f"{path}, line {line}" if line else path


def raw(leaves: dict, lists: dict | None = None) -> str:
    parts = [f"{k}={v}" for k, v in leaves.items() if v is not None]
    parts += [f"{k}={','.join(v)}" for k, v in (lists or {}).items() if v]
    return "; ".join(parts)


def reject_all(batch: Batch, el, name: str, path: str, parent: str, field: str, why: str) -> None:
    """Count ``el`` and every record nested in it as read, and reject them because ``parent`` was."""
    table = TABLE_OF[name]
    batch.saw(table)
    leaves, groups = split(el) if name != "CPPreviewDate" else ({name: (el.text or "").strip() or None}, {})
    batch.reject(table, at(path, el), field, "parent", f"its {parent} was rejected: {why}", raw(leaves))
    for group_name, members in groups.items():
        if group_name == "Reviews":
            reviews = [sub for review in members for sub in review if local(sub.tag) == "CPPreviewDate"]
            for k, review in enumerate(reviews, 1):
                reject_all(batch, review, "CPPreviewDate", f"{path} > CPPreviewDate {k}", parent, field, why)
        elif group_name in TABLE_OF:
            for k, member in enumerate(members, 1):
                reject_all(batch, member, group_name, f"{path} > {group_name} {k}", parent, field, why)


# -- child ----------------------------------------------------------------------------------------
def _sex(ident: dict, field: str = "Sex") -> str | None:
    sex = ident.get("Sex")
    if sex is not None:
        if sex.upper() in codes.SEX:
            return sex.upper()
        hint = ""
        if sex in codes.SEX_FROM_GENDER_CURRENT:
            hint = " (1, 2, 0 and 9 are the GenderCurrent codes Sex replaced in 2024-25)"
        raise RowError("Sex", "code", f"Sex '{sex}' is not M, F or U{hint}", sex)
    gender = ident.get("GenderCurrent")
    if gender is None:
        return None
    mapped = codes.SEX_FROM_GENDER_CURRENT.get(gender)
    if mapped is None:
        raise RowError("GenderCurrent", "code",
                       f"GenderCurrent '{gender}' is not a GenderCurrent code (1 male, 2 female, 0 not known, "
                       "9 not specified)", gender)
    return mapped


_SEX_AS_IS = {code: code for code in codes.SEX if code.upper() == code}  # what _sex gives a Sex of these


def soft_birth(soft: Lenient, value: date | None, field: str, end: date | None, expected: bool = False):
    """``soft(plausible_birth, value, field, end, expected)``, without the call's overhead."""
    if value is None or end is None:
        return value
    try:
        return plausible_birth(value, field, end, expected)
    except RowError as err:
        soft.note(err, value)
        return None


def read_child(batch: Batch, out: Rows, el, number: int, census_date: date | None = None) -> None:
    """Stage the rows of the number-th <Child> element of the file (``census_date``: its ReferenceDate)."""
    ident: dict = {}
    chars: dict = {}
    disability_groups: list = []
    details: list = []
    for sub in el:
        name = NAMES.get(sub.tag) or local(sub.tag)
        if name == "CINdetails":
            details.append(sub)
        elif name == "ChildIdentifiers":
            ident.update(split(sub)[0])
        elif name == "ChildCharacteristics":
            leaves, groups = split(sub)
            chars.update(leaves)
            disability_groups += groups.get("Disabilities", ())
    local_id = ident.get("LAchildID")
    path = f"Child {number} (LAchildID {local_id})" if local_id else f"Child {number} (no LAchildID)"
    ref = at(path, el)
    disabilities = texts(disability_groups, "Disability")
    batch.saw("child")
    if local_id is None:
        why = "LAchildID is missing; it is required"
        batch.reject("child", ref, "LAchildID", "required", why,
                     raw({**ident, **chars}, {"Disability": disabilities}))
        for i, detail in enumerate(details, 1):
            reject_all(batch, detail, "CINdetails", f"{path} > CINdetails {i}", "Child", "LAchildID", why)
        return
    cid = child_id(batch.la_code, local_id)
    soft = out.fresh()
    dob = soft_day(soft, ident.get("PersonBirthDate"), "PersonBirthDate")
    expected = soft_day(soft, ident.get("ExpectedPersonBirthDate"), "ExpectedPersonBirthDate")
    sex = ident.get("Sex")
    sex = _SEX_AS_IS.get(sex) if sex is not None else codes.SEX_FROM_GENDER_CURRENT.get(ident.get("GenderCurrent"))
    row = (  # COLUMNS["child"]
        cid, batch.la_code, local_id, ident.get("UPN"), ident.get("FormerUPN"),
        soft_code(soft, ident.get("UPNunknown"), "UPNunknown", codes.UPN_UNKNOWN, "UPNunknown"),
        soft_birth(soft, dob, "PersonBirthDate", census_date),
        soft_birth(soft, expected, "ExpectedPersonBirthDate", census_date, True),
        sex or soft(_sex, ident, "Sex" if "Sex" in ident else "GenderCurrent"),
        soft_day(soft, ident.get("PersonDeathDate"), "PersonDeathDate"),
        soft_code(soft, chars.get("Ethnicity"), "Ethnicity", codes.ETHNICITY, "CIN ethnicity"),
        soft_codes(soft, disabilities, "Disability", codes.DISABILITY, "CIN disability") or None,
    )
    out.add("child", row, (cid,), ref, soft, cid)
    for i, detail in enumerate(details, 1):
        read_referral(batch, out, detail, cid, f"{path} > CINdetails {i}")


# -- referral and what hangs off it ---------------------------------------------------------------
def read_referral(batch: Batch, out: Rows, el, cid: str, path: str) -> None:
    leaves, groups = split(el)
    get = leaves.get
    ref = at(path, el)
    batch.saw("referral")
    soft = out.fresh()
    try:
        referral_date = day(get("CINreferralDate"), "CINreferralDate", required=True)
        referral_id = f"{cid}/{referral_date.isoformat()}"
        row = (  # COLUMNS["referral"]
            referral_id, cid, batch.la_code, referral_date,
            soft_code(soft, get("ReferralSource"), "ReferralSource", codes.REFERRAL_SOURCE, "referral source"),
            soft_code(soft, get("PrimaryNeedCode"), "PrimaryNeedCode", codes.PRIMARY_NEED, "primary need"),
            soft_bool(soft, get("ReferralNFA"), "ReferralNFA"),
            day(get("CINclosureDate"), "CINclosureDate"),
            soft_code(soft, get("ReasonForClosure"), "ReasonForClosure", codes.CLOSURE_REASON, "reason for closure"),
            soft_day(soft, get("DateOfInitialCPC"), "DateOfInitialCPC"),
        )
    except RowError as err:
        batch.reject_error("referral", ref, err, raw(leaves))
        _reject_nested(batch, groups, path, err.field, err.reason)
        return
    if not out.add("referral", row, (referral_id,), ref, soft, cid):  # the same referral date twice for this child
        duplicate = batch.rejects[-1]
        _reject_nested(batch, groups, path, duplicate.field, duplicate.reason)
        return
    for k, member in enumerate(groups.get("Assessments", ()), 1):
        _simple(batch, out, "assessment", _assessment, member, f"{path} > Assessments {k}", referral_id, cid)
    for k, member in enumerate(groups.get("CINPlanDates", ()), 1):
        _simple(batch, out, "cin_plan", _cin_plan, member, f"{path} > CINPlanDates {k}", referral_id, cid)
    for k, member in enumerate(groups.get("Section47", ()), 1):
        _simple(batch, out, "s47", _s47, member, f"{path} > Section47 {k}", referral_id, cid)
    for k, member in enumerate(groups.get("ChildProtectionPlans", ()), 1):
        read_cp_plan(batch, out, member, f"{path} > ChildProtectionPlans {k}", referral_id, cid)
    for k, member in enumerate(groups.get("PreProceedingsandFGDM", ()), 1):
        _simple(batch, out, "pre_proceedings", _pre_proceedings, member, f"{path} > PreProceedingsandFGDM {k}",
                referral_id, cid)


def _reject_nested(batch: Batch, groups: dict, path: str, field: str, why: str) -> None:
    for name, members in groups.items():
        if name in TABLE_OF:
            for k, member in enumerate(members, 1):
                reject_all(batch, member, name, f"{path} > {name} {k}", "CINdetails", field, why)


def _simple(batch: Batch, out: Rows, table: str, build, el, path: str, referral_id: str, cid: str) -> None:
    leaves, groups = split(el)
    batch.saw(table)
    soft = out.fresh()
    try:
        row = build(leaves, groups, referral_id, cid, soft, batch.la_code)
    except RowError as err:
        batch.reject_error(table, at(path, el), err, raw(leaves, _lists(groups)))
        return
    line = el.sourceline
    out.add(table, row, (row[0],), f"{path}, line {line}" if line else path, soft, cid)


def _lists(groups: dict) -> dict:
    factors = texts(groups.get("FactorsIdentifiedAtAssessment"), "AssessmentFactors")
    return {"AssessmentFactors": factors} if factors else {}


def _assessment(leaves: dict, groups: dict, referral_id: str, cid: str, soft: Lenient, la: str) -> tuple:
    start = day(leaves.get("AssessmentActualStartDate"), "AssessmentActualStartDate", required=True)
    factors = soft_codes(soft, texts(groups.get("FactorsIdentifiedAtAssessment"), "AssessmentFactors"),
                        "AssessmentFactors", codes.ASSESSMENT_FACTORS, "CIN assessment factor")
    return (  # COLUMNS["assessment"]
        f"{referral_id}/{start.isoformat()}", referral_id, cid, la, start,
        soft_day(soft, leaves.get("AssessmentInternalReviewDate"), "AssessmentInternalReviewDate"),
        day(leaves.get("AssessmentAuthorisationDate"), "AssessmentAuthorisationDate"),
        factors or None,
    )


def _cin_plan(leaves: dict, groups: dict, referral_id: str, cid: str, soft: Lenient, la: str) -> tuple:
    start = day(leaves.get("CINPlanStartDate"), "CINPlanStartDate", required=True)
    return (f"{referral_id}/{start.isoformat()}", referral_id, cid, la, start,  # COLUMNS["cin_plan"]
            day(leaves.get("CINPlanEndDate"), "CINPlanEndDate"))


def _s47(leaves: dict, groups: dict, referral_id: str, cid: str, soft: Lenient, la: str) -> tuple:
    start = day(leaves.get("S47ActualStartDate"), "S47ActualStartDate", required=True)
    return (  # COLUMNS["s47"]
        f"{referral_id}/{start.isoformat()}", referral_id, cid, la, start,
        soft_day(soft, leaves.get("InitialCPCtarget"), "InitialCPCtarget"),
        soft_day(soft, leaves.get("DateOfInitialCPC"), "DateOfInitialCPC"),
        soft_bool(soft, leaves.get("ICPCnotRequired"), "ICPCnotRequired"),
    )


def _yes_no(text: str | None, field: str) -> str | None:
    """FGDM offer/facilitation: booleans become 'true'/'false'; any other answer is kept as sent."""
    if text is None:
        return None
    try:
        return "true" if parse_bool(text, field) else "false"
    except RowError:
        return text


def _pre_proceedings(leaves: dict, groups: dict, referral_id: str, cid: str, soft: Lenient, la: str) -> tuple:
    get = leaves.get
    start = day(get("PPStartDate"), "PPStartDate", required=True)
    return (  # COLUMNS["pre_proceedings"]
        f"{referral_id}/{start.isoformat()}", referral_id, cid, la, start,
        soft_day(soft, get("LBPSentDate"), "LBPSentDate"),
        _yes_no(get("FGDMMeetingOffer"), "FGDMMeetingOffer"),
        _yes_no(get("FGDMMeetingFac"), "FGDMMeetingFac"),
        soft_day(soft, get("InitialPPMeetingDate"), "InitialPPMeetingDate"),
        soft(count, get("ReviewMeetingsCount"), "ReviewMeetingsCount"),
        soft_day(soft, get("StepDecisionDate"), "StepDecisionDate"),
        get("PPOutcome"),
        soft_day(soft, get("CourtAppDate"), "CourtAppDate"),
        soft_day(soft, get("LetterInitCPDate"), "LetterInitCPDate"),
    )


def read_cp_plan(batch: Batch, out: Rows, el, path: str, referral_id: str, cid: str) -> None:
    leaves, groups = split(el)
    get = leaves.get
    ref = at(path, el)
    reviews = [sub for review in groups.get("Reviews", ()) for sub in review if local(sub.tag) == "CPPreviewDate"]
    batch.saw("cp_plan")
    soft = out.fresh()
    try:
        start = day(get("CPPstartDate"), "CPPstartDate", required=True)
        cp_plan_id = f"{cid}/{start.isoformat()}"
        row = (  # COLUMNS["cp_plan"]
            cp_plan_id, referral_id, cid, batch.la_code, start,
            day(get("CPPendDate"), "CPPendDate"),
            soft_code(soft, get("InitialCategoryOfAbuse"), "InitialCategoryOfAbuse", codes.ABUSE_CATEGORY,
                      "category of abuse"),
            soft_code(soft, get("LatestCategoryOfAbuse"), "LatestCategoryOfAbuse", codes.ABUSE_CATEGORY,
                      "category of abuse"),
            soft(count, get("NumberOfPreviousCPP"), "NumberOfPreviousCPP"),
        )
    except RowError as err:
        batch.reject_error("cp_plan", ref, err, raw(leaves))
        why, field = err.reason, err.field
    else:
        if out.add("cp_plan", row, (cp_plan_id,), ref, soft, cid):
            for k, review in enumerate(reviews, 1):
                _review(batch, out, review, f"{path} > CPPreviewDate {k}", cp_plan_id, cid)
            return
        why, field = batch.rejects[-1].reason, batch.rejects[-1].field
    for k, review in enumerate(reviews, 1):
        reject_all(batch, review, "CPPreviewDate", f"{path} > CPPreviewDate {k}", "ChildProtectionPlans", field, why)


def _review(batch: Batch, out: Rows, el, path: str, cp_plan_id: str, cid: str) -> None:
    batch.saw("cp_review")
    text = el.text.strip() or None if el.text is not None else None
    try:
        review_date = day(text, "CPPreviewDate", required=True)
    except RowError as err:
        batch.reject_error("cp_review", at(path, el), err, f"CPPreviewDate={text}" if text else "")
        return
    out.add("cp_review", (cp_plan_id, cid, batch.la_code, review_date), (cp_plan_id, review_date), at(path, el),
            None, cid)
