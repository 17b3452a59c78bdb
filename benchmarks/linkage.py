"""Time care proceedings linkage (carepath.linkage) and measure its precision and recall.

    python benchmarks/linkage.py --size small                       # one 20,000-child authority
    python benchmarks/linkage.py --authorities 20                   # twenty, generated and loaded here
    python benchmarks/linkage.py --store england.duckdb --returns england/returns --each-authority
                                                                    # an existing store (copied first)
    python benchmarks/linkage.py --returns england/returns --each-authority
                                                                    # authorities synth wrote: loaded here
    python benchmarks/linkage.py --size small --engine spark        # the Splink model on Spark local[2]

The authorities are generated (``carepath synth``); only what linkage reads is loaded through the
real readers: the children extract, the legal department's file and the SSDA903 headers and
episodes. Linkage then runs once over every authority's proceedings together (one Splink model
trained on all of them; blocking keeps pairs within each authority's children only where names
or dates agree). Reported: proceedings, links by method, time, the process's peak memory, and
precision and recall against each authority's truth.json.

With ``--store``, an existing store (such as the national synthetic one) is copied to a temporary
folder (linkage writes its results to the store; the original is left alone) and linked; the
truth is read from ``--returns`` (the folder ``carepath synth`` wrote, one ``<la>/truth.json``
each). ``--each-authority`` links authority by authority, each with its own model
(:func:`carepath.linkage.link.link_each_authority`), to keep memory to one authority at a time.

``--engine spark`` runs the Splink model on Spark (``--spark-master``, default local[2]); the
time reported is then the linkage's alone (the session is started before the clock), and the
CPU and peak memory of Spark's JVM (local mode) are reported beside this process's: the JVM is
not waited for, so ``/usr/bin/time -v`` does not count it.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

from carepath.linkage.link import link_each_authority, link_proceedings
from carepath.linkage.report import precision_recall
from carepath.model import store as store_mod
from carepath.sources.loader import load_file
from carepath.synth.generate import generate_authority
from carepath.synth.params import make_authorities


def _files(folder: Path) -> list[Path]:
    return [folder / "local" / "children.csv", folder / "local" / "care_proceedings.csv",
            *sorted(folder.glob("ssda903/*/header.csv")), *sorted(folder.glob("ssda903/*/episodes.csv"))]


def _generate(args):
    params, out = args
    generate_authority(params, out)
    return out / params.la_code


def _truth(con, folders: list[Path]) -> dict:
    want = {}
    for folder in folders:
        truth_file = folder / "truth.json"
        if truth_file.exists():
            truth = json.loads(truth_file.read_text())
            want.update({(folder.name, k): f"{folder.name}/{v}" for k, v in truth["proceedings_children"].items()})
    return want


def _jvm(spark) -> tuple[float, float] | None:
    """(CPU seconds, peak resident MB) of a local Spark's JVM, from /proc: it is this process's child,
    but not waited for before the process ends, so neither rusage nor /usr/bin/time counts it."""
    if spark is None:
        return None
    try:
        pid = spark.sparkContext._gateway.proc.pid
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        peak = next(int(line.split()[1]) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                    if line.startswith("VmHWM:"))
        return (int(fields[11]) + int(fields[12])) / ticks, peak / 1024
    except (AttributeError, OSError, StopIteration):   # a cluster's driver, or not Linux
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default=None, help="tiny, small, medium, large or kent (one authority)")
    parser.add_argument("--authorities", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--store", type=Path, help="link this existing store (a copy of it) instead of generating")
    parser.add_argument("--returns", type=Path, help="the folder carepath synth wrote (<la>/truth.json ...): with "
                        "--store, the truth to measure against; without, the authorities to load (not generated)")
    parser.add_argument("--each-authority", action="store_true", help="link authority by authority")
    parser.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb", help="where the Splink model runs")
    parser.add_argument("--spark-master", default="local[2]", help="with --engine spark")
    args = parser.parse_args()
    spark = None
    if args.engine == "spark":
        from carepath.linkage.spark import session
        clock = time.perf_counter()
        spark = session(args.spark_master)
        print(f"started Spark on {args.spark_master} in {time.perf_counter() - clock:.1f}s", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        started = time.perf_counter()
        if args.store:
            shutil.copy(args.store, out / "store.duckdb")
            con = store_mod.connect(out / "store.duckdb")
            folders = sorted(p for p in args.returns.iterdir() if p.is_dir()) if args.returns else []
            print(f"copied {args.store} ({args.store.stat().st_size / 1e9:.1f} GB) in "
                  f"{time.perf_counter() - started:.1f}s", flush=True)
        else:
            if args.returns:  # authorities carepath synth already wrote
                folders = sorted(p for p in args.returns.iterdir() if p.is_dir() and (p / "truth.json").exists())
            else:
                authorities = make_authorities(args.authorities, seed=args.seed, size=args.size)
                with multiprocessing.Pool(args.jobs) as pool:
                    folders = pool.map(_generate, [(p, out / "synth") for p in authorities])
            con = store_mod.connect(out / "store.duckdb")
            for number, folder in enumerate(folders, 1):
                for path in _files(folder):
                    load_file(con, path)
                if number % 10 == 0:
                    print(f"{time.perf_counter() - started:8.1f}s loaded {number} of {len(folders)} authorities",
                          flush=True)
            print(f"{'loaded' if args.returns else 'generated and loaded'} {len(folders)} authorities in "
                  f"{time.perf_counter() - started:.1f}s", flush=True)
        prepared = time.perf_counter()
        cpu_before = time.process_time()
        jvm_before = _jvm(spark)
        say = (lambda m: print(f"{time.perf_counter() - prepared:8.1f}s {m}", flush=True))
        run = (link_each_authority(con, say=say, spark=spark) if args.each_authority
               else link_proceedings(con, say=say, spark=spark))
        linked = time.perf_counter()
        cpu = time.process_time() - cpu_before
        jvm_after = _jvm(spark)
        want = _truth(con, folders)
        case_of = {p: (la, case) for p, la, case in con.execute(
            "SELECT proceeding_id, la_code, case_number FROM proceeding").fetchall()}
        got = {case_of[p]: c for p, c in zip(run.links.proceeding_id, run.links.child_id)}
        children = con.execute("SELECT count(*) FROM child").fetchall()[0][0]
        con.close()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{run.proceedings:,} proceedings, {children:,} children: {run.summary()}")
        if want:
            precision, recall = precision_recall(got, want)
            quality = f"precision {precision:.3f}, recall {recall:.3f} ({len(want):,} proceedings with a true child)"
        else:
            quality = "no truth.json: precision and recall not measured"
        if spark is not None:
            spark.stop()
        jvm = (f" and {jvm_after[0] - jvm_before[0]:.1f}s CPU and peak memory {jvm_after[1]:,.0f} MB (Spark's JVM)"
               if jvm_after else "")
        print(f"linkage ({args.engine}): {linked - prepared:.1f}s wall, {cpu:.1f}s CPU (this process), peak memory "
              f"{peak:,.0f} MB{jvm}; {quality}")


if __name__ == "__main__":
    main()
