"""Accessibility (axe-core, bundled by axe-playwright-python, no CDN), keyboard use and downloads."""
from __future__ import annotations

from tests.conftest import import_or_fail

PAGES = ["/overview?set=all&la=846", "/indicators", "/indicators/re_referrals_12m?period=2024-25&la=846", "/children",
         "/children/child/846/A1", "/children/records?indicator=re_referrals_12m&la=846&period=2024-25&level=team&unit=846/T1",
         "/data", "/data?tab=rejects", "/data?tab=issues", "/admin/audit", "/admin/users", "/account"]
CHARTED = ("indicators/", "/children/child/")   # (the journey pages: tests/browser/test_journeys.py)


def violations(page) -> list[str]:
    """Every axe violation, of any impact (minor and moderate included)."""
    axe = import_or_fail("axe_playwright_python.sync_playwright",
                         "axe-playwright-python is not installed (pip install -e '.[test]')").Axe()
    results = axe.run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]]


def test_no_accessibility_violations_of_any_impact_on_any_page(page_as):
    anonymous = page_as(None)
    anonymous.goto("/sign-in")
    found = {"/sign-in": violations(anonymous)}
    page = page_as("analyst")
    for path in PAGES:
        page.goto(path)
        if any(part in path for part in CHARTED):
            page.wait_for_selector("html[data-charts-ready]", state="attached", timeout=15000)
        found[path] = violations(page)
    region = page_as("region")                     # the regional viewer's own pages
    for path in ("/overview?la=846", "/indicators/referrals?la=846&period=2024-25"):
        region.goto(path)
        found["region " + path] = violations(region)
    assert {path: v for path, v in found.items() if v} == {}


def test_the_keyboard_reaches_the_skip_link_then_the_content(page_as):
    page = page_as("analyst")
    page.goto("/overview?set=all")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") in ("SELECT", "A", "BUTTON")


def test_the_analyses_menu_opens_and_closes_by_keyboard_and_passes_axe_open(page_as):
    page = page_as("analyst")
    page.goto("/overview?set=all")
    menu = page.locator("nav[aria-label=Main] details")
    link = page.get_by_role("link", name="Over time", exact=True)
    assert not link.is_visible()                            # closed: its links are hidden
    page.locator("nav[aria-label=Main] a", has_text="Children").focus()
    page.keyboard.press("Tab")                               # the next stop after Children is the menu's button
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    assert menu.get_attribute("open") is not None and link.is_visible()
    assert violations(page) == []                            # axe, with the menu open
    page.keyboard.press("Escape")                            # Escape closes it and keeps the focus on its button
    assert menu.get_attribute("open") is None
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")                               # into the menu: its first link
    assert page.evaluate("document.activeElement.textContent") == "Journeys"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")                             # the second: Over time
    page.wait_for_url("**/overtime**")
    summary = page.locator("nav[aria-label=Main] summary")
    assert "current" in (summary.get_attribute("class") or "")      # the menu shows where we are
    page.locator("body").click(position={"x": 5, "y": 400})
    assert page.errors == []


def test_charts_download_as_png_and_svg_and_tables_as_csv(page_as):
    page = page_as("analyst")
    page.goto("/indicators/re_referrals_12m?period=2024-25&la=846")
    page.wait_for_selector("#chart-trend[data-drawn]")
    for fmt in ("png", "svg"):
        with page.expect_download() as download:
            page.locator(f'#trend [data-download="chart-trend"][data-format="{fmt}"]').click()
        assert download.value.suggested_filename == f"chart-trend.{fmt}"
        content = open(download.value.path(), "rb").read()
        assert content.startswith(b"\x89PNG") if fmt == "png" else b"<svg" in content[:300]
    with page.expect_download() as download:
        page.locator("#trend .downloads a", has_text="CSV").click()
    text = open(download.value.path(), encoding="utf-8-sig").read().splitlines()
    assert text[0] == "Period,Numerator,Denominator,Value,Note" and text[-1].startswith("2024-25,3.0,20.0,15.0")
