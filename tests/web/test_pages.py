"""The pages and exports over HTTP, for each role, against the figures worked out in tests/web/world.py."""
import csv
import io

import pytest
from openpyxl import load_workbook

from tests.web.conftest import csrf_of, sign_in


def table(response) -> list[dict]:
    assert response.status_code == 200, response.text[:500]
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def scorecard(client, **params) -> dict[str, dict]:
    query = "&".join(f"{k}={v}" for k, v in {"set": "all", "period": "2024-25", **params}.items())
    return {row["Id"]: row for row in table(client.get(f"/export/scorecard.csv?{query}"))}


def breakdown(client, indicator="re_referrals_12m", by="team") -> dict[str, tuple]:
    rows = table(client.get(f"/export/breakdown.csv?indicator={indicator}&period=2024-25&by={by}&la=846"))
    return {row["Id"]: (row["Numerator"], row["Denominator"], row["Value"]) for row in rows}


def test_signing_in_is_needed_everywhere(client_as):
    client = client_as(None)
    response = client.get("/overview?set=all", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/sign-in?next=%2Foverview%3Fset%3Dall"
    assert client.get("/api/records?indicator=referrals").status_code == 401
    assert client.get("/export/scorecard.csv").status_code == 401
    assert client.get("/healthz").json()["status"] == "ok"


def test_analyst_sees_the_engines_figures(client_as):
    found = scorecard(client_as("analyst"), la="846", level="authority")
    # referrals: 20 in 2024-25 over 10,000 children = 20.0 per 10,000
    assert (found["referrals"]["Numerator"], found["referrals"]["Denominator"], found["referrals"]["Value"]) == \
        ("20.0", "10000.0", "20.0")
    # re-referrals: 3 of 20 = 15%; 0% the year before, so down, and lower is better
    rereferrals = found["re_referrals_12m"]
    assert (rereferrals["Numerator"], rereferrals["Denominator"], rereferrals["Value"]) == ("3.0", "20.0", "15.0")
    assert (rereferrals["Previous period"], rereferrals["Direction of travel"]) == ("0.0", "up, worse")
    assert ("Not computed yet. Compute this figure with: carepath indicators run --indicator cla_at_end --period 2024-25"
            in found["cla_at_end"]["Note"])


def test_each_role_starts_at_its_own_unit(client_as):
    ann = scorecard(client_as("ann"))                        # practitioner 846/W1: 2 of 8 = 25%
    assert (ann["re_referrals_12m"]["Numerator"], ann["re_referrals_12m"]["Value"]) == ("2.0", "25.0")
    assert ann["referrals"]["Numerator"] == "8.0" and ann["referrals"]["Value"] == ""
    alpha = scorecard(client_as("alpha"))                    # team manager 846/T1: 2 of 10 = 20%
    assert (alpha["re_referrals_12m"]["Numerator"], alpha["re_referrals_12m"]["Value"]) == ("2.0", "20.0")
    service = scorecard(client_as("safeguarding"))           # Alpha and Beta: 3 of 13 = 23.08%
    assert service["re_referrals_12m"]["Value"] == "23.1"            # exported as shown, rounded half up


def test_authority_figures_are_controlled_for_those_who_cannot_see_every_child(client_as):
    # the team manager sees 2 of the 3 re-referrals: the third child is hidden, and alone, so 'c'
    alpha = scorecard(client_as("alpha"), la="846", level="authority")
    assert (alpha["re_referrals_12m"]["Numerator"], alpha["re_referrals_12m"]["Denominator"],
            alpha["re_referrals_12m"]["Value"]) == ("c", "20.0", "c")
    assert alpha["referrals"]["Value"] == "20.0"            # 10 hidden referrals: nothing to protect
    region = scorecard(client_as("region"), la="846", level="authority")
    assert region["re_referrals_12m"]["Value"] == "c" and region["referrals"]["Numerator"] == "20.0"
    lead = scorecard(client_as("lead"), la="846", level="authority")
    assert lead["re_referrals_12m"]["Value"] == "15.0"


def test_breakdown_by_team_for_three_roles(client_as):
    assert breakdown(client_as("analyst")) == {
        "846/T1": ("2.0", "10.0", "20.0"), "846/T2": ("1.0", "3.0", "33.3"),
        "846/T3": ("0.0", "6.0", "0.0"), "846/Not allocated": ("0.0", "1.0", "0.0"), "846": ("3.0", "20.0", "15.0")}
    # Alpha's manager: own team in full; Beta's 1 of 3 and not-allocated's 1 are primary; 0 of 6 is shown
    assert breakdown(client_as("alpha")) == {
        "846/T1": ("2.0", "10.0", "20.0"), "846/T2": ("c", "c", "c"), "846/T3": ("0.0", "6.0", "0.0"),
        "846/Not allocated": ("0.0", "c", "c"), "846": ("c", "20.0", "c")}
    # a regional viewer sees services, not teams (tests/web/test_roles.py): Safeguarding (Alpha and
    # Beta) 3 of 13 -> 3 is small: 'c'; not allocated 0 of 1 -> 'c'; Children in Care 0 of 6 loses
    # its 6 as the complement (else 20 - 13 - 6 would give the not-allocated 1)
    assert breakdown(client_as("region")) == {
        "Safeguarding": ("c", "13.0", "c"), "Children in Care": ("0.0", "c", "c"),
        "Not allocated": ("0.0", "c", "c"), "846": ("c", "20.0", "c")}


def test_the_indicator_page_shows_trend_breakdown_and_definition(client_as):
    page = client_as("analyst").get("/indicators/re_referrals_12m?la=846&period=2024-25&by=team")
    assert page.status_code == 200
    text = page.text
    assert 'id="headline-value">15.0%' in text
    assert "Breakdown by team, 2024-25" in text and "Alpha" in text and "Gamma" in text
    assert "A referral exactly 12 months after the previous one is a re-referral" in text
    assert '/children/records?indicator=re_referrals_12m&amp;la=846&amp;period=2024-25&amp;level=team&amp;unit=846%2FT1' in text
    assert 'src="/assets/plotly.min.js"' in text and "cdn" not in text.lower()
    trend = table(client_as("analyst").get("/export/trend.csv?indicator=re_referrals_12m&la=846&period=2024-25"))
    assert [(r["Period"], r["Value"]) for r in trend] == [("2023-24", "0.0"), ("2024-25", "15.0")]


def test_a_figure_not_computed_says_how_to_compute_it(client_as):
    page = client_as("analyst").get("/indicators/cla_at_end?la=846&period=2024-25")
    assert page.status_code == 200
    assert "not computed" in page.text and "carepath indicators run --indicator cla_at_end" in page.text


def test_exports_as_xlsx(client_as):
    response = client_as("analyst").get("/export/trend.xlsx?indicator=referrals&la=846&period=2024-25")
    assert response.headers["content-disposition"] == 'attachment; filename="carepath-trend.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0] == ("Period", "Numerator", "Denominator", "Value", "Note")
    assert rows[1][:4] == ("2023-24", 3, 10000, 3) and rows[2][:4] == ("2024-25", 20, 10000, 20)


def test_plotly_is_served_by_the_app_never_a_cdn(client_as):
    client = client_as(None)
    script = client.get("/assets/plotly.min.js", headers={"accept-encoding": "identity"})
    assert script.status_code == 200 and script.headers["content-type"].startswith("text/javascript")
    assert b"plotly" in script.content[:2000].lower() and len(script.content) > 1_000_000
    assert "script-src 'self'" in script.headers["content-security-policy"]


def test_security_headers_and_cookies(client_as, site):
    client = client_as(None)
    response = sign_in(client, "analyst")
    cookie = response.headers["set-cookie"]
    assert "carepath_session=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    page = client.get("/overview")
    assert page.headers["cache-control"] == "no-store" and page.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("path", ["/overview", "/indicators", "/indicators/referrals", "/children", "/data",
                                  "/admin/audit", "/admin/users", "/account", "/children/child/846/A1"])
def test_every_page_opens_for_the_analyst(client_as, path):
    response = client_as("analyst").get(path)
    assert response.status_code == 200 and "<main" in response.text


def test_a_missing_page_is_a_plain_404(client_as):
    response = client_as("analyst").get("/nowhere")
    assert response.status_code == 404 and "Page not found" in response.text


def test_sign_out_needs_the_csrf_token_and_ends_the_session(client_as):
    client = client_as("analyst")
    assert client.post("/sign-out", data={}).status_code == 403
    token = csrf_of(client)
    response = client.post("/sign-out", data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303
    assert client.get("/overview", follow_redirects=False).status_code == 303


def test_a_store_with_nothing_computed_says_what_to_run(tmp_path):
    from fastapi.testclient import TestClient

    from carepath.model import store as store_mod
    from carepath.web.accounts import Accounts
    from carepath.web.app import create_app
    from carepath.web.settings import WebSettings
    from tests.indicators.world import World
    con = store_mod.connect(tmp_path / "s.duckdb")
    World(con).child("A1")
    con.close()
    Accounts(tmp_path / "w.sqlite").add("ann", "a long password", "analyst")
    with TestClient(create_app(WebSettings.of(tmp_path / "s.duckdb", tmp_path / "w.sqlite"))) as client:
        sign_in(client, "ann", "a long password")
        page = client.get("/overview")
        assert page.status_code == 200 and "The store holds no computed figures yet." in page.text
        assert "carepath indicators run --period 2024-25 --periods 3 --level all" in page.text
