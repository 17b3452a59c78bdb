"""Disclosure control: the one module every aggregate shown or sent beyond the children's workers
passes through.

A published table is a set of **items** (cells and their totals) tied by **equations** (a total
equals the sum of its cells; a year equals the sum of its quarters). The adversary knows every
published item, every equation, and that counts are whole numbers of at least 0. Protection:

1. **Primary suppression.** A count from ``low`` to ``high`` (default 1 to 4: DfE publishes such
   counts as ``c``) is suppressed. Zero is not: it discloses nothing about a child.
2. **Complementary (secondary) suppression.** An equation with exactly one suppressed item gives
   it away by subtraction, so another item of that equation is suppressed too: the smallest
   non-zero cell (a total only if no cell will do). This repeats until no equation has exactly
   one suppressed item.
3. **Audit.** For each suppressed item, linear programming finds the least and greatest value it
   can take given everything published (the tables' totals form a transportation polytope with
   whole-number corners, so a range wider than zero means at least two whole-number values). Any
   item pinned to one value gets another complement, and the audit runs again.

Rates and percentages built on a suppressed count are suppressed with it (:func:`suppress_derived`).
Totals may be rounded (DfE rounds England and regional counts to the nearest 10): a rounded total
no longer pins anything exactly, and :func:`round_total` says how it is written. Suppressed cells
are written as DfE writes them: ``c``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Hashable, Iterable, Sequence

import numpy as np
from scipy.optimize import linprog

from carepath import rounding

SUPPRESSED = "c"
Key = Hashable


@dataclass(frozen=True)
class Rules:
    low: int = 1
    high: int = 4
    round_totals_to: int | None = None  # e.g. 10 for England and regional totals


@dataclass
class Table:
    """Items by key, and equations: each a list of (key, coefficient) summing to zero."""
    values: dict[Key, float | None]
    equations: list[list[tuple[Key, int]]] = field(default_factory=list)
    rounded: dict[Key, int] = field(default_factory=dict)  # published rounded to this step

    def round_totals(self, step: int) -> None:
        """Publish every total rounded to ``step``; the adversary then knows only an interval."""
        for equation in self.equations:
            for key, coefficient in equation:
                if coefficient == -1:
                    self.rounded[key] = step

    def add_total(self, total: Key, parts: Iterable[Key]) -> None:
        parts = [p for p in parts if p in self.values]
        if total in self.values and parts:
            self.equations.append([(total, -1)] + [(p, 1) for p in parts])


def grid(cells: dict[tuple[Key, Key], float | None], row_totals: bool = True, column_totals: bool = True,
         grand_total: bool = True) -> Table:
    """A two-way table (row, column) with its margins: totals keyed (row, '*'), ('*', column), ('*', '*')."""
    rows = sorted({r for r, _ in cells}, key=str)
    columns = sorted({c for _, c in cells}, key=str)
    values: dict[Key, float | None] = dict(cells)

    def total(parts):
        present = [values[p] for p in parts if values.get(p) is not None]
        return sum(present) if present else 0

    if row_totals:
        for r in rows:
            values[(r, "*")] = total([(r, c) for c in columns])
    if column_totals:
        for c in columns:
            values[("*", c)] = total([(r, c) for r in rows])
    if grand_total and (row_totals or column_totals):
        values[("*", "*")] = total(list(cells))
    table = Table(values)
    if row_totals:
        for r in rows:
            table.add_total((r, "*"), [(r, c) for c in columns])
    if column_totals:
        for c in columns:
            table.add_total(("*", c), [(r, c) for r in rows])
    if grand_total and column_totals:
        table.add_total(("*", "*"), [("*", c) for c in columns])
    if grand_total and row_totals:
        table.add_total(("*", "*"), [(r, "*") for r in rows])
    return table


def primary(table: Table, rules: Rules = Rules()) -> set[Key]:
    return {k for k, v in table.values.items() if v is not None and rules.low <= v <= rules.high}


def _complement(table: Table, equation: list[tuple[Key, int]], suppressed: set[Key]) -> Key | None:
    """The item of ``equation`` to suppress next: smallest non-zero cell, else smallest item."""
    candidates = [k for k, _ in equation if k not in suppressed and table.values.get(k) is not None]
    if not candidates:
        return None
    totals = {k for k, c in equation if c == -1}
    return min(candidates, key=lambda key: (key in totals, table.values[key] == 0, table.values[key], str(key)))


def _close_equations(table: Table, suppressed: set[Key]) -> None:
    changed = True
    while changed:
        changed = False
        for equation in table.equations:
            hidden = [k for k, _ in equation if k in suppressed]
            if len(hidden) == 1:
                extra = _complement(table, equation, suppressed)
                if extra is not None:
                    suppressed.add(extra)
                    changed = True


def _components(table: Table, unknown: set[Key]) -> list[tuple[set[Key], list[list[tuple[Key, int]]]]]:
    """Groups of unknown items linked by equations, each with its equations (solved separately)."""
    parent = {k: k for k in unknown}

    def find(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k
    touching = [eq for eq in table.equations if any(k in unknown for k, _ in eq)]
    for equation in touching:
        keys = [k for k, _ in equation if k in unknown]
        for other in keys[1:]:
            parent[find(other)] = find(keys[0])
    groups: dict[Key, tuple[set[Key], list]] = {}
    for k in unknown:
        groups.setdefault(find(k), (set(), []))[0].add(k)
    for equation in touching:
        root = find(next(k for k, _ in equation if k in unknown))
        groups[root][1].append(equation)
    return list(groups.values())


def ranges(table: Table, suppressed: set[Key]) -> dict[Key, tuple[float, float]]:
    """What the adversary can learn: the least and greatest value of each suppressed item."""
    if not suppressed:
        return {}
    unknown = set(suppressed) | set(table.rounded)
    found = {}
    for members, equations in _components(table, unknown):
        if members & set(suppressed):
            found.update(_component_ranges(table, suppressed, sorted(members, key=str), equations))
    return found


def _component_ranges(table: Table, suppressed: set[Key], hidden: list[Key],
                      equations: list) -> dict[Key, tuple[float, float]]:
    index = {k: i for i, k in enumerate(hidden)}
    bounds = []
    for key in hidden:
        step = table.rounded.get(key)
        if key in suppressed or step is None or table.values.get(key) is None:
            bounds.append((0, None))
        else:
            shown_value = round_total(table.values[key], Rules(round_totals_to=step))
            bounds.append((max(0.0, shown_value - step / 2), shown_value + step / 2 - 1e-9))
    rows, rhs = [], []
    for equation in equations:
        row = np.zeros(len(hidden))
        known = 0.0
        for key, coefficient in equation:
            if key in index:
                row[index[key]] += coefficient
            elif table.values.get(key) is not None:
                known += coefficient * table.values[key]
        rows.append(row)
        rhs.append(-known)
    a_eq = np.array(rows) if rows else None
    b_eq = np.array(rhs) if rows else None
    found = {}
    for key, i in index.items():
        if key not in suppressed:
            continue
        objective = np.zeros(len(hidden))
        objective[i] = 1
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        least = low.fun if low.status == 0 else 0.0
        greatest = -high.fun if high.status == 0 else float("inf")
        found[key] = (least, greatest)
    return found


def disclosed(table: Table, suppressed: set[Key]) -> list[Key]:
    """Suppressed items an adversary can pin to one value."""
    return [k for k, (low, high) in ranges(table, suppressed).items() if high - low < 0.5]


def protect(table: Table, rules: Rules = Rules()) -> set[Key]:
    """The items to suppress: primary, then complements until the audit finds nothing disclosed."""
    suppressed = primary(table, rules)
    for _ in range(len(table.values) + 1):
        _close_equations(table, suppressed)
        pinned = disclosed(table, suppressed)
        if not pinned:
            return suppressed
        for key in pinned:
            for equation in table.equations:
                if any(k == key for k, _ in equation):
                    extra = _complement(table, equation, suppressed)
                    if extra is not None:
                        suppressed.add(extra)
                        break
    return suppressed  # every item suppressed: nothing left to disclose


def shown(value: float | None, suppressed: bool) -> str | float | None:
    return SUPPRESSED if suppressed else value


def round_total(value: float | None, rules: Rules) -> float | None:
    """A total rounded as the rules say (half up to the nearest ``round_totals_to``)."""
    if value is None or not rules.round_totals_to:
        return value
    step = rules.round_totals_to
    return float(rounding.round_half_up(value / step, 0) * step)


def suppress_derived(count_suppressed: Sequence[bool], values: Sequence[float | None]) -> list[float | str | None]:
    """Rates and percentages whose numerator or denominator count is suppressed become ``c``."""
    return [SUPPRESSED if hidden else value for hidden, value in zip(count_suppressed, values)]
