"""The care proceedings kind of local extract: the legal department's spreadsheet, as it keeps it.

Legal departments keep their own trackers (xlsx or CSV), not social care's returns, so this kind
accepts their layouts (docs/formats/local_extracts.md, "Care proceedings"):

* **One row per child** (the child's forename, surname, date of birth... in their own columns), or
  **one row per case naming several children**, in either of two layouts:

  - *column groups*: ``Child 1 Surname``, ``Child 1 First Name``, ``Child 1 DOB``, ``Child 2 ...``
    (also ``Surname Child 1``, ``Child1_DOB``; up to 9 children); a group's column overrides the
    row's own (a ``Surname`` column is the family's surname, a ``Child 2 Surname`` a half-sibling's);
  - *lists in a cell*: ``Amy; Ben; Cal`` in the forename column, ``04/03/2015; 05/06/2017;`` in the
    date of birth column, one value per child, **in the same order**, separated by ``;`` or a line
    break within the cell (Alt+Enter). A column holding one value gives it to every child (the
    siblings' surname, the order made for all of them). A column holding a different number of
    values than the children named (two dates of birth for three children) cannot be matched to
    them: the row is rejected, saying so.

  A full name in one column (``Child Name``, ``Child(ren)``) is split into forename and surname
  where the file has no separate columns: ``Amy Khan`` (the last word is the surname) or
  ``KHAN, Amy`` (before the comma).
* **Accounting**: each child a row names is one record: a row naming three children is three
  records read, each loaded or rejected on its own (``care proceedings row 12 child 2``), so rows
  read = loaded + rejected counts children. A row that cannot be split into children is one record,
  rejected. The load notes how many rows named several children.
* **Orders made together** (``SO + CAO``, ``SO & CAO``, ``Supervision Order and Child Arrangements
  Order``) are kept as written; :func:`carepath.analysis.proceedings.three_variable.order_kind`
  groups them.
* **Date styles**: besides the layouts every reader takes (``DD/MM/YYYY``, ``YYYY-MM-DD``, Excel's
  own dates), ``3 March 2024``, ``3rd Mar 2024``, ``03-Mar-24``, ``03.03.2024`` and an Excel day
  number (``45354``, a date cell formatted as a number: from 1 January 1955 to 31 December 2100).
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from carepath import codes
from carepath.model.ids import join
from carepath.sources.batch import RowError
from carepath.sources.fields import clean, parse_code, parse_date

if TYPE_CHECKING:  # the kinds module imports this one
    from carepath.sources.local_extract_kinds import Cells

REQUIRED = ("case_number", "application_date")
OPTIONAL = ("child_forename", "child_surname", "child_name", "child_dob", "child_sex", "social_care_id",
            "child_postcode", "court", "order_sought", "first_hearing_date", "final_order_date", "order_made")
ALIASES = {
    "case_number": ("Case No", "Case Number", "LA Case Ref", "Case Ref", "Case Reference", "Court Case Number",
                    "Court Ref", "Court Reference", "Legal Case Ref"),
    "child_forename": ("Child First Name", "Forename", "Forenames", "First Name", "First Names", "Given Name",
                       "Child Forename", "Child Forenames", "Child Given Name"),
    "child_surname": ("Child Last Name", "Surname", "Last Name", "Family Name", "Child Surname",
                      "Child Family Name"),
    "child_name": ("Child Name", "Child Names", "Childs Name", "Child's Name", "Children", "Child(ren)",
                   "Name of Child", "Names of Children", "Subject Child", "Subject Children", "Child Full Name",
                   "Full Name", "Name"),
    "child_dob": ("Child DOB", "Date of Birth", "DOB", "Birth Date", "Child Date of Birth", "D.O.B."),
    "child_postcode": ("Postcode", "Post Code", "Child Postcode"),
    "child_sex": ("Gender", "Sex", "Child Gender", "Child Sex"),
    "social_care_id": ("Child ID", "LAchildID", "Social Care ID", "CMS ID", "Mosaic ID", "LCS ID",
                       "Liquidlogic ID", "Child Social Care ID"),
    "application_date": ("Date of Issue", "Issue Date", "Date Issued", "Issued", "Date of Application",
                         "Application Issued", "Proceedings Issued", "Date Proceedings Issued"),
    "court": ("Court Name", "Family Court", "Court Centre"),
    "order_sought": ("Order Applied For", "Order Sought", "Application Type", "Order Applied"),
    "first_hearing_date": ("First Hearing", "First Hearing Date", "Date of First Hearing"),
    "final_order_date": ("Final Hearing", "Date of Final Order", "Final Order Date", "Date of Final Hearing",
                         "Date Concluded", "Concluded", "Conclusion Date", "Final Hearing Date"),
    "order_made": ("Outcome", "Final Order", "Order Made", "Orders Made", "Final Order Made", "Final Orders",
                   "Outcome of Proceedings", "Order(s) Made"),
}
CHILD_FIELDS = ("child_forename", "child_surname", "child_name", "child_dob", "child_sex", "social_care_id",
                "child_postcode", "order_sought", "final_order_date", "order_made")
"""The columns that can differ between the children of one case (column groups, or lists in a cell)."""
MAX_CHILDREN = 9
SEX_WORDS = {"male": "M", "female": "F", "unknown": "U", "boy": "M", "girl": "F", "not known": "U"}

_GROUP = (re.compile(r"^child(\d)(.+)$"), re.compile(r"^(.+?)child(\d)$"), re.compile(r"^(.+?)(\d)$"))
_LIST = re.compile(r"\s*(?:;|\r?\n)\s*")
_ORDINAL = re.compile(r"(?<=\d)(st|nd|rd|th)\b", re.IGNORECASE)
_MORE_FORMATS = ("%d %B %Y", "%d %b %Y", "%d-%b-%Y", "%d-%b-%y", "%d %b %y", "%d %B %y", "%d.%m.%y",
                 "%d-%m-%y", "%B %d %Y", "%d/%b/%Y")
_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_DAYS = ((date(1955, 1, 1) - _EXCEL_EPOCH).days, (date(2100, 12, 31) - _EXCEL_EPOCH).days)


def child_groups(header: list, lookup: dict[str, str], normalise) -> dict[int, tuple[int, str]]:
    """{column index: (child number, canonical column)} for headings such as ``Child 2 DOB``."""
    found = {}
    for index, heading in enumerate(header):
        name = normalise(str(heading or ""))
        if name in lookup:
            continue
        alone = re.fullmatch(r"child(\d)", name)  # "Child 1", "Child 2": a column of full names
        if alone and 1 <= int(alone.group(1)) <= MAX_CHILDREN:
            found[index] = (int(alone.group(1)), "child_name")
            continue
        for pattern in _GROUP:
            match = pattern.match(name)
            if not match:
                continue
            number, rest = (match.group(1), match.group(2)) if pattern is _GROUP[0] else (match.group(2),
                                                                                         match.group(1))
            column = lookup.get(rest) or lookup.get("child" + rest)
            if column in CHILD_FIELDS and 1 <= int(number) <= MAX_CHILDREN:
                found[index] = (int(number), column)
                break
    return found


def _values(text) -> list[str]:
    cleaned = clean(text)
    if cleaned is None:
        return []
    return [part.strip() for part in _LIST.split(cleaned)]


def children(values: dict[str, object], headings: dict[str, str],
             groups: dict[int, dict[str, object]]) -> list[tuple[int | None, dict[str, object]]]:
    """The children a row names: (child number of its column group or None, the row's own cells with
    the child's own) for each.

    ``groups`` holds the row's column groups: {child number: {column: cell}}; a group with every
    cell blank names no child."""
    named = [(number, {**values, **cells}) for number, cells in sorted(groups.items())
             if any(clean(v) is not None for v in cells.values())]
    if named:
        return named
    lists = {column: _values(values.get(column)) for column in CHILD_FIELDS if column in values}
    counts = {column: len(found) for column, found in lists.items() if len(found) > 1}
    if not counts:
        return [(None, values)]
    many = max(counts.values())
    widest = max(counts, key=counts.get)
    for column, found in lists.items():
        if len(found) not in (0, 1, many):
            raise RowError(headings.get(column, column), "children",
                           f"{headings.get(widest, widest)} names {many} children but {headings.get(column, column)} "
                           f"gives {len(found)} values ('{clean(values.get(column))}'): give one value per child, "
                           "in the same order, separated by ';' (or one value for them all)")
    return [(None, {**values, **{column: (found[i] if len(found) == many else found[0] if found else None)
                                  for column, found in lists.items()}}) for i in range(many)]


def legal_date(value, heading: str, required_: bool = False) -> date | None:
    """:func:`carepath.sources.fields.parse_date`, then the legal department's other date styles."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(int(value)) if float(value).is_integer() else str(value)
    try:
        return parse_date(value, heading, required_)
    except RowError as err:
        text = clean(value) or ""
        if text.isdigit() and _EXCEL_DAYS[0] <= int(text) <= _EXCEL_DAYS[1]:
            return _EXCEL_EPOCH + timedelta(days=int(text))
        plain = _ORDINAL.sub("", re.sub(r"[,]", " ", text)).strip()
        plain = re.sub(r"\s+", " ", plain)
        for fmt in _MORE_FORMATS:
            try:
                parsed = datetime.strptime(plain, fmt).date()
            except ValueError:
                continue
            if 1900 <= parsed.year <= 2100:
                return parsed
        if err.rule == "date":
            raise RowError(heading, "date", f"{heading} '{text}' is not a date; expected DD/MM/YYYY, YYYY-MM-DD "
                                            "or a date such as 3 March 2024", text) from None
        raise


def _split_name(full: str | None) -> tuple[str | None, str | None]:
    """(forename, surname) of 'Amy Khan' or 'KHAN, Amy'; a single word is a surname."""
    if not full:
        return None, None
    if "," in full:
        surname, _, forename = full.partition(",")
        return clean(forename), clean(surname)
    words = full.split()
    return (" ".join(words[:-1]) or None), words[-1]


def _proceeding_child(forename: str | None, dob: date | None, social_care_id: str | None) -> str | None:
    """Which child of a case a record is about, for the key: cases often name several children (siblings).

    The social care id where the legal file has it; else the forename's first letter and the date of
    birth (a typo corrected later in the forename keeps the key); None when the row has neither."""
    if social_care_id:
        return social_care_id
    initial = next((ch.lower() for ch in (forename or "") if ch.isalpha()), "")
    return (initial + (f"{dob:%Y%m%d}" if dob else "")) or None


def build(row: Cells) -> dict:
    """One child's proceeding from one child's cells (after :func:`children`)."""
    case = row.required("case_number")
    postcode = row.text("child_postcode")
    sex = row.text("child_sex")
    if sex is not None:
        sex = SEX_WORDS.get(sex.lower(), sex)
    forename, surname = row.text("child_forename"), row.text("child_surname")
    if forename is None and surname is None:
        forename, surname = _split_name(row.text("child_name"))
    dob = row.lenient(legal_date, row.values.get("child_dob"), row.heading("child_dob"))
    social_care_id = row.text("social_care_id")
    child = _proceeding_child(forename, dob, social_care_id)
    return {"proceeding_id": join(row.la_code, case, child) if child else join(row.la_code, case), "case_number": case,
            "child_forename": forename, "child_surname": surname,
            "child_dob": dob, "child_sex": parse_code(sex, row.heading("child_sex"), codes.SEX, "sex"),
            "social_care_id": social_care_id,
            "child_postcode": " ".join(postcode.upper().split()) if postcode else None,
            "application_date": legal_date(row.values.get("application_date"), row.heading("application_date"), True),
            "court": row.text("court"), "order_sought": row.text("order_sought"),
            "first_hearing_date": row.lenient(legal_date, row.values.get("first_hearing_date"),
                                              row.heading("first_hearing_date")),
            "final_order_date": legal_date(row.values.get("final_order_date"), row.heading("final_order_date")),
            "order_made": row.text("order_made")}


def each_child(row: Cells, groups: dict[int, dict[str, object]],
               group_headings: dict[int, dict[str, str]]) -> list[Cells]:
    """The row as one :class:`Cells` per child it names (raises RowError when they cannot be told apart);
    a column group's cells are named by the group's own headings (``Child 2 DOB``)."""
    return [replace(row, values=values, headings={**row.headings, **group_headings.get(number, {})},
                    lenient=type(row.lenient)())
            for number, values in children(row.values, row.headings, groups)]
