"""Reading one Annex A cell: dates as Excel stores them, and coded values as authorities type them.

Coded columns carry the code with the letter Ofsted's drop-down lists put before it and the
meaning after it: ``a) Male``, ``q) 6: Police``, ``a) 1A: Individual``, ``N1 - Abuse or neglect``,
``E1: Placement order``, ``a) Yes``. A value is read by dropping the drop-down letter
(``a)``, ``p1)``, ``zz)``), then taking the code before a ``:`` or ``-``; failing that, the rest
is compared with the code list's meanings (``Neglect``, ``Police``, ``White British``), then
with the list's extra words (``Y`` for ``YES``), then the first word is tried as a code
(``N1 Abuse or neglect``). Anything else is a :class:`~carepath.sources.batch.RowError` naming
the column and the codes allowed.

**Wording is matched tolerantly**, as people type it into free-text columns: case, punctuation
and spacing never matter (``YES.``, ``yes``, `` Yes ``, ``Child's`` and ``Childs``), and a Yes/No
answer may carry extra words after it (``Yes - CIN plan``, ``No, NFA``, ``Y (seen alone)``). A
Yes/No answer is read as:

* Yes: ``yes``, ``y``, ``true``, ``1``, or any of these followed by other words; ``seen`` or
  ``seen alone`` (for the child-seen columns).
* No: ``no``, ``n``, ``false``, ``0``, or any of these followed by other words; ``not`` followed by
  anything but the unknown phrases below (``Not seen``, ``Not required``); ``NFA`` and ``no
  further action``.
* Unknown (empty): ``unknown``, ``not known``, ``not recorded``, ``not stated``, ``n/a``, ``not
  applicable``, ``tbc``.

Anything else (``Maybe``) cannot be read, and is set aside as a field issue by the reader.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Mapping

from carepath.sources.batch import RowError
from carepath.sources.fields import clean, parse_date, parse_int

_DROPDOWN = re.compile(r"^\(?[a-z]{1,2}\d?\)\s*", re.I)
_CODE_THEN_MEANING = re.compile(r"^([^\s:]+)\s*(?::|\s[-\u2013\u2014])\s*\S")
_EXCEL_EPOCH = date(1899, 12, 30)

YES_NO_WORDS = {"yes": True, "y": True, "true": True, "1": True, "no": False, "n": False, "false": False, "0": False}
UNKNOWN_WORDS = {"unknown", "not known", "u", "not recorded", "not stated", "n/a", "na", "n a", "not applicable",
                 "tbc", "unknown not recorded"}
NO_PHRASES = {"nfa", "no further action", "n f a"}
_PUNCTUATION = re.compile(r"[^0-9a-z]+")
SEX_WORDS = {"male": "M", "m": "M", "female": "F", "f": "F", "not stated/recorded": "U", "not stated": "U",
             "not recorded": "U", "unknown": "U", "u": "U", "neither": "U", "indeterminate": "U",
             "1": "M", "2": "F", "0": "U", "9": "U"}
# values in the Allocated Team / Worker columns that mean nobody
NOBODY = re.compile(r"^(unallocated|not allocated|none|n/?a|-+|tba|tbc|no worker|vacant|awaiting allocation)$",
                    re.I)


def body(text: str) -> str:
    """'q) 6: Police' -> '6: Police'; 'a) Yes' -> 'Yes'."""
    return _DROPDOWN.sub("", text, count=1).strip()


def day(value, heading: str, required: bool = False) -> date | None:
    """A date cell: an Excel date, an Excel day number in a cell not formatted as a date, or text."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        if not 1900 <= value.year <= 2100:
            raise RowError(heading, "date", f"{heading} {value.isoformat()} is not a plausible date")
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value == int(value) and 1 <= value <= 73050:  # up to 2099-12-31
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise RowError(heading, "date", f"{heading} '{value}' is a number, not a date")
    return parse_date(value, heading, required_=required)


def wording(text: str) -> str:
    """'Yes - CIN plan.' -> 'yes cin plan': lower case, every run of punctuation or space one space."""
    return _PUNCTUATION.sub(" ", text.lower().replace("\u2019", "").replace("'", "")).strip()


def yes_no(value, heading: str) -> bool | None:
    """Yes/No however it is worded (see the module's notes); Unknown and blank are None."""
    if isinstance(value, bool):
        return value
    text = clean(value)
    if text is None:
        return None
    word = body(text).lower()
    if word in YES_NO_WORDS:
        return YES_NO_WORDS[word]
    if word in UNKNOWN_WORDS:
        return None
    said = wording(body(text))
    if said in UNKNOWN_WORDS or not said:
        return None
    if said in NO_PHRASES or said.startswith(("nfa ", "no further action")):
        return False
    first = said.split()[0]
    if first in YES_NO_WORDS:
        return YES_NO_WORDS[first]
    if first == "not":
        return False
    if said in ("seen", "seen alone", "child seen", "child seen alone"):
        return True
    raise RowError(heading, "yes/no", f"{heading} '{text}' is not Yes, No or Unknown", text)


def count(value, heading: str) -> int | None:
    return parse_int(value, heading, low=0)


def text(value) -> str | None:
    return clean(value)


def coded(value, heading: str, codes: Mapping[str, str], list_name: str,
          words: Mapping[str, str] | None = None) -> str | None:
    """The code a coded cell holds, in the code list's own spelling; None when blank."""
    raw = clean(value)
    if raw is None:
        return None
    rest = body(raw)
    by_upper = {code.upper(): code for code in codes}
    candidates = [rest]
    split = _CODE_THEN_MEANING.match(rest)
    if split:
        candidates.append(split.group(1))
    for candidate in candidates:
        found = by_upper.get(candidate.upper())
        if found is not None:
            return found
    lowered = rest.lower()
    said = wording(rest)
    for code, meaning in codes.items():
        if meaning.lower() == lowered or wording(meaning) == said:
            return code
    if words and (lowered in words or said in words):
        return words[lowered] if lowered in words else words[said]
    first = said.split()[0] if said else ""
    if first and first.upper() in by_upper and len(said.split()) > 1:
        return by_upper[first.upper()]
    shown = ", ".join(list(codes)[:12]) + (", ..." if len(codes) > 12 else "")
    raise RowError(heading, "code", f"{heading} '{raw}' is not a {list_name} code ({shown})", raw)


def sex(value, heading: str) -> str | None:
    """Gender as Annex A gives it (a) Male, b) Female, c) Not stated/recorded, d) Neither) as M, F or U."""
    raw = clean(value)
    if raw is None:
        return None
    found = SEX_WORDS.get(body(raw).lower())
    if found is None:
        found = SEX_WORDS.get(wording(body(raw)))
    if found is None:
        raise RowError(heading, "code", f"{heading} '{raw}' is not Male, Female, Not stated/recorded or Neither", raw)
    return found


def person(value) -> str | None:
    """An Allocated Team or Worker cell: the text, or None when it says nobody holds the case."""
    raw = clean(value)
    if raw is None or NOBODY.match(raw):
        return None
    return " ".join(raw.split())
