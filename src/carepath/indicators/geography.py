"""Placement distances, derived from postcodes as DfE derives them for its published tables.

The temp table ``placement_distance (episode_id, child_id, la_code, distance_miles,
outside_authority)`` holds every looked-after episode whose home and placement postcodes are both
in the ONS Postcode Directory (:mod:`carepath.reference.postcodes`), for authorities whose ONS
code the reference LA lookup gives, or, for a synthetic authority the lookup lacks, the real area
it stands in for (``ons_code`` in the truth.json carepath synth wrote beside the files loaded for
it, found through ``load_batch.file_path``): the straight-line distance between the two postcodes' grid
references in miles, and whether the placement postcode lies outside the authority (its lower-tier
area, taken to its upper tier, is not the authority's). Episodes it cannot place are left out,
so an indicator that requires it says so rather than counting them as near.
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from carepath.reference import postcodes


def synthetic_codes(con: duckdb.DuckDBPyConnection, la_codes: set[str]) -> dict[str, str]:
    """The ONS code each synthetic authority among ``la_codes`` stands in for, from its truth.json."""
    from carepath.quality.explain import truth_near
    found: dict[str, str] = {}
    for la_code in sorted(la_codes):
        for (path,) in con.execute("SELECT DISTINCT file_path FROM load_batch WHERE la_code = ? AND file_path "
                                   "IS NOT NULL ORDER BY 1 LIMIT 3", [la_code]).fetchall():
            facts = truth_near(Path(path), la_code)
            if facts and facts.get("ons_code"):
                found[la_code] = facts["ons_code"]
                break
    return found


def install(con: duckdb.DuckDBPyConnection, reference: Path | None) -> int:
    rows = con.execute("""SELECT episode_id, child_id, la_code, home_postcode, placement_postcode FROM cla_episode
                          WHERE home_postcode IS NOT NULL AND placement_postcode IS NOT NULL
                            AND la_code IN (SELECT la_code FROM authorities)""").fetchall()
    codes = postcodes.ons_codes(reference)
    codes.update(synthetic_codes(con, {r[2] for r in rows} - set(codes)))
    upper = postcodes.upper_tier(reference)
    places = postcodes.locate({r[3] for r in rows} | {r[4] for r in rows}) if rows and codes else {}
    found = []
    for episode_id, child_id, la_code, home, placement in rows:
        own = codes.get(la_code)
        a, b = places.get(postcodes.normalise(home)), places.get(postcodes.normalise(placement))
        if own is None or a is None or b is None:
            continue
        area = upper.get(b[2], b[2])
        found.append((episode_id, child_id, la_code, postcodes.miles(a, b), area != own and b[2] != own))
    con.register("placement_distance_source", pa.table({
        "episode_id": [f[0] for f in found], "child_id": [f[1] for f in found], "la_code": [f[2] for f in found],
        "distance_miles": pa.array([f[3] for f in found], pa.float64()),
        "outside_authority": pa.array([f[4] for f in found], pa.bool_())}))
    con.execute("CREATE OR REPLACE TEMP TABLE placement_distance AS SELECT * FROM placement_distance_source")
    con.unregister("placement_distance_source")
    return len(found)
