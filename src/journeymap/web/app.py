"""The studio's app factory: FastAPI with the JSON API under /api, the live documents, and the built front end."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.routing import Match

from .._version import __version__
from . import errors
from .api import auth, evidence, exports, maps, workspaces
from .errors import ApiError
from .security import SecurityHeaders
from .services import Studio
from .settings import Settings

STATIC = Path(__file__).resolve().parent / "static"

NOT_BUILT = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>journeymap studio</title></head>
<body><h1>The studio's front end is not built</h1><p>Install journeymap with pip (the package build runs
<code>npm ci &amp;&amp; npm run build</code> in <code>frontend/</code>), or run those commands yourself.</p>
</body></html>"""


def create_app(settings: Settings) -> FastAPI:
    studio = Studio(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        studio.start()
        try:
            yield
        finally:
            await studio.stop()

    app = FastAPI(
        title="journeymap studio",
        version=__version__,
        lifespan=lifespan,
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.studio = studio
    errors.install(app)
    app.add_middleware(SecurityHeaders)

    api = APIRouter(prefix="/api")

    @api.get("/health", tags=["meta"])
    def health() -> dict[str, object]:
        return {"ok": True, "version": __version__, "database": studio.store.dialect}

    for module in (auth, workspaces, maps, evidence, exports):
        api.include_router(module.router)
    app.include_router(api)

    catch_all = ("/api/{rest:path}", "/{path:path}")

    def allowed_methods(request: Request) -> list[str]:
        """The methods the API has for the request's path (empty when it has none)."""
        return [
            method
            for method in ("GET", "POST", "PUT", "PATCH", "DELETE")
            if any(
                getattr(route, "path", None) not in catch_all
                and route.matches({**request.scope, "method": method})[0] is Match.FULL
                for route in app.router.routes
            )
        ]

    @app.api_route(catch_all[0], methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False)
    def api_not_found(rest: str, request: Request) -> Response:
        allowed = allowed_methods(request)
        if allowed:  # the path exists, the method does not
            response = errors.body(
                405, "unsupported", f"{request.method} is not allowed on /api/{rest}", f"use {', '.join(allowed)}"
            )
            response.headers["allow"] = ", ".join(allowed)
            return response
        raise ApiError(404, f"no API route /api/{rest}", hint="see /api/docs")

    static = settings.static_dir or STATIC
    if (static / "assets").is_dir():
        app.mount("/assets", StaticFiles(directory=static / "assets"), name="assets")

    @app.get("/{path:path}", include_in_schema=False)
    def page(path: str, request: Request) -> Response:
        """The single-page app: its files, and index.html for every route of the app."""
        candidate = (static / path).resolve()
        if path and candidate.is_file() and candidate.is_relative_to(static.resolve()):
            return FileResponse(candidate)
        index = static / "index.html"
        if index.is_file():
            return FileResponse(index, headers={"cache-control": "no-cache"})
        return HTMLResponse(NOT_BUILT, status_code=503)

    return app
