"""Statutory visits, case supervision and monthly workforce snapshots, from the allocation history.

Visits follow each child's plan: children on a CP plan every 10 working days; children in need
every 4 weeks; children looked after within a week of each new placement, then every 6 weeks
in the first year and every 3 months after; care leavers every 8 weeks. The authority's share
of late visits come after a longer gap. Each visit is by the worker holding the case that day.
"""
from __future__ import annotations

from datetime import date

from carepath.synth.params import stable_seed
from carepath.synth.rng import FastRandom
from carepath.synth.workdays import add_months, age_on, birthday
from carepath.synth.workforce import Workforce


def plan_visits(wf: Workforce) -> list[tuple]:
    """(child, day, kind, seen, seen alone, worker code) for every visit in the years written."""
    sim = wf.sim
    rng = FastRandom(stable_seed("visits", sim.p.seed))
    cal = sim.cal
    first, last = sim.window_start - 183, sim.last_day
    late = sim.p.visits_late_pct / 100
    visits: list[tuple] = []

    def series(child, start, end, kind, gap, working=False, first_gap=None):
        day = start + (first_gap if first_gap is not None else gap)
        while day < end and day <= last:
            if day >= first and day >= child.dob:
                allocation = wf.on(child, day)
                seen = rng.random() < 0.97
                age = age_on(child.dob, day)
                alone = seen and age >= 4 and rng.random() < (0.65 if kind == "CP" else 0.55)
                visits.append((child, day, kind, seen, alone, allocation.worker.code if allocation else ""))
            step = gap if rng.random() >= late else int(gap * rng.uniform(1.2, 1.8)) + 1
            day = cal.add(day, step) if working else day + step

    for child in sim.people.children:
        for episode in child.episodes:
            if episode.nfa or episode.closure < first or episode.referral > last:
                continue
            for plan in episode.cp_plans:
                series(child, plan.start, plan.end, "CP", 10, working=True, first_gap=rng.randint(1, 5))
            for start, end in episode.cin_plans:
                series(child, start, end, "CIN", 28, first_gap=rng.randint(5, 20))
        for period in child.periods:
            if period.short_break or period.end < first or period.start > last:
                continue
            placements = [ep[0] for ep in period.episodes if ep[1] in ("S", "P", "B", "T", "U")]
            for i, begin in enumerate(placements):
                finish = placements[i + 1] if i + 1 < len(placements) else period.end
                first_year_end = period.start + 365
                series(child, begin, min(finish, max(begin + 1, first_year_end)), "CLA", 42,
                       first_gap=rng.randint(1, 7))
                if finish > first_year_end:
                    series(child, max(begin, first_year_end), finish, "CLA", 91, first_gap=rng.randint(20, 60))
        if child.leaver is not None:
            series(child, child.leaver.left, birthday(child.dob, 21), "CL", 56, first_gap=rng.randint(14, 56))
    visits.sort(key=lambda v: (v[0].n, v[1], v[2]))
    kept, seen = [], set()
    for visit in visits:
        if (visit[0].n, visit[1], visit[2]) not in seen:
            seen.add((visit[0].n, visit[1], visit[2]))
            kept.append(visit)
    return kept


def plan_supervision(wf: Workforce) -> list[tuple]:
    """(child, day, worker code): case supervision every 4 to 6 weeks while a case is allocated."""
    sim = wf.sim
    rng = FastRandom(stable_seed("supervision", sim.p.seed))
    first, last = sim.window_start, sim.last_day
    found = []
    for allocation in wf.allocations:
        if allocation.team.service == "Care Leavers":
            continue
        end = allocation.end if allocation.end is not None else last
        day = allocation.start + rng.randint(10, 30)
        while day < end:
            if first <= day <= last:
                found.append((allocation.child, sim.cal.next(day), allocation.worker.code))
            day += rng.randint(28, 45)
    found.sort(key=lambda s: (s[0].n, s[1], s[2]))
    kept, seen = [], set()
    for session in found:                   # one session per child per day (the extract's key)
        if (session[0].n, session[1]) not in seen:
            seen.add((session[0].n, session[1]))
            kept.append(session)
    return kept


AUDIT_GRADES = (("OUTSTANDING", 8), ("GOOD", 52), ("REQUIRES_IMPROVEMENT", 32), ("INADEQUATE", 8))


def plan_audits(wf: Workforce) -> list[tuple]:
    """(child, day, grade, auditor): about one allocated case in 25 audited each quarter, graded as
    case-file audits in an authority that requires improvement tend to be (about 60% good or better)."""
    sim = wf.sim
    rng = FastRandom(stable_seed("audits", sim.p.seed))
    first, last = sim.window_start, sim.last_day
    weights = [w for _, w in AUDIT_GRADES]
    found, seen = [], set()
    for allocation in wf.allocations:
        end = allocation.end if allocation.end is not None else last
        day = allocation.start + rng.randint(30, 120)
        while day < end and day <= last:
            if day >= first and rng.randint(1, 25) == 1 and (allocation.child.n, day) not in seen:
                seen.add((allocation.child.n, day))
                pick = rng.randint(1, sum(weights))
                grade = next(g for g, cumulative in zip((g for g, _ in AUDIT_GRADES),
                                                         _running(weights)) if pick <= cumulative)
                found.append((allocation.child, sim.cal.next(day), grade, "Quality assurance"))
            day += 91
    found.sort(key=lambda a: (a[0].n, a[1]))
    return found


def _running(values: list[int]) -> list[int]:
    total, out = 0, []
    for value in values:
        total += value
        out.append(total)
    return out


def month_ends(first: int, last: int) -> list[int]:
    out, day = [], date.fromordinal(first).replace(day=1).toordinal()
    while True:
        end = add_months(day, 1) - 1
        if end > last:
            return out
        if end >= first:
            out.append(end)
        day = add_months(day, 1)


def snapshots(wf: Workforce) -> list[tuple]:
    """(unit, month end, establishment, in post, agency, vacancies, leavers in the month, sickness days, cases)."""
    sim = wf.sim
    rng = FastRandom(stable_seed("workforce-snapshots", sim.p.seed))
    ends = month_ends(sim.window_start, sim.last_day)
    rows = []
    by_team = {t.code: [] for t in wf.teams}
    for worker in wf.workers:
        by_team[worker.team].append(worker)
    cases_by_team: dict[str, list[tuple[int, int]]] = {t.code: [] for t in wf.teams}
    for a in wf.allocations:
        cases_by_team[a.team.code].append((a.start, a.end if a.end is not None else sim.last_day + 1))
    totals = {end: [0.0] * 6 + [0] for end in ends}
    for team in wf.teams:
        staff, cases = by_team[team.code], cases_by_team[team.code]
        establishment = float(team.establishment + 1)
        for end in ends:
            start = add_months(end + 1, -1)
            in_post = [w for w in staff if w.start <= end and (w.end is None or w.end > end)]
            fte = sum(w.fte for w in in_post)
            agency = sum(w.fte for w in in_post if w.agency)
            leavers = sum(w.fte for w in staff if w.end is not None and start <= w.end <= end and not w.agency)
            sickness = round(sum(rng.expovariate(1 / 0.9) for _ in in_post), 1)
            held = sum(1 for a, b in cases if a <= end < b)
            vacancies = max(0.0, establishment - fte)
            row = [establishment, round(fte, 1), round(agency, 1), round(vacancies, 1), round(leavers, 1), sickness,
                   held]
            rows.append((team.code, end, *row))
            totals[end] = [x + y for x, y in zip(totals[end], row)]
    for end in ends:
        total = totals[end]
        rows.append(("LA", end, *[round(x, 1) for x in total[:6]], int(total[6])))
    return rows
