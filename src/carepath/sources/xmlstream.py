"""Streaming an XML return one record element at a time, in constant memory, with plain errors.

Both XML returns (the CIN census and the SSDA903) are read with ``lxml.etree.iterparse``: each
record element (a ``<Child>``, a ``<CHILD>``) is handed over when its end tag is read and cleared
once the reader is done with it, so a return of any size is read in constant memory. Comments,
processing instructions and entities are ignored and nothing is fetched from the network. A file
that is not well-formed XML (truncated, mismatched tags, bytes not in its declared encoding) or
whose root is not the return's is a :class:`SourceError` naming the line, and nothing is loaded.
"""
from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Callable, Iterator

from lxml import etree

from carepath.sources.batch import SourceError

_LINE_COLUMN = re.compile(r",? line \d+, column \d+$")


NAMES: dict[str, str] = {}  # tag as lxml gives it -> name without namespace (local() fills it)


def local(tag) -> str | None:
    """The element name without its namespace; None for comments and processing instructions."""
    name = NAMES.get(tag)
    if name is None:
        if not isinstance(tag, str):
            return None
        name = NAMES[tag] = tag.rpartition("}")[2]
    return name


def head_text(head: bytes) -> str:
    """The first bytes of a file as text, for recognising a return: BOMs and UTF-16 understood."""
    if head.startswith(codecs.BOM_UTF8):
        return head[3:].decode("utf-8", "ignore")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", "ignore")
    if head.startswith(b"<\x00"):
        return head.decode("utf-16-le", "ignore")
    if head.startswith(b"\x00<"):
        return head.decode("utf-16-be", "ignore")
    return head.decode("latin-1")


def syntax_error(name: str, exc: etree.LxmlError) -> SourceError:
    message = _LINE_COLUMN.sub("", (getattr(exc, "msg", None) or str(exc)).strip())
    line = getattr(exc, "lineno", 0) or 0
    where = f"line {line}: {message}" if line > 0 else message
    lowered = message.lower()
    if "encoding name" in lowered or "unsupported encoding" in lowered:
        return SourceError(f"{name} declares a character encoding carepath cannot read ({where}). "
                           "Save it again as UTF-8; nothing was loaded.")
    if "encoding" in lowered or "utf-8" in lowered:
        return SourceError(f"{name} has characters that are not in the encoding it declares ({where}). "
                           "Save it again as UTF-8 (or correct the encoding in its <?xml ...?> line); "
                           "nothing was loaded.")
    return SourceError(f"{name} is not well-formed XML ({where}). The file may be truncated or damaged; "
                       "nothing was loaded.")


def check_root(path: Path, root, expected: str, what: str) -> None:
    if root is None or local(root.tag) != expected:
        shown = local(root.tag) if root is not None else "none"
        raise SourceError(f"{path.name} is XML but not {what}: its root element is <{shown}>, "
                          f"not <{expected}>. Nothing was loaded.")


def elements(path: Path, tags: tuple[str, ...], root_name: str, what: str,
             skip: Callable | None = None) -> Iterator:
    """Each element named in ``tags`` ("{*}Child"), in document order; ``skip`` passes over (and
    keeps) elements that are not records, such as a leaf of the same name inside a record."""
    root = None
    try:
        context = etree.iterparse(str(path), events=("end",), tag=tags, remove_comments=True, remove_pis=True,
                                  resolve_entities=False, no_network=True)
        for _, el in context:
            if root is None:
                root = el.getroottree().getroot()
                check_root(path, root, root_name, what)
            if skip is not None and skip(el):
                continue
            yield el
            el.clear()
            parent = el.getparent()
            if parent is not None:
                while el.getprevious() is not None:
                    del parent[0]
        if root is None:
            check_root(path, context.root, root_name, what)
    except etree.LxmlError as exc:
        raise syntax_error(path.name, exc) from None
    except OSError as exc:
        raise SourceError(f"{path.name} could not be read ({exc.strerror or exc}).") from None
