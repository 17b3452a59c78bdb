"""Time care proceedings linkage (carepath.linkage) and measure its precision and recall.

    python benchmarks/linkage.py --size small                       # one 20,000-child authority
    python benchmarks/linkage.py --authorities 153 --jobs 2         # the national synthetic store

The authorities are generated (``carepath synth``); only what linkage reads is loaded through the
real readers: the children extract, the legal department's file and the SSDA903 headers and
episodes. Linkage then runs once over every authority's proceedings together (one Splink model
trained on all of them; blocking keeps pairs within each authority's children only where names
or dates agree). Reported: proceedings, links by method, time, the process's peak memory, and
precision and recall against each authority's truth.json.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import tempfile
import time
from pathlib import Path

from carepath.linkage.link import link_proceedings
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default=None, help="tiny, small, medium, large or kent (one authority)")
    parser.add_argument("--authorities", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        authorities = make_authorities(args.authorities, seed=args.seed, size=args.size)
        started = time.perf_counter()
        with multiprocessing.Pool(args.jobs) as pool:
            folders = pool.map(_generate, [(p, out / "synth") for p in authorities])
        con = store_mod.connect(out / "store.duckdb")
        for folder in folders:
            for path in _files(folder):
                load_file(con, path)
        prepared = time.perf_counter()
        print(f"generated and loaded {len(folders)} authorities in {prepared - started:.1f}s")
        run = link_proceedings(con, say=print)
        linked = time.perf_counter()
        want = {}
        for folder in folders:
            truth = json.loads((folder / "truth.json").read_text())
            want.update({(folder.name, k): f"{folder.name}/{v}" for k, v in truth["proceedings_children"].items()})
        case_of = {p: (la, case) for p, la, case in con.execute(
            "SELECT proceeding_id, la_code, case_number FROM proceeding").fetchall()}
        got = {case_of[p]: c for p, c in zip(run.links.proceeding_id, run.links.child_id)}
        precision, recall = precision_recall(got, want)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"linkage: {linked - prepared:.1f}s, peak memory {peak:,.0f} MB; precision {precision:.3f}, "
              f"recall {recall:.3f} ({len(want):,} proceedings with a true child)")


if __name__ == "__main__":
    main()
