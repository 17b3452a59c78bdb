"""Downloads: ``/export/<table>.csv`` and ``.xlsx`` for every table a page shows.

The export calls the same provider as the page, with the page's query, so the file holds
exactly the rows on the screen (disclosure control and scope included). Child-level providers
audit the export themselves (the action reads ``export csv ...``).
"""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from carepath.web.pages import children, data, demand, indicator, overview  # noqa: F401  (they register providers)
from carepath.web.pages.common import PageContext
from carepath.web.security import Viewer, require_user
from carepath.web.tables import FORMATS, PROVIDERS

router = APIRouter()


@router.get("/export/{name}.{fmt}")
def export(name: str, fmt: str, request: Request, viewer: Viewer = Depends(require_user())):
    if name not in PROVIDERS or fmt not in FORMATS:
        raise HTTPException(404, f"There is no table '{name}' to export as '{fmt}'.")
    media_type, write = FORMATS[fmt]
    with PageContext.open(request, viewer, purpose=f"export {fmt}") as ctx:
        table = PROVIDERS[name](ctx, dict(request.query_params))
    return Response(write(table), media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="carepath-{name}.{fmt}"'})
