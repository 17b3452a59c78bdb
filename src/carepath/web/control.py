"""Disclosure control of the aggregates the dashboard shows to users who may not see every child.

This is :mod:`carepath.exchange.disclosure` (the rules the exports follow) applied to what a
page shows. What must be protected is the part of a figure the viewer could not otherwise know:
its children **outside** the viewer's scope (:mod:`carepath.web.scope`). For each figure, that
hidden part is the figure minus what the viewer already sees of it
(:func:`carepath.web.results.seen_parts`: all of a unit inside their own, their own unit's share
of the authority's figure, nothing of the rest).

* **Primary suppression:** a hidden count of 1 to 4 makes the figure ``c``.
* **Complements:** the figures of one level add up to the authority's (the engine guarantees it,
  "Not allocated" included), so the hidden parts of a breakdown and of its total form one
  equation; another figure is suppressed wherever one ``c`` could be worked out by subtraction
  (:func:`carepath.exchange.disclosure.protect`, with its linear-programming audit).
* **Derived values:** a percentage, rate, median or count built on a suppressed count is ``c``.

Helpers for new pages: :func:`suppress_counts` for any list of counts with a total,
:func:`control_grid` for a two-way table with margins (a journey's from/to table, say), and
:func:`control_figures` for rows of ``indicator_result``.
"""
from __future__ import annotations

from typing import Hashable, Iterable

from carepath.exchange import disclosure
from carepath.exchange.disclosure import SUPPRESSED, Rules

TOTAL = ("*total*",)
CHILD_FREE_GROUPS = {"workforce"}   # figures about staff, not children: never suppressed


def about_children(indicator) -> bool:
    return indicator.group not in CHILD_FREE_GROUPS


def suppress_counts(cells: dict[Hashable, float | None], total: float | None = None,
                    rules: Rules = Rules()) -> set[Hashable]:
    """Keys of ``cells`` to show as ``c`` (and ``TOTAL`` if the total must go too).

    ``cells`` are counts the viewer cannot see; when ``total`` is given they add up to it.
    """
    values: dict[Hashable, float | None] = {k: v for k, v in cells.items()}
    table = disclosure.Table(values)
    if total is not None:
        values[TOTAL] = total
        table.add_total(TOTAL, [k for k in cells])
    return disclosure.protect(table, rules)


def control_grid(cells: dict[tuple[Hashable, Hashable], float | None],
                 rules: Rules = Rules()) -> dict[tuple[Hashable, Hashable], float | str | None]:
    """A two-way table of counts with its margins (keys ``(row, '*')``, ``('*', col)``, ``('*', '*')``),
    each value as it may be shown: the count, or ``c``."""
    table = disclosure.grid(cells)
    hidden = disclosure.protect(table, rules)
    return {key: (SUPPRESSED if key in hidden else value) for key, value in table.values.items()}


def _hidden(row: dict, seen: tuple[float, float] | None, measure: str) -> float | None:
    figure = row.get(measure)
    if figure is None:
        return None
    visible = (seen or (0.0, 0.0))[0 if measure == "numerator" else 1] or 0.0
    return max(0.0, float(figure) - float(visible))


def control_figures(indicator, rows: list[dict], seen: dict[str, tuple[float, float]] | None,
                    total: dict | None = None, rules: Rules = Rules()) -> tuple[list[dict], dict | None]:
    """Rows of one level (and their total) as a viewer may see them.

    ``rows`` and ``total`` are dicts with ``unit_id, numerator, denominator, value``; ``seen``
    maps a unit to the (numerator, denominator) of its records about children in the viewer's
    scope, or is None when the viewer may see every child. Each row returned has
    ``suppressed`` (True where shown as ``c``) and ``controlled`` (True where any part was hidden).
    """
    def mark(row: dict | None, controlled: bool) -> dict | None:
        return None if row is None else {**row, "suppressed": False, "controlled": controlled}

    if seen is None or not about_children(indicator):
        return [mark(r, False) for r in rows], mark(total, False)
    measures = ["numerator"] + (["denominator"] if indicator.unit == "percent" else [])
    suppressed: dict[str, set] = {}
    hidden_any: set = set()
    for measure in measures:
        cells = {}
        for row in rows:
            part = _hidden(row, seen.get(row["unit_id"]), measure)
            if part:
                cells[row["unit_id"]] = part
                hidden_any.add(row["unit_id"])
        total_part = _hidden(total, seen.get(total["unit_id"]), measure) if total else None
        if total_part:
            hidden_any.add(TOTAL)
        suppressed[measure] = suppress_counts(cells, total_part if total is not None else None, rules) \
            if cells or total_part else set()

    def shown(row: dict, key) -> dict:
        result = {**row, "controlled": key in hidden_any, "suppressed": False}
        if row.get("value") is None and row.get("numerator") is None:
            return result
        lost = [m for m in measures if key in suppressed[m]]
        if lost:
            result["suppressed"] = True
            result["value"] = SUPPRESSED
            for measure in lost:
                result[measure] = SUPPRESSED
            if "numerator" not in lost and indicator.unit != "percent":
                result["numerator"] = SUPPRESSED
        return result

    return [shown(r, r["unit_id"]) for r in rows], (shown(total, TOTAL) if total else None)


def is_suppressed(value) -> bool:
    return value == SUPPRESSED


def visible_units(rows: Iterable[dict]) -> set[str]:
    return {r["unit_id"] for r in rows if not r.get("controlled")}
