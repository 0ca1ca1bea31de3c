"""``journeymap studio backup|restore``: the studio's store to a portable archive and back (``store.backup``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import JourneymapError, MissingExtraError


def store_of(args: argparse.Namespace) -> str:
    """The store the command works on: ``--database``, ``--workspace FOLDER``'s, or serve's default."""
    if args.workspace:
        folder = Path(args.workspace)
        if not folder.is_dir():
            raise JourneymapError(f"{folder}: no such folder (give the workspace folder 'journeymap serve' opened)")
        return str(folder / ".journeymap" / "studio.db")
    if args.database:
        return str(args.database)
    from ..store.location import default_database

    return str(default_database())


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 100_000 else f"{n / 1024:.1f} kB"


def cmd_backup(args: argparse.Namespace) -> int:
    try:
        from ..store.backup import backup
    except ImportError as error:
        raise MissingExtraError(f"studio backups ({error.name} is missing)", "studio") from error
    result = backup(store_of(args), args.file)
    manifest = result.manifest
    sys.stderr.write(
        f"backed up {result.store} (schema revision {manifest.alembic_revision}): {len(manifest.tables)} tables, "
        f"{manifest.row_count} rows → {result.path} ({_size(result.size)})\n"
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    try:
        from ..store.backup import restore
    except ImportError as error:
        raise MissingExtraError(f"studio restores ({error.name} is missing)", "studio") from error
    if args.max_size <= 0:
        raise JourneymapError("--max-size must be a positive number of GiB")
    result = restore(store_of(args), args.file, replace=args.replace, max_bytes=int(args.max_size * 1024**3))
    manifest = result.manifest
    emptied = f" (emptied first: {', '.join(result.replaced)})" if result.replaced else ""
    sys.stderr.write(
        f"restored {args.file} (made {manifest.created_at} by journeymap {manifest.journeymap_version}, schema "
        f"revision {manifest.alembic_revision}) into {result.store}{emptied}: {len(manifest.tables)} tables, "
        f"{manifest.row_count} rows; schema now at revision {result.revision}\n"
    )
    return 0
