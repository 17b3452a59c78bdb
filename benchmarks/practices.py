"""Time the key practices and the outcome tracker's board on a Kent-sized authority.

    .venv/bin/python benchmarks/practices.py                          # generate and load a Kent-sized authority
    .venv/bin/python benchmarks/practices.py --store kent.duckdb      # a store built earlier
    .venv/bin/python benchmarks/practices.py --size small --keep work/  # a quicker run, kept

1. Builds the store unless ``--store`` names one: ``carepath synth``'s generator writes the
   authority's returns in the real formats and the real readers load them (as
   benchmarks/indicators.py does).
2. Times every key practice over the 12 months the store covers, for each authority, on a fresh
   read-only connection (the calendar, shared tables and allocation history included): target
   under 5 seconds for a Kent-sized authority.
3. Serves the dashboard in-process and requests the tracker's board of looked-after children as an
   authority lead ``--requests`` times (the first computes the board, the rest use what the server
   keeps until the store changes), printing the server's own time (``Server-Timing``) of the first
   request and the p50, p95 and maximum of the rest: target p95 under 300 ms for 2,000 children.
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
PRACTICES_TARGET_S, BOARD_TARGET_MS = 5.0, 300
PASSWORD = "benchmark password"


def time_practices(store: Path) -> None:
    import duckdb

    from carepath.practices import catalogue, engine
    con = duckdb.connect(str(store), read_only=True)
    authorities = [r[0] for r in con.execute("SELECT DISTINCT la_code FROM child ORDER BY 1").fetchall()]
    first, as_at = engine.default_window(con)
    con.close()
    for la in authorities:
        con = duckdb.connect(str(store), read_only=True)
        clock = time.perf_counter()
        outcome = engine.run(con, list(catalogue.practices().values()), first, as_at, [la])
        seconds = time.perf_counter() - clock
        due = sum(s.due or 0 for s in outcome.statuses)
        breaches = sum(s.breaches or 0 for s in outcome.statuses)
        unmeasured = [s.practice_id for s in outcome.statuses if not s.measurable]
        con.close()
        print(f"LA {la}: {len(outcome.statuses)} key practices due {first} to {as_at}: {due:,} occasions, "
              f"{breaches:,} breaches in {seconds:.2f} s (target {PRACTICES_TARGET_S:.0f} s)"
              + (f"; not measurable: {', '.join(unmeasured)}" if unmeasured else ""), flush=True)


def time_board(store: Path, requests: int) -> None:
    import duckdb
    from fastapi.testclient import TestClient

    from carepath.web.accounts import Accounts
    from carepath.web.app import create_app
    from carepath.web.settings import WebSettings
    con = duckdb.connect(str(store), read_only=True)
    la = con.execute("SELECT la_code FROM child GROUP BY 1 ORDER BY count(*) DESC LIMIT 1").fetchall()[0][0]
    con.close()
    web_db = Path(tempfile.mkdtemp(prefix="carepath-board-")) / "web.sqlite"
    Accounts(web_db).add("bench", PASSWORD, "authority_lead", la)
    client = TestClient(create_app(WebSettings.of(store, web_db)))
    token = re.search(r'name="form_token" value="([^"]+)"', client.get("/sign-in").text).group(1)
    client.post("/sign-in", data={"username": "bench", "password": PASSWORD, "form_token": token})
    times, children = [], 0
    for _ in range(requests):
        response = client.get(f"/tracker?la={la}&cohort=looked_after")
        if response.status_code != 200:
            raise SystemExit(f"the board answered {response.status_code}: {response.text[:300]}")
        times.append(float(response.headers["server-timing"].split("dur=")[1]))
        children = int(re.search(r'id="board-count">([\d,]+) children', response.text).group(1).replace(",", ""))
    rest = sorted(times[1:]) or times
    p95 = rest[min(len(rest) - 1, int(round(0.95 * (len(rest) - 1))))]
    print(f"board of {children:,} looked-after children (LA {la}): first request {times[0]:.0f} ms (computes the "
          f"board); then p50 {statistics.median(rest):.0f} ms, p95 {p95:.0f} ms, max {max(rest):.0f} ms over "
          f"{len(rest)} requests (target p95 {BOARD_TARGET_MS} ms)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", help="Time an existing store instead of generating one")
    parser.add_argument("--size", default="kent", help="Synthetic size of the authority (tiny .. kent)")
    parser.add_argument("--requests", type=int, default=21, help="Requests of the board (the first computes it)")
    parser.add_argument("--keep", help="Keep the generated returns and store in this folder")
    args = parser.parse_args()
    if args.store:
        store = Path(args.store)
        if not store.exists():
            raise SystemExit(f"There is no store at {store}.")
    else:
        from indicators import build_store

        from carepath.synth.generate import generate
        from carepath.synth.params import make_authorities
        work = Path(args.keep or tempfile.mkdtemp(prefix="carepath-practices-"))
        clock = time.perf_counter()
        generate(make_authorities(1, seed=5, first_year=2021, last_year=2024, size=args.size), work / "returns")
        print(f"generated a {args.size} authority in {time.perf_counter() - clock:.0f} s", flush=True)
        clock = time.perf_counter()
        store = work / "store.duckdb"
        rows = build_store(work / "returns", store, 1)
        print(f"loaded {rows:,} rows in {time.perf_counter() - clock:.0f} s into {store}", flush=True)
    time_practices(store)
    time_board(store, args.requests)


if __name__ == "__main__":
    main()
