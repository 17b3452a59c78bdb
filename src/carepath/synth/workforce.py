"""Who held each case: services, localities and teams, workers who come and go, and allocations.

A child's journey is cut into case segments by stage: assessment (locality assessment team),
help and protection (locality safeguarding team, or the authority's disabled children's team),
care (after four months looked after, the locality children in care team; UASC from the start),
and leaving care (the leaving care team's personal advisers, to 21). Now and then a family moves
and the case moves to another locality's team mid-period. Teams are sized from the cases they
hold (the authority's caseload per FTE, allowing for vacancies). Each post is filled by a
sequence of permanent and agency workers, with vacancies between them, at the authority's
agency, vacancy and turnover rates. Cases are allocated, in time order, to the least loaded
worker in post; when a worker leaves their cases are reallocated (SW_REASON ``LEFTRL``), and
some cases are reallocated for other reasons.
"""
from __future__ import annotations

import heapq
import math
from bisect import bisect_right
from dataclasses import dataclass, field

from carepath.synth.params import stable_seed
from carepath.synth.population import BOYS, GIRLS, LOCALITY_NAMES, SURNAMES
from carepath.synth.records import Child
from carepath.synth.rng import FastRandom

SERVICES = {"Assessment": 15.0, "Safeguarding": 17.0, "Children in Care": 15.0, "Disabled Children": 20.0,
            "Care Leavers": 22.0}
LOCAL_SERVICES = ("Assessment", "Safeguarding", "Children in Care")


@dataclass(eq=False)
class Team:
    code: str
    name: str
    locality: str
    service: str
    establishment: int = 0


@dataclass(eq=False)
class Worker:
    code: str
    name: str
    team: str
    role: str
    agency: bool
    fte: float
    start: int
    end: int | None            # None: still in post at the end of the last year


@dataclass(order=True)
class Segment:
    start: int
    end: int
    child: Child = field(compare=False)
    service: str = field(compare=False)
    locality: int = field(compare=False)
    reason: str = field(compare=False, default="TSPROC")


@dataclass
class Allocation:
    child: Child
    worker: Worker
    team: Team
    start: int
    end: int | None
    reason: str


class Workforce:
    def __init__(self, sim):
        self.sim = sim
        self.p = sim.p
        self.rng = FastRandom(stable_seed("workforce", sim.p.seed))
        self.first = sim.window_start - 365
        self.last = sim.last_day
        self.teams: list[Team] = []
        self.workers: list[Worker] = []
        self.allocations: list[Allocation] = []
        self.by_child: dict[int, list[Allocation]] = {}
        self._starts: dict[int, list[int]] = {}

    def build(self) -> "Workforce":
        segments = self.segments()
        groups = self.make_teams(segments)
        for team in self.teams:
            self.staff(team)
        for team, team_segments in groups.items():
            self.allocate(team, team_segments)
        self.allocations.sort(key=lambda a: (a.child.n, a.start))
        for allocation in self.allocations:
            self.by_child.setdefault(allocation.child.n, []).append(allocation)
        self._starts = {n: [a.start for a in found] for n, found in self.by_child.items()}
        return self

    # -- case segments --------------------------------------------------------------------------
    def segments(self) -> list[Segment]:
        rng, sim = self.rng, self.sim
        found: list[Segment] = []

        def add(child, start, end, service, reason):
            start, end = max(start, self.first), min(end, self.last + 1)
            if end - start < 1:
                return
            locality = child.locality_on(start)
            if end - start > 300 and service != "Care Leavers" and rng.random() < 0.08:
                day = start + rng.randint(60, end - start - 30)
                sim.people.move(child, day)
                if child.locality_on(day) != locality:
                    found.append(Segment(start, day, child, service, locality, reason))
                    found.append(Segment(day, end, child, service, child.locality_on(day), "CHCHAN"))
                    return
            found.append(Segment(start, end, child, service, locality, reason))

        for child in sim.people.children:
            for episode in child.episodes:
                if episode.nfa or episode.closure < self.first or episode.referral > self.last:
                    continue
                authorised = min((a[1] for a in episode.assessments), default=episode.closure)
                assessed = min(max(authorised, episode.referral + 1), episode.closure)
                add(child, episode.referral, assessed, "Assessment", "TSPROC")
                home = "Disabled Children" if episode.need == "N2" else "Safeguarding"
                day = assessed
                for period in sorted((p for p in episode.periods if not p.short_break), key=lambda p: p.start):
                    if period.end <= day:
                        continue
                    in_care_team = max(day, period.start if child.uasc else min(period.end, period.start + 120))
                    add(child, day, in_care_team, home, "TSPROC")
                    add(child, in_care_team, period.end, "Children in Care", "TSPROC")
                    day = period.end
                add(child, day, episode.closure, home, "TSPROC")
            if child.leaver is not None:
                from carepath.synth.workdays import birthday
                add(child, child.leaver.left, birthday(child.dob, 21), "Care Leavers", "TSPROC")
        return found

    # -- teams and workers ---------------------------------------------------------------------
    def make_teams(self, segments: list[Segment]) -> dict[Team, list[Segment]]:
        span = self.last + 1 - self.first
        load: dict[tuple[str, int], float] = {}
        for seg in segments:
            key = (seg.service, seg.locality if seg.service in LOCAL_SERVICES else -1)
            load[key] = load.get(key, 0.0) + (seg.end - seg.start) / span
        localities = self.sim.people.localities
        keys = [("Front Door", -1)] + [(s, loc) for loc in range(localities) for s in LOCAL_SERVICES] + \
               [("Disabled Children", -1), ("Care Leavers", -1)]
        vacancy = self.p.vacancy_pct / 100
        per_key: dict[tuple[str, int], list[Team]] = {}
        for service, loc in keys:
            cases = load.get((service, loc), 0.0)
            caseload = SERVICES.get(service, 17.0) * self.p.caseload / 17.0
            fte = cases / caseload if service != "Front Door" else 2 + self.p.children / 40_000
            count = max(1, math.ceil(fte / 7))
            locality = LOCALITY_NAMES[loc] if loc >= 0 else ""
            teams = []
            for k in range(count):
                code = f"T{len(self.teams) + 1:02d}"
                label = {"Front Door": "Front Door (MASH)", "Disabled Children": "Disabled Children's Team",
                         "Care Leavers": "Leaving Care Team"}.get(service, f"{locality} {service} Team")
                name = label + (f" {k + 1}" if count > 1 else "")
                team = Team(code, name, locality, service,
                            max(2, math.ceil(fte / count / max(0.5, 1 - vacancy))))
                self.teams.append(team)
                teams.append(team)
            per_key[(service, loc)] = teams
        result: dict[Team, list[Segment]] = {t: [] for t in self.teams}
        for seg in segments:
            teams = per_key[(seg.service, seg.locality if seg.service in LOCAL_SERVICES else -1)]
            result[teams[seg.child.n % len(teams)]].append(seg)
        return result

    def staff(self, team: Team) -> None:
        """Fill the team's posts over time: permanent and agency workers, with gaps between them."""
        rng, p = self.rng, self.p
        agency, vacancy = p.agency_pct / 100, p.vacancy_pct / 100
        permanent_years, agency_years = 100 / max(p.turnover_pct, 1), 0.8
        # share of hires who are agency workers, so that agency workers are ``agency`` of FTE in post
        hires_agency = agency * permanent_years / (agency * permanent_years + (1 - agency) * agency_years)
        mean_tenure = hires_agency * agency_years + (1 - hires_agency) * permanent_years
        mean_gap = vacancy * mean_tenure / max(1e-6, 1 - vacancy)
        horizon = self.last + 1
        for post in range(team.establishment + 1):
            manager = post == 0
            day = self.first - int(rng.uniform(0, mean_tenure * 365.25)) if rng.random() > vacancy else \
                self.first + int(rng.expovariate(1 / max(mean_gap * 365.25, 1)))
            first_occupant = day < self.first
            while day < horizon:
                # whoever is in post at the start is agency at the in-post share; later hires at the hiring share
                is_agency = (not manager) and rng.random() < (agency if first_occupant else hires_agency)
                first_occupant = False
                tenure = rng.expovariate(1 / ((agency_years if is_agency else permanent_years) * 365.25))
                end = day + max(30, int(tenure))
                self.workers.append(self.worker(team, day, end if end < horizon else None, is_agency, manager))
                day = end + int(rng.expovariate(1 / max(mean_gap * 365.25, 1)))

    def worker(self, team: Team, start: int, end: int | None, agency: bool, manager: bool) -> Worker:
        rng = self.rng
        number = len(self.workers) + 1
        leaving = team.service == "Care Leavers" and not manager
        code = (f"PA{self.p.la_code}{number:04d}" if leaving else f"SW{self.p.la_code}{number:04d}")
        name = f"{rng.choice(BOYS + GIRLS)} {rng.choice(SURNAMES)}"
        role = "Team Manager" if manager else "Personal Adviser" if leaving else \
            rng.choice(("Social Worker", "Social Worker", "Senior Social Worker", "Advanced Practitioner"))
        fte = 1.0 if (agency or manager or rng.random() < 0.9) else 0.8
        return Worker(code, name, team.code, role, agency, fte, start, end)

    # -- allocation ----------------------------------------------------------------------------
    def allocate(self, team: Team, segments: list[Segment]) -> None:
        rng = self.rng
        staff = [w for w in self.workers if w.team == team.code]
        holders = [w for w in staff if w.role != "Team Manager"]
        managers = [w for w in staff if w.role == "Team Manager"]
        open_ends: dict[str, list[int]] = {w.code: [] for w in staff}
        queue = [(seg.start, i, seg, seg.reason) for i, seg in enumerate(segments)]
        heapq.heapify(queue)
        seq = len(queue)
        while queue:
            day, _, seg, reason = heapq.heappop(queue)
            active = [w for w in holders if w.start <= day and (w.end is None or w.end > day + 1)]
            if not active:
                active = [w for w in managers if w.start <= day and (w.end is None or w.end > day + 1)] or \
                    [min(staff, key=lambda w: abs(w.start - day))]
            best, best_load = None, None
            for w in active:
                ends = open_ends[w.code]
                while ends and ends[0] <= day:
                    heapq.heappop(ends)
                load = len(ends) / w.fte + rng.random() * 0.5
                if best_load is None or load < best_load:
                    best, best_load = w, load
            end, next_reason = seg.end, None
            if best.end is not None and best.end < end:
                end, next_reason = best.end, "LEFTRL"
            if end - day > 120 and rng.random() < 0.12:
                cut = day + rng.randint(30, end - day - 30)
                if cut < end:
                    end, next_reason = cut, rng.choice(("MANAGE", "MANAGE", "ABSENC", "ORGRST", "OTHERS"))
            end = max(end, day + 1)
            heapq.heappush(open_ends[best.code], end)
            self.allocations.append(Allocation(seg.child, best, team, day, end if end <= self.last else None,
                                               reason))
            if next_reason and end < seg.end:
                seq += 1
                heapq.heappush(queue, (end, seq, seg, next_reason))

    # -- lookups -------------------------------------------------------------------------------
    def on(self, child: Child, day: int) -> Allocation | None:
        found = self.by_child.get(child.n)
        if not found:
            return None
        i = bisect_right(self._starts[child.n], day) - 1
        if i < 0:
            return None
        allocation = found[i]
        if allocation.end is not None and allocation.end <= day:
            return None
        return allocation

    def sw_episodes(self, child: Child, s: int, e: int) -> list[tuple[str, int, int | None, str]]:
        """SSDA903 social worker episodes: the child's social workers whose allocation overlaps the year."""
        out = []
        for a in self.by_child.get(child.n, ()):
            if a.worker.code.startswith("SW") and a.start <= e and (a.end is None or a.end > s):
                out.append((a.worker.code, a.start, a.end, a.reason))
        return out
