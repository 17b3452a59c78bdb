"""DfE's rounding: the one function every figure carepath shows or writes goes through.

The Department for Education rounds published percentages and rates **half up**: a figure whose
next digit is exactly 5 goes up (6.25% is published as 6.3%, 0.25% as 0.3%). DfE's children's
social care dashboard does it with ``true_round`` (add 0.5 and a little, then truncate), not with
R's or Python's ``round``, which round half to even (6.25 -> 6.2). carepath rounds with decimal
arithmetic, so that a binary float such as 6.25, 0.25 or 26.45 is rounded as the decimal it
stands for: the float's first 15 significant digits (all a double holds exactly) are read as a
decimal and rounded ``ROUND_HALF_UP`` (halves away from zero; DfE's figures are never negative).

Precision, per unit, as DfE publishes each (Children in need and Children looked after releases,
Department for Education, 2025; their data guidance states the rounding):

* percentages: 1 decimal place (children in need tables: re-referrals 22.6%);
* rates per 10,000 children: 1 decimal place (children in need tables: 635.8 per 10,000);
* percentages and rates of children looked after and care leavers: whole numbers, as the
  looked-after release publishes them (67 per 10,000 on 31 March 2025);
* days: whole days (the working days from S47 to ICPC, median 14);
* ratios (cases per practitioner): 1 decimal place, as the social work workforce release does;
* counts: whole numbers.

Only outputs round: the store keeps every figure unrounded, so sums and comparisons (direction
of travel, quartile bands, funnel limits) work on the exact value.
"""
from __future__ import annotations

import numbers
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

PLACES = {"count": 0, "percent": 1, "rate": 1, "days": 0, "ratio": 1}
# indicator groups whose figures DfE publishes in the looked-after release (whole numbers)
WHOLE_NUMBER_GROUPS = frozenset({"looked_after", "care_leavers"})


def places(unit: str, group: str | None = None) -> int:
    """Decimal places DfE publishes for a figure of this unit (and indicator group)."""
    if group in WHOLE_NUMBER_GROUPS and unit in ("percent", "rate"):
        return 0
    return PLACES.get(unit, 1)


def places_of(indicator) -> int:
    """Decimal places for an indicator of the catalogue."""
    return places(indicator.unit, getattr(indicator, "group", None))


def _decimal(value) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, numbers.Integral):
        return Decimal(int(value))
    if isinstance(value, numbers.Real):                 # float, numpy's floats
        try:
            found = Decimal(format(float(value), ".15g"))
        except (InvalidOperation, ValueError):
            return None
        return found if found.is_finite() else None
    return None


def round_decimal(value, digits: int) -> Decimal | None:
    """``value`` rounded half up to ``digits`` decimal places as a Decimal; None for non-numbers."""
    exact = _decimal(value)
    if exact is None:
        return None
    rounded = exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return abs(rounded) if rounded.is_zero() else rounded      # never "-0.0"


def round_half_up(value, digits: int = 1):
    """DfE's rounding of a number: an int for 0 places, else a float; anything else as it is.

    ``round_half_up(6.25, 1) == 6.3``, ``round_half_up(0.25, 1) == 0.3``, ``round_half_up(2.5, 0) == 3``.
    Text such as the suppression mark ``c`` and None pass through unchanged.
    """
    rounded = round_decimal(value, digits)
    if rounded is None:
        return value
    return int(rounded) if digits <= 0 else float(rounded)


def text(value, digits: int = 1, suffix: str = "") -> str:
    """The number as shown: rounded half up, with thousands separators and exactly ``digits`` places."""
    rounded = round_decimal(value, digits)
    if rounded is None:
        return "" if value is None else str(value)
    return f"{rounded:,.{max(digits, 0)}f}{suffix}"


def figure(value, unit: str, group: str | None = None):
    """An indicator's figure rounded to the precision DfE publishes for its unit (see :func:`places`)."""
    return round_half_up(value, places(unit, group))
