"""Turning one row of an Annex A list into canonical rows.

Each ``build_*`` function reads a :class:`SheetRow` and returns the row's record and the
records derived from it (a CP plan's last statutory visit and latest review conference, a child
in care's last social work visit and latest statutory review).

**Reject the field, not the record.** A cell the record can live without that cannot be read
(a code not in its list, a Yes/No that is neither, a secondary date that is not a date) is set
aside: the record loads with it empty and the cell is a field issue naming the sheet's own
heading (:class:`~carepath.sources.batch.Lenient`). The row is rejected only when what
identifies or dates its record cannot be read: the Child Unique ID or adopter identifier, the
list's key date (``required=True``) or another part of its key (a contact's source), or a date
that ends the record (``hard=True``: CIN closure, CP plan end, ceased to be looked after,
assessment authorisation, decision no longer to place, adopter left the process; and the start
of the current legal status or placement, which dates the current episode). The keys, and how
assessments, S47s and CP plans find their referral, are described in :mod:`carepath.sources.annex_a`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Protocol

from carepath import codes
from carepath.model.ids import child_id, join
from carepath.sources import annex_a_values as values
from carepath.sources.annex_a_lists import AnnexList
from carepath.sources.batch import Lenient, RowError


class Readings:
    """What each distinct cell value of one list read as: a list repeats the same dates, codes and
    Yes/No answers on thousands of rows, and each is worked out once per column and reader. An
    unreadable value is kept as its error's parts and raised afresh each time, so every row's
    error is its own (the readers and :class:`Lenient` fill in an error's value)."""

    def __init__(self):
        self.slots: dict[tuple, tuple] = {}  # (reader, field) -> (its arguments, the heading, {value: outcome})

    def read(self, row: SheetRow, read, name: str, args: tuple):
        """``read(the cell, its heading, *args)``, or its RowError raised again."""
        slot = self.slots.get((read, name))
        if slot is None:
            slot = self.slots[(read, name)] = (args, row.heading(name), {})
        elif slot[0] != args:  # the same column read with other arguments: not kept
            return read(row.cells.get(name), row.heading(name), *args)
        value = row.cells.get(name)
        key = value if type(value) is str else (type(value), value)  # True, 1 and 1.0 are different cells
        try:
            outcome = slot[2].get(key)
        except TypeError:  # a cell value that cannot be a key: read it each time
            return read(value, slot[1], *args)
        if outcome is None:
            try:
                outcome = (True, read(value, slot[1], *args))
            except RowError as err:
                outcome = (False, (err.field, err.rule, err.reason, err.value))
            slot[2][key] = outcome
        if outcome[0]:
            return outcome[1]
        raise RowError(*outcome[1])


@dataclass
class SheetRow:
    annex_list: AnnexList
    cells: dict[str, object]  # field -> the cell's value
    headings: dict[str, str]  # field -> the heading as the sheet spells it
    ref: str  # "List 3 (sheet 'Referrals') row 7"
    raw: str | Callable[[], str]  # "Heading=value; ..." for the reject table, or what makes it when needed
    lenient: Lenient = field(default_factory=Lenient)  # the cells set aside from this row's record
    readings: Readings | None = None  # the list's values already read, if it keeps them

    def heading(self, name: str) -> str:
        return self.headings.get(name) or self.annex_list.label(name)

    def raw_text(self) -> str:
        return self.raw() if callable(self.raw) else self.raw

    def value(self, read, name: str, *args):
        """``read`` of the named cell (its RowError raised), each distinct value worked out once."""
        if self.readings is None:
            return read(self.cells.get(name), self.heading(name), *args)
        return self.readings.read(self, read, name, args)

    def _read(self, read, name: str, *args, hard: bool = False):
        if hard:
            return self.value(read, name, *args)
        try:
            if self.readings is None:
                return read(self.cells.get(name), self.heading(name), *args)
            return self.readings.read(self, read, name, args)
        except RowError as err:
            self.lenient.note(err, self.cells.get(name))
            return None

    def day(self, name: str, required: bool = False, hard: bool = False) -> date | None:
        return self._read(values.day, name, required, hard=hard or required)

    def yes_no(self, name: str) -> bool | None:
        return self._read(values.yes_no, name)

    def y_n(self, name: str) -> str | None:
        """A Yes/No kept as 'Y' or 'N' (assessment and S47 outcomes)."""
        answer = self.yes_no(name)
        return None if answer is None else "Y" if answer else "N"

    def code(self, name: str, code_list, list_name: str, words=None, hard: bool = False) -> str | None:
        return self._read(values.coded, name, code_list, list_name, words, hard=hard)

    def sex(self, name: str = "sex") -> str | None:
        return self._read(values.sex, name)

    def text(self, name: str) -> str | None:
        return values.text(self.cells.get(name))

    def count(self, name: str) -> int | None:
        return self._read(values.count, name)

    def local_id(self, field: str = "child_id") -> str:
        found = values.text(self.cells.get(field))
        if found is None:
            heading = self.heading(field)
            raise RowError(heading, "required", f"{heading} is missing; it is required")
        return found


class Context(Protocol):
    la_code: str
    as_at: date | None

    def referral_for(self, child: str, on: date) -> str | None: ...


Built = tuple[dict, list[tuple[str, dict]]]  # the record, and (table, row) of those derived from it
IN_TOUCH_WORDS = {"y": "YES", "n": "NO"}
SUITABLE = {"SUITABLE": "Suitable", "UNSUITABLE": "Unsuitable"}
ELIGIBILITY_WORDS = {"relevant": "RELEVANT", "former relevant": "FORMER_RELEVANT", "qualifying": "QUALIFYING",
                     "eligible": "ELIGIBLE"}


_CHILD_READERS = (("sex", values.sex, ()), ("ethnicity", values.coded, (codes.ETHNICITY, "CIN ethnicity")),
                  ("dob", values.day, ()), ("uasc", values.yes_no, ()))


def child_values(row: SheetRow) -> tuple[dict, list[tuple[str, RowError]]]:
    """The child's own columns on this row (lists 1-10), and (field, error) for each unreadable one."""
    found, unreadable = {}, []
    cells = row.cells
    for name, read, args in _CHILD_READERS:
        if name == "uasc" and "uasc" not in cells:
            continue
        try:
            found[name] = row.value(read, name, *args)
        except RowError as err:
            if err.value is None:
                err.value = row.cells.get(name)
            unreadable.append((name, err))
            found[name] = None
    return found, unreadable


def the_child(row: SheetRow, ctx: Context) -> str:
    return child_id(ctx.la_code, row.local_id())


def build_contact(row: SheetRow, ctx: Context) -> Built:
    cid = the_child(row, ctx)
    contact_date = row.day("contact_date", required=True)
    source = row.code("source", codes.REFERRAL_SOURCE, "referral source", hard=True)  # part of the key
    return {"contact_id": join(cid, contact_date, source), "child_id": cid, "contact_date": contact_date,
            "source": source}, []


def build_early_help(row: SheetRow, ctx: Context) -> Built:
    cid = the_child(row, ctx)
    start = row.day("assessment_start", required=True)
    return {"early_help_id": join(cid, start), "child_id": cid, "start_date": start,
            "assessment_start_date": start, "assessment_completed_date": row.day("assessment_completed"),
            "organisation": row.text("organisation")}, []


def build_referral(row: SheetRow, ctx: Context) -> Built:
    cid = the_child(row, ctx)
    referral_date = row.day("referral_date", required=True)
    return {"referral_id": join(cid, referral_date), "child_id": cid, "referral_date": referral_date,
            "source": row.code("source", codes.REFERRAL_SOURCE, "referral source"),
            "nfa": row.yes_no("nfa")}, []


def build_cin(row: SheetRow, ctx: Context) -> Built:
    cid = the_child(row, ctx)
    start = row.day("cin_start", required=True)
    last_seen = row.day("last_seen")
    record = {"referral_id": join(cid, start), "child_id": cid, "referral_date": start,
              "primary_need": row.code("primary_need", codes.PRIMARY_NEED, "primary need"),
              "closure_date": row.day("closure_date", hard=True),
              "closure_reason": row.code("closure_reason", codes.CLOSURE_REASON, "reason for closure")}
    return record, _visit(cid, last_seen, "CIN", seen=True)


def build_assessment(row: SheetRow, ctx: Context) -> Built:
    cid = the_child(row, ctx)
    start = row.day("start", required=True)
    referral_id = ctx.referral_for(cid, start)
    return {"assessment_id": join(referral_id or cid, start), "referral_id": referral_id, "child_id": cid,
            "start_date": start, "authorised_date": row.day("authorised", hard=True),
            "child_seen": row.yes_no("child_seen"),
            "outcome": row.y_n("outcome")}, []


def build_s47(row: SheetRow, ctx: Context) -> Built:
    cid = the_child(row, ctx)
    start = row.day("start", required=True)
    referral_id = ctx.referral_for(cid, start)
    return {"s47_id": join(referral_id or cid, start), "referral_id": referral_id, "child_id": cid,
            "start_date": start, "icpc_not_required": row.yes_no("icpc_not_required"),
            "icpc_date": row.day("icpc_date"), "outcome": row.y_n("outcome")}, []


def build_cp_plan(row: SheetRow, ctx: Context) -> Built:
    cid = the_child(row, ctx)
    start = row.day("start", required=True)
    cp_plan_id = join(cid, start)
    visit_date, review_date = row.day("visit_date"), row.day("review_date")
    seen_alone = row.yes_no("seen_alone")
    record = {"cp_plan_id": cp_plan_id, "referral_id": ctx.referral_for(cid, start), "child_id": cid,
              "start_date": start, "end_date": row.day("end", hard=True),
              "initial_category": row.code("initial_category", codes.ABUSE_CATEGORY, "category of abuse"),
              "latest_category": row.code("latest_category", codes.ABUSE_CATEGORY, "category of abuse"),
              "previous_plans": row.count("previous_plans")}
    derived = _visit(cid, visit_date, "CP", seen=True if seen_alone else None, seen_alone=seen_alone)
    if review_date is not None:
        derived.append(("cp_review", {"cp_plan_id": cp_plan_id, "child_id": cid, "review_date": review_date}))
    return record, derived


def build_cla_episode(row: SheetRow, ctx: Context) -> Built:
    cid = the_child(row, ctx)
    period_start = row.day("period_start", required=True)
    changes = [d for d in (row.day("legal_status_start", hard=True), row.day("placement_start", hard=True))
               if d is not None]  # these say when the current episode began: its key
    start = max([period_start] + changes)  # the current episode began at the latest change
    visit_date, review_date = row.day("visit_date"), row.day("review_date")
    postcode = row.text("postcode")
    record = {"episode_id": join(cid, start), "child_id": cid, "start_date": start,
              "rne": "S" if start == period_start else None,
              "legal_status": row.code("legal_status", codes.LEGAL_STATUS, "903 legal status"),
              "cin": row.code("category_of_need", codes.CATEGORY_OF_NEED, "903 category of need"),
              "placement": row.code("placement", codes.PLACEMENT, "903 placement type"),
              "provider": row.code("provider", codes.PLACEMENT_PROVIDER, "903 placement provider"),
              "end_date": row.day("ceased", hard=True),
              "reason_ceased": row.code("reason_ceased", codes.REASON_CEASED, "903 reason ceased"),
              "placement_postcode": postcode.upper() if postcode else None, "urn": row.text("urn")}
    derived = _visit(cid, visit_date, "CLA")
    if review_date is not None:
        derived.append(("cla_review", {"child_id": cid, "review_date": review_date}))
    missing = {"missing_episodes": row.count("missing_count"), "absent_episodes": row.count("absent_count"),
               "return_interview_offered": row.yes_no("ri_offered"),
               "return_interview_accepted": row.yes_no("ri_accepted")}
    if ctx.as_at is not None and any(v is not None for v in missing.values()):
        derived.append(("missing_return_interview", {"child_id": cid, "as_at": ctx.as_at, **missing}))
    return record, derived


def build_care_leaver(row: SheetRow, ctx: Context) -> Built:
    cid = the_child(row, ctx)
    if ctx.as_at is None:
        raise RowError("as at", "required",
                       "the date this Annex A was made is not known: load it with --as-at DD/MM/YYYY, or put "
                       "the date in a title row above the headings ('as at 13/05/2025') or in the file name")
    suitable = row.code("suitable", SUITABLE, "suitability of accommodation")
    adviser = values.person(row.cells.get("personal_adviser"))
    return {"child_id": cid, "as_at": ctx.as_at,
            "in_touch": row.code("in_touch", codes.IN_TOUCH, "903 in touch", IN_TOUCH_WORDS),
            "activity": row.code("activity", codes.ACTIVITY, "903 activity"),
            "accommodation": row.code("accommodation", codes.ACCOMMODATION_TYPE, "903 accommodation"),
            "accommodation_suitable": None if suitable is None else suitable == "SUITABLE",
            "eligibility": row.code("eligibility", codes.CARE_LEAVER_ELIGIBILITY, "leaving-care eligibility",
                                    ELIGIBILITY_WORDS),
            "latest_contact_date": row.day("latest_contact"), "pathway_plan_review_date": row.day("pathway_review"),
            "personal_adviser": adviser}, []


def build_adoption(row: SheetRow, ctx: Context) -> Built:
    cid = the_child(row, ctx)
    decision = row.day("decision", required=True)
    return {"adoption_id": join(cid, decision), "child_id": cid, "decision_date": decision,
            "placement_order_date": row.day("placement_order"), "matched_date": row.day("matched"),
            "placed_date": row.day("placed"), "adoption_order_date": row.day("adoption_order"),
            "reversed_date": row.day("reversed_date", hard=True),
            "reversed_reason": row.code("reversed_reason", codes.REASON_NO_LONGER_PLACED, "reason no longer placed")
            }, []


def build_adopter(row: SheetRow, ctx: Context) -> Built:
    adopter = row.local_id("adopter_id")
    family = row.text("family_id")
    return {"adopter_id": join(ctx.la_code, adopter), "family_id": join(ctx.la_code, family) if family else None,
            "sex": row.sex(),
            "ethnicity": row.code("ethnicity", codes.ETHNICITY, "CIN ethnicity"),
            "disability": row.yes_no("disability"), "fostering_for_adoption": row.yes_no("ffa"),
            "enquiry_date": row.day("enquiry"), "stage1_start_date": row.day("stage1_start"),
            "stage1_end_date": row.day("stage1_end"), "stage2_start_date": row.day("stage2_start"),
            "stage2_end_date": row.day("stage2_end"), "application_date": row.day("application"),
            "approved_date": row.day("approved"), "matched_date": row.day("matched"),
            "placed_date": row.day("placed"), "children_placed": row.count("children_placed"),
            "adoption_order_date": row.day("adoption_order"), "left_date": row.day("left", hard=True),
            "left_reason": row.code("left_reason", codes.ADOPTER_LEFT_REASON, "reason for leaving")}, []


def _visit(cid: str, visit_date: date | None, kind: str, seen: bool | None = None,
           seen_alone: bool | None = None) -> list[tuple[str, dict]]:
    if visit_date is None:
        return []
    return [("visit", {"visit_id": join(cid, visit_date, kind), "child_id": cid, "visit_date": visit_date,
                       "kind": kind, "seen": seen, "seen_alone": seen_alone})]


BUILDERS: dict[int, Callable[[SheetRow, Context], Built]] = {
    1: build_contact, 2: build_early_help, 3: build_referral, 4: build_assessment, 5: build_s47, 6: build_cin,
    7: build_cp_plan, 8: build_cla_episode, 9: build_care_leaver, 10: build_adoption, 11: build_adopter,
}
