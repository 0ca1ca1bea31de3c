"""The workspaces of a portfolio, from the paths a user gives: a workspace folder (one with ``journeymap.yaml``), or a
folder of workspaces (each sub-folder with a ``journeymap.yaml``, in name order; other sub-folders are skipped)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import JourneymapError

if TYPE_CHECKING:
    from ..files.loader import WorkspaceSource

__all__ = ["portfolio_folders", "read_portfolio"]


def portfolio_folders(paths: Iterable[str | Path]) -> list[Path]:
    """The workspace folders ``paths`` name (a folder of workspaces stands for each of them), each once, in order;
    a path that is neither raises :class:`~journeymap.errors.JourneymapError` saying what to give."""
    from ..files.loader import WORKSPACE_FILE

    found: list[Path] = []
    for given in paths:
        path = Path(given).expanduser()
        if not path.is_dir():
            what = "no such folder" if not path.exists() else "not a folder"
            raise JourneymapError(f"{path}: {what}; give workspace folders or a folder of workspaces")
        if (path / WORKSPACE_FILE).is_file():
            inside = [path]
        else:
            inside = sorted(p.parent for p in path.glob(f"*/{WORKSPACE_FILE}") if p.is_file())
            if not inside:
                raise JourneymapError(
                    f"{path} holds no workspace: neither it nor a folder in it has a {WORKSPACE_FILE}; "
                    "create one with 'journeymap new workspace'"
                )
        for folder in inside:
            if all(folder.resolve() != seen.resolve() for seen in found):
                found.append(folder)
    return found


def read_portfolio(paths: Iterable[str | Path]) -> list[WorkspaceSource]:
    """Read the workspaces ``paths`` name (see :func:`portfolio_folders`); problems in their files raise
    :class:`~journeymap.errors.MapFileError` listing every one."""
    from ..files.loader import read_workspace

    return [read_workspace(folder) for folder in portfolio_folders(paths)]
