"""The rows of the outcome tracker's board, written once and kept: cells, reds, HTML, and sorting.

A board of 2,000 children has 25,000 RAG cells; writing them here as HTML strings, once per store,
rules file and manual-RAG version (:func:`carepath.web.pages.tracker.all_rows`), rather than through
a template macro on every request, keeps the board's page well under 300 ms.
"""
from __future__ import annotations

from markupsafe import Markup, escape

from carepath.tracker import tracker
from carepath.web.formatting import cell as cell_text

RAG_ORDER = {"red": 0, "amber": 1, "green": 2, None: 3}


def rows(board: tracker.Board, children: list[dict], manual: dict) -> list[dict]:
    """Each child's row: the cells (the rules' RAG, the manual one in force, the one shown), the count of
    reds, and the row written as HTML once."""
    found = []
    for child in children:
        row = {**child, "cells": {}, "reds": 0}
        for item in board.items:
            cell = board.cells.get((child["child_id"], item.id))
            own = manual.get((child["child_id"], item.id))
            rag = own.rag if own else (cell.rag if cell else None)
            row["cells"][item.id] = {"value": cell.value if cell else None, "rag": cell.rag if cell else None,
                                     "reason": cell.reason if cell else board.not_loaded.get(item.id),
                                     "manual": own, "shown": rag}
            row["reds"] += rag == "red"
        row["html"] = Markup("".join(cell_html(item.id, row["cells"][item.id]) for item in board.items))
        row["lead"] = Markup(
            f'<th scope="row"><a href="/tracker/child/{escape(child["child_id"])}">{escape(child["child_id"])}</a></th>'
            f'<td>{escape(cell_text(child["age"]))}</td><td>{escape(child["team_name"] or "")}</td>'
            f'<td>{escape(child["worker_name"] or "")}</td><td>{row["reds"]}</td>')
        found.append(row)
    return found


def cell_html(item_id: str, cell: dict) -> str:
    """One RAG cell of the board, written here rather than by a template macro: a board of 2,000
    children has 25,000 of them. The RAG is written as a word (never colour alone); a manual RAG is
    marked * with who set it and why on hover; the rules' reasons are in the legend below the board."""
    shown = cell["shown"]
    value = cell["value"]
    text = "" if value is None else f'<span class="value">{escape(cell_text(value))}</span>'
    if cell["manual"]:
        manual = cell["manual"]
        note = f"Set by {manual.written_by}: {manual.comment}. Rules: {cell['rag'] or 'none'}."
        return (f'<td data-item="{item_id}"><span class="rag rag-{shown or "none"} rag-manual" title="{escape(note)}">'
                f'{shown or "-"}*</span>{text}</td>')
    return f'<td data-item="{item_id}"><span class="rag rag-{shown or "none"}">{shown or "-"}</span>{text}</td>'


def sort(found: list[dict], key: str, descending: bool, items: set[str]) -> list[dict]:
    """Rows by an item's RAG (red first), age, reds, team, practitioner, else the child's id."""
    if key in items:
        order = lambda r: (RAG_ORDER[r["cells"][key]["shown"]], r["child_id"])
    elif key in ("age", "reds"):
        order = lambda r: (r[key] if r[key] is not None else -1, r["child_id"])
    elif key in ("team_name", "worker_name"):
        order = lambda r: (r[key] or "", r["child_id"])
    else:
        order = lambda r: r["child_id"]
    return sorted(found, key=order, reverse=descending)
