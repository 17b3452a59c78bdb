"""Cohort filters: who is in the cohort, worked out by hand, and that the filters change the
timed journeys and the SQL station count alike."""
from datetime import date

import pytest

from carepath.analysis import journeys, journeys_counts
from carepath.analysis.journeys_cohort import Cohort, CohortError, cohort_sql, options
from tests.indicators.world import World

START, END = date(2024, 4, 1), date(2025, 3, 31)


@pytest.fixture
def world(store):
    return World(store)


def members(world, **filters) -> set[str]:
    sql, params = cohort_sql(Cohort(START, END, **filters))
    return {r[0].split("/")[1] for r in world.con.execute(sql, params).fetchall()}


def test_age_band_is_the_age_on_the_first_day_of_the_period(world):
    world.child("FIVE", dob="2019-04-01")        # 5 on 1 April 2024: 5-9
    world.child("FOUR", dob="2019-04-02")        # 4 (5 the next day): 1-4
    world.child("BABY", dob="2024-03-31")        # 0: under 1
    world.child("UNBORN", dob=None)              # unknown
    world.child("LATER", dob="2024-06-01")       # born after the period starts: unborn
    world.child("SIXTEEN", dob="2008-04-01")     # 16: 16+
    assert members(world, age_bands=("5-9",)) == {"FIVE"}
    assert members(world, age_bands=("1-4", "Under 1")) == {"FOUR", "BABY"}
    assert members(world, age_bands=("Unborn or unknown",)) == {"UNBORN", "LATER"}
    assert members(world, age_bands=("16+",)) == {"SIXTEEN"}


def test_sex_ethnic_group_and_disability(world):
    world.child("A", sex="F", ethnicity="WBRI", disabilities=["NONE"])
    world.child("B", sex="M", ethnicity="BAFR", disabilities=["AUT", "LD"])
    world.child("C", sex="M", ethnicity="REFU", disabilities=None)
    world.child("D", sex="U", ethnicity="CHNE")
    assert members(world, sexes=("M",)) == {"B", "C"}
    assert members(world, ethnic_groups=("White",)) == {"A"}
    assert members(world, ethnic_groups=("Black", "Other")) == {"B", "D"}
    assert members(world, ethnic_groups=("Not known",)) == {"C"}
    assert members(world, disability="yes") == {"B"}
    assert members(world, disability="no") == {"A", "C", "D"}
    assert members(world, sexes=("M",), disability="no") == {"C"}


def test_team_and_locality_through_allocations_overlapping_the_period(world):
    world.team("T1", locality="North")
    world.team("T2", locality="South")
    world.worker("W2", team="T2")
    for child in ("IN", "BEFORE", "WORKER", "AFTER"):
        world.child(child)
    world.allocation("IN", "W1", "2024-03-01", "2024-04-01", team="T1")       # ends on the first day: overlaps
    world.allocation("BEFORE", "W1", "2023-01-01", "2024-03-31", team="T1")   # ends the day before: not
    world.allocation("WORKER", "W2", "2024-06-01")                            # no team: the worker's (T2)
    world.allocation("AFTER", "W1", "2025-04-01", team="T1")                  # starts after the period
    assert members(world, teams=("846/T1",)) == {"IN"}
    assert members(world, teams=("846/T2",)) == {"WORKER"}
    assert members(world, localities=("South",)) == {"WORKER"}
    assert members(world, localities=("North", "South")) == {"IN", "WORKER"}


def test_referral_source_of_an_episode_overlapping_the_period(world):
    for child in ("POLICE", "SCHOOL", "CLOSED", "NONE"):
        world.child(child)
    world.referral("POLICE", "2023-06-01", source="6")                           # still open: overlaps
    world.referral("SCHOOL", "2024-05-01", source="2A")
    world.referral("CLOSED", "2023-01-01", source="6", closure="2024-03-31", reason="RC7")  # closed before
    world.referral("NONE", "2024-05-01", source=None)
    assert members(world, referral_sources=("Police",)) == {"POLICE"}
    assert members(world, referral_sources=("Schools", "Police")) == {"POLICE", "SCHOOL"}
    assert members(world, referral_sources=("Unknown",)) == {"NONE"}


def test_filters_change_the_journeys_and_the_sql_count_alike(world):
    world.child("GIRL", sex="F")
    world.child("BOY", sex="M")
    for child in ("GIRL", "BOY"):
        r = world.referral(child, "2024-05-01")
        world.assessment(r, "2024-05-02", "2024-06-10")
    day = date(2024, 5, 20)
    for sexes, expected in (((), 2), (("F",), 1), (("M", "U"), 1), (("U",), 0)):
        cohort = Cohort(START, END, sexes=sexes)
        built = journeys.build(world.con, cohort)
        assert len(built.journeys) == expected
        sql = journeys_counts.station_counts(world.con, cohort, day)
        assert built.counts_at(day) == sql == ({"assessment": expected} if expected else {})


def test_bad_filters_are_refused_with_a_plain_message():
    with pytest.raises(CohortError, match="Unknown age band 5-10"):
        Cohort(START, END, age_bands=("5-10",))
    with pytest.raises(CohortError, match="ends .* before it starts"):
        Cohort(END, START)
    with pytest.raises(CohortError, match="referral source group Cats"):
        Cohort(START, END, referral_sources=("Cats",))


def test_options_list_the_teams_and_localities_in_the_store(world):
    world.team("T1", name="Front door", locality="North")
    world.team("T2", name="Assessment", locality="South")
    world.team("T3", name="Closed team", locality="East")     # never held a case: no children to give
    for team in ("T1", "T2"):
        world.allocation(f"C{team}", "W9", "2024-01-01", team=team)
    found = options(world.con)
    assert found["teams"] == [{"value": "846/T2", "label": "Assessment"}, {"value": "846/T1", "label": "Front door"}]
    assert found["localities"] == ["North", "South"]
    assert "Police" in found["referral_sources"]


def test_a_cohort_says_what_it_is_in_words():
    assert Cohort(START, END).describe() == "all children"
    cohort = Cohort(START, END, la_code="846", age_bands=("10-15", "16+"), sexes=("F",), disability="yes")
    assert cohort.describe() == "authority 846; age: 10-15, 16+; sex: F; disabled: yes"


def test_a_cohort_within_a_table_of_children(world):
    for child in "ABC":
        world.child(child)
    world.con.execute("CREATE TEMP TABLE mine AS SELECT '846/A' AS child_id UNION ALL SELECT '846/C'")
    assert members(world, within="mine") == {"A", "C"}
    with pytest.raises(CohortError, match="is not a table name"):
        cohort_sql(Cohort(START, END, within="mine; DROP TABLE child"))
