"""DfE's half-up rounding from child-level records to what the dashboard, its exports, the command
line's exports and the data book show.

A hand-built authority 846 whose figures for 2024-25 end in exact halves at one decimal place,
worked by hand:

* 16 children (K01-K16), each referred once in 2024-25, all held by practitioner 846/W1 of team
  846/T1; K01 was also referred on 2023-06-01 (closed 2023-08-01), within 12 months before its
  2024-05-01 referral, so it is the one re-referral.
* re_referrals_12m = 1 of 16 = 6.25% -> 6.3% (half up; Python's round and format give 6.2).
* referrals per 10,000 = 16 / 25,600 children (mid-2024) x 10,000 = 6.25 -> 6.3.
* the same at team 846/T1 and practitioner 846/W1, who hold every child.

The engine stores 6.25 exactly (asserted); every output must show 6.3 and never 6.2 or 6.25.
"""
from __future__ import annotations

import csv
import io
import json
import re
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
from fastapi.testclient import TestClient  # noqa: E402

from carepath.cli import cli  # noqa: E402
from carepath.indicators import catalogue, engine, periods  # noqa: E402
from carepath.model import store as store_mod  # noqa: E402
from carepath.web.accounts import Accounts  # noqa: E402
from carepath.web.app import create_app  # noqa: E402
from carepath.web.settings import WebSettings  # noqa: E402
from tests.indicators.world import World  # noqa: E402
from tests.web.conftest import sign_in  # noqa: E402
from tests.web.world import PASSWORD  # noqa: E402

INDICATORS = ("referrals", "re_referrals_12m")
CHILDREN = [f"K{i:02d}" for i in range(1, 17)]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("halves") / "store.duckdb"
    con = store_mod.connect(path)
    world = World(con, "846")
    world.population(2024, 25_600)
    world.team("T1", "Alpha")
    world.worker("W1", "T1", "Ann")
    for i, child in enumerate(CHILDREN):
        world.child(child)
        world.allocation(child, "W1", "2023-01-01")
        world.referral(child, f"2024-{5 + i % 6:02d}-{1 + i:02d}")
    world.referral("K01", "2023-06-01", closure="2023-08-01", reason="RC8")
    engine.run(con, [catalogue.get(i) for i in INDICATORS], [periods.parse("2024-25")])
    stored = con.execute("""SELECT indicator_id, level, numerator, denominator, value FROM indicator_result
                            WHERE period = '2024-25' AND level IN ('authority', 'team', 'worker')""").fetchall()
    con.close()
    assert sorted(stored) == sorted([
        ("re_referrals_12m", "authority", 1, 16, 6.25), ("re_referrals_12m", "team", 1, 16, 6.25),
        ("re_referrals_12m", "worker", 1, 16, 6.25), ("referrals", "authority", 16, 25_600, 6.25),
        ("referrals", "team", 16, None, None), ("referrals", "worker", 16, None, None)])
    return path


@pytest.fixture
def analyst(store, tmp_path):
    web_db = tmp_path / "web.sqlite"
    Accounts(web_db).add("analyst", PASSWORD, "analyst", None, None, display_name="Analyst", admin=True)
    client = TestClient(create_app(WebSettings.of(store, web_db, store_linger_seconds=0)))
    assert sign_in(client, "analyst").status_code == 303
    yield client
    client.close()


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200, response.text
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_rows(content: bytes) -> list[dict]:
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:] if any(v is not None for v in row)]


def figures_in_charts(html: str) -> list:
    """Every y and x of every Plotly trace embedded in the page (what hover text shows)."""
    found = []
    for raw in re.findall(r'<script type="application/json" id="chart-[a-z]+-data">(.*?)</script>', html, re.S):
        figure = json.loads(raw)
        for trace in figure["data"]:
            found += [v for v in trace.get("y", []) + trace.get("x", []) if isinstance(v, float)]
    return found


def test_the_overview_shows_the_halves_rounded_up(analyst):
    page = analyst.get("/overview?la=846&set=riia&period=2024-25").text
    rows = {re.sub(r"\s+", " ", m) for m in re.findall(r'data-key="value">(.*?)</td>', page, re.S)}
    assert "6.3%" in rows and "6.3" in rows
    assert not re.search(r"\b6\.2%|\b6\.25\b", page)


@pytest.mark.parametrize("indicator, shown", [("re_referrals_12m", "6.3%"), ("referrals", "6.3")])
def test_the_indicator_page_its_table_and_its_charts(analyst, indicator, shown):
    page = analyst.get(f"/indicators/{indicator}?la=846&period=2024-25").text
    assert re.search(rf">\s*{re.escape(shown)}\s*<", page)
    assert not re.search(r"\b6\.2%|\b6\.25\b", page)
    charted = figures_in_charts(page)
    assert 6.3 in charted and 6.25 not in charted          # the trend's point and its hover text


def test_the_team_breakdown_and_its_chart(analyst):
    page = analyst.get("/indicators/re_referrals_12m?la=846&period=2024-25&by=team").text
    assert figures_in_charts(page).count(6.3) >= 2           # the trend and the team's bar
    rows = csv_rows(analyst.get("/export/breakdown.csv?indicator=re_referrals_12m&la=846&period=2024-25&by=team"))
    assert {r["Id"]: r["Value"] for r in rows} == {"846/T1": "6.3", "846": "6.3"}


@pytest.mark.parametrize("name, query, key", [
    ("scorecard", "la=846&set=riia&period=2024-25", "Id"),
    ("trend", "indicator=re_referrals_12m&la=846&period=2024-25", "Period"),
    ("trend", "indicator=referrals&la=846&period=2024-25", "Period")])
def test_the_dashboards_csv_and_xlsx(analyst, name, query, key):
    from_csv = csv_rows(analyst.get(f"/export/{name}.csv?{query}"))
    response = analyst.get(f"/export/{name}.xlsx?{query}")
    assert response.status_code == 200
    from_xlsx = xlsx_rows(response.content)
    wanted = {"re_referrals_12m", "referrals"} if name == "scorecard" else {"2024-25"}
    csv_values = {r[key]: r["Value"] for r in from_csv if r[key] in wanted}
    xlsx_values = {r[key]: r["Value"] for r in from_xlsx if r[key] in wanted}
    assert set(csv_values.values()) == {"6.3"} and len(csv_values) == len(wanted)
    assert set(xlsx_values.values()) == {6.3} and len(xlsx_values) == len(wanted)


def test_the_command_lines_exports_and_the_data_book(store, tmp_path):
    runner = CliRunner()
    done = runner.invoke(cli, ["indicators", "run", "--store", str(store), "--indicator", "re_referrals_12m",
                               "--indicator", "referrals", "--period", "2024-25", "--periods", "1",
                               "--out", str(tmp_path / "out")])
    assert done.exit_code == 0, done.output
    assert re.search(r"re_referrals_12m\s+6\.3 ", done.output)     # the summary printed
    with open(tmp_path / "out" / "results.csv", encoding="utf-8") as handle:
        written = [r for r in csv.DictReader(handle) if r["level"] == "authority"]
    assert {(r["indicator_id"], r["value"]) for r in written} == {("re_referrals_12m", "6.3"), ("referrals", "6.3")}
    book = [r for r in xlsx_rows((tmp_path / "out" / "results.xlsx").read_bytes()) if r["level"] == "authority"]
    assert {(r["indicator_id"], r["value"]) for r in book} == {("re_referrals_12m", 6.3), ("referrals", 6.3)}
    made = runner.invoke(cli, ["report", "databook", "--store", str(store), "--set", "board", "--period", "2024-25",
                               "--periods", "1", "--no-suppression", "--out", str(tmp_path / "board.xlsx")])
    assert made.exit_code == 0, made.output
    sheet = load_workbook(tmp_path / "board.xlsx")["Front door"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(values_only=True) if r[1] == catalogue.get("re_referrals_12m").title)
    assert row[header.index("2024-25")] == 6.3
