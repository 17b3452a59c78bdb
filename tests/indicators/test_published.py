"""DfE's arithmetic and conventions, applied to DfE's published counts, give DfE's published figures.

What this tests: the engine's arithmetic (the ``percent_of`` and ``rate_per_10k`` macros that
:mod:`carepath.indicators.engine` uses for every figure), the population convention (the ONS
estimate of the preceding mid-year) and carepath's one rounding function,
:func:`carepath.rounding.round_half_up` (half up, in decimal arithmetic, as every page, export,
data book and RIIA file rounds), applied to the counts DfE published for every authority and year in
the shared data folder. Each must give the percentage or rate DfE published, to DfE's precision:
one decimal place for children in need tables, whole numbers for looked-after rates. Suppressed
cells are skipped, never read as zero. It does not test the engine's counting from child-level
records: ``test_rounding_end_to_end.py`` does that.
"""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import duckdb
import pyarrow as pa
import pytest

from carepath.indicators import calendar
from carepath.rounding import places as places_for, round_half_up
from carepath.reference import published, population


@pytest.fixture(scope="module")
def con(request):
    from tests.conftest import shared_data_dir, skip_or_fail
    folder = shared_data_dir()
    if folder is None or not (folder / "dfe-published").is_dir():
        skip_or_fail("../shared/data/dfe-published is not beside the project (set CAREPATH_SHARED_DATA)")
    con = duckdb.connect()
    calendar.install(con)
    assert published.load(con, folder) > 0
    ons = population.children_0_17(folder)
    con.register("ons", pa.table({"area_code": [p[0] for p in ons], "year": [p[1] for p in ons],
                                  "children": [p[2] for p in ons]}))
    con.execute("""CREATE TEMP TABLE wide AS PIVOT (SELECT source, time_period, area_code, measure, value
                   FROM published WHERE level = 'Local authority')
                   ON measure USING first(value) GROUP BY source, time_period, area_code""")
    yield con
    con.close()


def compare(con, source: str, recomputed: str, published_column: str, digits: int, population: bool = False):
    """(comparisons made, mismatches) of round_half_up(recomputed, digits) against the published column."""
    join = "JOIN ons ON ons.area_code = w.area_code AND ons.year = w.time_period - 1" if population else ""
    rows = con.execute(f"""
        SELECT w.time_period, w.area_code, {published_column} AS shown, {recomputed} AS exact
        FROM wide w {join}
        WHERE w.source = '{source}' AND {published_column} IS NOT NULL AND ({recomputed}) IS NOT NULL""").fetchall()
    return len(rows), [r for r in rows if r[2] != round_half_up(r[3], digits)]


def test_exact_halves_are_published_rounded_up(con):
    # The comparisons below prove half-up rounding only because some shares end in an exact half at
    # one decimal place: Bath and North East Somerset (800) 2016, 182 re-referrals of 1,120 referrals
    # = 16.25%, published 16.3 (half to even would give 16.2); Isles of Scilly (420) 2025, 14 assessed
    # not in need of 32 referrals = 43.75%, published 43.8.
    halves = []
    for count, base, shown in [("rereferral_count", "referral_count", "rereferral_percent"),
                               ("not_in_need_count", "referral_count", "not_in_need_percent")]:
        rows = con.execute(f"""SELECT {count}, {base}, {shown}, percent_of({count}, {base}) FROM wide
                               WHERE source = 'c1' AND {shown} IS NOT NULL AND {base} > 0""").fetchall()
        halves += [r for r in rows if Fraction(int(r[0]) * 1000, int(r[1])) % 1 == Fraction(1, 2)]
    assert len(halves) >= 5
    assert all(shown == round_half_up(exact, 1) for _, _, shown, exact in halves)
    assert any(shown != round(exact, 1) for _, _, shown, exact in halves)    # Python's round would be wrong


@pytest.mark.parametrize("count, base, shown", [
    ("rereferral_count", "referral_count", "rereferral_percent"),
    ("no_further_action_count", "referral_count", "no_further_action_percent"),
    ("not_in_need_count", "referral_count", "not_in_need_percent"),
    ("rereferral_child_count", "referral_child_count", "rereferral_child_percent"),
])
def test_referral_percentages_for_every_authority_and_year(con, count, base, shown):
    made, wrong = compare(con, "c1", f"percent_of({count}, {base})", shown, 1)
    assert made > 1500          # 13 years x ~150 authorities, less suppressed cells
    assert wrong == []


def test_repeat_child_protection_plan_percentages(con):
    made, wrong = compare(con, "d3", "percent_of(CPP_subsequent, CPP_start)", "CPP_subsequent_percent", 1)
    assert made > 1500
    assert wrong == []


@pytest.mark.parametrize("kind", ["cla_at_31_march", "cla_starting", "cla_ceasing"])
def test_looked_after_rates_use_the_preceding_mid_year(con, kind):
    made, wrong = compare(con, "cla", f"rate_per_10k({kind}_count, ons.children)", f"{kind}_rate", 0,
                          population=True)
    assert made > 700           # 5 years x ~150 authorities
    assert wrong == []
    # and the population DfE printed beside each rate is the ONS estimate of the year before
    differs = con.execute(f"""SELECT count(*) FROM wide w JOIN ons ON ons.area_code = w.area_code
                              AND ons.year = w.time_period - 1
                              WHERE w.source = 'cla' AND {kind}_population <> ons.children""").fetchall()[0][0]
    assert differs == 0


@pytest.mark.parametrize("la, year, expected", [
    ("805", 2025, 635.8),   # Hartlepool: 1341 / 21,090 (mid-2024); LAIT shows 635.8
    ("805", 2024, 723.9),   # Hartlepool: 1487 / 20,541 (mid-2023); with mid-2024 it would be 705.1
    ("370", 2025, 302.3),   # Barnsley: 1566 / 51,799
    ("202", 2025, 512.5),   # Camden: 1808 / 35,276
])
def test_children_in_need_rates_match_lait(con, la, year, expected):
    (ours,) = con.execute("""
        SELECT rate_per_10k(w.At31_episodes, ons.children)
        FROM wide w JOIN ons ON ons.area_code = w.area_code AND ons.year = w.time_period - 1
        WHERE w.source = 'b1' AND w.area_code = ? AND w.time_period = ?""", [la, year]).fetchall()[0]
    assert round_half_up(ours, 1) == expected


def test_icpcs_within_15_working_days_england_2025(con):
    # C4 bands: (0-10 days 6,240 + 11-15 days 52,430) / all four bands 72,090 = 81.38% -> 81.4 (LAIT)
    (ours,) = con.execute("""
        SELECT percent_of(sum(value) FILTER (WHERE measure IN ('Duration_0-10_days', 'Duration_11-15_days')),
                          sum(value) FILTER (WHERE measure LIKE 'Duration_%_days'))
        FROM published WHERE source = 'c4' AND level = 'National' AND time_period = 2025""").fetchall()[0]
    assert round_half_up(ours, 1) == 81.4


@pytest.mark.parametrize("source, column, unit, group", [
    ("c1", "rereferral_percent", "percent", "front_door"),
    ("c1", "not_in_need_percent", "percent", "front_door"),
    ("d3", "CPP_subsequent_percent", "percent", "child_protection"),
    ("cla", "cla_at_31_march_rate", "rate", "looked_after"),
    ("cla", "cla_starting_rate", "rate", "looked_after"),
    ("c4", "Duration_median", "days", "child_protection"),
])
def test_the_places_carepath_rounds_to_are_the_places_dfe_publishes(con, source, column, unit, group):
    places = places_for(unit, group)
    values = [v for (v,) in con.execute(f"SELECT {column} FROM wide WHERE source = ? AND {column} IS NOT NULL",
                                        [source]).fetchall()]
    assert len(values) > 500
    assert all(Decimal(str(v)).normalize().as_tuple().exponent >= -places for v in values)          # never more places
    if places:
        assert any(Decimal(str(v)).normalize().as_tuple().exponent == -places for v in values)      # and they use them


# Indicators whose published match is a data file on Explore education statistics (named, with its
# columns, in each one's published: block). Taking a comparator away from one of them fails the test below.
PUBLISHED_IN_EES = {
    "sw_agency_rate", "sw_caseload", "sw_sickness", "sw_turnover_rate", "sw_vacancy_rate",     # workforce
    "care_leavers_eet_17_18", "care_leavers_eet_19_21", "care_leavers_suitable_accommodation_17_18",
    "care_leavers_suitable_accommodation_19_21",                                                # care leavers (F1)
    "cla_12m_health_checks", "cla_12m_immunisations", "cla_12m_dental_checks", "cla_12m_sdq_average",   # OC2
    "cla_placements_3plus", "cla_long_term_stability", "cla_3plus_social_workers", "cla_placed_20_miles",
    "cla_in_foster_care", "cla_in_homes", "cla_in_independent", "cla_ceased_sgo", "cla_ceased_cao",
    "cla_ceased_adoption_sgo", "cla_uasc_at_end", "cla_missing",
    "cla_at_end_under_1", "cla_at_end_1_4", "cla_at_end_5_9", "cla_at_end_10_15", "cla_at_end_16_plus",
    "cp_plans_2y_at_end", "cp_lasting_6m", "cp_lasting_1y", "cp_lasting_2y",                    # D5
    "cp_plans_at_end", "cp_plans_ceasing", "cp_plans_ended_2y",                                 # D1, D7
    "assessments_within_45wd", "assessments_completed", "assessment_duration",                  # C2
    "referrals_source_individual", "referrals_source_schools", "referrals_source_education",    # C5
    "referrals_source_health", "referrals_source_housing", "referrals_source_la_services", "referrals_source_police",
    "referrals_source_other_legal", "referrals_source_other", "referrals_source_anonymous", "referrals_source_unknown",
}
# Indicators DfE publishes whose data file's name and columns are not mapped yet (their reasons say so): none
# now. One added here must say "not yet mapped" in its published: none: reason.
NOT_YET_MAPPED: set[str] = set()
# Indicators nothing DfE publishes matches, and why (each one's published: none: reason says so in full).
NO_PUBLISHED_MATCH = {
    "cp_plan_length", "cp_plan_length_under_1", "cp_plan_length_1_4", "cp_plan_length_5_9",
    "cp_plan_length_10_15", "cp_plan_length_16_plus",     # D7 gives length bands for all ages, never a median or by age
}


def test_every_indicator_has_its_published_comparator_or_says_why_not(con):
    """Lists the catalogue's indicators with and without comparators. Fails if an indicator's mapping
    does not resolve against the published tables, or if a published measure carepath reads is matched
    by no indicator and not listed, with its reason, in ``published.UNMATCHED``."""
    from tests.conftest import shared_data_dir
    from carepath.analysis.benchmark import Published
    from carepath.indicators import catalogue
    with_, without = [], []
    for ind in catalogue.indicators().values():
        (with_ if ind.comparator else without).append(ind)
        if not ind.comparator:
            assert len(ind.published.get("none", "")) > 20, f"{ind.id} gives no reason for having no comparator"
    print(f"\nWith a published comparator ({len(with_)}):")
    for ind in with_:
        print(f"  {ind.id}: {ind.comparator.get('table') or ind.comparator['file']} {ind.comparator['value']}")
    print(f"Without ({len(without)}):")
    for ind in without:
        print(f"  {ind.id}: {ind.published['none']}")
    for ind in without:     # a reason may not be that carepath cannot read a published table: the reader is generic
        assert "does not read" not in ind.published["none"], f"{ind.id}: map its published table instead"
        if "not yet mapped" in ind.published["none"]:
            assert ind.id in NOT_YET_MAPPED, f"{ind.id} says DfE publishes it: map it, or list it in NOT_YET_MAPPED"
    assert sorted(i for i in PUBLISHED_IN_EES if not catalogue.get(i).comparator) == [], \
        "indicators DfE publishes in an Explore education statistics file that lack their comparator"
    assert NOT_YET_MAPPED == set(), "every indicator DfE publishes is mapped to its published file"
    for name in NO_PUBLISHED_MATCH:
        reason = catalogue.get(name).published.get("none", "")
        assert not catalogue.get(name).comparator and "DfE publishes no" in reason and "not yet mapped" not in reason
    source = Published(shared_data_dir())
    from carepath.reference import ees
    for ind in with_:
        if ind.comparator.get("release"):     # an EES data file: checked where the shared folder holds it
            if ees.find_file(shared_data_dir(), ind.comparator["file"]) is None:
                print(f"  {ind.id}: {ind.comparator['file']} is not in the shared data folder")
                continue
            assert source.values(ind.id, max(source.years(ind.id))), f"{ind.id} does not resolve"
            continue
        assert ind.comparator["table"] in published.TABLE_TITLES, ind.id
        values = source.values(ind.id, 2025)
        assert "E" in values and len([a for a in values if a.isdigit()]) >= 120, f"{ind.id} does not resolve"
        if ind.comparator.get("numerator"):
            assert len(source.pairs(ind.id, 2025)) >= 120, f"{ind.id}'s numerator and denominator do not resolve"
    read = {(s, m) for s, m in con.execute("SELECT DISTINCT source, measure FROM published").fetchall()}
    used = " ".join(f"{i.comparator['table']}:{i.comparator['value']} {i.comparator.get('numerator', '')} "
                    f"{i.comparator.get('denominator', '')}" for i in with_ if i.comparator.get("table"))
    tables = {i.comparator["table"] for i in with_ if i.comparator.get("table")}
    def matched(source_name, measure):
        return source_name in tables and measure in used
    unmatched = sorted(m for m in read if not matched(*m) and m not in published.UNMATCHED)
    assert unmatched == [], "published measures no indicator matches and no reason is given for"


def test_published_comparators_match_hand_checked_figures(con):
    # Brighton and Hove (846), 2024-25, as published: 3,236 referrals of which 763 re-referrals (23.6%),
    # and England's re-referral rate 22.6%; its rate of referrals is 3,236 over its mid-2024 children.
    from tests.conftest import shared_data_dir
    from carepath.analysis.benchmark import Published
    source = Published(shared_data_dir())
    assert source.values("re_referrals_12m", 2025)["846"] == pytest.approx(23.6)
    assert source.values("re_referrals_12m", 2025)["E"] == pytest.approx(22.6)
    children = {(a, y): c for a, y, c in population.children_0_17(shared_data_dir())}[("846", 2024)]
    assert source.values("referrals", 2025)["846"] == pytest.approx(3236 / children * 10_000)
    pairs = {a: (n, d) for a, _, n, d in source.pairs("referrals", 2025)}
    assert pairs["846"] == (3236, children)      # a rate's funnel: the count over the children aged 0-17
