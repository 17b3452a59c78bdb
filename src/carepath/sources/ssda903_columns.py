"""The SSDA903 tables built a whole column at a time: one column-wise builder per 903 table.

Each builder is the column-wise twin of one in :mod:`carepath.sources.ssda903_rows`: it returns
the same row's values for every row as Arrow columns (the same names, so the date checks of
:mod:`carepath.sources.dating` see the same row), and marks ``slow`` each row the row builder
would reject or set a field aside from. The slow rows, the rows of another width, and rows
whose LA or YEAR is not plain (a name, an ONS code, a year that is not one) are read by
:meth:`carepath.sources.ssda903_csv.FileRows.read` at their place in the file, so a reject or a
field issue is always the row code's own (:mod:`carepath.sources.ssda903_read` puts the two
together). ``tests/sources/test_ssda903_columns.py`` reads damaged files both ways and compares
everything a load keeps.
"""
from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from carepath import codes
from carepath.sources.columns import Checked, joined
from carepath.sources.ssda903_fields import _DATES, code, day, flag, number
from carepath.sources.ssda903_rows import (
    OC2_FLAGS,
    _accommodation,
    _date_perm,
    _sex,
)

TEXT, DAY, FLAG = pa.string(), pa.date32(), pa.bool_()


def _stripped(parse):
    """A 903 parser given the cell as the row reader gives it: stripped, None when empty."""
    def parsed(cell, field, *args):
        return parse((cell.strip() or None) if cell is not None else None, field, *args)
    return parsed


def _text(cell, field=None):
    return (cell.strip() or None) if cell is not None else None


def each(c: Checked, column: str, parse, kind, *args) -> pa.Array:
    return c.each(column, _stripped(parse), kind, *args)


def dates(c: Checked, column: str, required: bool = False) -> pa.Array:
    # a cell in day's cache of texts it has read (stripped already, so the strip changes nothing) is that day
    return c.each(column, _stripped(day), DAY, required, known=_DATES)


def soft_code(c: Checked, column: str, code_list, name: str) -> pa.Array:
    return each(c, column, code, TEXT, code_list, name)


def _ordered(c: Checked, start: pa.Array, end: pa.Array) -> None:
    c.before(start, end)


def _repeated(c: Checked, sex: bool = False) -> None:
    dates(c, "DOB")
    if sex:
        each(c, "SEX", _sex, TEXT)


def _upn(cell, field):
    upn = _text(cell)
    return None if upn is not None and upn.upper().startswith("UN") and len(upn) <= 3 else upn


def _upn_unknown(cell, field):
    upn = _text(cell)
    if upn is not None and upn.upper().startswith("UN") and len(upn) <= 3:
        return code(upn, "UPN", codes.UPN_UNKNOWN, "UPN unknown")
    return None


def header(c: Checked, cid, local, year_end: pa.Array) -> dict:
    dob = dates(c, "DOB")
    # plausible_birth: not after the year's end, nor more than 30 years before it
    c.mark(pc.fill_null(pc.greater(dob, year_end), False))
    c.mark(pc.fill_null(pc.less(pc.year(dob), pc.subtract(pc.year(year_end), 30)), False))
    return {"child_id": cid, "local_child_id": local, "upn": c.each("UPN", _upn, TEXT),
            "upn_unknown": c.each("UPN", _upn_unknown, TEXT), "sex": each(c, "SEX", _sex, TEXT), "dob": dob,
            "ethnicity": soft_code(c, "ETHNIC", codes.ETHNICITY, "ethnicity"),
            "mother": each(c, "MOTHER", flag, FLAG), "mc_dob": dates(c, "MC_DOB"),
            "uasc": each(c, "UASC", flag, FLAG), "uasc_ceased": dates(c, "DUC")}


def episode(c: Checked, cid, local, year_end) -> dict:
    start, end = dates(c, "DECOM", True), dates(c, "DEC")
    _ordered(c, start, end)
    return {"episode_id": joined(cid, start), "child_id": cid, "start_date": start,
            "rne": soft_code(c, "RNE", codes.RNE, "reason for new episode"),
            "legal_status": soft_code(c, "LS", codes.LEGAL_STATUS, "legal status"),
            "cin": soft_code(c, "CIN", codes.CATEGORY_OF_NEED, "category of need"),
            "placement": soft_code(c, "PLACE", codes.PLACEMENT, "placement type"),
            "provider": soft_code(c, "PLACE_PROVIDER", codes.PLACEMENT_PROVIDER, "placement provider"),
            "end_date": end, "reason_ceased": soft_code(c, "REC", codes.REASON_CEASED, "reason episode ceased"),
            "reason_place_change": soft_code(c, "REASON_PLACE_CHANGE", codes.REASON_PLACE_CHANGE,
                                             "reason for placement change"),
            "home_postcode": c.text("HOME_POST"), "placement_postcode": c.text("PL_POST"), "urn": c.text("URN")}


def review(c: Checked, cid, local, year_end) -> dict:
    _repeated(c)
    return {"child_id": cid, "review_date": dates(c, "REVIEW", True),
            "participation": soft_code(c, "REVIEW_CODE", codes.REVIEW_PARTICIPATION, "review participation")}


def _year_end(c: Checked, year_end: pa.Array) -> pa.Array:
    return c.required(year_end)


def outcome(c: Checked, cid, local, year_end) -> dict:
    _repeated(c)
    row = {"child_id": cid, "year_ending": _year_end(c, year_end),
           "sdq_score": each(c, "SDQ_SCORE", number, pa.int32(), 0, 40),
           "sdq_reason": soft_code(c, "SDQ_REASON", codes.SDQ_REASON, "SDQ reason")}
    for name in OC2_FLAGS:
        row[name.lower()] = each(c, name, flag, FLAG)
    return row


def care_leaver(c: Checked, cid, local, year_end) -> dict:
    _repeated(c)
    kind = each(c, "ACCOM", lambda text, field: _accommodation(text, field)[0], TEXT)
    suitable = each(c, "ACCOM", lambda text, field: _accommodation(text, field)[1], FLAG)
    return {"child_id": cid, "as_at": _year_end(c, year_end),
            "in_touch": soft_code(c, "IN_TOUCH", codes.IN_TOUCH, "care leaver in-touch"),
            "activity": soft_code(c, "ACTIV", codes.ACTIVITY, "care leaver activity"),
            "accommodation": kind, "accommodation_suitable": suitable}


def _la_perm(text, field):
    if text is not None and not (len(text) == 3 and text.isdigit()):
        return code(text, "LA_PERM", codes.LA_PERM_OTHER, "3-digit LA number or LA_PERM")
    return text


def previous_permanence(c: Checked, cid, local, year_end) -> dict:
    _repeated(c)
    return {"child_id": cid, "prev_perm": soft_code(c, "PREV_PERM", codes.PREV_PERM, "previous permanence"),
            "la_perm": each(c, "LA_PERM", _la_perm, TEXT), "date_perm": each(c, "DATE_PERM", _date_perm, DAY)}


def missing(c: Checked, cid, local, year_end) -> dict:
    _repeated(c)
    kind = c.required(soft_code(c, "MISSING", codes.MISSING_KIND, "missing or away"))
    start, end = dates(c, "MIS_START", True), dates(c, "MIS_END")
    _ordered(c, start, end)
    return {"missing_id": joined(cid, start, kind), "child_id": cid, "kind": kind, "start_date": start,
            "end_date": end}


def sw_episode(c: Checked, cid, local, year_end) -> dict:
    _repeated(c)
    sw_id = c.required(c.text("SW_ID"))
    start, end = dates(c, "SW_DECOM", True), dates(c, "SW_DEC")
    _ordered(c, start, end)
    return {"sw_episode_id": joined(cid, sw_id, start), "child_id": cid, "sw_id": sw_id, "start_date": start,
            "end_date": end, "reason": soft_code(c, "SW_REASON", codes.SW_REASON, "social worker change")}


def uasc(c: Checked, cid, local, year_end) -> dict:
    _repeated(c, sex=True)
    return {"child_id": cid, "local_child_id": local, "uasc": pa.array([True] * c.rows, FLAG),
            "uasc_ceased": dates(c, "DUC")}


def _adopters(text, field):
    adopters = code(text, field, codes.NUMBER_OF_ADOPTERS, "number of adopters")
    return int(adopters) if adopters else None


def ad1(c: Checked, cid, local, year_end) -> dict:
    _repeated(c)
    decision = dates(c, "DATE_INT", True)
    return {"adoption_id": joined(cid, decision), "child_id": cid, "decision_date": decision,
            "matched_date": dates(c, "DATE_MATCH"), "foster_care": each(c, "FOSTER_CARE", flag, FLAG),
            "number_of_adopters": each(c, "NB_ADOPTR", _adopters, pa.int32()),
            "sex_of_adopters": soft_code(c, "SEX_ADOPTR", codes.SEX_OF_ADOPTERS, "adopters' sex"),
            "adopters_legal_status": soft_code(c, "LS_ADOPTR", codes.ADOPTERS_LEGAL_STATUS, "adopters' legal status")}


def placed_adoption(c: Checked, cid, local, year_end) -> dict:
    _repeated(c)
    decision, reversed_date = dates(c, "DATE_PLACED", True), dates(c, "DATE_PLACED_CEASED")
    _ordered(c, decision, reversed_date)
    return {"adoption_id": joined(cid, decision), "child_id": cid, "decision_date": decision,
            "reversed_date": reversed_date,
            "reversed_reason": soft_code(c, "REASON_PLACED_CEASED", codes.REASON_NO_LONGER_PLACED,
                                         "reason no longer placed for adoption")}


def dolo(c: Checked, cid, local, year_end) -> dict:
    _repeated(c)
    start, end = dates(c, "DOLO_START", True), dates(c, "DOLO_END")
    _ordered(c, start, end)
    return {"dolo_id": joined(cid, start), "child_id": cid, "start_date": start, "end_date": end}


BUILDERS = {"UASC": uasc, "AD1": ad1, "PlacedAdoption": placed_adoption, "DoLo": dolo, "Header": header, "Episodes": episode, "Reviews": review, "OC2": outcome, "OC3": care_leaver,
            "PrevPerm": previous_permanence, "Missing": missing, "SWEpisodes": sw_episode}
