"""The table of output formats.

A renderer is an object with ``name``, ``extension``, ``media_type``, ``binary`` and
``render(map, context) -> bytes``. Built-in renderers are registered here exactly as third-party ones are:
through the ``journeymap.renderers`` entry-point group, whose entries name a zero-argument factory that
returns a renderer. Built-in modules are imported only when their format is used, so the CLI starts fast.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from ..errors import UnknownFormatError
from ..model import DEFAULT_VMPI_BANDS, Map, Persona, VmpiBand

__all__ = [
    "BinaryRenderer",
    "RenderContext",
    "Renderer",
    "TextRenderer",
    "get_renderer",
    "register",
    "render",
    "renderers",
]


@dataclass(frozen=True)
class RenderContext:
    """What a renderer may need beyond the map: the workspace's personas, settings and the other maps."""

    personas: tuple[Persona, ...] = ()
    vmpi_bands: tuple[VmpiBand, ...] = DEFAULT_VMPI_BANDS
    maps: tuple[Map, ...] = ()
    options: dict[str, str] = field(default_factory=dict)

    def persona(self, journey_map: Map, persona_id: str | None = None) -> Persona | None:
        wanted = persona_id or journey_map.persona
        if wanted is None:
            return None
        for persona in (*journey_map.personas, *self.personas):
            if persona.id == wanted:
                return persona
        return None


@dataclass(frozen=True)
class TextRenderer:
    """A renderer whose output is text (SVG, HTML, Markdown, Mermaid), encoded as UTF-8."""

    name: str
    extension: str
    media_type: str
    draw: Callable[[Map, RenderContext], str]
    binary: bool = False

    def render(self, journey_map: Map, context: RenderContext) -> bytes:
        return self.draw(journey_map, context).encode("utf-8")


@dataclass(frozen=True)
class BinaryRenderer:
    """A renderer whose output is a file of bytes (VSDX, PPTX, XLSX, PDF, PNG)."""

    name: str
    extension: str
    media_type: str
    draw: Callable[[Map, RenderContext], bytes]
    binary: bool = True

    def render(self, journey_map: Map, context: RenderContext) -> bytes:
        return self.draw(journey_map, context)


class Renderer(Protocol):
    name: str
    extension: str
    media_type: str
    binary: bool

    def render(self, journey_map: Map, context: RenderContext) -> bytes: ...


# name -> "module:factory"; a factory returns a Renderer
_BUILTIN: dict[str, str] = {
    "svg": "journeymap.render.svg_map:renderer",
    "html": "journeymap.render.html_page:renderer",
    "markdown": "journeymap.render.markdown:renderer",
    "mermaid": "journeymap.render.mermaid:renderer",
    "vsdx": "journeymap.render.vsdx:renderer",
    "pptx": "journeymap.render.pptx:renderer",
    "xlsx": "journeymap.render.xlsx:renderer",
    "pdf": "journeymap.render.pdf:renderer",
    "png": "journeymap.render.png:renderer",
}
_LOADED: dict[str, Renderer] = {}
_EXTRA: dict[str, Callable[[], Renderer]] = {}


def register(name: str, factory: Callable[[], Renderer]) -> None:
    """Add (or replace) a format at run time; entry points do the same from installed packages."""
    _EXTRA[name] = factory
    _LOADED.pop(name, None)


def _entry_points() -> dict[str, str]:
    from importlib.metadata import entry_points

    return {ep.name: ep.value for ep in entry_points(group="journeymap.renderers")}


def _targets() -> dict[str, str]:
    return {**_BUILTIN, **_entry_points()}


def renderers() -> list[str]:
    """Names of every format that can be rendered."""
    return sorted({*_targets(), *_EXTRA})


def get_renderer(name: str) -> Renderer:
    if name in _LOADED:
        return _LOADED[name]
    if name in _EXTRA:
        renderer = _EXTRA[name]()
    else:
        target = _targets().get(name)
        if target is None:
            raise UnknownFormatError(name, renderers())
        module_name, _, factory_name = target.partition(":")
        factory = getattr(importlib.import_module(module_name), factory_name)
        renderer = factory()
    _LOADED[name] = renderer
    return renderer


def render(journey_map: Map, fmt: str, context: RenderContext | None = None) -> bytes:
    """Render ``journey_map`` in format ``fmt`` (``svg``, ``html``, ``markdown``, ``mermaid``, …)."""
    return get_renderer(fmt).render(journey_map, context or RenderContext())
