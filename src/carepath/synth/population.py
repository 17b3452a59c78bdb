"""The authority's children: population by age and sex, and the made-up people the records are about.

Names come from short lists of common names, so the people are made up; their postcodes are real
ones (public geography, not personal data) of the real area the authority stands in for, one
cluster of neighbouring postcodes per locality, and placements elsewhere are real postcodes of
other areas near and far (:mod:`carepath.synth.places`). UPNs follow the DfE pattern with a
correct check letter.
"""
from __future__ import annotations

import random

from carepath.synth.places import BANDS, Places, choose_areas
from carepath.synth.params import DISABILITY, DISABLED_PCT, ETHNICITY, UASC_ETHNICITY, AuthorityParams, Distribution
from carepath.synth.records import Child
from carepath.synth.workdays import birthday

BOYS = ("Oliver", "George", "Harry", "Noah", "Jack", "Leo", "Arthur", "Muhammad", "Oscar", "Charlie", "Jacob",
        "Thomas", "Henry", "William", "Joshua", "James", "Alfie", "Freddie", "Archie", "Theo", "Isaac", "Ethan",
        "Lucas", "Mason", "Logan", "Riley", "Daniel", "Samuel", "Joseph", "Max", "Dylan", "Tyler", "Kai",
        "Callum", "Kyle", "Liam", "Ryan", "Connor", "Jayden", "Reece", "Aaron", "Ben", "Luke", "Adam", "Ali",
        "Ibrahim", "Yusuf", "Zain", "Rohan", "Arjun", "Kacper", "Jakub", "Mateo", "Elijah", "Tobias", "Finley",
        "Louis", "Harrison", "Jenson", "Bobby")
GIRLS = ("Olivia", "Amelia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Isabella", "Rosie", "Sophia", "Grace",
         "Freya", "Evie", "Poppy", "Ella", "Willow", "Emily", "Sophie", "Jessica", "Chloe", "Ruby", "Holly",
         "Megan", "Lauren", "Bethany", "Courtney", "Paige", "Leah", "Abigail", "Hannah", "Charlotte", "Daisy",
         "Millie", "Phoebe", "Scarlett", "Maisie", "Layla", "Aisha", "Fatima", "Zara", "Maryam", "Priya",
         "Amira", "Zuzanna", "Maja", "Nia", "Ella-Rose", "Katie", "Amber", "Jade", "Kayla", "Tia", "Skye",
         "Summer", "Harper", "Eliza", "Matilda", "Niamh", "Erin", "Caitlin")
SURNAMES = ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Robinson",
            "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Thomas", "Clarke",
            "Jackson", "Wood", "Harris", "Edwards", "Turner", "Martin", "Cooper", "Hill", "Ward", "Hughes",
            "Moore", "Clark", "King", "Harrison", "Lewis", "Baker", "Lee", "Allen", "Morris", "Khan", "Scott",
            "Watson", "Davis", "Parker", "James", "Bennett", "Young", "Phillips", "Richardson", "Mitchell",
            "Bailey", "Carter", "Cook", "Singh", "Shaw", "Bell", "Collins", "Morgan", "Kelly", "Begum", "Dixon",
            "Miller", "Adams", "Campbell", "Ali", "Anderson", "Ellis", "Murphy", "Price", "Stevens", "Marshall",
            "Simpson", "Chapman", "Holmes", "Mason", "Knight", "Hussain", "Russell", "Webb", "Rogers", "Gray",
            "Mills", "Hunt", "Palmer", "Graham", "Lloyd", "Fox", "Butler", "Kaur", "Kowalski", "Nowak", "Okafor",
            "Mensah", "Nguyen", "Ahmed", "Rahman", "Ibrahim", "Osei", "Popescu", "Reid", "Quinn", "Barker",
            "Fletcher", "Hudson", "Lawson", "Porter", "Spencer", "Stone", "Walsh", "Wells", "Yates", "Doyle")
UASC_NAMES = ("Ahmad", "Mohammed", "Abdullah", "Yonas", "Filmon", "Samuel", "Omar", "Hassan", "Ali", "Dawit",
              "Mustafa", "Hamid", "Karim", "Bilal", "Tesfay", "Rahim", "Idris", "Yasin", "Amanuel", "Faisal")
UASC_SURNAMES = ("Ahmadi", "Mohammadi", "Hosseini", "Tesfaye", "Haile", "Abdi", "Osman", "Yusuf", "Kebede",
                 "Rahimi", "Karimi", "Ali", "Hassan", "Mahmoud", "Gebre", "Ibrahim", "Noori", "Sultani")
NICKNAMES = {"Thomas": "Tom", "William": "Will", "Joshua": "Josh", "James": "Jamie", "Samuel": "Sam",
             "Joseph": "Joe", "Daniel": "Dan", "Alfie": "Alfred", "Freddie": "Frederick", "Charlie": "Charles",
             "Elizabeth": "Beth", "Isabella": "Bella", "Charlotte": "Lottie", "Abigail": "Abbie",
             "Jessica": "Jess", "Sophia": "Sophie", "Matilda": "Tilly", "Eliza": "Elizabeth", "Katie": "Kate",
             "Harry": "Henry", "Max": "Maxwell", "Ben": "Benjamin", "Olivia": "Liv", "Amelia": "Millie"}
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
# Real LA numbers to put in UPNs: a UPN's characters 2-4 name the authority of the school that issued it.
_UPN_LA_CODES = ("330", "340", "341", "350", "370", "380", "390", "810", "812", "815", "820", "825", "830",
                 "840", "845", "850", "855", "860", "865", "870", "873", "878", "881", "885", "886", "891",
                 "908", "909", "916", "919", "925", "926", "931", "933", "935", "936", "937", "938")
# Relative size of each single year of age, 0 to 25 (births have fallen, so the youngest are fewest)
AGE_PROFILE = (0.88, 0.89, 0.91, 0.93, 0.95, 0.97, 0.98, 0.99, 1.0, 1.01, 1.03, 1.04, 1.05, 1.06, 1.06, 1.05,
               1.04, 1.03, 1.02, 1.0, 0.99, 0.98, 0.98, 0.99, 1.0, 1.01)
MALE_SHARE = 0.512


class Postcode(str):
    """A real postcode that remembers the draws that chose it (``draw``: locality or area, and number)."""

    def __new__(cls, text: str, draw: tuple[int, int]):
        made = super().__new__(cls, text)
        made.draw = draw
        return made


def upn_check_letter(digits12: str) -> str:
    """The DfE UPN check letter for the 12 characters after it (weights 2..13, modulo 23)."""
    return _CHECK_LETTERS[sum(int(c) * (i + 2) for i, c in enumerate(digits12)) % 23]


def make_upn(la_number: str, n: int, year_of_issue: int) -> str:
    body = f"{la_number}{1000 + (n // 1000) % 9000:04d}{year_of_issue % 100:02d}{n % 1000:03d}"
    return upn_check_letter(body) + body


def localities_for(children: int) -> int:
    return 1 if children < 10_000 else 2 if children < 40_000 else 3 if children < 100_000 else \
        4 if children < 200_000 else 6


LOCALITY_NAMES = ("North", "South", "East", "West", "Central", "Coastal")


class People:
    """Makes the authority's children: identity, characteristics, names and addresses."""

    def __init__(self, params: AuthorityParams, rng: random.Random):
        self.params, self.rng = params, rng
        self.localities = localities_for(params.children)
        ons_code = params.ons_code or choose_areas([params.children], [params.la_code], params.seed)[0][0]
        self.places = Places(ons_code, self.localities)
        self._made: dict[tuple[int, int], Postcode] = {}
        self.upn_la = _UPN_LA_CODES[params.index % len(_UPN_LA_CODES)]
        scale = {code: params.ethnic_diversity for code, _ in ETHNICITY if code not in ("WBRI", "REFU", "NOBT")}
        self.ethnicity = Distribution.of(ETHNICITY, scale)
        self.uasc_ethnicity = Distribution.of(UASC_ETHNICITY)
        self.disability = Distribution.of(DISABILITY)
        self.children: list[Child] = []

    def postcode(self, locality: int | None = None, outside: bool = False) -> "Postcode":
        """A real postcode in ``locality`` (any, if None) or, ``outside``, in another area near or far.

        The draws are the same, in number and kind, as when the generator made postcodes up (an
        area, district, digit and two letters), so every other record of a seed is as it was; they
        pick from the real postcodes instead, and the postcode keeps them (``draw``) so the choices
        that compared made-up postcodes compare the same draws.
        """
        rng, letters = self.rng, len(_INWARD_LETTERS)
        if outside:
            offset = rng.randint(1, 9)
            district = rng.randint(1, 60)
            draw = ((district - 1) * 9 + rng.randint(1, 9) - 1) * letters * letters
            draw += _INWARD_LETTERS.index(rng.choice(_INWARD_LETTERS)) * letters
            draw += _INWARD_LETTERS.index(rng.choice(_INWARD_LETTERS))
            key = (-offset, draw)
        else:
            loc = rng.randrange(self.localities) if locality is None else locality
            draw = (rng.randrange(3) * 9 + rng.randint(1, 9) - 1) * letters * letters
            draw += _INWARD_LETTERS.index(rng.choice(_INWARD_LETTERS)) * letters
            draw += _INWARD_LETTERS.index(rng.choice(_INWARD_LETTERS))
            key = (loc, draw)
        made = self._made.get(key)
        if made is None:
            real = self.places.elsewhere(BANDS[offset - 1], draw, 60 * 9 * letters * letters) if outside \
                else self.places.home(loc, draw, 3 * 9 * letters * letters)
            made = self._made[key] = Postcode(real, key)
        return made

    def new_child(self, dob: int, known_from: int, uasc: bool = False) -> Child:
        rng = self.rng
        n = len(self.children) + 1
        sex = "M" if (rng.random() < (0.9 if uasc else MALE_SHARE)) else "F"
        child = Child(n, f"C{self.params.la_code}{n:07d}", dob, sex)
        child.b18 = birthday(dob, 18)
        child.known_from = known_from
        child.uasc = uasc
        if uasc:
            child.ethnicity = self.uasc_ethnicity.draw(rng.random())
            child.forename, child.surname = rng.choice(UASC_NAMES), rng.choice(UASC_SURNAMES)
            child.duc = child.b18
        else:
            child.ethnicity = self.ethnicity.draw(rng.random())
            child.forename = rng.choice(BOYS if sex == "M" else GIRLS)
            child.surname = rng.choice(SURNAMES)
            if rng.random() < DISABLED_PCT / 100:
                count = 1 + (rng.random() < 0.45) + (rng.random() < 0.2)
                found: list[str] = []
                while len(found) < count:
                    code = self.disability.draw(rng.random())
                    if code not in found:
                        found.append(code)
                child.disabilities = tuple(found)
        child.locality = rng.randrange(self.localities)
        child.postcode = self.postcode(child.locality)
        issue_year = 1 + (dob + 4 * 365) // 365  # roughly the year the child started school (the UPN's "year")
        child.upn = make_upn(self.upn_la, n, issue_year)
        self.children.append(child)
        return child

    def move(self, child: Child, day: int) -> None:
        """The family moves: a new postcode, sometimes in another locality."""
        locality = self.rng.randrange(self.localities) if self.rng.random() < 0.5 else child.locality_on(day)
        child.moves.append((day, locality, self.postcode(locality)))


def population_table(params: AuthorityParams, mid_years: list[int]) -> list[tuple[int, int, str, int]]:
    """(mid-year, age 0-25, M/F, count): the 0-17 total follows the authority's size and growth."""
    rng = random.Random(params.seed ^ 0x5EED)
    base = sum(AGE_PROFILE[:18])
    rows = []
    for year in mid_years:
        total = params.children * (1 + params.population_growth) ** (year - params.first_year)
        for age, weight in enumerate(AGE_PROFILE):
            people = total * weight / base * (1 + rng.uniform(-0.01, 0.01))
            males = round(people * MALE_SHARE)
            rows.append((year, age, "M", males))
            rows.append((year, age, "F", max(0, round(people) - males)))
    return rows


def children_0_17(table: list[tuple[int, int, str, int]], mid_year: int) -> int:
    return sum(count for year, age, _, count in table if year == mid_year and age <= 17)
