"""Where the studio keeps its store when nobody says: a per-user data folder that survives restarts."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import MissingExtraError

__all__ = ["DATA_DIR_ENV", "data_folder", "default_database"]

DATA_DIR_ENV = "JOURNEYMAP_DATA_DIR"
"""An environment variable naming the data folder (containers, services and tests set it)."""


def data_folder() -> Path:
    """The studio's data folder: ``$JOURNEYMAP_DATA_DIR`` when set, else the user's data folder for journeymap
    (``~/.local/share/journeymap`` on Linux, ``~/Library/Application Support/journeymap`` on macOS,
    ``%LOCALAPPDATA%\\journeymap`` on Windows). Nothing is created here: the store makes its folder when it opens."""
    chosen = os.environ.get(DATA_DIR_ENV, "").strip()
    if chosen:
        return Path(chosen).expanduser()
    try:
        import platformdirs
    except ImportError as error:
        raise MissingExtraError(f"the studio's data folder ({error.name} is missing)", "studio") from error
    return platformdirs.user_data_path("journeymap", appauthor=False)


def default_database() -> Path:
    """The store ``journeymap serve`` and ``journeymap studio backup|restore`` use without --database."""
    return data_folder() / "studio.db"
