"""The dashboard in Debian's chromium: every role signs in, opens every page it may, sees the engine's
figures, is refused another team's child (by link and by API), and the audit log records it all."""
from __future__ import annotations

import duckdb
import pytest

from carepath import rounding
from carepath.indicators import catalogue
from tests.web.world import USERS

PERIOD = "2024-25"
CHILD_LEVEL = [name for name, (role, *_rest) in USERS.items() if role != "regional_viewer"]
# the unit each role's overview starts at: (level, unit) as in tests/web/world.py
HOME = {"ann": ("worker", "846/W1"), "cat": ("worker", "846/W3"), "alpha": ("team", "846/T1"),
        "safeguarding": ("service", "Safeguarding"), "lead": ("authority", "846"), "analyst": ("authority", "846")}
OWN_CHILD = {"ann": "846/A1", "cat": "846/C1", "alpha": "846/B1", "safeguarding": "846/C2", "lead": "846/U1",
             "analyst": "846/S1".replace("846", "501")}


def engine_figures(server, level: str, unit: str) -> dict[str, tuple]:
    con = duckdb.connect(str(server.settings.store), read_only=True)
    try:
        rows = con.execute("""SELECT indicator_id, numerator, value FROM indicator_result
                              WHERE la_code = '846' AND period = ? AND level = ? AND unit_id = ?""",
                           [PERIOD, level, unit]).fetchall()
    finally:
        con.close()
    return {r[0]: (r[1], r[2]) for r in rows}


def shown(value, unit: str) -> str:
    """How a value reads on screen: rounded half up to its unit's places, with % for percentages."""
    return rounding.text(value, rounding.places(unit)) + ("%" if unit == "percent" else "")


def scorecard_cells(page, indicator_ids=("referrals", "re_referrals_12m")) -> dict[str, tuple[str, str]]:
    cells = {}
    for indicator_id in indicator_ids:
        row = page.locator(f'#table-scorecard tbody tr[data-indicator="{indicator_id}"]')
        cells[indicator_id] = (row.locator('[data-key="value"]').inner_text().strip().split("\n")[0],
                               row.locator('[data-key="numerator"]').inner_text().strip())
    return cells


@pytest.mark.parametrize("username", list(HOME))
def test_figures_on_screen_equal_the_engines_at_each_roles_own_unit(page_as, server, username):
    page = page_as(username)
    level, unit = HOME[username]
    page.goto(f"/overview?set=all&period={PERIOD}&la=846")
    on_screen = scorecard_cells(page)
    expected = engine_figures(server, level, unit)
    assert set(expected) == {"referrals", "re_referrals_12m"}
    for indicator_id, (numerator, value) in expected.items():
        text, count = on_screen[indicator_id]
        assert count == f"{numerator:,.0f}"
        assert text == ("none" if value is None else shown(value, catalogue.get(indicator_id).unit))
    assert page.errors == []


def test_controlled_figures_read_c_for_those_who_cannot_see_every_child(page_as):
    page = page_as("alpha")
    page.goto(f"/overview?set=all&period={PERIOD}&la=846&level=authority")
    cells = scorecard_cells(page)
    assert cells["re_referrals_12m"] == ("c", "c")        # the one re-referred child outside Alpha
    assert cells["referrals"] == ("20.0", "20")
    page.goto(f"/indicators/re_referrals_12m?la=846&period={PERIOD}&by=team")
    beta = page.locator("#table-breakdown tbody tr", has_text="Beta")
    assert beta.locator('[data-key="value"]').inner_text().strip() == "c"
    assert beta.locator("a").count() == 0                  # no way into Beta's records


@pytest.mark.parametrize("username", list(USERS))
def test_every_role_opens_every_page_it_may(page_as, username):
    page = page_as(username)
    role = USERS[username][0]
    pages = ["/overview", "/indicators", f"/indicators/re_referrals_12m?period={PERIOD}", "/data", "/account"]
    if role != "regional_viewer":
        pages += ["/children", f"/children/child/{OWN_CHILD[username]}"]
    if USERS[username][3]:
        pages += ["/admin/audit", "/admin/users"]
    charted = {}
    for path in pages:
        response = page.goto(path)
        assert response.status == 200, path
        assert page.locator("h1").count() == 1
        ids = [chart.get_attribute("id") for chart in page.locator("[data-chart]").all()]
        for chart_id in ids:                     # every chart of this page is drawn (fails after the timeout)
            page.wait_for_selector(f"#{chart_id}[data-drawn='true']", state="attached")
        charted[path] = ids
    assert "chart-trend" in charted[f"/indicators/re_referrals_12m?period={PERIOD}"]
    if role != "regional_viewer":
        assert charted[f"/children/child/{OWN_CHILD[username]}"] != []     # the child's timeline
    if role == "regional_viewer":
        assert page.goto("/children").status == 403
        assert page.get_by_role("link", name="Children").count() == 0
    assert page.errors == []


def test_a_practitioner_cannot_open_another_teams_child_by_link_or_api(page_as):
    page = page_as("ann")
    assert page.goto("/children/child/846/A1").status == 200
    assert page.locator(".chart [class*=plot]").count() > 0      # the timeline chart is drawn
    refused = page.goto("/children/child/846/C1")
    assert refused.status == 403
    assert "not in your caseload" in page.locator("main").inner_text()
    status = page.evaluate("fetch('/api/children/846/C1').then(r => r.status)")
    assert status == 403
    assert page.request.get("/api/records?indicator=re_referrals_12m&la=846&period=2024-25&level=team&unit=846/T2"
                            ).status == 403
    records = page.goto(f"/children/records?indicator=re_referrals_12m&la=846&period={PERIOD}&level=worker&unit=846/W1")
    assert records.status == 200 and page.locator("#table-records tbody tr").count() == 8


def test_the_audit_log_records_the_views(page_as):
    ann = page_as("ann")
    ann.goto("/children/child/846/A2")
    ann.goto("/children/child/846/D1")
    admin = page_as("analyst")
    admin.goto("/admin/audit?user=ann")
    log = admin.locator("#table-audit tbody")
    allowed = log.locator("tr", has_text="846/A2").first
    assert "view child timeline" in allowed.inner_text() and "allowed" in allowed.inner_text()
    refused = log.locator("tr", has=admin.locator("td", has_text="846/D1")).first
    assert "refused" in refused.inner_text()
