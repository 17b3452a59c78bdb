"""How canonical ids are built: the authority's own ids, qualified by its LA number.

Keys are plain strings so that an analyst can read them in a query result, and so that one
store can hold many authorities without collisions.
"""
from __future__ import annotations

from datetime import date


def child_id(la_code: str, local_child_id: str) -> str:
    return f"{la_code}/{local_child_id}"


def local_part(qualified_id: str) -> str:
    return qualified_id.split("/", 1)[1]


def join(*parts: object) -> str:
    """Compose a record id from its natural key: child_id/2024-05-01/...; None becomes ''."""
    return "/".join("" if p is None else (p.isoformat() if isinstance(p, date) else str(p)) for p in parts)
