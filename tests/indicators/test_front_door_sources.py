"""Referrals by source (RIIA 20202-20212, SoS A2) and re-referrals per 10,000 (SoS O1), worked by hand."""
import pytest

# (child, referral source) for referrals in 2024Q2 (1 July to 30 September 2024)
REFERRALS_IN_Q2 = [
    ("A1", "1A"), ("A2", "1D"),               # individual: 2
    ("B", "2A"),                              # schools: 1
    ("C", "2B"),                              # education services: 1
    ("D1", "3A"), ("D2", "3F"),               # health: 2
    ("E", "4"),                               # housing: 1
    ("F1", "5A"), ("F2", "5D"),               # LA services (5D early help included): 2
    ("G", "6"),                               # police: 1
    ("H", "7"),                               # other legal agency: 1
    ("I", "8"),                               # other: 1
    ("J", "9"),                               # anonymous: 1
    ("K1", "10"), ("K2", None), ("K3", "XX"), # unknown: 10, not recorded, a code outside the list: 3
]                                             # 16 referrals in all

EXPECTED_COUNTS = {
    "referrals_source_individual": 2, "referrals_source_schools": 1, "referrals_source_education": 1,
    "referrals_source_health": 2, "referrals_source_housing": 1, "referrals_source_la_services": 2,
    "referrals_source_police": 1, "referrals_source_other_legal": 1, "referrals_source_other": 1,
    "referrals_source_anonymous": 1, "referrals_source_unknown": 3,
}


def test_every_referral_falls_in_exactly_one_source_group(world):
    for child, source in REFERRALS_IN_Q2:
        world.child(child)
        world.referral(child, "2024-08-01", source=source)
    world.child("Z")
    world.referral("Z", "2024-06-30", source="6")      # 2024Q1: in no Q2 figure
    world.referral("Z", "2024-07-01", source="1C", nfa=True)  # first day of Q2, NFA: individual
    values = {}
    found = world.figures(list(EXPECTED_COUNTS), "2024Q2")
    for indicator_id, count in EXPECTED_COUNTS.items():
        expected = count + (indicator_id == "referrals_source_individual")
        fig = found[indicator_id]
        assert (fig.numerator, fig.denominator) == (expected, 17), indicator_id
        assert fig.value == pytest.approx(100 * expected / 17), indicator_id
        values[indicator_id] = fig.value
    # individual 3/17, unknown 3/17 ... : the eleven groups add up to all 17 referrals
    assert sum(values.values()) == pytest.approx(100.0)


def test_re_referrals_per_10k(world):
    for child in "ABCDE":
        world.child(child)
    world.referral("A", "2023-06-15", nfa=True)
    world.referral("A", "2024-06-15")          # exactly 12 months after A's NFA referral: counted
    world.referral("B", "2023-06-14")
    world.referral("B", "2024-06-15")          # 12 months and a day: not counted
    world.referral("C", "2024-07-01")          # C's first: not counted
    world.referral("C", "2024-11-30")          # 5 months after: counted
    world.referral("D", "2024-03-01")          # before the period
    world.referral("D", "2024-04-01")          # a month later, first day of the period: counted
    world.referral("E", "2025-03-31")          # first referral: not counted
    world.population(2024, 4_000)
    fig = world.figure("re_referrals_per_10k", "2024-25")
    # re-referrals: A 2024-06-15, C 2024-11-30, D 2024-04-01 = 3; 3 / 4,000 x 10,000 = 7.5
    assert fig.numerator == 3
    assert fig.denominator == 4_000
    assert fig.value == pytest.approx(7.5)
    assert set(world.records("re_referrals_per_10k", "2024-25")) == {
        "846/A/2024-06-15", "846/C/2024-11-30", "846/D/2024-04-01"}
