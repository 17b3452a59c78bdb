"""Parsing the fields of an SSDA903 record, quickly, with reasons named in the return's own words.

Shared by :mod:`carepath.sources.ssda903_rows` (and so by both 903 readers). Dates are
``DD/MM/YYYY`` (``D/M/YYYY`` too, as spreadsheets write them) or ISO ``YYYY-MM-DD``, either
perhaps followed by a time (``31/05/2024 00:00``); nothing else, since a two-digit year or a
month-first date cannot be told apart from a mistake. A return of 27,000 children has a few
thousand distinct dates and hundreds of thousands of date fields, so parsed dates are cached by
their text. Flags are ``1``/``0`` (``1.0``/``0.0``, as a spreadsheet turns them, and the
true/false and Y/N words are accepted too).

This module also works out the return year: ``2024-25`` is the year ending 31 March 2025.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Mapping

from carepath.sources.batch import RowError
from carepath.sources.fields import parse_bool

_DATES: dict[str, date] = {}
_CACHE_LIMIT = 100_000


def _parse_day(text: str) -> date | None:
    core = text.partition(" ")[0]
    if "T" in core:
        core = core.partition("T")[0]
    if not core.isascii():
        return None
    parts = core.split("/")
    if len(parts) == 3:
        day_, month, year = parts
    else:
        parts = core.split("-")
        if len(parts) != 3 or len(parts[0]) != 4:
            return None
        year, month, day_ = parts
    if not (len(year) == 4 and 1 <= len(month) <= 2 and 1 <= len(day_) <= 2
            and year.isdigit() and month.isdigit() and day_.isdigit()):
        return None
    try:
        return date(int(year), int(month), int(day_))
    except ValueError:
        return None


def day(text: str | None, field: str, required: bool = False) -> date | None:
    """A date from DD/MM/YYYY or YYYY-MM-DD text; None for an empty field (unless required)."""
    if text is None:
        if required:
            raise RowError(field, "required", f"{field} is missing; it is required")
        return None
    value = _DATES.get(text)
    if value is not None:
        return value
    value = _parse_day(text)
    if value is None:
        raise RowError(field, "date", f"{field} '{text}' is not a date; expected DD/MM/YYYY or YYYY-MM-DD")
    if not 1900 <= value.year <= 2100:
        raise RowError(field, "date", f"{field} '{text}' is not a plausible date (year {value.year})")
    if len(_DATES) >= _CACHE_LIMIT:
        _DATES.clear()
    _DATES[text] = value
    return value


def not_before(start: date | None, end: date | None, fields: Mapping, start_name: str, end_name: str) -> None:
    """An end date (DEC, MIS_END...) may not be before its start date (DECOM, MIS_START...)."""
    if start is not None and end is not None and end < start:
        raise RowError(end_name, "order",
                       f"{end_name} {fields.get(end_name)} is before {start_name} {fields.get(start_name)}")


_FLAGS = {"1": True, "0": False, "1.0": True, "0.0": False}


def flag(text: str | None, field: str) -> bool | None:
    """A 1/0 flag (MOTHER, FOSTER_CARE, the OC2 health and offending flags, the XML UASC flag)."""
    if text is None:
        return None
    value = _FLAGS.get(text)
    if value is not None:
        return value
    try:
        return parse_bool(text, field)
    except RowError:
        raise RowError(field, "boolean", f"{field} '{text}' is not 1 (yes) or 0 (no)") from None


def number(text: str | None, field: str, low: int, high: int) -> int | None:
    """A whole number in a range (SDQ_SCORE 0-40); '12.0' is 12, '1.5' is not a whole number."""
    if text is None:
        return None
    digits = text[:-2] if text.endswith(".0") else text
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 6:
        raise RowError(field, "number", f"{field} '{text}' is not a whole number")
    value = int(digits)
    if not low <= value <= high:
        raise RowError(field, "range", f"{field} {value} is outside {low} to {high}")
    return value


def code(text: str | None, field: str, codes: Mapping[str, str], list_name: str) -> str | None:
    """A code from one of the lists in carepath.codes (case does not matter)."""
    if text is None or text in codes:
        return text
    upper = text.upper()
    if upper in codes:
        return upper
    shown = ", ".join(list(codes)[:12]) + (", ..." if len(codes) > 12 else "")
    article = "an" if list_name[0] in "aeiou" else "a"
    raise RowError(field, "code", f"{field} '{text}' is not {article} {list_name} code ({shown})")


# -- the return year ------------------------------------------------------------------------------
_PAIR = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_/ ]?((?:19|20)?\d\d)(?!\d)")
_SINGLE = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def _pair(first: str, second: str) -> str | None:
    start = int(first)
    if int(second) % 100 == (start + 1) % 100 and (len(second) == 2 or int(second) == start + 1):
        return f"{start}-{(start + 1) % 100:02d}"
    return None


def return_year(text: str | None) -> str | None:
    """'2024-25' from '2024-25', '2024/25', '2024_2025', '202425' or '2025' (the year ending 31 March 2025)."""
    if text is None:
        return None
    text = text.strip()
    if text.endswith(".0"):
        text = text[:-2]
    if len(text) == 4 and text.isdigit() and text[:2] in ("19", "20"):
        end = int(text)
        return f"{end - 1}-{end % 100:02d}"
    found = _PAIR.fullmatch(text)
    return _pair(found.group(1), found.group(2)) if found else None


def return_year_from_name(name: str) -> str | None:
    """The return year a file's name gives: 'episodes_2024_25.csv' and '2025-episodes.csv' are 2024-25.

    A pair of years (2024_25, 2024-2025) names the year it spans; a single year names the year
    that *ends* on 31 March of it, as DfE names its collections. A name with two different
    single years and no pair says nothing.
    """
    stem = name.rsplit(".", 1)[0]
    for found in _PAIR.finditer(stem):
        year = _pair(found.group(1), found.group(2))
        if year:
            return year
    singles = {m.group(1) for m in _SINGLE.finditer(stem)}
    if len(singles) == 1:
        return return_year(singles.pop())
    return None


def year_ending(year: str | None) -> date | None:
    """31 March at the end of a return year: '2024-25' gives 2025-03-31."""
    if year is None:
        return None
    return date(int(year[:4]) + 1, 3, 31)
