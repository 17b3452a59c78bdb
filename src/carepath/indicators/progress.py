"""How far an engine run has got, as a share of the whole, for a progress bar.

A run is a sequence of groups of authorities (:mod:`carepath.indicators.chunks`), each an equal
share of the run, and each group three steps: preparing (shared tables, allocations), computing
the indicators (one statement, three quarters of the time) and storing the figures. DuckDB cannot
say how far that one statement has got (its progress stays at 0 until its last seconds, measured
on a national store), so the bar moves between steps, not within them.

A progress callback is called with ``(what is being done, done, total)``, ``done`` out of
``total`` = 100.
"""
from __future__ import annotations

from typing import Callable

Progress = Callable[[str, float, float], None]

# where each step of a group starts, as a share of the group (computing is about three quarters of it)
STEPS = {"preparing": 0.0, "computing the qualifying records on Spark": 0.1, "computing the indicators": 0.15,
         "attributing and rolling up on Spark": 0.75, "storing the figures": 0.9}


class Tracker:
    """Reports the steps of ``groups`` groups of authorities to ``progress`` (which may be None)."""

    def __init__(self, progress: Progress | None, groups: int):
        self.progress = progress
        self.groups = max(groups, 1)
        self.group = 1

    def step(self, step: str) -> None:
        if self.progress is None:
            return
        done = round((self.group - 1 + STEPS[step]) / self.groups * 100, 1)
        where = "" if self.groups == 1 else f" (authorities, group {self.group} of {self.groups})"
        self.progress(step + where, done, 100)

    def finished(self) -> None:
        if self.progress is not None:
            self.progress("done", 100, 100)


def following(bar) -> Progress:
    """A callback that moves a ``click.progressbar(length=100)`` to where the run has got."""
    def moved(what: str, done: float, total: float) -> None:
        position = round(done * bar.length / total) if total else bar.length
        bar.update(max(0, position - bar.pos), what)
    return moved
