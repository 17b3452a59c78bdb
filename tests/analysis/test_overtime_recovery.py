"""On a synthetic authority, the curves recover the rates the generator used.

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
