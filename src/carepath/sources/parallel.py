"""Loading many files using every core: reader processes stage files, this process writes them in order.

``carepath load --jobs N`` reads and checks up to N files at once, each in a reader process
(:func:`carepath.sources.loader.stage`: parse, check every row, build the Arrow tables). The
store is written only here, in the main process, one transaction per file, **in the order the
files were named** (folders sorted), whatever order the readers finish in. Batch ids and the
versions' ``version_order`` are therefore given out exactly as a serial load gives them, so a
parallel load makes the same store as ``--jobs 1`` (tests/sources/test_parallel_load.py compares
them table by table).

A reader process runs :func:`carepath.sources.loader.spilling.stage_spilled`, which imports
the readers and Arrow but not DuckDB. It does not send its staged file back through a pipe (pickled, the tables would be
held twice on each side): it writes the file's tables to a temporary folder as Arrow IPC files and
sends their names, and the writer maps them from disk while it writes that file, then deletes
them. At most ``jobs`` files are staged ahead of the one being written (readers that run ahead
wait), so a whole region's returns load in bounded memory and disk.

The writer's connection is held to ``WRITER_MEMORY`` of DuckDB memory during a load (DuckDB keeps
the pages it wrote in its buffer pool up to its limit, 80% of the machine by default) and checkpoints
its write-ahead log every ``CHECKPOINT_EVERY`` rather than every 16 MB (most of each commit's time
was that checkpoint). It runs on ``WRITER_THREADS`` DuckDB thread: a file's statements are small,
and a second thread cost a third more CPU (and time) in coordinating it, on a core the readers
want. The settings are put back afterwards. A file whose write runs out of memory
under that limit is rolled back (nothing of it was written) and written again with DuckDB's own limit. Files whose contents the store already holds
(their SHA-256 is in ``load_batch`` when the load begins) are not read again; a file repeated
within one load is read twice and written once ("already loaded"), as serially.
"""
from __future__ import annotations

import multiprocessing
import os
import tempfile
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

import duckdb
import pyarrow as pa

from carepath.sources.loader import LoadResult, Staged, loaded_digests, stage, write_staged
from carepath.sources.loader.spilling import YEARS as _YEARS
from carepath.sources.loader.spilling import stage_spilled

WRITER_MEMORY = "256MB"  # DuckDB memory of the writer's connection during a load
CHECKPOINT_EVERY = "128MB"  # of write-ahead log between checkpoints during a load
WRITER_THREADS = 1  # DuckDB threads of the writer's connection during a load


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
    with lean_writer(con) as usual:
        if jobs == 1:
            for path in paths:
                yield write(con, stage(path, *options), usual, la_code, replace, replace_before)
            return
        # spawn, not fork: the parent holds a DuckDB connection and its threads, which a fork would copy half-made
        with tempfile.TemporaryDirectory(prefix="carepath-load-") as folder, \
                ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
            waiting: deque = deque()
            queue = iter(paths)
            for path in queue:
                waiting.append(pool.submit(stage_spilled, path, folder, *options))
                if len(waiting) >= jobs:
                    break
            while waiting:
                staged = waiting.popleft().result()
                nxt = next(queue, None)
                if nxt is not None:
                    waiting.append(pool.submit(stage_spilled, nxt, folder, *options))
                try:
                    yield write(con, unspill(staged), usual, la_code, replace, replace_before)
                finally:
                    staged.tables = {}
                    for spilled in staged.spilled.values():
                        spilled.unlink(missing_ok=True)
                del staged


@contextmanager
def lean_writer(con: duckdb.DuckDBPyConnection):
    """The connection held to WRITER_MEMORY and checkpointing every CHECKPOINT_EVERY; yields its usual memory limit."""
    settings = ("memory_limit", "checkpoint_threshold", "threads")
    before = {name: con.execute(f"SELECT current_setting('{name}')").fetchall()[0][0] for name in settings}
    _limit(con, WRITER_MEMORY)
    con.execute(f"SET checkpoint_threshold = '{CHECKPOINT_EVERY}'")
    con.execute(f"SET threads = {WRITER_THREADS}")
    try:
        yield before["memory_limit"]
    finally:
        for name, value in before.items():
            con.execute(f"SET {name} = '{value}'")


def write(con: duckdb.DuckDBPyConnection, staged: Staged, usual_memory: str, *args) -> LoadResult:
    """:func:`write_staged`; a write that runs out of memory (rolled back, so nothing of it is in the
    store) is tried again with the connection's usual memory limit."""
    try:
        return write_staged(con, staged, *args)
    except duckdb.OutOfMemoryException:
        con.execute(f"SET memory_limit = '{usual_memory}'")
        try:
            return write_staged(con, staged, *args)
        finally:
            _limit(con, WRITER_MEMORY)


def _limit(con: duckdb.DuckDBPyConnection, memory: str) -> None:
    """Lower the connection's memory limit, where DuckDB can free enough for it (else it stays as it is)."""
    try:
        con.execute(f"SET memory_limit = '{memory}'")
    except duckdb.OutOfMemoryException:
        pass


def unspill(staged: Staged) -> Staged:
    """The staged file with its spilled tables mapped back from disk (not read into memory)."""
    for name, target in staged.spilled.items():
        table = pa.ipc.open_file(pa.memory_map(str(target))).read_all()
        staged.tables[name] = (table.drop_columns([_YEARS]), table.column(_YEARS))
    return staged
