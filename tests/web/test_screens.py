"""Screens in the user's words: labels not codes, readable allocation rows, trends from zero, a favicon.

Child 846/A1 of tests/web/world.py: a referral on 2023-06-01 closed 2023-08-01 with reason RC8
from source 6 (police); two care episodes, the first U4 (other foster: long-term) under C2 (full
care order) ceasing X1, the second starting with RNE P (change of placement and carer(s) only),
placement U1; allocated to Ann (846/W1) of team Alpha.
"""
from __future__ import annotations

import json
import re

from carepath.web import charts


def _figure(page_text: str, name: str) -> dict:
    found = re.search(rf'<script type="application/json" id="chart-{name}-data">(.*?)</script>', page_text, re.S)
    assert found, f"no chart {name}"
    return json.loads(found.group(1))


def test_the_timeline_speaks_in_labels_not_codes(client_as):
    timeline = client_as("ann").get("/api/children/846/A1").json()["timeline"]
    detail = {(e["kind"], e["start"]): e["detail"] for e in timeline}
    assert detail[("Referral", "2023-06-01")] == "Source: Police; Closed: Closed after assessment, no further action"
    assert detail[("Placement", "2024-10-01")] == ("Legal status: Full care order; Placement: Other foster: long-term; "
                                                  "Episode began: Started to be looked after; "
                                                  "Ceased: Episode ceases, new episode begins (care continues)")
    assert detail[("Placement", "2024-12-01")].startswith(
        "Legal status: Full care order; Placement: Kinship foster: long-term; "
        "Episode began: Change of placement and carer(s) only")
    assert detail[("Allocation", "2023-01-01")] == "Ann; Alpha"
    for text in detail.values():                                  # no bare code left
        assert not re.search(r"\b(RC\d|U\d|C2|X1|N\d)\b", text), text


def test_each_allocation_has_its_own_named_row_and_no_text_over_the_bars():
    from datetime import date
    events = [{"kind": "Allocation", "start": date(2023, 1, 1), "end": date(2023, 6, 1), "detail": "Ann; Alpha"},
              {"kind": "Allocation", "start": date(2023, 5, 1), "end": None, "detail": "Ben; Alpha"},
              {"kind": "Referral", "start": date(2023, 2, 1), "end": None, "detail": "Source: Police"}]
    figure = charts.timeline("Timeline", events, date(2024, 1, 1))
    allocations = next(d for d in figure["data"] if d["name"] == "Allocation")
    assert allocations["y"] == ["Allocated: Ann, Alpha", "Allocated: Ben, Alpha"]   # overlapping spells, two rows
    assert all(d["textposition"] == "none" for d in figure["data"])
    assert "Source: Police" in next(d for d in figure["data"] if d["name"] == "Referral")["hovertext"][0]
    assert figure["layout"]["height"] == max(260, 70 + 45 * 3)


def test_trends_start_at_zero_unless_the_user_chooses_otherwise(client_as):
    client = client_as("analyst")
    page = client.get("/indicators/referrals?la=846&period=2024-25")
    assert _figure(page.text, "trend")["layout"]["yaxis"]["rangemode"] == "tozero"
    fitted = client.get("/indicators/referrals?la=846&period=2024-25&y=fit")
    assert _figure(fitted.text, "trend")["layout"]["yaxis"]["rangemode"] == "normal"
    assert '<option value="fit" selected>' in fitted.text


def test_a_favicon_of_our_own_is_served(client_as):
    client = client_as(None)
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    assert client.get("/static/favicon.svg").content == icon.content
    assert 'rel="icon" href="/static/favicon.svg"' in client.get("/sign-in").text


def _row_ids(page_text: str) -> list[str]:
    return re.findall(r'<th scope="row" data-key="child_id">\s*<a href="/children/child/([^"]+)"', page_text)


def test_lists_page_through_every_row_and_their_exports_hold_them_all(client_as, monkeypatch):
    from carepath.web import tables
    from carepath.web.pages import children
    monkeypatch.setattr(tables, "PAGE_SIZE", 3)
    monkeypatch.setattr(children, "PAGE_SIZE", 3)
    lead = client_as("lead")
    # the caseload: authority 846's 20 children (tests/web/world.py), 3 a page -> 7 pages
    pages = [lead.get(f"/children?la=846&page={n}").text for n in range(1, 8)]
    assert "Page 1 of 7" in pages[0] and 'rel="next"' in pages[0] and 'rel="next"' not in pages[6]
    shown = [c for p in pages for c in _row_ids(p)]
    assert len(shown) == 20 and len(set(shown)) == 20
    export = lead.get("/export/caseload.csv?la=846").content.decode("utf-8-sig").splitlines()
    assert len(export) == 1 + 20
    # the records behind the authority's 2024-25 referrals: 20 (one referral per child)
    asked = "indicator=referrals&la=846&period=2024-25&level=authority&unit=846"
    first = lead.get(f"/children/records?{asked}")
    assert "20 records" in first.text and "Page 1 of 7" in first.text and len(_row_ids(first.text)) == 3
    last = lead.get(f"/children/records?{asked}&page=7")
    assert len(_row_ids(last.text)) == 2
    assert len(lead.get(f"/export/records.csv?{asked}").content.decode("utf-8-sig").splitlines()) == 1 + 20


def test_team_filters_list_each_team_once_by_name_and_only_teams_with_children(tmp_path):
    from carepath.analysis.journeys_cohort import options
    from carepath.model.store import connect
    con = connect(tmp_path / "s.duckdb")
    # two teams called Duty (T1, T2), Beta (T3) with an allocation, Empty (T4) with none ever
    con.execute("""INSERT INTO org_unit (team_id, la_code, team_name, locality, service) VALUES
                   ('846/T1', '846', 'Duty', 'North', 'S'), ('846/T2', '846', 'Duty', 'South', 'S'),
                   ('846/T3', '846', 'Beta', 'North', 'S'), ('846/T4', '846', 'Empty', 'East', 'S')""")
    con.execute("INSERT INTO worker (worker_id, la_code, worker_name, team_id) "
                "VALUES ('846/W1', '846', 'Ann', '846/T2')")
    for i, (team, worker) in enumerate([("846/T1", None), (None, "846/W1"), ("846/T3", None)]):
        con.execute("INSERT INTO allocation (allocation_id, child_id, la_code, team_id, worker_id, start_date) "
                    "VALUES (?, ?, '846', ?, ?, DATE '2024-01-01')", [f"a{i}", f"846/C{i}", team, worker])
    found = options(con, "846")
    assert found["teams"] == [{"value": "846/T3", "label": "Beta"}, {"value": "846/T1", "label": "Duty (846/T1)"},
                              {"value": "846/T2", "label": "Duty (846/T2)"}]
    assert found["localities"] == ["North", "South"]


def test_a_page_scoped_to_a_team_says_so(client_as):
    alpha = client_as("alpha").get("/journeys/sankey?la=846")
    assert "only the children of team Alpha" in alpha.text
    analyst = client_as("analyst").get("/journeys/sankey?la=846&team=846/T1")
    assert "team: Alpha" in analyst.text and "only the children of" not in analyst.text
    data = client_as("alpha").get("/api/journeys/data?la=846").json()
    assert data["cohort"]["description"].endswith("only the children of team Alpha")
