"""Server time of every dashboard page on a store holding many synthetic authorities.

    .venv/bin/python benchmarks/web_pages.py --authorities 153 --children 2000
    .venv/bin/python benchmarks/web_pages.py --store big.duckdb --requests 50   # reuse a store

1. Builds the store (unless --store names one that exists): ``carepath synth``'s generator writes
   each authority's returns in the real formats (in parallel), the real readers load them, and the
   engine computes every indicator for the last years at every level, keeping the records.
2. Serves the app in-process and requests every page ``--requests`` times as an analyst, a team
   manager and a regional viewer, rotating through the authorities, with the published DfE tables
   when --reference is given (funnel plots of the 153 real authorities).
3. Prints p50, p95 and the maximum of the server's own time (the ``Server-Timing`` header: from the
   request reaching the app to its response) per page; the target is p95 under 300 ms.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
TARGET_MS = 300
PASSWORD = "benchmark password"


def _generate(args) -> str:
    from carepath.synth.generate import generate_authority
    params, out = args
    generate_authority(params, out)
    return params.la_code


def build_store(store: Path, authorities: int, children: int, first_year: int, last_year: int, jobs: int,
                workdir: Path, reference: Path | None) -> None:
    from carepath.indicators import catalogue, engine, periods
    from carepath.model import store as store_mod
    from carepath.sources.loader import expand, load_file
    from carepath.synth.params import make_authorities

    clock = time.perf_counter()
    chosen = make_authorities(authorities, seed=7, first_year=first_year, last_year=last_year, children=children,
                              history_years=1)
    out = workdir / "returns"
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for number, code in enumerate(pool.map(_generate, [(p, out) for p in chosen]), 1):
            if number % 10 == 0 or number == len(chosen):
                print(f"  generated {number}/{len(chosen)} authorities ({time.perf_counter() - clock:.0f} s)", flush=True)
    con = store_mod.connect(store)
    clock = time.perf_counter()
    for number, params in enumerate(chosen, 1):
        for path in expand([out / params.la_code]):
            if path.suffix != ".json":
                load_file(con, path)
        if number % 10 == 0 or number == len(chosen):
            print(f"  loaded {number}/{len(chosen)} authorities ({time.perf_counter() - clock:.0f} s)", flush=True)
    clock = time.perf_counter()
    last = periods.financial_year(last_year)
    outcome = engine.run(con, catalogue.select(), periods.series(last, last_year - first_year + 1),
                         reference=reference)
    print(f"  computed {outcome.results:,} figures from {outcome.records:,} records "
          f"({time.perf_counter() - clock:.0f} s)", flush=True)
    con.close()


def page_plan(con, la_codes: list[str]) -> dict[str, list[str]]:
    """Page name -> the URLs to request (one per authority, rotated)."""
    teams = dict(con.execute("SELECT la_code, min(unit_id) FROM indicator_result WHERE level = 'team' "
                             "AND unit_id NOT LIKE '%Not allocated' GROUP BY 1").fetchall())
    children = dict(con.execute("SELECT la_code, min(child_id) FROM allocation GROUP BY 1").fetchall())
    period = con.execute("SELECT max(period) FROM indicator_result WHERE period_kind = 'year'").fetchone()[0]
    from carepath.indicators import catalogue
    sets = ["board" if "board" in catalogue.sets() else "all"]
    plan = {}
    for la in la_codes:
        team = teams.get(la, f"{la}/T01")
        urls = {
            "overview (authority)": f"/overview?la={la}&set={sets[0]}&period={period}",
            "overview (team)": f"/overview?la={la}&set={sets[0]}&period={period}&level=team&unit={team}",
            "indicator re_referrals_12m": f"/indicators/re_referrals_12m?la={la}&period={period}&by=team",
            "indicator referrals": f"/indicators/referrals?la={la}&period={period}&by=worker",
            "indicator catalogue": f"/indicators?la={la}",
            "children (caseload)": f"/children?la={la}",
            "records behind a figure": f"/children/records?indicator=re_referrals_12m&la={la}&period={period}"
                                       f"&level=team&unit={team}",
            "child timeline": f"/children/child/{children.get(la, la + '/none')}",
            "data: loads": f"/data?la={la}",
            "data: rejects": f"/data?tab=rejects&la={la}",
            "admin: audit log": "/admin/audit",
            "export scorecard.xlsx": f"/export/scorecard.xlsx?la={la}&set={sets[0]}&period={period}",
            "export breakdown.csv": f"/export/breakdown.csv?indicator=referrals&la={la}&period={period}&by=worker",
        }
        for name, url in urls.items():
            plan.setdefault(name, []).append(url)
    return plan


def measure(store: Path, web_db: Path, reference: Path | None, requests: int) -> dict[str, list[float]]:
    import duckdb
    from fastapi.testclient import TestClient

    from carepath.web.accounts import Accounts
    from carepath.web.app import create_app
    from carepath.web.settings import WebSettings

    con = duckdb.connect(str(store), read_only=True)
    la_codes = [r[0] for r in con.execute("SELECT DISTINCT la_code FROM indicator_result ORDER BY 1").fetchall()]
    plan = page_plan(con, la_codes)
    con.close()
    accounts = Accounts(web_db)
    if accounts.get("bench") is None:
        accounts.add("bench", PASSWORD, "analyst", admin=True)
    client = TestClient(create_app(WebSettings.of(store, web_db, reference=reference)))
    import re
    token = re.search(r'name="form_token" value="([^"]+)"', client.get("/sign-in").text).group(1)
    client.post("/sign-in", data={"username": "bench", "password": PASSWORD, "form_token": token})
    if reference:
        client.app.state.web.benchmarks.published()
    timings: dict[str, list[float]] = {}
    rng = random.Random(1)
    for name, urls in plan.items():
        client.get(urls[0])                                   # first request: warm caches, not counted
        for _ in range(requests):
            response = client.get(rng.choice(urls))
            if response.status_code != 200:
                raise SystemExit(f"{name}: {response.status_code} for {response.url}\n{response.text[:500]}")
            timings.setdefault(name, []).append(float(response.headers["server-timing"].split("dur=")[1]))
    client.close()
    return timings


def report(timings: dict[str, list[float]]) -> bool:
    print(f"\n{'page':<30}{'n':>5}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    ok = True
    for name, values in timings.items():
        ordered = sorted(values)
        p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
        ok &= p95 < TARGET_MS
        print(f"{name:<30}{len(values):>5}{statistics.median(values):>10.1f}{p95:>10.1f}{max(values):>10.1f}"
              f"{'' if p95 < TARGET_MS else '   over target'}")
    print(f"\nEvery page's p95 under {TARGET_MS} ms: {'yes' if ok else 'NO'}")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--authorities", type=int, default=153, help="synthetic authorities to generate (default 153)")
    parser.add_argument("--children", type=int, default=2000,
                        help="children aged 0-17 in each authority (default 2,000; England's median is 55,000)")
    parser.add_argument("--first-year", type=int, default=2022, help="first return year, 2022 = 2022-23 (default)")
    parser.add_argument("--last-year", type=int, default=2024, help="last return year, 2024 = 2024-25 (default)")
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page (default 20)")
    parser.add_argument("--jobs", type=int, default=2, help="processes generating authorities (default 2)")
    parser.add_argument("--store", type=Path, help="use this store; built here first if it does not exist")
    parser.add_argument("--reference", type=Path, help="reference data folder (published DfE tables)")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="carepath-web-bench-"))
    store = args.store or workdir / "store.duckdb"
    if not store.exists():
        print(f"Building {store}: {args.authorities} authorities of {args.children:,} children, "
              f"{args.first_year}-{args.first_year + 1 - 2000:02d} to {args.last_year}-{args.last_year + 1 - 2000:02d}",
              flush=True)
        build_store(store, args.authorities, args.children, args.first_year, args.last_year, args.jobs, workdir,
                    args.reference)
    print(f"Store {store}: {store.stat().st_size / 1e6:,.0f} MB", flush=True)
    timings = measure(store, workdir / "bench.web.sqlite", args.reference, args.requests)
    return 0 if report(timings) else 1


if __name__ == "__main__":
    sys.exit(main())
