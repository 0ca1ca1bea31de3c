"""A map together with what renderers need from its workspace (personas, VMPI bands, the other maps)."""

from __future__ import annotations

from pathlib import Path

from ..errors import JourneymapError
from ..files.loader import MERMAID_SUFFIXES, find_workspace_root, read_map, read_workspace
from ..model import Map, Workspace
from ..render.registry import RenderContext

__all__ = ["context_for", "load_map_and_context"]


def context_for(workspace: Workspace | None, root: Path | None = None) -> RenderContext:
    """The render context of a workspace's maps (an empty one without a workspace); ``root`` is its folder."""
    if workspace is None:
        return RenderContext()
    return RenderContext(
        personas=tuple(workspace.personas),
        vmpi_bands=tuple(workspace.settings.vmpi_bands),
        maps=tuple(workspace.maps),
        stale_after_days=workspace.settings.stale_after_days,
        root=root,
    )


def load_map_and_context(path: Path) -> tuple[Map, RenderContext]:
    """The map at ``path`` and a render context from its workspace, if it lies in one."""
    if path.is_dir():
        raise JourneymapError(f"{path} is a folder; give a map file (use 'journeymap build' for a whole workspace)")
    root = None if path.suffix.lower() in MERMAID_SUFFIXES else find_workspace_root(path)
    if root is None:
        return read_map(path).map, RenderContext()
    source = read_workspace(root)
    for item in source.maps:
        if item.path.resolve() == path.resolve():
            return item.map, context_for(source.workspace, root)
    return read_map(path).map, context_for(source.workspace, root)
