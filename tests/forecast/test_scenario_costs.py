"""Scenarios change rates as written; costs price the stock; both refuse bad files with a reason."""
from datetime import date

import numpy as np
import pytest

from carepath.forecast.costs import (DEFAULT_COSTS, WEEKS_PER_MONTH, CostsError, cost_table, parse_costs,
                                     read_costs, uncosted, write_template, yearly_costs)
from carepath.forecast.history import MAX_AGE_MONTHS, PLACEMENT_TYPES
from carepath.forecast.markov import EXIT, N_BANDS, N_TYPES, Forecast, Rates
from carepath.forecast.scenario import Scenario, ScenarioError, apply, load_scenario

FIH, AGENCY, RES, KIN = (PLACEMENT_TYPES.index(p) for p in
                         ("fostering_in_house", "fostering_agency", "residential", "kinship"))


def hand_rates():
    moves = np.zeros((N_BANDS, N_TYPES, N_TYPES + 1))
    for k in range(N_TYPES):
        moves[:, k, k] = 1.0
    moves[:, FIH] = 0
    moves[:, FIH, FIH], moves[:, FIH, RES], moves[:, FIH, EXIT] = 0.5, 0.25, 0.25
    moves[:, KIN] = 0
    moves[:, KIN, KIN], moves[:, KIN, AGENCY] = 0.9, 0.1
    entries = np.zeros((MAX_AGE_MONTHS, N_TYPES))
    entries[5, AGENCY] = 0.5          # under 1
    entries[130, AGENCY] = 2.0        # 10 years 10 months: 10 to 15
    return Rates(moves, entries, np.ones((N_BANDS, N_TYPES)), (date(2024, 1, 31), date(2024, 3, 31)))


def test_exits_multiplied_and_the_rest_shrunk_in_proportion():
    r = apply(Scenario("more exits", ({"exits": 2, "placement_types": ["fostering_in_house"]},)), hand_rates())
    # exit 0.25 x 2 = 0.5; the other 0.75 shrinks to 0.5: in-house 0.5 x 0.5/0.75 = 1/3, residential 1/6
    assert r.moves[3, FIH, EXIT] == pytest.approx(0.5)
    assert r.moves[3, FIH, FIH] == pytest.approx(1 / 3) and r.moves[3, FIH, RES] == pytest.approx(1 / 6)
    assert np.allclose(r.moves.sum(axis=2), 1)


def test_entries_by_age_band_and_a_shift_between_types():
    s = Scenario("s", ({"entries": 0.9, "age_bands": ["10 to 15"]},
                       {"shift": 0.2, "from": "fostering_agency", "to": "fostering_in_house"}))
    r = apply(s, hand_rates())
    # aged 10-15: 2.0 x 0.9 = 1.8, then a fifth to in-house: 1.44 agency, 0.36 in-house; under 1: 0.4 and 0.1
    assert r.entries[130, AGENCY] == pytest.approx(1.44) and r.entries[130, FIH] == pytest.approx(0.36)
    assert r.entries[5, AGENCY] == pytest.approx(0.4) and r.entries[5, FIH] == pytest.approx(0.1)
    # kinship -> agency 0.1 becomes 0.08 agency + 0.02 in-house; agency children already there stay put
    assert r.moves[2, KIN, AGENCY] == pytest.approx(0.08) and r.moves[2, KIN, FIH] == pytest.approx(0.02)
    assert r.moves[2, AGENCY, AGENCY] == pytest.approx(1.0)
    assert hand_rates().entries[130, AGENCY] == 2.0                   # the estimate itself is untouched


@pytest.mark.parametrize("text, message", [
    ("name: x\n", "needs a 'changes' list"),
    ("changes:\n  - entries: 0.9\n    exits: 2\n", "exactly one of entries, exits or shift"),
    ("changes:\n  - entries: -1\n", "entries must be a number of 0 or more"),
    ("changes:\n  - entries: 0.9\n    age_bands: [teenagers]\n", "unknown age bands teenagers"),
    ("changes:\n  - shift: 0.3\n    from: fostering_agency\n", "shift needs 'to'"),
    ("changes: [\n", "not valid YAML"),
])
def test_bad_scenarios_are_refused_with_the_reason(tmp_path, text, message):
    path = tmp_path / "s.yml"
    path.write_text(text)
    with pytest.raises(ScenarioError, match=message):
        load_scenario(path)


def test_costs_template_round_trips_with_cited_defaults_and_bad_rows_are_named(tmp_path):
    path = write_template(tmp_path / "costs.csv")
    costs = read_costs(path)
    assert costs == DEFAULT_COSTS                       # the template reads back as the defaults, sources and all
    assert costs["fostering_in_house"][0] == 646.0 and "Unit Costs of Health and Social Care 2017" in costs[
        "fostering_in_house"][1] and "page 86" in costs["fostering_in_house"][1]
    assert costs["fostering_agency"][0] == 820.0 and costs["residential"][0] == 3830.0
    assert all("Competition and Markets Authority, 22 October 2021" in costs[p][1]
               for p in ("fostering_agency", "residential"))
    # kinship: the 2025-26 national minimum allowance by age band, weighted by the years each covers:
    # 0-2 (3 years) £170, 3-4 (2) £176, 5-10 (6) £194, 11-15 (5) £220, 16-17 (2) £258
    # = (510 + 352 + 1,164 + 1,100 + 516) / 18 = 3,642 / 18 = £202.33
    assert costs["kinship"][0] == 202.33 and "national minimum allowance 2025-26" in costs["kinship"][1]
    # no published national figure found: no default, rather than a made-up one or zero, and why
    assert [p for p in PLACEMENT_TYPES if costs[p][0] is None] == ["placed_with_parents", "other"]
    assert "social work, not an allowance" in costs["placed_with_parents"][1]
    bad = tmp_path / "bad.csv"
    for text, message in [
            ("placement_type,weekly_cost\nresidential,lots\n", "row 2: weekly cost 'lots' is not a number"),
            ("placement_type,weekly_cost\nhotel,100\n", "unknown placement type 'hotel'"),
            ("placement_type,weekly_cost\nkinship,100\nkinship,200\n", "row 3: kinship is in the file twice"),
            ("placement_type,weekly_cost\nkinship,-5\n", "row 2: a weekly cost must be £0 or more"),
            ("type,cost\nkinship,5\n", "needs the columns placement_type and weekly_cost")]:
        bad.write_text(text)
        with pytest.raises(CostsError, match=message):
            read_costs(bad)


def test_a_costs_file_with_a_byte_order_mark_pounds_and_commas_reads():
    costs = parse_costs("\ufeffplacement_type,weekly_cost,source\nresidential,\"£4,100.50\",our budget\n,,\n")
    assert costs["residential"] == (4100.5, "our budget")
    assert costs["kinship"] == (None, "not in the costs file")     # a type left out of the file has no cost


def hand_forecast():
    """13 month ends, constant: 10 in-house fostering and 2 residential aged 10-15, 3 kinship aged 5-9.

    Replicates are the central path x 0.5, x 1.0 and x 1.5.
    """
    central = np.zeros((13, N_BANDS, N_TYPES))
    central[:, 3, FIH] = 10
    central[:, 3, RES] = 2
    central[:, 2, KIN] = 3
    reps = np.stack([central * f for f in (0.5, 1.0, 1.5)])
    months = [date(2025, 3, 31)] + [date(2025, 4, 30)] * 12          # only their count matters here
    return Forecast(months, central, reps, 0.95, hand_rates(), [])


def test_cost_is_stock_times_weekly_cost_times_weeks_in_a_month_and_uncosted_types_are_named():
    fc = hand_forecast()
    costs = {p: (None, "none") for p in PLACEMENT_TYPES}
    costs["fostering_in_house"] = (646.0, "x")
    costs["residential"] = (3830.0, "y")
    table, notes = cost_table(fc, costs)
    total = table[table.placement_type == "All costed placements"]
    # a month is 365.25 / 7 / 12 = 4.348214 weeks
    # in-house: 10 x £646 x 4.348214 = £28,089.46; residential: 2 x £3,830 x 4.348214 = £33,307.32
    # all costed: £61,396.79 a month; kinship (3 children) has no cost: left out, not priced at £0
    assert WEEKS_PER_MONTH == pytest.approx(4.348214, abs=1e-6)
    assert table[table.placement_type == "Fostering: in-house"].cost.iloc[0] == pytest.approx(28089.46, abs=0.01)
    assert table[table.placement_type == "Residential"].cost.iloc[0] == pytest.approx(33307.32, abs=0.01)
    assert total.cost.iloc[0] == pytest.approx(61396.79, abs=0.01)
    assert set(table.placement_type) == {"All costed placements", "Fostering: in-house", "Residential"}
    # the interval is the 2.5% and 97.5% quantiles of the three simulations (x0.5, x1, x1.5): linear
    # interpolation at positions 0.05 and 1.95 gives x0.525 and x1.475
    assert total.lower.iloc[0] == pytest.approx(0.525 * 61396.79, abs=0.01)
    assert total.upper.iloc[0] == pytest.approx(1.475 * 61396.79, abs=0.01)
    # 3 of the 15 children at the start are in kinship fostering, which has no cost (agency: none, 0 children)
    assert notes == ["No weekly cost for Fostering: agency, Kinship fostering, Placed with parents, Other: left out of the cost "
                     "forecast, which therefore leaves out 3 of the 15 children looked after at the start (20% of "
                     "them). Add their weekly costs to the costs file."]
    assert uncosted(fc, costs, counts=False) == ["No weekly cost for Fostering: agency, Kinship fostering, Placed with "
                                                 "parents, Other: left out of the cost forecast. Add their weekly "
                                                 "costs to the costs file."]


def test_a_years_cost_sums_its_twelve_months():
    fc = hand_forecast()
    costs = dict(DEFAULT_COSTS)
    rows = {r["placement_type"]: r for r in yearly_costs(fc, costs)}
    # year 1 = month ends 1-12: 12 x 4.348214 = 52.178571 weeks (365.25 / 7)
    # in-house 10 x £646 x 52.178571 = £337,073.57; residential 2 x £3,830 x 52.178571 = £399,687.86
    # kinship 3 x £202.33 x 52.178571 = £31,671.87
    # agency fostering has a default cost but no children: £0, and is listed
    assert rows["Fostering: in-house"]["cost"] == pytest.approx(337073.57, abs=0.01)
    assert rows["Residential"]["cost"] == pytest.approx(399687.86, abs=0.01)
    assert rows["Kinship fostering"]["cost"] == pytest.approx(31671.87, abs=0.01)
    assert rows["Fostering: agency"]["cost"] == 0
    assert "Placed with parents" not in rows                    # no cost: not priced
    total = rows["All costed placements"]
    assert total["cost"] == pytest.approx(768433.30, abs=0.01)
    assert (total["lower"], total["upper"]) == (pytest.approx(0.525 * 768433.30, abs=0.01),
                                                pytest.approx(1.475 * 768433.30, abs=0.01))
    assert rows["Residential"]["weekly_cost"] == 3830 and "Competition and Markets" in rows["Residential"]["source"]
