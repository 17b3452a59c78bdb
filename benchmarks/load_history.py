"""Time loading a synthetic authority's several years of returns: in year order, newest first, and as one file.

    python benchmarks/load_history.py                  # medium authority (60,000 children), four years
    python benchmarks/load_history.py --size small

A synthetic authority is generated (``carepath synth``); its CIN censuses and SSDA903 tables of
four years are loaded into fresh DuckDB stores three ways: one file per return and year, oldest
first (how it has always been done); the same files newest first (each later load merges into
records a later year already gave: the slow path of model/versions.py); and each 903 table as
one multi-year file with its YEAR column. For each it prints the rows, wall-clock and CPU seconds
(CPU is the steadier figure on a shared machine), and checks that the three stores are the same.
"""
from __future__ import annotations

import argparse
import csv
import resource
import tempfile
import time
from pathlib import Path

from carepath.model import store as store_mod
from carepath.model import versions
from carepath.sources.loader import load_file
from carepath.synth.generate import generate_authority
from carepath.synth.params import make_authorities


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def load(paths: list[Path], store: Path) -> tuple[int, float, float, dict]:
    con = store_mod.connect(store)
    wall, used = time.perf_counter(), cpu()
    for path in paths:
        result = load_file(con, path)
        assert result.status in ("loaded", "already loaded"), (path, result.message)
    wall, used = time.perf_counter() - wall, cpu() - used
    rows = con.execute("SELECT coalesce(sum(rows_loaded), 0) FROM load_batch").fetchone()[0]
    tables = {t.name: con.execute(f"SELECT * EXCLUDE (batch_id) FROM {t.name} ORDER BY ALL").fetchall()
              for t in versions.versioned()}
    con.close()
    return rows, wall, used, tables


def one_file_per_table(folders: list[Path], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    merged: dict[str, tuple[list[str], list[list[str]]]] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.csv")):
            with open(path, newline="") as handle:
                header, *rows = list(csv.reader(handle))
            merged.setdefault(path.name, (header, []))[1].extend(rows)
    paths = []
    for name, (header, rows) in merged.items():
        target = out / name
        with open(target, "w", newline="") as handle:
            csv.writer(handle).writerows([header, *rows])
        paths.append(target)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="medium", help="synthetic authority size (tiny, small, medium, large)")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        params = make_authorities(1, seed=args.seed, size=args.size)[0]
        generate_authority(params, work / "returns")
        root = work / "returns" / params.la_code
        years = sorted(p for p in (root / "ssda903").iterdir() if p.is_dir())
        cin = sorted((root / "cin").glob("*.xml"))
        yearly = cin + [p for folder in years for p in sorted(folder.glob("*.csv"))]
        ways = {
            "one file per year, oldest first": yearly,
            "one file per year, newest first": cin[::-1] + [p for f in years[::-1] for p in sorted(f.glob("*.csv"))],
            "903 tables as multi-year files": cin + one_file_per_table(years, work / "multi"),
        }
        stores = []
        for number, (label, paths) in enumerate(ways.items()):
            rows, wall, used, tables = load(paths, work / f"{number}.duckdb")
            stores.append(tables)
            print(f"{label:<34} {len(paths):>3} files  rows {rows:>9,}  wall {wall:6.1f} s  cpu {used:6.1f} s")
        print("stores identical:", all(s == stores[0] for s in stores))


if __name__ == "__main__":
    main()
