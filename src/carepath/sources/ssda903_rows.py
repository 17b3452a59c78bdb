"""Turning one SSDA903 record into a canonical row, with the row accounting: shared by both 903 readers.

A record is a dict of raw field values keyed by the CSV column names of SPECS.md B.2 (``CHILD``,
``DECOM``, ``PLACE``...; the XML reader renames ``CHILDID`` and ``PL``), each value stripped
text or None. :data:`TABLES` describes each 903 table: its columns, the columns a CSV of it
must have, the columns that recognise it, the canonical table it feeds and the function that
builds the row. :func:`stage` counts the record, builds the row and stages it, or rejects it.

Where each 903 table goes
-------------------------
* Header -> ``child`` (SEX 1/2 or M/F/U through ``codes.SEX_FROM_903``; a UPN of UN1-UN7 is
  ``upn_unknown``; MOTHER and MC_DOB). UASC -> ``child.uasc`` (true) and ``uasc_ceased`` (DUC).
* Episodes -> ``cla_episode``, keyed child/DECOM, so the same episode in two annual returns (or
  in two years of one file with a YEAR column) is one row: the later return year fills DEC and
  REC in, whatever order the files are loaded in; empty fields never erase (model/versions.py).
* Reviews -> ``cla_review``; Missing -> ``missing`` (keyed child/MIS_START/MISSING);
  PrevPerm -> ``previous_permanence``; SWEpisodes -> ``sw_episode``; DoLo -> ``dolo``.
  ``previous_permanence`` and ``dolo`` feed no indicator yet: no indicator set measures returns
  to care after permanence, and DoLo begins with the 2026-27 return; they are kept for the
  pseudonymised extract and the child's history (the reasons are the allow-list of
  ``tests/indicators/test_every_table_read.py``). OC2 feeds the outcome measures
  ``cla_12m_*``; AD1 and PlacedAdoption feed the adoption timings ``adoption_*``.
* OC2 -> ``cla_outcome`` with ``year_ending`` 31 March of the return year; OC3 ->
  ``care_leaver`` with ``as_at`` 31 March of the return year. ACCOM is a letter and a digit:
  ``accommodation`` is the letter and ``accommodation_suitable`` is true for 1, false for 2;
  ``0`` (not in touch, died, returned home) is kept as ``0`` with suitability unknown.
* AD1 and PlacedAdoption -> ``adoption``. **The rule**: an adoption is keyed by the child and
  the date of the decision that the child should be placed for adoption. AD1's DATE_INT and
  PlacedAdoption's DATE_PLACED are both that date, so an AD1 row and a PlacedAdoption row with
  the same child and date are one adoption: AD1 fills matched_date, foster_care and the adopters'
  number, sex and legal status; PlacedAdoption fills reversed_date (DATE_PLACED_CEASED) and
  reversed_reason. Loaded from two CSV files they merge in the store; in one XML CHILD they are
  read as one record. Different dates are different decisions, so different rows.

What is rejected, and what is set aside
---------------------------------------
A record is **rejected** only when what identifies it or dates it is unusable: its key is
missing or not a date (CHILD, and DECOM, REVIEW, MISSING and MIS_START, DATE_INT, DATE_PLACED,
SW_ID and SW_DECOM, DOLO_START), a date that ends it does not parse (DEC, MIS_END, SW_DEC,
DOLO_END, DATE_PLACED_CEASED, and DUC in a UASC file), an end date is before its start (DEC
before DECOM, MIS_END before MIS_START, SW_DEC before SW_DECOM, DOLO_END before DOLO_START,
DATE_PLACED_CEASED before DATE_PLACED), or an episode's legal status LS is not a code (without
it the episode cannot be told from a short break, which is not being looked after). A second
record with the same key in one file (and the same return year, where the file holds several)
is a duplicate (:meth:`Batch.add` names the first).

Any other value that cannot be read is **set aside, not the record** (a field issue, see
:mod:`carepath.sources.batch`): an unknown code in a descriptive column (SEX, ETHNIC, RNE, CIN,
PLACE, PLACE_PROVIDER, REC, REASON_PLACE_CHANGE, REVIEW_CODE, SDQ_REASON, IN_TOUCH, ACTIV, ACCOM,
the adopters' codes, REASON_PLACED_CEASED, PREV_PERM, LA_PERM, SW_REASON, a UPN of UN8), a flag
that is not 1/0, an SDQ_SCORE out of range, a secondary date that does not parse (DOB, MC_DOB,
DATE_MATCH, DATE_PERM, DUC in a Header), or a DOB after the return year's end. DOB and SEX
repeated in the other tables are checked but not stored (the Header says who the child is): a
bad one is a field issue, the record loads. DATE_PERM may be partly unknown as DfE allows
(``ZZ/ZZ/2019``, ``ZZ/06/2019``): such a record loads with ``date_perm`` empty and no issue. A
record that names a child the file does not describe makes sure the child exists
(:meth:`Batch.imply_child`). Every staged record's dates are checked against its return year
(:mod:`carepath.sources.dating`): dated after 31 March of that year is a warning, not a reject.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable, Mapping

from carepath import codes
from carepath.model.ids import child_id, join
from carepath.sources.batch import Batch, Lenient, RowError
from carepath.sources.fields import plausible_birth
from carepath.sources.ssda903_fields import code, day, flag, not_before, number

Fields = Mapping[str, "str | None"]


# -- one builder per 903 table: fields -> canonical row (raises RowError) ---------------------------
def _sex(text: str | None, field: str = "SEX") -> str | None:
    if text is None:
        return None
    sex = codes.SEX_FROM_903.get(text.upper())
    if sex is None:
        raise RowError("SEX", "code", f"SEX '{text}' is not a 903 sex code (1 male, 2 female; from 2024-25 M, F or U)",
                       text)
    return sex


def header(f: Fields, cid: str, year_end: date | None, soft: Lenient) -> dict:
    upn, upn_unknown = f.get("UPN"), None
    if upn is not None and upn.upper().startswith("UN") and len(upn) <= 3:
        upn_unknown, upn = soft(code, upn, "UPN", codes.UPN_UNKNOWN, "UPN unknown"), None
    dob = soft(day, f.get("DOB"), "DOB")
    return {
        "child_id": cid, "local_child_id": f["CHILD"], "upn": upn, "upn_unknown": upn_unknown,
        "sex": soft(_sex, f.get("SEX"), "SEX"), "dob": soft(plausible_birth, dob, "DOB", year_end),
        "ethnicity": soft(code, f.get("ETHNIC"), "ETHNIC", codes.ETHNICITY, "ethnicity"),
        "mother": soft(flag, f.get("MOTHER"), "MOTHER"), "mc_dob": soft(day, f.get("MC_DOB"), "MC_DOB"),
        # the XML HEADER carries the UASC flag and DUC; a CSV Header does not
        "uasc": soft(flag, f.get("UASC"), "UASC"), "uasc_ceased": soft(day, f.get("DUC"), "DUC"),
    }


def uasc(f: Fields, cid: str, year_end: date | None, soft: Lenient) -> dict:
    _repeated(f, soft, sex=True)
    return {"child_id": cid, "local_child_id": f["CHILD"], "uasc": True, "uasc_ceased": day(f.get("DUC"), "DUC")}


def episode(f: Fields, cid: str, year_end: date | None, soft: Lenient) -> dict:
    start = day(f.get("DECOM"), "DECOM", required=True)
    end = day(f.get("DEC"), "DEC")
    not_before(start, end, f, "DECOM", "DEC")
    return {
        "episode_id": join(cid, start), "child_id": cid, "start_date": start,
        "rne": soft(code, f.get("RNE"), "RNE", codes.RNE, "reason for new episode"),
        "legal_status": code(f.get("LS"), "LS", codes.LEGAL_STATUS, "legal status"),
        "cin": soft(code, f.get("CIN"), "CIN", codes.CATEGORY_OF_NEED, "category of need"),
        "placement": soft(code, f.get("PLACE"), "PLACE", codes.PLACEMENT, "placement type"),
        "provider": soft(code, f.get("PLACE_PROVIDER"), "PLACE_PROVIDER", codes.PLACEMENT_PROVIDER,
                         "placement provider"),
        "end_date": end, "reason_ceased": soft(code, f.get("REC"), "REC", codes.REASON_CEASED,
                                               "reason episode ceased"),
        "reason_place_change": soft(code, f.get("REASON_PLACE_CHANGE"), "REASON_PLACE_CHANGE",
                                    codes.REASON_PLACE_CHANGE, "reason for placement change"),
        "home_postcode": f.get("HOME_POST"), "placement_postcode": f.get("PL_POST"), "urn": f.get("URN"),
    }


def review(f: Fields, cid: str, year_end: date | None, soft: Lenient) -> dict:
    _repeated(f, soft)
    return {"child_id": cid, "review_date": day(f.get("REVIEW"), "REVIEW", required=True),
            "participation": soft(code, f.get("REVIEW_CODE"), "REVIEW_CODE", codes.REVIEW_PARTICIPATION,
                                  "review participation")}


def _repeated(f: Fields, soft: Lenient, sex: bool = False) -> None:
    """DOB (and SEX in UASC), repeated from the Header: checked, never stored; a bad one is a field issue."""
    soft(day, f.get("DOB"), "DOB")
    if sex:
        soft(_sex, f.get("SEX"), "SEX")


def _year_end(year_end: date | None) -> date:
    if year_end is None:
        raise RowError("YEAR", "required", "YEAR is empty and the file does not otherwise say its return year; "
                       "fill YEAR in (2024-25) or load with --year")
    return year_end


def outcome(f: Fields, cid: str, year_end: date | None, soft: Lenient) -> dict:
    _repeated(f, soft)
    row = {"child_id": cid, "year_ending": _year_end(year_end),
           "sdq_score": soft(number, f.get("SDQ_SCORE"), "SDQ_SCORE", 0, 40),
           "sdq_reason": soft(code, f.get("SDQ_REASON"), "SDQ_REASON", codes.SDQ_REASON, "SDQ reason")}
    for name in OC2_FLAGS:
        row[name.lower()] = soft(flag, f.get(name), name)
    return row


OC2_FLAGS = ("CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE",
             "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED")


def _accommodation(text: str | None, field: str = "ACCOM") -> tuple[str | None, bool | None]:
    if text is None:
        return None, None
    upper = text.upper()
    if upper == "0":
        return "0", None
    if len(upper) == 2 and upper[0] in codes.ACCOMMODATION_TYPE and upper[1] in "12":
        return upper[0], upper[1] == "1"
    raise RowError("ACCOM", "code", f"ACCOM '{text}' is not a care leaver accommodation code: a letter "
                   "(B, C, D, E, G, H, K, R, S, T, U, V, W, X, Y, Z) then 1 (suitable) or 2 (not suitable), "
                   "or 0 (not in touch, died or returned home)")


def care_leaver(f: Fields, cid: str, year_end: date | None, soft: Lenient) -> dict:
    _repeated(f, soft)
    accommodation, suitable = soft(_accommodation, f.get("ACCOM"), "ACCOM") or (None, None)
    return {"child_id": cid, "as_at": _year_end(year_end),
            "in_touch": soft(code, f.get("IN_TOUCH"), "IN_TOUCH", codes.IN_TOUCH, "care leaver in-touch"),
            "activity": soft(code, f.get("ACTIV"), "ACTIV", codes.ACTIVITY, "care leaver activity"),
            "accommodation": accommodation, "accommodation_suitable": suitable}


def ad1(f: Fields, cid: str, year_end: date | None, soft: Lenient) -> dict:
    _repeated(f, soft)
    decision = day(f.get("DATE_INT"), "DATE_INT", required=True)
    adopters = soft(code, f.get("NB_ADOPTR"), "NB_ADOPTR", codes.NUMBER_OF_ADOPTERS, "number of adopters")
    return {"adoption_id": join(cid, decision), "child_id": cid, "decision_date": decision,
            "matched_date": soft(day, f.get("DATE_MATCH"), "DATE_MATCH"),
            "foster_care": soft(flag, f.get("FOSTER_CARE"), "FOSTER_CARE"),
            "number_of_adopters": int(adopters) if adopters else None,
            "sex_of_adopters": soft(code, f.get("SEX_ADOPTR"), "SEX_ADOPTR", codes.SEX_OF_ADOPTERS, "adopters' sex"),
            "adopters_legal_status": soft(code, f.get("LS_ADOPTR"), "LS_ADOPTR", codes.ADOPTERS_LEGAL_STATUS,
                                          "adopters' legal status")}


def placed_adoption(f: Fields, cid: str, year_end: date | None, soft: Lenient) -> dict:
    _repeated(f, soft)
    decision = day(f.get("DATE_PLACED"), "DATE_PLACED", required=True)
    reversed_date = day(f.get("DATE_PLACED_CEASED"), "DATE_PLACED_CEASED")
    not_before(decision, reversed_date, f, "DATE_PLACED", "DATE_PLACED_CEASED")
    return {"adoption_id": join(cid, decision), "child_id": cid, "decision_date": decision,
            "reversed_date": reversed_date,
            "reversed_reason": soft(code, f.get("REASON_PLACED_CEASED"), "REASON_PLACED_CEASED",
                                    codes.REASON_NO_LONGER_PLACED, "reason no longer placed for adoption")}


def _date_perm(text: str | None, field: str = "DATE_PERM") -> date | None:
    """DATE_PERM, which DfE lets be partly unknown: ZZ/ZZ/2019, ZZ/06/2019 or ZZ/ZZ/ZZZZ load as no date."""
    if text is None or "Z" not in text.upper():
        return day(text, "DATE_PERM")
    parts = text.upper().split("/")
    if len(parts) == 3 and all(p and (p == "Z" * len(p) or p.isdigit()) for p in parts):
        known = sum(1 for p in parts if p.isdigit())
        unknown_first = all(parts[i].isdigit() for i in range(3 - known, 3))  # ZZ/06/2019, never 01/ZZ/2019
        if (unknown_first and (known < 2 or 1 <= int(parts[1]) <= 12)
                and (known < 1 or 1900 <= int(parts[2]) <= 2100)):
            return None
    raise RowError("DATE_PERM", "date", f"DATE_PERM '{text}' is not a date; expected DD/MM/YYYY, "
                   "or with the unknown parts as ZZ (ZZ/MM/YYYY, ZZ/ZZ/YYYY, ZZ/ZZ/ZZZZ)")


def previous_permanence(f: Fields, cid: str, year_end: date | None, soft: Lenient) -> dict:
    _repeated(f, soft)
    la_perm = f.get("LA_PERM")
    if la_perm is not None and not (len(la_perm) == 3 and la_perm.isdigit()):
        la_perm = soft(code, la_perm, "LA_PERM", codes.LA_PERM_OTHER, "3-digit LA number or LA_PERM")
    return {"child_id": cid,
            "prev_perm": soft(code, f.get("PREV_PERM"), "PREV_PERM", codes.PREV_PERM, "previous permanence"),
            "la_perm": la_perm, "date_perm": soft(_date_perm, f.get("DATE_PERM"), "DATE_PERM")}


def missing(f: Fields, cid: str, year_end: date | None, soft: Lenient) -> dict:
    _repeated(f, soft)
    kind = f.get("MISSING")
    if kind is None:
        raise RowError("MISSING", "required", "MISSING is missing; it is required (M missing, A away)")
    kind = code(kind, "MISSING", codes.MISSING_KIND, "missing or away")
    start = day(f.get("MIS_START"), "MIS_START", required=True)
    end = day(f.get("MIS_END"), "MIS_END")
    not_before(start, end, f, "MIS_START", "MIS_END")
    return {"missing_id": join(cid, start, kind), "child_id": cid, "kind": kind, "start_date": start, "end_date": end}


def sw_episode(f: Fields, cid: str, year_end: date | None, soft: Lenient) -> dict:
    _repeated(f, soft)
    sw_id = f.get("SW_ID")
    if sw_id is None:
        raise RowError("SW_ID", "required", "SW_ID is missing; it is required")
    start = day(f.get("SW_DECOM"), "SW_DECOM", required=True)
    end = day(f.get("SW_DEC"), "SW_DEC")
    not_before(start, end, f, "SW_DECOM", "SW_DEC")
    return {"sw_episode_id": join(cid, sw_id, start), "child_id": cid, "sw_id": sw_id, "start_date": start,
            "end_date": end,
            "reason": soft(code, f.get("SW_REASON"), "SW_REASON", codes.SW_REASON, "social worker change")}


def dolo(f: Fields, cid: str, year_end: date | None, soft: Lenient) -> dict:
    _repeated(f, soft)
    start = day(f.get("DOLO_START"), "DOLO_START", required=True)
    end = day(f.get("DOLO_END"), "DOLO_END")
    not_before(start, end, f, "DOLO_START", "DOLO_END")
    return {"dolo_id": join(cid, start), "child_id": cid, "start_date": start, "end_date": end}


# -- the tables --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Table903:
    name: str  # as DfE names it: Episodes, PlacedAdoption...
    target: str  # the canonical table
    columns: tuple[str, ...]  # SPECS.md B.2
    optional: tuple[str, ...]  # columns a CSV may leave out
    signature: tuple[str, ...]  # columns that say a CSV is this table
    build: Callable[[Fields, str, "date | None", Lenient], dict]
    needs_year: bool = False

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c for c in self.columns if c not in self.optional)


def _t(name, target, columns, build, optional=("DOB",), signature=None, needs_year=False) -> Table903:
    columns = tuple(columns.split())
    signature = tuple(signature.split()) if signature else tuple(c for c in columns if c not in ("CHILD", "DOB", "SEX"))
    return Table903(name, target, columns, tuple(optional), signature, build, needs_year)


TABLES: dict[str, Table903] = {t.name: t for t in (
    _t("Header", "child", "CHILD SEX DOB ETHNIC UPN MOTHER MC_DOB", header, optional=(),
       signature="ETHNIC MOTHER MC_DOB"),  # UPN alone is too common a column name to say "903"
    _t("Episodes", "cla_episode", "CHILD DECOM RNE LS CIN PLACE PLACE_PROVIDER DEC REC REASON_PLACE_CHANGE "
       "HOME_POST PL_POST URN", episode, optional=("HOME_POST", "PL_POST", "URN")),
    _t("Reviews", "cla_review", "CHILD DOB REVIEW REVIEW_CODE", review),
    _t("UASC", "child", "CHILD SEX DOB DUC", uasc, optional=("SEX", "DOB")),
    _t("OC2", "cla_outcome", "CHILD DOB SDQ_SCORE SDQ_REASON " + " ".join(OC2_FLAGS), outcome, needs_year=True),
    _t("OC3", "care_leaver", "CHILD DOB IN_TOUCH ACTIV ACCOM", care_leaver, needs_year=True),
    _t("AD1", "adoption", "CHILD DOB DATE_INT DATE_MATCH FOSTER_CARE NB_ADOPTR SEX_ADOPTR LS_ADOPTR", ad1),
    _t("PlacedAdoption", "adoption", "CHILD DOB DATE_PLACED DATE_PLACED_CEASED REASON_PLACED_CEASED",
       placed_adoption),
    _t("PrevPerm", "previous_permanence", "CHILD DOB PREV_PERM LA_PERM DATE_PERM", previous_permanence),
    _t("Missing", "missing", "CHILD DOB MISSING MIS_START MIS_END", missing),
    _t("SWEpisodes", "sw_episode", "CHILD DOB SW_ID SW_DECOM SW_DEC SW_REASON", sw_episode),
    _t("DoLo", "dolo", "CHILD DOB DOLO_START DOLO_END", dolo),
)}


# -- staging -------------------------------------------------------------------------------------------
def raw(f: Fields) -> str:
    return "; ".join(f"{k}={v}" for k, v in f.items() if v is not None)


def stage(batch: Batch, table: Table903, f: Fields, ref: str, la_code: str, year_end: date | None = None,
          shown: Mapping[str, str] | None = None) -> bool:
    """Count one record of ``table``, then stage its row or reject it; True when staged.

    ``shown`` renames fields in reasons (the XML reader's PL for PLACE).
    """
    target = table.target
    batch.saw(target)
    local_id = f.get("CHILD")
    soft = Lenient()
    try:
        if local_id is None:
            raise RowError("CHILD", "required", "CHILD is missing; it is required")
        cid = child_id(la_code, local_id)
        row = table.build(f, cid, year_end, soft)
    except RowError as err:
        named = child_id(la_code, local_id) if target == "child" and local_id is not None else None
        batch.reject_error(target, ref, _renamed(err, shown), raw(f), named)
        return False
    soft.issues = [_renamed(err, shown) for err in soft.issues]
    row["la_code"] = la_code
    year = f"{year_end.year - 1}-{year_end.year % 100:02d}" if year_end else None  # versions merge by it
    if not batch.add(target, row, ref, soft, year=year):
        batch.rejects[-1].raw = raw(f)  # the duplicate: keep what it said
        return False
    if target != "child":
        batch.imply_child(cid, local_id)
    if year_end is not None:
        batch.check_dates(target, ref, row, year_label(year_end), year_end, year_start(year_end))
    return True


def year_label(year_end: date) -> str:
    """'the return year 2024-25' for the year ending 31 March 2025."""
    return f"the return year {year_end.year - 1}-{year_end.year % 100:02d}"


def _renamed(err: RowError, shown: Mapping[str, str] | None) -> RowError:
    if shown and err.field in shown:
        name = shown[err.field]
        return RowError(name, err.rule, err.reason.replace(err.field, name, 1), err.value)
    return err


def stage_row(batch: Batch, target: str, row: dict, ref: str, la_code: str, local_id: str,
              soft: Lenient | None = None, year_end: date | None = None) -> bool:
    """Stage a row built outside :func:`stage` (the XML reader's merged AD1 + AD_PLACED), already counted."""
    row["la_code"] = la_code
    if not batch.add(target, row, ref, soft):
        return False
    batch.imply_child(row["child_id"], local_id)
    if year_end is not None:
        batch.check_dates(target, ref, row, year_label(year_end), year_end, year_start(year_end))
    return True


def year_start(year_end: date) -> date:
    """1 April at the start of the return year ending ``year_end`` (31 March)."""
    return year_end.replace(year=year_end.year - 1) + timedelta(days=1)
