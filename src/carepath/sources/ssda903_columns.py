"""Reading an SSDA903 CSV a whole column at a time: every 903 table has a column-wise builder here.

Each builder is the column-wise twin of one in :mod:`carepath.sources.ssda903_rows`: it returns
the same row's values for every row as Arrow columns (the same names, so the date checks of
:mod:`carepath.sources.dating` see the same row), and marks ``slow`` each row the row builder
would reject or set a field aside from. The slow rows, the rows of another width, and rows
whose LA or YEAR is not plain (a name, an ONS code, a year that is not one) are read by
:meth:`carepath.sources.ssda903_csv.FileRows.read` at their place in the file, so a reject or a
field issue is always the row code's own. ``tests/sources/test_ssda903_columns.py`` reads
damaged files both ways and compares everything a load keeps.
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from carepath import codes
from carepath.sources.batch import RowError
from carepath.sources.columns import Cells, Checked, blank, joined
from carepath.sources.ssda903_fields import (
    code,
    day,
    flag,
    number,
    return_year,
    year_ending,
)
from carepath.sources.ssda903_rows import (
    OC2_FLAGS,
    _accommodation,
    _date_perm,
    _sex,
    year_label,
    year_start,
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
    return each(c, column, day, DAY, required)


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


def read(reading, cells: Cells) -> None:
    """Read a 903 CSV's rows (``reading``: its :class:`~carepath.sources.ssda903_csv.FileRows`) column-wise."""
    table = reading.table
    rows = len(cells.numbers)
    numbers = cells.numbers - (cells.header_number - 1)  # the 903 reader numbers the row after its header 2
    odd = [(number - (cells.header_number - 1), values) for number, values in cells.odd]
    values = {name: cells.columns[at] for name, at in zip(reading.names, reading.at)}
    checked = Checked(values, {}, rows)
    la = _plain_la(reading, checked, cells)
    year, year_end = _plain_year(reading, checked, cells)
    local = checked.required(checked.text("CHILD"))
    cid = pc.binary_join_element_wise(la, local, "/")
    columns = BUILDERS[table.name](checked, cid, local, year_end)
    checked.done()
    columns["la_code"] = la
    records = pa.table(columns)
    empty = _empty(reading, cells)
    slow = checked.slow & ~empty
    fast = np.flatnonzero(~checked.slow & ~empty)
    one_by_one = sorted([(int(numbers[at]), cells.row(at)) for at in np.flatnonzero(slow)] + odd,
                        key=lambda item: item[0])
    fast_numbers = numbers[fast]
    start = 0
    for row_number, row in one_by_one + [(None, None)]:
        end = len(fast) if row_number is None else int(np.searchsorted(fast_numbers, row_number))
        if end > start:
            _stage(reading, records, local, year, year_end, fast[start:end], fast_numbers[start:end], cells)
            start = end
        if row is not None:
            reading.read(row_number, row)


def _plain_la(reading, checked: Checked, cells: Cells) -> pa.Array:
    """Each row's LA where it is plain: the 3-digit number (and --la's, if given), or empty with --la (or
    no LA column). Anything else is resolved, or rejected, row by row."""
    if reading.la_at is None:
        return pa.array([reading.file_la] * checked.rows, pa.string())
    user = reading.user_la

    def plain(cell, field):
        text = cell.strip()
        if not text:
            if user is None:
                raise RowError("LA", "required", "no LA")
            return user
        if len(text) == 3 and text.isascii() and text.isdigit() and user in (None, text):
            return text
        raise RowError("LA", "code", "resolved row by row")
    checked.values["_LA"] = cells.columns[reading.la_at]
    return checked.each("_LA", plain, TEXT)


def _plain_year(reading, checked: Checked, cells: Cells) -> tuple[pa.Array, pa.Array]:
    """Each row's return year (its YEAR, else the file's) and the year's last day; a YEAR that is not a
    return year is rejected row by row."""
    if reading.year_at is None:
        year = reading.file_year
        return pa.array([year] * checked.rows, TEXT), pa.array([year_ending(year)] * checked.rows, DAY)

    def plain(cell, field):
        text = cell.strip()
        if not text:
            return reading.file_year
        found = return_year(text)
        if found is None:
            raise RowError("YEAR", "year", "rejected row by row")
        return found
    checked.values["_YEAR"] = cells.columns[reading.year_at]
    year = checked.each("_YEAR", plain, TEXT)
    ends = {y: year_ending(y) for y in pc.unique(year).to_pylist()}
    return year, pa.array([ends[y] for y in year.to_pylist()], DAY)


def _empty(reading, cells: Cells) -> np.ndarray:
    """Rows with nothing in the columns read, LA or YEAR (skipped, as the row reader skips them)."""
    empty = np.ones(len(cells.numbers), dtype=bool)
    for at in reading.at + [i for i in (reading.la_at, reading.year_at) if i is not None]:
        empty &= blank(cells.columns[at])
    return empty


def _stage(reading, records: pa.Table, local, year, year_end, at: np.ndarray, numbers: np.ndarray,
           cells: Cells) -> None:
    """Stage a run of rows that passed every check: counted, duplicates rejected, children implied, dates checked."""
    batch, table, target = reading.batch, reading.table, reading.target
    take = pa.array(at, pa.int64())
    block, local, year_end = records.take(take), local.take(take), year_end.take(take)
    labels = year.take(take).to_pylist()  # the return year as ssda903_rows.stage labels it (2024-25)
    batch.saw(target, len(at))
    if batch.la_code is None and reading.la_at is not None:  # the first row with an LA settles the file's
        batch.set_la(block.column("la_code")[0].as_py(), f"LA column, row {int(numbers[0])}")
    prefix = f"{table.name} row "

    def raw(position: int) -> str:
        cells_of = cells.row(int(at[position]))
        return "; ".join(f"{name}={cells_of[i].strip()}" for name, i in zip(reading.names, reading.at)
                         if cells_of[i].strip())
    refs = list(map(prefix.__add__, map(str, numbers.tolist())))
    kept = batch.add_block(target, block, refs, labels if any(labels) else None, raw)
    if len(kept) < block.num_rows:
        keep = pa.array(kept, pa.int64())
        block, local, year_end = block.take(keep), local.take(keep), year_end.take(keep)
        labels, refs = [labels[i] for i in kept], [refs[i] for i in kept]
    if target != "child":
        for cid, local_id in dict(zip(block.column("child_id").to_pylist(), local.to_pylist())).items():
            batch.imply_child(cid, local_id)
    if year_end.null_count < len(year_end):
        batch.dating.block(target, refs,
                           {name: block.column(name) for name in block.column_names}, year_end,
                           year_label, year_start)
    reading.years.update(y for y in set(labels) if y)
