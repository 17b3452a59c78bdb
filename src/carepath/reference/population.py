"""ONS mid-year estimates of children aged 0 to 17, by authority, from the reference folder.

The DfE tidy layout (``time_period, geographic_level, old_la_code, age_group,
population_estimate``): ``time_period`` is the mid-year of the estimate. Only local-authority
rows are read; England and regional totals are kept under the codes ``E`` and the region code.
"""
from __future__ import annotations

import csv
from pathlib import Path

from carepath.reference.files import find

COLUMNS = ("time_period", "geographic_level", "old_la_code", "population_estimate", "age_group")


def children_0_17(folder: Path | None) -> list[tuple[str, int, int]]:
    """(area, mid-year, children aged 0-17); area is the 3-digit LA number, a region code or 'E'."""
    path = find(folder, *COLUMNS)
    if path is None:
        return []
    found = []
    with open(path, newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            if "0 to 17" not in (row.get("age_group") or ""):
                continue
            level = row["geographic_level"]
            area = {"Local authority": row["old_la_code"], "National": "E"}.get(level, row.get("region_code"))
            value = (row["population_estimate"] or "").strip()
            if area and value.isdigit():
                found.append((area, int(row["time_period"]), int(value)))
    return found
