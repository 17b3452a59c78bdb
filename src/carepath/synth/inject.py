"""Errors put into a synthetic authority's latest returns on purpose, to show the DfE rules at work.

``carepath synth --inject-errors N`` writes the returns as usual (they pass every DfE rule that
applies to them, but for :mod:`carepath.synth.known_issues`), then spoils N values in the last
year's CIN census and SSDA903 return, each in a different child, taking the kinds of error
below in turn (fewer, if a tiny authority runs out of children to spoil). Each kind is one
field made invalid in a way exactly one DfE rule catches, so ``carepath validate`` should
report every injected error (rule, child, field) and nothing else new; ``truth.json`` lists
them under ``injected_errors``. (A field the rules also compare with the
previous year's return, such as ethnicity or UPN, would be caught twice, so none is used.)
"""
from __future__ import annotations

import csv
import random
import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Injection:
    """One kind of error: which return, table and field, the bad value, and the rule that catches it."""
    kind: str        # "903" or "cin"
    table: str       # 903: the CSV's name (header, episodes...); CIN: the XML element
    field: str
    bad: str
    rule: str
    why: str


INJECTIONS = (
    Injection("903", "oc2", "IMMUNISATIONS", "9", "181", "an immunisations flag that is neither 0 nor 1"),
    Injection("cin", "ChildIdentifiers", "UPN", "A00000000000Z", "1530", "a UPN whose check letter is wrong"),
    Injection("903", "reviews", "REVIEW_CODE", "PN9", "167", "a review participation code that is not in the list"),
    Injection("cin", "CINdetails", "ReferralSource", "9Z", "8866", "a referral source that is not in the list"),
    Injection("903", "missing", "MISSING", "X", "1006", "a missing-episode type that is neither M nor A"),
    Injection("cin", "ChildCharacteristics", "Ethnicity", "ZZZZ", "4220", "an ethnicity code that is not in the list"),
)


def inject(folder: Path, la_code: str, year: str, count: int, seed: int) -> list[dict]:
    """Spoil ``count`` values in ``folder``'s returns for ``year``; returns what was injected."""
    rng = random.Random(seed ^ 0xE770)
    used: set[str] = set()
    done: list[dict] = []
    for number in range(count):
        what = INJECTIONS[number % len(INJECTIONS)]
        if what.kind == "903":
            child = _spoil_csv(folder / "ssda903" / year / f"{what.table}.csv", what, rng, used)
        else:
            child = _spoil_xml(folder / "cin" / f"CIN_{la_code}_{year}.xml", what, rng, used)
        if child is None:
            continue
        used.add(child)
        done.append({"return": "SSDA903" if what.kind == "903" else "CIN census", "year": year,
                     "rule_code": what.rule, "child": child, "table": what.table, "field": what.field,
                     "value": what.bad, "what": what.why})
    return done


def _spoil_csv(path: Path, what: Injection, rng: random.Random, used: set[str]) -> str | None:
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    at = rows[0].index(what.field)
    chosen = [i for i in range(1, len(rows)) if rows[i][0] not in used and rows[i][at]]
    if not chosen:
        return None
    row = rows[rng.choice(chosen)]
    row[at] = what.bad
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return row[0]


_CHILD = re.compile(r"<Child>.*?</Child>", re.S)
_ID = re.compile(r"<LAchildID>([^<]*)</LAchildID>")


def _spoil_xml(path: Path, what: Injection, rng: random.Random, used: set[str]) -> str | None:
    text = path.read_text(encoding="utf-8")
    element = re.compile(rf"<{what.field}>[^<]*</{what.field}>")
    children = [m for m in _CHILD.finditer(text) if element.search(m.group(0))
                and _ID.search(m.group(0)).group(1) not in used]
    if not children:
        return None
    found = rng.choice(children)
    block = element.sub(f"<{what.field}>{what.bad}</{what.field}>", found.group(0), count=1)
    path.write_text(text[:found.start()] + block + text[found.end():], encoding="utf-8")
    return _ID.search(block).group(1)
