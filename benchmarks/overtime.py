"""Time every over-time analysis on a store: each survival measure (records derived from the store,
then the curves split by age band with a log-rank test), the Cox model of return to care,
cumulative incidence by birth cohort, and the groups of care histories.

    .venv/bin/python benchmarks/overtime.py --store kent.duckdb
    .venv/bin/python benchmarks/overtime.py --store england.duckdb --la 501      # one authority of many

A Kent-sized store: ``carepath synth --out kent/ --size kent --years 2018-19..2024-25`` then
``carepath load kent/ --store kent.duckdb``. The target for groups of care histories is under a
minute for about 2,000 histories; on a store of many authorities they are sampled (``--sample``:
a random sample stratified by authority, seed 0, the other histories joining the group with the
nearest medoid) and every other analysis runs for the one authority ``--la``. ``--each-authority``
then runs every per-authority analysis for each authority in turn, as a regional or national lead
would, and reports the totals, the slowest authority, and a Cox model of return to care fitted on
every authority's leavers pooled.
"""
from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import pandas as pd  # noqa: E402

from carepath.analysis.overtime import histories, incidence, sequences, survival  # noqa: E402
from carepath.errors import CarepathError  # noqa: E402
from carepath.model import store as store_mod  # noqa: E402


def timed(label: str, work):
    """Run ``work``; print its wall time and the CPU time of this process (all its threads) beside it."""
    started, cpu = time.perf_counter(), time.process_time()
    try:
        result = work()
        note = ""
    except CarepathError as exc:
        result, note = None, f"  (not run: {exc})"
    print(f"{label:<58} {time.perf_counter() - started:7.2f} s wall {time.process_time() - cpu:7.2f} s CPU{note}",
          flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", required=True, help="The DuckDB store to time")
    parser.add_argument("--la", help="The authority, when the store holds several")
    parser.add_argument("--months", type=int, default=36, help="Months of each care history compared")
    parser.add_argument("--sample", type=int, default=3000, help="At most this many care histories are grouped")
    parser.add_argument("--each-authority", action="store_true",
                        help="Also run every per-authority analysis for each authority of the store in turn")
    args = parser.parse_args()
    con = store_mod.connect(args.store, read_only=True)
    la = histories.authority(con, args.la)
    obs = histories.observation(con, la)
    print(f"Store {args.store}, authority {la}: {obs.describe()}")
    for name in histories.MEASURES:
        frame = timed(f"{name}: records from the store", lambda: histories.spells(con, name, obs))
        if frame is not None and not frame.empty:
            timed(f"{name}: {len(frame):,} records, curves by age band + log-rank",
                  lambda: survival.curves(frame, name, "age_band"))
    leavers = histories.spells(con, "return_to_care", obs)
    timed(f"Cox model of return to care ({len(leavers):,} leavers)", lambda: survival.cox_return(leavers))
    timed("cumulative incidence by birth cohort", lambda: incidence.cumulative(con, la))
    timed("cumulative incidence by birth cohort and sex", lambda: incidence.cumulative(con, la, subgroup="sex"))
    timed("cumulative incidence by birth cohort and ethnic group",
          lambda: incidence.cumulative(con, la, subgroup="ethnic_group"))
    found = timed(f"groups of care histories ({args.months} months, authority {la})",
                  lambda: sequences.groups(con, la, months=args.months, sample=args.sample))
    if found is not None:
        print(f"  {found.histories:,} histories ({found.sampled:,} clustered) in {len(found.groups)} groups; "
              + " ".join(found.notes))
    held = con.execute("SELECT count(DISTINCT la_code) FROM cla_episode").fetchall()[0][0]
    if held > 1:
        found = timed(f"groups of care histories, all {held} authorities (sampled)",
                      lambda: sequences.groups(con, None, months=args.months, sample=args.sample))
        if found is not None:
            print(f"  {found.histories:,} histories ({found.sampled:,} clustered) in {len(found.groups)} groups; "
                  + " ".join(found.notes))
    if args.each_authority:
        each_authority(con)


def each_authority(con) -> None:
    """Every per-authority analysis for each authority in turn: totals, the slowest authority, and a Cox
    model of return to care on all authorities' leavers pooled (one row per leaver, as for one)."""
    held = [r[0] for r in con.execute("SELECT DISTINCT la_code FROM child WHERE la_code IS NOT NULL "
                                      "ORDER BY 1").fetchall()]
    totals: dict[str, list] = collections.defaultdict(lambda: [0, 0, 0.0, 0.0, ("", 0.0)])
    pooled, skipped = [], collections.Counter()

    def note(label, la, records, started, cpu):
        wall = time.perf_counter() - started
        entry = totals[label]
        entry[0] += 1
        entry[1] += records
        entry[2] += wall
        entry[3] += time.process_time() - cpu
        if wall > entry[4][1]:
            entry[4] = (la, wall)

    print(f"\nEach of the {len(held)} authorities in turn:", flush=True)
    whole, whole_cpu = time.perf_counter(), time.process_time()
    for la in held:
        try:
            obs = histories.observation(con, la)
        except CarepathError as exc:
            skipped[str(exc)[:60]] += 1
            continue
        for name in histories.MEASURES:
            started, cpu = time.perf_counter(), time.process_time()
            frame = histories.spells(con, name, obs)
            note(f"{name}: records", la, len(frame), started, cpu)
            if name == "return_to_care":
                pooled.append(frame.assign(la_code=la))
            if not frame.empty:
                started, cpu = time.perf_counter(), time.process_time()
                survival.curves(frame, name, "age_band")
                note(f"{name}: curves by age band + log-rank", la, len(frame), started, cpu)
        for label, subgroup in (("cumulative incidence by birth cohort", None),
                                ("cumulative incidence by birth cohort and sex", "sex")):
            started, cpu = time.perf_counter(), time.process_time()
            try:
                incidence.cumulative(con, la, subgroup=subgroup)
            except CarepathError as exc:
                skipped[f"{label}: {str(exc)[:60]}"] += 1
                continue
            note(label, la, 0, started, cpu)
    print(f"{'analysis':<52} {'LAs':>4} {'records':>10} {'wall':>9} {'CPU':>9}  slowest authority")
    for label, (count, records, wall, cpu, (la, worst)) in totals.items():
        print(f"{label:<52} {count:>4} {records:>10,} {wall:>8.1f}s {cpu:>8.1f}s  {la} ({worst:.2f} s)")
    print(f"{'all of them':<52} {len(held):>4} {'':>10} {time.perf_counter() - whole:>8.1f}s "
          f"{time.process_time() - whole_cpu:>8.1f}s")
    for reason, count in skipped.items():
        print(f"  not run for {count} authorities: {reason}...")
    leavers = pd.concat(pooled, ignore_index=True) if pooled else pd.DataFrame()
    rows = timed(f"Cox model of return to care, all authorities pooled ({len(leavers):,} leavers, "
                 f"{int(leavers['event'].sum()) if len(leavers) else 0:,} returns)",
                 lambda: survival.cox_return(leavers))
    for row in rows or []:
        against = f" against {row['reference']}" if row["reference"] else ""
        print(f"  {row['factor']} {row['level']}{against}: HR {row['hazard_ratio']:.2f} "
              f"({row['lower']:.2f} to {row['upper']:.2f})" if row["hazard_ratio"] is not None
              else f"  {row['factor']} {row['level']}: no ratio")


if __name__ == "__main__":
    main()
