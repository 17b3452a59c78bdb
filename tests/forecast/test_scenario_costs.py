"""Scenarios change rates as written; costs price the stock; both refuse bad files with a reason."""
from datetime import date

import numpy as np
import pytest

from carepath.forecast.costs import CostsError, WEEKS_PER_MONTH, cost_table, read_costs, write_template
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


def test_costs_template_round_trips_and_bad_rows_are_named(tmp_path):
    path = write_template(tmp_path / "costs.csv")
    costs = read_costs(path)
    assert costs["fostering_in_house"][0] == 646.0 and "Unit Costs of Health and Social Care 2017" in costs[
        "fostering_in_house"][1]
    assert costs["residential"][0] is None
    bad = tmp_path / "bad.csv"
    bad.write_text("placement_type,weekly_cost\nresidential,lots\n")
    with pytest.raises(CostsError, match="row 2: weekly cost 'lots' is not a number"):
        read_costs(bad)
    bad.write_text("placement_type,weekly_cost\nhotel,100\n")
    with pytest.raises(CostsError, match="unknown placement type 'hotel'"):
        read_costs(bad)


def test_cost_is_stock_times_weekly_cost_times_weeks_in_a_month():
    central = np.zeros((2, N_BANDS, N_TYPES))
    central[:, 3, FIH] = 10
    central[:, 3, RES] = 2
    reps = np.stack([central * f for f in (0.5, 1.0, 1.5)])
    fc = Forecast([date(2025, 3, 31), date(2025, 4, 30)], central, reps, 0.95, hand_rates(), [])
    costs = {p: (None, "none") for p in PLACEMENT_TYPES}
    costs["fostering_in_house"] = (646.0, "x")
    table, notes = cost_table(fc, costs)
    total = table[table.placement_type == "All costed placements"]
    # 10 children x £646 x 365.25/7/12 (4.348) weeks = £28,089.85 a month; residential has no cost: left out
    assert WEEKS_PER_MONTH == pytest.approx(4.3482, abs=1e-4)
    assert total.cost.iloc[0] == pytest.approx(10 * 646 * 365.25 / 84)
    assert total.lower.iloc[0] < total.cost.iloc[0] < total.upper.iloc[0]
    assert notes[0].startswith("No weekly cost for Fostering: agency, Residential")
