"""The records around social care: contacts at the front door, early help, SEND requests and EHE.

Every referral was first a contact; more contacts never become referrals (about children open
to social care already, children known before, and children new to the authority). Early help
follows some contacts and some closures (RC9), and comes before referrals from early help (5D).
Requests for an EHC needs assessment, and children electively home educated, are mostly about
children social care never meets. Children these records need are made here, after the journeys.
"""
from __future__ import annotations

import math

from carepath.synth.params import REFERRAL_AGE, REFERRAL_SOURCE, Distribution, stable_seed
from carepath.synth.records import Child
from carepath.synth.rng import FastRandom
from carepath.synth.workdays import year_end, year_start

ORGANISATIONS = ("Early Help Service", "School", "Health visiting team", "Voluntary sector", "Family Hub")
EHE_REASONS = ("Philosophical or preferential", "Mental health", "Dissatisfaction with school", "Health reasons",
               "Special educational needs", "Bullying", "Avoiding exclusion", "Not given")


def unique(rows: list[tuple], key) -> list[tuple]:
    seen, kept = set(), []
    for row in rows:
        k = key(row)
        if k not in seen:
            seen.add(k)
            kept.append(row)
    return kept


class Community:
    def __init__(self, sim):
        self.sim = sim
        self.rng = FastRandom(stable_seed("community", sim.p.seed))
        self.first, self.last = sim.window_start - 183, sim.last_day
        self.contacts: list[tuple] = []      # (child, day, source, outcome, open to CSC)
        self.early_help: list[tuple] = []    # (child, start, end, assessment start, assessment done, organisation)
        self.send: list[tuple] = []          # (child, request, decision day, decision, assessed, EHCP issued)
        self.ehe: list[tuple] = []           # (child, start, end, reason)
        self.sources = Distribution.of(REFERRAL_SOURCE)
        self.ages = Distribution.of([(a, w) for a, w in REFERRAL_AGE if a >= 0])
        self.known = [c for c in sim.people.children if c.episodes and not c.uasc]
        self.open_episodes = [ep for c in self.known for ep in c.episodes
                              if not ep.nfa and ep.closure >= self.first and ep.referral <= self.last]

    def build(self) -> "Community":
        self.make_contacts()
        self.make_early_help()
        self.make_send()
        self.make_ehe()
        # one record per natural key, as the extracts' readers expect
        self.contacts = unique(self.contacts, lambda r: (r[0].n, r[1], r[2]))
        self.early_help = unique(self.early_help, lambda r: (r[0].n, r[1]))
        self.send = unique(self.send, lambda r: (r[0].n, r[1]))
        self.ehe = unique(self.ehe, lambda r: (r[0].n, r[1]))
        return self

    def new_child(self, day: int, lo: int = 0, hi: int = 17) -> Child:
        rng = self.rng
        age = min(hi, max(lo, self.ages.draw(rng.random())))
        return self.sim.people.new_child(day - int(age * 365.25) - rng.randint(0, 364), day)

    def is_open(self, child: Child, day: int) -> bool:
        return any(ep.referral <= day <= ep.closure and not ep.nfa for ep in child.episodes)

    def make_contacts(self) -> None:
        rng, sim = self.rng, self.sim
        referrals = [ep for c in sim.people.children for ep in c.episodes if self.first <= ep.referral <= self.last]
        for ep in referrals:
            day = ep.referral - (0 if rng.random() < 0.7 else rng.randint(1, 2))
            self.contacts.append((ep.child, day, ep.source, "Referral to children's social care", False))
        extra = len(referrals) * max(0.0, sim.p.contacts_per_referral - 1)
        span = self.last - self.first + 1
        for _ in range(int(extra)):
            day = sim.cal.next(self.first + rng.randrange(span))
            if day > self.last:
                continue
            u = rng.random()
            if u < 0.3 and self.open_episodes:
                ep = rng.choice(self.open_episodes)
                lo, hi = max(ep.referral, self.first), min(ep.closure, self.last)
                day = rng.randint(lo, hi)
                self.contacts.append((ep.child, day, self.sources.draw(rng.random()), "Passed to allocated worker",
                                      True))
                continue
            if u < 0.55 and self.known:
                child = rng.choice(self.known)
                if child.dob > day or child.b18 <= day:
                    child = self.new_child(day)
            else:
                child = self.new_child(day)
            opened = self.is_open(child, day)
            outcome = "Passed to allocated worker" if opened else \
                rng.choice(("Information and advice", "Information and advice", "Early help", "No further action"))
            self.contacts.append((child, day, self.sources.draw(rng.random()), outcome, opened))
        self.contacts.sort(key=lambda c: (c[1], c[0].n))

    def episode_of_help(self, child: Child, start: int, end: int | None = None) -> None:
        rng = self.rng
        assessment = start + rng.randint(0, 10)
        done = assessment + rng.randint(10, 45) if rng.random() < 0.9 else None
        if end is None:
            end = start + max(30, int(180 * math.exp(rng.gauss(0, 0.5))))
        done = done if done is None or done <= end else end
        organisation = rng.choice(ORGANISATIONS)
        if organisation == "Family Hub":
            from carepath.synth.population import LOCALITY_NAMES
            organisation = f"Family Hub {LOCALITY_NAMES[child.locality % len(LOCALITY_NAMES)]}"
        self.early_help.append((child, start, end if end <= self.last else None, assessment if assessment <= self.last
                                else None, done if done is not None and done <= self.last else None, organisation))

    def make_early_help(self) -> None:
        rng, sim = self.rng, self.sim
        for child, day, _, outcome, _ in self.contacts:
            if outcome == "Early help":
                self.episode_of_help(child, day + rng.randint(5, 20))
        for child in self.known:
            for ep in child.episodes:
                if ep.reason == "RC9" and self.first <= ep.closure <= self.last:
                    self.episode_of_help(child, ep.closure + rng.randint(0, 10))
                if ep.source == "5D" and self.first <= ep.referral <= self.last:
                    self.episode_of_help(child, ep.referral - rng.randint(60, 240), ep.referral)
        for start_year in range(sim.p.first_year, sim.p.last_year + 1):
            s, e = year_start(start_year), year_end(start_year)
            wanted = sim.p.early_help_per_10k * sim.children_by_year[start_year] / 10_000
            have = sum(1 for h in self.early_help if s <= h[1] <= e)
            for _ in range(max(0, int(wanted - have))):
                day = sim.cal.next(rng.randint(s, e))
                child = rng.choice(self.known) if self.known and rng.random() < 0.3 else self.new_child(day)
                if child.dob < day < child.b18:
                    self.episode_of_help(child, day)
        self.early_help = [h for h in self.early_help if h[1] <= self.last and (h[2] is None or h[2] >= self.first)]
        self.early_help.sort(key=lambda h: (h[0].n, h[1]))

    def make_send(self) -> None:
        rng, sim = self.rng, self.sim
        for start_year in range(sim.p.first_year, sim.p.last_year + 1):
            s, e = year_start(start_year), year_end(start_year)
            count = sim.nprng.poisson(sim.p.send_requests_per_10k * sim.children_by_year[start_year] / 10_000)
            for _ in range(int(count)):
                day = sim.cal.next(rng.randint(s, e))
                child = rng.choice(self.known) if self.known and rng.random() < 0.2 else self.new_child(day, 2, 15)
                if not child.dob < day < child.b18:
                    continue
                decided = day + (rng.randint(20, 42) if rng.random() < 0.85 else rng.randint(43, 80))
                assess = rng.random() < 0.75
                done = issued = None
                if assess:
                    done = day + (rng.randint(90, 140) if rng.random() < 0.5 else rng.randint(141, 260))
                    issued = done if rng.random() < 0.92 else None
                keep = lambda x: x if x is not None and x <= self.last else None  # noqa: E731
                self.send.append((child, day, keep(decided), ("assess" if assess else "refuse") if keep(decided)
                                  else None, keep(done), keep(issued)))
        self.send.sort(key=lambda r: (r[1], r[0].n))

    def make_ehe(self) -> None:
        rng, sim = self.rng, self.sim
        begin = sim.window_start - 3 * 365
        per_day = sim.p.ehe_per_10k / 2.8 * sim.p.children / 10_000 / 365.25
        for offset, count in enumerate(sim.nprng.poisson(per_day, self.last - begin + 1).tolist()):
            day = begin + offset
            for _ in range(count):
                length = int(800 * math.exp(rng.gauss(0, 0.7)))
                if day + length < sim.window_start:
                    continue
                child = rng.choice(self.known) if self.known and rng.random() < 0.2 else self.new_child(day, 5, 15)
                if not child.dob + 5 * 365 < day < child.b18 - 365:
                    continue
                end = min(day + length, child.b18 - 1)
                self.ehe.append((child, day, end if end <= self.last else None, rng.choice(EHE_REASONS)))
        self.ehe.sort(key=lambda r: (r[0].n, r[1]))
