"""The studio's app factory: FastAPI with the JSON API under /api, the live documents, and the built front end."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.routing import Match

from .._version import __version__
from . import errors
from .api import admin, analysis, auth, catalog, evidence, exports, feedback, maps, refresh, team, workspaces
from .api import links as links_api
from .api import method as method_api
from .api import ops as ops_api
from .api import portfolio as portfolio_api
from .bodylimit import BodyLimit, request_limit, upload_limit
from .errors import ApiError
from .refresh_service import RefreshSchedule, run_schedule
from .requestlog import RequestLog
from .security import SecurityHeaders
from .services import Studio
from .settings import Settings

STATIC = Path(__file__).resolve().parent / "static"

RUNNING: list[Studio] = []
"""The studios whose app is serving in this process (:class:`journeymap.web.server.StudioServer` drains them
before the server closes its connections)."""

NOT_BUILT = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>journeymap studio</title></head>
<body><h1>The studio's front end is not built</h1><p>Install journeymap with pip (the package build runs
<code>npm ci &amp;&amp; npm run build</code> in <code>frontend/</code>), or run those commands yourself.</p>
</body></html>"""


def create_app(settings: Settings) -> FastAPI:
    studio = Studio(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        studio.start()
        RUNNING.append(studio)
        try:
            async with anyio.create_task_group() as background:
                background.start_soon(run_schedule, studio, RefreshSchedule())  # evidence refresh (docs/refresh.md)
                background.start_soon(studio.rooms.run_relay)  # the other processes on the store, if any
                yield
                background.cancel_scope.cancel()
        finally:
            RUNNING.remove(studio)
            await studio.stop()

    app = FastAPI(
        title="journeymap studio",
        version=__version__,
        lifespan=lifespan,
        openapi_url="/api/openapi.json",
        docs_url=None,  # /api/docs below: Swagger UI from the package, under the studio's CSP
        redoc_url=None,
    )
    app.state.studio = studio
    errors.install(app)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, upload_bytes=upload_limit(settings.max_upload_mb), request_bytes=request_limit)
    app.add_middleware(RequestLog)  # outermost: every request and its log lines carry a request id
    static = settings.static_dir or STATIC
    app.include_router(_api_router(studio, static))
    _add_api_not_found(app)
    _add_pages(app, studio, static)
    return app


def _api_router(studio: Studio, static: Path) -> APIRouter:
    """Every route under /api: the API reference, the health check, and the routers of ``web/api/``."""
    api = APIRouter(prefix="/api")

    @api.get("/docs", include_in_schema=False)
    def api_docs() -> Response:
        """The API reference: Swagger UI served by the studio itself (no CDN, no inline script)."""
        if not (static / "api-docs" / "swagger-ui-bundle.js").is_file():
            return HTMLResponse(NOT_BUILT, status_code=503)
        return HTMLResponse(API_DOCS, headers={"cache-control": "no-cache"})

    @api.get("/health", tags=["meta"])
    async def health(response: Response) -> dict[str, object]:
        """Whether this process can serve: its store answers, and (PostgreSQL) its relay to the other processes
        listens. 503 when not, or while the process is stopping — a load balancer sends nobody to it then."""
        report = await health_report(studio)
        if not report["ok"]:
            response.status_code = 503
        return report

    for module in (auth, workspaces, maps, evidence, feedback, refresh, analysis, exports, team, admin, catalog):
        api.include_router(module.router)
    api.include_router(portfolio_api.router)
    api.include_router(links_api.router)
    api.include_router(method_api.router)
    api.include_router(ops_api.router)
    return api


async def health_report(studio: Studio) -> dict[str, object]:
    from ..store.notify import ping

    store_ok = False
    with anyio.move_on_after(5):
        try:
            await anyio.to_thread.run_sync(ping, studio.store, abandon_on_cancel=True)
            store_ok = True
        except Exception:  # the store is down or unreachable: the health check says so
            store_ok = False
    relay = studio.relay
    stopping = studio.rooms.draining
    return {
        "ok": store_ok and relay.ready and not stopping,
        "version": __version__,
        "database": studio.store.dialect,
        "store": "ready" if store_ok else "unavailable",
        "relay": ("ready" if relay.ready else "connecting") if relay.active else "single process",
        "stopping": stopping,
        "rooms": len(studio.rooms.rooms),
        "clients": sum(len(room.connections) for room in studio.rooms.rooms.values()),
    }


CATCH_ALL = ("/api/{rest:path}", "/{path:path}")
"""The routes that take any path: the API's not-found answer and the single-page app."""


def _add_api_not_found(app: FastAPI) -> None:
    """An /api path with no route: 405 with ``Allow`` when the path has other methods, else 404 (never the app's
    index page). Added after the API's routes, so it is tried after them."""

    def allowed_methods(request: Request) -> list[str]:
        """The methods the API has for the request's path (empty when it has none)."""
        return [
            method
            for method in ("GET", "POST", "PUT", "PATCH", "DELETE")
            if any(
                getattr(route, "path", None) not in CATCH_ALL
                and route.matches({**request.scope, "method": method})[0] is Match.FULL
                for route in app.router.routes
            )
        ]

    @app.api_route(CATCH_ALL[0], methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False)
    def api_not_found(rest: str, request: Request) -> Response:
        allowed = allowed_methods(request)
        if allowed:  # the path exists, the method does not
            response = errors.body(
                405, "unsupported", f"{request.method} is not allowed on /api/{rest}", f"use {', '.join(allowed)}"
            )
            response.headers["allow"] = ", ".join(allowed)
            return response
        raise ApiError(404, f"no API route /api/{rest}", hint="see /api/docs")


def _add_pages(app: FastAPI, studio: Studio, static: Path) -> None:
    """The built front end: its assets, share links, and the single-page app (last: it takes every path)."""
    if (static / "assets").is_dir():
        app.mount("/assets", StaticFiles(directory=static / "assets"), name="assets")

    @app.get("/s/{token}", include_in_schema=False)
    def shared_map(token: str, request: Request) -> Response:
        """A share link: the token is checked before any page is served (410 Gone once revoked or expired); a live
        one leaves the ``jm_share`` cookie and opens the map page."""
        return share_page(studio, static, token, request)

    @app.get(CATCH_ALL[1], include_in_schema=False)
    def page(path: str, request: Request) -> Response:
        """The single-page app: its files, and index.html for every route of the app."""
        candidate = (static / path).resolve()
        if path and candidate.is_file() and candidate.is_relative_to(static.resolve()):
            return FileResponse(candidate)
        index = static / "index.html"
        if index.is_file():
            return FileResponse(index, headers={"cache-control": "no-cache"})
        return HTMLResponse(NOT_BUILT, status_code=503)


API_DOCS = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>journeymap studio — API reference</title><link rel="icon" href="/favicon.svg">
<link rel="stylesheet" href="/api-docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api-docs/swagger-ui-bundle.js"></script><script src="/api-docs/init.js"></script></body></html>"""
"""Swagger UI's page: its bundle and style sheet come from the front-end build (npm ``swagger-ui-dist``, copied into
``static/api-docs``), ``init.js`` starts it."""

GONE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<link rel="icon" href="/favicon.svg"><link rel="stylesheet" href="/page.css"></head>
<body><main><h1>{title}</h1><p>{text}</p>
<p><a href="/">Go to the studio</a></p></main></body></html>"""


def share_page(studio: Studio, static: Path, token: str, request: Request) -> Response:
    from ..store import team
    from ..store.repo import aware
    from .deps import share_grant
    from .security import CSRF_COOKIE, SHARE_COOKIE, new_csrf_token, transport

    with studio.store.session() as db:
        link = team.share_link_by_token(db, token) if len(token) <= 100 else None
        grant = share_grant(db, token) if link is not None else None
    if link is None:
        text = "There is no map at this link. Check that it was copied whole."
        return HTMLResponse(GONE.format(title="Link not found", text=text), status_code=404)
    if grant is None:
        text = "This share link was revoked or has expired. Ask the person who shared it for a new one."
        return HTMLResponse(GONE.format(title="This link is no longer valid", text=text), status_code=410)
    index = static / "index.html"
    if not index.is_file():
        return HTMLResponse(NOT_BUILT, status_code=503)
    response: Response = FileResponse(index, headers={"cache-control": "no-store"})
    secure, _, _ = transport(request, studio.settings)
    age = max(60, int((aware(link.expires_at) - team.utcnow()).total_seconds()))
    response.set_cookie(SHARE_COOKIE, token, max_age=age, httponly=True, secure=secure, samesite="lax", path="/")
    if not request.cookies.get(CSRF_COOKIE):
        response.set_cookie(CSRF_COOKIE, new_csrf_token(), httponly=False, secure=secure, samesite="strict", path="/")
    return response
