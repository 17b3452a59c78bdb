"""Periods of care: how each starts and ends, its legal statuses and placements, as SSDA903 episodes.

A period's outcome (home, adoption, special guardianship, child arrangements order, long-term
care, leaving at 18, transfer) is drawn from the child's age and how care began; its length
from that outcome. Legal statuses follow the court route (police protection or EPO, then an
interim care order until the final hearing, then a care or placement order) or s20. Placements
follow the child's age, with moves (more in the first months), long-term fostering with the
same carer, temporary placements followed by a return, placement with parents before an order
is discharged, and placement for adoption. The two timelines are merged into episodes whose
reason for new episode (P, T, L, B, U) says what changed, contiguous with X1 between them.
Short breaks for disabled children are separate V3 (or V4) periods.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

from carepath.synth.care_details import add_details, seed_legacy
from carepath.synth.care_places import FOSTER, merge, plan_placements
from carepath.synth.records import CarePeriod, Child, Episode, Leaver
from carepath.synth.workdays import age_on, birthday

if TYPE_CHECKING:
    from carepath.synth.simulate import Simulation

OUTCOMES = {  # age band -> (outcome, weight)
    "infant": (("adoption", 30), ("sgo", 20), ("home", 25), ("long", 17), ("cao", 5), ("transfer", 3)),
    "young": (("adoption", 14), ("sgo", 20), ("home", 33), ("long", 25), ("cao", 5), ("transfer", 3)),
    "child": (("adoption", 2), ("sgo", 15), ("home", 40), ("long", 36), ("cao", 4), ("transfer", 3)),
    "teen": (("sgo", 4), ("home", 50), ("long", 40), ("cao", 2), ("transfer", 2), ("remand", 2)),
    "older": (("home", 30), ("age18", 65), ("transfer", 2), ("remand", 3)),
    "uasc": (("age18", 85), ("assessed_adult", 5), ("went_missing", 5), ("transfer", 5)),
}
MOVE_REASONS = (("CARPL", 35), ("CREQB", 15), ("CREQO", 10), ("CHILD", 8), ("LAREQ", 5), ("STAND", 3),
                ("ALLEG", 2), ("CLOSE", 3), ("APPRR", 1), ("PLACE", 3), ("OTHER", 15))


def _pick(rng, pairs):
    total = sum(w for _, w in pairs)
    u = rng.random() * total
    for value, weight in pairs:
        u -= weight
        if u < 0:
            return value
    return pairs[-1][0]


class Care:
    def __init__(self, sim: "Simulation"):
        self.sim = sim
        self.rng = sim.rng
        self.people = sim.people
        self.periods: list[CarePeriod] = []
        code = int(sim.p.la_code) if sim.p.la_code.isdigit() else 500
        self.urns = {"own_fostering": f"SC{400000 + code * 3:06d}", "own_adoption": f"SC{400001 + code * 3:06d}"}
        self._urn_seq = 100000 + code * 1000

    def urn(self) -> str:
        self._urn_seq += 1
        return f"SC{self._urn_seq % 1000000:06d}"

    # -- one period of care ------------------------------------------------------------------
    def period(self, child: Child, episode: Episode, start: int, route: str) -> CarePeriod:
        rng = self.rng
        start = max(start, child.dob + 1)
        if child.periods and child.periods[-1].end >= start:
            start = child.periods[-1].end + 1
        start = min(start, child.b18 - 2)
        age = max(0, age_on(child.dob, start)) if child.dob <= start else 0
        band = "uasc" if child.uasc else "infant" if age < 1 else "young" if age < 5 else \
            "child" if age < 10 else "teen" if age < 16 else "older"
        outcome = _pick(rng, OUTCOMES[band])
        period = CarePeriod(child, start, route)
        period.outcome = outcome
        period.home_postcode = None if child.uasc else child.postcode_on(start)
        need = episode.need if episode.need in {f"N{i}" for i in range(1, 9)} else "N1"
        legal = self.legal_route(period, route, age)
        end, reason = self.ending(period, legal, age)
        placements = plan_placements(self, period, legal, end, age)
        reason = self.final_reason(period, reason, placements[-1]["place"], end)
        period.legal = legal
        period.end, period.reason = end, reason
        period.episodes = merge(period, legal, placements, end, reason, need)
        child.periods.append(period)
        episode.periods.append(period)
        self.periods.append(period)
        child.adopted = child.adopted or reason in ("E11", "E12")
        add_details(self, period)
        return period

    def legal_route(self, period: CarePeriod, route: str, age: int) -> list[tuple[int, str]]:
        rng = self.rng
        start = period.start
        if route == "uasc" or period.child.uasc:
            return [(start, "V2")]
        if period.outcome == "remand":
            return [(start, "J1")]
        court = {"s47": 0.8, "cpp": 0.75, "cin": 0.2, "legacy": 0.6}.get(route, 0.5)
        if period.outcome in ("adoption",):
            court = 1.0
        legal = []
        day = start
        if route == "s47" and rng.random() < 0.5:
            if rng.random() < 0.6:
                legal.append((day, "L1"))
                day += rng.randint(1, 2)
            else:
                legal.append((day, "L2"))
                day += rng.randint(3, 8)
        if rng.random() < court:
            legal.append((day, "C1"))
        else:
            legal.append((day, "V2"))
            if period.outcome in ("long",) and rng.random() < 0.25:
                legal.append((day + rng.randint(30, 200), "C1"))
        return legal

    def final_hearing(self, from_day: int) -> int:
        return from_day + max(60, int(290 * math.exp(self.rng.gauss(0, 0.3))))

    def ending(self, period: CarePeriod, legal: list, age: int) -> tuple[int, str]:
        """When and why the period ends; adds the final order to ``legal`` where there is one."""
        rng, sim = self.rng, self.sim
        child, start, outcome = period.child, period.start, period.outcome
        scale = sim.p.care_length
        b18 = child.b18
        c1 = next((d for d, ls in legal if ls == "C1"), None)
        hearing = self.final_hearing(c1) if c1 is not None else None
        if outcome == "home":
            end = start + max(2, int((120 if age >= 10 else 230) * scale * math.exp(rng.gauss(0, 1.0))))
            if hearing is not None and end > hearing:
                legal.append((hearing, "C2"))
            reason = _pick(rng, (("E4A", 80), ("E4B", 8), ("E13", 12)))
        elif outcome in ("sgo", "cao"):
            end = hearing if hearing is not None else start + int(420 * scale * math.exp(rng.gauss(0, 0.35)))
            reason = "E41" if outcome == "cao" else ""
        elif outcome == "adoption":
            adoption = self.adoption_dates(start, hearing or self.final_hearing(start))
            period.adoption = adoption
            legal.append((adoption["placement_order"], "E1"))
            if adoption["reversed"] is not None:
                legal.append((adoption["reversed"] + rng.randint(20, 90), "C2"))
                period.outcome = outcome = "long"
                end, reason = b18, ""
            else:
                end, reason = adoption["order"], "E11" if rng.random() < 0.6 else "E12"
        elif outcome == "transfer":
            end, reason = start + rng.randint(20, 400), "E3"
        elif outcome == "remand":
            end = start + rng.randint(10, 90)
            reason = "E9" if rng.random() < 0.2 else "E14"
        elif outcome == "assessed_adult":
            end, reason = start + rng.randint(14, 120), "E15"
        elif outcome == "went_missing":
            end, reason = start + rng.randint(20, 300), "E8"
        else:  # long, age18
            end, reason = b18, ""
            if hearing is not None:
                legal.append((hearing, "C2"))
            if outcome == "long" and age < 10 and rng.random() < 0.45:
                end = start + int(3 * 365 * scale * math.exp(rng.gauss(0, 0.5)))
                period.outcome = outcome = "sgo"
                reason = ""
            elif rng.random() < 0.25:  # moves to independent living at 16 or 17
                end = max(start + 30, birthday(child.dob, 16) + rng.randint(120, 700))
                reason = "E5" if rng.random() < 0.8 else "E6"
        if hearing is not None:
            legal[:] = [(d, ls) for d, ls in legal if ls != "C2" or d < end]
        end = max(start + 1, min(end, b18))
        legal[:] = [(d, ls) for d, ls in legal if d < end]
        if end >= b18 and reason in ("", "E4A", "E4B", "E13", "E41", "E11", "E12", "E3"):
            reason = ""
        if period.adoption and reason not in ("E11", "E12") and period.adoption["reversed"] is None:
            period.adoption["reversed"] = max(period.adoption["decision"] + 1, end - rng.randint(1, 20))
            period.adoption["reason"] = "RD4"
        return end, reason

    def adoption_dates(self, start: int, hearing: int) -> dict:
        rng = self.rng
        decision = start + rng.randint(60, 200)
        placement_order = max(hearing, decision + 14)
        match = placement_order + rng.randint(40, 200)
        placed = match + rng.randint(7, 45)
        order = placed + rng.randint(100, 300)
        reversed_, reason = None, None
        if rng.random() < 0.1:
            reversed_ = placement_order + rng.randint(60, 400)
            reason = _pick(rng, (("RD1", 20), ("RD2", 15), ("RD3", 40), ("RD4", 25)))
        couple = rng.random() < 0.8
        if couple:
            sex = _pick(rng, (("MF", 85), ("MM", 7), ("FF", 8)))
            if sex == "MF":
                status = _pick(rng, (("L11", 80), ("L3", 20)))
            else:
                status = _pick(rng, (("L12", 40), ("L2", 40), ("L4", 20)))
        else:
            sex, status = ("F1" if rng.random() < 0.85 else "M1"), "L0"
        return {"decision": decision, "placement_order": placement_order, "match": match, "placed": placed,
                "order": order, "reversed": reversed_, "reason": reason, "foster_care": 0,
                "adopters": 2 if couple else 1, "sex": sex, "status": status}

    def final_reason(self, period: CarePeriod, reason: str, place: str, end: int) -> str:
        """The reason a period ends where it depends on the last placement: SGOs, and leaving at 18."""
        rng, child = self.rng, period.child
        if reason:
            return reason
        if period.outcome == "sgo" and end < child.b18:
            if place in ("U1", "U2", "U3"):
                return "E45"
            if place in FOSTER:
                return "E46" if rng.random() < 0.3 else "E47"
            return "E47" if rng.random() < 0.85 else "E48"
        if end >= child.b18:
            if child.disabilities and rng.random() < 0.3:
                return "E7"
            if place in FOSTER and rng.random() < 0.5:
                return "E17"
            return "E5" if rng.random() < 0.6 else "E8"
        return "E8"

    def urn_for(self, place: str, provider: str) -> str:
        """An Ofsted URN for the provider of a placement: own services have one each, others a pool."""
        if place in FOSTER and provider == "PR1":
            return self.urns["own_fostering"]
        if place[0] == "A" and provider == "PR1":
            return self.urns["own_adoption"]
        kind = "foster" if place in FOSTER else "adoption" if place[0] == "A" else place
        sizes = {"foster": 12, "adoption": 5, "K2": 60, "H5": 25, "K3": 25, "K1": 4, "S1": 6, "R3": 4, "P2": 8}
        if kind not in self.urns:
            self.urns[kind] = [self.urn() for _ in range(sizes.get(kind, 5))]
        pool = self.urns[kind]
        return self.rng.choice(pool)

    # -- short breaks ----------------------------------------------------------------------------
    def short_breaks(self, child: Child, episode: Episode, start: int, end: int) -> None:
        """A disabled child's short breaks while on a CIN plan: V3 periods of 2-4 nights (or one V4)."""
        rng = self.rng
        place = "K2" if rng.random() < 0.6 else "U6"
        provider = "PR1" if rng.random() < 0.6 else "PR4"
        urn = None   # no placement postcode or URN for short breaks (rules 214, 398)
        need = "N2"
        if child.n % 13 == 0:   # a few families' agreements are recorded as V4, never mixed with V3 (rule 426)
            first = max(start, child.dob + 365) + rng.randint(7, 60)
            last = min(end, first + rng.randint(90, 365), child.b18 - 1)
            if last - first >= 7 and (not child.periods or child.periods[-1].end < first):
                self._short_period(child, episode, first, last, "V4", place, provider, urn, need)
            return
        day = max(start, child.dob + 365) + rng.randint(7, 40)
        while day < end - 5 and day < child.b18 - 10:
            nights = rng.randint(2, 4)
            if child.periods and child.periods[-1].end >= day:
                day = child.periods[-1].end + 7
                continue
            self._short_period(child, episode, day, day + nights, "V3", place, provider, urn, need)
            day += nights + rng.randint(28, 60)

    def _short_period(self, child, episode, start, end, status, place, provider, urn, need) -> None:
        period = CarePeriod(child, start, "short break")
        period.short_break = True
        period.end, period.reason, period.outcome = end, "E4A", "home"
        period.legal = [(start, status)]
        period.episodes = [[start, "S", status, need, place, provider, end, "E4A", None, None, None, None]]
        child.periods.append(period)
        episode.periods.append(period)
        self.periods.append(period)

    # -- leaving care ----------------------------------------------------------------------------
    def maybe_leaver(self, period: CarePeriod) -> None:
        child = period.child
        if period.short_break or period.reason in ("E11", "E12", "E2", "E3", "E15", "E45", "E46", "E47", "E48",
                                                   "E41"):
            return
        if age_on(child.dob, period.end) < 16:
            return
        since_14 = period.end - max(period.start, birthday(child.dob, 14))
        if since_14 < 91:
            return
        returned = period.reason in ("E4A", "E4B", "E13") and self.rng.random() < 0.5
        child.leaver = Leaver(period.end, age_on(child.dob, period.end), child.uasc, returned)

    def seed_legacy(self) -> None:
        seed_legacy(self)
