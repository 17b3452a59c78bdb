"""Time compiling a region's RIIA submissions at national scale.

    python benchmarks/riia_compile.py                        # 153 authorities x 20 quarters
    python benchmarks/riia_compile.py --authorities 20 --quarters 8 --no-suppression

Writes one measures file and one context file per authority (20 quarters, 35 measures each, with
counts of plausible size for the authority), plus an amended re-send of the latest quarter for a
third of them, then times ``carepath riia compile`` on the folder: reading and checking every row,
keeping the latest values, rates, region and England totals, disclosure control, and writing the
workbook. Codes 501 and up stand for the authorities (no reference data needed).
"""
from __future__ import annotations

import argparse
import csv
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from carepath.exchange import disclosure, riia_compile, riia_read, riia_workbook
from carepath.exchange.riia import CONTEXT_HEADER, MEASURES_HEADER
from carepath.indicators import periods

# rough counts per 10,000 children per quarter, to give each measure a plausible size
PER_10K_QUARTER = {"201": 400, "202": 135, "203": 30, "204": 125, "205": 120, "206": 100, "207": 330, "208": 45,
                   "209": 12, "210": 12, "211": 40, "212": 12, "213": 3, "214": 1, "215": 70, "216": 6, "217": 6,
                   "218": 5, "219": 60, "220": 8, "221": 40, "222": 25, "223": 18, "224": 17}
SOURCES_SHARE = [0.09, 0.19, 0.01, 0.15, 0.02, 0.12, 0.29, 0.05, 0.05, 0.01, 0.02]
REGIONS = ["North East", "North West", "Yorkshire and the Humber", "East Midlands", "West Midlands",
           "East of England", "London", "South East", "South West"]


def write_submissions(folder: Path, authorities: int, quarters: list[periods.Period], seed: int) -> int:
    rng = random.Random(seed)
    rows = 0
    for number in range(authorities):
        la = str(501 + number)
        region = REGIONS[number % len(REGIONS)]
        children = int(rng.lognormvariate(10.9, 0.6))
        reported = date(2025, 7, 1)
        measures = []
        for quarter in quarters:
            year, q = quarter.financial_year, f"Q{quarter.label[-1]}"
            values = {m: max(0, int(rng.gauss(v, v * 0.2) * children / 10_000)) for m, v in PER_10K_QUARTER.items()}
            shares = [max(0, int(values["202"] * s)) for s in SOURCES_SHARE]
            values.update({str(20202 + i): n for i, n in enumerate(shares)})
            values["202"] = sum(shares)
            measures += [[region, la, f"Authority {la}", reported.isoformat(), year, q, m, v, ""]
                         for m, v in values.items()]
        with open(folder / f"RIIA_measures_{la}.csv", "w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(MEASURES_HEADER)
            writer.writerows(measures)
        rows += len(measures)
        if number % 3 == 0:  # an amended re-send of the last quarter, a month later
            amended = [r[:3] + [(reported + timedelta(days=30)).isoformat()] + r[4:7] + [int(r[7]) + 1, "amended"]
                       for r in measures[-35:]]
            with open(folder / f"RIIA_measures_{la}_amended.csv", "w", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(MEASURES_HEADER)
                writer.writerows(amended)
            rows += len(amended)
        with open(folder / f"RIIA_context_{la}.csv", "w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(CONTEXT_HEADER)
            writer.writerows([[region, la, f"Authority {la}", reported.isoformat(), f"X{i:02d}", "No"]
                              for i in range(1, 25)])
        rows += 24
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--authorities", type=int, default=153)
    parser.add_argument("--quarters", type=int, default=20)
    parser.add_argument("--no-suppression", action="store_true", help="Time it without disclosure control")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="carepath-riia-"))
    quarters = periods.series(periods.parse("2024Q4"), args.quarters)
    written = write_submissions(work, args.authorities, quarters, args.seed)
    print(f"{args.authorities} authorities x {args.quarters} quarters: {written:,} rows in {work}", flush=True)
    clock = time.perf_counter()
    known = {str(501 + n) for n in range(args.authorities)}
    submissions = riia_read.read([work], known)
    read = time.perf_counter() - clock
    clock = time.perf_counter()
    populations = {(str(501 + n), y): 50_000 for n in range(args.authorities) for y in range(2018, 2026)}
    rules = None if args.no_suppression else disclosure.Rules()
    compilation = riia_compile.compile_figures(submissions, populations, {}, {}, rules)
    compiled = time.perf_counter() - clock
    clock = time.perf_counter()
    riia_workbook.write(work / "region.xlsx", compilation, submissions, suppression=rules is not None)
    wrote = time.perf_counter() - clock
    print(f"read and checked {submissions.rows_read:,} rows ({len(submissions.problems)} problems) in {read:.1f} s")
    print(f"compiled {len(compilation.figures):,} figures ({compilation.suppressed:,} suppressed) in {compiled:.1f} s")
    print(f"wrote the workbook in {wrote:.1f} s; total {read + compiled + wrote:.1f} s")


if __name__ == "__main__":
    main()
