"""Care leavers (RIIA 219-220, board 19, Signs of Safety O5), on young people built by hand.

Every expected figure is worked out in the comments from the indicators' definitions. The period
is 2024-25 (1 April 2024 to 31 March 2025) unless a test says otherwise.
"""
import pytest

from tests.indicators.world import d


def leaver_record(world, child, as_at, **fields):
    """A care_leaver row (903 OC3 or Annex A list 9) for ``child`` dated ``as_at``."""
    return world.put("care_leaver", child_id=world.cid(child), as_at=as_at, **fields)


def build_care_leavers(world):
    """Seventeen young people; six of them are care leavers aged 17 to 24 on 31 March 2025."""
    # A: aged 19; in care from 14y7m to 16y1m (547 days from the 14th birthday), went home: a care leaver
    world.child("A", dob="2005-06-01", uasc=True)
    world.episode("A", "2020-01-01", "2021-07-01", reason_ceased="E4A")
    leaver_record(world, "A", "2024-03-31", in_touch="YES")    # exactly 12 months before the end: too old
    leaver_record(world, "A", "2025-03-31", in_touch="REFU")   # latest: refuses contact
    # B: aged 17; exactly 13 weeks: 1 March -> 31 May 2023 = 31 + 30 + 30 = 91 days; ends after 16th birthday
    world.child("B", dob="2007-05-01")
    world.episode("B", "2023-03-01", "2023-05-31", reason_ceased="E13")    # (no record: known from history only)
    # C: one day short: 1 March -> 30 May 2023 = 90 days: not a care leaver
    world.child("C", dob="2007-05-01")
    world.episode("C", "2023-03-01", "2023-05-30", reason_ceased="E13")
    # D: care ended the day before the 16th birthday (1 January 2022): not a care leaver
    world.child("D", dob="2006-01-01")
    world.episode("D", "2020-01-01", "2021-12-31", reason_ceased="E4A")
    # E: care ended on the 16th birthday: a care leaver (aged 19), known from history only
    world.child("E", dob="2006-01-01")
    world.episode("E", "2021-06-01", "2022-01-01", reason_ceased="E4A")
    # F: 59 days after the 14th birthday (1 Jan -> 1 Mar 2021) + 19 days at 16 (1 -> 20 Feb 2023) = 78: not
    #    (care before the 14th birthday does not count)
    world.child("F", dob="2007-01-01")
    world.episode("F", "2020-01-01", "2021-03-01", reason_ceased="E4A")
    world.episode("F", "2023-02-01", "2023-02-20", reason_ceased="E4A")
    # G: a year and a half of short breaks (V3): not a care leaver
    world.child("G", dob="2006-01-01")
    world.episode("G", "2021-01-01", "2022-06-01", legal_status="V3", reason_ceased="E4A")
    # H: aged 17 and still looked after: not a care leaver yet
    world.child("H", dob="2007-06-01", uasc=True)
    world.episode("H", "2023-01-01")
    # I: aged 17, care ended on the last day of the period (DEC = 31 March 2025): no longer looked after
    world.child("I", dob="2007-06-01")
    world.episode("I", "2023-01-01", "2025-03-31", reason_ceased="E5")
    leaver_record(world, "I", "2024-04-01", in_touch="YES")    # first day of the 12 months: counts
    # J: adopted at 16: not a care leaver
    world.child("J", dob="2006-01-01")
    world.episode("J", "2020-01-01", "2022-06-01", reason_ceased="E11")
    # K: 25th birthday on the last day: too old
    world.child("K", dob="2000-03-31")
    world.episode("K", "2014-06-01", "2017-01-01", reason_ceased="E5")
    # L: aged 24 on the last day (25 the next day); last status a year old (31 March 2024): left out of in-touch
    world.child("L", dob="2000-04-01")
    world.episode("L", "2015-01-01", "2017-01-01", reason_ceased="E5")
    leaver_record(world, "L", "2024-03-31", in_touch="YES")
    # M: known only from Annex A list 9 (no 903 history), qualifying, former UASC, in touch
    world.child("M", dob="2006-08-01", uasc=True)
    leaver_record(world, "M", "2024-12-01", in_touch="YES", eligibility="QUALIFYING")
    # N: a record dated after the period end only: not used for 2024-25
    world.child("N", dob="2006-08-01")
    leaver_record(world, "N", "2025-04-30", in_touch="YES")
    # O: would be a care leaver, but died in January 2025
    world.child("O", dob="2005-01-01", date_of_death=d("2025-01-10"))
    world.episode("O", "2019-06-01", "2021-06-01", reason_ceased="E5")
    # P: would be a care leaver, but returned home for six months or more (RHOM)
    world.child("P", dob="2005-01-01")
    world.episode("P", "2019-06-01", "2021-06-01", reason_ceased="E4A")
    leaver_record(world, "P", "2024-03-31", in_touch="RHOM")
    # Q: left care at 16 after 182 days, but aged 16 at the end: too young
    world.child("Q", dob="2008-06-01")
    world.episode("Q", "2024-01-01", "2024-07-01", reason_ceased="E4A")


def population_11_18(world, year, each=1_000):
    """``each`` people at every single age 11 to 18 at mid-``year``; ages 10 and 19 must be ignored."""
    for age in range(11, 19):
        world.population(year, each, age=age)
    world.population(year, 50_000, age=10)
    world.population(year, 50_000, age=19)


def test_care_leavers_count_and_rate_on_the_population_aged_11_to_18_six_years_earlier(world):
    build_care_leavers(world)
    population_11_18(world, 2018)            # 2024-25 uses mid-2024 for 0-17, so mid-2018 for 11-18
    population_11_18(world, 2019, each=9)    # the wrong year: must not be used
    fig = world.figure("care_leavers", "2024-25")
    # care leavers: A, B, E, I, L, M = 6; population 8 ages x 1,000 = 8,000
    assert fig.numerator == 6
    assert fig.denominator == 8_000
    assert fig.value == pytest.approx(6 / 8_000 * 10_000)     # 7.5 per 10,000
    assert set(world.records("care_leavers", "2024-25")) == {world.cid(c) for c in "ABEILM"}


def test_care_leavers_without_an_11_18_population_say_so(world):
    build_care_leavers(world)
    world.population(2024, 100_000)           # a 0-17 band row is not an 11-18 population
    fig = world.figure("care_leavers", "2024-25")
    assert fig.numerator == 6 and fig.value is None
    assert "no population estimate" in fig.note


def test_care_leavers_by_eligibility(world):
    build_care_leavers(world)
    # of the 6: relevant (aged 17, not qualifying) B, I = 2; former relevant (18-24) A, E, L = 3;
    # qualifying (as recorded) M = 1
    relevant = world.figure("care_leavers_relevant", "2024-25")
    former = world.figure("care_leavers_former_relevant", "2024-25")
    qualifying = world.figure("care_leavers_qualifying", "2024-25")
    assert (relevant.numerator, relevant.denominator) == (2, 6)
    assert (former.numerator, former.denominator) == (3, 6)
    assert (qualifying.numerator, qualifying.denominator) == (1, 6)
    assert relevant.value + former.value + qualifying.value == pytest.approx(100.0)
    assert former.value == pytest.approx(50.0)


def test_uasc_care_leavers(world):
    build_care_leavers(world)
    fig = world.figure("care_leavers_uasc", "2024-25")
    # former UASC among the 6: A and M (H is UASC but still looked after) -> 2 / 6
    assert (fig.numerator, fig.denominator) == (2, 6)
    assert fig.value == pytest.approx(100 * 2 / 6)


def test_care_leavers_in_touch_use_the_status_of_the_last_12_months(world):
    build_care_leavers(world)
    fig = world.figure("care_leavers_in_touch", "2024-25")
    # statuses dated 1 April 2024 - 31 March 2025: A REFU (31/3/25; its YES of 31/3/24 is older),
    # I YES (1/4/24), M YES; L's only status (31/3/2024) is too old, B and E have none -> 2 / 3
    assert (fig.numerator, fig.denominator) == (2, 3)
    assert fig.value == pytest.approx(100 * 2 / 3)
    records = world.records("care_leavers_in_touch", "2024-25")
    assert world.cid("L") not in records          # in neither numerator nor denominator: not behind the figure
    assert records[world.cid("A")] == (0.0, 1.0)
    assert records[world.cid("I")] == (1.0, 1.0)


def test_a_later_record_does_not_make_an_earlier_care_leaver(world):
    world.child("N", dob="2006-08-01")
    leaver_record(world, "N", "2025-04-30", in_touch="YES")
    world.child("R", dob="2006-08-01")
    world.episode("R", "2022-01-01", "2024-05-31", reason_ceased="E5")   # left care in 2024Q1, aged 17
    # 2024Q1 ends 30 June 2024: N's only record is dated later -> not counted; R left on 31 May -> counted
    fig = world.figure("care_leavers", "2024Q1")
    assert fig.numerator == 1
    assert set(world.records("care_leavers", "2024Q1")) == {world.cid("R")}


def test_care_leavers_need_both_the_903_episodes_and_the_care_leaver_records(world):
    world.child("A", dob="2005-06-01")
    world.episode("A", "2020-01-01", "2021-07-01", reason_ceased="E4A")
    fig = world.figure("care_leavers", "2024-25")
    assert fig.numerator is None and fig.value is None
    assert fig.note == "no care_leaver data loaded for this authority"


def build_birthday_cohort(world):
    """Young people whose 17th-21st birthdays fall in or near 2024-25, with their OC3/Annex A status."""
    # A: 18th birthday 15 July 2024; OC3 2024-25: apprenticeship (F4), independent living, suitable
    world.child("A", dob="2006-07-15")
    leaver_record(world, "A", "2025-03-31", in_touch="YES", activity="F4", accommodation="U",
                  accommodation_suitable=True)
    # B: 18th birthday on the last day, 31 March 2025; record the same day: NEET, no fixed abode, not suitable
    world.child("B", dob="2007-03-31")
    leaver_record(world, "B", "2025-03-31", in_touch="YES", activity="G5", accommodation="S",
                  accommodation_suitable=False)
    # C: 17th birthday 1 April 2025, the day after: not in the cohort
    world.child("C", dob="2008-04-01")
    leaver_record(world, "C", "2025-03-31", in_touch="YES", activity="F1", accommodation="B",
                  accommodation_suitable=True)
    # D: 17th birthday 1 September 2024, but the only record (31 March 2024) is from before it: not in the cohort
    world.child("D", dob="2007-09-01")
    leaver_record(world, "D", "2024-03-31", in_touch="YES", activity="F2", accommodation="B",
                  accommodation_suitable=True)
    # E: 18th birthday 10 October 2024; not in touch (activity and accommodation 0): in the denominators only
    world.child("E", dob="2006-10-10")
    leaver_record(world, "E", "2025-03-31", in_touch="NO", activity="0", accommodation="0")
    # F: 18th birthday 11 November 2024; died: left out
    world.child("F", dob="2006-11-11")
    leaver_record(world, "F", "2025-03-31", in_touch="DIED", activity="0", accommodation="0")
    # G: 17th birthday 12 December 2024; a qualifying care leaver (Annex A): left out
    world.child("G", dob="2007-12-12")
    leaver_record(world, "G", "2025-01-15", in_touch="YES", activity="F2", accommodation="B",
                  accommodation_suitable=True, eligibility="QUALIFYING")
    # H: 18th birthday 5 May 2024; Annex A on 1 June 2024 said NEET, the OC3 at 31 March 2025 (the latest
    #    in the birthday's year) says training (F5) and residence not known (R): EET yes, left out of accommodation
    world.child("H", dob="2006-05-05")
    leaver_record(world, "H", "2024-06-01", in_touch="YES", activity="G5", accommodation="S",
                  accommodation_suitable=False)
    leaver_record(world, "H", "2025-03-31", in_touch="YES", activity="F5", accommodation="R")
    # I: 18th birthday 20 February 2025, but only ever looked after on short breaks (V3): left out
    world.child("I", dob="2007-02-20")
    world.episode("I", "2022-01-01", "2023-01-01", legal_status="V3", reason_ceased="E4A")
    leaver_record(world, "I", "2025-03-31", in_touch="YES", activity="F2", accommodation="B",
                  accommodation_suitable=True)
    # J: born 29 February 2008, 17th birthday taken as 28 February 2025; part-time education, with former carers
    world.child("J", dob="2008-02-29")
    world.episode("J", "2023-01-01", "2025-01-31", reason_ceased="E17")
    leaver_record(world, "J", "2025-03-31", in_touch="YES", activity="P2", accommodation="Z",
                  accommodation_suitable=True)
    # K: 21st birthday 10 January 2025: higher education, suitable
    world.child("K", dob="2004-01-10")
    leaver_record(world, "K", "2025-03-31", in_touch="YES", activity="F1", accommodation="U",
                  accommodation_suitable=True)
    # L: 19th birthday 1 April 2024, the first day: NEET (parenting), not suitable
    world.child("L", dob="2005-04-01")
    leaver_record(world, "L", "2025-03-31", in_touch="YES", activity="G6", accommodation="W",
                  accommodation_suitable=False)
    # M: 21st birthday 31 March 2024 (the day before) and 22nd on 31 March 2025: in no cohort
    world.child("M", dob="2003-03-31")
    leaver_record(world, "M", "2025-03-31", in_touch="YES", activity="F1", accommodation="U",
                  accommodation_suitable=True)


def test_care_leavers_aged_17_18_in_education_employment_or_training(world):
    build_birthday_cohort(world)
    fig = world.figure("care_leavers_eet_17_18", "2024-25")
    # cohort: A (F4 yes), B (G5 no), E (0 no), H (F5 yes), J (P2 yes) -> 3 / 5
    assert (fig.numerator, fig.denominator) == (3, 5)
    assert fig.value == pytest.approx(60.0)
    assert set(world.records("care_leavers_eet_17_18", "2024-25")) == {world.cid(c) for c in "ABEHJ"}


def test_care_leavers_aged_19_21_in_education_employment_or_training(world):
    build_birthday_cohort(world)
    fig = world.figure("care_leavers_eet_19_21", "2024-25")
    # cohort: K (F1 yes), L (G6 no) -> 1 / 2
    assert (fig.numerator, fig.denominator) == (1, 2)


def test_care_leavers_aged_17_18_in_suitable_accommodation(world):
    build_birthday_cohort(world)
    fig = world.figure("care_leavers_suitable_accommodation_17_18", "2024-25")
    # cohort: A (suitable), B (not), E (0: not), J (suitable); H (R: residence not known) left out -> 2 / 4
    assert (fig.numerator, fig.denominator) == (2, 4)
    assert fig.value == pytest.approx(50.0)


def test_care_leavers_aged_19_21_in_suitable_accommodation(world):
    build_birthday_cohort(world)
    fig = world.figure("care_leavers_suitable_accommodation_19_21", "2024-25")
    # cohort: K (suitable), L (not) -> 1 / 2
    assert (fig.numerator, fig.denominator) == (1, 2)
    assert fig.value == pytest.approx(50.0)


def test_a_quarter_takes_the_birthdays_in_it_and_the_status_of_that_year(world):
    build_birthday_cohort(world)
    fig = world.figure("care_leavers_eet_17_18", "2024Q1")
    # April-June 2024 birthdays: H (18th on 5 May; status from the 31 March 2025 record: F5) -> 1 / 1
    assert (fig.numerator, fig.denominator) == (1, 1)
