"""The generator's parameters: England's published rates, recomputed from the DfE tables they cite,
and the arithmetic that turns an authority's rates into branch probabilities and sizes."""
from __future__ import annotations

import csv
from datetime import date
from statistics import median

import pytest

from carepath.synth import params as P
from carepath.synth.population import make_upn, upn_check_letter
from carepath.synth.workdays import WorkingDays, birthday


def england(path, **match):
    """The National row of a tidy DfE table for time_period 2025 (and any other column values given)."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["time_period"] == "2025" and row["geographic_level"] == "National" and \
                    all(row[k] == v for k, v in match.items()):
                return row
    raise AssertionError(f"no National 2025 row in {path}")


def per_10k(count: str) -> float:
    return round(int(count) / P.ENGLAND_CHILDREN_0_17_MID_2024 * 10_000, 1)


def test_the_national_defaults_are_the_published_england_figures(shared_data):
    tables = shared_data / "dfe-published"
    with open(tables / "ons_mid-year_population_estimates_2012_to_2024.csv", encoding="utf-8-sig") as handle:
        population = next(r for r in csv.DictReader(handle)
                          if r["time_period"] == "2024" and r["geographic_level"] == "National")
    assert int(population["population_estimate"]) == P.ENGLAND_CHILDREN_0_17_MID_2024

    c1 = england(tables / "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv")
    assert per_10k(c1["referral_count"]) == pytest.approx(P.REFERRALS_PER_10K, abs=0.05)
    assert float(c1["rereferral_percent"]) == P.REREFERRAL_PCT
    assert float(c1["no_further_action_percent"]) == P.NFA_PCT
    assert float(c1["not_in_need_percent"]) == P.NOT_IN_NEED_PCT

    c4 = england(tables / "c4_children_in_need_section_47s_and_icpcs_2013_to_2025.csv")
    assert per_10k(c4["Section47"]) == pytest.approx(P.S47_PER_10K, abs=0.05)
    assert per_10k(c4["ICPC"]) == pytest.approx(P.ICPC_PER_10K, abs=0.05)
    bands = [int(c4[f"Duration_{b}_days"]) for b in ("0-10", "11-15", "16-20", "21+")]
    assert round(100 * (bands[0] + bands[1]) / sum(bands), 1) == P.ICPC_WITHIN_15_WD_PCT

    d3 = england(tables / "d3_cpps_subsequent_plan_2013_to_2025.csv")
    assert per_10k(d3["CPP_start"]) == pytest.approx(P.CPP_STARTS_PER_10K, abs=0.05)
    assert float(d3["CPP_subsequent_percent"]) == P.REPEAT_CPP_PCT

    b1 = england(tables / "b1_children_in_need_2013_to_2025.csv")
    assert per_10k(b1["At31_episodes"]) == pytest.approx(P.CIN_AT_31_MARCH_PER_10K, abs=0.05)

    cla = tables / "cla_number_and_rate_per_10k_children.csv"
    for kind, value in (("Children looked after on 31 March each year", P.CLA_AT_31_MARCH_PER_10K),
                        ("Children starting to be looked after each year", P.CLA_STARTS_PER_10K),
                        ("Children ceasing to be looked after each year", P.CLA_CEASED_PER_10K)):
        row = england(cla, population_type=kind)
        assert per_10k(row["children_count"]) == pytest.approx(value, abs=0.05), kind
        assert round(value) == int(row["rate_per_10000"]), kind    # and DfE's own whole-number rate


def test_assessment_bands_give_the_published_share_within_45_working_days():
    on_time = sum(w for _, _, w in P.ASSESSMENT_BANDS)
    # SPECS.md D.9: 555,820 of 648,830 assessments completed in 2024-25 took 45 working days or fewer
    assert on_time == 555_820
    assert round(100 * on_time / 648_830, 1) == P.ASSESSMENTS_WITHIN_45_WD_PCT


def test_branch_probabilities_reproduce_the_rates_they_were_solved_from():
    authority = P.make_authorities(1, children=50_000)[0]
    expected = authority.expected_per_10k()
    assert expected["referrals"] == P.REFERRALS_PER_10K
    assert expected["s47"] == pytest.approx(P.S47_PER_10K)
    assert expected["icpc"] == pytest.approx(P.ICPC_PER_10K)
    assert expected["cpp_starts"] == pytest.approx(P.CPP_STARTS_PER_10K)
    derived = authority.derived()
    # NFA among the non-UASC referrals, scaled so that it is 6.5% of all referrals
    assert derived["p_nfa"] * derived["other_per_10k"] == pytest.approx(P.NFA_PCT / 100 * P.REFERRALS_PER_10K)
    assert 0 < derived["p_care_cin"] < 0.5


def test_one_authority_has_englands_rates_and_code_501():
    (only,) = P.make_authorities(1, seed=3, size="small")
    assert (only.la_code, only.name, only.children) == ("501", "Synthshire", 20_000)
    assert (only.referrals_per_10k, only.rereferral_pct, only.repeat_cpp_pct) == (519.4, 22.6, 24.5)
    assert P.make_authorities(1, la_code="942", size="tiny")[0].la_code == "942"


def test_many_authorities_spread_like_england_and_vary_around_its_rates():
    authorities = P.make_authorities(153, seed=2)
    sizes = sorted(a.children for a in authorities)
    assert [a.la_code for a in authorities[:3]] == ["501", "502", "503"] and authorities[-1].la_code == "653"
    assert len({a.name for a in authorities}) == 153
    assert 50_000 <= median(sizes) <= 60_000
    assert 300_000 <= sizes[-1] <= 360_000 and sizes[0] < 10_000
    referral_rates = [a.referrals_per_10k for a in authorities]
    assert 400 < median(referral_rates) < 650 and max(referral_rates) > 1.5 * min(referral_rates)
    assert P.make_authorities(153, seed=2) == authorities          # seeded
    assert P.make_authorities(153, seed=4) != authorities
    same = P.make_authorities(3, seed=2, size="tiny")
    assert {a.children for a in same} == {2_000}


def test_years_are_read_as_the_field_writes_them():
    assert P.parse_year("2024-25") == 2024 and P.parse_year("2024/25") == 2024 and P.parse_year("2025") == 2024
    assert P.year_label(2024) == "2024-25" and P.year_label(2099) == "2099-00"
    for bad in ("2024-26", "24-25", "last year"):
        with pytest.raises(ValueError, match=rf"'{bad}' is not a (financial )?year: write it as 2024-25"):
            P.parse_year(bad)


def test_upn_check_letter_worked_by_hand():
    # digits 3,3,0,1,0,0,0,1,5,0,0,3 x weights 2..13 = 6+9+0+5+0+0+0+9+50+0+0+39 = 118; 118 mod 23 = 3 -> D
    assert upn_check_letter("330100015003") == "D"
    upn = make_upn("330", 3, 2015)   # the 3rd child: school 1000, year 15, serial 003
    assert upn == "D330100015003" and len(upn) == 13


def test_working_days_count_after_the_start_up_to_the_end():
    days = WorkingDays(2024, 2025)
    friday, monday = date(2024, 5, 10).toordinal(), date(2024, 5, 13).toordinal()
    assert days.between(friday, friday) == 0 and days.between(friday, monday) == 1
    assert days.add(friday, 1) == monday and days.add(date(2024, 5, 11).toordinal(), 0) == monday
    christmas_eve = date(2024, 12, 24).toordinal()     # 25 and 26 December 2024 are bank holidays
    assert days.add(christmas_eve, 1) == date(2024, 12, 27).toordinal()
    assert days.between(christmas_eve, date(2024, 12, 31).toordinal()) == 3
    assert birthday(date(2008, 2, 29).toordinal(), 18) == date(2026, 3, 1).toordinal()
