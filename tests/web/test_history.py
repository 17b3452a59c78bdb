"""Incomplete history and "not computed" on the dashboard, over HTTP, against the store of
tests/web/world.py's build_with_history (its figures worked out there by hand)."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest

from tests.web import world
from tests.web.conftest import Site, signed_in_clients


@pytest.fixture(scope="module")
def history_site(tmp_path_factory) -> Site:
    from carepath.web.accounts import Accounts
    folder = tmp_path_factory.mktemp("history")
    store = world.build_with_history(folder / "store.duckdb")
    world.add_users(Accounts(folder / "web.sqlite"))
    return Site(store, folder / "web.sqlite")


@pytest.fixture
def as_user(history_site, tmp_path):
    yield from signed_in_clients(history_site.store, history_site.web_db, tmp_path)


def chart(page: str, name: str) -> dict | None:
    found = re.search(rf'<script type="application/json" id="chart-{name}-data">(.*?)</script>', page, re.S)
    return json.loads(found.group(1)) if found else None


def rows(response) -> dict[str, dict]:
    assert response.status_code == 200, response.text[:300]
    return {r["Period"]: r for r in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))}


def test_the_trend_greys_the_periods_whose_history_is_incomplete(as_user):
    page = as_user("analyst").get("/indicators/referrals?la=846&period=2024-25").text
    greyed, line = chart(page, "trend")["data"]
    # 2022-23 and 2023-24 are before the one loaded year (2024-25): grey open points on a grey dotted
    # line; the blue line holds only 2024-25 (2022-23 has no value: no mid-2022 population)
    assert greyed["name"] == "Incomplete history (grey, open)" and greyed["line"]["dash"] == "dot"
    assert greyed["x"] == ["2022-23", "2023-24", "2024-25"] and greyed["marker"]["size"] == [11, 11, 0]
    assert line["y"] == [None, None, 20.0]
    assert "Grey open points have an incomplete history (2023-24)" in page    # the points drawn
    # the table says so too, and its export carries the same words
    assert page.count('class="incomplete-row"') == 2
    exported = rows(as_user("analyst").get("/export/trend.csv?indicator=referrals&la=846&period=2024-25"))
    assert exported["2023-24"]["Note"] == ("Incomplete history: needs referral data from 1 April 2023 to 31 March 2024 "
                                           "(loaded: 1 April 2024 to 31 March 2025)")
    assert exported["2024-25"]["Note"] == ""


def test_a_figure_whose_look_back_is_not_loaded_is_greyed_in_the_headline_and_the_bars(as_user):
    page = as_user("lead").get("/indicators/re_referrals_12m?la=846&period=2024-25&by=team").text
    # 3 of 20 = 15.0%, counted, but the 12 months before 1 April 2024 are not loaded
    assert re.search(r'class="headline-figure incomplete" id="headline-value">\s*15\.0', page)
    assert "Incomplete history: needs referral data from 1 April 2023 to 31 March 2025" in page
    bars = chart(page, "breakdown")["data"][0]
    assert set(bars["marker"]["pattern"]["shape"]) == {"/"} and all("(incomplete history)" in t for t in bars["text"])
    assert "Grey hatched bars have an incomplete history" in page
    assert "Look-back: 12 months, counted back from the period&#39;s first day." in page


def test_a_level_not_computed_shows_the_note_and_nothing_else(as_user):
    # 2022-23 was computed for the authority only: no team breakdown, so no chart and no table
    page = as_user("analyst").get("/indicators/referrals?la=846&period=2022-23&by=team").text
    section = page[page.index('id="breakdown"'):page.index('id="benchmarks"')]
    assert 'id="breakdown-not-computed"' in section
    assert "carepath indicators run --indicator referrals --period 2022-23 --level all" in section
    assert "chart-breakdown" not in section and "<table" not in section and "Nothing to show" not in section


@pytest.mark.parametrize("username, sees_command", [("analyst", True), ("lead", False), ("alpha", False),
                                                    ("ann", False), ("region", False)])
def test_the_command_to_compute_is_shown_only_to_those_who_can_run_it(as_user, username, sees_command):
    page = as_user(username).get("/indicators/referrals?la=846&period=2022-23&by=team").text
    section = page[page.index('id="breakdown"'):page.index('id="benchmarks"')]
    assert ("carepath indicators run" in section) is sees_command
    if not sees_command:
        level = "service" if username == "region" else "team"   # a regional viewer sees no level below service
        assert (f"Figures by {level} are not available yet: they have not been computed. "
                "Your analyst can compute them.") in section
    scorecard = as_user(username).get("/overview?set=board&la=846&period=2024-25").text
    content = scorecard[scorecard.index("<main"):scorecard.index("</main>")]   # the footer only says how
    assert ("carepath indicators run" in content) is sees_command                # figures are made
    if not sees_command:
        assert "Their figures are not available yet: your analyst can compute them." in content


def test_an_authority_with_no_recorded_load_is_not_judged(as_user):
    exported = rows(as_user("analyst").get("/export/trend.csv?indicator=referrals&la=501&period=2024-25"))
    assert exported["2024-25"]["Note"] == ""


def test_the_scorecard_marks_an_incomplete_figure_and_its_export_says_why(as_user):
    client = as_user("lead")
    page = client.get("/overview?set=all&la=846&period=2024-25").text
    row = page[page.index('data-indicator="re_referrals_12m"'):]
    row = row[:row.index("</tr>")]
    assert 'class="incomplete">15.0%' in row and "incomplete history</span>" in row
    exported = {r["Id"]: r for r in csv.DictReader(io.StringIO(client.get(
        "/export/scorecard.csv?set=all&la=846&period=2024-25").content.decode("utf-8-sig")))}
    assert exported["re_referrals_12m"]["Note"].startswith("Incomplete history: needs referral data from 1 April 2023")
    assert exported["referrals"]["Note"] == ""          # no look-back, inside the loaded year


def test_serving_a_store_from_an_earlier_carepath_adds_the_history_columns(tmp_path):
    import duckdb

    from carepath.model import store as store_mod
    from carepath.web.cli import _bring_up_to_date
    path = tmp_path / "old.duckdb"
    con = store_mod.connect(path)      # as an earlier carepath left it: no incomplete_history column
    con.execute("ALTER TABLE indicator_result DROP COLUMN incomplete_history")
    con.close()
    _bring_up_to_date(path)
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("SELECT count(incomplete_history) FROM indicator_result").fetchone() == (0,)
    con.close()


def test_a_unit_with_no_records_in_a_computed_level_is_not_called_not_computed(as_user):
    # 2023-24 was computed at team level (Alpha and Beta have figures), but Gamma (T3) held no
    # referral in 2023-24, so the engine stored no row for it: the page says so, and offers no command
    # (running it again would change nothing).
    page = as_user("analyst").get("/overview?set=all&la=846&period=2023-24&level=team&unit=846/T3").text
    assert "No records: no child of this team counted towards this figure in 2023-24" in page
    assert "carepath indicators run --indicator referrals --period 2023-24" not in page
    # 2022-23 was not computed at team level at all: that is still "not computed", with the command
    page = as_user("analyst").get("/overview?set=all&la=846&period=2022-23&level=team&unit=846/T3").text
    assert "carepath indicators run --indicator referrals --period 2022-23 --level all" in page
