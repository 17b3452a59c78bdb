"""Parsing one field of a source row, with a reason a performance officer can act on.

Each parser returns the value (or None for an empty field) and raises
:class:`~carepath.sources.batch.RowError` naming the field and the rule it breaks.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Mapping

from carepath.sources.batch import RowError

_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d/%m/%y", "%Y/%m/%d", "%d.%m.%Y")


def clean(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def required(value, field: str) -> str:
    text = clean(value)
    if text is None:
        raise RowError(field, "required", f"{field} is missing; it is required")
    return text


def _quick_date(text: str) -> date | None:
    """The two layouts returns use, without strptime (a third of a reader's time otherwise)."""
    if len(text) != 10:
        return None
    try:
        if text[4] == "-" and text[7] == "-":
            return date(int(text[:4]), int(text[5:7]), int(text[8:]))
        if text[2] == "/" and text[5] == "/":
            return date(int(text[6:]), int(text[3:5]), int(text[:2]))
    except ValueError:
        return None  # not a real day: the slow path says why
    return None


def parse_date(value, field: str, required_: bool = False) -> date | None:
    """ISO (2024-05-31), DD/MM/YYYY and the other common layouts; datetimes keep their date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = clean(value)
    if text is None:
        if required_:
            raise RowError(field, "required", f"{field} is missing; it is required")
        return None
    if len(text) > 10 and text[10] in "T ":  # 2024-05-31T00:00:00 or '31/05/2024 00:00'
        text = text[:10]
    quick = _quick_date(text)
    if quick is not None and 1900 <= quick.year <= 2100:
        return quick
    for fmt in _DATE_FORMATS:
        try:
            parsed = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if not 1900 <= parsed.year <= 2100:
            raise RowError(field, "date", f"{field} '{text}' is not a plausible date (year {parsed.year})", text)
        return parsed
    raise RowError(field, "date", f"{field} '{text}' is not a date; expected DD/MM/YYYY or YYYY-MM-DD", text)


_TRUE = {"true", "1", "y", "yes", "t"}
_FALSE = {"false", "0", "n", "no", "f"}


def parse_bool(value, field: str, required_: bool = False) -> bool | None:
    text = clean(value)
    if text is None:
        if required_:
            raise RowError(field, "required", f"{field} is missing; it is required (true or false)")
        return None
    lowered = text.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise RowError(field, "boolean", f"{field} '{text}' is not true/false (or 1/0, Y/N)")


def parse_int(value, field: str, low: int | None = None, high: int | None = None) -> int | None:
    text = clean(value)
    if text is None:
        return None
    try:
        number = int(float(text)) if "." in text else int(text)
    except ValueError:
        raise RowError(field, "number", f"{field} '{text}' is not a whole number") from None
    if (low is not None and number < low) or (high is not None and number > high):
        raise RowError(field, "range", f"{field} {number} is outside {low} to {high}")
    return number


def parse_code(value, field: str, codes: Mapping[str, str], list_name: str, required_: bool = False) -> str | None:
    text = clean(value)
    if text is None:
        if required_:
            raise RowError(field, "required", f"{field} is missing; it is required")
        return None
    if text in codes:
        return text
    upper = text.upper()
    if upper in codes:
        return upper
    shown = ", ".join(list(codes)[:12]) + (", ..." if len(codes) > 12 else "")
    article = "an" if list_name[:1].lower() in "aeiou" else "a"
    raise RowError(field, "code", f"{field} '{text}' is not {article} {list_name} code ({shown})")


EXPECTED_BIRTH_AHEAD = timedelta(days=305)  # about 10 months: a pregnancy is at most about 42 weeks
OLDEST_CHILD_YEARS = 30  # care leavers are supported to 25: a birth date earlier than this is a mistake


def plausible_birth(value: date | None, field: str, period_end: date | None, expected: bool = False) -> date | None:
    """A birth date checked against the last day of the period the file covers (``period_end``).

    * A date of birth may not be after ``period_end`` (an unborn child has an expected birth
      date instead), nor more than 30 years before it.
    * An expected birth date may be at most 305 days (about 10 months) after ``period_end``,
      and no more than two years (731 days) before it: an
      unborn child's record is updated once the child is born.

    Without ``period_end`` nothing is checked. Readers use this through a
    :class:`~carepath.sources.batch.Lenient`: an implausible birth date is set aside, the child kept.
    """
    if value is None or period_end is None:
        return value
    if expected:
        if value > period_end + EXPECTED_BIRTH_AHEAD:
            shown, end = _shown(value), _shown(period_end)
            raise RowError(field, "plausible", f"{field} {shown} is more than 10 months after {end}, the end of the "
                           "period the file covers: not a plausible expected birth date", value)
        if value < period_end - timedelta(days=731):
            shown, end = _shown(value), _shown(period_end)
            raise RowError(field, "plausible", f"{field} {shown} is more than two years before {end}, the end of the "
                           "period the file covers: an unborn child's record is updated once the child is born", value)
        return value
    if value > period_end:
        shown, end = _shown(value), _shown(period_end)
        raise RowError(field, "plausible", f"{field} {shown} is after {end}, the end of the period the file covers "
                       "(a child not yet born has an expected birth date instead)", value)
    if value.year < period_end.year - OLDEST_CHILD_YEARS:
        shown, end = _shown(value), _shown(period_end)
        raise RowError(field, "plausible", f"{field} {shown} is more than {OLDEST_CHILD_YEARS} years before {end}: "
                       "not a plausible birth date for a child or care leaver", value)
    return value


def _shown(day: date) -> str:
    return day.strftime("%d/%m/%Y")
