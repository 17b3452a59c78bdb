"""Time loading statutory returns at scale, beside the field validators' own readers.

    python benchmarks/load_returns.py                       # CIN 10,000 and 100,000 children; 903 27,000
    python benchmarks/load_returns.py --cin 10000 --ssda903 2700 --no-validators
    python benchmarks/load_returns.py --authority kent/ --jobs 1,2    # a whole authority, serial vs parallel

A synthetic authority is generated (``carepath synth``) and its latest CIN census and SSDA903
return are scaled to the sizes asked for by repeating its children under new ids, so the files
have real shapes. For each file it prints:

* carepath: staging (reading and checking every row into memory) and the whole load into a
  fresh DuckDB store (staging plus the transactional write), with rows per second;
* with ``--authority DIR``, instead: ``carepath load DIR --jobs N`` into a fresh store for each N,
  run as a separate process, with its wall time, CPU time (user + system, the reader processes
  included), the peak RSS of its largest process (``resource.getrusage(RUSAGE_CHILDREN)``) and the
  peak of the whole process tree's RSS added up (sampled from /proc every 0.1 s). On a shared
  machine the wall time depends on the others' load: the load average is printed with it;
* the validators' own readers on the same file (``cin_validator.ingress.XMLtoCSV`` and
  ``lac_validator.ingress.read_csvs_from_text``), run in their environment, unless
  ``--no-validators`` or the environment is missing.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from lxml import etree

from carepath.model import store as store_mod
from carepath.sources import cin_census, ssda903_csv
from carepath.sources.batch import Batch
from carepath.sources.loader import load_file
from carepath.synth.generate import generate
from carepath.synth.params import make_authorities

VALIDATOR_READ = r'''
import json, sys, time, io, contextlib, logging
logging.disable(logging.CRITICAL)
request = json.load(sys.stdin)
started = time.perf_counter()
with contextlib.redirect_stdout(io.StringIO()):
    if request["kind"] == "cin":
        import xml.etree.ElementTree as ET
        from cin_validator.ingress import XMLtoCSV
        XMLtoCSV(ET.parse(request["files"][0]).getroot())
    else:
        from lac_validator.ingress import read_csvs_from_text
        files = [{"name": p.rsplit("/", 1)[-1], "description": "This year", "file_content": open(p, "rb").read()}
                 for p in request["files"]]
        read_csvs_from_text(files)
print(json.dumps({"seconds": time.perf_counter() - started}))
'''


def scale_cin(source: Path, target: Path, children: int) -> None:
    tree = etree.parse(str(source))
    root = tree.getroot()
    ns = root.nsmap.get(None)
    q = (lambda name: f"{{{ns}}}{name}") if ns else (lambda name: name)
    holder = root.find(q("Children"))
    originals = list(holder)
    for child in originals:
        holder.remove(child)
    for i in range(children):
        copy = etree.fromstring(etree.tostring(originals[i % len(originals)]))
        ident = copy.find(f"{q('ChildIdentifiers')}/{q('LAchildID')}")
        ident.text = f"{ident.text}R{i // len(originals)}"
        holder.append(copy)
    tree.write(str(target), xml_declaration=True, encoding="utf-8")


def scale_903(source: Path, target: Path, children: int) -> int:
    """Repeat a 903 return's children under new CHILD ids until there are ``children``; drop LA/YEAR."""
    target.mkdir(parents=True, exist_ok=True)
    with open(source / "header.csv", newline="") as handle:
        base = len(list(csv.DictReader(handle)))
    copies = -(-children // base)
    for table in sorted(source.glob("*.csv")):
        with open(table, newline="") as handle:
            reader = csv.DictReader(handle)
            columns = [c for c in reader.fieldnames if c not in ("LA", "YEAR")]
            rows = list(reader)
        with open(target / table.name, "w", newline="") as handle:
            writer = csv.DictWriter(handle, columns, extrasaction="ignore")
            writer.writeheader()
            for k in range(copies):
                for row in rows:
                    if table.name == "header.csv" and k * base + rows.index(row) >= children:
                        break
                    writer.writerow({**row, "CHILD": f"{row['CHILD']}R{k}"})
    return copies * base


def stage(reader, paths: list[Path]) -> tuple[float, int]:
    started = time.perf_counter()
    rows = 0
    for path in paths:
        batch = Batch(path.name, la_code="501", return_year="2024-25")
        reader.read(path, batch)
        rows += batch.rows_read
    return time.perf_counter() - started, rows


def load(paths: list[Path], store: Path) -> float:
    con = store_mod.connect(store)
    started = time.perf_counter()
    for path in paths:
        result = load_file(con, path, la_code="501", return_year="2024-25")
        assert result.status == "loaded", result.summary()
    con.close()
    return time.perf_counter() - started


def pandas_read(paths: list[Path]) -> float:
    """A bare pandas read of the same CSVs (every column as text): the floor a CSV load is compared with."""
    import pandas as pd
    started = time.process_time()
    for path in paths:
        pd.read_csv(path, dtype=str, keep_default_na=False)
    return time.process_time() - started


def staged_cpu(reader, paths: list[Path]) -> float:
    """CPU seconds to stage (read and check every row) the files, as a reader process does."""
    started = time.process_time()
    stage(reader, paths)
    return time.process_time() - started


def validator_read(kind: str, paths: list[Path]) -> float | None:
    try:
        from carepath.quality.environment import find_env
        env = find_env()
    except Exception:
        return None
    answer = subprocess.run([str(env.python), "-c", VALIDATOR_READ], input=json.dumps(
        {"kind": kind, "files": [str(p) for p in paths]}), capture_output=True, text=True, timeout=3600)
    if answer.returncode != 0:
        print("    validator reader failed:", answer.stderr.strip().splitlines()[-1:])
        return None
    return json.loads(answer.stdout.strip().splitlines()[-1])["seconds"]


def tree_rss(root: int) -> int:
    """The resident memory (bytes) of a process and all its descendants, from /proc."""
    parents, rss = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)], rss[int(entry)] = int(fields[1]), int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    family = {root}
    changed = True
    while changed:
        changed = False
        for pid, parent in parents.items():
            if parent in family and pid not in family:
                family.add(pid)
                changed = True
    return sum(rss.get(pid, 0) for pid in family)


def load_authority(folder: Path, store: Path, jobs: int) -> dict:
    """``carepath load FOLDER --jobs N`` in its own process: wall, CPU, peak RSS (largest process, whole tree)."""
    store.unlink(missing_ok=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "carepath", "--store", str(store), "load", str(folder),
                                "--jobs", str(jobs)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0]

    def sample():
        while process.poll() is None:
            peak[0] = max(peak[0], tree_rss(process.pid))
            time.sleep(0.1)
    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    out, err = process.communicate()
    wall = time.perf_counter() - started
    watcher.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    summary = (out.strip().splitlines() or ["(no output)"])[-1]
    return {"jobs": jobs, "wall": wall, "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
            "largest_rss": after.ru_maxrss * 1024, "tree_rss": peak[0], "summary": summary,
            "exit": process.returncode, "load_average": os.getloadavg()[0], "stderr": err.strip()[-300:]}


def report(label: str, rows: int, staged: float, loaded: float, theirs: float | None) -> None:
    line = (f"{label:<34} rows {rows:>10,}   stage {staged:7.1f} s ({rows / staged:>9,.0f} rows/s)   "
            f"load {loaded:7.1f} s")
    line += f"   validator's reader {theirs:7.1f} s" if theirs is not None else "   validator's reader  n/a"
    print(line, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cin", default="10000,100000", help="CIN census sizes in children (comma-separated)")
    parser.add_argument("--ssda903", type=int, default=27000, help="SSDA903 return size in children")
    parser.add_argument("--no-validators", action="store_true", help="Skip the validators' readers")
    parser.add_argument("--validator-max", type=int, default=20000,
                        help="Skip the CIN validator's reader above this many children (it appends one child at "
                             "a time, so its time grows faster than the file)")
    parser.add_argument("--authority", metavar="DIR",
                        help="Instead: load this folder (e.g. carepath synth --size kent) with each --jobs")
    parser.add_argument("--jobs", default="1,2", help="With --authority: the --jobs values to compare")
    parser.add_argument("--workdir", help="Keep the generated files here (default: a temporary folder)")
    args = parser.parse_args()
    work = Path(args.workdir or tempfile.mkdtemp(prefix="carepath-bench-"))
    if args.authority:
        for jobs in [int(j) for j in args.jobs.split(",")]:
            m = load_authority(Path(args.authority), work / f"authority_{jobs}.duckdb", jobs)
            print(f"load --jobs {m['jobs']}: wall {m['wall']:6.1f} s   CPU {m['cpu']:6.1f} s   peak RSS largest process "
                  f"{m['largest_rss'] / 2**30:.2f} GiB, all processes {m['tree_rss'] / 2**30:.2f} GiB   "
                  f"(load average {m['load_average']:.1f}; exit {m['exit']})\n    {m['summary']}", flush=True)
            if m["exit"]:
                print("    " + m["stderr"])
        return
    print(f"Generating a synthetic authority in {work} ...", flush=True)
    generate(make_authorities(1, seed=3, first_year=2023, last_year=2024, size="medium"), work / "synth")
    cin_source = sorted((work / "synth" / "501" / "cin").glob("*.xml"))[-1]
    ssda_source = sorted((work / "synth" / "501" / "ssda903").iterdir())[-1]
    for size in [int(s) for s in args.cin.split(",") if s]:
        target = work / f"cin_{size}.xml"
        scale_cin(cin_source, target, size)
        staged, rows = stage(cin_census, [target])
        loaded = load([target], work / f"cin_{size}.duckdb")
        theirs = None if args.no_validators or size > args.validator_max else validator_read("cin", [target])
        report(f"CIN census, {size:,} children ({target.stat().st_size / 1e6:.0f} MB)", rows, staged, loaded, theirs)
    folder = work / f"ssda903_{args.ssda903}"
    scale_903(ssda_source, folder, args.ssda903)
    tables = sorted(folder.glob("*.csv"))
    staged, rows = stage(ssda903_csv, tables)
    loaded = load(tables, work / "ssda903.duckdb")
    theirs = None if args.no_validators else validator_read("903", tables)
    report(f"SSDA903 CSV, {args.ssda903:,} children", rows, staged, loaded, theirs)
    bare, ours = pandas_read(tables), staged_cpu(ssda903_csv, tables)
    print(f"{'':<34} CPU: bare pandas read {bare:.2f} s, carepath staging {ours:.2f} s ({ours / bare:.1f}x)")


if __name__ == "__main__":
    main()
