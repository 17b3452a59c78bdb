"""Opening text files as local authorities actually send them: UTF-8 (with or without BOM),
UTF-16 from some Excel exports, or Windows-1252 from older systems. Anything else, or a binary
file, is a :class:`SourceError` that says so."""
from __future__ import annotations

import io
from pathlib import Path

from carepath.sources.batch import SourceError


def decode(path: Path, data: bytes | None = None) -> str:
    data = path.read_bytes() if data is None else data
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise SourceError(f"{path.name} is not a text file (it contains binary data). "
                          "Export it as CSV (UTF-8) or XML and load that.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path.name} is not UTF-8 or Windows-1252 text (byte {exc.start} cannot be read). "
                          "Save it again as CSV UTF-8 and load that.") from None


def open_text(path: Path) -> io.StringIO:
    return io.StringIO(decode(path), newline="")
