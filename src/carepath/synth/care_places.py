"""Where a child in care lives: the placement timeline of a period, and its merge with legal statuses.

A placement is a dict: ``day`` it starts, ``place`` (PLACE code), ``provider``, ``post`` (placement
postcode), ``urn``, ``same_carer`` (the carer did not change, so the new episode is T or U), ``temp``
and ``reason`` (REASON_PLACE_CHANGE, written on the last episode of the placement when it ends).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from carepath.synth.records import CarePeriod
from carepath.synth.workdays import age_on, ordinal

if TYPE_CHECKING:
    from carepath.synth.care import Care

K3_FROM = ordinal(2025, 4, 1)   # the DfE rules (146) accept K3 from 2025-26; H5 until then
FOSTER = ("U1", "U2", "U3", "U4", "U5", "U6")
NO_URN = ("P1", "P2", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4")
IN_AREA = {"U": 0.75, "K2": 0.4, "H5": 0.6, "K3": 0.6, "A": 0.5, "R3": 0.5, "K1": 0.2, "S1": 0.3, "R5": 0.3,
           "P2": 0.7, "R1": 0.5, "R2": 0.6}
MOVE_REASONS = (("CARPL", 35), ("CREQB", 15), ("CREQO", 10), ("CHILD", 8), ("LAREQ", 5), ("STAND", 3),
                ("ALLEG", 2), ("CLOSE", 3), ("APPRR", 1), ("OTHER", 15))
TEMPORARY = (("T3", 5, 14, 40), ("T4", 2, 6, 35), ("T1", 3, 20, 15), ("T2", 5, 12, 10))


def _pick(rng, pairs):
    total = sum(p[-1] for p in pairs)
    u = rng.random() * total
    for pair in pairs:
        u -= pair[-1]
        if u < 0:
            return pair
    return pairs[-1]


def supported(day: int) -> str:
    return "K3" if day >= K3_FROM else "H5"


def placement_type(rng, age: int, day: int, first: bool, outcome: str) -> str:
    if age < 10:
        choices = [("U6", 68), ("U3", 17 if outcome != "sgo" else 45), ("U5", 4 if age < 2 else 0),
                   ("U2", 1 if age < 2 else 0), ("K2", 6 if age >= 6 else 0), ("S1", 1 if age >= 6 else 0)]
    elif age < 16:
        choices = [("U6", 50), ("U3", 10), ("K2", 32), ("R1", 1), ("K1", 0 if first else 1), ("S1", 2)]
    else:
        choices = [("U6", 22), ("U3", 5), ("K2", 25), (supported(day), 47)]
    return _pick(rng, [c for c in choices if c[1] > 0])[0]


def provider_for(rng, place: str) -> str:
    if place == "P1":
        return "PR0"
    if place in ("U1", "U2", "U3"):
        return "PR1" if rng.random() < 0.95 else "PR4"
    if place in ("U4", "U5", "U6"):
        return _pick(rng, (("PR1", 55), ("PR4", 40), ("PR5", 5)))[0]
    if place[0] == "A":
        return _pick(rng, (("PR1", 65), ("PR2", 15), ("PR5", 20)))[0]
    if place == "K1":
        return "PR1" if rng.random() < 0.15 else "PR2"
    if place in ("R2", "R5"):
        return "PR3"
    if place in ("H5", "K3", "P2"):
        return _pick(rng, (("PR1", 5), ("PR4", 70), ("PR5", 25)))[0]
    return _pick(rng, (("PR1", 10), ("PR4", 78), ("PR5", 12)))[0]


def plan_placements(care: "Care", period: CarePeriod, legal: list, end: int, age0: int) -> list[dict]:
    """The placements of one period, in order, none starting in its last week."""
    rng = care.rng
    child, start, outcome = period.child, period.start, period.outcome
    home = period.home_postcode
    placements: list[dict] = []

    def status_on(day: int) -> str:
        found = legal[0][1]
        for d, ls in legal:
            if d <= day:
                found = ls
        return found

    def new(day: int, place: str, same_as: dict | None = None, temp: bool = False) -> dict:
        if temp:  # temporary placements have a postcode but no provider or URN (rules 213, 222)
            placement = {"day": day, "place": place, "provider": None, "post": care_postcode(care, place, home),
                         "urn": None,
                         "same_carer": False, "temp": True, "reason": None}
        elif same_as is not None:
            placement = dict(same_as, day=day, place=place, same_carer=True, temp=temp, reason=None)
        else:
            provider = provider_for(rng, place)
            post = home if place == "P1" else care_postcode(care, place, home, provider)
            placement = {"day": day, "place": place, "provider": provider, "post": post,
                         "urn": None if place in NO_URN else care.urn_for(place, provider),
                         "same_carer": False, "temp": temp, "reason": None}
        if placements:
            placements[-1]["reason"] = None if (temp or placements[-1]["temp"]) else \
                (placements[-1]["reason"] or _pick(rng, MOVE_REASONS)[0])
        placements.append(placement)
        return placement

    def age_at(day: int) -> int:
        return age_on(child.dob, day) if day >= child.dob else 0

    if period.route == "remand" or outcome == "remand":
        first = "R5" if age0 >= 12 and rng.random() < 0.3 else ("K2" if rng.random() < 0.7 else "U6")
    elif child.uasc:
        first = supported(start) if age0 >= 16 and rng.random() < 0.6 else ("U6" if rng.random() < 0.75 else "K2")
    elif age0 == 0 and rng.random() < 0.1:
        first = "R3"
    else:
        first = placement_type(rng, age0, start, True, outcome)
    current = new(start, first)
    scheduled: list[tuple[int, str]] = []
    if first == "R3":
        scheduled.append((start + rng.randint(60, 120), "move"))
    if outcome == "long" and age0 < 14 and end - start > 540:
        scheduled.append((start + rng.randint(300, 720), "long-term"))
    if period.adoption and period.adoption["reversed"] is None:
        scheduled.append((period.adoption["placed"], "adoption"))
    if outcome == "home" and end - start > 60:
        day = end - rng.randint(30, 150)
        if day > start + 20 and status_on(day) in ("C1", "C2"):
            scheduled.append((day, "parents"))
    settled = False   # placed for adoption or with parents: no further moves
    day = start
    while True:
        age = age_at(day)
        rate = (1.1 if day - start < 90 else 0.45 if day - start < 365 else 0.2) * (1.5 if age >= 12 else 1.0)
        rate *= 1.3 if current["place"] == "K2" else 1.0
        move_day = day + max(7, int(rng.expovariate(rate / 365.25)))
        if current["place"] == "K1":
            move_day = min(move_day, day + rng.randint(30, 90))
        special = min(scheduled) if scheduled else None
        if special is not None and special[0] <= move_day:
            scheduled.remove(special)
            day, what = special
        else:
            day, what = move_day, "move"
        if day >= end - 7 or day <= current["day"]:
            if what == "adoption" and day < end:  # never lose the placement for adoption
                day = max(current["day"] + 1, day)
            else:
                if day >= end - 7:
                    break
                continue
        if settled and what in ("move", "long-term"):
            continue
        if what == "move":
            if current["place"] in FOSTER and rng.random() < 0.12 and day + 25 < end and not settled:
                kind, lo, hi, _ = _pick(rng, TEMPORARY)
                back = day + rng.randint(lo, hi)
                if not scheduled or min(scheduled)[0] > back + 1:
                    before = current
                    new(day, kind, temp=True)
                    current = new(back, before["place"], same_as=before)
                    current["same_carer"] = False
                    day = back
                    continue
            place = placement_type(rng, age_at(day), day, False, outcome)
            if place == current["place"] and place in FOSTER and rng.random() < 0.5:
                place = "U6" if place != "U6" else "U3"
            current = new(day, place)
        elif what == "long-term":
            if current["place"] in ("U6", "U3") and not current["temp"]:
                current["reason"] = "PLACE"
                current = new(day, "U4" if current["place"] == "U6" else "U1", same_as=current)
        elif what == "adoption":
            if current["place"] not in FOSTER:
                current = new(max(current["day"] + 1, day - 30), "U6")
                day = max(day, current["day"] + 1)
            with_carer = current["place"] in ("U5", "U2") or rng.random() < 0.25
            if with_carer:
                current["reason"] = "CARPL"
                current = new(day, "A5", same_as=current)
                current["provider"], current["urn"] = current["provider"], current["urn"]
                period.adoption["foster_care"] = 1
            else:
                current["reason"] = "CARPL"
                current = new(day, "A6")
            period.adoption["placed"] = day
            settled = True
        elif what == "parents":
            if status_on(day) in ("C1", "C2"):
                current["reason"] = "CARPL"
                current = new(day, "P1")
                settled = True
    return placements


def care_postcode(care: "Care", place: str, home: str | None, provider: str | None = None) -> str:
    """The placement's postcode: in the area or outside it, as often as placements of its kind are.

    The authority's own provision (PR1) other than foster care and adoption is in its own area (DfE
    rule 1015): such a placement drawn outside takes a postcode inside from the same draws.
    """
    key = "U" if place in FOSTER else "A" if place[0] == "A" else place
    inside = care.rng.random() < IN_AREA.get(key, 0.5)
    own = provider == "PR1" and key not in ("U", "A")
    for _ in range(5):
        post = care.people.postcode(None, outside=not (inside or own))
        if home is None or not inside or post.draw != home.draw:
            break
    if post == home:   # two draws, one real postcode: take its neighbour in the directory
        post = care.people.places.beside(post)
    return post


def merge(period: CarePeriod, legal: list, placements: list[dict], end: int, reason: str, need: str) -> list[list]:
    """Episodes: a new one whenever the legal status or the placement changes, X1 between them."""
    home = period.home_postcode
    days = sorted({d for d, _ in legal} | {p["day"] for p in placements})
    days = [d for d in days if period.start <= d < end]
    episodes: list[list] = []
    prev_ls = prev_pl = None
    li = pi = 0
    for day in days:
        while li + 1 < len(legal) and legal[li + 1][0] <= day:
            li += 1
        while pi + 1 < len(placements) and placements[pi + 1]["day"] <= day:
            pi += 1
        ls, pl = legal[li][1], placements[pi]
        if prev_pl is None:
            rne = "S"
        else:
            ls_changed, pl_changed = ls != prev_ls, pl is not prev_pl
            if not (ls_changed or pl_changed):
                continue
            if pl_changed:
                rne = ("U" if ls_changed else "T") if pl["same_carer"] else ("B" if ls_changed else "P")
                episodes[-1][8] = prev_pl["reason"]
            else:
                rne = "L"
            episodes[-1][6], episodes[-1][7] = day, "X1"
        episodes.append([day, rne, ls, need, pl["place"], pl["provider"], None, None, None,
                         home, pl["post"], pl["urn"]])
        prev_ls, prev_pl = ls, pl
    episodes[-1][6], episodes[-1][7] = end, reason
    return episodes
