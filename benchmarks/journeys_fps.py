"""How fast the journey map animates: frames a second in headless chromium with N children in view.

Fills a store with a made-up front door (:mod:`carepath.analysis.journeys_sample`), serves the
dashboard on a free local port, signs in, opens the map over a four-year window and plays it,
counting frames (requestAnimationFrame, so at most the display rate, 60) and timing the page's own
drawing. Also reports how long the server takes to build the journeys and how big they are.

    .venv/bin/python benchmarks/journeys_fps.py --children 24000 --seconds 5

Needs Debian's chromium at /usr/bin/chromium and the playwright package (never `playwright install`).
"""
from __future__ import annotations

import argparse
import json
import socket
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
PASSWORD = "benchmark password"


def build_store(folder: Path, children: int, seed: int) -> tuple[Path, Path]:
    from carepath.analysis import journeys_sample
    from carepath.model import store as store_mod
    from carepath.web.accounts import Accounts
    store = folder / "store.duckdb"
    con = store_mod.connect(store)
    started = time.perf_counter()
    written = journeys_sample.fill(con, children, seed=seed, la="999")
    print(f"store: {children:,} children, {sum(written.values()):,} rows in {time.perf_counter() - started:.1f} s")
    con.close()
    accounts = Accounts(folder / "web.sqlite")
    accounts.add("bench", PASSWORD, "analyst", None, None, display_name="Benchmark")
    return store, folder / "web.sqlite"


def time_build(store: Path, first: date, last: date) -> None:
    from carepath.analysis import journeys
    from carepath.analysis.journeys_cohort import Cohort
    from carepath.model import store as store_mod
    con = store_mod.connect(store, read_only=True)
    started = time.perf_counter()
    built = journeys.build(con, Cohort(first, last))
    took = time.perf_counter() - started
    size = len(json.dumps(journeys.payload(built), separators=(",", ":")))
    con.close()
    print(f"server: journeys of {len(built.journeys):,} children built in {took:.2f} s, {size / 1e6:.1f} MB of JSON")


def serve(store: Path, web_db: Path):
    import uvicorn
    from carepath.web.app import create_app
    from carepath.web.settings import WebSettings
    app = create_app(WebSettings.of(store, web_db))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    return server, thread, f"http://127.0.0.1:{port}"


def measure(url: str, first: date, last: date, seconds: float) -> dict:
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(base_url=url, viewport={"width": 1280, "height": 900})
        page.set_default_timeout(120_000)
        page.goto("/sign-in")
        page.get_by_label("User name").fill("bench")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/overview")
        started = time.perf_counter()
        page.goto(f"/journeys?from={first}&to={last}")
        page.wait_for_selector("#journeys[data-ready='true']", state="attached")
        print(f"page: ready in {time.perf_counter() - started:.1f} s")
        result = page.evaluate("ms => window.carepathJourneys.measureFps(ms)", int(seconds * 1000))
        browser.close()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=24_000, help="children in the store (about 89%% are in view)")
    parser.add_argument("--seconds", type=float, default=5.0, help="how long to play the map")
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: apt-get install -y chromium", file=sys.stderr)
        return 2
    first, last = date(2021, 4, 1), date(2025, 3, 31)
    with tempfile.TemporaryDirectory() as folder:
        store, web_db = build_store(Path(folder), args.children, args.seed)
        time_build(store, first, last)
        server, thread, url = serve(store, web_db)
        try:
            result = measure(url, first, last, args.seconds)
        finally:
            server.should_exit = True
            thread.join(timeout=10)
    print(f"map: {result['children']:,} children in view, {result['fps']:.1f} frames a second over "
          f"{result['seconds']:.1f} s ({result['frames']} frames); drawing takes {result['renderMs']:.1f} ms a frame "
          f"(so up to {1000 / max(result['renderMs'], 0.1):.0f} frames a second before the display rate caps it)")
    return 0 if result["fps"] >= 30 else 1


if __name__ == "__main__":
    sys.exit(main())
