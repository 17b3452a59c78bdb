"""Synthetic authorities stand in for real areas: real postcodes, placed near and far, from the same draws."""
from __future__ import annotations

import csv
import math

import pytest

from carepath.reference import postcodes
from carepath.synth.areas_data import UPPER_TIERS
from carepath.synth.params import make_authorities
from carepath.synth.places import CHILDREN_PER_POSTCODE, NEAR_MILES, Places, choose_areas, letters_for
from carepath.synth.population import People
from carepath.synth.rng import FastRandom

HARTLEPOOL = "E06000001"   # 3,500 postcodes in the directory, all beginning T (TS)


def test_each_authority_stands_in_for_an_area_of_its_size_and_none_twice_while_others_are_free():
    # Hartlepool has 3,500 postcodes: an authority of 3,500 x CHILDREN_PER_POSTCODE children is exactly
    # its size, so Hartlepool is among the three nearest, and the choice is the seed's
    children = round(3_500 * CHILDREN_PER_POSTCODE)
    nearest = sorted(UPPER_TIERS, key=lambda r: abs(math.log(r[2] / 3_500)))[:3]
    assert HARTLEPOOL in [r[0] for r in nearest]
    chosen = choose_areas([children], ["501"], seed=1)
    assert chosen == choose_areas([children], ["501"], seed=1)
    assert chosen[0][0] in [r[0] for r in nearest]
    many = make_authorities(100, seed=3)
    assert len({a.ons_code for a in many}) == 100
    # England's 153 are more than the 145 areas whose postcodes the validator can place: all are used
    assert len({a.ons_code for a in make_authorities(153, seed=3)}) == len(UPPER_TIERS) == 145
    biggest = max(many, key=lambda a: a.children)
    assert next(r for r in UPPER_TIERS if r[0] == biggest.ons_code)[2] > 30_000   # a county, not a borough


def test_the_area_table_agrees_with_the_directory():
    row = next(r for r in UPPER_TIERS if r[0] == HARTLEPOOL)
    found = [place for place in postcodes._letter("T").values() if place[2] == HARTLEPOOL]
    assert row[1] == "Hartlepool" and row[5] == "T" and len(found) == row[2]
    assert abs(sum(p[0] for p in found) / len(found) - row[3]) < 1
    assert letters_for(HARTLEPOOL).startswith("T") and len(letters_for(HARTLEPOOL)) <= 3


@pytest.fixture(scope="module")
def hartlepool():
    return Places(HARTLEPOOL, 2)


def test_localities_are_real_postcodes_of_the_area_and_placements_elsewhere_are_not(hartlepool):
    upper = postcodes.upper_tier(None)
    inside = set(hartlepool.localities[0]) | set(hartlepool.localities[1])
    assert not set(hartlepool.localities[0]) & set(hartlepool.localities[1])
    first = hartlepool.localities[1][0]
    assert hartlepool.beside(first) == hartlepool.localities[1][1]   # a placement that must not be at home
    located = postcodes.locate(inside)
    assert len(located) == len(inside) and {upper[p[2]] for p in located.values()} == {HARTLEPOOL}
    centre = hartlepool.centre
    for band, (low, high) in enumerate([(0, NEAR_MILES), (NEAR_MILES, 60), (60, 1_000)]):
        sample = hartlepool.bands[band][::500]
        for place in postcodes.locate(set(sample)).values():
            assert upper[place[2]] != HARTLEPOOL and place[2][0] in "EW"   # England or Wales
            assert low <= math.hypot(place[0] - centre[0], place[1] - centre[1]) / 1609.344 <= high


def test_a_postcode_takes_the_draws_a_made_up_one_took(hartlepool):
    # the made-up postcode drew: locality (when not given), district, digit, two letters; elsewhere:
    # area, district, digit, two letters. FastRandom makes one random() call per draw.
    params = make_authorities(1, seed=2, children=19_000)[0]
    people = People(params, FastRandom(5))
    people.places = hartlepool
    for locality, outside, draws in [(1, False, 4), (None, False, 5), (None, True, 5)]:
        people.rng, twin = FastRandom(9), FastRandom(9)
        made = people.postcode(locality, outside=outside)
        for _ in range(draws):
            twin.random()
        assert people.rng.random() == twin.random()
        assert hartlepool.inside(made) is not outside


def test_written_returns_carry_real_postcodes_of_the_area(tiny_dir, tiny_params):
    rows = []
    for path in sorted((tiny_dir / "ssda903").glob("*/episodes.csv")):
        with open(path, newline="") as handle:
            rows += list(csv.DictReader(handle))
    homes = {r["HOME_POST"] for r in rows if r["HOME_POST"]}
    placed = {r["PL_POST"] for r in rows if r["PL_POST"]}
    located = postcodes.locate(homes | placed)
    assert len(located) == len(homes | placed)                     # every one is in the directory
    upper = postcodes.upper_tier(None)
    assert {upper[located[postcodes.normalise(p)][2]] for p in homes} == {tiny_params.ons_code}
    assert any(upper[located[postcodes.normalise(p)][2]] != tiny_params.ons_code for p in placed)
