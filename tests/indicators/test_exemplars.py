"""Working days across bank holidays and snapshots on the last day of a period."""
import pytest

from carepath.indicators.calendar import working_days
from tests.indicators.world import d


def test_working_days_count_after_the_start_up_to_and_including_the_end():
    assert working_days(d("2024-05-01"), d("2024-05-01")) == 0        # same day
    assert working_days(d("2024-05-03"), d("2024-05-07")) == 1        # Fri -> Tue over the May bank holiday
    assert working_days(d("2024-12-20"), d("2025-01-02")) == 6        # 23,24,27,30,31 Dec, 2 Jan


def test_assessment_on_its_45th_and_46th_working_day_across_a_bank_holiday(world):
    world.child("A")
    r = world.referral("A", "2024-03-01")
    # From Thursday 7 March 2024: Good Friday 29 March and Easter Monday 1 April are bank holidays.
    # Working days after 7 March: 8 Mar = 1 ... 28 Mar = 15; 2 Apr = 16 ... 9 May = 42 (6 May bank
    # holiday skipped); 10 May = 43, 13 May = 44, 14 May = 45, 15 May = 46.
    on_time = world.assessment(r, "2024-03-07", authorised="2024-05-14")
    world.child("B")
    r2 = world.referral("B", "2024-03-01")
    late = world.assessment(r2, "2024-03-07", authorised="2024-05-15")
    world.child("C")
    r3 = world.referral("C", "2024-04-02")
    world.assessment(r3, "2024-04-02")                                  # open: not completed
    assert working_days(d("2024-03-07"), d("2024-05-14")) == 45
    fig = world.figure("assessments_within_45wd", "2024Q1")
    assert (fig.numerator, fig.denominator) == (1, 2)
    assert fig.value == pytest.approx(50.0)
    assert world.records("assessments_within_45wd", "2024Q1") == {on_time: (1.0, 1.0), late: (0.0, 1.0)}


def test_cin_open_on_the_last_day_of_the_period_counts(world):
    world.child("A")
    world.child("B")
    world.child("C")
    world.child("D")
    world.referral("A", "2024-01-10", closure="2024-03-31", reason="RC7")   # closes on the last day: open
    world.referral("B", "2024-01-10", closure="2024-03-30", reason="RC7")   # closed the day before: not
    world.referral("C", "2024-03-31", nfa=True, closure="2024-03-31", reason="RC8")  # NFA on the last day: open
    world.referral("D", "2024-04-01")                                        # starts after: not
    world.population(2023, 5_000)
    fig = world.figure("cin_at_end", "2023-24")
    assert fig.numerator == 2
    assert fig.value == pytest.approx(4.0)                                   # 2 / 5,000 x 10,000


def test_the_latest_complete_period_is_the_end_of_the_latest_return_loaded(world):
    from carepath.indicators.coverage import last_complete
    world.child("A")
    world.referral("A", "2025-02-10")
    # no returns loaded: the latest referral (10 February 2025) limits it
    assert last_complete(world.con, "quarter").label == "2024Q3"     # Q4 (Jan-Mar 2025) is not over
    assert last_complete(world.con, "year").label == "2023-24"
    world.con.execute("INSERT INTO load_batch (batch_id, return_year) VALUES (1, '2024-25')")
    assert last_complete(world.con, "quarter").label == "2024Q4"     # a 2024-25 return covers to 31 March 2025
    assert last_complete(world.con, "year").label == "2024-25"
    assert last_complete(world.con, "month").label == "2025-03"
