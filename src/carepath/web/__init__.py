"""The web dashboard: scorecards, indicators, benchmarks, funnel plots, children's records.

``carepath serve`` (:mod:`carepath.web.cli`) runs :func:`carepath.web.app.create_app` under
uvicorn. Pages are rendered on the server (Jinja2, ``templates/``); charts are Plotly figures
sent as JSON and drawn in the browser by ``static/charts.js`` with the plotly.min.js of the
installed plotly package, served by the app (never a CDN).

How it fits together:

* :mod:`.store_gate` reads the DuckDB store read-only, only while requests need it;
  :mod:`.results`, :mod:`.records`, :mod:`.dataload` are the reads.
* :mod:`.accounts` (users, sessions), :mod:`.audit` (append-only log) live in the SQLite
  accounts file; :mod:`.security` gives ``require_user(role...)`` and the CSRF check;
  :mod:`.scope` says which children each role may see; :mod:`.control` applies disclosure
  control to aggregates for viewers who may not see every child.
* :mod:`.tables` makes every table downloadable (CSV, xlsx) from the provider that builds it.
* :mod:`.pages` holds one router module per page group.

Adding a page group (a journeys page, say):

1. ``pages/journeys.py`` with ``router = APIRouter()`` and handlers like::

       @router.get("/journeys")
       def journeys(request: Request, viewer: Viewer = Depends(require_user())):
           with PageContext.open(request, viewer) as ctx:
               la = ctx.la(request.query_params.get("la"))
               table = journeys_table(ctx, dict(request.query_params))
               return render(request, "journeys.html", table=table, **ctx.common(la))

   Child-level handlers use ``require_user(*CHILD_LEVEL_ROLES)`` and check each child with
   :func:`.scope.can_see_child` (``ctx.refuse(...)`` audits and answers 403; ``ctx.audit(...)``
   records an allowed view). Aggregates shown to viewers who may not see every child go through
   :func:`.control.suppress_counts` or :func:`.control.control_grid` (from/to tables).
2. A table provider ``@provides("journeys")`` returning a :class:`.tables.DataTable` gives the
   ``/export/journeys.csv`` and ``.xlsx`` downloads for free (import the module in
   ``pages/exports.py`` so it registers).
3. ``templates/journeys.html`` extending ``base.html``; the macros ``data_table`` and ``chart``
   (``macros.html``) draw a table with its downloads and a Plotly chart with PNG/SVG buttons. A
   page's own script goes in ``static/`` and is loaded in ``{% block scripts %}`` (the Content
   Security Policy allows scripts from the app only, never inline).
4. Add the module name to ``PAGE_ROUTERS`` in :mod:`.app` and, for the navigation,
   a ``NAV`` entry (an analysis goes in the ``ANALYSES`` menu).
"""
