"""The navigation bar: the analyses share one "Analyses" menu (a <details> disclosure, no script
needed), each role sees the entries it may open, and every entry answers."""
from __future__ import annotations

import re

import pytest

TOP = re.compile(r'<ul class="width-container nav-list">(.*?)</nav>', re.S)


def nav_of(html: str) -> tuple[list[str], list[str]]:
    """(the bar's own entries, the Analyses menu's links) as labels, in order."""
    bar = TOP.search(html).group(1)
    menu = re.search(r'<details class="nav-menu" data-nav-menu>(.*?)</details>', bar, re.S)
    links_in_menu = re.findall(r'<a href="[^"]+"[^>]*>([^<]+)</a>', menu.group(1)) if menu else []
    outside = re.sub(r'<details.*?</details>', '<a href="#">Analyses</a>' if menu else "", bar, flags=re.S)
    return re.findall(r'<a href="[^"]+"[^>]*>([^<]+)</a>', outside), links_in_menu


@pytest.mark.parametrize("username, bar, menu", [
    # worked from app.NAV: the analyst sees every entry; the bar keeps 7, the menu the 6 analyses
    ("analyst", ["Overview", "Indicators", "Children", "Analyses", "Board pack", "Data", "Admin"],
     ["Journeys", "Over time", "Proceedings", "Demand", "Practices", "Tracker"]),
    # a practitioner: no board pack, no admin
    ("ann", ["Overview", "Indicators", "Children", "Analyses", "Data"],
     ["Journeys", "Over time", "Proceedings", "Demand", "Practices", "Tracker"]),
    # a regional viewer never sees children: no Children, Proceedings or Tracker
    ("region", ["Overview", "Indicators", "Analyses", "Data"], ["Journeys", "Over time", "Demand", "Practices"]),
])
def test_each_role_sees_the_bar_and_the_analyses_menu_it_may_open(client_as, username, bar, menu):
    page = client_as(username).get("/overview")
    assert page.status_code == 200
    assert nav_of(page.text) == (bar, menu)


def test_the_menu_is_marked_current_on_an_analysis_page_and_every_entry_answers(client_as):
    client = client_as("analyst")
    html = client.get("/overview").text
    paths = re.findall(r'<a href="(/[^"]*)"', TOP.search(html).group(1))
    assert len(paths) == 12                                    # every page of the old bar is still reachable
    for path in paths:          # a page (or, where this small store lacks its data, a plain explanation)
        answer = client.get(path)
        assert answer.status_code in (200, 400) and TOP.search(answer.text), path
    demand = client.get("/demand").text
    assert re.search(r'<summary class="current">Analyses</summary>', demand)
    assert re.search(r'<a href="/demand" aria-current="page" class="current">Demand</a>', demand)
    assert '<summary class="current">' not in client.get("/overview").text
