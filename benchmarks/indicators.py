"""Time the indicator engine: every indicator of every set, 20 quarters, all five levels.

    python benchmarks/indicators.py --size kent                        # one Kent-sized authority
    python benchmarks/indicators.py --authorities 153 --jobs 2         # all 153 synthetic authorities
    python benchmarks/indicators.py --store england.duckdb             # a store built earlier
    python benchmarks/indicators.py --store england.duckdb --spark local[2]   # and on Spark beside it

Targets: the Kent-sized run under 10 seconds, the national run under 2 minutes (2 cores).

Without ``--store`` the authorities are generated (``carepath synth``) and loaded through the real
readers (CIN census, SSDA903 and local extracts; Annex A repeats what they hold and is skipped to
save time). Several authorities are loaded by ``--jobs`` processes into stores of their own and
then gathered into one (authorities never share a key). The engine is then timed on the RIIA,
Signs of Safety, improvement board and national sets: the last 20 financial quarters at the
authority, service, locality, team and practitioner levels, figures stored as they would be.

``--spark MASTER`` also times the same run on Apache Spark (``--engine spark``: records,
attribution and roll-up on Spark; the Parquet export timed apart), on a copy of the store, and says whether
the figures are the same as DuckDB's.
"""
from __future__ import annotations

import argparse
import multiprocessing
import tempfile
import time
from pathlib import Path

from carepath.indicators import catalogue, coverage, engine, periods
from carepath.model import store as store_mod
from carepath.model.tables import TABLES
from carepath.sources.loader import expand, load_file

SETS = ["riia", "sos", "board", "national"]


def _load_authorities(args: tuple[list[Path], Path]) -> tuple[Path, int]:
    folders, target = args
    con = store_mod.connect(target)
    rows = 0
    for folder in folders:
        for path in expand([folder]):
            if path.suffix == ".json" or "annex_a" in path.parts:
                continue
            result = load_file(con, path)
            if result.status == "failed":
                raise SystemExit(result.summary())
            rows += result.rows_loaded
    con.close()
    return target, rows


def build_store(returns: Path, target: Path, jobs: int) -> int:
    folders = sorted(p for p in returns.iterdir() if p.is_dir())
    if jobs <= 1:
        return _load_authorities((folders, target))[1]
    parts = [(folders[i::jobs], target.with_name(f"{target.stem}.part{i}.duckdb")) for i in range(jobs)]
    with multiprocessing.get_context("spawn").Pool(jobs) as pool:
        done = pool.map(_load_authorities, parts)
    con = store_mod.connect(target)
    offset = 0
    for part, _ in done:
        con.execute(f"ATTACH '{part}' AS part (READ_ONLY)")
        for table in TABLES:
            if table.name in ("load_batch", "load_count", "reject"):
                con.execute(f"INSERT INTO {table.name} BY NAME SELECT * REPLACE (batch_id + {offset} AS batch_id) "
                            f"FROM part.{table.name}")
            elif not table.bookkeeping:
                con.execute(f"INSERT INTO {table.name} BY NAME SELECT * FROM part.{table.name}")
        offset = con.execute("SELECT coalesce(max(batch_id), 0) FROM load_batch").fetchall()[0][0]
        con.execute("DETACH part")
        part.unlink()
    con.close()
    return sum(rows for _, rows in done)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", help="Time an existing store instead of generating one")
    parser.add_argument("--size", default="kent", help="Synthetic size of each authority (tiny .. kent), "
                                                       "or 'spread' for England's spread of sizes")
    parser.add_argument("--authorities", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=1, help="Processes for generating and loading")
    parser.add_argument("--quarters", type=int, default=20)
    parser.add_argument("--keep", help="Keep the generated returns and store in this folder")
    parser.add_argument("--spark", metavar="MASTER", help="Also time the run on Spark (local[2], spark://...)")
    args = parser.parse_args()
    if args.store:
        store = Path(args.store)
    else:
        from carepath.synth.generate import generate
        from carepath.synth.params import make_authorities
        work = Path(args.keep or tempfile.mkdtemp(prefix="carepath-engine-"))
        size = None if args.size == "spread" or args.authorities > 1 and args.size == "kent" else args.size
        clock = time.perf_counter()
        generate(make_authorities(args.authorities, seed=5, first_year=2020, last_year=2024, size=size),
                 work / "returns", jobs=args.jobs)
        print(f"generated {args.authorities} authorit{'y' if args.authorities == 1 else 'ies'} "
              f"in {time.perf_counter() - clock:.0f} s", flush=True)
        clock = time.perf_counter()
        store = work / "store.duckdb"
        rows = build_store(work / "returns", store, args.jobs)
        print(f"loaded {rows:,} rows in {time.perf_counter() - clock:.0f} s into {store}", flush=True)
    con = store_mod.connect(store)
    las, children, referrals = con.execute("SELECT count(DISTINCT la_code), count(*), (SELECT count(*) FROM referral) "
                                           "FROM child").fetchall()[0]
    indicators = catalogue.select(SETS)
    wanted = periods.series(coverage.last_complete(con, "quarter"), args.quarters)
    print(f"{las} authorities, {children:,} children, {referrals:,} referrals; {len(indicators)} indicators of "
          f"the {', '.join(SETS)} sets x {len(wanted)} quarters ({wanted[0].label} to {wanted[-1].label}) "
          f"x 5 levels", flush=True)
    clock = time.perf_counter()
    outcome = engine.run(con, indicators, wanted)
    total = time.perf_counter() - clock
    con.close()
    steps = "; ".join(f"{step} {seconds:.1f} s" for step, seconds in outcome.timings.items())
    print(f"{outcome.results:,} figures from {outcome.records:,} records in {total:.1f} s ({steps})")
    if args.spark:
        time_spark(store, indicators, wanted, args.spark, total)


def time_spark(store: Path, indicators, wanted, master: str, duckdb_seconds: float) -> None:
    """The same run on Spark, on a copy of the store."""
    import shutil
    from carepath.indicators.engines import parquet
    from carepath.indicators.engines.spark import SparkEngine
    work = Path(tempfile.mkdtemp(prefix="carepath-spark-"))
    copy = work / "store.duckdb"
    shutil.copy(store, copy)
    con = store_mod.connect(copy)
    clock = time.perf_counter()
    parquet.export(con, work / "parquet")
    exported = time.perf_counter() - clock
    clock = time.perf_counter()
    spark = SparkEngine(work / "parquet", master)
    started = time.perf_counter() - clock
    clock = time.perf_counter()
    outcome = engine.run(con, indicators, wanted, spark=spark)
    total = time.perf_counter() - clock
    spark.stop()
    con.execute(f"ATTACH '{store}' AS duck (READ_ONLY)")
    differ = con.execute("""SELECT count(*) FROM (
        SELECT indicator_id, period, la_code, level, unit_id, round(numerator, 6), round(denominator, 6),
               round(value, 6), note
        FROM indicator_result EXCEPT ALL
        SELECT indicator_id, period, la_code, level, unit_id, round(numerator, 6), round(denominator, 6),
               round(value, 6), note
        FROM duck.indicator_result)""").fetchall()[0][0]   # FTE weights summed in another order differ by 1e-15
    con.close()
    shutil.rmtree(work)
    print(f"Spark {master}: {outcome.results:,} figures in {total:.1f} s ({total / duckdb_seconds:.0f}x DuckDB's "
          f"{duckdb_seconds:.1f} s; Parquet export {exported:.1f} s, Spark start {started:.1f} s); "
          f"{differ} figures differ from DuckDB's")


if __name__ == "__main__":
    main()
