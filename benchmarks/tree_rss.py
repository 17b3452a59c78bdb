"""Run a command and report the peak resident memory of its whole process tree (issue 19's measure).

    python benchmarks/tree_rss.py nice -n 10 /usr/bin/time -v python -m carepath --store X.duckdb load DIR --jobs 2

Every 0.05 s the RSS (``VmRSS`` in /proc) of the command and all its descendants (a load's writer
and its reader processes) is summed; the largest sum and the largest single process are printed
on stderr when the command ends. RSS counts shared libraries (Arrow, NumPy, DuckDB: about 100 MB)
once in each process; the proportional set size (``Pss`` in /proc/PID/smaps_rollup) shares each
shared page among the processes that map it, so its sum is the memory the tree takes from the
machine. Both are printed, and the CPU (user + system) of each process of the tree that used
more than a second (a load's writer apart from its readers), as last seen. Linux only.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time

TICKS = os.sysconf("SC_CLK_TCK")  # /proc's CPU times are in these a second


def _processes() -> dict[int, tuple[int, str, float]]:
    """Every process's parent, name and CPU seconds so far (user + system), from /proc/PID/stat."""
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    head, tail = stat.read().rsplit(")", 1)
                fields = tail.split()
                found[int(entry)] = (int(fields[1]), head.split("(", 1)[1],
                                     (int(fields[11]) + int(fields[12])) / TICKS)
            except (OSError, IndexError, ValueError):
                continue
    return found


def _field(path: str, name: str) -> int:
    """A size in bytes from a /proc file of ``name:  N kB`` lines (0 if the process has gone)."""
    try:
        with open(path) as lines:
            for line in lines:
                if line.startswith(name):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def main(command: list[str]) -> int:
    process = subprocess.Popen(command)
    total = largest = proportional = 0
    cpu: dict[int, tuple[str, float]] = {}  # name and CPU seconds of each process of the tree, as last seen
    while process.poll() is None:
        processes = _processes()
        children: dict[int, list[int]] = {}
        for pid, (parent, _, _) in processes.items():
            children.setdefault(parent, []).append(pid)
        tree, todo = [], [process.pid]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo.extend(children.get(pid, []))
        sizes = [_field(f"/proc/{pid}/status", "VmRSS:") for pid in tree]
        total, largest = max(total, sum(sizes)), max(largest, max(sizes))
        proportional = max(proportional, sum(_field(f"/proc/{pid}/smaps_rollup", "Pss:") for pid in tree))
        cpu.update((pid, processes[pid][1:]) for pid in tree if pid in processes)
        time.sleep(0.05)
    print(f"peak RSS, all processes: {total / 2**30:.2f} GiB; largest process: {largest / 2**30:.2f} GiB; "
          f"peak proportional set size, all processes: {proportional / 2**30:.2f} GiB", file=sys.stderr)
    busy = sorted(((seconds, pid, name) for pid, (name, seconds) in cpu.items() if seconds >= 1), reverse=True)
    print("CPU by process: " + "; ".join(f"{name} {pid} {seconds:.1f} s" for seconds, pid, name in busy),
          file=sys.stderr)
    return process.returncode


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1:]))
