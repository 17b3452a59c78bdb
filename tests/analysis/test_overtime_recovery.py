"""On a synthetic authority, the curves recover the rates the generator used.

Bounds: a curve's standard error is read off lifelines' 95% confidence interval as its width / (2 x
1.96) (the log(-log) interval is nearly symmetric at these sizes), and an estimate must lie within
three of them of the generator's figure, plus a stated allowance where the two differ by design.

CP plans:

The generator draws each CP plan's intended length from bands of months (truth.json ``hazards``),
uniform within a band, scaled by the authority's ``plan_length``. A plan is cut short when the child
enters care (on the plan's last day) or turns 18. So the Kaplan-Meier curve of plan duration, with
plans that ended by entry to care treated as censored (entry falls at a uniform point of the plan,
independent of its intended length) and children under 15 at the start (so 18 cannot cut a plan of
up to 36 months), estimates the generator's own survival function: S(t) = sum over bands of
weight x P(uniform length > t). It must lie within the 99% confidence interval, give or take the
day or two of moving the end to a working day.
"""
import json

import pytest

from carepath.analysis.overtime import histories, survival
from carepath.model import store as store_mod
from carepath.sources.loader import expand, load_file
from carepath.synth.generate import generate_authority
from carepath.synth.params import make_authorities
from carepath.synth.returns import share_returned

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    folder = tmp_path_factory.mktemp("recovery")
    params = make_authorities(1, seed=3, children=20_000, first_year=2018, last_year=2024)[0]
    generate_authority(params, folder)
    con = store_mod.connect(folder / "store.duckdb")
    for path in sorted(expand([folder / params.la_code])):
        if path.name != "truth.json":
            load_file(con, path, params.la_code)
    truth = json.loads((folder / params.la_code / "truth.json").read_text())
    yield con, truth, params.la_code
    con.close()


def generator_survival(truth: dict, days: float) -> float:
    scale = 30.44 * truth["parameters"]["plan_length"]
    total = sum(w for _, _, w in truth["hazards"]["cp_plan_length_months"])
    alive = 0.0
    for low, high, weight in truth["hazards"]["cp_plan_length_months"]:
        a, b = low * scale, high * scale
        alive += weight / total * (1.0 if days < a else 0.0 if days >= b else (b - days) / (b - a))
    return alive


def test_cp_plan_durations_recover_the_generators_lengths(synthetic):
    con, truth, la = synthetic
    frame = histories.spells(con, "cp_plan_duration", histories.observation(con, la))
    frame = frame[frame["age"] < 15].copy()
    cut = frame["ended_by_care"] & (frame["event"] == 1)
    frame.loc[cut, "event"] = 0
    frame.loc[cut, "kind"] = 0
    assert len(frame) > 300 and cut.sum() > 10
    (row,) = survival.curves(frame, "cp_plan_duration").summary
    for months in (6, 12, 24):
        expected = generator_survival(truth, months * 30.4375)
        half_width = (row[f"upper_{months}"] - row[f"lower_{months}"]) / 2 * 2.576 / 1.96
        assert abs(row[f"share_{months}"] - expected) <= half_width + 0.01, (months, row[f"share_{months}"], expected)


def standard_error(row: dict, months: int) -> float:
    return (row[f"upper_{months}"] - row[f"lower_{months}"]) / (2 * 1.96)


def test_time_in_care_recovers_what_the_generator_knows_followed(synthetic):
    """truth.json ``follow_up.leaving_care``: of the periods of care starting in the years, the share
    still in care 6, 12 and 24 months later, known to the generator beyond the end of the returns
    (every period's end is drawn when it starts). The Kaplan-Meier curve from the returns, where
    periods still open on the last 31 March are censored, must estimate it."""
    con, truth, la = synthetic
    frame = histories.spells(con, "leaving_care", histories.observation(con, la))
    known = truth["follow_up"]["leaving_care"]
    assert len(frame) == known["periods"]          # every period of care starting in the years is followed
    assert (frame["event"] == 0).sum() > 50        # and some are censored at the end of the data
    (row,) = survival.curves(frame, "leaving_care").summary
    for months in (6, 12, 24):
        expected = known[f"still_in_care_{months}_months_pct"] / 100
        assert abs(row[f"share_{months}"] - expected) <= 3 * standard_error(row, months), \
            (months, row[f"share_{months}"], expected)


def test_return_to_care_recovers_the_generators_hazard_by_reason_for_leaving(synthetic):
    """truth.json ``hazards.return_to_care``: a constant hazard in the first 12 months after leaving
    and another after, by reason for leaving (carepath.synth.returns), the only way back into care.
    The curve (followed to the day before the 18th birthday, as the hazard is) must give
    1 - exp(-cumulative hazard): home, 20% by 12 months and 1 - 0.80 x (0.65 / 0.80)^(12/48) =
    24.1% by 24 months."""
    con, truth, la = synthetic
    hazards = truth["hazards"]["return_to_care"]
    assert hazards["home"]["returned_by_12_months_pct"] == 20.0
    assert abs(share_returned("home", 24) - (1 - 0.80 * (0.65 / 0.80) ** 0.25)) < 1e-9
    frame = histories.spells(con, "return_to_care", histories.observation(con, la))
    result = survival.curves(frame, "return_to_care", "reason")
    rows = {row["group"]: row for row in result.summary}
    home = rows[histories.HOME]
    assert home["records"] > 100 and home["events"] > 20
    for months in (12, 24):
        expected = share_returned("home", months)
        assert abs(home[f"share_{months}"] - expected) <= 3 * standard_error(home, months), \
            (months, home[f"share_{months}"], expected)
    sgo = rows.get(histories.SGO)
    if sgo and sgo["share_12"] is not None:          # rare returns: the estimate must not exceed the bound
        assert sgo["share_12"] <= share_returned("special_guardianship", 12) + 3 * max(standard_error(sgo, 12), 0.01)
    adopted = rows.get(histories.ADOPTION)
    assert adopted is None or adopted["events"] == 0   # the generator's hazard after adoption is nil


def test_re_referral_recovers_what_the_generator_knows_followed(synthetic):
    """truth.json ``follow_up.re_referral``: the share of referrals (of children under 17, made at
    least 366 days before the end of the data) followed by another referral within 365 days. The
    curve from every referral of a child under 17, the latest censored at the end of the data, must
    estimate it at 12 months."""
    con, truth, la = synthetic
    frame = histories.spells(con, "re_referral", histories.observation(con, la))
    frame = frame[frame["age"] < 17]
    (row,) = survival.curves(frame, "re_referral").summary
    expected = truth["follow_up"]["re_referral"]["re_referred_12_months_pct"] / 100
    assert truth["follow_up"]["re_referral"]["referrals"] > 3000
    assert abs(row["share_12"] - expected) <= 3 * standard_error(row, 12), (row["share_12"], expected)


def test_the_synthetic_population_by_ethnic_group_adds_up_and_splits_incidence(synthetic):
    """The generator writes its population by DfE's major ethnic groups, in the shares its children are
    drawn with; every year, age and sex adds up to the population by single year of age, so the
    incidence by ethnic group has a denominator for every cell the overall one has."""
    from carepath.analysis.overtime import incidence
    con, _, la = synthetic
    differences = con.execute("""
        SELECT count(*) FROM (SELECT year, age, sex, sum(count) AS n FROM population_ethnicity GROUP BY ALL) e
        FULL JOIN (SELECT year, age, sex, count AS n FROM population) p USING (year, age, sex)
        WHERE e.n IS DISTINCT FROM p.n""").fetchall()[0][0]
    assert differences == 0
    overall = incidence.cumulative(con, la).table
    by_group = incidence.cumulative(con, la, subgroup="ethnic_group").table
    white = by_group[(by_group["subgroup"] == "White") & (by_group["event"] == "referral")]
    assert len(white) == len(overall[overall["event"] == "referral"]) and white["population"].notna().all()
    assert set(by_group["subgroup"]) == {"White", "Mixed", "Asian", "Black", "Other"}
