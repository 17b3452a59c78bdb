"""The whole catalogue on a synthetic authority recovers the generator's known rates.

The generator draws each child's journey from explicit parameters (its truth.json). Loaded
through the real readers and computed by the engine, the figures must agree with those
parameters within their sampling error (4 standard errors: a false alarm about once in 16,000
comparisons), and with the generator's own counts of its records exactly where the two define a
figure the same way. Two independent implementations, one answer.
"""
from __future__ import annotations

import json
import math

import pytest

from carepath.indicators import catalogue, engine, periods
from carepath.model import store as store_mod
from carepath.sources.loader import expand, load_file
from carepath.synth.generate import generate
from carepath.synth.params import make_authorities

YEARS = ["2022-23", "2023-24", "2024-25"]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synthetic")
    generate(make_authorities(1, seed=7, first_year=2021, last_year=2024, size="small"), folder / "returns")
    con = store_mod.connect(folder / "store.duckdb")
    for path in expand([folder / "returns"]):
        if path.suffix != ".json":
            result = load_file(con, path)
            assert result.status in ("loaded", "already loaded"), result.summary()
    engine.run(con, list(catalogue.indicators().values()), [periods.parse(y) for y in YEARS],
               levels=("authority", "team"))
    truth = json.loads((folder / "returns" / "501" / "truth.json").read_text())
    yield con, truth
    con.close()


def figure(con, indicator_id, year, level="authority"):
    rows = con.execute("SELECT unit_id, numerator, denominator, value FROM indicator_result "
                       "WHERE indicator_id = ? AND period = ? AND level = ?", [indicator_id, year, level]).fetchall()
    return {r[0]: r[1:] for r in rows}


def within_sampling_error_of_a_rate(count, population, expected_per_10k):
    se = math.sqrt(max(count, 1)) / population * 10_000          # Poisson
    return abs(count / population * 10_000 - expected_per_10k) <= 4 * se


def within_sampling_error_of_a_percentage(numerator, denominator, expected_pct):
    p = expected_pct / 100
    se = math.sqrt(p * (1 - p) / denominator) * 100               # binomial
    return abs(100 * numerator / denominator - expected_pct) <= 4 * se


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("indicator_id, parameter", [
    ("referrals", "referrals_per_10k"),
    ("s47_enquiries", "s47_per_10k"),
    ("cp_plans_starting", "cpp_starts_per_10k"),
])
def test_rates_recover_the_parameters(synthetic, year, indicator_id, parameter):
    con, truth = synthetic
    numerator, population, _ = figure(con, indicator_id, year)["501"]
    assert population == truth["figures"][year]["children_0_17"]
    assert within_sampling_error_of_a_rate(numerator, population, truth["parameters"][parameter])


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("indicator_id, parameter", [
    ("re_referrals_12m", "rereferral_pct"),
    ("assessments_within_45wd", "assessments_within_45_pct"),
    ("icpcs_within_15wd", "icpc_within_15_pct"),
    ("repeat_cp_plans", "repeat_cpp_pct"),
])
def test_percentages_recover_the_parameters(synthetic, year, indicator_id, parameter):
    con, truth = synthetic
    numerator, denominator, _ = figure(con, indicator_id, year)["501"]
    assert within_sampling_error_of_a_percentage(numerator, denominator, truth["parameters"][parameter])


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("indicator_id, counted", [
    ("referrals", "referrals"),
    ("s47_enquiries", "s47"),
    ("cp_plans_starting", "cpp_starts"),
    ("cla_at_end", "cla_at_31_march"),
    ("cla_starting", "cla_started"),
    ("cla_ceasing", "cla_ceased"),
    ("assessments_completed", "assessments_completed"),
])
def test_counts_equal_the_generators_own(synthetic, year, indicator_id, counted):
    con, truth = synthetic
    numerator, _, _ = figure(con, indicator_id, year)["501"]
    assert numerator == truth["figures"][year][counted]


def test_every_indicator_has_a_figure_or_says_why(synthetic):
    con, _ = synthetic
    rows = con.execute("""SELECT indicator_id, note FROM indicator_result
                          WHERE level = 'authority' AND period = '2024-25' AND value IS NULL""").fetchall()
    unexplained = [r for r in rows if not r[1]]
    assert unexplained == []
    computed = con.execute("SELECT count(DISTINCT indicator_id) FROM indicator_result WHERE period = '2024-25'"
                           ).fetchall()[0][0]
    assert computed == len(catalogue.indicators())


def test_teams_add_up_to_the_authority(synthetic):
    con, _ = synthetic
    differences = con.execute("""
        SELECT a.indicator_id, a.period, a.numerator, sum(t.numerator)
        FROM indicator_result a JOIN indicator_result t
          ON t.indicator_id = a.indicator_id AND t.period = a.period AND t.level = 'team' AND a.level = 'authority'
        GROUP BY ALL HAVING abs(a.numerator - sum(t.numerator)) > 1e-6""").fetchall()
    assert differences == []


@pytest.mark.parametrize("year", YEARS)
def test_open_at_the_end_differs_from_the_generator_only_by_the_last_day(synthetic, year):
    """The generator counts episodes open *after* 31 March and leaves NFA referrals out; carepath's
    documented boundary counts an episode closing on the last day (and an NFA referral made on it) as
    open on it. The difference must be exactly those episodes."""
    con, truth = synthetic
    end = periods.parse(year).end
    closing_on_the_day = con.execute("""SELECT count(*) FROM referral WHERE referral_date <= ? AND closure_date = ?
                                        AND NOT (nfa AND referral_date < ?)""", [end, end, end]).fetchall()[0][0]
    assert figure(con, "cin_at_end", year)["501"][0] == truth["figures"][year]["cin_at_31_march"] + closing_on_the_day
    plans_ending = con.execute("SELECT count(*) FROM cp_plan WHERE start_date <= ? AND end_date = ?",
                               [end, end]).fetchall()[0][0]
    assert figure(con, "cp_plans_at_end", year)["501"][0] == truth["figures"][year]["cpp_at_31_march"] + plans_ending


def test_every_team_figure_is_the_sum_of_the_records_behind_it(synthetic):
    """The bulk run sums records per team as the queries produce them; the drill-through recomputes
    one figure's records. For every indicator, each team's numerator is its records' numerators."""
    con, _ = synthetic
    differ = {}
    for indicator in catalogue.indicators().values():
        behind: dict[str, float] = {}
        for row in engine.records(con, indicator, periods.parse("2024-25")).to_pylist():
            behind[row["team_id"]] = behind.get(row["team_id"], 0.0) + (row["numerator"] or 0.0)
        stored = {unit: n for unit, (n, _, _) in figure(con, indicator.id, "2024-25", "team").items()
                  if n is not None}
        for team in set(stored) | {t for t, n in behind.items() if n}:
            if stored.get(team, 0.0) != pytest.approx(behind.get(team, 0.0)):
                differ[(indicator.id, team)] = (stored.get(team), behind.get(team))
    assert differ == {}


def test_placements_far_from_home_come_from_the_real_postcodes_of_the_area_it_stands_in_for(synthetic):
    """Synthetic postcodes are real ones of the area the authority stands in for (truth.json ons_code),
    which the engine finds beside the loaded files, so the distance indicator computes. Worked here
    from the written episodes: each child's episode open at 31 March 2025 (no DEC; V3/V4 left out),
    miles between the two postcodes' grid references, outside when the placement's district is not
    in the area's county; the figure is the share both more than 20 miles away and outside."""
    import csv
    from pathlib import Path

    from carepath.reference import postcodes
    con, truth = synthetic
    path = con.execute("SELECT file_path FROM load_batch WHERE file_path LIKE '%2024-25%episodes.csv'"
                       ).fetchall()[0][0]
    with open(Path(path), newline="") as handle:
        open_at_end = [r for r in csv.DictReader(handle) if not r["DEC"] and r["LS"] not in ("V3", "V4")
                       and r["HOME_POST"] and r["PL_POST"]]
    places = postcodes.locate({r["HOME_POST"] for r in open_at_end} | {r["PL_POST"] for r in open_at_end})
    upper = postcodes.upper_tier(None)
    far = 0
    for r in open_at_end:
        home, placed = places[postcodes.normalise(r["HOME_POST"])], places[postcodes.normalise(r["PL_POST"])]
        far += postcodes.miles(home, placed) > 20 and upper[placed[2]] != truth["ons_code"]
    numerator, denominator, value = figure(con, "cla_placed_20_miles", "2024-25")["501"]
    assert (numerator, denominator) == (far, len(open_at_end))
    assert 5 < value < 35          # a percentage, some placed far but most near (most within 20 miles)
