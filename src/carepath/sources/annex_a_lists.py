"""The eleven Annex A lists: which sheet is which list, and which heading is which column.

Real workbooks rename sheets (``List_1``, ``List 1 - Contacts``, ``L1 Contacts``, ``Contacts``)
and reword headings (``Child Unique ID``, ``Child ID``, ``Child's unique identifier``; line
breaks, stray spaces, curly apostrophes). Headings are first *normalised* (lower case, every run
of characters that is not a letter or digit becomes one space) and then matched against the
patterns below. Within a list, each heading is given to the first column (in the order listed)
whose pattern it matches and that no earlier heading took, so an ``ignore`` column placed first
keeps, say, "Number of Referrals in Last 12 Months" away from the referral date. Columns named
``ignore`` are known Annex A columns that no canonical table holds (age, counts in the last 12
months, permanence plan...); headings that match nothing are ignored too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_NOT_WORD = re.compile(r"[^0-9a-z]+")


def normalise(heading) -> str:
    """'Child\\nUnique ID ' -> 'child unique id'; "Child’s Legal Status" -> 'child s legal status'."""
    if heading is None:
        return ""
    return _NOT_WORD.sub(" ", str(heading).lower()).strip()


@dataclass(frozen=True)
class Column:
    field: str  # our name for it; "ignore" for Annex A columns nothing holds
    label: str  # the Annex A heading, named in messages when the sheet lacks the column
    pattern: re.Pattern


def col(field: str, label: str, pattern: str) -> Column:
    return Column(field, label, re.compile(pattern))


@dataclass(frozen=True)
class AnnexList:
    number: int
    title: str
    table: str  # the canonical table one row of the list becomes
    columns: tuple[Column, ...]
    required: tuple[str, ...]  # fields whose column the header must have

    def label(self, field: str) -> str:
        return next(c.label for c in self.columns if c.field == field)


CHILD_ID = col("child_id", "Child Unique ID",
               r"\bchild\b.*\b(id|identifier|ref|reference|number)\b|\bunique\b.*\b(id|identifier)\b"
               r"|^(child|person) ?id$")
CHILD = (
    CHILD_ID,
    col("sex", "Gender", r"^(gender|sex)\b"),
    col("ethnicity", "Ethnicity", r"^ethnic"),
    col("dob", "Date of Birth", r"date of birth|\bdob\b|birth date"),
    col("ignore", "Age of Child (Years)", r"^age\b"),
    col("ignore", "Does the Child have a Disability", r"disab"),
)
ALLOCATED = (
    col("team", "Allocated Team", r"allocated team|^team\b"),
    col("worker", "Allocated Worker", r"allocated (social )?worker|^(social )?worker\b|allocated sw"),
)
# Counts over the last 12 months and other summaries: derived, not records
NUMBER_OF = col("ignore", "Number of ...", r"^(number|no) of\b")

LISTS: tuple[AnnexList, ...] = (
    AnnexList(1, "Contacts", "contact", CHILD + (
        col("contact_date", "Date of Contact", r"date.*contact|contact.*date"),
        col("source", "Contact Source", r"source"),
    ), ("child_id", "contact_date")),
    AnnexList(2, "Early help", "early_help", CHILD + (
        col("assessment_start", "Assessment start date", r"\bstart"),
        col("organisation", "Organisation completing assessment", r"organi[sz]ation|agency|completed by"),
        col("assessment_completed", "Assessment completion date", r"complet|\bend"),
    ), ("child_id", "assessment_start")),
    AnnexList(3, "Referrals", "referral", CHILD + (NUMBER_OF,) + (
        col("referral_date", "Date of Referral", r"date.*referral|referral.*date"),
        col("source", "Referral Source", r"source"),
        col("nfa", "Referral NFA?", r"\bnfa\b|no further action"),
    ) + ALLOCATED, ("child_id", "referral_date")),
    AnnexList(4, "Assessments", "assessment", CHILD + (
        col("start", "Continuous Assessment Start Date", r"\bstart"),
        col("child_seen", "Child Seen During Continuous Assessment", r"\bseen\b"),
        col("authorised", "Continuous Assessment Date of Authorisation", r"authori[sz]|complet"),
        col("outcome", "Was the child assessed as requiring LA children's social care support?",
            r"requir|assessed as|outcome|support"),
    ) + ALLOCATED, ("child_id", "start")),
    AnnexList(5, "Section 47 enquiries and ICPCs", "s47", CHILD + (NUMBER_OF,) + (
        col("start", "Strategy discussion initiating Section 47 Enquiry Start Date", r"strategy|\bstart"),
        col("icpc_not_required", "Was an Initial Child Protection Conference deemed unnecessary?",
            r"unnecessary|not required|not needed"),
        col("icpc_date", "Date of Initial Child Protection Conference",
            r"date.*(conference|icpc)|(conference|icpc).*date"),
        col("outcome", "Did the Initial Child Protection Conference Result in a Child Protection Plan",
            r"result|outcome|\bplan\b"),
    ) + ALLOCATED, ("child_id", "start")),
    AnnexList(6, "Children in need", "referral", CHILD + (
        col("ignore", "Case Status", r"status"),
        col("cin_start", "CIN Start Date", r"\bstart"),
        col("primary_need", "Primary Need Code", r"\bneed"),
        col("last_seen", "Date Child Was Last Seen", r"\bseen\b"),
        col("closure_date", "CIN Closure Date", r"clos.*date|date.*clos"),
        col("closure_reason", "Reason for Closure", r"reason"),
    ) + ALLOCATED, ("child_id", "cin_start")),
    AnnexList(7, "Child protection", "cp_plan", CHILD + (
        col("ignore", "Subject to Emergency Protection Order or Protected Under Police Powers (Y/N)",
            r"emergency protection|police"),
        col("previous_plans", "Number of Previous Child Protection Plans", r"previous|^(number|no) of\b"),
        col("start", "Child Protection Plan Start Date", r"\bstart"),
        col("initial_category", "Initial Category of Abuse", r"initial"),
        col("latest_category", "Latest Category of Abuse", r"latest categ|latest.*abuse"),
        col("visit_date", "Date of the Last Statutory Visit", r"\bvisit"),
        col("seen_alone", "Was the Child Seen Alone?", r"\balone\b"),
        col("review_date", "Date of latest review conference", r"review"),
        col("end", "Child Protection Plan End Date", r"\bend\b|\bended\b|\bceased\b"),
    ) + ALLOCATED, ("child_id", "start")),
    AnnexList(8, "Children in care", "cla_episode", CHILD + (
        col("missing_count", "Number of 'Missing' episodes in last 12 months", r"^(number|no) of\W*missing"),
        col("absent_count", "Number of 'Absent' episodes in last 12 months", r"^(number|no) of\W*absent"),
        col("ri_offered", "Return interview offered (Y/N)", r"return interview offered|offered.*return interview"),
        col("ri_accepted", "Return interview accepted (Y/N)", r"return interview accepted|accepted.*return interview"),
        col("ignore", "(not held)", r"second or subsequent|permanence|\biro\b|health|dental|^(number|no) of\b"
                                    r"|location|la of placement|return interview"),
        col("uasc", "UASC within the Last 12 Months (Y/N)", r"unaccompanied|\buasc\b"),
        col("period_start", "Date Started to be Looked After",
            r"started to be looked after|entered care|became looked after|^date started"),
        col("category_of_need", "Child's Category of Need", r"category of need|\bneed\b"),
        col("legal_status_start", "Start date of current legal status", r"start.*legal|legal.*start"),
        col("legal_status", "Child's Legal Status", r"legal status"),
        col("review_date", "Date of Latest Statutory Review", r"review"),
        col("visit_date", "Date of Last Social Work Visit", r"social work|\bvisit"),
        col("reason_ceased", "Reason Ceased to be Looked After", r"reason"),
        col("ceased", "Date Ceased to be Looked After", r"ceased|\bcease\b|\bend\b"),
        col("placement_start", "Start Date of Most Recent Placement", r"start.*placement|placement.*start"),
        col("placement", "Placement Type", r"placement type|type of placement|^placement$"),
        col("provider", "Placement Provider", r"provider"),
        col("postcode", "Placement postcode", r"postcode"),
        col("urn", "URN of Placement", r"\burn\b"),
    ) + ALLOCATED, ("child_id", "period_start")),
    AnnexList(9, "Care leavers", "care_leaver", CHILD + (
        col("uasc", "UASC, or formerly UASC if 18 or over (Y/N)", r"unaccompanied|\buasc\b"),
        col("personal_adviser", "Allocated Personal Advisor", r"personal advi[sc]"),
        col("eligibility", "Eligibility Category", r"eligib"),
        col("pathway_review", "Latest Pathway Plan Review Date", r"pathway"),
        col("in_touch", "LA in Touch", r"in touch"),
        col("latest_contact", "Latest Date of Contact", r"contact"),
        col("accommodation", "Type of Accommodation", r"type of accommodation|accommodation type|^accommodation$"),
        col("suitable", "Suitability of Accommodation", r"suitab"),
        col("activity", "Activity Status", r"activity"),
    ) + ALLOCATED, ("child_id",)),
    AnnexList(10, "Adoption", "adoption", CHILD + (
        col("ignore", "Date the Child Entered Care", r"entered care"),
        col("family_id", "Family identifier", r"family"),
        col("reversed_reason", "Reason Why Child No Longer Placed for Adoption", r"reason"),
        col("reversed_date", "Date of Decision that Child Should No Longer be Placed for Adoption", r"no longer"),
        col("decision", "Date of Decision that Child Should be Placed for Adoption", r"decision"),
        col("placement_order", "Date of Placement Order", r"placement order"),
        col("matched", "Date of Matching Child and Prospective Adopters", r"\bmatch"),
        col("ffa", "Date placed in FFA or concurrent planning placement", r"\bffa\b|fostering|concurrent"),
        col("placed", "Date Placed for Adoption", r"\bplaced\b"),
        col("adoption_order", "Date of Adoption Order", r"adoption order"),
    ), ("child_id", "decision")),
    AnnexList(11, "Adopters", "adopter", (
        col("adopter_id", "Individual adopter identifier", r"adopter.*\b(id|identifier|ref)\b|^individual"),
        col("family_id", "Family identifier", r"family"),
        col("sex", "Gender", r"^(gender|sex)\b"),
        col("ethnicity", "Ethnicity", r"^ethnic"),
        col("disability", "Disability", r"disab"),
        col("ffa", "Is the (prospective) adopter fostering for adoption?", r"fostering for adoption|\bffa\b"),
        col("enquiry", "Date enquiry received", r"enquiry"),
        col("stage1_start", "Date Stage 1 started", r"stage (1|one) start"),
        col("stage1_end", "Date Stage 1 ended", r"stage (1|one) end"),
        col("stage2_start", "Date Stage 2 started", r"stage (2|two) start"),
        col("stage2_end", "Date Stage 2 ended", r"stage (2|two) end"),
        col("application", "Date application submitted", r"submitted|application date"),
        col("approved", "Date application approved", r"approv"),
        col("matched", "Date adopter matched with child(ren)", r"\bmatch"),
        col("children_placed", "No. of children placed", r"^(no|number) of children"),
        col("placed", "Date child/children placed with adopter(s)", r"\bplaced\b"),
        col("adoption_order", "Date of Adoption Order", r"adoption order"),
        col("left_reason", "Reason for leaving adoption process", r"reason"),
        col("left", "Date of leaving adoption process", r"leaving|\bleft\b"),
    ), ("adopter_id",)),
)
BY_NUMBER = {annex_list.number: annex_list for annex_list in LISTS}

# A sheet's name: "List 3", "List_3", "L3 Referrals", "List 03 - Referrals"; or the list's own words
_NUMBERED = re.compile(r"^(?:annex a )?(?:list|l) ?0?(\d{1,2})\b")
_NAMED = (  # checked in this order: "early help assessments" is list 2, "adopters" is not "adoption"
    (2, r"early help"), (9, r"care leaver|leaving care"), (11, r"adopter"), (10, r"adoption|adopted"),
    (5, r"\bs ?47\b|section 47|enquir"), (6, r"children in need|\bcin\b"),
    (8, r"children in care|looked after|\bcla\b|\blac\b"), (7, r"child protection|\bcp\b|\bcpp\b"),
    (3, r"referral"), (4, r"assessment"), (1, r"contact"),
)


def list_named(sheet_name: str) -> AnnexList | None:
    """The list a sheet's name says it holds, or None."""
    name = normalise(sheet_name)
    numbered = _NUMBERED.match(name)
    if numbered:
        return BY_NUMBER.get(int(numbered.group(1)))
    for number, pattern in _NAMED:
        if re.search(pattern, name):
            return BY_NUMBER[number]
    return None


def assign(headings: list, annex_list: AnnexList) -> dict[str, int]:
    """{field: column index} for one header row read as ``annex_list``."""
    taken: dict[str, int] = {}
    for index, heading in enumerate(headings):
        text = normalise(heading)
        if not text:
            continue
        for column in annex_list.columns:
            if column.field in taken and column.field != "ignore":
                continue
            if column.pattern.search(text):
                if column.field != "ignore":
                    taken[column.field] = index
                break
    return taken


def score(taken: dict[str, int]) -> int:
    """How strongly a header row looks like a list: its list-specific columns found."""
    return len([f for f in taken if f not in ("child_id", "sex", "ethnicity", "dob", "team", "worker")])


def identify(headings: list, named: AnnexList | None) -> tuple[AnnexList, dict[str, int]] | None:
    """The list a header row belongs to: the sheet's named list when its required columns are all
    there; otherwise the list with the most columns found among those whose required columns are
    all there (at least two of its own), since a sheet's name is typed by hand and its header is not."""
    if named is not None:
        taken = assign(headings, named)
        if all(f in taken for f in named.required):
            return named, taken
    best = None
    for annex_list in LISTS:
        taken = assign(headings, annex_list)
        if all(f in taken for f in annex_list.required) and score(taken) >= 2:
            if best is None or score(taken) > score(best[1]):
                best = annex_list, taken
    return best
