"""The dashboard application: ``create_app(settings)`` builds the FastAPI app.

Pages are grouped in routers under :mod:`carepath.web.pages` (one module per page group), all
rendered from Jinja2 templates that extend ``base.html``. To add a page group, write
``pages/<name>.py`` with a ``router`` and add it to ``PAGE_ROUTERS`` below, with a ``NAV`` entry
if it belongs in the navigation (see the package docstring).
"""
from __future__ import annotations

import gzip
import importlib
import threading
import time
from collections import OrderedDict
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from carepath import __version__
from carepath.errors import CarepathError
from carepath.web import formatting
from carepath.web.accounts import Accounts
from carepath.web.audit import AuditNotWritten
from carepath.web.benchmarks import Benchmarks
from carepath.web.security import Forbidden, NotSignedIn, viewer_of
from carepath.web.settings import WebSettings
from carepath.web.store_gate import StoreBusy, StoreGate, data_version
from carepath.web.tables import rows_html
from carepath.web.throttle import Throttle

HERE = Path(__file__).resolve().parent
ANALYSES = "Analyses"
PAGE_ROUTERS = ["account", "overview", "indicator", "children", "data", "admin", "journeys", "overtime", "exports",
                "practices", "tracker", "demand", "proceedings", "pack"]
# (label, path, who sees it: None = everyone signed in, "child" = roles that may see children,
#  "pack" = analysts and authority leads, "admin"; and the menu it sits in, if any). The analyses
# share one "Analyses" menu so the bar fits on one line (``nav_entries``).
NAV = [("Overview", "/overview", None, None), ("Indicators", "/indicators", None, None),
       ("Children", "/children", "child", None),
       ("Journeys", "/journeys", None, ANALYSES), ("Over time", "/overtime", None, ANALYSES),
       ("Proceedings", "/proceedings", "child", ANALYSES), ("Demand", "/demand", None, ANALYSES),
       ("Practices", "/practices", None, ANALYSES), ("Tracker", "/tracker", "child", ANALYSES),
       ("Board pack", "/pack", "pack", None), ("Data", "/data", None, None),
       ("Admin", "/admin/audit", "admin", None)]
SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                                "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
                                "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


CACHE_ENTRIES = 2048   # things remembered per worker process; the least recently used go first
PAGE_ENTRIES = 256     # shared pages remembered per worker process (each some tens to hundreds of kB)
ACCOUNT_MARK = "<!--carepath:account-->"


@dataclass
class WebState:
    settings: WebSettings
    accounts: Accounts
    gate: StoreGate
    benchmarks: Benchmarks
    templates: Jinja2Templates
    throttle: Throttle = field(default_factory=Throttle)   # wrong passwords: the waits before the next try
    cache: OrderedDict = field(default_factory=OrderedDict)
    pages: OrderedDict = field(default_factory=OrderedDict)     # rendered shared pages (render_shared)
    _cache_lock: threading.Lock = field(default_factory=threading.Lock)
    _version: tuple = ((), None)        # (the file's version, the data version read from it)

    def data_version(self) -> tuple:
        """The store's data version: its latest load and its latest computed figure
        (:func:`carepath.web.store_gate.data_version`). Read again only when the file changes, so
        a request pays a ``stat`` for it; every worker process reads the same one."""
        stamp = self.gate.version()
        known_stamp, known = self._version
        if known_stamp != stamp or known is None:
            with self.gate.cursor() as cursor:
                known = data_version(cursor, stamp)
            self._version = (stamp, known)
        return known

    def cached(self, key, compute, store: OrderedDict | None = None, entries: int = CACHE_ENTRIES):
        """Something read from the store (figures, benchmarks, pages), remembered until the
        store's data version changes: a load or a recompute shows at the next request."""
        version = self.data_version()
        store = self.cache if store is None else store
        with self._cache_lock:
            entry = store.get(key)
            if entry is not None and entry[0] == version:
                store.move_to_end(key)
                return entry[1]
        value = compute()
        with self._cache_lock:
            store[key] = (version, value)
            store.move_to_end(key)
            while len(store) > entries:
                store.popitem(last=False)
        return value


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    env = templates.env
    env.autoescape = True
    env.filters.update(number=formatting.number, figure=formatting.figure_value, count=formatting.count,
                       day=formatting.day, cell=formatting.cell)
    env.globals.update(version=__version__, rows_html=rows_html)
    return templates


@dataclass(frozen=True)
class NavEntry:
    """One place in the navigation bar: a link (``path``), or a menu of links (``links``)."""
    label: str
    path: str | None = None
    current: bool = False
    links: tuple["NavEntry", ...] = ()


def nav_entries(viewer, here: str) -> list[NavEntry]:
    """The navigation this viewer sees on the page at ``here``: its links in ``NAV`` order, those
    of a menu gathered where the menu's first link would be; a menu is current if a link in it is."""
    entries: list[NavEntry] = []
    menus: dict[str, list[NavEntry]] = {}
    for label, path, who, menu in NAV:
        if who == "child" and not viewer.scope.child_level:
            continue
        if who == "admin" and not viewer.user.admin:
            continue
        if who == "pack" and viewer.user.role not in ("analyst", "authority_lead"):
            continue
        link = NavEntry(label, path, here.startswith(path.rsplit("/", 1)[0] or path))
        if menu is None:
            entries.append(link)
            continue
        if menu not in menus:
            menus[menu] = []
            entries.append(NavEntry(menu))                 # its place; the links are filled in below
        menus[menu].append(link)
    return [NavEntry(e.label, None, any(link.current for link in menus[e.label]), tuple(menus[e.label]))
            if e.path is None else e for e in entries]


def render(request: Request, template: str, status_code: int = 200, **context) -> HTMLResponse:
    web: WebState = request.app.state.web
    viewer = viewer_of(request)
    nav = nav_entries(viewer, request.url.path) if viewer is not None else []
    return web.templates.TemplateResponse(request, template, {"viewer": viewer, "nav": nav, **context},
                                          status_code=status_code)


def render_shared(request: Request, template: str, build) -> HTMLResponse:
    """A page that is the same for every viewer of one scope, role and administrator flag (figures,
    the catalogue: no child, nothing of the viewer's own), rendered once per data version and
    address and remembered (``WebState.pages``); only the header's account corner (name, sign-out
    form with the viewer's CSRF token) is written for each request. ``build()`` returns the
    template's context; it runs only when the page is not remembered. Child-level pages never come
    here: each of their views is checked and audited."""
    web: WebState = request.app.state.web
    viewer = viewer_of(request)
    key = (template, request.url.path, request.url.query, viewer.scope, viewer.user.role, viewer.user.admin)

    def rendered() -> str:
        context = build()
        page = web.templates.TemplateResponse(request, template, {
            **context, "viewer": None, "shared_page": True, "nav": nav_entries(viewer, request.url.path)})
        return page.body.decode("utf-8")

    html = web.cached(key, rendered, web.pages, PAGE_ENTRIES)
    account = web.templates.get_template("_account.html").render(viewer=viewer)
    return HTMLResponse(html.replace(ACCOUNT_MARK, account, 1))


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith(("/api/", "/export/"))


def create_app(settings: WebSettings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        app.state.web.gate.close()
        app.state.web.accounts.close()

    app = FastAPI(title="carepath", version=__version__, docs_url=None, redoc_url=None, openapi_url=None,
                  lifespan=lifespan)
    app.state.web = WebState(settings, Accounts(settings.web_db, settings.idle_minutes, settings.absolute_hours,
                                                hold_open=True),
                             StoreGate(settings.store, settings.store_linger_seconds),
                             Benchmarks(settings.reference, settings.like), _templates(),
                             Throttle(settings.web_db))
    app.state.web.benchmarks.warm()

    @app.middleware("http")
    async def headers(request: Request, call_next):
        started = time.perf_counter()
        response = await call_next(request)
        response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.1f}"
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if not request.url.path.startswith(("/static/", "/assets/")):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, exc: NotSignedIn):
        if _wants_json(request):
            return JSONResponse({"error": "Sign in first."}, status_code=401)
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        from urllib.parse import quote
        return RedirectResponse(f"/sign-in?next={quote(target, safe='')}", status_code=303)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden):
        if _wants_json(request):
            return JSONResponse({"error": exc.message}, status_code=exc.status)
        return render(request, "error.html", status_code=exc.status, title="You cannot open this page",
                      message=exc.message)

    @app.exception_handler(StoreBusy)
    async def busy(request: Request, exc: StoreBusy):
        if _wants_json(request):
            return JSONResponse({"error": str(exc)}, status_code=503)
        return render(request, "error.html", status_code=503, title="The store cannot be read just now",
                      message=str(exc))

    @app.exception_handler(AuditNotWritten)
    async def not_on_record(request: Request, exc: AuditNotWritten):
        if _wants_json(request):
            return JSONResponse({"error": str(exc)}, status_code=503)
        return render(request, "error.html", status_code=503, title="This could not be recorded, so it is not shown",
                      message=str(exc))

    @app.exception_handler(CarepathError)
    async def plain_error(request: Request, exc: CarepathError):
        if _wants_json(request):
            return JSONResponse({"error": str(exc)}, status_code=400)
        return render(request, "error.html", status_code=400, title="That did not work", message=str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if _wants_json(request):
            return JSONResponse({"error": exc.detail}, status_code=exc.status_code)
        title = "Page not found" if exc.status_code == 404 else "That did not work"
        message = ("There is no page at this address. Check it, or start from the overview."
                   if exc.status_code == 404 else str(exc.detail))
        return render(request, "error.html", status_code=exc.status_code, title=title, message=message)

    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    plotly_js: dict[str, bytes] = {}

    @app.get("/assets/plotly.min.js", include_in_schema=False)
    def plotly_script(request: Request):
        if not plotly_js:
            import plotly
            raw = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_bytes()
            plotly_js["raw"], plotly_js["gzip"] = raw, gzip.compress(raw, 6)
        cache = {"Cache-Control": "public, max-age=86400", "Vary": "Accept-Encoding"}
        if "gzip" in request.headers.get("accept-encoding", ""):
            return Response(plotly_js["gzip"], media_type="text/javascript",
                            headers={**cache, "Content-Encoding": "gzip"})
        return Response(plotly_js["raw"], media_type="text/javascript", headers=cache)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon():
        """Our own icon (an SVG: browsers that ask for /favicon.ico accept it), so no request ends in a 404."""
        return Response((HERE / "static" / "favicon.svg").read_bytes(), media_type="image/svg+xml",
                        headers={"Cache-Control": "public, max-age=86400"})

    @app.get("/healthz", include_in_schema=False)
    def healthz():
        return {"status": "ok", "version": __version__}

    @app.get("/", include_in_schema=False)
    def home():
        return RedirectResponse("/overview", status_code=303)

    for name in PAGE_ROUTERS:
        app.include_router(importlib.import_module(f"carepath.web.pages.{name}").router)

    return app
