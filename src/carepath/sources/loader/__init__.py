"""Loading files into the store: detect the format, read into a Batch, write it atomically.

One file is one transaction: if anything goes wrong, the store is as it was. A file whose
SHA-256 is already recorded in ``load_batch`` is not loaded again. Every row read is either
loaded or rejected, and the counts are kept in ``load_batch``, ``load_count`` and ``reject``.

Rows are written as *versions* of their keys, each with its return year, and the canonical
rows are merged from them by return year (:mod:`carepath.model.versions`): the store does not
depend on the order of loading or on how the returns were split into files. ``unload_batch``
takes one load out again (``carepath unload``, ``load --replace``).

A load is two steps: :func:`stage` reads and checks a file without the store (so reader
processes can do it in parallel, :mod:`carepath.sources.parallel`), and :func:`write_staged`
writes it; :func:`load_file` does both for one file.

The package's modules: ``paths`` (which files, which authority a path names, a file's digest),
``staging`` (reading and checking a file into Arrow tables), ``writing`` (the transaction that
writes one staged file), ``unloading`` (taking a load out), ``result`` (what a load says) and
``spilling`` (what a reader process of ``load --jobs`` runs). ``writing`` and ``unloading`` (and
so DuckDB) are imported when one of their names is first asked of the package.
The readers themselves are asked here, in order, whether a file is theirs.
"""
from __future__ import annotations

import importlib
from pathlib import Path

from carepath.sources.batch import SourceError

# Readers in the order they are asked "is this file yours?"
READER_MODULES = (
    "carepath.sources.cin_census",
    "carepath.sources.ssda903_xml",
    "carepath.sources.ssda903_csv",
    "carepath.sources.local_extract_xlsx",  # before Annex A, which takes every other workbook
    "carepath.sources.annex_a",
    "carepath.sources.local_extract",
)


class UnknownFormat(SourceError):
    """No reader recognises the file."""


def readers() -> list:
    """Every reader, all imported before any is used: one that cannot be imported is a broken
    installation, which stops every load, never a format quietly skipped."""
    found = []
    for name in READER_MODULES:
        try:
            found.append(importlib.import_module(name))
        except ImportError as exc:
            raise ImportError(f"carepath's reader {name} cannot be imported ({exc}): the installation is broken, "
                              "reinstall carepath") from exc
    return found


def detect(path: Path):
    with open(path, "rb") as handle:
        head = handle.read(8192)
    for reader in readers():
        if reader.detect(path, head):
            return reader
    formats = ", ".join(r.DESCRIPTION for r in readers())
    raise UnknownFormat(f"{path.name}: carepath does not recognise this file's format. It reads: {formats}.")


# the rest of the loader, imported after what its modules ask of the package (detect, the readers)
from carepath.sources.loader.paths import (
    SKIPPED_NAMES,
    expand,
    la_clue,
    la_from_path,
    sha256,
)
from carepath.sources.loader.result import LoadResult
from carepath.sources.loader.staging import (
    IMPLIED,
    Staged,
    arrow_tables,
    single_year,
    stage,
)
_WRITING = {"unload": "unloading", "unload_batch": "unloading", "earlier_loads": "writing", "load_file": "writing",
            "loaded_digests": "writing", "next_batch_id": "writing", "upsert": "writing", "with_batch_id": "writing",
            "write": "writing", "write_staged": "writing"}


def __getattr__(name: str):
    """The writing half (``writing``, ``unloading``: DuckDB) imported when first asked for, so that a reader
    process, which only stages files, never loads DuckDB (about 27 MB of memory each)."""
    module = _WRITING.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


__all__ = ["IMPLIED", "READER_MODULES", "SKIPPED_NAMES", "LoadResult", "Staged", "UnknownFormat", "arrow_tables",
           "detect", "earlier_loads", "expand", "la_clue", "la_from_path", "load_file", "loaded_digests",
           "next_batch_id", "readers", "sha256", "single_year", "stage", "unload", "unload_batch", "upsert",
           "with_batch_id", "write", "write_staged"]
