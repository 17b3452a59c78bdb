"""The indicator page's context beside its benchmarks: Ofsted's latest inspection of the authority.

``inspection`` (also CSV and xlsx): the authority's ILACS judgements, read from the reference
folder by :mod:`carepath.reference.ofsted`, with its statistical neighbours' overall judgements in
the note; "not loaded" when the reference folder has no outcomes file. A synthetic authority shows
the inspection of the real authority it stands in for (``--like``), saying so.
"""
from __future__ import annotations

from carepath.reference import ofsted
from carepath.reference.ofsted import SOURCE as SOURCE_OFSTED
from carepath.web.benchmarks import is_synthetic
from carepath.web.pages.common import PageContext
from carepath.web.tables import Column, DataTable, provides


@provides("inspection")
def inspection_table(ctx: PageContext, params: dict) -> DataTable:
    """Ofsted's latest inspection outcomes for the authority (and its statistical neighbours), as context."""
    from carepath.web.pages.indicator import _where
    _, la, _, _, _ = _where(ctx, params)
    table = DataTable("inspection", "Ofsted inspection outcomes", [Column("judgement", "Judgement"),
                                                                  Column("grade", "Grade")], [])
    reference = ctx.web.benchmarks.reference
    found = ofsted.outcomes(reference)
    if not found:
        table.note = ("Ofsted's inspection outcomes are not loaded: put the ILACS outcomes file in the reference "
                      "folder (see carepath.reference.ofsted for its columns)" if reference else
                      "Ofsted's inspection outcomes are not loaded (no reference data folder was given: "
                      "carepath serve --reference DIR)") + "."
        return table
    like = ctx.web.benchmarks.like if is_synthetic(la or "") else None
    code = la if la in found else like
    if code not in found:
        table.note = f"Ofsted's published outcomes hold no inspection of {ctx.name(la)}."
        return table
    inspection = found[code]
    table.rows = [{"judgement": j, "grade": g} for j, g in inspection.judgements]
    when = inspection.end or inspection.start
    table.caption = (f"{SOURCE_OFSTED}: {inspection.name or ctx.name(code)}"
                     + (f" (the authority {ctx.name(la)} stands in for)" if code != la else "")
                     + (f", {inspection.framework} inspection" if inspection.framework else "")
                     + (f" ending {when:%d %B %Y}" if when else "")
                     + (f", published {inspection.published:%d %B %Y}" if inspection.published else "") + ".")
    neighbours = ctx.web.benchmarks.neighbours(code)
    graded = [(n, found[n].overall) for n in neighbours if n in found]
    if graded:
        counts: dict[str, int] = {}
        for _, g in graded:
            counts[g] = counts.get(g, 0) + 1
        table.note = (f"Overall effectiveness of its {len(graded)} statistical neighbours: "
                      + ", ".join(f"{g} {c}" for g, c in sorted(counts.items(), key=lambda kv: -kv[1])) + ".")
    table.extra["link"] = inspection.link
    return table
