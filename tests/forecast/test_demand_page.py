"""The dashboard's Demand page: forecast, scenario, costs, downloads, and disclosure control."""
import warnings

import pytest

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
from fastapi.testclient import TestClient  # noqa: E402

from carepath.web.accounts import Accounts  # noqa: E402
from carepath.web.app import create_app  # noqa: E402
from carepath.web.settings import WebSettings  # noqa: E402
from tests.forecast.test_forecast_cli import build_store  # noqa: E402
from tests.web import world  # noqa: E402
from tests.web.conftest import sign_in  # noqa: E402


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demand")
    build_store(folder / "store.duckdb", 30)
    world.add_users(Accounts(folder / "web.sqlite"))
    return folder


def client(site, user):
    c = TestClient(create_app(WebSettings.of(site / "store.duckdb", site / "web.sqlite", store_linger_seconds=0)))
    assert sign_in(c, user).status_code == 303
    return c


def test_the_authority_lead_sees_the_forecast_and_a_scenario(site):
    c = client(site, "lead")
    page = c.get("/demand?horizon=12&entries=-50")
    assert page.status_code == 200, page.text
    assert "Children looked after" in page.text and 'href="/demand"' in page.text
    assert "Scenario: entries -50%" in page.text and "chart-total-data" in page.text
    export = c.get("/export/demand.csv?horizon=12&entries=-50")
    assert export.status_code == 200
    lines = export.text.lstrip("\ufeff").strip().splitlines()      # CSV starts with a byte-order mark, for Excel
    assert lines[0].startswith("Month end,Placement type,Forecast") and "Scenario minus forecast" in lines[0]
    assert len(lines) == 1 + 13 * 7                    # 13 month ends x (all + 6 placement types)
    costs = c.get("/export/demand_costs.xlsx?horizon=12").content
    assert costs[:2] == b"PK"                            # an xlsx (zip) file
    c.close()


def test_a_regional_viewer_sees_small_placement_types_suppressed(site):
    c = client(site, "region")
    page = c.get("/demand?horizon=12")
    assert page.status_code == 200
    assert "shown as <strong>c</strong>" in page.text
    csv = c.get("/export/demand.csv?horizon=12").text
    series = {}
    for line in csv.splitlines()[1:]:
        month, ptype, *values = line.split(",")
        series.setdefault(ptype, []).append(values)
    # build_store(30): the data end on 31 July 2024 (the last end date, 1 July 2024, in that month). Looked
    # after then (episodes ending on 1 July are over): kinship C43, C48, C53, C58 = 4, a count of 1 to 4, so
    # kinship is c in every month; placed with parents C34, C44, C49, C54, C59 = 5, shown
    assert all(values == ["c", "c", "c"] for values in series["Kinship fostering"])
    assert series["Placed with parents"][0] == ["5.0", "5.0", "5.0"]
    c.close()


def test_bad_controls_are_a_plain_message(site):
    c = client(site, "lead")
    page = c.get("/demand?entries=lots")
    assert page.status_code == 400 and "must be a number of percent" in page.text
    c.close()


def cost_rows(c, query="horizon=12"):
    """Year-1 costs from the costs table's CSV export: {placement type: (weekly cost, cost)}."""
    import csv as csv_mod
    import io
    text = c.get(f"/export/demand_costs.csv?{query}").text.lstrip("\ufeff")
    return {r["Placement type"]: (r["Weekly cost (£)"], r["Cost (£)"]) for r in csv_mod.DictReader(io.StringIO(text))
            if r["Year ahead"] == "Year 1"}


def test_the_lead_sees_edits_and_uploads_the_costs_and_each_save_is_audited(site):
    from carepath.web import audit
    from tests.web.conftest import csrf_of
    c = client(site, "lead")
    page = c.get("/demand?horizon=12")
    assert "Weekly costs in use" in page.text and "The published defaults" in page.text
    assert 'id="costs-form"' in page.text and 'id="costs-upload"' in page.text
    template = c.get("/demand/costs.csv?la=846")
    assert template.status_code == 200 and "attachment" in template.headers["content-disposition"]
    lines = template.text.splitlines()
    assert lines[0] == "placement_type,weekly_cost,source" and lines[3].startswith("residential,3830.00,")
    assert lines[4].startswith("kinship,202.33,")                # the national minimum allowance
    assert lines[5].startswith("placed_with_parents,,")         # no published figure: blank, not 0
    before = cost_rows(c)
    assert "Placed with parents" not in before                 # not costed
    assert "No weekly cost for Placed with parents, Other" in page.text

    # the form: placed with parents at £300 a week, the rest as they were
    token = csrf_of(c)
    form = {"csrf_token": token, "la": "846", "action": "edit", "weekly_cost:placed_with_parents": "300",
            "source:placed_with_parents": "our 2025-26 cost of support at home"}
    for ptype, cost in (("fostering_in_house", "646"), ("fostering_agency", "820"), ("residential", "3830"),
                        ("kinship", "202.33")):
        form[f"weekly_cost:{ptype}"] = cost
    saved = c.post("/demand/costs", data=form, follow_redirects=False)
    assert saved.status_code == 303 and "saved=costs" in saved.headers["location"]
    page = c.get("/demand?horizon=12&saved=costs")
    assert "Set by lead on" in page.text and "our 2025-26 cost of support at home" in page.text
    after = cost_rows(c)
    # placed with parents' year-1 cost = £300 x 4.348214 weeks x the children placed with parents forecast at
    # month ends 1-12 (the page's tables round the forecast to 0.1 of a child, so the central path is recomputed
    # unrounded; it is the deterministic projection, the same whatever the number of simulations)
    from carepath.forecast.history import PLACEMENT_TYPES, load_history
    from carepath.forecast.markov import forecast
    from carepath.model import store as store_mod
    con = store_mod.connect(site / "store.duckdb", read_only=True)
    central = forecast(load_history(con, "846"), 12, replicates=20).central
    con.close()
    at_home = central[1:13, :, PLACEMENT_TYPES.index("placed_with_parents")].sum()
    assert float(after["Placed with parents"][1]) == pytest.approx(300 * 365.25 / 84 * at_home, abs=0.5)
    # the total grows by that cost alone
    assert float(after["All costed placements"][1]) == pytest.approx(
        float(before["All costed placements"][1]) + float(after["Placed with parents"][1]), abs=2)

    # an uploaded file with a bad row changes nothing and says which row
    bad = c.post("/demand/costs", data={"csrf_token": token, "la": "846", "action": "upload"},
                 files={"file": ("costs.csv", b"placement_type,weekly_cost\nresidential,lots\n", "text/csv")})
    assert bad.status_code == 400 and "row 2: weekly cost" in bad.text and "is not a number" in bad.text
    assert cost_rows(c) == after
    good = c.post("/demand/costs", data={"csrf_token": token, "la": "846", "action": "upload"},
                  files={"file": ("ours.csv", b"placement_type,weekly_cost,source\nresidential,5000,budget\n", "text/csv")},
                  follow_redirects=False)
    assert good.status_code == 303
    uploaded = cost_rows(c)
    assert set(uploaded) == {"All costed placements", "Residential"} and uploaded["Residential"][0] == "5000"
    # a default figure changed but its citation left in place: the citation no longer applies
    from carepath.forecast.costs import DEFAULT_COSTS
    changed = c.post("/demand/costs", data={"csrf_token": token, "la": "846", "action": "edit",
                                            "weekly_cost:fostering_in_house": "700",
                                            "source:fostering_in_house": DEFAULT_COSTS["fostering_in_house"][1]},
                     follow_redirects=False)
    assert changed.status_code == 303
    kept = c.get("/demand/costs.csv?la=846").text.splitlines()
    assert kept[1] == "fostering_in_house,700.00,entered by lead"
    back = c.post("/demand/costs", data={"csrf_token": token, "la": "846", "action": "defaults"},
                  follow_redirects=False)
    assert back.status_code == 303 and cost_rows(c) == before
    entries = [e for e in audit.page(c.app.state.web.accounts, action="demand costs").entries]
    assert [e.target.split(":")[1].strip() for e in reversed(entries)] == [
        "edited", "uploaded ours.csv", "edited", "back to the published defaults"]
    assert all(e.username == "lead" and e.action == "write demand costs" for e in entries)
    c.close()


def test_a_regional_viewer_sees_the_costs_but_cannot_change_them(site):
    from carepath.web import audit
    from tests.web.conftest import csrf_of
    c = client(site, "region")
    page = c.get("/demand?horizon=12")
    assert "Weekly costs in use" in page.text and 'id="costs-form"' not in page.text
    assert c.get("/demand/costs.csv?la=846").status_code == 200
    table = c.get("/export/demand_unit_costs.csv?la=846").text.lstrip("\ufeff").splitlines()
    assert table[0] == "Placement type,Code in the costs file,Weekly cost (£),Source"
    assert table[3].startswith("Residential,residential,3830.0,")
    refused = c.post("/demand/costs", data={"csrf_token": csrf_of(c), "la": "846", "action": "defaults"})
    assert refused.status_code == 403 and "Only analysts and the authority" in refused.text
    entry = audit.page(c.app.state.web.accounts, username="region", action="demand costs").entries[0]
    assert entry.outcome == audit.REFUSED
    c.close()


def test_fewer_than_two_years_is_a_plain_message_on_the_page(tmp_path):
    build_store(tmp_path / "short.duckdb", 14)
    world.add_users(Accounts(tmp_path / "web.sqlite"))
    c = TestClient(create_app(WebSettings.of(tmp_path / "short.duckdb", tmp_path / "web.sqlite",
                                             store_linger_seconds=0)))
    assert sign_in(c, "lead").status_code == 303
    page = c.get("/demand")
    assert page.status_code == 400 and "at least 2 years" in page.text and "Traceback" not in page.text
    c.close()
