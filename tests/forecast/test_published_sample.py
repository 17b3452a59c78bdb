"""The field's published multi-year SSDA903 sample (cs-demand-model's own) loads as the years it holds.

Its files are named 2017-episodes.csv .. 2021-episodes.csv, and the year in the name is the year the
return *starts*: 2017-episodes.csv holds episodes starting from 27 August 2013 to 31 March 2018 and
none ending before 2 April 2017, so it is the return for the year ending 31 March 2018 (2017-18).
carepath reads a lone year in a file name as the year *ending* 31 March (DfE's naming), so these
files load with ``--year``; without it the loader warns that the episodes run past the year it
took from the name. Skipped where ../shared/data is absent.
"""
from datetime import date

import pytest

from carepath.forecast.history import load_history
from carepath.model import store as store_mod
from tests.forecast.test_forecast_cli import carepath


@pytest.fixture(scope="module")
def sample():
    from tests.conftest import shared_data_dir, skip_or_fail
    found = shared_data_dir()
    if found is None or not (found / "samples" / "ssda903_multiyear").is_dir():
        skip_or_fail("../shared/data/samples/ssda903_multiyear is not beside the project")
    return found / "samples" / "ssda903_multiyear"


def test_named_by_its_starting_year_the_loader_warns(sample, tmp_path):
    r = carepath("--store", str(tmp_path / "s.duckdb"), "load", "--la", "846", str(sample / "2017-header.csv"),
                 str(sample / "2017-episodes.csv"))
    assert r.returncode == 0, r.stderr
    # the name's 2017 read as the year ending 31 March 2017: the episodes run a year past it
    assert "dated after 31/03/2017, the end of the return year 2016-17" in r.stdout


def test_loaded_with_each_files_year_the_history_is_31_march_2017_to_2022(sample, tmp_path):
    store = tmp_path / "s.duckdb"
    for start in range(2017, 2022):
        r = carepath("--store", str(store), "load", "--la", "846", "--year", f"{start}-{(start + 1) % 100:02d}",
                     str(sample / f"{start}-header.csv"), str(sample / f"{start}-episodes.csv"))
        assert r.returncode == 0, r.stderr
    con = store_mod.connect(store, read_only=True)
    history = load_history(con)
    con.close()
    assert (history.months[0], history.months[-1]) == (date(2017, 3, 31), date(2022, 3, 31))
    assert not any("after the last return year" in note for note in history.notes)
    # The 2021-22 return itself lists 55 children looked after on 31 March 2022 (counted from its episodes
    # file alone: open on that day, not short breaks, under 18). 20 more children have episodes left open in
    # earlier returns and are in no later one: they are taken to have left care, so the history has 55 too.
    counts = history.states.groupby("month_end").size()
    assert counts[date(2022, 3, 31)] == 55
    # 24 episodes (by child and start date, as the latest return listing them has them; short breaks included)
    # have no end date and are in no return after theirs
    assert any(note.startswith("24 episodes left open in one return are not in any later return")
               for note in history.notes)
