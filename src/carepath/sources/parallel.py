"""Loading many files using every core: reader processes stage files, this process writes them in order.

``carepath load --jobs N`` reads and checks up to N files at once, each in a reader process
(:func:`carepath.sources.loader.stage`: parse, check every row, build the Arrow tables). The
store is written only here, in the main process, one transaction per file, **in the order the
files were named** (folders sorted), whatever order the readers finish in. Batch ids and the
versions' ``version_order`` are therefore given out exactly as a serial load gives them, so a
parallel load makes the same store as ``--jobs 1`` (tests/sources/test_parallel_load.py compares
them table by table).

At most ``jobs + 1`` staged files are in memory at once (the one being written, and ``jobs``
staged or being staged: readers that run ahead wait), so a
whole region's returns load in bounded memory. Files whose contents the store already holds
(their SHA-256 is in ``load_batch`` when the load begins) are not read again; a file repeated
within one load is read twice and written once ("already loaded"), as serially.
"""
from __future__ import annotations

import multiprocessing
import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Iterable, Iterator

import duckdb

from carepath.sources.loader import LoadResult, loaded_digests, stage, write_staged


def default_jobs() -> int:
    """The cores this process may use (its CPU affinity, else the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def load_files(con: duckdb.DuckDBPyConnection, paths: Iterable[Path], jobs: int | None = None,
               la_code: str | None = None, return_year: str | None = None, as_at=None, replace: bool = False,
               replace_before: int | None = None) -> Iterator[LoadResult]:
    """Load files in order, staging up to ``jobs`` of them at once in reader processes; yield each result
    as its file is written (so the caller can print progress)."""
    paths = list(paths)
    jobs = max(1, min(jobs or default_jobs(), len(paths) or 1))
    known = frozenset() if replace else loaded_digests(con)
    options = (la_code, return_year, as_at, known)
    if jobs == 1:
        for path in paths:
            yield write_staged(con, stage(path, *options), la_code, replace, replace_before)
        return
    # spawn, not fork: the parent holds a DuckDB connection and its threads, which a fork would copy half-made
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
        waiting: deque = deque()
        queue = iter(paths)
        for path in queue:
            waiting.append(pool.submit(stage, path, *options))
            if len(waiting) >= jobs:
                break
        while waiting:
            staged = waiting.popleft().result()
            nxt = next(queue, None)
            if nxt is not None:
                waiting.append(pool.submit(stage, nxt, *options))
            yield write_staged(con, staged, la_code, replace, replace_before)
            del staged
