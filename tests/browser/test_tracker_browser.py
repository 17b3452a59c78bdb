"""The outcome tracker in Debian's chromium: a team manager's board and meeting, a practitioner's own
view, and a practitioner refused another worker's child. The store is the tracker's hand-built
authority (tests/web/test_tracker_pages.py): L2 is Ann's (team Alpha), L1 is Cat's (team Beta)."""
from __future__ import annotations

import pytest

from tests.browser.conftest import Server
from tests.web import world
from tests.web.test_tracker_pages import build

DAY = "la=846&as_at=2025-03-31"


@pytest.fixture(scope="module")
def tracker_server(tmp_path_factory):
    store, web_db = build(tmp_path_factory.mktemp("tracker-browser"))
    with Server(store, web_db, None) as running:
        yield running


@pytest.fixture
def page_as(browser, tracker_server):
    contexts = []

    def make(username: str):
        context = browser.new_context(base_url=tracker_server.url, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.goto("/sign-in")
        page.get_by_label("User name").fill(username)
        page.get_by_label("Password").fill(world.PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/overview")
        return page
    yield make
    for context in contexts:
        context.close()


def test_a_team_manager_runs_a_board_meeting_from_the_board(page_as):
    page = page_as("alpha")
    page.goto(f"/tracker?{DAY}")
    board = page.locator("#board")
    assert board.locator("tbody tr").count() == 1
    row = board.locator("tbody tr").first
    assert "846/L2" in row.inner_text()
    assert row.locator('[data-item="sdq_score"] .rag').inner_text().strip() == "amber"
    assert "846/L1" not in page.content()
    page.get_by_role("link", name="Printable view for a board meeting").click()
    page.get_by_label("Meeting held on").fill("2025-04-03")
    page.get_by_label("Discussed 846/L2").check()
    page.get_by_label("Agreed for 846/L2").fill("Virtual school to review attendance")
    page.get_by_role("button", name="Record the meeting").click()
    page.wait_for_url("**/tracker/meetings**")
    assert "Virtual school to review attendance" in page.locator("#table-board_meetings").inner_text()
    assert page.errors == []


def test_a_practitioner_sees_their_own_children_and_how_their_records_are_used(page_as):
    page = page_as("ann")
    page.goto(f"/tracker/mine?{DAY}")
    assert page.get_by_role("heading", name="My children").is_visible()
    mine = page.locator("#board")
    assert "846/L2" in mine.inner_text() and "846/L1" not in page.content()
    assert page.get_by_role("heading", name="Figures your records count in").is_visible()
    assert page.errors == []


def test_a_practitioner_cannot_open_another_workers_children(page_as):
    page = page_as("ann")
    response = page.goto(f"/tracker/child/846/L1?{DAY}")
    assert response.status == 403
    assert "not in your caseload, team or service" in page.content()
    page.goto(f"/tracker?{DAY}")
    assert "846/L1" not in page.locator("#board").inner_text()


def test_the_key_practices_page_draws_its_trend_and_says_what_is_not_measurable(page_as):
    page = page_as("lead")
    page.goto(f"/practices?{DAY}")
    page.locator("#chart-practice-trend .main-svg").first.wait_for()
    summary = page.locator("#table-practice_summary").inner_text()
    assert "not measurable: no child protection visits loaded" in summary
    # L1 came into care on 2 January 2025 with no health assessment: due 30 January, a breach
    assert "846/L1" in page.locator("#table-practice_breaches").inner_text()
    assert page.errors == []
