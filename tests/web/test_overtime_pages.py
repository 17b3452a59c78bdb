"""The Over time pages over HTTP: who sees what, disclosure control, drill-through refused and audited."""
import csv
import io

import pytest

from carepath.web import audit
from carepath.web.accounts import Accounts
from tests.web import overtime_world
from tests.web import world as web_world
from tests.web.conftest import Site

QUERY = "la=846&measure=leaving_care&by=sex"


@pytest.fixture
def site(tmp_path):
    store = overtime_world.build(tmp_path / "store.duckdb")
    web_world.add_users(Accounts(tmp_path / "web.sqlite"))
    return Site(store, tmp_path / "web.sqlite")


def table(response) -> list[dict]:
    assert response.status_code == 200, response.text[:500]
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_an_analyst_sees_the_counts_a_regional_viewer_sees_them_controlled(client_as):
    # By hand from overtime_world: 14 periods of care from 2021, 7 girls and 7 boys. All 7 girls left care (K1, K3,
    # K5, K7 and L1 after 559-651 days; K9, K11 after 923); 3 boys left (K2, K6 after 648 days, K10 after 924), 4 are
    # still in care on 31 March 2025. At 24 months (730.5 days) 2 girls are still followed (K9, K11), 5 boys.
    mine = {r["Group"]: r for r in table(client_as("analyst").get(f"/export/overtime_summary.csv?{QUERY}"))}
    assert [(mine[g]["Records"], mine[g]["Events"], mine[g]["at risk at 24"]) for g in ("Female", "Male")] == [
        ("7", "7", "2"), ("7", "3", "5")]
    assert mine["Female"]["% still in care at 24 months"] == "28.6"            # 2 of 7
    theirs = {r["Group"]: r for r in table(client_as("region").get(f"/export/overtime_summary.csv?{QUERY}"))}
    # the boys' 3 events are under 5, so c; the girls' 7 with it (10 in all, 10 - 7 = 3); the girls' 2 at risk, and
    # the share built on them, c; 7 records each stay (no count under 5)
    assert [(theirs[g]["Records"], theirs[g]["Events"], theirs[g]["at risk at 24"]) for g in ("Female", "Male")] == [
        ("7", "c", "c"), ("7", "c", "5")]
    assert theirs["Female"]["% still in care at 24 months"] == "c"


def test_drill_through_is_refused_outside_scope_and_audited(client_as, accounts):
    url = "/overtime/children?la=846&measure=leaving_care&by=sex&group=Female"
    assert client_as("analyst").get(url).status_code == 200
    entries, _ = audit.entries(accounts, username="analyst", action="view over time children")
    assert entries[0].child_count == 7
    assert client_as("ann").get(url).status_code == 403                 # L1 is Cat's, not Ann's
    refused, _ = audit.entries(accounts, username="ann", action="view over time children")
    assert refused[0].outcome == audit.REFUSED
    assert client_as("region").get(url).status_code == 403


def test_a_split_the_curve_cannot_take_is_a_clear_message(client_as):
    response = client_as("analyst").get("/overtime?la=846&measure=cp_plan_repeat")
    assert response.status_code == 200
    response = client_as("analyst").get("/overtime?la=846&measure=return_to_care&by=nothing")
    assert response.status_code == 400 and "cannot be split by" in response.text


def test_cohort_filter_and_the_cox_model_on_the_return_to_care_page(client_as):
    analyst = client_as("analyst")
    (row,) = table(analyst.get("/export/overtime_summary.csv?la=846&measure=leaving_care&cohort=2021-22"))
    assert row["Records"] == "14"                                    # every period began in 2021-22
    refused = analyst.get("/overtime?la=846&measure=leaving_care&cohort=2019-20")
    assert refused.status_code == 400 and "No record starts in 2019-20" in refused.text
    page = analyst.get("/overtime?la=846&measure=return_to_care")
    # the ten children who left care never came back: too few returns for a model, and the page says so
    assert page.status_code == 200 and "No Cox model: Only 0 returns to care" in page.text


def test_missing_returns_or_population_is_named_on_the_page(site, client_as):
    import duckdb
    con = duckdb.connect(str(site.store))
    con.execute("DELETE FROM population")
    con.close()
    analyst = client_as("analyst")
    page = analyst.get("/overtime/incidence?la=846")
    assert page.status_code == 400 and "no mid-year population estimates by single year of age" in page.text
    con = duckdb.connect(str(site.store))
    con.execute("DELETE FROM load_batch")
    con.close()
    page = client_as("analyst").get("/overtime?la=846")
    assert page.status_code == 400 and "No CIN census or SSDA903 return of authority 846 has been loaded" in page.text


def test_a_controlled_curve_has_no_step_of_fewer_than_five(client_as):
    url = "/export/overtime_curve.csv?la=846&measure=leaving_care"
    full = table(client_as("analyst").get(url))
    # 10 children left care: 1 on day 559, 4 on day 648, 1 on 649, 1 on 651, 2 on 923, 1 on 924
    assert [int(r["Events"]) for r in full if r["Events"] != "0"] == [1, 4, 1, 1, 2, 1]
    shown = table(client_as("region").get(url))
    # merged: 1 + 4 = 5 by day 648, then 1 + 1 + 2 + 1 = 5 by day 924, when 5 are still followed
    assert [int(r["Events"]) for r in shown[1:]] == [5, 5]
    assert all(int(r["At risk"]) >= 5 for r in shown) and all(r["Censored"] == "" for r in shown)


def test_incidence_by_ethnic_group_only_where_the_population_is_given(site, client_as):
    analyst = client_as("analyst")
    page = analyst.get("/overtime/incidence?la=846")
    assert page.status_code == 200
    assert "By ethnic group: not available" in page.text and 'value="ethnic_group"' not in page.text
    page = analyst.get("/overtime/incidence?la=846&by=ethnic_group")
    assert page.status_code == 400 and "no population by ethnic group for authority 846" in page.text
    import duckdb
    con = duckdb.connect(str(site.store))
    con.execute("""INSERT INTO population_ethnicity (population_id, area_code, year, age, sex, ethnic_group, category, count)
                   SELECT population_id || '/White', area_code, year, age, sex, 'White', 'White', count
                   FROM population""")
    con.close()
    analyst = client_as("analyst")
    page = analyst.get("/overtime/incidence?la=846")
    assert 'value="ethnic_group"' in page.text and "By ethnic group: not available" not in page.text
    rows = table(analyst.get("/export/overtime_incidence.csv?la=846&by=ethnic_group&event=care"))
    assert {r["Subgroup"] for r in rows} == {"White", "Mixed", "Asian", "Black", "Other"}
