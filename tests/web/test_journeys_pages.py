"""The journey pages over HTTP on the hand-made authority of tests/web/world.py, worked out by hand.

In 846, 2024-25: 20 children each referred once (A1-A8 Ann's, B1-B2 Ben's, C1-C3 Cat's, D1-D6
Dan's, U1 nobody's). A1 was assessed from its referral (1 May) to 10 June, went on a CP plan
on 20 June and into care on 1 October; nobody else has a step after their referral. A1, A2 and C1 had a referral within
the 12 months before; D1 one 29 months before.
"""
import csv
import io

from carepath.web import audit

PERIOD = "la=846&from=2024-04-01&to=2025-03-31"


def rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.text[:500]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]


def test_the_map_shows_only_the_children_in_scope_and_audits_them(client_as, accounts):
    assert client_as("analyst").get(f"/api/journeys/data?{PERIOD}").json()["children"] == 20
    ann = client_as("ann")
    data = ann.get(f"/api/journeys/data?{PERIOD}").json()
    assert data["children"] == 8                                 # A1-A8
    assert data["map"]["rules"]["min_travel_days"] == 0.2
    entries, _ = audit.entries(accounts, username="ann", action="journeys map")
    assert entries[0].child_count == 8 and "846/A1" in entries[0].children
    region = client_as("region")
    assert region.get(f"/api/journeys/data?{PERIOD}").status_code == 403
    assert region.get(f"/journeys?{PERIOD}", follow_redirects=False).headers["location"] == f"/journeys/sankey?{PERIOD}"


def test_station_counts_on_a_date(client_as):
    # 25 June 2024: A1 on its CP plan (from 20 June); every other referral was a one-day step on another day
    for user, expected in (("analyst", {"cp_plan": 1}), ("ann", {"cp_plan": 1}), ("cat", {})):
        found = client_as(user).get(f"/api/journeys/counts?{PERIOD}&date=2024-06-25").json()
        assert found["counts"] == expected, user
    # 1 May 2024: A1's referral and assessment start that day: at the assessment at the end of the day
    found = client_as("analyst").get(f"/api/journeys/counts?{PERIOD}&date=2024-05-01").json()
    assert found["counts"] == {"assessment": 1}


def test_sankey_bands_for_those_who_may_and_may_not_see_the_children(client_as):
    url = f"/export/journey_flows.csv?{PERIOD}&points=referral&points=furthest&months=6"
    # 20 referrals: A1 was looked after within 6 months (1 Oct, before 1 Nov); 19 nothing after the referral
    assert sorted(rows(client_as("analyst").get(url))) == [
        ["Referral", "Looked after", "1"], ["Referral", "Referral only", "19"]]
    # the 1 is suppressed, and the 19 with it (20 referrals - 19 = 1); Alpha's manager cannot see all 20
    for user in ("region", "alpha"):
        assert sorted(rows(client_as(user).get(url))) == [
            ["Referral", "Looked after", "c"], ["Referral", "Referral only", "c"]], user
    page = client_as("region").get(f"/journeys/sankey?{PERIOD}&points=referral&points=furthest")
    assert page.status_code == 200 and "shown as <strong>c</strong>" in page.text


def test_repeat_patterns_for_those_who_may_and_may_not_see_the_children(client_as):
    url = f"/export/journey_repeats.csv?{PERIOD}"
    found = {r[0]: r[1:] for r in rows(client_as("analyst").get(url))}
    # within 12 months: A1, A2, C1 = 3 of 20 (15%); within 36 months D1 too: 4 of 20
    assert found["Previous referral within 12 months (re_referrals_12m)"] == ["3", "20", "15.0"]
    assert found["Previous referral within 36 months (re_referrals_36m)"] == ["4", "20", "20.0"]
    assert found["Previous referral: 24 to 36 months"] == ["1", "20", "5.0"]
    assert found["Previous referral: no previous referral in the store"] == ["16", "20", "80.0"]
    controlled = {r[0]: r[1:] for r in rows(client_as("region").get(url))}
    # 3 and 1 are primary; the shares (3, 3, 4) pin each other with the shown bands, so every band goes
    assert controlled["Previous referral within 12 months (re_referrals_12m)"] == ["c", "20", "c"]
    assert controlled["Previous referral: no previous referral in the store"] == ["c", "20", "c"]
    page = client_as("analyst").get(f"/journeys/repeats?{PERIOD}")
    assert page.status_code == 200 and 'id="table-s47-pathway"' in page.text


def test_bad_choices_are_plain_messages(client_as):
    client = client_as("analyst")
    response = client.get("/api/journeys/data?from=2024-13-01")
    assert response.status_code == 400 and "is not a date" in response.json()["error"]
    response = client.get(f"/api/journeys/data?{PERIOD}&age=teenager")
    assert response.status_code == 400 and "Unknown age band teenager" in response.json()["error"]
    response = client.get(f"/journeys/sankey?{PERIOD}&points=referral&points=outcome")
    assert response.status_code == 400 and "Choose two or three different points" in response.text
    response = client.get(f"/api/journeys/counts?{PERIOD}")
    assert response.status_code == 400 and "date=" in response.json()["error"]
