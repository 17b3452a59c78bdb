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
