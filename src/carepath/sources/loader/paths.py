"""Which files a load reads, which authority a file's path names, and a file's digest."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Iterable, Iterator

from carepath.reference import known_authorities

SKIPPED_NAMES = {"README.md", "README.txt", ".DS_Store", "Thumbs.db"}

def la_from_path(path: Path) -> str | None:
    """The authority the path names, if it names one: see :func:`la_clue`."""
    return la_clue(path)[0]


def la_clue(path: Path) -> tuple[str | None, str | None]:
    """The authority a path names (LA code or None), and what in it looked like one but is not.

    In this order: the nearest folder named with a 3-digit LA number (``returns/846/...``); the
    file's own folder named with an ONS code or an authority's name (``returns/Kent/...``); a
    single 3-digit number in the file's name (``annex_a_846_2025-01-20.xlsx``); an ONS code or an
    authority's whole name in it (``Annex A - Kent - 2025.xlsx``). A 3-digit number is taken only
    when it is a DfE LA number (or one of carepath synth's, 501 and up): a stray one (``123``) is
    said back to the user, who is asked for ``--la``.
    """
    stray = None
    for folder in path.parents:
        if re.fullmatch(r"\d{3}", folder.name):
            if known_authorities.known_code(folder.name):
                return folder.name, None
            stray = stray or f"the folder {folder.name}"
    if path.parent.name and not path.parent.name.isdigit():
        try:
            return known_authorities.resolve(path.parent.name)[0], None
        except known_authorities.UnknownAuthority:
            pass
    found = re.findall(r"(?<![0-9A-Za-z])([0-9]{3})(?![0-9A-Za-z])", path.stem)
    if len(found) == 1:
        if known_authorities.known_code(found[0]):
            return found[0], None
        stray = stray or f"the number {found[0]} in its name"
    words = re.findall(r"[A-Za-z0-9]+", path.stem)
    for word in words:
        if re.fullmatch(r"E(0[6-9]|10)\d{6}", word.upper()):
            try:
                return known_authorities.resolve(word)[0], None
            except known_authorities.UnknownAuthority:
                stray = stray or f"the ONS code {word} in its name"
    named = known_authorities.from_words([known_authorities.light(w) for w in words if not w.isdigit()])
    return (named, None) if named else (None, stray)


def expand(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named, and the files inside folders named (sorted, so loads are repeatable)."""
    for item in paths:
        item = Path(item)
        if item.is_dir():
            for child in sorted(p for p in item.rglob("*") if p.is_file()):
                if child.name not in SKIPPED_NAMES and not child.name.startswith((".", "~$")):
                    yield child
        else:
            yield item


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
