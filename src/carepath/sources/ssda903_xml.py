"""Reading the SSDA903 XML return (``<EXPSSDA903>``, SPECS.md B.1), every table of it, streamed.

The file is read with ``lxml.etree.iterparse``: each ``<CHILD>`` is turned into rows when its end
tag is read and then cleared, so a return of any size is read in constant memory. A namespace,
a byte-order mark, the XML declaration and comments are all accepted.

The schema (version 3.3.0, 2021) says neither the authority nor the year, so ``--la`` is needed
and the return year comes from the file name (``ssda903_2024_25.xml``; ``903_2025.xml`` is the
year ending 31 March 2025) or ``--year``. OC2 and OC3 are dated 31 March of the return year, so
a file with either that does not say its year is refused.

What one record is, and what happens to a record that is wrong
----------------------------------------------------------------
Within a ``CHILD``, the ``HEADER``'s CHILDID, SEX, DOB, ETHNIC, UPN, MOTHER, MC_DOB, UASC (a 1/0
flag) and DUC are one ``child`` record; its IN_TOUCH, ACTIV and ACCOM are one OC3
(``care_leaver``) record; its DATE_INT, DATE_MATCH, FOSTER_CARE, NB_ADOPTR, SEX_ADOPTR and
LS_ADOPTR one AD1 (``adoption``) record. Each ``HEADER/AMISSING`` is a ``missing`` record, each
``HEADER/AREVIEW`` a ``cla_review``, ``HEADER/PERMANENCE`` a ``previous_permanence``,
``HEADER/OC2`` a ``cla_outcome``, each ``HEADER/AD_PLACED`` an ``adoption``, and each ``EPISODE``
a ``cla_episode``. An AD_PLACED whose DATE_PLACED is the AD1's DATE_INT is the same adoption
decision, so the two are read as **one** adoption record (see :mod:`.ssda903_rows`).

Social worker episodes (from 2023-24) and deprivation of liberty orders (from 2026-27) are not
in the published schema, so their element names are **our choice**, made to match the CSV
columns: ``<SWEPISODE>`` (or ``<SW_EPISODE>``) holding SW_ID, SW_DECOM, SW_DEC and SW_REASON, and
``<DOLO>`` holding DOLO_START and DOLO_END, each repeated, directly inside ``CHILD`` or inside
``HEADER``.

Records are loaded or rejected as :mod:`carepath.sources.ssda903_rows` says. A ``CHILD`` with no
CHILDID takes all its records with it (there is no one to attach them to); an unknown ETHNIC,
say, is set aside as a field issue and the child loads without it. Each reject says where:
``CHILD 3 (CHILDID A1) > EPISODE 2, line 57``. A file that is not well-formed XML (truncated,
mismatched tags, bytes not in its declared encoding) is a :class:`SourceError` naming the line,
and nothing is loaded.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple


from carepath.model.ids import child_id
from carepath.sources.batch import Batch, Lenient, RowError, SourceError
from carepath.sources import xmlstream
from carepath.sources.xmlstream import local
from carepath.sources.ssda903_fields import day, return_year, return_year_from_name, year_ending
from carepath.sources.ssda903_rows import TABLES, ad1, placed_adoption, raw, stage, stage_row

FORMAT = "ssda903-xml"
DESCRIPTION = "SSDA903 XML (EXPSSDA903)"

_PROLOGUE = re.compile(r"\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<(?:[\w.-]+:)?EXPSSDA903[\s>/]", re.S)
RENAMED = {"CHILDID": "CHILD", "PL": "PLACE"}
SHOWN = {"PLACE": "PL"}
# repeated elements inside CHILD or HEADER, and the 903 table each is one record of
GROUPS = {"EPISODE": "Episodes", "AMISSING": "Missing", "AREVIEW": "Reviews", "PERMANENCE": "PrevPerm",
          "OC2": "OC2", "AD_PLACED": "PlacedAdoption", "SWEPISODE": "SWEpisodes", "SW_EPISODE": "SWEpisodes",
          "DOLO": "DoLo"}
SINGLE = {"PERMANENCE", "OC2"}  # at most one per child: not numbered in reject references
CHILD_FIELDS = ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB", "UASC", "DUC")
OC3_FIELDS = ("IN_TOUCH", "ACTIV", "ACCOM")
AD1_FIELDS = ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")


def detect(path: Path, head: bytes) -> bool:
    """XML whose root element is <EXPSSDA903>."""
    return bool(_PROLOGUE.match(xmlstream.head_text(head)))


_FIELD_NAMES: dict = {}  # tag as lxml gives it -> the field's name (namespace dropped, CHILDID as CHILD)


def _field_name(tag) -> str | None:
    name = _FIELD_NAMES.get(tag)
    if name is None:
        name = local(tag)  # None for an entity reference
        if name is None:
            return None
        name = _FIELD_NAMES[tag] = RENAMED.get(name, name)
    return name


def _leaves(el, into: dict, groups: list) -> None:
    """An element's leaf children into ``into`` ({name: text}) and its 903 groups onto ``groups``."""
    for sub in el:
        name = _FIELD_NAMES.get(sub.tag) or _field_name(sub.tag)
        if name is None:
            continue
        if name in GROUPS:
            groups.append((name, sub))
        elif len(sub) == 0:
            text = sub.text
            into[name] = (text.strip() or None) if text is not None else None


def _at(path: str, el) -> str:
    line = el.sourceline if el is not None else None
    return f"{path}, line {line}" if line else path


class _Child:
    """One <CHILD>: its header fields and its groups, in document order."""

    def __init__(self, el, number: int):
        self.el, self.header_el = el, None
        self.fields: dict = {}
        self.groups: list = []
        for sub in el:
            name = local(sub.tag)
            if name == "HEADER" and self.header_el is None:
                self.header_el = sub
                _leaves(sub, self.fields, self.groups)
            elif name in GROUPS:
                self.groups.append((name, sub))
        self.local_id = self.fields.get("CHILD")
        self.path = f"CHILD {number} (CHILDID {self.local_id})" if self.local_id else f"CHILD {number} (no CHILDID)"

    def part(self, names) -> dict | None:
        """The header fields ``names`` with CHILD, or None when the header has none of them."""
        if not any(self.fields.get(n) is not None for n in names):
            return None
        return {"CHILD": self.local_id, **{n: self.fields.get(n) for n in names}}

    def records(self):
        """(903 table, fields, what, element) for each group: an EPISODE, an AREVIEW, the OC2..."""
        counts: dict[str, int] = {}
        for name, el in self.groups:
            counts[name] = counts.get(name, 0) + 1
            fields = {"CHILD": self.local_id}
            _leaves(el, fields, [])
            what = name if name in SINGLE else f"{name} {counts[name]}"
            yield GROUPS[name], fields, what, el


class _Record(NamedTuple):
    table: str  # the 903 table
    fields: dict
    ref: str  # where, for rejects
    what: str  # EPISODE 2, OC2...
    el: object


def _same_day(first: str | None, second: str | None) -> bool:
    try:
        return first is not None and day(first, "") == day(second, "")
    except RowError:
        return False


def _read_child(batch: Batch, el, number: int, year_end, file_name: str) -> None:
    child = _Child(el, number)
    la = batch.la_code
    header_el = child.header_el if child.header_el is not None else el
    header_ref = _at(f"{child.path} > HEADER", header_el)
    ad1_ref = _at(f"{child.path} > HEADER (AD1)", header_el)
    oc3 = child.part(OC3_FIELDS)
    adoption = child.part(AD1_FIELDS)
    records = [_Record(table_name, fields, _at(f"{child.path} > {what}", el), what, el)
               for table_name, fields, what, el in child.records()]
    if oc3 is not None:
        records.append(_Record("OC3", oc3, _at(f"{child.path} > HEADER (OC3)", header_el), "HEADER (OC3)", header_el))
    if year_end is None:
        for record in records:
            if TABLES[record.table].needs_year:
                raise SourceError(f"{file_name} has {record.table} records ({record.ref}), which are dated 31 March "
                                  "of the return year, but does not say which year: load it with --year 2024-25, or "
                                  "name it like ssda903_2024_25.xml. Nothing was loaded.")
    if child.local_id is None:
        why = "its CHILD was rejected: CHILDID is missing; it is required"
        batch.saw("child")
        batch.reject("child", header_ref, "CHILDID", "required", "CHILDID is missing; it is required",
                     raw({k: child.fields.get(k) for k in CHILD_FIELDS}))
        if adoption is not None:
            records.append(_Record("AD1", adoption, ad1_ref, "HEADER (AD1)", header_el))
        for record in records:
            target = TABLES[record.table].target
            batch.saw(target)
            batch.reject(target, record.ref, "CHILDID", "parent", why, raw(record.fields))
        return
    stage(batch, TABLES["Header"], {k: child.fields.get(k) for k in CHILD_FIELDS}, header_ref, la, year_end)
    placed = [record for record in records if record.table == "PlacedAdoption"]
    for record in records:
        if record.table != "PlacedAdoption":
            stage(batch, TABLES[record.table], record.fields, record.ref, la, year_end, SHOWN)
    if adoption is not None:
        match = next((p for p in placed if _same_day(adoption["DATE_INT"], p.fields.get("DATE_PLACED"))), None)
        if match is None:
            stage(batch, TABLES["AD1"], adoption, ad1_ref, la, year_end)
        else:
            placed.remove(match)
            merged_ref = _at(f"{child.path} > HEADER (AD1) + {match.what}", match.el)
            _stage_merged(batch, adoption, match.fields, merged_ref, la, child.local_id, year_end)
    for record in placed:
        stage(batch, TABLES["PlacedAdoption"], record.fields, record.ref, la, year_end)


def _stage_merged(batch: Batch, adoption: dict, placed: dict, ref: str, la: str, local_id: str,
                  year_end=None) -> None:
    """AD1 and the AD_PLACED of the same decision date: one adoption record."""
    batch.saw("adoption")
    fields = {**adoption, **{k: v for k, v in placed.items() if k != "CHILD"}}
    cid = child_id(la, local_id)
    soft = Lenient()
    try:
        row = ad1(fields, cid, year_end, soft)
        row.update({k: v for k, v in placed_adoption(fields, cid, year_end, soft).items() if v is not None})
    except RowError as err:
        batch.reject_error("adoption", ref, err, raw(fields))
        return
    if not stage_row(batch, "adoption", row, ref, la, local_id, soft, year_end):
        batch.rejects[-1].raw = raw(fields)


def read(path: Path, batch: Batch) -> None:
    path = Path(path)
    batch.format_description = DESCRIPTION
    given = batch.return_year
    if given is not None and return_year(given) is None:
        raise SourceError(f"--year '{given}' is not a return year; write it like 2024-25 (the year ending "
                          "31 March 2025).")
    batch.return_year = return_year(given) or return_year_from_name(path.name)
    if given is None and batch.return_year:
        batch.notes.append(f"return year {batch.return_year} taken from the file name (give --year if it is not)")
    year_end = year_ending(batch.return_year)
    batch.set_la(None, "an SSDA903 XML return does not say")
    number = 0

    def inside_a_child(el) -> bool:  # a <CHILD> leaf written for <CHILDID> inside a child's HEADER
        return any(local(a.tag) == "CHILD" for a in el.iterancestors())
    for el in xmlstream.elements(path, ("{*}CHILD",), "EXPSSDA903", "an SSDA903 return", skip=inside_a_child):
        number += 1
        _read_child(batch, el, number, year_end, path.name)
