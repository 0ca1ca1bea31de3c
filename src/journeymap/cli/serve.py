"""``journeymap serve``: the studio on uvicorn."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from ..errors import JourneymapError, MissingExtraError
from ..files.loader import WORKSPACE_FILE


def demo_workspaces() -> list[Path]:
    """The bundled example workspaces: in a source checkout ``examples/``, in a wheel ``journeymap/_examples``."""
    package = Path(__file__).resolve().parents[1]
    for folder in (package / "_examples", package.parents[1] / "examples"):
        found = sorted(p.parent for p in folder.glob(f"*/{WORKSPACE_FILE}"))
        if found:
            return found
    raise JourneymapError("the bundled examples are missing from this installation (reinstall journeymap)")


def _check_port(host: str, port: int) -> None:
    """Say plainly when the address is taken, before anything is imported or started."""
    import socket

    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as error:
        raise JourneymapError(
            f"cannot listen on {host}:{port}: {error.strerror or error} "
            "(is a studio already running there? give another --port)"
        ) from error


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from ..web.app import create_app
        from ..web.settings import DEMO_EMAIL, DEMO_PASSWORD, Settings
    except ImportError as error:
        raise MissingExtraError(f"the studio ({error.name} is missing)", "studio") from error

    folders = [Path(w) for w in args.workspace]
    for folder in folders:
        if not (folder / WORKSPACE_FILE).is_file():
            raise JourneymapError(
                f"{folder}: no {WORKSPACE_FILE} in this folder (give a workspace folder; "
                "create one with 'journeymap new workspace', or try 'journeymap serve --demo')"
            )
    if args.demo:
        folders += demo_workspaces()
    from ..files.loader import read_workspace

    for folder in folders:
        read_workspace(folder)  # a folder with errors is refused here, with every problem, before anything starts
    database = args.database
    if database is None:
        if args.demo or not folders:
            database = str(Path(tempfile.mkdtemp(prefix="journeymap-studio-")) / "studio.db")
        else:
            database = str(folders[0] / ".journeymap" / "studio.db")
    _check_port(args.host, args.port)
    settings = Settings(database=database, workspaces=folders, demo=args.demo)
    app = create_app(settings)
    url = f"http://{'localhost' if args.host in ('127.0.0.1', '::1', 'localhost') else args.host}:{args.port}/"
    sys.stderr.write(f"journeymap studio on {url} (store: {settings.database}); Ctrl+C stops it\n")
    if args.demo:
        sys.stderr.write(f"demo account: {DEMO_EMAIL} / {DEMO_PASSWORD}\n")
    if not args.no_browser and sys.stdout.isatty():
        import threading
        import webbrowser

        threading.Timer(1.5, webbrowser.open, (url,)).start()
    uvicorn.run(
        app, host=args.host, port=args.port, log_level="warning", ws="websockets-sansio", ws_per_message_deflate=False
    )
    return 0
