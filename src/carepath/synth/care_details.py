"""What else a period of care records: reviews, missing episodes, previous permanence, motherhood,
care leavers' circumstances at each birthday; and the children already in care before the simulation.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from carepath.synth.params import CARE_START_AGE, PRIMARY_NEED, Distribution
from carepath.synth.records import CarePeriod, Episode
from carepath.synth.workdays import age_on, birthday

if TYPE_CHECKING:
    from carepath.synth.care import Care

PARTICIPATION = (("PN1", 45), ("PN2", 12), ("PN3", 8), ("PN4", 5), ("PN5", 12), ("PN6", 8), ("PN7", 10))
ACTIVITY_17 = (("F2", 38), ("F1", 1), ("F4", 4), ("P4", 1), ("F5", 8), ("P5", 2), ("P2", 4), ("G4", 6),
               ("G5", 32), ("G6", 4))
ACTIVITY_19 = (("F1", 8), ("P1", 1), ("F2", 14), ("P2", 3), ("F4", 4), ("P4", 1), ("F5", 16), ("P5", 5),
               ("G4", 10), ("G5", 28), ("G6", 10))
ACCOMMODATION = (("Z", 20), ("U", 28), ("D", 18), ("B", 10), ("E", 6), ("K", 3), ("T", 4), ("S", 1), ("V", 1),
                 ("W", 1), ("X", 2), ("Y", 3), ("C", 3))


def _pick(rng, pairs):
    total = sum(w for _, w in pairs)
    u = rng.random() * total
    for value, weight in pairs:
        u -= weight
        if u < 0:
            return value
    return pairs[-1][0]


def add_details(care: "Care", period: CarePeriod) -> None:
    care.maybe_leaver(period)
    if period.child.leaver is not None and period.child.leaver.left == period.end:
        leaver_statuses(care, period)
    if period.end < care.sim.window_start - 400:
        return
    previous_permanence(care, period)
    if period.short_break:
        return
    reviews(care, period)
    missing(care, period)
    motherhood(care, period)


def reviews(care: "Care", period: CarePeriod) -> None:
    rng, cal, child = care.rng, care.sim.cal, period.child
    day = cal.add(period.start, rng.randint(10, 20) if rng.random() > 0.05 else rng.randint(21, 30))
    gap = (75, 92, 93, 110)
    while day < period.end:
        age = age_on(child.dob, day) if day >= child.dob else 0
        period.reviews.append((day, "PN0" if age < 4 else _pick(rng, PARTICIPATION)))
        lo, hi, late_lo, late_hi = gap
        late = rng.random() < 0.07
        day = cal.next(day + (rng.randint(late_lo, late_hi) if late else rng.randint(lo, hi)))
        gap = (160, 182, 183, 215)


def missing(care: "Care", period: CarePeriod) -> None:
    rng, child = care.rng, period.child
    first = max(period.start + 1, birthday(child.dob, 11))
    if first >= period.end - 2:
        return
    risky = any(e[4] in ("K2", "H5", "K3", "P2") for e in period.episodes)
    risk = 0.35 if risky else 0.15
    slice_start = first
    while slice_start < period.end - 2:
        slice_end = min(period.end - 2, slice_start + 365)
        if rng.random() < risk:
            count = 1 + min(15, int(rng.expovariate(1 / 3)))
            days = sorted(rng.randint(slice_start, max(slice_start, slice_end - 1)) for _ in range(count))
            last_end = -1
            for day in days:
                kind = "M" if rng.random() < 0.7 else "A"
                end = day + (rng.randint(0, 3) if kind == "M" else rng.randint(0, 1))
                if day <= last_end or end >= period.end - 1:
                    continue
                if year_of(day) != year_of(end):
                    continue
                period.missing.append((kind, day, end))
                last_end = end
        slice_start = slice_end + 1


def year_of(day: int) -> int:
    from datetime import date
    d = date.fromordinal(day)
    return d.year if d.month >= 4 else d.year - 1


def previous_permanence(care: "Care", period: CarePeriod) -> None:
    rng, child = care.rng, period.child
    code = _pick(rng, (("Z1", 89), ("P2", 5), ("P3", 3), ("P1", 3)))
    if code == "Z1":
        period.prev_perm = (code, None, None)
        return
    when = max(child.dob + 30, period.start - rng.randint(200, 2500))
    if when >= period.start:
        period.prev_perm = ("Z1", None, None)
        return
    la = rng.choice(("330", "886", "850", "919", "340", "925")) if rng.random() < 0.6 else "999"
    period.prev_perm = (code, la, when)


def motherhood(care: "Care", period: CarePeriod) -> None:
    rng, child = care.rng, period.child
    if child.sex != "F" or child.mc_dob is not None or period.short_break:
        return
    first = max(period.start + 1, birthday(child.dob, 14) + 180)
    if first < period.end - 30 and rng.random() < 0.05:
        child.mc_dob = rng.randint(first, period.end - 30)


def leaver_statuses(care: "Care", period: CarePeriod) -> None:
    """IN_TOUCH, ACTIV and ACCOM around each birthday from 17 to 21 after leaving care."""
    rng, child = care.rng, period.child
    leaver = child.leaver
    for age in range(17, 22):
        day = birthday(child.dob, age)
        if day <= leaver.left:
            continue
        if leaver.returned_home and day >= leaver.left + 183:
            leaver.statuses[age] = ("RHOM", "0", "0")
            continue
        touch = "YES" if age < 19 else _pick(rng, (("YES", 88), ("NO", 5), ("REFU", 3), ("NREQ", 4)))
        if age >= 19 and touch == "YES" and rng.random() < 0.03:
            touch = "NO"
        if touch != "YES":
            leaver.statuses[age] = (touch, "0", "0")
            continue
        activity = _pick(rng, ACTIVITY_17 if age < 19 else ACTIVITY_19)
        letter = _pick(rng, ACCOMMODATION)
        if age < 18 and letter in ("Z", "T"):
            letter = "D"
        suitable = "2" if letter in ("S", "X") else "1" if rng.random() < (0.9 if letter not in ("V", "W") else 0.2) \
            else "2"   # no fixed abode and custody are never suitable (rule 133)
        leaver.statuses[age] = ("YES", activity, letter + suitable)


def seed_legacy(care: "Care") -> None:
    """Children who came into care in the 18 years before the simulation starts and are still in care
    when it starts, or are care leavers young enough to appear in the returns: a care-only history."""
    sim, rng = care.sim, care.rng
    p = sim.p
    ages = Distribution.of(CARE_START_AGE)
    needs = Distribution.of(PRIMARY_NEED)
    first = sim.first_day
    begin = first - int(18 * 365.25)
    per_day = p.cla_starts_per_10k * p.children / 10_000 / 365.25
    uasc_share = min(0.5, sim.prob["uasc_per_10k"] / max(p.cla_starts_per_10k, 1e-9))
    starts = sim.nprng.poisson(per_day, first - begin)
    for offset, count in enumerate(starts.tolist()):
        day = begin + offset
        for _ in range(count):
            uasc = rng.random() < uasc_share
            age = 15 + (rng.random() < 0.6) + (rng.random() < 0.3) if uasc else ages.draw(rng.random())
            dob = day - int(age * 365.25) - rng.randint(0, 364)
            child = sim.people.new_child(dob, day, uasc)
            if child.b18 <= day + 30:
                sim.people.children.pop()
                continue
            episode = Episode(child, max(dob - 100, day - rng.randint(0, 40)), "6" if uasc else "2A")
            episode.need = "N8" if uasc else needs.draw(rng.random())
            if episode.need in ("N0", "N9"):
                episode.need = "N1"
            episode.uasc = uasc
            made = len(care.periods)
            period = care.period(child, episode, day, "uasc" if uasc else "legacy")
            young_leaver = child.leaver is not None and birthday(child.dob, 22) >= sim.window_start
            if period.end < first and not young_leaver:
                del care.periods[made:]
                sim.people.children.pop()
                continue
            authorised = episode.referral + rng.randint(5, 40)
            episode.assessments.append((episode.referral, authorised, ("9A",) if uasc else ("16A",), True))
            child.episodes.append(episode)
            sim.episodes.append(episode)
            sim.after_care(episode, period, authorised)
            child.last_referral = episode.referral
            sim.opened(child, episode.closure)
