"""Cumulative incidence by birth cohort with known denominators, worked by hand."""
import pandas as pd
import pytest

from carepath.analysis.overtime import incidence
from carepath.errors import CarepathError
from tests.analysis.test_overtime_survival import returns


@pytest.fixture
def born(world):
    """Returns 2021-22 to 2024-25: data from 1 April 2021 to 31 March 2025. Cohorts fully observed from birth
    start in 2022; a cohort's age a needs 31 December (birth year + a + 1) <= 31 March 2025, so born 2022
    has ages 0 and 1 (to 31 Dec 2024), born 2023 age 0 only, born 2024 none."""
    returns(world, "2021-22", "2022-23", "2023-24", "2024-25")
    for sex, people in (("M", 60), ("F", 40)):
        world.population(2022, people, age=0, sex=sex)     # born 2022, aged 0 at mid-2022: 100
        world.population(2023, people + 10, age=1, sex=sex)  # aged 1 at mid-2023: 120 (moved in)
        world.population(2023, people // 2, age=0, sex=sex)  # born 2023, aged 0 at mid-2023: 50
    world.child("A", dob="2022-02-01", sex="M")
    world.referral("A", "2022-06-01")        # age 0
    world.referral("A", "2023-05-01")        # age 1: not a first referral
    world.child("B", dob="2022-11-20", sex="F")
    world.referral("B", "2024-01-10")        # age 1
    world.child("C", dob="2022-03-03", sex="M")
    world.episode("C", "2022-03-10")         # care at age 0 (no referral)
    world.child("D", dob="2023-07-01", sex="F")
    world.referral("D", "2024-03-01")        # age 0
    world.child("E", dob="2021-05-01", sex="F")
    world.referral("E", "2021-09-01")        # born 2021: before the first full cohort, not shown
    return world


def test_cumulative_percent_by_cohort_and_age(born):
    found = incidence.cumulative(born.con, "846")
    assert found.cohorts == [2022, 2023]
    got = {(r.event, r.birth_year, r.age): (r.children, r.population, r.cumulative_percent)
           for r in found.table.itertuples()}
    # born 2022: first referrals by age 0 = A (1 of 100 = 1%); by age 1 = A, B (2 of 120 = 1.67%)
    assert got[("referral", 2022, 0)] == (1, 100, 1.0)
    assert got[("referral", 2022, 1)] == (2, 120, 1.67)
    # born 2023: D at age 0, 1 of 50 = 2%; age 1 would need 31 December 2024 + 1 year: not shown
    assert got[("referral", 2023, 0)] == (1, 50, 2.0)
    assert ("referral", 2023, 1) not in got
    assert got[("care", 2022, 0)] == (1, 100, 1.0) and got[("cp_plan", 2022, 1)] == (0, 120, 0.0)
    assert not any(b == 2021 for _, b, _ in got)
    assert any("not extrapolated" in n for n in found.notes)


def test_by_sex_uses_the_sex_population(born):
    found = incidence.cumulative(born.con, "846", subgroup="sex")
    got = {(r.event, r.subgroup, r.birth_year, r.age): (r.children, r.population)
           for r in found.table.itertuples()}
    assert got[("referral", "Male", 2022, 0)] == (1, 60)       # A of the 60 boys
    assert got[("referral", "Female", 2022, 1)] == (1, 50)     # B of the 50 girls aged 1 at mid-2023


def test_ethnic_group_is_not_available_and_says_why(born):
    assert not incidence.by_ethnic_group_given(born.con, "846")
    with pytest.raises(CarepathError, match="no population by ethnic group for authority 846.*Census 2021"):
        incidence.cumulative(born.con, "846", subgroup="ethnic_group")


def test_by_ethnic_group_with_a_census_year_worked_by_hand(born):
    """The population by ethnic group is given for 2022 only (as a census gives one year):
    age 0: White 40 + 30 = 70, Black 10 + 5 = 15, Asian 10 + 5 = 15 (of the 100 in the mid-2022 estimate);
    age 1: White 30 + 30 = 60, Black 10 + 10 = 20, Asian 10 + 10 = 20 (of 100).
    Denominators: born 2022 at age 0 (2022, given): White 70, Black 15, Asian 15.
    Born 2022 at age 1 (2023, not given): 2022's shares at age 1 x the mid-2023 estimate of 120:
    White 60/100 x 120 = 72, Black 20/100 x 120 = 24. Born 2023 at age 0 (2023): Black 15/100 x 50 = 7.5.
    Children: A White (referral at 0), B Black (referral at 1), C Asian (care at 0), D Black (born 2023,
    referral at 0). So: White referral born 2022 by 0: 1/70 = 1.43%; Black by 0: 0/15, by 1: 1/24 = 4.17%;
    Black born 2023 by 0: 1/7.5 = 13.33%; Asian care by 0: 1/15 = 6.67%."""
    for name, dob, sex, code in (("A", "2022-02-01", "M", "WBRI"), ("B", "2022-11-20", "F", "BAFR"),
                                 ("C", "2022-03-03", "M", "APKN"), ("D", "2023-07-01", "F", "BCRB")):
        born.child(name, dob=dob, sex=sex, ethnicity=code)
    for age, group, males, females in ((0, "White", 40, 30), (0, "Black", 10, 5), (0, "Asian", 10, 5),
                                       (1, "White", 30, 30), (1, "Black", 10, 10), (1, "Asian", 10, 10)):
        for sex, people in (("M", males), ("F", females)):
            born._put("population_ethnicity", {"population_id": f"846/2022/{age}/{sex}/{group}", "area_code": "846",
                                               "year": 2022, "age": age, "sex": sex, "ethnic_group": group,
                                               "category": group, "count": people})
    assert incidence.by_ethnic_group_given(born.con, "846")
    found = incidence.cumulative(born.con, "846", subgroup="ethnic_group")
    got = {(r.event, r.subgroup, r.birth_year, r.age): (r.children, r.population, r.cumulative_percent)
           for r in found.table.itertuples()}
    assert got[("referral", "White", 2022, 0)] == (1, 70, 1.43)
    assert got[("referral", "Black", 2022, 0)] == (0, 15, 0.0)
    assert got[("referral", "Black", 2022, 1)] == (1, 24, 4.17)
    assert got[("referral", "White", 2022, 1)][1] == 72
    assert got[("referral", "Black", 2023, 0)] == (1, 7.5, 13.33)
    assert got[("care", "Asian", 2022, 0)] == (1, 15, 6.67)
    assert pd.isna(got[("referral", "Other", 2022, 0)][2])          # no population given for the group: left empty
    assert any("No population estimate for" in n for n in found.notes)
    assert any("given for 2022" in n and "nearest" in n for n in found.notes)


def test_no_population_names_what_is_missing(world):
    returns(world, "2021-22", "2022-23", "2023-24", "2024-25")
    world.child("A")
    with pytest.raises(CarepathError, match="no mid-year population estimates by single year of age"):
        incidence.cumulative(world.con, "846")


def test_one_year_of_data_is_a_clear_message(world):
    returns(world, "2024-25")
    world.population(2024, 100, age=0)
    world.child("A")
    with pytest.raises(CarepathError, match="no birth cohort has been followed from birth"):
        incidence.cumulative(world.con, "846")
