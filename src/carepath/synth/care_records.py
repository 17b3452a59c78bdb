"""Care records and education for the synthetic authority's looked-after children (local extracts).

What the key practices and the outcome tracker read and the statutory returns do not date: health
assessments (initial within about 20 working days of entering care, then every 6 months under 5
and every 12 from 5, mostly in time), dental checks (yearly), return home interviews offered after
most missing episodes (usually within 72 hours), pathway plans around the 16th birthday, and one
education row per school year for children of school age in care during it (attendance,
suspensions, permanent exclusion, key stage 2 and 4 results). The rates are illustrative, chosen
so that every practice has both kept and missed occasions; they are not published figures.
"""
from __future__ import annotations

from datetime import date

from carepath.synth.rng import FastRandom
from carepath.synth.workdays import age_on, birthday


def care_records(sim, seed: int) -> tuple[list, list]:
    """(care record rows (child, kind, day), education rows (child, year, attendance, suspensions,
    permanent, key stage, ks2 expected, attainment 8)) for children in care in the window."""
    rng, cal = FastRandom(seed ^ 0xCA8E), sim.cal
    first, last = sim.window_start, sim.last_day
    records, education = [], []
    for child in sim.people.children:
        periods = [p for p in child.periods if not p.short_break and p.end >= first and p.start <= last]
        for period in periods:
            end = min(period.end, last)                          # a period still open runs past the last day
            day = cal.add(period.start, rng.randint(5, 24))      # initial: mostly within 20 working days
            while day <= end:
                records.append((child, "Health assessment", day))
                if rng.random() < 0.8:
                    records.append((child, "Dental check", day + rng.randint(0, 60)))
                gap = 182 if age_on(child.dob, day) < 5 else 365
                day += gap - 20 + rng.randint(0, 35)              # a few days late now and then
            for kind, start, stop in period.missing:
                if kind == "M" and stop and stop <= end and rng.random() < 0.9:
                    records.append((child, "Return interview offered", stop + rng.randint(0, 5)))
            sixteen = birthday(child.dob, 16)
            if period.start <= sixteen <= end and rng.random() < 0.9:
                records.append((child, "Pathway plan", sixteen + rng.randint(-30, 110)))
        for year in range(date.fromordinal(first).year - 1, date.fromordinal(last).year):
            september, august = date(year, 9, 1).toordinal(), date(year + 1, 8, 31).toordinal()
            age = age_on(child.dob, september)                    # age at the start of the school year
            if september > last or not 5 <= age <= 15 or \
                    not any(p.start <= august and p.end >= september for p in periods):
                continue
            attendance = round(max(40.0, min(100.0, rng.gauss(90, 7))), 1)
            suspensions = 0 if rng.random() < 0.85 else rng.randint(1, 4)
            stage = 2 if age == 10 else 4 if age == 15 else None
            education.append((child, f"{year}-{(year + 1) % 100:02d}", attendance, suspensions, rng.random() < 0.003,
                              stage, (rng.random() < 0.37) if stage == 2 else None,
                              round(max(0.0, min(90.0, rng.gauss(22, 12))), 1) if stage == 4 else None))
    unique = {(c.id, kind, day): (c, kind, day) for c, kind, day in records if day <= last}
    return list(unique.values()), education
