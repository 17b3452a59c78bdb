"""Children's journeys: referrals arriving day by day, and each episode of need simulated to its closure.

Referrals arrive as a Poisson process (weekdays busier, August and December quieter) at the
authority's rate per 10,000 children. Each referral is given a child so that the share of
re-referrals comes out at the authority's rate by construction: a re-referral goes to a child
whose previous referral was within the last 12 months and whose case is closed; any other
referral goes to a child last referred more than 12 months ago, or to a child new to the
authority. (A child is never referred while a case is open.)

Each episode is then decided in one pass, in the DfE's order: NFA; else an assessment (its
length drawn from the published C2 bands); an S47 enquiry or not; an ICPC (its timing drawn from
the C4 bands), a CP plan starting on the day of the ICPC, with reviews; CIN plans, which never
overlap a CP plan; and periods of care (:mod:`carepath.synth.care`). The closure reason follows
from how the episode ended. The branch probabilities come from
:meth:`carepath.synth.params.AuthorityParams.derived`.

Before the first year the simulation runs ``history_years`` more, and children who were already
in care for longer are seeded from a care-only simulation of the 18 years before (``legacy``),
so the first year starts with realistic open cases, stocks and care leavers.

A child who has left care comes back into care only through the explicit return-to-care hazard
of :mod:`carepath.synth.returns`, drawn when the period ends: within the episode if it is still
open then (its CIN plan cut short), else as a new referral on the day drawn. Referrals and
episodes that would otherwise have started a second period of care do not.
"""
from __future__ import annotations

import heapq
import math

import numpy as np

from carepath.synth.care import Care
from carepath.synth.params import (ABUSE_CATEGORY, ASSESSMENT_BANDS, CPP_LENGTH_MONTHS, ICPC_BANDS,
                                   ICPC_LATE_BANDS, PRIMARY_NEED, REFERRAL_AGE, REFERRAL_SOURCE, AuthorityParams,
                                   Distribution, stable_seed)
from carepath.synth.population import People, children_0_17, population_table
from carepath.synth.records import Child, CPPlan, Episode
from carepath.synth.returns import draw_return
from carepath.synth.rng import FastRandom
from carepath.synth.workdays import WorkingDays, birthday, ordinal, year_end, year_start

_WEEKDAY = (1.2, 1.25, 1.25, 1.2, 1.1, 0.12, 0.06)
_MONTH = (1.0, 1.0, 1.05, 0.95, 1.05, 1.05, 1.05, 0.8, 1.0, 1.1, 1.1, 0.85)   # January ... December
FACTORS = {  # assessment factors and how often each is found at an assessment of a child in need (%)
    "3B": 14, "3C": 10, "3A": 6, "4B": 30, "4A": 10, "2B": 15, "1B": 13, "16A": 17, "17A": 16, "18C": 10,
    "18B": 2, "19C": 3.5, "19B": 1.5, "14A": 5, "15A": 4.5, "10A": 3, "11A": 2, "24A": 2.5, "13A": 1.5,
    "5A": 3, "5B": 3, "6A": 4, "6B": 6, "7A": 2, "20": 10, "2A": 3, "1A": 1.5, "22A": 0.2, "23A": 0.3,
    "12A": 0.3, "8E": 0.3,
}
RC9_FROM = ordinal(2022, 4, 1)     # RC9 and referral source 5D exist from the 2022-23 census


def year_start_of(day: int) -> int:
    """The year (2024 for 2024-25) of the return a day falls in."""
    from datetime import date
    d = date.fromordinal(day)
    return d.year if d.month >= 4 else d.year - 1


class Simulation:
    """One authority's children and everything that happened to them."""

    def __init__(self, params: AuthorityParams):
        self.p = params
        self.prob = params.derived()
        self.rng = FastRandom(params.seed)
        self.return_rng = FastRandom(stable_seed("return to care", params.seed))
        self.returns: list[tuple[int, int, Child]] = []     # (day, sequence, child): returns to care to come
        self.nprng = np.random.default_rng(params.seed)
        self.first_day = year_start(params.first_year - params.history_years)
        self.window_start = year_start(params.first_year)
        self.last_day = year_end(params.last_year)
        self.cal = WorkingDays(params.first_year - params.history_years - 20, params.last_year + 25)
        self.people = People(params, self.rng)
        mid_years = list(range(params.first_year - params.history_years - 1, params.last_year + 1))
        self.population = population_table(params, mid_years)
        self.children_by_year = {y: children_0_17(self.population, y) for y in mid_years}
        self.episodes: list[Episode] = []
        self.care = Care(self)
        self.sources = Distribution.of(REFERRAL_SOURCE)
        self.sources_before_5d = Distribution.of(REFERRAL_SOURCE, {"5D": 0.0, "5B": 2.0})
        self.needs = Distribution.of(PRIMARY_NEED)
        self.categories = Distribution.of(ABUSE_CATEGORY)
        self.ages = Distribution.of(REFERRAL_AGE)
        within = params.assessments_within_45_pct / 100
        on_time = sum(w for _, _, w in ASSESSMENT_BANDS)
        self.assessment_bands = Distribution.of([((lo, hi), w / on_time * within) for lo, hi, w in ASSESSMENT_BANDS]
                                                + [((46, 46), 1 - within)])
        icpc_in = params.icpc_within_15_pct / 100
        self.icpc_bands = Distribution.of([((lo, hi), w / 58_670 * icpc_in) for lo, hi, w in ICPC_BANDS]
                                          + [((lo, hi), w / 13_420 * (1 - icpc_in)) for lo, hi, w in ICPC_LATE_BANDS])
        self.cpp_lengths = Distribution.of([((lo, hi), w) for lo, hi, w in CPP_LENGTH_MONTHS])
        self.factor_codes = list(FACTORS)
        self.factor_weights = [FACTORS[c] / 100 for c in self.factor_codes]
        # running counts for the repeat-plan share (plans topped up with a plan in another authority)
        self.plans_started = 0
        self.plans_repeat_here = 0
        self.open_cases: list[tuple[int, int, Child]] = []
        self.recent: list[Child] = []
        self.older: list[Child] = []
        self._seq = 0

    # -- arrivals -----------------------------------------------------------------------------
    def children_in(self, day: int) -> int:
        """0-17 population for a day's return year: the mid-year estimate of the year it starts in."""
        from datetime import date
        d = date.fromordinal(day)
        start_year = d.year if d.month >= 4 else d.year - 1
        return self.children_by_year.get(start_year, self.p.children)

    def arrivals(self, per_10k: float) -> np.ndarray:
        """How many referrals arrive on each day from ``first_day`` to ``last_day``."""
        from datetime import date
        days = np.arange(self.first_day, self.last_day + 1)
        weights = np.empty(len(days))
        people = np.empty(len(days))
        for i, day in enumerate(days.tolist()):
            d = date.fromordinal(day)
            w = _WEEKDAY[d.weekday()] * _MONTH[d.month - 1]
            if d.weekday() < 5 and not self.cal.is_working(day):
                w = 0.15
            weights[i] = w
            people[i] = self.children_in(day)
        weights *= len(days) / weights.sum()
        return self.nprng.poisson(per_10k * people / 10_000 / 365.25 * weights)

    def run(self) -> "Simulation":
        self.care.seed_legacy()
        others = self.arrivals(self.prob["other_per_10k"])
        uasc = self.arrivals(self.prob["uasc_per_10k"])
        while self.returns and self.returns[0][0] < self.first_day:   # long before the returns begin
            heapq.heappop(self.returns)[2].pending_return = None
        for offset in range(len(others)):
            day = self.first_day + offset
            self.release(day)
            while self.returns and self.returns[0][0] == day:
                self.return_to_care(heapq.heappop(self.returns)[2], day)
            for _ in range(int(others[offset])):
                self.referral(day, uasc=False)
            for _ in range(int(uasc[offset])):
                self.referral(day, uasc=True)
        return self

    # -- choosing the child -------------------------------------------------------------------
    def opened(self, child: Child, closure: int) -> None:
        child.open = True
        self._seq += 1
        heapq.heappush(self.open_cases, (closure, self._seq, child))

    def release(self, day: int) -> None:
        while self.open_cases and self.open_cases[0][0] < day:
            _, _, child = heapq.heappop(self.open_cases)
            child.open = False
            (self.recent if child.last_referral >= day - 360 else self.older).append(child)

    def _take(self, pool: list[Child], i: int) -> Child:
        pool[i], pool[-1] = pool[-1], pool[i]
        return pool.pop()

    def pick(self, day: int, recent: bool) -> Child | None:
        pool = self.recent if recent else self.older
        for _ in range(12):
            if not pool:
                return None
            i = self.rng.randrange(len(pool))
            child = pool[i]
            if child.open or child.b18 - day < 45 or child.uasc or child.adopted or child.pending_return:
                self._take(pool, i)          # reopened, grown up, a UASC (not re-referred here), or returning
                continue
            if recent:
                if child.last_referral < day - 370:
                    self.older.append(self._take(pool, i))
                    continue
                if child.last_referral < day - 360:
                    continue
            elif child.last_referral >= day - 370:
                continue
            return self._take(pool, i)
        return None

    def new_child(self, day: int, uasc: bool) -> Child:
        rng = self.rng
        if uasc:
            age = 14 + (rng.random() < 0.8) + (rng.random() < 0.6) + (rng.random() < 0.3)
        else:
            age = self.ages.draw(rng.random())
        if age < 0:
            dob = day + rng.randint(40, 170)
        else:
            dob = day - int(age * 365.25) - rng.randint(0, 364)
        if birthday(dob, 18) - day < 60:   # too close to 18 to be referred: a little younger
            dob += day + 60 - birthday(dob, 18)
        return self.people.new_child(dob, day, uasc)

    def referral(self, day: int, uasc: bool) -> None:
        rng = self.rng
        child = None
        rereferral = False
        if not uasc:
            if rng.random() < self.p.rereferral_pct / 100:
                child = self.pick(day, recent=True)
                rereferral = child is not None
            elif rng.random() < 0.3:
                child = self.pick(day, recent=False)
        if child is None:
            child = self.new_child(day, uasc)
        if child.b18 - day < 45:
            return
        episode = self.episode(child, day, uasc)
        episode.rereferral = rereferral
        self.opened(child, episode.closure)

    # -- the episode --------------------------------------------------------------------------
    def episode(self, child: Child, day: int, uasc: bool) -> Episode:
        rng, cal, prob = self.rng, self.cal, self.prob
        sources = self.sources if day >= RC9_FROM else self.sources_before_5d
        source = rng.choice(("7", "6", "8")) if uasc else sources.draw(rng.random())
        episode = Episode(child, day, source)
        episode.uasc = uasc
        child.episodes.append(episode)
        child.last_referral = day
        self.episodes.append(episode)
        if not uasc and rng.random() < prob["p_nfa"]:
            episode.nfa, episode.closure, episode.reason = True, day, "RC7"
            return episode
        episode.need = "N8" if uasc else ("N2" if child.disabilities and rng.random() < 0.6
                                          else self.needs.draw(rng.random()))
        start = cal.add(day, self._small_delay())
        lo, hi = self.assessment_bands.draw(rng.random())
        length = rng.randint(lo, hi) if hi < 46 else 46 + int(rng.expovariate(1 / 14))
        last = self.end_of_life(child)
        authorised = min(cal.add(start, length), last)
        start = min(start, authorised)
        if uasc:
            episode.assessments.append((start, authorised, ("9A",) + self.factors(1), True))
            period = self.care.period(child, episode, cal.next(day + rng.randint(0, 2)), "uasc")
            return self.after_care(episode, period, authorised)
        if rng.random() < prob["p_s47"] and last - day > 90:
            episode.assessments.append((start, authorised, self.factors(), True))
            return self.enquiry(episode, authorised)
        if rng.random() < prob["p_not_in_need"]:
            factors = ("21",) if rng.random() < 0.3 else self.factors(2)
            episode.assessments.append((start, authorised, factors, False))
            episode.closure = min(last, authorised + rng.randint(0, 5))
            if year_start_of(episode.closure) != year_start_of(authorised):
                episode.closure = authorised   # closed the day it was authorised, in the same census year
            episode.reason = "RC9" if (episode.closure >= RC9_FROM and rng.random() < 0.4) else "RC8"
            return episode
        episode.assessments.append((start, authorised, self.factors(), True))
        return self.in_need(episode, authorised, allow_care=True)

    def _small_delay(self) -> int:
        u = self.rng.random()
        return 0 if u < 0.45 else 1 if u < 0.7 else 2 if u < 0.82 else self.rng.randint(3, 6)

    def end_of_life(self, child: Child) -> int:
        """The last day an episode of need can stay open: the child's 18th birthday."""
        return child.b18

    def factors(self, most: int = 5) -> tuple[str, ...]:
        found = [c for c, w in zip(self.factor_codes, self.factor_weights) if self.rng.random() < w]
        if not found:
            found = [self.rng.choice(("4B", "3B", "16A", "17A", "20"))]
        return tuple(found[:most])

    def enquiry(self, episode: Episode, authorised: int) -> Episode:
        """A section 47 enquiry: an ICPC and perhaps a CP plan, or an emergency start in care, or CIN."""
        rng, cal, prob = self.rng, self.cal, self.prob
        day = episode.referral
        s47_start = min(cal.add(day, self._small_delay() if rng.random() < 0.85 else rng.randint(4, 30)), authorised)
        target = cal.add(s47_start, 15)
        if rng.random() < prob["p_icpc"]:
            lo, hi = self.icpc_bands.draw(rng.random())
            icpc = cal.add(s47_start, rng.randint(lo, hi))
            episode.s47s.append((s47_start, target, icpc, False))
            if rng.random() < prob["p_cpp"]:
                return self.protection(episode, icpc, authorised)
            return self.in_need(episode, max(authorised, icpc), allow_care=True)
        episode.s47s.append((s47_start, target, None, True))
        if rng.random() < prob["p_care_s47"] and self.may_enter_care(episode.child):
            period = self.care.period(episode.child, episode, s47_start + rng.randint(0, 1), "s47")
            return self.after_care(episode, period, authorised)
        return self.in_need(episode, authorised, allow_care=True)

    def in_need(self, episode: Episode, from_day: int, allow_care: bool) -> Episode:
        """Services as a child in need: usually a CIN plan; perhaps care; then closure."""
        rng = self.rng
        child = episode.child
        last = self.end_of_life(child)
        disabled = episode.need == "N2"
        plan = rng.random() < 0.85
        start = min(last, from_day + rng.randint(0, 10))
        median = (520 if disabled else 145) * self.p.plan_length
        length = max(14, int(median * math.exp(rng.gauss(0, 0.75))))
        end = min(last, start + (length if plan else length // 3))
        if allow_care and rng.random() < self.prob["p_care_cin"] and self.may_enter_care(child):
            care_day = start + int((end - start) * rng.random() * 0.8)
            if plan and care_day > start:
                episode.cin_plans.append([start, care_day])
            period = self.care.period(child, episode, max(care_day, from_day + 1), "cin")
            return self.after_care(episode, period, from_day)
        if plan and end > start:
            episode.cin_plans.append([start, end])
            if disabled and rng.random() < 0.3:
                self.care.short_breaks(child, episode, start, end)
        episode.closure = max(end, from_day)
        episode.reason = self._closure_reason(child, episode.closure)
        return episode

    def _closure_reason(self, child: Child, closure: int) -> str:
        if closure >= child.b18 - 40:
            return "RC6" if (child.disabilities and self.rng.random() < 0.5) else "RC7"
        u = self.rng.random()
        return "RC5" if u < 0.04 else "RC3" if u < 0.06 else "RC7"

    def protection(self, episode: Episode, start: int, authorised: int) -> Episode:
        """A CP plan from the ICPC, with reviews; then care, a CIN plan, or closure."""
        rng, cal = self.rng, self.cal
        child = episode.child
        last = self.end_of_life(child)
        if episode.cin_plans and episode.cin_plans[-1][1] > start:
            episode.cin_plans[-1][1] = start
        lo, hi = self.cpp_lengths.draw(rng.random())
        length = int(rng.uniform(lo, hi) * 30.44 * self.p.plan_length)
        wanted_end = min(last - 1, start + max(length, 20))
        reviews = []
        due = start + 90
        review = start
        while True:
            late = rng.random() < 0.08
            review = cal.next(due - rng.randint(0, 20) if not late else due + rng.randint(3, 30))
            if review <= start:
                review = cal.add(start, 1)
            if review >= wanted_end:
                break
            reviews.append(review)
            due = review + 182
        end = min(max(cal.next(wanted_end), cal.add(start, 1)), last)
        previous = child.cp_plans + child.cp_elsewhere
        self.plans_started += 1
        if child.cp_plans:
            self.plans_repeat_here += 1
        elif previous == 0:
            here = self.plans_repeat_here / self.plans_started
            target = self.p.repeat_cpp_pct / 100
            if rng.random() < max(0.0, (target - here) / max(1e-9, 1 - here)):
                child.cp_elsewhere = 1
                previous = 1
        child.cp_plans += 1
        initial = self.categories.draw(rng.random())
        latest = initial if rng.random() < 0.85 else self.categories.draw(rng.random())
        plan = CPPlan(start, end, initial, latest, previous, reviews)
        episode.cp_plans.append(plan)
        if rng.random() < self.prob["p_care_cpp"] and self.may_enter_care(child):
            care_day = start + 20 + int((end - start - 20) * rng.random()) if end - start > 25 else end
            plan.end = max(care_day, cal.add(start, 1), child.dob + 1)
            plan.reviews = [r for r in reviews if r < plan.end]
            period = self.care.period(child, episode, plan.end, "cpp")
            return self.after_care(episode, period, authorised)
        plan.reviews.append(end)
        if rng.random() < 0.55 and end < last - 30:
            length = max(20, int(120 * self.p.plan_length * math.exp(rng.gauss(0, 0.6))))
            close = min(last, end + length)
            episode.cin_plans.append([end, close])
        else:
            close = min(last, end + rng.randint(0, 20))
        episode.closure = max(close, authorised)
        episode.reason = self._closure_reason(child, episode.closure)
        return episode

    def may_enter_care(self, child: Child) -> bool:
        """A first period of care only: a child who has left care comes back by :meth:`return_to_care`."""
        return not any(not p.short_break for p in child.periods)

    def after_care(self, episode: Episode, period, authorised: int) -> Episode:
        """Close the episode when care ends: adopted, SGO, CAO, grown up; or stay open for a while.
        A return to care drawn for the period (:mod:`carepath.synth.returns`) happens in the episode
        if it is still open then, else on a new referral that day."""
        rng = self.rng
        child = episode.child
        last = self.end_of_life(child)
        end, reason = period.end, period.reason
        back = draw_return(self.return_rng, reason, end, child.b18 - 2) if end < child.b18 - 2 else None
        closing = {"E11": "RC1", "E12": "RC1", "E45": "RC4", "E46": "RC4", "E47": "RC4", "E48": "RC4",
                   "E41": "RC3", "E3": "RC5", "E7": "RC6"}
        plan = None
        if reason in closing:
            closure = max(end, authorised)
        elif reason in ("E4A", "E4B", "E13") and end < last - 60 and rng.random() < 0.5:
            length = max(30, int(150 * self.p.plan_length * math.exp(rng.gauss(0, 0.6))))
            plan = [end, min(last, end + length)]
            closure = max(plan[1], authorised)
        else:
            closure = max(min(last, end + rng.randint(0, 14)), authorised, end)
        if back is not None and back <= closure:          # back into care while the case is open
            if plan is not None:
                episode.cin_plans.append([end, back])
            return self.after_care(episode, self.care.period(child, episode, back, "return"), authorised)
        if plan is not None:
            episode.cin_plans.append(plan)
        if back is not None:
            child.pending_return = back
            self._seq += 1
            heapq.heappush(self.returns, (back, self._seq, child))
        episode.closure = closure
        episode.reason = closing.get(reason) or self._closure_reason(child, closure)
        return episode

    def return_to_care(self, child: Child, day: int) -> None:
        """A child who left care comes back on the day drawn: a referral that day, care the same day."""
        rng = self.rng
        child.pending_return = None
        source = self.sources.draw(rng.random()) if day >= RC9_FROM else self.sources_before_5d.draw(rng.random())
        episode = Episode(child, day, source)
        episode.returning = True
        previous = next((e.need for e in reversed(child.episodes) if e.need), None)
        episode.need = previous if previous in {f"N{i}" for i in range(1, 9)} else "N1"
        child.episodes.append(episode)
        child.last_referral = day
        self.episodes.append(episode)
        authorised = min(self.cal.add(day, rng.randint(3, 30)), child.b18)
        episode.assessments.append((day, authorised, self.factors(), True))
        period = self.care.period(child, episode, day, "return")
        self.after_care(episode, period, authorised)
        self.opened(child, episode.closure)


