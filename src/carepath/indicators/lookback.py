"""How far back before its period an indicator reads: the ``lookback`` of its metadata header.

``12 months`` (``2 years``) is counted back from the period's first day for a flow and from the
day after its last day for a snapshot; ``... before the period start`` or ``... before the period
end`` says so where a figure differs. ``ever`` is a whole childhood, 18 years; ``none`` (or no
``lookback`` at all) reads only the period. :func:`reaches_back` finds the queries that read
records from before their period, each of which must declare its look-back (the catalogue test).
"""
from __future__ import annotations

import re

from carepath.errors import CarepathError

EVER_MONTHS = 18 * 12  # "ever": a child's whole life before the period
_LOOKBACK = re.compile(r"^(?:(none)|(ever)|(\d+)\s+(months?|years?))(?:\s+before\s+the\s+period\s+(start|end))?$")


class LookbackError(CarepathError):
    pass


def parse_lookback(text: str) -> tuple[int, str | None]:
    """``"24 months"`` -> (24, None); ``"1 year before the period end"`` -> (12, 'period_end');
    ``"ever"`` -> (216, None); ``"none"`` or ``""`` -> (0, None)."""
    match = _LOOKBACK.match(" ".join(str(text or "none").lower().split()))
    if not match:
        raise LookbackError(f"lookback '{text}' is not 'none', 'ever', 'N months' or 'N years' "
                            "(optionally '... before the period start|end')")
    none, ever, number, unit, anchor = match.groups()
    months = 0 if none else EVER_MONTHS if ever else int(number) * (12 if unit.startswith("year") else 1)
    return months, (f"period_{anchor}" if anchor else None)


# What in a query reads records from before its period: a date moved back by an interval, the
# previous record of a child (lag, previous_*), or another record of the child dated earlier.
_REACHES_BACK = re.compile(
    r"-\s*INTERVAL\b|\blag\s*\(|\bprevious_\w+|\w\.(?:start_date|referral_date)\s*<\s*\w\.(?:start_date|referral_date)",
    re.I)


def reaches_back(sql: str) -> bool:
    """Does this query read records dated before its period (see :data:`_REACHES_BACK`)?"""
    return bool(_REACHES_BACK.search(re.sub(r"--[^\n]*", "", sql)))
