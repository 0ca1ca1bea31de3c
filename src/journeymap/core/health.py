"""Health of the maps at some paths: map files and workspace folders (or a folder of workspaces, like
``examples/``), each map with its workspace's settings, validation problems and lint findings (see
:mod:`journeymap.analysis.health` for the formula).

    from journeymap.core.health import health_of_paths
    for health in health_of_paths(["examples"]):
        print(health.map_id, round(health.total), [(p.name, round(p.score)) for p in health.parts])
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from ..analysis.health import Health, HealthContext, map_health, map_problems, workspace_health
from ..errors import JourneymapError
from ..files.loader import (
    MERMAID_SUFFIXES,
    WORKSPACE_FILE,
    display_path,
    find_workspace_root,
    read_map,
    read_workspace,
)

__all__ = ["health_of_path", "health_of_paths"]


def health_of_paths(paths: Iterable[str | Path], *, today: dt.date | None = None, lint: bool = True) -> list[Health]:
    """The health of every map at ``paths``, in order (a map reached twice is given once)."""
    found: list[Health] = []
    seen: set[tuple[str, str]] = set()
    for path in paths:
        for health in health_of_path(Path(path), today=today, lint=lint):
            key = (health.map_id, health.title)
            if key not in seen:
                seen.add(key)
                found.append(health)
    return found


def health_of_path(path: Path, *, today: dt.date | None = None, lint: bool = True) -> list[Health]:
    """The health of the map at ``path`` (a file) or of every map of the workspaces at ``path`` (a folder)."""
    if not path.exists():
        raise JourneymapError(f"{path}: no such file or folder")
    if path.is_dir():
        if (path / WORKSPACE_FILE).is_file():
            return workspace_health(read_workspace(path), today=today, lint=lint)
        roots = sorted({marker.parent for marker in path.rglob(WORKSPACE_FILE)})
        outer = [r for r in roots if not any(r != o and r.is_relative_to(o) for o in roots)]
        if not outer:
            raise JourneymapError(f"{path} holds no workspace ({WORKSPACE_FILE}); give a workspace or a map file")
        return [h for root in outer for h in workspace_health(read_workspace(root), today=today, lint=lint)]
    root = None if path.suffix.lower() in MERMAID_SUFFIXES else find_workspace_root(path)
    if root is not None:
        workspace = read_workspace(root)
        mine = [s for s in workspace.maps if s.path.resolve() == path.resolve()]
        if mine:
            every = workspace_health(workspace, today=today, lint=lint)
            return [h for h in every if h.map_id == mine[0].map.id]
    source = read_map(path, display=display_path(path))
    problems = map_problems(source, today=today, lint=lint, known=source.problems)
    return [map_health(source.map, HealthContext(today=today, problems=problems))]
