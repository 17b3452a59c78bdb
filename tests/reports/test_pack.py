"""The board pack from a hand-built authority: figures computed first, rendered to PDF and HTML, and
read back by text extraction: a hand-checked figure, the RAG from the board's own targets file, the
definition footnote, and commentary typed through the dashboard (a real app, signed in)."""
import re
import warnings

from click.testing import CliRunner
from pypdf import PdfReader

from carepath.cli import cli
from carepath.indicators import catalogue
from carepath.reports.pack import Target, rag
from carepath.web.accounts import Accounts
from carepath.web.app import create_app
from carepath.web.settings import WebSettings

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
from fastapi.testclient import TestClient  # noqa: E402

from tests.web.conftest import sign_in  # noqa: E402

PASSWORD = "correct horse battery staple 7"


def _referrals(world):
    """Q2 2024 (Jul-Sep): C0-C4 referred in August: 5 referrals, none a re-referral: 0%.
    Q3 2024 (Oct-Dec): C0-C4 referred again in October (within 12 months of August: re-referrals)
    and C5-C9 for the first time: 10 referrals, 5 of them re-referrals: 5 / 10 = 50.0%.
    5 is above the disclosure range (1 to 4), so the pack shows 50.0 rather than 'c'."""
    for i in range(10):
        world.child(f"C{i}")
    for i in range(5):
        world.referral(f"C{i}", "2024-08-01")
        world.referral(f"C{i}", "2024-10-01")
    for i in range(5, 10):
        world.referral(f"C{i}", "2024-10-02")
    world.con.close()


def _text(pdf) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(pdf).pages)


def test_board_pack_pdf_and_html(world, tmp_path):
    _referrals(world)
    store, web_db = tmp_path / "store.duckdb", tmp_path / "store.duckdb.web.sqlite"
    runner = CliRunner()
    # before the figures are computed: a clear message with the command to run
    refused = runner.invoke(cli, ["report", "pack", "--period", "2024Q3", "--out", str(tmp_path / "p.pdf"),
                                  "--store", str(store)])
    assert refused.exit_code != 0
    assert "carepath indicators run --set board --period 2024Q3" in str(refused.exception)
    computed = runner.invoke(cli, ["indicators", "run", "--set", "board", "--period", "2024Q3", "--periods", "8",
                                   "--quiet", "--store", str(store)])
    assert computed.exit_code == 0, computed.output

    # commentary typed in the dashboard by the authority lead, stored with the quarter
    Accounts(web_db).add("lead", PASSWORD, "authority_lead", "846", display_name="Lead")
    with TestClient(create_app(WebSettings.of(store, web_db, store_linger_seconds=0))) as client:
        assert sign_in(client, "lead", PASSWORD).status_code == 303
        page = client.get("/pack?period=2024Q3")
        assert page.status_code == 200 and "commentary:re_referrals_12m" in page.text
        assert "/pack/download.pdf?" in page.text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        saved = client.post("/pack/commentary", data={
            "csrf_token": token, "la": "846", "set": "board", "period": "2024Q3",
            "commentary:re_referrals_12m": "Five children came back after the August closures; audit under way."},
            follow_redirects=False)
        assert saved.status_code == 303
        download = client.get("/pack/download.html?la=846&set=board&period=2024Q3")
        assert download.status_code == 200 and "audit under way" in download.text
        as_pdf = client.get("/pack/download.pdf?la=846&set=board&period=2024Q3")
        assert as_pdf.headers["content-type"] == "application/pdf" and as_pdf.content.startswith(b"%PDF")
    with Accounts(web_db).connect() as db:
        audit = [r["action"] for r in db.execute("SELECT action FROM audit")]
    assert "write pack commentary" in audit and "download board pack" in audit

    targets = tmp_path / "targets.yml"     # the board's own file: 50.0 misses 22 by 28 > 3: red
    targets.write_text("re_referrals_12m: {target: 22, amber_within: 3}\n")
    out = tmp_path / "pack.pdf"
    result = runner.invoke(cli, ["report", "pack", "--set", "board", "--period", "2024Q3", "--targets", str(targets),
                                 "--out", str(out), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "1 with commentary" in result.output
    reader = PdfReader(out)
    assert len(reader.pages) > 5
    text = re.sub(r"\s+", " ", _text(out))
    section = text[text.index("4. Repeat referrals"):]
    section = section[:section.index("5. Assessment rate")]
    assert "Latest (2024Q3): 50.0 %" in section
    assert "RAG: Red (target 22, amber within 3)" in section
    assert "up, worse" in section                        # 0.0% -> 50.0%, lower is better
    assert "audit under way" in section
    definition = re.sub(r"\s+", " ", catalogue.get("re_referrals_12m").definition)
    assert definition[:60] in section                    # the footnote, from the catalogue
    assert "No target set" in text                       # contacts: no target in the board's file

    html = tmp_path / "pack.html"
    assert runner.invoke(cli, ["report", "pack", "--period", "2024Q3", "--out", str(html),
                               "--store", str(store)]).exit_code == 0
    assert html.read_text().count('<img class="chart"') >= 1 and "https://" not in html.read_text()


def test_rag_reads_the_polarity():
    # higher is better, target 85, amber within 5: 85 meets it (green), 80 misses by 5 (amber), 79.9 red
    target = Target(85, 5)
    assert [rag(v, target, "higher") for v in (90, 85, 80, 79.9)] == ["green", "green", "amber", "red"]
    # lower is better, target 22, amber within 3: 22 green, 25 amber, 25.1 red
    assert [rag(v, Target(22, 3), "lower") for v in (20, 22, 25, 25.1)] == ["green", "green", "amber", "red"]
    assert rag("c", target, "higher") is None and rag(90, target, "neither") is None and rag(90, None, "higher") is None
