"""Benchmarks and funnel plots for the pages, over DfE's published tables (read once, then cached).

* Comparisons (England, region, statistical neighbours' median and mean, LAIT quartile band)
  come from :mod:`carepath.analysis.benchmark`. A synthetic authority (codes 501 and up, not in
  DfE's lists) is placed among the real ones by its own computed value; it borrows the region
  and neighbours of the real authority given as ``--like`` (none when not given).
* Funnel plots across authorities are for proportions and rates per 10,000: every authority's
  published numerator and denominator for the year (the ``numerator`` and ``denominator`` of the
  indicator's ``published:`` metadata; a rate's denominator is its population), with the authority
  on the page put in by its own computed figure (replacing its published one). Where DfE publishes
  nothing matching, the funnel is of the authorities in this store instead (a region's store, or
  many synthetic authorities).

Reading the published tables takes seconds, so it happens once per process, in the background
from start-up; the DuckDB connection holding them is used under a lock.
"""
from __future__ import annotations

import threading
from pathlib import Path

from carepath.analysis.benchmark import Comparison, Published, compare
from carepath.analysis.funnel import Funnel, Point, funnel
from carepath.reference.authorities import neighbours as reference_neighbours

FIRST_SYNTHETIC = 501


def is_synthetic(la: str) -> bool:
    return la.isdigit() and int(la) >= FIRST_SYNTHETIC


def year_end(period_label: str) -> int:
    """DfE's time_period of a financial year: 2024-25 -> 2025."""
    return int(period_label[:4]) + 1


class CachedPublished(Published):
    """Published, safe to share between request threads, with its answers remembered."""

    def __init__(self, reference: Path | None):
        super().__init__(reference)
        self._lock = threading.RLock()
        self._memo: dict = {}

    def _remember(self, key, compute):
        with self._lock:
            if key not in self._memo:
                self._memo[key] = compute()
            return self._memo[key]

    def values(self, indicator_id: str, time_period: int) -> dict[str, float]:
        return self._remember(("values", indicator_id, time_period),
                              lambda: Published.values(self, indicator_id, time_period))

    def years(self, indicator_id: str) -> list[int]:
        return self._remember(("years", indicator_id), lambda: Published.years(self, indicator_id))

    def region_of(self, la: str):
        return self._remember(("region", la), lambda: Published.region_of(self, la))

    def suppressed(self, indicator_id: str, time_period: int) -> dict[str, str]:
        return self._remember(("suppressed", indicator_id, time_period),
                              lambda: Published.suppressed(self, indicator_id, time_period))

    def pairs(self, indicator_id: str, time_period: int) -> list[tuple[str, str, float, float]]:
        return self._remember(("pairs", indicator_id, time_period),
                              lambda: Published.pairs(self, indicator_id, time_period))


class Benchmarks:
    def __init__(self, reference: Path | None, like: str | None = None):
        self.reference = reference
        self.like = like
        self._published: CachedPublished | None = None
        self._lock = threading.Lock()

    def warm(self) -> None:
        """Read the published tables now, in a background thread."""
        if self.reference is not None:
            threading.Thread(target=self.published, daemon=True).start()

    def published(self) -> CachedPublished | None:
        if self.reference is None:
            return None
        with self._lock:
            if self._published is None:
                self._published = CachedPublished(self.reference)
        return self._published if self._published.available else None

    def name(self, la: str) -> str:
        source = self.published()
        if source is not None and la in source.authorities:
            return source.authorities[la].name
        return f"Synthetic authority {la}" if is_synthetic(la) else f"LA {la}"

    def neighbours(self, la: str) -> list[str]:
        """The authority's statistical neighbours, closest first (none without reference data)."""
        source = self.published()
        if source is not None:
            return source.neighbours.get(la, [])
        return reference_neighbours(self.reference).get(la, []) if self.reference else []

    def years(self, indicator_id: str) -> list[int]:
        source = self.published()
        return source.years(indicator_id) if source else []

    def comparison(self, indicator, la: str, period_label: str, value: float | None) -> Comparison | None:
        """The authority's figure for a financial year beside the published ones; None when DfE publishes none."""
        source = self.published()
        if source is None or year_end(period_label) not in source.years(indicator.id):
            return None
        like = self.like if is_synthetic(la) else None
        own = value if isinstance(value, (int, float)) else None
        return compare(source, indicator.id, indicator.polarity, la, year_end(period_label), value=own, like=like)

    def funnel(self, indicator, la: str, period_label: str, own: tuple[float, float] | None,
               store_points: list[Point]) -> tuple[Funnel | None, str]:
        """The funnel for a year: (funnel, what its points are). ``own`` is the authority's (numerator, denominator)."""
        source = self.published()
        published = source.pairs(indicator.id, year_end(period_label)) if source else []
        if len(published) >= 3:
            points = [Point(code, name, n, d) for code, name, n, d in published if code != la]
            if own and own[1]:
                points.append(Point(la, self.name(la), own[0], own[1]))
            described = (f"the {len(published)} authorities DfE published for {period_label}"
                         + (f", with {self.name(la)} placed by its own computed figure" if own and own[1] else ""))
        else:
            points = [p for p in store_points if p.denominator]
            described = f"the {len(points)} authorities in this store, as computed"
        if len(points) < 3:
            return None, described
        return funnel(points, kind="rate" if indicator.unit == "rate" else "proportion"), described
