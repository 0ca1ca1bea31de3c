"""journeymap: customer-experience maps as code.

Build, measure and share journey maps, service blueprints, experience maps, mental model diagrams,
ecosystem maps and value-moments wall planners, kept as files in git.

The public names below are imported lazily, so ``journeymap --version`` starts fast::

    import journeymap
    workspace = journeymap.load_workspace("examples/bank")
    svg = journeymap.render(workspace.maps[0], "svg")
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from .errors import JourneymapError, MapFileError, Problem, ProblemsError
    from .files.dump import dump_map, save_map
    from .files.loader import load_map, load_path, load_workspace
    from .files.schema import json_schema
    from .model import Map, Persona, Workspace
    from .render.registry import render, renderers

_LAZY: dict[str, str] = {
    "JourneymapError": "journeymap.errors",
    "MapFileError": "journeymap.errors",
    "Problem": "journeymap.errors",
    "ProblemsError": "journeymap.errors",
    "Map": "journeymap.model",
    "Persona": "journeymap.model",
    "Workspace": "journeymap.model",
    "load_map": "journeymap.files.loader",
    "load_path": "journeymap.files.loader",
    "load_workspace": "journeymap.files.loader",
    "dump_map": "journeymap.files.dump",
    "save_map": "journeymap.files.dump",
    "json_schema": "journeymap.files.schema",
    "render": "journeymap.render.registry",
    "renderers": "journeymap.render.registry",
}

__all__ = [
    "JourneymapError",
    "Map",
    "MapFileError",
    "Persona",
    "Problem",
    "ProblemsError",
    "Workspace",
    "__version__",
    "dump_map",
    "json_schema",
    "load_map",
    "load_path",
    "load_workspace",
    "render",
    "renderers",
    "save_map",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'journeymap' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
