"""``journeymap serve``: the studio on uvicorn."""

from __future__ import annotations

import argparse
import os
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


def _check_database(database: str) -> None:
    """Refuse a database URL the store cannot use (an unsupported engine, a malformed URL) before anything starts;
    the store is opened for good, and migrated, once the port is taken."""
    from ..store.db import backend_name, open_store

    backend = backend_name(database)
    if backend is None:
        raise JourneymapError(
            f"--database {database!r}: not a database URL (give a SQLite file path or a "
            "postgresql://user@host:port/database URL)"
        )
    if backend != "sqlite":  # a SQLite file is made when the store opens; any other engine the store checks now
        open_store(database, migrate=False).dispose()


LOOPBACK = ("127.0.0.1", "::1", "localhost")
INSECURE_WARNING = (
    "warning: --insecure-http: cookies are sent without Secure over plain HTTP: anyone on the network path can "
    "take a session; use TLS, see docs/deploy.md\n"
)


def _public_url(value: str | None) -> str | None:
    if value is None:
        return None
    from urllib.parse import urlsplit

    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise JourneymapError(
            f"--public-url {value!r}: give the address people open, such as https://cx.example.org "
            "(http or https, a host, optionally a port and a path)"
        )
    return value.strip().rstrip("/")


def uvicorn_options(args: argparse.Namespace) -> dict[str, object]:
    """How uvicorn runs: behind a proxy it believes ``X-Forwarded-*`` from the proxy's addresses, else from no
    one (uvicorn's own default would trust 127.0.0.1); logs as ``--log-format`` and ``--log-level`` say."""
    from ..web.requestlog import logging_config

    fmt = getattr(args, "log_format", "text")
    level = getattr(args, "log_level", None) or ("info" if fmt == "json" else "warning")
    options: dict[str, object] = {
        "host": args.host,
        "port": args.port,
        "log_level": level,
        "log_config": logging_config(fmt, level),
        "ws": "websockets-sansio",
        "ws_per_message_deflate": False,
    }
    if args.behind_proxy:
        options |= {"proxy_headers": True, "forwarded_allow_ips": args.forwarded_allow_ips or "127.0.0.1"}
    else:
        options["proxy_headers"] = False
    return options


def _store(args: argparse.Namespace, folders: list[Path]) -> tuple[str, str]:
    """The store's URL or path, and a few words on where it is when nobody chose it."""
    if args.database is not None:
        return args.database, ""
    if args.demo:
        folder = tempfile.mkdtemp(prefix="journeymap-studio-")
        return str(Path(folder) / "studio.db"), "temporary"
    if folders:
        return str(folders[0] / ".journeymap" / "studio.db"), ""
    from ..store.location import DATA_DIR_ENV, default_database

    return str(default_database()), f"your studio's data folder; ${DATA_DIR_ENV} or --database to choose another"


def _notes(args: argparse.Namespace, url: str) -> None:
    if args.insecure_http:
        sys.stderr.write(INSECURE_WARNING)
    elif args.host not in LOOPBACK and not args.behind_proxy:
        sys.stderr.write(
            f"note: nobody can sign in over plain HTTP at {url} (the session cookie is Secure): put the studio "
            "behind a proxy with TLS and add --behind-proxy (docs/deploy.md), or, on a network you trust, "
            "--insecure-http\n"
        )


def _workspaces(args: argparse.Namespace) -> list[Path]:
    """The workspace folders to serve (with the examples under --demo), each read and refused with its problems."""
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
    return folders


def _options(args: argparse.Namespace) -> str | None:
    """Check the options (and apply --max-upload-mb); the public URL."""
    if not 0 < args.port <= 65535:
        raise JourneymapError(f"--port {args.port}: give a port from 1 to 65535")
    if args.forwarded_allow_ips is not None and not args.behind_proxy:
        raise JourneymapError("--forwarded-allow-ips names the proxy of --behind-proxy: give both, or neither")
    public_url = _public_url(args.public_url)
    if args.max_upload_mb is not None:
        if args.max_upload_mb < 1:
            raise JourneymapError("--max-upload-mb: give a whole number of megabytes, 1 or more")
        from ..limits import ENV_PREFIX, set_limits

        set_limits(upload_mb=args.max_upload_mb)
        os.environ[f"{ENV_PREFIX}UPLOAD_MB"] = str(args.max_upload_mb)  # worker processes read it
    if not 1 <= args.workers <= 64:
        raise JourneymapError(f"--workers {args.workers}: give a number of processes from 1 to 64")
    return public_url


def _check_workers(args: argparse.Namespace, database: str) -> None:
    from ..store.db import backend_name

    if args.workers > 1 and backend_name(database) != "postgresql":
        raise JourneymapError(
            f"--workers {args.workers}: several processes need a PostgreSQL store (a SQLite file is served by one "
            "process); give --database postgresql://user@host:port/database, or leave out --workers"
        )


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        from ..web.server import run
        from ..web.settings import DEMO_EMAIL, DEMO_PASSWORD, Settings
    except ImportError as error:
        raise MissingExtraError(f"the studio ({error.name} is missing)", "studio") from error

    folders = _workspaces(args)
    public_url = _options(args)
    database, where = _store(args, folders)
    try:
        _check_workers(args, database)
        _check_database(database)  # every option is checked before the port is taken: a refusal names its cause
        _check_port(args.host, args.port)
        settings = Settings(
            database=database,
            workspaces=folders,
            demo=args.demo,
            open_signup=args.open_signup,
            insecure_http=args.insecure_http,
            behind_proxy=args.behind_proxy,
            forwarded_allow_ips=args.forwarded_allow_ips or "127.0.0.1",
            public_url=public_url,
            max_upload_mb=args.max_upload_mb,
            warm_up=True,
        )
        url = f"http://{'localhost' if args.host in LOOPBACK else args.host}:{args.port}/"
        shown = f"{settings.database}, {where}" if where and where != "temporary" else settings.database
        processes = f", {args.workers} processes" if args.workers > 1 else ""
        sys.stderr.write(f"journeymap studio on {url} (store: {shown}{processes}); Ctrl+C stops it\n")
        if public_url:
            sys.stderr.write(f"people reach it at {public_url}/\n")
        if where == "temporary":
            sys.stderr.write(
                "this store is temporary: it is deleted when the studio stops (use --database FILE to keep it)\n"
            )
        if args.demo:
            sys.stderr.write(f"demo account: {DEMO_EMAIL} / {DEMO_PASSWORD}\n")
        _notes(args, url)
        if not args.no_browser and sys.stdout.isatty():
            import threading
            import webbrowser

            threading.Timer(1.5, webbrowser.open, (url,)).start()
        run(settings, uvicorn_options(args), workers=args.workers)
    finally:
        if where == "temporary":
            import shutil

            shutil.rmtree(Path(database).parent, ignore_errors=True)
    return 0
