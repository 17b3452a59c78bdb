"""The Data page's Region tab: the authority's RIIA figures set against its region's compilation.

What ``carepath riia import`` loaded (:mod:`carepath.exchange.riia_region`): for each measure of a
quarter, the authority's figure, its rank among the region's authorities with a figure, the
region's median and the median of authorities with similar context answers (X25-X29), and the
compilation's quality check. The figures are the region's published aggregates (disclosure
control was applied when the region compiled them), so no child-level permission is needed.
"""
from __future__ import annotations

from carepath.exchange import riia_region
from carepath.exchange.riia_workbook import LABELS
from carepath.web.pages.common import PageContext
from carepath.web.tables import Column, DataTable, provides


def _quarter(text: str | None) -> tuple[str | None, int | None]:
    if text and len(text) == 10 and text[7:9] == " Q" and text[9] in "1234":   # "2024-25 Q3"
        return text[:7], int(text[9])
    return None, None


@provides("region")
def region_table(ctx: PageContext, params: dict) -> DataTable:
    la = ctx.la(params.get("la") or None)
    held = ctx.cursor.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'riia_region'"
                              ).fetchone()[0]
    chosen, rows = (None, [])
    quarters = []
    if held and la:
        quarters = [f"{y} Q{q}" for y, q in ctx.cursor.execute(
            "SELECT DISTINCT year, quarter FROM riia_region WHERE la_code = ? ORDER BY 1, 2", [la]).fetchall()]
        chosen, rows = riia_region.benchmarks(ctx.cursor, la, *_quarter(params.get("quarter")))
    for row in rows:
        row["label"] = LABELS.get(row["measure"], "")
    note = ("No regional compilation has been imported for this authority: a co-ordinator's compiled "
            "workbook or CSV is loaded with carepath riia import." if not rows else
            "Rank 1 is the highest figure among the region's authorities with one; similar authorities gave the "
            "same answers as this one to at least 4 of the context questions X25-X29.")
    return DataTable("region", "RIIA figures against the region", [
        Column("measure", "Measure no."), Column("label", "Measure"), Column("kind", "Of"),
        Column("value", "This authority", numeric=True), Column("rank", "Rank", numeric=True),
        Column("of", "Of authorities", numeric=True), Column("region_median", "Region median", numeric=True),
        Column("similar_median", "Similar context median", numeric=True), Column("quality", "Quality check")],
        rows, note=note, extra={"quarters": quarters,
                                "quarter": f"{chosen[0]} Q{chosen[1]}" if chosen else None, "la": la})
