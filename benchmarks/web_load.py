"""The dashboard under load: closed-loop clients that sign in and browse the main pages.

    carepath synth --out kent/ --size kent
    carepath load kent/ --store kent.duckdb
    carepath indicators run --store kent.duckdb --period 2024-25 --periods 3 --level all
    .venv/bin/python benchmarks/web_load.py --store kent.duckdb --workers 2

1. Starts ``carepath serve --workers N`` on the loopback address (a free port) with a fresh
   accounts file beside the store, holding one analyst account for the clients.
2. For each number of clients (``--clients``, default 1, 10 and 50): every client is a thread with
   its own HTTP connection that signs in (not timed), then requests one page after another, each as
   soon as the last answered (a closed loop: no think time), choosing at random among the pages of
   ``benchmarks/web_pages.py``'s plan (overview, indicator pages, the catalogue, a caseload, the
   records behind a figure, a child's timeline, the data page). A level runs for ``--seconds`` or
   ``--requests`` requests, whichever comes first, after ``--warm`` untimed requests per client.
3. Prints per level the throughput (answered requests a second), p50, p95 and p99 of the time a
   client waited for each answer (the whole round trip, as a user meets it), and errors (any
   answer but 200). The target on 2 cores: p95 under 300 ms at 10 clients and under 1 s at 50,
   with no errors. The clients run on the same machine and take some of its cores.
4. Beside them, what does not depend on how busy the machine is: the server's CPU time per
   answered request (its processes' user + system time over the level, from /proc), and the
   machine's load average as each level began and ended: on a shared machine the wall times
   above are only as good as the load beside them.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
PASSWORD = "benchmark password"
TARGETS = {10: 300.0, 50: 1000.0}      # clients -> p95 target, ms
MAIN_PAGES = ("overview (authority)", "overview (team)", "indicator re_referrals_12m", "indicator referrals",
              "indicator catalogue", "children (caseload)", "records behind a figure", "child timeline",
              "data: loads")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def urls_to_browse(store: Path) -> list[tuple[str, str]]:
    import duckdb
    from web_pages import page_plan

    con = duckdb.connect(str(store), read_only=True)
    try:
        la_codes = [r[0] for r in con.execute("SELECT DISTINCT la_code FROM indicator_result ORDER BY 1").fetchall()]
        plan = page_plan(con, la_codes)
    finally:
        con.close()
    return [(name, url) for name in MAIN_PAGES for url in plan[name] if not url.endswith("/none")]  # no child


def start_server(store: Path, web_db: Path, reference: Path | None, workers: int, port: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "carepath", "serve", "--store", str(store), "--web-db", str(web_db),
               "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    if reference:
        command += ["--reference", str(reference)]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    server = subprocess.Popen(command, env=env)
    import httpx
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"The server stopped (exit {server.returncode}).")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("The server did not answer within 2 minutes.")


def process_tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by a process and every process below it (Linux /proc;
    0 elsewhere)."""
    proc = Path("/proc")
    if not proc.exists():
        return 0.0
    parents, cpu = {}, {}
    for stat in proc.glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue                                   # ended while we looked
        child = int(stat.parent.name)
        parents[child] = int(fields[1])
        cpu[child] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    tree, todo = set(), [pid]
    while todo:
        current = todo.pop()
        tree.add(current)
        todo += [c for c, parent in parents.items() if parent == current and c not in tree]
    return sum(cpu.get(p, 0.0) for p in tree)


def signed_in_client(base: str):
    import httpx
    client = httpx.Client(base_url=base, timeout=60, follow_redirects=False)
    token = re.search(r'name="form_token" value="([^"]+)"', client.get("/sign-in").text).group(1)
    response = client.post("/sign-in", data={"username": "bench", "password": PASSWORD, "form_token": token})
    if response.status_code != 303 or "problem=" in response.headers.get("location", ""):
        raise SystemExit(f"Signing in failed: {response.status_code} {response.headers.get('location')}")
    return client


def run_level(base: str, urls: list[tuple[str, str]], clients: int, seconds: float, max_requests: int, warm: int,
              cpu=lambda: 0.0) -> dict:
    sessions = [signed_in_client(base) for _ in range(clients)]
    timings: list[float] = []
    by_page: dict[str, list[float]] = {}
    errors: list[str] = []
    lock = threading.Lock()
    state = {"began": 0.0, "deadline": 0.0, "left": max_requests}

    def begin() -> None:                                  # runs once, when every client has warmed up
        state["load"], state["cpu"] = os.getloadavg()[0], cpu()
        state["began"] = time.monotonic()
        state["deadline"] = state["began"] + seconds

    start = threading.Barrier(clients + 1, action=begin)

    def client_loop(number: int) -> None:
        rng = random.Random(number)
        session = sessions[number]
        for _ in range(warm):
            session.get(rng.choice(urls)[1])
        start.wait()
        while time.monotonic() < state["deadline"]:
            with lock:
                if state["left"] <= 0:
                    return
                state["left"] -= 1
            page, url = rng.choice(urls)
            began = time.perf_counter()
            try:
                response = session.get(url)
                status = response.status_code
            except Exception as exc:                     # a refused or dropped connection is an error too
                status = type(exc).__name__
            took = (time.perf_counter() - began) * 1000
            with lock:
                timings.append(took)
                by_page.setdefault(page, []).append(took)
                if status != 200:
                    errors.append(f"{status} {url}")

    threads = [threading.Thread(target=client_loop, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - state["began"]
    cpu_ms = (cpu() - state["cpu"]) * 1000 / max(1, len(timings))       # the timed requests only
    for session in sessions:
        session.close()
    return {"clients": clients, "requests": len(timings), "seconds": elapsed, "throughput": len(timings) / elapsed,
            "p50": pct(timings, 0.50), "p95": pct(timings, 0.95), "p99": pct(timings, 0.99), "errors": errors,
            "cpu_ms": cpu_ms, "load": (state["load"], os.getloadavg()[0]),
            "pages": {page: (len(t), pct(t, 0.50), pct(t, 0.95)) for page, t in by_page.items()}}


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, required=True, help="a computed store (see above)")
    parser.add_argument("--reference", type=Path, help="reference data folder (published DfE tables)")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes (default 2)")
    parser.add_argument("--clients", default="1,10,50", help="client counts, comma-separated (default 1,10,50)")
    parser.add_argument("--seconds", type=float, default=20.0, help="timed seconds per level at most (default 20)")
    parser.add_argument("--requests", type=int, default=3000, help="timed requests per level at most (default 3,000)")
    parser.add_argument("--warm", type=int, default=3, help="untimed requests per client first (default 3)")
    parser.add_argument("--pages", action="store_true", help="also print p50 and p95 page by page")
    args = parser.parse_args(argv)
    if not args.store.exists():
        raise SystemExit(f"No store at {args.store}: build one first (see --help).")

    from carepath.web.accounts import Accounts
    web_db = Path(tempfile.mkdtemp(prefix="carepath-web-load-")) / "load.web.sqlite"
    Accounts(web_db).add("bench", PASSWORD, "analyst", admin=True)
    urls = urls_to_browse(args.store)
    port = free_port()
    server = start_server(args.store, web_db, args.reference, args.workers, port)
    results = []
    try:
        for clients in [int(c) for c in args.clients.split(",")]:
            found = run_level(f"http://127.0.0.1:{port}", urls, clients, args.seconds, args.requests, args.warm,
                              cpu=lambda: process_tree_cpu(server.pid))
            results.append(found)
            print(f"  {clients} clients: {found['requests']} requests in {found['seconds']:.1f} s", flush=True)
    finally:
        server.terminate()
        server.wait(30)
    print(f"\nstore {args.store} ({args.store.stat().st_size / 1e6:,.0f} MB), {args.workers} workers, "
          f"{os.cpu_count()} cores")
    print(f"{'clients':>8}{'requests':>10}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}"
          f"{'CPU ms/req':>11}{'load':>12}  target")
    ok = True
    for r in results:
        target = TARGETS.get(r["clients"])
        met = (target is None or r["p95"] < target) and not r["errors"]
        ok &= met
        print(f"{r['clients']:>8}{r['requests']:>10}{r['throughput']:>8.1f}{r['p50']:>9.0f}{r['p95']:>9.0f}"
              f"{r['p99']:>9.0f}{len(r['errors']):>8}{r['cpu_ms']:>11.1f}"
              f"{r['load'][0]:>6.1f}-{r['load'][1]:<5.1f}  "
              + (f"p95 < {target:.0f} ms, no errors: {'met' if met else 'NOT met'}" if target else ""))
        for error in sorted(set(r["errors"]))[:5]:
            print(f"           {error}")
    if args.pages:
        for r in results:
            print(f"\n{r['clients']} clients, by page: {'n':>6}{'p50 ms':>9}{'p95 ms':>9}")
            for page, (n, p50, p95) in sorted(r["pages"].items()):
                print(f"  {page:<30}{n:>6}{p50:>9.0f}{p95:>9.0f}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
