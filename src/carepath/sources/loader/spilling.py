"""What a reader process of ``carepath load --jobs`` runs: stage one file and leave its tables on disk.

Kept apart from :mod:`carepath.sources.parallel` (the writer's side) so that a reader process
imports only the readers, Arrow and this: not DuckDB (the loader package imports its writing
half only when asked for it).
"""
from __future__ import annotations

import ctypes
import gc
import multiprocessing
import sys
import uuid
from pathlib import Path

import pyarrow as pa

from carepath.sources.loader.staging import Staged, stage

YEARS = "_return_year"  # the column a spilled table keeps its rows' return years in
# a file of this size or more is followed by handing memory back to the system (:func:`_let_go`); after a
# smaller one (most SSDA903 tables) it is kept for the next file: the collection and the trim took
# about 1 ms a file, and a small file leaves little behind
LET_GO_AFTER = 1 << 20


def stage_spilled(path: Path, folder: str, *options) -> Staged:
    """:func:`stage` in a reader process, its tables left in ``folder`` as Arrow IPC files (``Staged.spilled``)."""
    _prepare()
    try:
        size = Path(path).stat().st_size
    except OSError:
        size = 0  # stage says what is wrong with it
    staged = stage(path, *options)
    for name, (rows, years) in staged.tables.items():
        target = Path(folder) / f"{uuid.uuid4().hex}.arrow"
        table = rows.append_column(YEARS, pa.array(years, pa.string()))
        with pa.OSFile(str(target), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
        staged.spilled[name] = target
    staged.tables = {}
    if size >= LET_GO_AFTER:
        _let_go()
    return staged


_PREPARED = []


class _NoPandas:
    """An import finder that says pandas is not there (see :func:`_prepare`)."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name.partition(".")[0] == "pandas":
            raise ModuleNotFoundError("pandas is not used in a reader process of carepath load", name=name)
        return None


def _prepare() -> None:
    """Once in a reader process: the C library's allocator for Arrow, every reader imported, and what
    is alive then (modules, functions: some 100,000 objects) frozen out of the garbage collector's
    sight, so the collection after each file looks only at what that file made (it took 9 ms a file).

    And pandas kept out: Arrow imports it, when it is installed, the first time it makes an array of
    Python values, only to ask whether they are pandas objects; no reader uses pandas, and it cost each
    reader process 51 MB and 0.2 s. Only in a reader process (one that ``load --jobs`` started), never
    in a process that may want pandas for something else."""
    if _PREPARED:
        return
    if multiprocessing.parent_process() is not None and "pandas" not in sys.modules:
        sys.meta_path.insert(0, _NoPandas)  # `import pandas` fails at once: Arrow takes it that it is not installed
    # the C library's allocator, not mimalloc (Arrow's default), which holds on to what a file's
    # parse freed: a reader staging the visits extract peaked 50 MB lower, in no more CPU
    pa.set_memory_pool(pa.system_memory_pool())
    from carepath.sources.loader import readers
    readers()
    gc.collect()
    gc.freeze()
    _PREPARED.append(True)


def _let_go() -> None:
    """Give the memory a staged file took back to the system, so an idle reader process holds little."""
    gc.collect()
    pa.default_memory_pool().release_unused()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)  # glibc keeps freed memory in its heap otherwise
    except (OSError, AttributeError):
        pass
