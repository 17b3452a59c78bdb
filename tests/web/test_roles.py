"""Roles see what their role should: no practitioner for a regional viewer, no existence oracle.

The hand-made authority 846 (tests/web/world.py): practitioners Ann (846/W1), Ben (846/W2) in team
Alpha, Cat (846/W3) in Beta, Dan (846/W4) in Gamma; services Safeguarding (Alpha, Beta) and
Children in Care (Gamma). Child 846/C1 is Cat's (team Beta); 846/NOPE does not exist.
"""
from __future__ import annotations

import csv
import io

from carepath.web.audit import entries
from carepath.web.accounts import Accounts

WORKER_IDS = ("846/W1", "846/W2", "846/W3", "846/W4")


def _cells(response) -> list[str]:
    return [c for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))) for c in row]


def test_a_regional_viewer_sees_authority_and_service_levels_only(client_as):
    analyst, region = client_as("analyst"), client_as("region")
    asked = "/indicators/referrals?la=846&period=2024-25&level=worker&unit=846/W1&by=worker"
    assert "846/W1" in analyst.get(asked).text                       # the figure is there to be seen ...
    page = region.get(asked)
    assert page.status_code == 200
    assert not any(w in page.text for w in WORKER_IDS)               # ... but not by a regional viewer
    assert '<option value="worker"' not in page.text and '<option value="team"' not in page.text
    assert "Breakdown by service" in page.text
    for name in ("breakdown", "trend"):
        export = region.get(f"/export/{name}.csv?indicator=referrals&la=846&period=2024-25&level=worker"
                            f"&unit=846/W1&by=worker")
        cells = _cells(export)
        assert export.status_code == 200 and not any(w in c for w in WORKER_IDS for c in cells)
    breakdown = _cells(region.get("/export/breakdown.csv?indicator=referrals&la=846&period=2024-25&by=team"))
    assert "Safeguarding" in breakdown and "846/T1" not in breakdown
    overview = region.get("/overview?la=846&level=worker&unit=846/W1")
    assert overview.status_code == 200 and not any(w in overview.text for w in WORKER_IDS)
    assert '<option value="worker"' not in overview.text


def test_a_regional_viewer_gets_no_team_filter_on_the_pathways(client_as):
    analyst, region = client_as("analyst"), client_as("region")
    assert 'name="team"' in analyst.get("/journeys/sankey?la=846").text
    page = region.get("/journeys/sankey?la=846")
    assert page.status_code == 200 and 'name="team"' not in page.text and 'name="locality"' not in page.text
    # a team asked for by hand is ignored: the flows are the authority's
    whole = region.get("/export/journey_flows.csv?la=846")
    assert whole.status_code == 200 and len(_cells(whole)) > 3
    assert region.get("/export/journey_flows.csv?la=846&team=846/T1").content == whole.content


def test_a_missing_child_is_not_found_only_for_a_role_that_would_see_it(client_as, site):
    analyst, lead, alpha = client_as("analyst"), client_as("lead"), client_as("alpha")
    for client in (analyst, lead):
        missing = client.get("/children/child/846/NOPE")
        assert missing.status_code == 404 and "There is no child 846/NOPE" in missing.text
        assert client.get("/api/children/846/NOPE").status_code == 404
    # an authority lead asking for another authority's id learns nothing
    assert lead.get("/children/child/501/NOPE").status_code == 403
    # a team manager gets the same answer for a child that does not exist as for another team's child
    missing, other_team = alpha.get("/children/child/846/NOPE"), alpha.get("/children/child/846/C1")
    assert missing.status_code == other_team.status_code == 403
    assert missing.text == other_team.text
    assert alpha.get("/api/children/846/NOPE").json() == alpha.get("/api/children/846/C1").json()
    accounts = Accounts(site.web_db)
    assert [e.outcome for e in entries(accounts, username="analyst", action="timeline")[0]] == ["not found"] * 2
    assert {e.outcome for e in entries(accounts, username="alpha", action="timeline")[0]} == {"refused"}
