"""Child-level pages refused outside scope (by link and by API), and every view on the audit log."""
import csv
import io

from carepath.web import audit
from carepath.web.accounts import Accounts
from tests.web.conftest import csrf_of, sign_in

RECORDS = "indicator=re_referrals_12m&la=846&period=2024-25&level=team&unit=846/T1"
BETA_RECORDS = "indicator=re_referrals_12m&la=846&period=2024-25&level=team&unit=846/T2"


def entries(site, **filters):
    found, _ = audit.entries(Accounts(site.web_db), **filters)
    return found


def test_a_team_manager_opens_their_teams_records_and_it_is_audited(client_as, site):
    client = client_as("alpha")
    page = client.get(f"/children/records?{RECORDS}")
    assert page.status_code == 200
    assert "10 records, 2 counted in the numerator" in page.text       # Alpha: 2 re-referrals of 10
    rows = list(csv.DictReader(io.StringIO(client.get(f"/export/records.csv?{RECORDS}").content.decode("utf-8-sig"))))
    assert sorted(r["Child"] for r in rows if r["Counted in numerator"] == "1.0") == ["846/A1", "846/A2"]
    viewed, exported = entries(site, username="alpha", action="records")[::-1]
    assert (viewed.action, viewed.outcome, viewed.child_count) == ("view records", "allowed", 10)
    assert (exported.action, exported.child_count) == ("export csv records", 10)
    assert "846/B2" in exported.children


def test_another_teams_records_are_refused_by_link_and_by_api(client_as, site):
    client = client_as("alpha")
    page = client.get(f"/children/records?{BETA_RECORDS}")
    assert page.status_code == 403 and "outside your caseload, team or service" in page.text
    assert "846/C1" not in page.text
    api = client.get(f"/api/records?{BETA_RECORDS}")
    assert api.status_code == 403 and "error" in api.json()
    assert client.get(f"/export/records.csv?{BETA_RECORDS}").status_code == 403
    refused = entries(site, username="alpha", outcome="refused")
    assert [e.action for e in refused] == ["export csv records", "api records", "view records"]


def test_a_practitioner_opens_their_own_child_but_not_another_teams(client_as, site):
    client = client_as("ann")
    page = client.get("/children/child/846/A1")
    assert page.status_code == 200
    timeline = client.get("/api/children/846/A1").json()["timeline"]
    # two referrals, an assessment, a CP plan, two placements (one period in care), one allocation
    assert [(e["kind"], e["start"]) for e in timeline] == [
        ("Allocation", "2023-01-01"), ("Referral", "2023-06-01"), ("Referral", "2024-05-01"),
        ("Assessment", "2024-05-01"), ("Child protection plan", "2024-06-20"), ("Period in care", "2024-10-01"),
        ("Placement", "2024-10-01"), ("Placement", "2024-12-01")]
    assert next(e for e in timeline if e["kind"] == "Period in care")["detail"] == "2 episodes"
    other = client.get("/children/child/846/C1")                # Cat's child in Beta
    assert other.status_code == 403 and "not in your caseload" in other.text
    assert client.get("/api/children/846/C1").status_code == 403
    assert client.get("/children/child/846/nobody").status_code == 403   # not in scope, whether or not it exists
    log = entries(site, username="ann")
    assert [(e.action, e.target, e.outcome) for e in log if "timeline" in e.action] == [
        ("view child timeline", "846/nobody", "refused"), ("api child timeline", "846/C1", "refused"),
        ("view child timeline", "846/C1", "refused"), ("api child timeline", "846/A1", "allowed"),
        ("view child timeline", "846/A1", "allowed")]
    assert entries(site, child="846/A1")[0].username == "ann"


def test_a_regional_viewer_never_sees_a_child(client_as):
    client = client_as("region")
    assert client.get("/children").status_code == 403
    assert client.get("/children/child/846/A1").status_code == 403
    assert client.get(f"/api/records?{RECORDS}").status_code == 403
    overview = client.get("/overview")
    assert 'href="/children"' not in overview.text


def test_the_caseload_lists_only_children_in_scope(client_as, site):
    rows = csv.DictReader(io.StringIO(client_as("cat").get("/export/caseload.csv").content.decode("utf-8-sig")))
    assert sorted(r["Child"] for r in rows) == ["846/C1", "846/C2", "846/C3"]
    assert entries(site, username="cat")[0].children == ["846/C1", "846/C2", "846/C3"]


def test_loads_for_everyone_rejects_and_issues_for_leads_only(client_as, site):
    ann = client_as("ann")
    loads = ann.get("/data")
    assert loads.status_code == 200 and "1 file(s) loaded: 10 rows read, 9 loaded, 1 rejected" in loads.text
    assert ann.get("/data?tab=rejects").status_code == 403
    assert ann.get("/data?tab=issues").status_code == 403
    lead = client_as("lead")
    rejects = lead.get("/data?tab=rejects&batch=1")
    assert rejects.status_code == 200 and "dob 2024-13-01 is not a date" in rejects.text
    issues = client_as("analyst").get("/data?tab=issues&q=8925")
    assert issues.status_code == 200 and "Assessment authorised before it started" in issues.text
    assert entries(site, username="analyst", action="issues")[0].children == ["846/A1"]
    assert entries(site, username="lead", action="rejects")[0].target == "rejected rows of load 1 LA 846"


def test_only_administrators_open_the_audit_log_and_manage_accounts(client_as, site):
    assert client_as("lead").get("/admin/audit").status_code == 403
    assert client_as("lead").get("/export/audit.csv").status_code == 403
    admin = client_as("analyst")
    admin.get("/children/child/846/A1")
    log = admin.get("/admin/audit?child=846/A1")
    assert log.status_code == 200 and "view child timeline" in log.text
    form = {"username": "newbie", "password": "a long password", "role": "team_manager", "la_code": "846",
            "unit": "846/T2"}
    assert admin.post("/admin/users", data=form).status_code == 403          # no CSRF token
    form["csrf_token"] = csrf_of(admin)
    added = admin.post("/admin/users", data=form)
    assert added.status_code == 200 and "Account newbie added." in added.text
    fresh = client_as(None)
    assert sign_in(fresh, "newbie", "a long password").headers["location"] == "/overview"
    disabled = admin.post("/admin/users/newbie/disable", data={"csrf_token": csrf_of(admin)})
    assert "Account newbie disabled." in disabled.text
    assert fresh.get("/overview", follow_redirects=False).status_code == 303
    assert [e.action for e in entries(site, username="analyst", action="account")] == ["disable account", "add account"]


def test_wrong_passwords_are_refused_audited_and_throttled(client_as, site):
    client = client_as(None)
    client.app.state.web.throttle.clock = lambda: 0.0    # time stands still (tests/web/test_throttle.py: the rules)
    for _ in range(4):                                   # 3 free, the 4th checked, then a wait of 1 s
        assert "problem=wrong" in sign_in(client, "cat", "not the password").headers["location"]
    assert "problem=throttled" in sign_in(client, "cat").headers["location"]   # even the right one, for now
    assert len(entries(site, username="cat", outcome="refused")) == 5


def test_the_sign_in_form_needs_its_token_and_stays_on_this_site(client_as):
    client = client_as(None)
    client.get("/sign-in")
    response = client.post("/sign-in", data={"username": "ann", "password": "correct horse battery"},
                           follow_redirects=False)
    assert "problem=expired" in response.headers["location"]
    page = client.get("/sign-in?next=//elsewhere.example/steal")
    assert 'name="next" value="/overview"' in page.text
