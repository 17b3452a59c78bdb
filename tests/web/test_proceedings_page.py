"""The care proceedings page: the review queue, refused rows and match report, for analysts and the authority lead."""
from __future__ import annotations

import csv
import io
import shutil

import pytest
from fastapi.testclient import TestClient

from carepath.model import store as store_mod
from carepath.web.accounts import Accounts
from carepath.web.audit import entries
from tests.web.conftest import Site, sign_in


@pytest.fixture
def legal_site(built, tmp_path):
    store = tmp_path / "store.duckdb"
    shutil.copy(built.store, store)
    con = store_mod.connect(store)
    con.execute("INSERT INTO child (child_id, la_code, local_child_id, forename, surname, dob) VALUES "
                "('846/K1', '846', 'K1', 'Amelia', 'Khan', DATE '2015-03-04'), "
                "('846/K2', '846', 'K2', 'Ava', 'Khan', DATE '2015-03-04')")
    con.execute("INSERT INTO proceeding (proceeding_id, la_code, case_number, child_forename, child_surname, "
                "child_dob, application_date, order_sought) VALUES "
                "('846/LC1', '846', 'LC1', 'A', 'Khan', DATE '2015-03-04', DATE '2024-01-05', 'Care order'), "
                "('846/LC2', '846', 'LC2', NULL, NULL, NULL, DATE '2024-02-05', 'Care order')")
    con.execute("INSERT INTO proceeding_candidate VALUES ('846/LC1', '846/K1', '846', 0.9996, 11.6, 1, 'review'), "
                "('846/LC1', '846/K2', '846', 0.9996, 11.6, 2, 'review')")
    con.execute("INSERT INTO proceeding_link_issue VALUES ('846/LC2', '846', 'Case LC2: no usable identifiers')")
    con.close()
    web_db = tmp_path / "web.sqlite"
    shutil.copy(built.web_db, web_db)
    return Site(store, web_db)


def rows_of(client, url: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(client.get(url).text.lstrip("\ufeff"))))


def client_for(site, username):
    client = TestClient(site.app())
    assert sign_in(client, username).status_code == 303
    return client


def test_the_lead_sees_the_queue_and_the_view_is_audited(legal_site):
    with client_for(legal_site, "lead") as client:
        page = client.get("/proceedings?tab=review")
        assert page.status_code == 200
        assert "carepath proceedings review --accept 846/LC1 846/K1" in page.text and "Ava Khan" in page.text
        exported = rows_of(client, "/export/proceedings_review.csv")
        assert [row["Child"] for row in exported] == ["846/K1", "846/K2"]
        refused = client.get("/proceedings?tab=refused")
        assert "Case LC2: no usable identifiers" in refused.text
        report = rows_of(client, "/export/proceedings_report.csv")
        sex = [r for r in report if r["Characteristic"] == "sex"]
        assert sex == [{"Characteristic": "sex", "Value": "not recorded", "Proceedings": "2", "Linked": "0",
                        "Not linked": "2", "Match rate": "0.0"}]
    log = entries(Accounts(legal_site.web_db), username="lead")[0]
    assert any("proceedings review" in e.action for e in log)


def test_a_practitioner_is_refused_and_the_refusal_is_audited(legal_site):
    with client_for(legal_site, "ann") as client:
        response = client.get("/proceedings?tab=review")
        assert response.status_code == 403
        assert "Ava" not in response.text
    log = entries(Accounts(legal_site.web_db), username="ann")[0]
    assert any(e.outcome == "refused" and "proceedings review" in e.action for e in log)


def test_a_decision_in_the_browser_is_audited_and_carried_into_the_store_by_the_next_run(legal_site):
    from carepath.linkage.decisions import import_from
    from tests.web.conftest import csrf_of
    with client_for(legal_site, "lead") as client:
        token = csrf_of(client)
        response = client.post("/proceedings/decide", data={"csrf_token": token, "proceeding_id": "846/LC1",
                                                             "child_id": "846/K2", "decision": "accept",
                                                             "note": "court order names Ava"},
                               follow_redirects=False)
        assert response.status_code == 303
        assert "accept by lead" in client.get("/proceedings?tab=review").text
        forged = client.post("/proceedings/decide", data={"csrf_token": "wrong", "proceeding_id": "846/LC1",
                                                           "child_id": "846/K1", "decision": "accept"})
        assert forged.status_code == 403
    log = entries(Accounts(legal_site.web_db), username="lead")[0]
    assert any(e.action == "decide proceedings pair" and e.target == "accept 846/LC1 -> 846/K2" for e in log)
    con = store_mod.connect(legal_site.store)
    try:
        assert import_from(con, legal_site.web_db) == 1
        assert import_from(con, legal_site.web_db) == 0           # already carried
        assert con.execute("SELECT decision, decided_by, note FROM clerical_decision").fetchall() == [
            ("accept", "lead", "court order names Ava")]
    finally:
        con.close()


def test_a_practitioner_cannot_decide(legal_site):
    from tests.web.conftest import csrf_of
    with client_for(legal_site, "ann") as client:
        response = client.post("/proceedings/decide", data={"csrf_token": csrf_of(client), "proceeding_id": "846/LC1",
                                                             "child_id": "846/K2", "decision": "accept"})
        assert response.status_code == 403


def test_journeys_through_court_are_open_to_all_through_disclosure_control(legal_site):
    con = store_mod.connect(legal_site.store)
    con.execute("INSERT INTO proceeding_link (proceeding_id, child_id, la_code, match_probability, method) "
                "VALUES ('846/LC1', '846/K1', '846', 1.0, 'clerical')")
    con.close()
    # one linked case, never looked after, not concluded: Not looked after -> Not looked after -> Not concluded
    # -> Not yet known, each band 1 child
    with client_for(legal_site, "lead") as client:
        assert client.get("/proceedings?tab=journeys").status_code == 200
        bands = rows_of(client, "/export/proceedings_journeys.csv")
        assert [(b["From"], b["To"], b["Proceedings"]) for b in bands] == [
            ("Not looked after", "Not looked after", "1"), ("Not looked after", "Not concluded", "1"),
            ("Not concluded", "Not yet known", "1")]
        assert client.get("/proceedings?tab=orders").status_code == 200  # nothing concluded yet: an empty table
        assert rows_of(client, "/export/proceedings_journeys.csv?year=2023") == []  # applied for in 2024
        assert len(rows_of(client, "/export/proceedings_journeys.csv?year=2024&order=Not+concluded")) == 3
    with client_for(legal_site, "region") as client:
        page = client.get("/proceedings?tab=journeys")
        assert page.status_code == 200 and "shown as c" in page.text
        assert {b["Proceedings"] for b in rows_of(client, "/export/proceedings_journeys.csv")} == {"c"}
        assert client.get("/proceedings?tab=orders").status_code == 403


@pytest.fixture
def care_site(tmp_path):
    from tests.web import overtime_world
    from tests.web import world as web_world
    store = overtime_world.with_proceedings(tmp_path / "store.duckdb")
    web_world.add_users(Accounts(tmp_path / "web.sqlite"))
    return Site(store, tmp_path / "web.sqlite")


def test_the_leaving_care_curve_with_and_without_proceedings(care_site):
    # By hand from tests/web/overtime_world.py (the data's last day is 20 December 2023, K11's leaving):
    # with proceedings K0 (open, 984 days), K2, K5, K6 (648 days), K3 (649), K1 (651). Kaplan-Meier at 104 weeks
    # (728 days): 3 of 6 leave at 648 (S = 1/2), 1 of 3 at 649 (1/3), 1 of 2 at 651 (1/6): 16.7%, K0 followed.
    # Without: L1 (559 days), K7 (648) left, K4, K8, L0 open (862, 740, 893), K9, K11 (923), K10 (924): at 728
    # days 7/8 x 6/7 = 75.0%, 6 followed. At 50 weeks (350 days) nobody has left: 100% of both.
    with client_for(care_site, "lead") as client:
        page = client.get("/proceedings?tab=leaving")
        assert page.status_code == 200 and "chart-proceedings-leaving" in page.text
        rows = {(r["Periods of care"], r["Weeks after entering care"]): r
                for r in rows_of(client, "/export/proceedings_leaving_care.csv")}
        assert [rows[("With proceedings", "50")][k] for k in ("% still in care (Kaplan-Meier)",
                                                              "Periods still followed", "Periods ended by then")] == [
            "100.0", "6", "0"]
        assert [rows[("With proceedings", "104")][k] for k in ("% still in care (Kaplan-Meier)",
                                                               "Periods still followed", "Periods ended by then")] == [
            "16.7", "1", "5"]
        assert [rows[("Without proceedings", "104")][k] for k in ("% still in care (Kaplan-Meier)",
                                                                  "Periods still followed",
                                                                  "Periods ended by then")] == ["75.0", "6", "2"]
        steps = rows_of(client, "/export/proceedings_leaving_care_steps.csv")
        # weeks of the steps: 648 days = 92.57 weeks, 649 = 92.71, 651 = 93.0
        assert [(s["Weeks"], s["% still in care"]) for s in steps if s["Periods of care"] == "With proceedings"] == [
            ("0.0", "100.0"), ("92.57", "50.0"), ("92.71", "33.3"), ("93.0", "16.7"), ("140.57", "16.7")]
        assert client.get("/export/proceedings_leaving_care.xlsx").status_code == 200
    with client_for(care_site, "region") as client:
        page = client.get("/proceedings?tab=leaving")
        assert page.status_code == 200 and "shown as <strong>c</strong>" in page.text
        rows = {(r["Periods of care"], r["Weeks after entering care"]): r
                for r in rows_of(client, "/export/proceedings_leaving_care.csv")}
        # 1 followed with proceedings at 104 weeks: c, and the share resting on it; without, 2 ended: c
        assert [rows[("With proceedings", "104")][k] for k in ("% still in care (Kaplan-Meier)",
                                                               "Periods still followed", "Periods ended by then")] == [
            "c", "c", "5"]
        assert [rows[("Without proceedings", "104")][k] for k in ("% still in care (Kaplan-Meier)",
                                                                  "Periods still followed",
                                                                  "Periods ended by then")] == ["c", "6", "c"]
        assert rows[("Without proceedings", "50")]["% still in care (Kaplan-Meier)"] == "100.0"
        # the curve with proceedings cannot show a step of fewer than 5 endings among 5 or more followed: only its start
        steps = rows_of(client, "/export/proceedings_leaving_care_steps.csv")
        assert [(s["Weeks"], s["% still in care"]) for s in steps if s["Periods of care"] == "With proceedings"] == [
            ("0.0", "100.0")]
