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
