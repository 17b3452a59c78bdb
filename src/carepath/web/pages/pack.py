"""The "Board pack" page: analysts and authority leads type the commentary for each board indicator
of a quarter (stored with the period, :mod:`carepath.web.pack_notes`) and download the pack as PDF
or HTML (:mod:`carepath.reports.pack`), the same document ``carepath report pack`` writes.

The pack is disclosure-controlled as the data book is, and shows only figures already computed.
Its targets are the board's file ``<store>.targets.yml`` beside the store when there is one, else
the shipped default. Saving commentary and downloading the pack are audited.
"""
from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from carepath.errors import CarepathError
from carepath.exchange.disclosure import Rules
from carepath.indicators import catalogue, periods
from carepath.reports import pack as pack_mod
from carepath.reports import pack_render
from carepath.web import pack_notes
from carepath.web.app import render
from carepath.web.pages.common import PageContext, query
from carepath.web.scope import ANALYST, AUTHORITY_LEAD
from carepath.web.security import Viewer, check_csrf, require_user

router = APIRouter()
WHO = (ANALYST, AUTHORITY_LEAD)
FORMATS = {"pdf": "application/pdf", "html": "text/html; charset=utf-8"}


def targets_file(ctx: PageContext) -> Path:
    beside = Path(str(ctx.web.settings.store) + ".targets.yml")
    return beside if beside.is_file() else pack_mod.DEFAULT_TARGETS


def choices(ctx: PageContext, params: dict) -> dict:
    la = ctx.la(params.get("la"))
    if la is None:
        raise CarepathError("The store holds no children yet. Load returns with `carepath load`.")
    if not ctx.scope.sees_everything_of(la):
        ctx.refuse("board pack", la, "The board pack is for the analysts and authority lead of this authority.")
    set_name = params.get("set") if params.get("set") in catalogue.sets() else "board"
    quarters = [p.label for p in ctx.periods(la) if p.kind == "quarter"]
    period = params.get("period") if params.get("period") in quarters else (quarters[-1] if quarters else None)
    return {"la": la, "set": set_name, "period": period, "quarters": quarters}


def pages_of(ctx: PageContext, c: dict) -> list[pack_mod.Page]:
    chosen = catalogue.get_set(c["set"])
    wanted = periods.series(periods.parse(c["period"]), 8)
    return pack_mod.collect(ctx.cursor, chosen, wanted, c["la"], ctx.web.benchmarks.published(), Rules(),
                            pack_mod.load_targets(targets_file(ctx)),
                            pack_notes.current(ctx.web.accounts, c["la"], c["set"], c["period"]), ctx.web.settings.like)


@router.get("/pack")
def pack_page(request: Request, viewer: Viewer = Depends(require_user(*WHO))):
    params = dict(request.query_params)
    with PageContext.open(request, viewer) as ctx:
        c = choices(ctx, params)
        pages, problem = [], None
        if c["period"] is None:
            problem = (f"No quarter has been computed for {c['la']} yet. Compute the board's figures first: "
                       f"carepath indicators run --set {c['set']} --period 2025Q2 --periods 8 --la {c['la']}")
        else:
            try:
                pages = pages_of(ctx, c)
            except CarepathError as error:
                problem = str(error)
        ctx.audit("board pack", f"{c['set']} {c['period']} of {c['la']}")
        return render(request, "pack.html", choice=c, pages=pages, problem=problem,
                      sets=[(s.name, s.title) for s in catalogue.sets().values()], saved=params.get("saved"),
                      targets=targets_file(ctx).name,
                      download=lambda fmt: f"/pack/download.{fmt}?" + query(la=c["la"], set=c["set"],
                                                                            period=c["period"]),
                      **ctx.common(c["la"]))


@router.post("/pack/commentary")
async def save_commentary(request: Request, viewer: Viewer = Depends(require_user(*WHO))):
    form = await check_csrf(request, viewer)
    with PageContext.open(request, viewer, purpose="write") as ctx:
        c = choices(ctx, form)
        if c["period"] is None or form.get("period") != c["period"]:
            raise CarepathError("Choose a computed quarter before writing commentary.")
        known = set(catalogue.get_set(c["set"]).indicator_ids)
        before = pack_notes.current(ctx.web.accounts, c["la"], c["set"], c["period"])
        changed = []
        for key, text in form.items():
            if not key.startswith("commentary:"):
                continue
            indicator_id = key.split(":", 1)[1]
            if indicator_id in known and (text or "").strip() != (before[indicator_id].text if indicator_id in before else ""):
                pack_notes.save(ctx.web.accounts, viewer.user, c["la"], c["set"], c["period"], indicator_id, text)
                changed.append(indicator_id)
        ctx.audit("pack commentary", f"{c['set']} {c['period']} of {c['la']}: {', '.join(changed) or 'no change'}")
    return RedirectResponse("/pack?" + query(la=c["la"], set=c["set"], period=c["period"], saved=str(len(changed))),
                            status_code=303)


@router.get("/pack/download.{fmt}")
def download(fmt: str, request: Request, viewer: Viewer = Depends(require_user(*WHO))):
    if fmt not in FORMATS:
        raise CarepathError(f"The pack downloads as PDF or HTML, not '{fmt}'.")
    with PageContext.open(request, viewer, purpose="download") as ctx:
        c = choices(ctx, dict(request.query_params))
        if c["period"] is None:
            raise CarepathError("No quarter has been computed yet: compute the board's figures first.")
        pages = pages_of(ctx, c)
        chosen = catalogue.get_set(c["set"])
        ctx.audit("board pack", f"{fmt} {c['set']} {c['period']} of {c['la']}")
        document = pack_render.html(pages, chosen.title, c["la"], ctx.name(c["la"]), c["period"], chosen.source, True,
                                    targets_file(ctx))
    body = pack_render.pdf(document) if fmt == "pdf" else document.encode()
    name = f"board-pack-{c['la']}-{c['period']}.{fmt}"
    return Response(body, media_type=FORMATS[fmt], headers={"Content-Disposition": f'attachment; filename="{name}"'})
