"""Local authorities and their statistical neighbours, from the reference folder.

* Authorities: DfE's list (``old_la_code`` or ``LA Number``, name, region). The LA lookup
  derived from the CIN tables also gives first and last years, which covers boundary changes
  (Dorset, Northamptonshire, Cumbria).
* Statistical neighbours: the ten closest authorities of each, in rank order, from the long
  (``old_la_code, sn_rank, sn_old_la_code``) or the wide (``SN_1 .. SN_10``) layout of DfE's
  children's services statistical neighbour benchmarking tool.

Synthetic authorities (codes 501 and up, made by ``carepath synth``) are not in these lists;
they borrow the neighbours of the real authority they were modelled on where the caller says so.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from carepath.reference.files import find


@dataclass(frozen=True)
class Authority:
    code: str
    name: str
    region: str | None
    current: bool = True


def authorities(folder: Path | None) -> dict[str, Authority]:
    found: dict[str, Authority] = {}
    path = find(folder, "old_la_code", "la_name", "region_name", "current_2025")
    if path:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            for row in csv.DictReader(handle):
                found[row["old_la_code"]] = Authority(row["old_la_code"], row["la_name"], row["region_name"],
                                                      row.get("current_2025", "True").strip() == "True")
        return found
    path = find(folder, "la number", "la name", "region")
    if path:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            for row in csv.DictReader(handle):
                found[row["LA Number"]] = Authority(row["LA Number"], row["LA Name"], row["Region"])
    return found


def neighbours(folder: Path | None) -> dict[str, list[str]]:
    """Each authority's ten statistical neighbours, closest first."""
    found: dict[str, list[tuple[int, str]]] = {}
    path = find(folder, "old_la_code", "sn_rank", "sn_old_la_code")
    if path:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            for row in csv.DictReader(handle):
                found.setdefault(row["old_la_code"], []).append((int(row["sn_rank"]), row["sn_old_la_code"]))
        return {la: [code for _, code in sorted(items)] for la, items in found.items()}
    path = find(folder, "old_la_code", "sn_1", "sn_10")
    if path:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            for row in csv.DictReader(handle):
                found[row["old_la_code"]] = [(i, row[f"SN_{i}"].strip()) for i in range(1, 11) if row.get(f"SN_{i}")]
        return {la: [code for _, code in items] for la, items in found.items()}
    return {}
