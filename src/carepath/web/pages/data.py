"""Data: every load with its row accounting, the rejected rows and the DfE validation issues; and
the authority's RIIA figures against its region's imported compilation (:mod:`.data_region`); the
completeness of key fields by team and month (:mod:`.data_quality`) and the timeliness of recording
(:mod:`.data_timeliness`).

The loads (files, formats and counts) are shown to everyone signed in. Rejected rows carry the
raw text of the row and validation issues name children, so both are child-level: only an
analyst, or the authority lead of the authority concerned, opens them, and each view is audited.
"""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from carepath.web import dataload
from carepath.web.app import render
from carepath.web.pages.common import PageContext, query
from carepath.web.pages.data_quality import quality_table
from carepath.web.pages.data_region import region_table
from carepath.web.pages.data_timeliness import timeliness_table
from carepath.web.scope import ANALYST, AUTHORITY_LEAD
from carepath.web.security import Viewer, require_user
from carepath.web.tables import Column, DataTable, provides

router = APIRouter()
TABS = (("loads", "Loads"), ("rejects", "Rejected rows"), ("issues", "Validation issues"),
        ("region", "Region (RIIA)"), ("quality", "Data quality"), ("timeliness", "Recording timeliness"))


def _int(value) -> int | None:
    return int(value) if value and str(value).isdigit() else None


def _la(ctx: PageContext, params: dict) -> str | None:
    requested = params.get("la") or None
    if ctx.scope.role == ANALYST:
        return requested
    return requested or ctx.scope.la_code


def _may_see_rows(ctx: PageContext, la: str | None) -> bool:
    return ctx.scope.role == ANALYST or (ctx.scope.role == AUTHORITY_LEAD and la == ctx.scope.la_code)


@provides("loads")
def loads_table(ctx: PageContext, params: dict) -> DataTable:
    la = params.get("la") or None
    found, total = ctx.stored(dataload.loads, la, params.get("format") or None, (params.get("q") or "").strip())
    return DataTable("loads", "Loads", [
        Column("batch_id", "Load", numeric=True), Column("la_code", "LA"), Column("file_name", "File"),
        Column("format", "Format"), Column("return_year", "Year"), Column("loaded_at", "Loaded"),
        Column("rows_read", "Rows read", numeric=True), Column("rows_loaded", "Loaded", numeric=True),
        Column("rows_rejected", "Rejected", numeric=True,
               link=lambda r: f"/data?tab=rejects&batch={r['batch_id']}" if r.get("rows_rejected") else None)],
        found, total_rows=total, extra={"totals": ctx.stored(dataload.load_totals, la)})


@provides("rejects")
def rejects_table(ctx: PageContext, params: dict) -> DataTable:
    la, batch = _la(ctx, params), _int(params.get("batch"))
    target = "rejected rows" + (f" of load {batch}" if batch else "") + (f" LA {la}" if la else "")
    if not _may_see_rows(ctx, la):
        ctx.refuse("rejects", target, "Rejected rows hold the raw text of children's records: only an analyst or "
                   "the authority's lead can open them.")
    found, total = dataload.rejects(ctx.cursor, la, batch, params.get("table") or None, (params.get("q") or "").strip())
    ctx.audit("rejects", target)
    return DataTable("rejects", "Rejected rows", [
        Column("batch_id", "Load", numeric=True), Column("file_name", "File"), Column("table_name", "Table"),
        Column("row_ref", "Where"), Column("field", "Field"), Column("rule", "Rule"), Column("reason", "Reason"),
        Column("raw", "Row as read")], found, total_rows=total, child_level=True)


@provides("issues")
def issues_table(ctx: PageContext, params: dict) -> DataTable:
    la, run = _la(ctx, params), _int(params.get("run"))
    target = "validation issues" + (f" of run {run}" if run else "") + (f" LA {la}" if la else "")
    if not _may_see_rows(ctx, la):
        ctx.refuse("issues", target, "Validation issues name children: only an analyst or the authority's lead "
                   "can open them.")
    found, total = dataload.issues(ctx.cursor, la, run, params.get("type") or None, (params.get("q") or "").strip())
    ctx.audit("issues", target, [r["child_id"] for r in found])
    return DataTable("issues", "Validation issues", [
        Column("run_id", "Run", numeric=True), Column("la_code", "LA"), Column("return_kind", "Return"),
        Column("return_year", "Year"), Column("rule_code", "Rule"), Column("rule_type", "Type"),
        Column("rule_message", "Message"), Column("child_id", "Child"), Column("table_name", "Table"),
        Column("field", "Field"), Column("row_ref", "Where"), Column("value", "Values")],
        found, total_rows=total, child_level=True)


@router.get("/data")
def data_page(request: Request, viewer: Viewer = Depends(require_user())):
    params = dict(request.query_params)
    tab = params.get("tab") if params.get("tab") in dict(TABS) else "loads"
    provider = {"loads": loads_table, "rejects": rejects_table, "issues": issues_table, "region": region_table,
                "quality": quality_table, "timeliness": timeliness_table}[tab]
    with PageContext.open(request, viewer) as ctx:
        table = provider(ctx, params)
        keep = {k: params.get(k) for k in ("la", "format", "q", "batch", "table", "run", "type", "quarter")}
        return render(request, "data.html", table=table, tab=tab, tabs=TABS, params=keep,
                      formats=ctx.stored(dataload.formats), runs=ctx.stored(dataload.validation_runs),
                      may_see_rows=_may_see_rows(ctx, _la(ctx, params)),
                      export_query=query(**keep), **ctx.common(None))
