"""The indicator page's breakdown, and its CSV and xlsx downloads, list every unit of the level:
a team no child of which counted towards a computed figure is there with no numbers and a note."""
from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from carepath.indicators import catalogue, engine, periods
from carepath.indicators.export import no_records_note
from carepath.model import store as store_mod
from carepath.web.accounts import Accounts
from tests.indicators.world import World
from tests.web import world as web_world
from tests.web.conftest import Site, sign_in

QUERY = "la=846&period=2024-25&by=team"


def build(path):
    con = store_mod.connect(path)
    w = World(con)
    w.team("T1", "Alpha")
    w.team("T2", "Beta")
    w.worker("W1", "T1", "Asha")
    w.worker("W2", "T2", "Ben")
    for child, worker in (("A", "W1"), ("B", "W2")):
        w.child(child)
        w.allocation(child, worker, "2024-04-01")
    w.referral("A", "2024-05-01")
    w.referral("B", "2024-06-01")
    w.cp_plan("A", "2024-07-01")                  # only Alpha has a plan starting
    engine.run(con, [catalogue.get("referrals"), catalogue.get("cp_plans_starting")], [periods.parse("2024-25")])
    con.close()


def test_a_team_without_records_is_listed_on_the_page_and_in_both_downloads(tmp_path):
    build(tmp_path / "store.duckdb")
    web_world.add_users(Accounts(tmp_path / "web.sqlite"))
    client = TestClient(Site(tmp_path / "store.duckdb", tmp_path / "web.sqlite").app())
    assert sign_in(client, "analyst").status_code == 303
    note = no_records_note("team", "2024-25")
    page = client.get(f"/indicators/cp_plans_starting?{QUERY}")
    assert page.status_code == 200 and "Beta" in page.text and note in page.text
    # worked by hand: referrals put Alpha and Beta in the team level for 2024-25; plans starting: Alpha 1,
    # Beta none (the engine stores no row), then the authority's total
    csv_rows = list(csv.DictReader(io.StringIO(
        client.get(f"/export/breakdown.csv?indicator=cp_plans_starting&{QUERY}").content.decode("utf-8-sig"))))
    assert [(r["Team"], r["Numerator"], r["Note"]) for r in csv_rows][:2] == [
        ("Alpha", "1.0", "rates are for the authority; this is the count"), ("Beta", "", note)]
    sheet = load_workbook(io.BytesIO(client.get(f"/export/breakdown.xlsx?indicator=cp_plans_starting&{QUERY}")
                                     .content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    beta = next(r for r in rows if r[0] == "Beta")
    assert beta[header.index("Numerator")] is None and beta[header.index("Note")] == note
    # where every team has records nothing is added: referrals lists Alpha and Beta with their counts
    referrals = list(csv.DictReader(io.StringIO(
        client.get(f"/export/breakdown.csv?indicator=referrals&{QUERY}").content.decode("utf-8-sig"))))
    assert [(r["Team"], r["Numerator"]) for r in referrals][:2] == [("Alpha", "1.0"), ("Beta", "1.0")]
