"""The Board pack page: only analysts and authority leads (of their own authority) open it, see it in
the navigation, or download the pack; refusals are audited."""
from carepath.web import pack_notes
from tests.web.conftest import csrf_of


def test_only_analysts_and_authority_leads_reach_the_pack(client_as, accounts):
    for username in ("ann", "alpha", "safeguarding", "region"):
        client = client_as(username)
        assert client.get("/pack").status_code == 403, username
        assert 'href="/pack"' not in client.get("/overview").text, username
        assert client.get("/pack/download.html?la=846").status_code == 403, username
    lead = client_as("lead")
    assert 'href="/pack"' in lead.get("/overview").text
    assert lead.get("/pack?la=846").status_code == 200


def test_an_authority_lead_cannot_write_another_authoritys_commentary(client_as, accounts):
    lead = client_as("lead")                               # lead of 846; the store also holds 501
    token = csrf_of(lead)
    refused = lead.post("/pack/commentary", data={"csrf_token": token, "la": "501", "period": "2024Q4",
                                                  "commentary:referrals": "not mine"}, follow_redirects=False)
    assert refused.status_code == 403
    assert not pack_notes.current(accounts, "501", "board", "2024Q4")
    with accounts.connect() as db:
        outcomes = [tuple(r) for r in db.execute("SELECT action, target, outcome FROM audit WHERE username = 'lead' "
                                                  "AND action LIKE '%board pack%'")]
    assert ("write board pack", "501", "refused") in outcomes
