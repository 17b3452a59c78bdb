"""Reading and checking one file without the store: what a reader process does (``load --jobs``)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from carepath.model.tables import BY_NAME
from carepath.sources.batch import Batch, SourceError
from carepath.sources.loader.paths import la_clue, sha256
from carepath.sources.staged import conform


@dataclass
class Staged:
    """One file read and checked, ready to write: what :func:`stage` hands to :func:`write_staged`.

    It holds no connection, so a reader process can make it (``carepath load --jobs``): the rows
    travel as Arrow tables (one per table, with each row's return year), which pickle cheaply.
    """
    path: Path
    digest: str | None = None
    format: str = "unknown"
    batch: Batch | None = None
    tables: dict[str, tuple[pa.Table, list[str | None]]] = field(default_factory=dict)
    failed: str | None = None  # why the file cannot be loaded (nothing is written)
    known: bool = False  # its contents were already in the store when the load began: not read
    options: tuple = (None, None, None)  # la_code, return_year, as_at it was staged with
    spilled: dict[str, Path] = field(default_factory=dict)  # tables a reader process left in files (parallel.py)


def stage(path: str | Path, la_code: str | None = None, return_year: str | None = None, as_at=None,
          known_digests: frozenset[str] = frozenset()) -> Staged:
    """Read and check one file without touching the store (a reader process can call it).

    A file whose SHA-256 is in ``known_digests`` (already loaded) is not read.
    """
    path = Path(path)
    staged = Staged(path, options=(la_code, return_year, as_at))
    try:
        if not path.exists():
            raise SourceError(f"{path} does not exist.")
        if path.stat().st_size == 0:
            raise SourceError(f"{path.name} is empty (0 bytes): there is nothing to load.")
        staged.digest = sha256(path)
        if staged.digest in known_digests:
            staged.known = True
            return staged
        from carepath.sources.loader import detect  # the package asks the readers
        reader = detect(path)
        hint, stray = la_clue(path.resolve())
        batch = Batch(path.name, la_code=la_code, return_year=return_year, la_hint=hint, la_stray=stray,
                      as_at=as_at)
        reader.read(path, batch)
        batch.finish()
    except SourceError as exc:
        staged.failed = str(exc)
        return staged
    staged.format, staged.batch = reader.FORMAT, batch
    problems = batch.unbalanced()
    if problems:  # a reader bug, never the user's: refuse rather than lose rows
        staged.failed = "internal error, rows unaccounted for: " + "; ".join(problems)
        return staged
    staged.tables = arrow_tables(batch)
    # the Arrow tables hold the rows now (less memory, and cheap to send between processes); the
    # duplicate check's index of every row and the date checks are done with
    batch.rows.clear()
    batch._refs.clear()
    batch.dating = None
    return staged


def arrow_tables(batch: Batch) -> dict[str, tuple[pa.Table, list[str | None]]]:
    """A batch's staged rows as Arrow tables of their table's columns (``batch_id`` empty), with
    each row's return year (its own, else the file's single year); the implied children last."""
    default_year = single_year(batch.return_year)
    tables = {}
    for table_name, rows in batch.rows.items():
        if rows:
            tables[table_name] = rows.arrow(BY_NAME[table_name], default_year)
    described = set(batch.rows["child"].values("child_id")) if "child" in batch.rows else set()
    implied = [(cid, local) for cid, local in batch.implied_children.items() if cid not in described]
    if implied:
        rows = pa.table({"child_id": [cid for cid, _ in implied],
                         "la_code": [cid.partition("/")[0] or batch.la_code for cid, _ in implied],
                         "local_child_id": [local for _, local in implied]})
        tables[IMPLIED] = (conform(BY_NAME["child"], rows), [default_year] * len(implied))
    return tables


IMPLIED = "implied child"  # the key of the implied children's table in :func:`arrow_tables`


def single_year(text: str | None) -> str | None:
    """A batch's return year when it is one year (``2024-25``); None for none or several."""
    return text if text and re.fullmatch(r"\d{4}-\d{2}", text) else None
