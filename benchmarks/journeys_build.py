"""How long the server takes to build the Sankey pathways and the journey map's data, on a store you give.

    .venv/bin/python benchmarks/journeys_build.py --store kent.duckdb --runs 3

For the store's largest authority over its latest April-to-March year (the pages' default), times
:func:`journeys_sankey.referral_flows` (referral to furthest step, 6 months: what the Sankey page
computes on its first load) and :func:`journeys.build` + :func:`journeys.payload` (what the map's
data request computes before the web layer caches it), each on a fresh read-only connection.
Reports wall time and the process's CPU time: on a shared machine the wall time measures the
neighbours too, the CPU time what the work itself costs. Target: the Sankey under 1 s.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def timed(work) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def main() -> None:
    import duckdb

    from carepath.analysis import journeys, journeys_sankey
    from carepath.analysis.journeys_cohort import Cohort

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True, help="a loaded store (e.g. carepath synth --size kent)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each (default 3)")
    args = parser.parse_args()
    con = duckdb.connect(str(args.store), read_only=True)
    la, latest = con.execute("SELECT la_code, max(referral_date) FROM referral GROUP BY 1 "
                             "ORDER BY count(*) DESC LIMIT 1").fetchone()
    con.close()
    year = latest.year - (latest.month < 4)
    cohort = Cohort(date(year, 4, 1), date(year + 1, 3, 31), la_code=la)
    print(f"authority {la}, {cohort.start} to {cohort.end}")
    work = {
        "sankey (referral to furthest, 6 months)":
            lambda con: len(journeys_sankey.referral_flows(con, cohort, ("referral", "furthest"), 6).paths),
        "journeys map data (build + payload)":
            lambda con: journeys.payload(journeys.build(con, cohort))["children"],
    }
    for name, job in work.items():
        times = []
        for _ in range(args.runs):
            con = duckdb.connect(str(args.store), read_only=True)
            times.append(timed(lambda job=job, con=con: job(con)))
            con.close()
        walls, cpus = [t[0] for t in times], [t[1] for t in times]
        print(f"{name}: {times[0][2]} paths/children; wall first {walls[0]:.2f} s, median "
              f"{statistics.median(walls):.2f} s; CPU first {cpus[0]:.2f} s, median {statistics.median(cpus):.2f} s")


if __name__ == "__main__":
    main()
