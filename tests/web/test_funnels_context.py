"""The indicator page's funnel within the authority, its published comparator, and Ofsted's outcomes as context.

On the hand-made store (tests/web/world.py), re-referrals within 12 months in 2024-25 by team:
Alpha 2 of 10, Beta 1 of 3, Gamma 0 of 6, Not allocated 0 of 1; the authority's own figure 3 of 20 = 15%.
"""
import csv
import io
import math

import pytest

# Limits around the authority's 15%, by hand (binomial, normal approximation):
#   n = 10: s = sqrt(0.15 x 0.85 / 10) = 0.112916; 95% upper 0.15 + 1.959964 x 0.112916 = 0.371311 (37.1%),
#           lower 0.15 - 0.221311 < 0, so 0; Alpha's 20% is inside.
#   n = 3:  s = 0.206155; 95% upper 0.15 + 0.404057 = 0.554057: Beta's 33.3% is inside.
#   n = 6:  s = 0.145774; lower below 0: Gamma's 0% is inside. No unit is flagged.
#   z-scores 0.443, 0.889, -1.029, -0.420: phi well under chi-squared's 7.81 / 4, so no over-dispersion.


def _rows(client, name, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    response = client.get(f"/export/{name}.csv?{query}")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_teams_are_judged_against_the_authority_s_own_figure(site, client_as):
    analyst = client_as("analyst")
    rows = {r["Team"]: r for r in _rows(analyst, "unit_funnel", indicator="re_referrals_12m", la="846",
                                        period="2024-25")}
    assert set(rows) == {"Alpha", "Beta", "Gamma", "Not allocated"}
    assert [float(rows["Alpha"][k]) for k in ("Numerator", "Denominator", "Per cent")] == [2, 10, 20.0]
    assert {r["Against the limits"] for r in rows.values()} == {"within 95% limits"}
    page = analyst.get("/indicators/re_referrals_12m?la=846&period=2024-25")
    assert 'id="chart-unit_funnel"' in page.text
    assert "own figure, 15.0%" in page.text
    assert "binomial limits" in page.text and "no over-dispersion beyond chance" in page.text
    from carepath.analysis.funnel import Z95, Point, funnel
    f = funnel([Point("a", "a", 2, 10), Point("b", "b", 1, 3), Point("g", "g", 0, 6), Point("n", "n", 0, 1)],
               target=0.15)
    assert f.limits(10, Z95)[1] == pytest.approx(0.371311, abs=1e-5) and not f.overdispersed
    assert f.limits(3, Z95)[1] == pytest.approx(0.15 + Z95 * math.sqrt(0.15 * 0.85 / 3))


def test_a_viewer_who_may_not_see_every_child_gets_no_funnel_that_would_reveal_them(site, client_as):
    # the team manager of Alpha sees Alpha's 2 of 10; the authority's 3 of 20 hides 1 re-referral outside
    # their scope (a count of 1 to 4), so the authority's own figure is suppressed for them: no funnel.
    alpha = client_as("alpha")
    page = alpha.get("/indicators/re_referrals_12m?la=846&period=2024-25")
    assert page.status_code == 200 and 'id="chart-unit_funnel"' not in page.text
    assert "is not available to you" in page.text
    assert _rows(alpha, "unit_funnel", indicator="re_referrals_12m", la="846", period="2024-25") == []


def test_a_rate_has_no_team_funnel_and_says_why(site, client_as):
    page = client_as("analyst").get("/indicators/referrals?la=846&period=2024-25")
    assert 'id="unit-funnel"' not in page.text          # the section is for percentages only
    rows = _rows(client_as("analyst"), "unit_funnel", indicator="referrals", la="846", period="2024-25")
    assert rows == []


def test_every_indicator_page_names_its_comparator_or_why_there_is_none(site, client_as):
    analyst = client_as("analyst")
    page = analyst.get("/indicators/contacts?la=846")
    assert "Published comparator" in page.text
    assert "Contacts are not collected nationally" in page.text
    page = analyst.get("/indicators/re_referrals_12m?la=846&period=2024-25")
    assert "Children in need, table C1: referrals and re-referrals" in page.text


OFSTED = [  # the ILACS summary's columns (carepath.reference.ofsted), three authorities
    {"urn": "1", "la_code": "846", "local_authority": "brighton and hove", "overall_effectiveness_grade": "good",
     "impact_of_leaders_grade": "outstanding", "help_and_protection_grade": "good", "in_care_grade": "good",
     "care_leavers_grade": "inspection_pre_dates_judgement", "inspection_framework": "standard",
     "inspection_start_date": "06/03/2023", "inspection_end_date": "17/03/2023", "publication_date": "02/05/23",
     "inspection_link": "https://files.ofsted.gov.uk/v1/file/1"},
    {"urn": "2", "la_code": "850", "local_authority": "hampshire", "overall_effectiveness_grade": "outstanding"},
    {"urn": "3", "la_code": "886", "local_authority": "kent", "overall_effectiveness_grade": "outstanding"},
]


def test_ofsted_outcomes_are_shown_beside_the_benchmarks(site, client_as, tmp_path):
    with open(tmp_path / "ilacs.csv", "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(OFSTED[0]))
        writer.writeheader()
        writer.writerows(OFSTED)
    with open(tmp_path / "neighbours.csv", "w", newline="") as handle:
        handle.write("old_la_code,sn_rank,sn_old_la_code\n846,1,850\n846,2,886\n846,3,999\n")
    site.reference = tmp_path
    page = client_as("analyst").get("/indicators/re_referrals_12m?la=846&period=2024-25")
    assert "Context: Ofsted inspection" in page.text
    rows = _rows(client_as("analyst"), "inspection", indicator="re_referrals_12m", la="846", period="2024-25")
    assert [(r["Judgement"], r["Grade"]) for r in rows] == [
        ("Overall effectiveness", "Good"), ("The impact of leaders on social work practice", "Outstanding"),
        ("The experiences and progress of children who need help and protection", "Good"),
        ("The experiences and progress of children in care", "Good"),
        ("The experiences and progress of care leavers", "not judged (the inspection came before this judgement)")]
    assert "standard inspection ending 17 March 2023, published 02 May 2023" in page.text
    assert "Overall effectiveness of its 2 statistical neighbours: Outstanding 2." in page.text
    assert 'href="https://files.ofsted.gov.uk/v1/file/1"' in page.text


def test_without_an_ofsted_file_the_page_says_not_loaded(site, client_as, tmp_path):
    site.reference = tmp_path          # a reference folder with nothing in it
    page = client_as("analyst").get("/indicators/re_referrals_12m?la=846&period=2024-25")
    assert "inspection outcomes are not loaded" in page.text


def test_localities_are_funnelled_when_asked(site, client_as):
    # world.py: Alpha (North) 2 of 10 and Gamma (North) 0 of 6 -> North 2 of 16; Beta (South) 1 of 3;
    # Not allocated 0 of 1 (its own locality): three points around the authority's 15%
    rows = {r["Locality"]: r for r in _rows(client_as("analyst"), "unit_funnel", indicator="re_referrals_12m",
                                            la="846", period="2024-25", within="locality")}
    assert {k: (float(v["Numerator"]), float(v["Denominator"])) for k, v in rows.items() if k != "Not allocated"} \
        == {"North": (2, 16), "South": (1, 3)}
    assert len(rows) == 3
