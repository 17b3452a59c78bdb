"""Where things are: the store file and the reference-data directory.

The store is ``--store PATH``, else ``$CAREPATH_STORE``, else ``./carepath.duckdb``.
Reference data (population estimates, statistical neighbours, published DfE tables in the
tidy CSV layout) is ``--reference DIR``, else ``$CAREPATH_REFERENCE``; it is optional.
"""
from __future__ import annotations

import os
from pathlib import Path

DEFAULT_STORE = "carepath.duckdb"


def store_path(option: str | None = None) -> Path:
    return Path(option or os.environ.get("CAREPATH_STORE") or DEFAULT_STORE)


def reference_dir(option: str | None = None) -> Path | None:
    value = option or os.environ.get("CAREPATH_REFERENCE")
    return Path(value) if value else None
