"""Reading the Children in Need census XML return (every census year, 2017-18 to 2026-27).

The file is streamed with ``lxml.etree.iterparse``: each ``<Child>`` is turned into rows when
its end tag is read and then cleared, so a census of any size is read in constant memory.
Namespaces, a byte-order mark, the XML declaration and comments are all accepted. Both the
``<GenderCurrent>`` (to 2023-24: 1/2/0/9, mapped to M/F/U) and the ``<Sex>`` (from 2024-25:
M/F/U) eras are read, as are ``<CINPlanDates>`` (from 2021-22) and ``<PreProceedingsandFGDM>``.

The header settles the authority (``Source/LEA``; without it ``--la`` is needed) and the
census year: the year ending on the 31 March of ``ReferenceDate``'s year (``2025-03-31`` gives
``2024-25``); without a usable ReferenceDate, ``Year`` is that year end (``2025`` gives
``2024-25``). ReferenceDate wins when the two disagree, as it is the date the census period is
counted back from. A ``--year`` given by the user is never overridden. The census date (ReferenceDate, else
31 March of Year, else of ``--year``) is the census's last day: records dated after it, or a
census none of whose dates reaches its year, are warned about (:mod:`carepath.sources.dating`).

What one record is, and what happens to a record that is wrong
----------------------------------------------------------------
Each ``Child`` is one ``child`` row, each ``CINdetails`` one ``referral``, each ``Assessments``
one ``assessment`` (its ``AssessmentFactors`` are a list in it), each ``CINPlanDates`` one
``cin_plan``, each ``Section47`` one ``s47``, each ``ChildProtectionPlans`` one ``cp_plan``,
each ``Reviews/CPPreviewDate`` one ``cp_review`` and each ``PreProceedingsandFGDM`` one
``pre_proceedings`` row.

* A record is **rejected** only when what identifies it or dates it is unusable: its key is
  missing or not a date (LAchildID, CINreferralDate, AssessmentActualStartDate,
  CINPlanStartDate, S47ActualStartDate, CPPstartDate, CPPreviewDate, PPStartDate), or a date
  that ends it (CINclosureDate, AssessmentAuthorisationDate, CINPlanEndDate, CPPendDate) does
  not parse: loaded without it, an episode would stay open for ever.
* Any other field that cannot be read is **set aside, not the record** (a field issue, see
  :mod:`carepath.sources.batch`): an unknown code (Sex, GenderCurrent, Ethnicity, UPNunknown,
  a Disability or AssessmentFactors code, ReferralSource, PrimaryNeedCode, ReasonForClosure,
  category of abuse), a flag that is not true/false, a count that is not a whole number, a
  secondary date (PersonBirthDate, ExpectedPersonBirthDate, PersonDeathDate, DateOfInitialCPC,
  InitialCPCtarget, AssessmentInternalReviewDate, the pre-proceedings dates) that does not
  parse, or a birth date that is implausible for the census date (see
  :func:`carepath.sources.fields.plausible_birth`). The record loads with that field empty, or
  that one code left out of its list, and ``carepath status --issues`` shows what was set
  aside. A missing optional value is not an issue: ``carepath validate`` reports those.
* Records nested in a rejected **referral** or **CP plan** are rejected with it (reason
  "its CINdetails was rejected: ..."), since they would hang off a referral or plan the
  store does not have. The same holds when a referral or plan is a duplicate.
* A **child** is rejected only without an LAchildID, and then takes its records with it (there
  is no one to attach them to), so the child table and the reject log agree.
* The same child twice, or the same referral date twice for a child, is rejected as a
  duplicate by :meth:`Batch.add`, naming the first.

Each reject says where: ``Child 3 (LAchildID ABC1) > CINdetails 2 > Section47 1, line 57``.
A file that is not well-formed XML (truncated, mismatched tags, not XML, bytes that are not in
its declared encoding) is a :class:`SourceError` naming the line, and nothing is loaded.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path


import pyarrow as pa

from carepath.sources.batch import Batch, cycle_collector_paused
from carepath.sources import xmlstream
from carepath.sources.cin_census_rows import Rows, read_child
from carepath.sources.xmlstream import local

FORMAT = "cin-census-xml"
DESCRIPTION = "CIN census XML"

_PROLOGUE = re.compile(r"\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<(?:[\w.-]+:)?Message[\s>/]", re.S)
_CIN_DETAILS = re.compile(r"<(?:[\w.-]+:)?CINdetails[\s>/]")
_CIN_COLLECTION = re.compile(r"<(?:[\w.-]+:)?Collection>\s*CIN\s*</")


def detect(path: Path, head: bytes) -> bool:
    """XML whose root is <Message> and which has <CINdetails> (or says its Collection is CIN)."""
    text = xmlstream.head_text(head)
    if not _PROLOGUE.match(text):
        return False
    return bool(_CIN_DETAILS.search(text) or _CIN_COLLECTION.search(text))


def census_year(year: str | None, reference_date: str | None) -> str | None:
    """'2024-25' from ReferenceDate 2025-03-31 or, failing that, from Year 2025."""
    end = None
    if reference_date:
        try:
            end = date.fromisoformat(reference_date[:10]).year
        except ValueError:
            end = None
    if end is None and year and year.isdigit():
        end = int(year)
    if end is None or not 1990 <= end <= 2100:
        return None
    return f"{end - 1}-{end % 100:02d}"


def census_date(year: str | None, reference_date: str | None, return_year: str | None) -> date | None:
    """The census's last day: ReferenceDate, else 31 March of Year, else of the return year."""
    if reference_date:
        try:
            return date.fromisoformat(reference_date[:10])
        except ValueError:
            pass
    if year and year.isdigit() and 1990 <= int(year) <= 2100:
        return date(int(year), 3, 31)
    if return_year and re.fullmatch(r"\d{4}-\d{2}", return_year):
        return date(int(return_year[:4]) + 1, 3, 31)
    return None


def _read_header(el, batch: Batch, found: dict) -> str | None:
    """Settle the census year; return the LEA the header gives, if any."""
    for node in el.iter():
        name = local(node.tag)
        if name in ("LEA", "Year", "ReferenceDate") and name not in found and node.text and node.text.strip():
            found[name] = node.text.strip()
    if batch.return_year is None:
        batch.return_year = census_year(found.get("Year"), found.get("ReferenceDate"))
    return found.get("LEA")


def read(path: Path, batch: Batch) -> None:
    with cycle_collector_paused():
        _read(Path(path), batch)


def _read(path: Path, batch: Batch) -> None:
    """The file's rows into ``batch`` (with the cycle collector paused: :func:`cycle_collector_paused`)."""
    batch.format_description = DESCRIPTION
    settled = False
    number = 0
    header: dict[str, str] = {}
    out = Rows(batch)
    last_day = census_date(None, None, batch.return_year)
    for el in xmlstream.elements(path, ("{*}Header", "{*}Child"), "Message", "a CIN census"):
        if local(el.tag) == "Header":
            lea = _read_header(el, batch, header)
            last_day = census_date(header.get("Year"), header.get("ReferenceDate"), batch.return_year)
            if lea:
                batch.set_la(lea, "Header/Source/LEA")
                settled = True
        else:
            if not settled:
                batch.set_la(None, "no Header/Source/LEA")
                settled = True
            number += 1
            read_child(batch, out, el, number, last_day)
    if not settled:
        batch.set_la(None, "no Header/Source/LEA")
    tables = out.tables()
    check_year(batch, last_day, tables, out.refs)
    for table, columns in tables.items():
        batch.stage_block(table, pa.table(columns))


def check_year(batch: Batch, last_day: date | None, tables: dict[str, dict[str, pa.Array]],
               refs: dict[str, list[str]]) -> None:
    """Warn when the census's records run past its census date, or none reaches its year (each
    table's rows as Arrow columns, and where each row is)."""
    if last_day is None:
        return
    first_day = date(last_day.year - 1, last_day.month, 1) + timedelta(days=last_day.day)
    stated = f"the census year to {last_day:%d/%m/%Y}"
    for table, columns in tables.items():
        size = len(refs[table])
        batch.dating.block(table, refs[table], columns, pa.array([last_day] * size, pa.date32()),
                           lambda _: stated, lambda _: first_day)
