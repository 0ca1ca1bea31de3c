"""The table of output formats: the one source of truth for the library, the CLI and the studio.

Each format has a :class:`~journeymap.render.format_specs.FormatSpec` (name, label, extension, media type,
binary or text, options) and a renderer: an object with ``name``, ``extension``, ``media_type``, ``binary`` and
``render(map, context) -> bytes``. Built-in formats are registered exactly as third-party ones are: through the
``journeymap.renderers`` entry-point group, whose entries name a spec (see :mod:`journeymap.render.format_specs`,
which the CLI reads without importing this module). A renderer's module is imported only when its format is used,
so the CLI starts fast.

- :func:`formats` — every format's spec, in menu order; :func:`format_spec` — one, by name.
- :func:`renderers` — the names; :func:`get_renderer` — a format's renderer; :func:`render` — draw a map.
- :func:`register` — add (or replace) a format at run time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ..errors import UnknownFormatError
from ..model import DEFAULT_VMPI_BANDS, Map, Persona, VmpiBand
from .format_specs import FormatOption, FormatSpec, format_specs

__all__ = [
    "BinaryRenderer",
    "FormatOption",
    "FormatSpec",
    "RenderContext",
    "Renderer",
    "TextRenderer",
    "format_spec",
    "formats",
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
    stale_after_days: int = 180
    """The workspace's ``stale_after_days``: a measured value older than this is drawn as stale."""
    root: Path | None = None
    """The workspace folder, where files a map names (a persona's picture) are read; None outside a workspace."""

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


_LOADED: dict[str, Renderer] = {}
_EXTRA: dict[str, tuple[Callable[[], Renderer], FormatSpec | None]] = {}


def register(name: str, factory: Callable[[], Renderer], spec: FormatSpec | None = None) -> None:
    """Add (or replace) a format at run time; entry points do the same from installed packages. Without a
    ``spec``, its metadata is read from the renderer the factory returns."""
    _EXTRA[name] = (factory, spec)
    _LOADED.pop(name, None)


def formats() -> list[FormatSpec]:
    """Every format that can be rendered, in menu order (the built-ins, then the plugins' by name)."""
    installed = format_specs()
    extra = {name: _extra_spec(name) for name in _EXTRA}
    return [
        *(extra.get(name, spec) for name, spec in installed.items()),
        *(extra[n] for n in extra if n not in installed),
    ]


def _extra_spec(name: str) -> FormatSpec:
    factory, spec = _EXTRA[name]
    if spec is not None:
        return spec
    renderer = get_renderer(name)
    module = getattr(factory, "__module__", "")
    return FormatSpec(name, name, renderer.extension.lstrip("."), renderer.media_type,
                      f"{module}:{getattr(factory, '__qualname__', '')}", binary=renderer.binary)  # fmt: skip


def format_spec(name: str) -> FormatSpec:
    """The spec of the format ``name``; :class:`~journeymap.errors.UnknownFormatError` naming the known ones."""
    if name in _EXTRA:
        return _extra_spec(name)
    spec = format_specs().get(name)
    if spec is None:
        raise UnknownFormatError(name, renderers())
    return spec


def renderers() -> list[str]:
    """Names of every format that can be rendered, in menu order."""
    return [spec.name for spec in formats()]


def get_renderer(name: str) -> Renderer:
    """The renderer of the format ``name`` (its module is imported now)."""
    if name in _LOADED:
        return _LOADED[name]
    renderer = _EXTRA[name][0]() if name in _EXTRA else format_spec(name).load()
    _LOADED[name] = renderer
    return renderer


def render(journey_map: Map, fmt: str, context: RenderContext | None = None) -> bytes:
    """Render ``journey_map`` in format ``fmt`` (``svg``, ``html``, ``markdown``, ``mermaid``, …)."""
    return get_renderer(fmt).render(journey_map, context or RenderContext())
