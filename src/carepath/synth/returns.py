"""Return to care after leaving: the generator's explicit hazard, by the reason the child left.

A child who leaves care before 18 comes back into this authority's care only through this hazard
(the simulation never starts a second period of care any other way), so the Kaplan-Meier curve of
return to care on a synthetic authority estimates it, and truth.json carries it (``hazards``).

The hazard is constant within two pieces of time since leaving: the first 12 months, and after
(months are 30.4375 days). Each reason's two rates are set by the share returned by 12 and by 60
months, 1 - exp(-cumulative hazard), near the figures published for England:

* **Home** (E4A, E4B, E13): 20% by 12 months and 35% by 5 years. Goldacre, Hood, Jones, King and
  Wang, "Reunification and re-entry to care", British Journal of Social Work 52(8), 2022 (one in
  five re-entered after one year, over a third after six); Mc Grath-Lone, Dearden, Harron, Nasim
  and Gilbert, "Factors associated with re-entry to out-of-home care among children in England",
  Child Abuse & Neglect 63, 2017 (35.3% of 2008's leavers re-entered within five years).
* **Special guardianship** (E43 to E48) and **child arrangements orders** (E41): 1.2% by 12 months,
  5.9% by 5 years (the same hazard throughout; Mc Grath-Lone and colleagues, "Re-entry to out-of-home
  care among looked after children in England", ISPCAN congress 2016: 19 of 320 children who left
  by special guardianship re-entered within five years).
* **Adoption** (E11, E12): none (adopted children are never referred again in the generator).
* **Other endings** (independent living at 16 or 17, E5 and E6; other, E8; custody, E9 and E14):
  10% by 12 months, 20% by 5 years.
* Death (E2), transfer to another authority (E3), assessed as an adult (E15) and the endings at
  18 (E7, E17) have none.

A return is drawn when the period ends; it happens only if it falls at least two days before the
18th birthday, on the day drawn (rounded up to a whole day, at least one day after leaving).
"""
from __future__ import annotations

import math

DAYS_PER_MONTH = 30.4375
YEAR_DAYS = 12 * DAYS_PER_MONTH

# group: (reason codes, % returned by 12 months, % returned by 60 months)
RETURN_TO_CARE = {
    "home": (("E4A", "E4B", "E13"), 20.0, 35.0),
    "special_guardianship": (("E43", "E44", "E45", "E46", "E47", "E48"), 1.2, 5.9),
    "child_arrangements_order": (("E41",), 1.2, 5.9),
    "adoption": (("E11", "E12"), 0.0, 0.0),
    "other": (("E5", "E6", "E8", "E9", "E14"), 10.0, 20.0),
}
GROUP_OF = {code: group for group, (codes, _, _) in RETURN_TO_CARE.items() for code in codes}


def rates(group: str) -> tuple[float, float]:
    """(hazard per day in the first 12 months, hazard per day after) for a reason group."""
    _, by_12, by_60 = RETURN_TO_CARE[group]
    stay_12, stay_60 = 1 - by_12 / 100, 1 - by_60 / 100
    first = -math.log(stay_12) / YEAR_DAYS
    after = -math.log(stay_60 / stay_12) / (4 * YEAR_DAYS) if stay_60 > 0 else 0.0
    return first, after


def share_returned(group: str, months: float) -> float:
    """The share returned by ``months`` after leaving under the hazard (ignoring the 18th birthday)."""
    first, after = rates(group)
    days = months * DAYS_PER_MONTH
    cumulative = first * min(days, YEAR_DAYS) + after * max(0.0, days - YEAR_DAYS)
    return 1 - math.exp(-cumulative)


def draw_return(rng, reason: str, left: int, last_day: int) -> int | None:
    """The day the child comes back into care after leaving on ``left`` for ``reason``, or None
    (no return, or not before ``last_day``, two days before the 18th birthday)."""
    group = GROUP_OF.get(reason)
    if group is None:
        return None
    first, after = rates(group)
    if first <= 0:
        return None
    target = -math.log(1.0 - rng.random())          # an exponential(1) draw of cumulative hazard
    if target <= first * YEAR_DAYS:
        days = target / first
    elif after > 0:
        days = YEAR_DAYS + (target - first * YEAR_DAYS) / after
    else:
        return None
    day = left + max(1, math.ceil(days))
    return day if day <= last_day else None


def as_truth() -> dict:
    """The hazard as truth.json gives it."""
    return {"return_to_care": {group: {"reasons": list(codes), "returned_by_12_months_pct": by_12,
                                       "returned_by_60_months_pct": by_60,
                                       "per_day_first_12_months": rates(group)[0],
                                       "per_day_after_12_months": rates(group)[1]}
                               for group, (codes, by_12, by_60) in RETURN_TO_CARE.items()},
            "return_to_care_note": "constant hazards per day in the first 12 months (365.25 days) after leaving "
                                   "and after; share returned by t = 1 - exp(-cumulative hazard); a return "
                                   "happens only up to two days before the 18th birthday, on the day drawn "
                                   "(at least one day after leaving); no other way back into care exists"}
