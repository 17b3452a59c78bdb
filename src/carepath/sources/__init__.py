"""Readers: each turns one source format into rows of the canonical tables.

A reader is a module with ``FORMAT`` (a short name), ``DESCRIPTION``, ``detect(path, head)``
(does this file look like mine?) and ``read(path, batch)`` (stage every row into the
:class:`~carepath.sources.batch.Batch`, rejecting the ones it cannot load). The loader
(:mod:`carepath.sources.loader`) picks the reader, and writes the batch to the store in one
transaction.
"""
