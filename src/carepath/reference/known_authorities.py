"""The authorities carepath knows without any reference data: its own shipped list, and names mapped to codes.

``authorities.csv`` beside this module lists every local authority with children's services in
England since 2013 (DfE's 3-digit LA number, ONS code, name, region, other names, former ONS
codes, first and last reporting year, successors), taken from DfE's published children in need
tables (the file's header says which). :func:`resolve` turns what a file or a user writes for an
authority into its 3-digit LA number:

* a 3-digit number as it is (the DfE LA number; :func:`known_code` says whether DfE uses it);
* an ONS code, current or former (``E10000023`` and ``E06000065`` are both North Yorkshire, 815);
* a name as people write it: case, ``&`` or ``and``, punctuation and hyphens, ``City of``,
  ``Royal Borough of``, ``London Borough of``, ``County of``, ``Council``, ``County Council``,
  ``City Council`` and ``St``/``Saint`` do not matter (``Bristol, City of``, ``City of Bristol``
  and ``Bristol City Council`` are 801), and old names of reorganised authorities are their own
  entries (Northamptonshire 928, Cumbria 909, Poole 836, Bournemouth 837, Dorset County Council
  835). A name two authorities share (Dorset: 835 to 2019, 838 since) is the current one, and the
  note says so.

Anything else is an :class:`UnknownAuthority` naming the value. Synthetic authorities
(``carepath synth``: 501 and up) are 3-digit numbers DfE does not use; :func:`known_code` accepts
them too.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from carepath.errors import CarepathError

LIST = Path(__file__).with_name("authorities.csv")
SYNTHETIC = range(501, 800)  # carepath synth numbers its authorities from 501 (synth.params.FIRST_SYNTH_CODE)
_ONS = re.compile(r"E(0[6-9]|10)\d{6}")
_PREFIXES = ("royal borough of ", "london borough of ", "metropolitan borough of ", "borough of ",
             "city and county of ", "city of ", "county of ", "council of the ", "county ")
_SUFFIXES = (" metropolitan borough council", " borough council", " county council", " city council",
             " district council", " council", " metropolitan borough", " borough")


class UnknownAuthority(CarepathError):
    """A value that names no authority carepath knows."""


@dataclass(frozen=True)
class KnownAuthority:
    code: str
    ons_code: str
    name: str
    region: str
    other_names: tuple[str, ...]
    former_ons_codes: tuple[str, ...]
    first_year: int
    last_year: int | None  # the last reporting year (ending 31 March) of an authority that no longer reports
    succeeded_by: tuple[str, ...]

    @property
    def current(self) -> bool:
        return self.last_year is None


@lru_cache(maxsize=1)
def known() -> dict[str, KnownAuthority]:
    """Every authority on the shipped list, by 3-digit code."""
    with open(LIST, newline="", encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {r["la_code"]: KnownAuthority(
            r["la_code"], r["ons_code"], r["name"], r["region"], _split(r["other_names"], "|"),
            _split(r["former_ons_codes"], "|"), int(r["first_year"]),
            int(r["last_year"]) if r["last_year"] else None, _split(r["succeeded_by"], " ")) for r in rows}


def _split(text: str, sep: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.split(sep) if p.strip())


def light(name: str) -> str:
    """Case, '&', punctuation and spacing aside: 'Dorset County Council' stays itself (835, not 838)."""
    text = name.lower().replace("&", " and ").replace("’", "'")
    head, comma, tail = text.partition(",")
    if comma and tail.strip() in ("city of", "county of"):
        text = f"{tail.strip()} {head}"
    text = re.sub(r"[.']", "", text)
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return re.sub(r"\bst\b", "saint", text)


def normalise(name: str) -> str:
    """The form names are compared in: 'Bristol, City of' and 'Bristol City Council' are both 'bristol'."""
    text = light(name)
    if text.startswith("the "):
        text = text[4:]
    if text in ("city of london", "city of london corporation", "corporation of london"):
        return "city of london"   # the City, not London
    for suffix in _SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
            break
    for prefix in _PREFIXES:
        if text.startswith(prefix) and len(text) > len(prefix):
            text = text[len(prefix):]
            break
    return text


@lru_cache(maxsize=1)
def _indexes() -> tuple[dict[str, str], dict[str, list[str]], dict[str, list[str]]]:
    """ONS code -> LA code; normalised name -> LA codes; lightly normalised name -> LA codes."""
    ons: dict[str, str] = {}
    names: dict[str, list[str]] = {}
    exact: dict[str, list[str]] = {}
    for authority in known().values():
        for code in (authority.ons_code, *authority.former_ons_codes):
            ons[code] = authority.code
        for name in (authority.name, *authority.other_names):
            for index, key in ((names, normalise(name)), (exact, light(name))):
                listed = index.setdefault(key, [])
                if authority.code not in listed:
                    listed.append(authority.code)
    return ons, names, exact


def known_code(code: str) -> bool:
    """A 3-digit number DfE uses for an authority, or one of carepath synth's."""
    return code in known() or (code.isdigit() and int(code) in SYNTHETIC)


@lru_cache(maxsize=4096)
def resolve(text: str) -> tuple[str, str | None]:
    """The 3-digit LA number ``text`` stands for, and a note saying how it was read (None for a code)."""
    value = " ".join(str(text).split())
    if re.fullmatch(r"\d{3}", value):
        return value, None
    ons, names, exact = _indexes()
    upper = value.upper()
    if _ONS.fullmatch(upper):
        if upper not in ons:
            raise UnknownAuthority(f"LA '{value}' is an ONS code of no local authority with children's services "
                                   "in England that carepath knows; give the 3-digit DfE LA number (for example 846).")
        return _read_as(value, known()[ons[upper]])
    codes = exact.get(light(value)) or names.get(normalise(value), [])
    if not codes:
        raise UnknownAuthority(
            f"LA '{value}' is not a local authority carepath knows: give the 3-digit DfE LA number (846), the ONS "
            "code (E06000043) or the authority's name as DfE writes it (Brighton and Hove).")
    chosen = [known()[c] for c in codes]
    current = [a for a in chosen if a.current]
    authority = (current or chosen)[0]
    read = _read_as(value, authority)
    if len(chosen) > 1:
        others = ", ".join(f"{a.code} ({a.name} until {a.last_year - 1}-{a.last_year % 100:02d})"
                           for a in chosen if a is not authority)
        return read[0], f"{read[1]}; the name was also {others}: give that code if you meant it"
    return read


def _read_as(value: str, authority: KnownAuthority) -> tuple[str, str]:
    note = f"LA '{value}' read as {authority.code} ({authority.name})"
    if not authority.current:
        after = " and ".join(authority.succeeded_by)
        note += (f", which reported until {authority.last_year - 1}-{authority.last_year % 100:02d}"
                 + (f"; its area is now {after}" if after else ""))
    return authority.code, note


def name_of(code: str) -> str | None:
    authority = known().get(code)
    return authority.name if authority else None


def from_words(words: list[str]) -> str | None:
    """The one authority a run of words (a file name's) names in full, if exactly one does.

    'annex a kent 2025' is 886; 'annex a kingston upon hull' is 810, not also Hull and Kingston.
    """
    names = _indexes()[1]
    spans = [(start, end, names[" ".join(words[start:end])][0])
             for start in range(len(words)) for end in range(start + 1, min(start + 6, len(words)) + 1)
             if " ".join(words[start:end]) in names]   # whole names only, never a word inside one
    # a name inside a longer one ('hull' in 'kingston upon hull') is not a second authority
    outer = {code for s, e, code in spans if not any(s2 <= s and e <= e2 and (s2, e2) != (s, e) for s2, e2, _ in spans)}
    return outer.pop() if len(outer) == 1 else None
