"""The rates in the generated records are the parameters' rates, within sampling error.

Flows the generator draws directly (referrals, re-referrals, NFA, S47s, ICPCs, CP plans, the
timeliness of assessments and ICPCs) must sit within four standard errors of the authority's
parameters, pooled over the four years of a 20,000-child authority. Stocks, which depend on how
long things last, must be near England's published rates.
"""
from __future__ import annotations

import math

from carepath.synth import params as P
from carepath.synth.truth import year_figures
from carepath.synth.workdays import year_end, year_start


def within(observed: float, expected: float, standard_error: float, how_many: float = 4.0) -> bool:
    return abs(observed - expected) <= how_many * standard_error


def pooled(sim):
    figures = [year_figures(sim, None, None, y) for y in sim.p.years]
    children = sum(f["children_0_17"] for f in figures)
    total = {key: sum(f[key] for f in figures) for key in ("referrals", "s47", "icpc", "cpp_starts",
                                                           "assessments_completed", "cla_started")}
    share = {key: sum(f[key] * f[base] / 100 for f in figures) / total[base_total]
             for key, base, base_total in (("rereferral_pct", "referrals", "referrals"),
                                           ("nfa_pct", "referrals", "referrals"),
                                           ("not_in_need_pct", "referrals", "referrals"),
                                           ("icpc_within_15_pct", "icpc", "icpc"),
                                           ("repeat_cpp_pct", "cpp_starts", "cpp_starts"),
                                           ("assessments_within_45_pct", "assessments_completed",
                                            "assessments_completed"))}
    return figures, children, total, share


def test_flows_are_the_parameters_within_sampling_error(small_sim):
    p = small_sim.p
    figures, children, total, share = pooled(small_sim)
    expected = p.expected_per_10k()
    for key, rate in (("referrals", expected["referrals"]), ("s47", expected["s47"]), ("icpc", expected["icpc"]),
                      ("cpp_starts", expected["cpp_starts"])):
        count = rate * children / 10_000
        assert within(total[key], count, math.sqrt(count)), (key, total[key], round(count))
    n = total["referrals"]
    for key, target in (("rereferral_pct", p.rereferral_pct), ("nfa_pct", p.nfa_pct),
                        ("not_in_need_pct", p.not_in_need_pct)):
        q = target / 100
        assert within(share[key], q, math.sqrt(q * (1 - q) / n)), (key, share[key], q)
    for key, target, base in (("icpc_within_15_pct", p.icpc_within_15_pct, "icpc"),
                              ("assessments_within_45_pct", p.assessments_within_45_pct, "assessments_completed"),
                              ("repeat_cpp_pct", p.repeat_cpp_pct, "cpp_starts")):
        q = target / 100
        assert within(share[key], q, math.sqrt(q * (1 - q) / total[base])), (key, share[key], q)


def test_stocks_are_near_englands(small_sim):
    """Averaged over the four years (a 20,000-child authority starts only about 50 children in care a year)."""
    figures = [year_figures(small_sim, None, None, y) for y in small_sim.p.years]
    mean = {key: sum(f[key] for f in figures) / len(figures)
            for key in ("cin_at_31_march_per_10k", "cla_at_31_march_per_10k", "cla_started_per_10k",
                        "cpp_at_31_march_per_10k", "cla_3_or_more_placements_pct")}
    assert 0.8 * P.CIN_AT_31_MARCH_PER_10K <= mean["cin_at_31_march_per_10k"] <= 1.2 * P.CIN_AT_31_MARCH_PER_10K
    assert 0.75 * P.CLA_AT_31_MARCH_PER_10K <= mean["cla_at_31_march_per_10k"] <= 1.25 * P.CLA_AT_31_MARCH_PER_10K
    assert 0.75 * P.CLA_STARTS_PER_10K <= mean["cla_started_per_10k"] <= 1.25 * P.CLA_STARTS_PER_10K
    assert 28 <= mean["cpp_at_31_march_per_10k"] <= 56          # England: about 41 per 10,000
    assert 4 <= mean["cla_3_or_more_placements_pct"] <= 16      # England 2025: 10%


def test_truth_figures_follow_the_dfe_definitions_on_the_records(small_sim):
    """Count one year by hand from the records and compare with what truth.json would say."""
    year = small_sim.p.last_year
    s, e = year_start(year), year_end(year)
    figures = year_figures(small_sim, None, None, year)
    cla = {p.child.n for p in small_sim.care.periods if not p.short_break and p.start <= e < p.end}
    assert figures["cla_at_31_march"] == len(cla)
    referrals = [ep for ep in small_sim.episodes if s <= ep.referral <= e]
    assert figures["referrals"] == len(referrals)
    assert figures["children_0_17"] == sum(c for y, age, _, c in small_sim.population if y == year and age <= 17)
