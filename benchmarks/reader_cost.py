"""Where a reader process's CPU goes over one authority's returns: stage (and spill) every file, as
``carepath load --jobs`` does in a reader process, and report CPU seconds, rows, page faults by format.

    PYTHONPATH=src python benchmarks/reader_cost.py /tmp/eng/returns/641 [--no-spill]
"""
from __future__ import annotations

import resource
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path


def main(argv: list[str]) -> None:
    """Measured in a reader process of its own, started as ``load --jobs`` starts them."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        print(pool.submit(measure, Path(argv[0]), "--no-spill" not in argv).result())


def measure(folder: Path, spill: bool) -> str:
    started = time.process_time()
    from carepath.sources.loader import expand, readers, stage
    from carepath.sources.loader.spilling import stage_spilled
    readers()
    imports = time.process_time() - started
    cpu, rows, files, faults = defaultdict(float), defaultdict(int), defaultdict(int), defaultdict(int)
    with tempfile.TemporaryDirectory() as spilled:
        for path in expand([folder]):
            before, ru = time.process_time(), resource.getrusage(resource.RUSAGE_SELF)
            staged = stage_spilled(path, spilled) if spill else stage(path)
            kind = staged.format + ("/" + path.stem if staged.format.startswith("local") else "")
            cpu[kind] += time.process_time() - before
            faults[kind] += resource.getrusage(resource.RUSAGE_SELF).ru_minflt - ru.ru_minflt
            rows[kind] += staged.batch.rows_read if staged.batch else 0
            files[kind] += 1
            for target in staged.spilled.values():
                target.unlink()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    lines = [f"imports {imports:.2f} s",
             f"{'kind':40} {'files':>5} {'rows':>9} {'cpu s':>7} {'us/row':>7} {'ms/file':>7} {'minflt':>8}"]
    for kind in sorted(cpu, key=cpu.get, reverse=True):
        lines.append(f"{kind:40} {files[kind]:5} {rows[kind]:9} {cpu[kind]:7.2f} "
              f"{1e6 * cpu[kind] / max(rows[kind], 1):7.2f} {1e3 * cpu[kind] / files[kind]:7.1f} {faults[kind]:8}")
    lines.append(f"total cpu {sum(cpu.values()):.2f} s, user {usage.ru_utime:.2f} s, system {usage.ru_stime:.2f} s, "
          f"minor faults {usage.ru_minflt}, max rss {usage.ru_maxrss // 1024} MB")
    return "\n".join(lines)


if __name__ == "__main__":
    main(sys.argv[1:])
