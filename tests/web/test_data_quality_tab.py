"""The Data page's Quality tab: completeness of key fields by team and month, worked by hand."""
from __future__ import annotations

from carepath.web.pages.data_quality import completeness


def test_completeness_by_team_and_month(world):
    world.team("T1", "Team One")
    world.worker("W1", "T1")
    for child in "ABC":
        world.child(child)
    world.allocation("A", "W1", "2024-01-01")
    world.allocation("B", "W1", "2024-01-01", "2024-05-15")      # ends before B's referral on the 20th
    world.allocation("B", "W1", "2024-05-16", team="T1")
    world.put("referral", referral_id="846/A/2024-05-03", child_id=world.cid("A"), referral_date="2024-05-03",
              source="6", primary_need="N1")
    world.put("referral", referral_id="846/B/2024-05-20", child_id=world.cid("B"), referral_date="2024-05-20",
              primary_need="N2")                                     # no source
    world.put("referral", referral_id="846/C/2024-05-10", child_id=world.cid("C"), referral_date="2024-05-10",
              source="1")                                            # C: nobody holds the case; no need
    world.put("referral", referral_id="846/A/2024-06-01", child_id=world.cid("A"), referral_date="2024-06-01",
              source="3A", primary_need="N3")
    got = {(r["team"], r["month"], r["field"]): (r["records"], r["filled"], r["percent"])
           for r in completeness(world.con, "846") if r["records_of"] == "Referrals"}
    # Team One, May 2024: A and B (B held from the 16th by the allocation naming T1): source 1 of 2, need 2 of 2
    assert got[("Team One", "2024-05", "source")] == (2, 1, 50.0)
    assert got[("Team One", "2024-05", "primary need")] == (2, 2, 100.0)
    assert got[("Not allocated", "2024-05", "primary need")] == (1, 0, 0.0)
    assert got[("Team One", "2024-06", "source")] == (1, 1, 100.0)
    assert len(got) == 6                                            # 3 team-months x 2 fields


def test_the_tab_is_for_the_lead_and_analysts(client_as):
    lead = client_as("lead").get("/data?tab=quality")
    assert lead.status_code == 200 and "Completeness of key fields" in lead.text
    assert "no date a record was entered" in lead.text
    refused = client_as("ann").get("/data?tab=quality")
    assert refused.status_code == 403
