"""journeymap: customer-experience maps as code.

Build, measure and share journey maps, service blueprints, experience maps, mental model diagrams,
ecosystem maps and value-moments wall planners, kept as files in git.

Open a workspace folder, a map file or a Mermaid file, and work with its maps as the CLI does (the persona and
the workspace's settings come along); in Jupyter a map draws itself::

    import journeymap
    workspace = journeymap.open("examples/home-loan")
    as_is = workspace.map("home-loan-as-is")
    svg = as_is.render("svg")
    findings = as_is.lint()
    print(as_is.analyse("moments").output("table"))

``docs/library.md`` walks through the rest. The public names below are imported lazily, so
``journeymap --version`` starts fast. ``journeymap.render`` is always the function, also once the
``journeymap.render`` package is imported: import that package's modules by their full name
(``from journeymap.render.registry import get_renderer``).
"""

from __future__ import annotations

import importlib as _importlib
import sys as _sys
import types as _types
import typing as _typing

from ._version import __version__

if _typing.TYPE_CHECKING:
    from .core.maps import OpenMap
    from .core.workspace import OpenWorkspace
    from .core.workspace import open_path as open
    from .errors import JourneymapError, MapFileError, Problem, ProblemsError
    from .files.dump import dump_map, save_map
    from .files.loader import load_map, load_path, load_workspace
    from .files.schema import json_schema
    from .model import Map, Persona, Workspace
    from .render.registry import render, renderers

_LAZY: dict[str, str] = {
    "open": "journeymap.core.workspace:open_path",
    "OpenMap": "journeymap.core.maps",
    "OpenWorkspace": "journeymap.core.workspace",
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
    "OpenMap",
    "OpenWorkspace",
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
    "open",
    "render",
    "renderers",
    "save_map",
]


def __getattr__(name: str) -> _typing.Any:
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'journeymap' has no attribute {name!r}")
    module, _, attribute = target.partition(":")
    value = getattr(_importlib.import_module(module), attribute or name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


class _Package(_types.ModuleType):
    """The package's module type: a sub-package whose name is also a public function (``render``) does not
    replace the function when it is imported (Python sets each imported sub-module on its package)."""

    def __setattr__(self, name: str, value: object) -> None:
        if name in _LAZY and isinstance(value, _types.ModuleType):
            return
        super().__setattr__(name, value)


_sys.modules[__name__].__class__ = _Package
