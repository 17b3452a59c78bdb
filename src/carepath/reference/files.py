"""Finding a reference file under the reference folder by the columns its header holds."""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path


def _header(path: Path) -> tuple[str, ...]:
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            return tuple(h.strip().lower() for h in next(csv.reader(handle), []))
    except (OSError, UnicodeDecodeError, csv.Error):
        return ()


@lru_cache(maxsize=16)
def _headers(folder: Path) -> tuple[tuple[Path, tuple[str, ...]], ...]:
    return tuple((path, _header(path)) for path in sorted(folder.rglob("*.csv")))


def csv_files(folder: Path) -> list[Path]:
    """Every CSV under ``folder`` (listed once per process, like the headers ``find`` reads)."""
    return [path for path, _ in _headers(Path(folder).resolve())]


def find(folder: Path | None, *columns: str, contains: str | None = None) -> Path | None:
    """The first CSV under ``folder`` whose header has every one of ``columns``.

    ``contains`` narrows the choice further: the file's text must include that string (used to
    tell apart DfE tables that share their columns, by a value of their ``category`` column).
    """
    if folder is None or not Path(folder).is_dir():
        return None
    wanted = {c.lower() for c in columns}
    for path, header in _headers(Path(folder).resolve()):
        if wanted <= set(header):
            if contains is None or contains in path.read_text(encoding="utf-8-sig", errors="ignore"):
                return path
    return None
