"""Running the studio on uvicorn: one process, or several worker processes on one PostgreSQL store, each stopped
gracefully.

* :class:`StudioServer` drains the studio before uvicorn closes its connections: it stops accepting connections,
  takes no more edits, waits for those taken to be committed and acknowledged, and closes the live connections
  with 1012 (restarting), so that every edit in flight is either acknowledged or never applied (its client keeps it
  and sends it again once reconnected — to this server when it is back, or to another worker).
* :func:`run` with ``workers`` > 1 starts uvicorn's supervisor: the workers share the listening socket (the kernel
  spreads connections among them), each builds its app from the settings the parent leaves in
  :data:`SETTINGS_ENV` (:func:`app_from_environment`), and a worker that dies is started again. The parent
  migrates the store and imports the workspaces once before any worker starts.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import socket
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import uvicorn
from uvicorn.supervisors.multiprocess import Process as _Process

from .settings import Settings

if TYPE_CHECKING:
    from fastapi import FastAPI

SETTINGS_ENV = "JOURNEYMAP_STUDIO_SETTINGS"
"""The studio's settings as JSON, for worker processes."""
DRAIN_SECONDS = 10.0


class StudioServer(uvicorn.Server):
    """uvicorn's server, draining the studio's live documents before it closes connections."""

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        from .app import RUNNING

        for server in self.servers:
            server.close()  # no new connections while the studio drains
        for studio in list(RUNNING):
            await studio.rooms.drain(DRAIN_SECONDS)
        await super().shutdown(sockets)


def settings_json(settings: Settings) -> str:
    data = dataclasses.asdict(settings)
    data["workspaces"] = [str(path) for path in settings.workspaces]
    data["static_dir"] = str(settings.static_dir) if settings.static_dir else None
    return json.dumps(data)


def settings_from_json(text: str) -> Settings:
    data: dict[str, Any] = json.loads(text)
    data["workspaces"] = [Path(path) for path in data.get("workspaces", [])]
    data["static_dir"] = Path(data["static_dir"]) if data.get("static_dir") else None
    return Settings(**data)


def app_from_environment() -> FastAPI:
    """The app of a worker process (uvicorn's factory): the settings the parent left in :data:`SETTINGS_ENV`."""
    from .app import create_app

    text = os.environ.get(SETTINGS_ENV)
    if not text:
        raise RuntimeError(f"{SETTINGS_ENV} is not set: worker processes are started by 'journeymap serve --workers'")
    return create_app(settings_from_json(text))


def prepare_store(settings: Settings) -> None:
    """Migrate the store and import the workspaces once, before the workers start (they find them imported)."""
    from .services import Studio

    studio = Studio(settings)
    try:
        studio.start()
    finally:
        studio.store.dispose()


def serve_one(app: FastAPI, **options: Any) -> None:
    """Serve ``app`` in this process until stopped."""
    StudioServer(uvicorn.Config(app, **options)).run()


def run(settings: Settings, options: dict[str, Any], *, workers: int = 1) -> None:
    """Serve until stopped (SIGINT, SIGTERM): one process, or ``workers`` processes."""
    if workers <= 1:
        from .app import create_app

        serve_one(create_app(settings), **options)
        return
    from uvicorn.supervisors import multiprocess

    from . import metrics

    prepare_store(settings)
    os.environ[SETTINGS_ENV] = settings_json(settings)
    chosen = os.environ.get(metrics.MULTIPROC_ENV)  # an operator's folder is kept; ours is removed at the end
    folder = metrics.prepare_multiprocess_dir(Path(chosen or tempfile.mkdtemp(prefix="journeymap-metrics-")))
    config = uvicorn.Config(f"{__name__}:app_from_environment", factory=True, workers=workers, **options)
    sock = config.bind_socket()
    # the supervisor (this process only) starts, and starts again, workers that run a StudioServer
    multiprocess.Process = StudioProcess  # type: ignore[misc]
    try:
        multiprocess.Multiprocess(config, sockets=[sock]).run()
    finally:
        if not chosen:
            shutil.rmtree(folder, ignore_errors=True)


class StudioProcess(_Process):
    """A worker of uvicorn's supervisor whose server is a :class:`StudioServer` (it travels to the worker with
    the process object)."""

    def __init__(self, config: uvicorn.Config, sockets: list[socket.socket]) -> None:
        super().__init__(config, sockets)
        self._server = StudioServer(config=config)
