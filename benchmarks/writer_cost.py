"""What the writer of a load costs: one authority's files staged once, then only their writes timed.

The writer is one process, so its time is the floor under any load's wall time (issue 19). Every
file of FOLDER is staged in this process (untimed) and then written, one transaction a file as
``carepath load`` writes it (the same connection settings), into STORE; the CPU and wall time of
the writes are printed by format, with the slowest commits (checkpoints) and the CPU of each kind
of statement.

    PYTHONPATH=src python benchmarks/writer_cost.py STORE FOLDER [--as-la CODE] [--checkpoint-every SIZE]

``--checkpoint-every SIZE`` (``1GB``) checkpoints after SIZE of write-ahead log instead of
``carepath.sources.parallel.CHECKPOINT_EVERY``. Whatever the log still holds when the writes end is
checkpointed then, timed apart.

``--as-la CODE`` writes the authority as if it were another (every id and la_code starting with
FOLDER's LA is renamed to CODE), so that its files can be written into a copy of a store that
already holds that authority, e.g. the national store: ``cp england.duckdb big.duckdb`` and
``writer_cost.py big.duckdb returns/641 --as-la 4A1`` (a code that sorts apart from the others).
"""
from __future__ import annotations

import re
import sys
import time
from collections import defaultdict
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from carepath.model import store as store_mod
from carepath.sources import parallel
from carepath.sources.loader import UnknownFormat, detect, expand, stage, write_staged


class _TimedStatements:
    """The connection, with each COMMIT's wall time kept and the CPU of every kind of statement summed
    (a statement's kind: its first 60 characters, table names left out)."""

    def __init__(self, con):
        self._con, self.commits = con, []
        self.kinds: dict[str, list] = defaultdict(lambda: [0, 0.0])  # statements, CPU seconds

    def execute(self, sql, *args):
        started, used = time.perf_counter(), time.process_time()
        result = self._con.execute(sql, *args)
        if sql == "COMMIT":
            self.commits.append(time.perf_counter() - started)
        kind = self.kinds[re.sub(r"\b(INTO|FROM|TABLE|EXISTS) \w+", r"\1 _", " ".join(sql.split()))[:60]]
        kind[0] += 1
        kind[1] += time.process_time() - used
        return result

    def __getattr__(self, name):
        return getattr(self._con, name)


def _renamed(rows: pa.Table, la: str, new: str) -> pa.Table:
    for at, field in enumerate(rows.schema):
        if pa.types.is_string(field.type):
            rows = rows.set_column(at, field, pc.replace_substring_regex(rows.column(at), f"^{la}(/|$)", f"{new}\\1"))
    return rows


def _recognised(path: Path) -> bool:
    """A return or extract (``carepath load`` skips the other files of a folder)."""
    try:
        detect(path)
    except UnknownFormat:
        return False
    return True


def main(argv: list[str]) -> None:
    if len(argv) < 2 or argv[0] in ("-h", "--help"):
        print(__doc__)
        return
    store, folder = Path(argv[0]), Path(argv[1])
    new_la = argv[argv.index("--as-la") + 1] if "--as-la" in argv else None
    if "--checkpoint-every" in argv:
        parallel.CHECKPOINT_EVERY = argv[argv.index("--checkpoint-every") + 1]
    staged = [stage(path) for path in expand([folder]) if _recognised(path)]
    failed = [s.path.name for s in staged if s.failed]
    if failed:
        sys.exit(f"these files could not be staged: {', '.join(failed)}")
    con = _TimedStatements(store_mod.connect(store))
    by_format: dict[str, list] = defaultdict(lambda: [0, 0, 0.0, 0.0])  # files, rows, wall, CPU
    wall, cpu = time.perf_counter(), time.process_time()
    with parallel.lean_writer(con._con):
        for file in staged:
            if new_la:
                la = file.batch.la_code
                file.tables = {name: (_renamed(rows, la, new_la), years) for name, (rows, years) in file.tables.items()}
                file.batch.la_code, file.digest = new_la, file.digest[:-len(new_la)] + new_la
            started, used = time.perf_counter(), time.process_time()
            result = write_staged(con, file)
            if result.status != "loaded":
                sys.exit(f"{file.path.name}: {result.status} {result.message}")
            entry = by_format[file.format]
            entry[0] += 1
            entry[1] += result.rows_loaded
            entry[2] += time.perf_counter() - started
            entry[3] += time.process_time() - used
    for name, (files, rows, seconds, used) in sorted(by_format.items()):
        print(f"{name}: {files} files, {rows:,} rows; writes {seconds:.2f} s wall, {used:.2f} s CPU "
              f"({1000 * seconds / files:.1f} ms a file)")
    slow = sorted(con.commits, reverse=True)[:3]
    print(f"all: {time.perf_counter() - wall:.2f} s wall, {time.process_time() - cpu:.2f} s CPU; "
          f"{len(con.commits)} commits, {sum(con.commits):.2f} s; slowest " + ", ".join(f"{s:.2f} s" for s in slow))
    started = time.perf_counter()
    con._con.execute("CHECKPOINT")
    print(f"final checkpoint (what the log still held): {time.perf_counter() - started:.2f} s wall")
    print("CPU by kind of statement (the most costly):")
    for kind, (count, used) in sorted(con.kinds.items(), key=lambda item: -item[1][1])[:8]:
        print(f"  {used:6.2f} s  {count:5d} x  {kind}")


if __name__ == "__main__":
    main(sys.argv[1:])
