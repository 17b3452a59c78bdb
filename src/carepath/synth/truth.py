"""truth.json: an authority's parameters, and the figures its records actually have, year by year.

Figures are computed here straight from the simulated records with DfE's definitions, so a test
can compare what the store and the indicators say with what the generator made. Rates are per
10,000 children aged 0 to 17 (the mid-year estimate of the year the return starts, as DfE does).
A re-referral here is a referral within 365 days after a previous referral of the same child.

``hazards`` holds the generator's explicit time-to-event laws (CP plan lengths; return to care
by reason for leaving, :mod:`carepath.synth.returns`), and ``follow_up`` what actually followed,
known to the generator beyond the end of the returns: the share of periods of care starting in
the years still in care 6, 12 and 24 months later (every period's end is drawn when it starts),
and the share of referrals followed by another referral of the child within 365 days.
"""
from __future__ import annotations

from datetime import date

from carepath.synth import returns
from carepath.synth.params import CPP_LENGTH_MONTHS, year_label
from carepath.synth.workdays import age_on, year_end, year_start


def pct(n: int, total: int) -> float | None:
    return round(100 * n / total, 2) if total else None


def rate(n: int, people: int) -> float | None:
    return round(10_000 * n / people, 2) if people else None


def year_figures(sim, wf, community, start_year: int) -> dict:
    s, e = year_start(start_year), year_end(start_year)
    cal = sim.cal
    people = sim.children_by_year[start_year]
    children = sim.people.children
    referrals = [ep for c in children for ep in c.episodes if s <= ep.referral <= e]
    rereferrals = 0
    for ep in referrals:
        earlier = [x.referral for x in ep.child.episodes if ep.referral - 365 <= x.referral < ep.referral]
        rereferrals += bool(earlier)
    assessed = [a for c in children for ep in c.episodes for a in ep.assessments if s <= a[1] <= e]
    s47 = [x for c in children for ep in c.episodes for x in ep.s47s if s <= x[0] <= e]
    icpc = [x for c in children for ep in c.episodes for x in ep.s47s if x[2] is not None and s <= x[2] <= e]
    plans = [p for c in children for ep in c.episodes for p in ep.cp_plans if s <= p.start <= e]
    plans_31 = [p for c in children for ep in c.episodes for p in ep.cp_plans if p.start <= e < p.end]
    cin_31 = [ep for c in children for ep in c.episodes if not ep.nfa and ep.referral <= e < ep.closure]
    periods = [p for c in children for p in c.periods if not p.short_break]
    cla_31 = [p for p in periods if p.start <= e < p.end]
    starters = {p.child.n for p in periods if s <= p.start <= e}
    leavers = {p.child.n for p in periods if s <= p.end <= e}
    moves = 0
    for p in cla_31:
        placements = [x for x in p.episodes if x[1] in ("S", "P", "B", "T", "U") and x[0] <= e and x[6] >= s
                      and x[4] not in ("T0", "T1", "T2", "T3", "T4")]
        moves += len(placements) >= 3
    care_leavers = [c for c in children if c.leaver is not None and c.leaver.left <= e
                    and 17 <= age_on(c.dob, e) <= 24 and not any(p.start <= e < p.end for p in c.periods)]
    workforce = [r for r in (wf.snapshot_rows if wf is not None else []) if r[0] == "LA" and r[1] == _sept(start_year)]
    figures = {
        "children_0_17": people,
        "referrals": len(referrals), "referrals_per_10k": rate(len(referrals), people),
        "rereferral_pct": pct(rereferrals, len(referrals)),
        "nfa_pct": pct(sum(ep.nfa for ep in referrals), len(referrals)),
        "not_in_need_pct": pct(sum(ep.reason in ("RC8", "RC9") for ep in referrals), len(referrals)),
        "assessments_completed": len(assessed),
        "assessments_within_45_pct": pct(sum(cal.between(a[0], a[1]) <= 45 for a in assessed), len(assessed)),
        "s47": len(s47), "s47_per_10k": rate(len(s47), people),
        "icpc": len(icpc), "icpc_per_10k": rate(len(icpc), people),
        "icpc_within_15_pct": pct(sum(cal.between(x[0], x[2]) <= 15 for x in icpc), len(icpc)),
        "cpp_starts": len(plans), "cpp_starts_per_10k": rate(len(plans), people),
        "repeat_cpp_pct": pct(sum(p.previous > 0 for p in plans), len(plans)),
        "cpp_at_31_march": len(plans_31), "cpp_at_31_march_per_10k": rate(len(plans_31), people),
        "cin_at_31_march": len(cin_31), "cin_at_31_march_per_10k": rate(len(cin_31), people),
        "cla_at_31_march": len(cla_31), "cla_at_31_march_per_10k": rate(len(cla_31), people),
        "cla_started": len(starters), "cla_started_per_10k": rate(len(starters), people),
        "cla_ceased": len(leavers), "cla_ceased_per_10k": rate(len(leavers), people),
        "uasc_at_31_march": sum(p.child.uasc for p in cla_31),
        "cla_3_or_more_placements_pct": pct(moves, len(cla_31)),
        "care_leavers_17_24": len(care_leavers),
        "contacts": sum(1 for c in (community.contacts if community else []) if s <= c[1] <= e),
        "early_help_started": sum(1 for h in (community.early_help if community else []) if s <= h[1] <= e),
        "send_requests": sum(1 for r in (community.send if community else []) if s <= r[1] <= e),
        "ehe_at_31_march": sum(1 for r in (community.ehe if community else [])
                               if r[1] <= e and (r[2] is None or r[2] > e)),
    }
    if workforce:
        _, _, establishment, in_post, agency, vacancies, _, _, cases = workforce[0]
        figures.update({"workforce_at_30_september": {
            "establishment_fte": establishment, "in_post_fte": in_post,
            "agency_pct": pct(agency, in_post), "vacancy_pct": pct(vacancies, vacancies + in_post),
            "cases_per_fte": round(cases / in_post, 1) if in_post else None}})
    return figures


def follow_up(sim) -> dict:
    """What followed periods of care and referrals, as the generator knows it (see the module docstring).

    * ``leaving_care``: periods of care (not short breaks) starting from the first year's 1 April to
      the last year's 31 March; still in care t months later means ending more than t x 30.4375
      days after the start (a period ends at the 18th birthday at the latest).
    * ``re_referral``: referrals from the first year's 1 April to 366 days before the last year's
      31 March (so 365 days after each are simulated) of children under 17 on the referral date (so
      the 18th birthday cannot cut the year short); re-referred means another referral of the
      child 1 to 365 days later.
    """
    start, last = sim.window_start, sim.last_day
    periods = [p for c in sim.people.children for p in c.periods
               if not p.short_break and start <= p.start <= last]
    months = (6, 12, 24)
    leaving = {"periods": len(periods), **{
        f"still_in_care_{m}_months_pct": pct(sum(p.end - p.start > m * 30.4375 for p in periods), len(periods))
        for m in months}}
    referred = 0
    followed = []
    for child in sim.people.children:
        days = sorted(ep.referral for ep in child.episodes)
        for i, day in enumerate(days):
            if start <= day <= last - 366 and age_on(child.dob, day) < 17:
                followed.append(day)
                referred += i + 1 < len(days) and days[i + 1] - day <= 365
    return {"leaving_care": leaving,
            "re_referral": {"referrals": len(followed), "re_referred_12_months_pct": pct(referred, len(followed))},
            "note": "known to the generator beyond the end of the returns; see carepath.synth.truth.follow_up"}


def _sept(start_year: int) -> int:
    return date(start_year, 9, 30).toordinal()


def truth(sim, wf, community, legal_links: dict[str, str], files: dict) -> dict:
    p = sim.p
    return {
        "la_code": p.la_code, "name": p.name,
        "ons_code": sim.people.places.ons_code, "stands_in_for": sim.people.places.name,
        "years": [year_label(y) for y in p.years],
        "parameters": p.as_dict(),
        "expected_per_10k": {k: round(v, 2) for k, v in p.expected_per_10k().items()},
        "branch_probabilities": {k: round(v, 4) for k, v in p.derived().items()},
        "hazards": {"cp_plan_length_months": [list(band) for band in CPP_LENGTH_MONTHS],
                    "cp_plan_length_note": "a CP plan's intended length: a band (from, to months, % weight), uniform "
                                           "within it, x 30.44 days x parameters.plan_length, at least 20 days, ended on "
                                           "the next working day; cut short by entry to care or the 18th birthday",
                    **returns.as_truth()},
        "follow_up": follow_up(sim),
        "figures": {year_label(y): year_figures(sim, wf, community, y) for y in p.years},
        "proceedings_children": legal_links,
        "files": files,
        "notes": ["Rates per 10,000 use the 0-17 population of the mid-year the return year starts in.",
                  "A re-referral is a referral within 365 days after a previous referral of the same child.",
                  "CLA figures exclude short breaks (V3, V4); starts and ceases count children.",
                  f"Postcodes are real ones of {sim.people.places.name} ({sim.people.places.ons_code}), which the "
                  "authority stands in for, and of other areas for placements outside it; the people, names, "
                  "identifiers and URNs are made up."],
    }
