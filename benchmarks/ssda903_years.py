"""SSDA903 CSVs staged against a bare pandas read, one return year at a time (issue 19's 1.3x target).

    python benchmarks/ssda903_years.py RETURNS/501/ssda903

For each year folder (``2024-25/``: one CSV per 903 table), the CPU seconds of
``pandas.read_csv(dtype=str)`` of its files and of staging them (reading and checking every row,
as a reader process does), each the best of three after a warm-up
(``benchmarks/load_returns.py``'s ``pandas_read`` and ``staged_cpu``).
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from load_returns import pandas_read, staged_cpu  # noqa: E402

from carepath.sources import ssda903_csv  # noqa: E402


def best(measure, paths: list[Path]) -> float:
    measure(paths)
    return min(measure(paths) for _ in range(3))


def main(folder: Path) -> None:
    for year in sorted(p for p in folder.iterdir() if p.is_dir()):
        paths = sorted(year.glob("*.csv"))
        bare = best(pandas_read, paths)
        staged = best(lambda files: staged_cpu(ssda903_csv, files), paths)
        print(f"{year.name}: {len(paths)} files, pandas {bare:.3f} s, staged {staged:.3f} s, {staged / bare:.2f}x")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
