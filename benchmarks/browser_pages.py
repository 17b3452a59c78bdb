"""Time to a usable page in a real browser: every dashboard page, charts drawn, on a store you give.

    .venv/bin/python benchmarks/browser_pages.py --store medium.duckdb
    .venv/bin/python benchmarks/browser_pages.py --store kent.duckdb --runs 5 --reference ../shared/data

The store is one ``carepath indicators run --level all`` has filled (e.g. ``carepath synth --size
medium`` then ``carepath load`` and ``carepath indicators run --period 2024-25 --periods 3 --level
all``). The app is served by uvicorn on a free local port, exactly as ``carepath serve`` does, with
a throwaway accounts file; Debian's chromium (``/usr/bin/chromium``), driven by Playwright, signs
in through the form as an analyst and opens every page.

*Time to a usable page* runs from asking for the page to the moment it can be used: the document
loaded and every chart on it drawn by Plotly (each ``#chart-*`` element marked ``data-drawn``,
the journeys map marked ``data-ready``). Each page is opened once cold (the server's caches and
the journeys cohort empty: the *first* load) and then ``--runs`` times; the report gives the
first load and the median and worst of the others. Before that, one indicator page is opened in
the fresh browser and timed on its own: it downloads and compiles Plotly (3.5 MB, cached by the
browser for a day), which a user pays once a day, not on every page.

Targets: every indicator page (first load and median) and the first Sankey load under 1 s. The
worst of the repeated loads is printed but not judged: on a shared machine it measures the
neighbours as much as the page.
"""
from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
CHROMIUM = "/usr/bin/chromium"
PASSWORD = "benchmark password"
TARGET_S = 1.0
READY = """() => {
  if (document.readyState !== "complete") return false;
  const map = document.querySelector("#journeys");
  if (map && map.getAttribute("data-ready") !== "true") return false;
  const charts = [...document.querySelectorAll('[id^="chart-"]')].filter(e => e.tagName !== "SCRIPT");
  return charts.every(e => e.hasAttribute("data-drawn"));
}"""


def page_plan(store: Path) -> tuple[list[tuple[str, str, bool]], dict]:
    """(name, path, has a target) of every page, for the store's largest authority."""
    import duckdb
    con = duckdb.connect(str(store), read_only=True)
    try:
        la = con.execute("SELECT la_code FROM child GROUP BY 1 ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
        period = con.execute("SELECT max(period) FROM indicator_result WHERE period_kind = 'year' AND la_code = ?",
                             [la]).fetchone()[0]
        team = con.execute("SELECT min(unit_id) FROM indicator_result WHERE level = 'team' AND la_code = ? "
                           "AND unit_id NOT LIKE '%Not allocated'", [la]).fetchone()[0]
        child = con.execute("SELECT child_id FROM referral WHERE la_code = ? ORDER BY referral_date DESC LIMIT 1",
                            [la]).fetchone()[0]
        children = con.execute("SELECT count(*) FROM child WHERE la_code = ?", [la]).fetchone()[0]
    finally:
        con.close()
    plan = [
        ("overview", f"/overview?la={la}&period={period}", False),
        ("overview (team)", f"/overview?la={la}&period={period}&level=team&unit={team}", False),
        ("indicator catalogue", f"/indicators?la={la}", False),
        ("indicator re_referrals_12m", f"/indicators/re_referrals_12m?la={la}&period={period}", True),
        ("indicator referrals", f"/indicators/referrals?la={la}&period={period}&by=worker", True),
        ("indicator cp_plans_at_end", f"/indicators/cp_plans_at_end?la={la}&period={period}&by=team", True),
        ("children (caseload)", f"/children?la={la}", False),
        ("records behind a figure", f"/children/records?indicator=re_referrals_12m&la={la}&period={period}"
                                    f"&level=team&unit={team}", False),
        ("child timeline", f"/children/child/{child}", False),
        ("journeys map", f"/journeys?la={la}", False),
        ("journeys sankey", f"/journeys/sankey?la={la}", True),
        ("journeys repeats", f"/journeys/repeats?la={la}", False),
        ("data", f"/data?la={la}", False),
        ("admin: audit log", "/admin/audit", False),
    ]
    return plan, {"la": la, "period": period, "children": children}


class Server:
    """The app under uvicorn in a thread, as ``carepath serve`` runs it."""

    def __init__(self, store: Path, web_db: Path, reference: Path | None):
        import uvicorn

        from carepath.web.app import create_app
        from carepath.web.settings import WebSettings
        self.app = create_app(WebSettings.of(store, web_db, reference=reference))
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> "Server":
        self.thread.start()
        deadline = time.time() + 30
        while not self.server.started and time.time() < deadline:
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def usable(page, path: str) -> float:
    """Seconds from asking for ``path`` to the page being usable (loaded, every chart drawn)."""
    started = time.perf_counter()
    page.goto(path, wait_until="domcontentloaded")
    page.wait_for_function(READY, timeout=60_000, polling=20)
    return time.perf_counter() - started


def measure(store: Path, reference: Path | None, runs: int) -> tuple[dict, dict]:
    from playwright.sync_api import sync_playwright

    from carepath.web.accounts import Accounts
    plan, about = page_plan(store)
    folder = Path(tempfile.mkdtemp(prefix="carepath-browser-bench-"))
    web_db = folder / "bench.web.sqlite"
    Accounts(web_db).add("bench", PASSWORD, "analyst", admin=True)
    timings: dict[str, dict] = {}
    try:
        with Server(store, web_db, reference) as server, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"])
            context = browser.new_context(base_url=f"http://127.0.0.1:{server.port}",
                                          viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.goto("/sign-in")
            page.get_by_label("User name").fill("bench")
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url("**/overview*")
            cold = usable(page, "/indicators/referrals?la=" + about["la"])
            timings["(Plotly, once a day)"] = {"first": cold, "median": cold, "max": cold}
            print(f"  first chart in a fresh browser (downloads Plotly): {cold:6.2f} s", flush=True)
            for name, path, _ in plan:
                first = usable(page, path)
                again = [usable(page, path) for _ in range(runs)]
                timings[name] = {"first": first, "median": statistics.median(again), "max": max(again)}
                print(f"  {name:<30} first {first:6.2f} s   then median {timings[name]['median']:6.2f} s", flush=True)
            browser.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return timings, {"plan": plan, **about}


def report(timings: dict, about: dict) -> bool:
    print(f"\nAuthority {about['la']} ({about['children']:,} children), period {about['period']}")
    print(f"First chart in a fresh browser (Plotly downloaded and compiled, once a day): "
          f"{timings['(Plotly, once a day)']['first']:.2f} s\n")
    print(f"{'page':<30}{'first s':>9}{'median s':>10}{'max s':>8}")
    ok = True
    for name, path, targeted in about["plan"]:
        t = timings[name]
        # an indicator page must be usable in 1 s every time; the Sankey on its first (cold) load
        worst = t["first"] if name == "journeys sankey" else max(t["first"], t["median"])
        over = targeted and worst >= TARGET_S
        ok &= not over
        print(f"{name:<30}{t['first']:>9.2f}{t['median']:>10.2f}{t['max']:>8.2f}"
              f"{'   target 1 s: over' if over else ('   target 1 s: met' if targeted else '')}")
    print(f"\nIndicator pages and the first Sankey load under {TARGET_S:.0f} s: {'yes' if ok else 'NO'}")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, required=True, help="a store indicators were computed in")
    parser.add_argument("--reference", type=Path, help="reference data folder (published DfE tables)")
    parser.add_argument("--runs", type=int, default=3, help="timed loads of each page after the first (default 3)")
    args = parser.parse_args(argv)
    if not args.store.exists():
        raise SystemExit(f"No store at {args.store}: build one first (see this script's --help).")
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"Debian's chromium is not at {CHROMIUM} (scripts/setup.sh installs it).")
    print(f"Store {args.store}: {args.store.stat().st_size / 1e6:,.0f} MB", flush=True)
    timings, about = measure(args.store, args.reference, args.runs)
    return 0 if report(timings, about) else 1


if __name__ == "__main__":
    sys.exit(main())
