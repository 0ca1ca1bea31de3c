"""What each output format is, without drawing anything: the metadata of the format registry.

A :class:`FormatSpec` names a format (``svg``), its label for menus, its file extension, its media type, whether
its output is binary, the options it accepts (e.g. the PDF's paper size) and where its renderer lives
(``module:factory``). This module imports only the standard library, so the CLI can list the formats in its help
without importing pydantic or any renderer: a renderer's module is imported when its format is used.

Every format, built-in or from a plugin, is an entry of the ``journeymap.renderers`` entry-point group naming a
:class:`FormatSpec` object (the built-ins below are named by journeymap's own ``pyproject.toml``)::

    [project.entry-points."journeymap.renderers"]
    myformat = "my_package.spec:FORMAT"

An entry may also name a zero-argument factory returning a renderer (the older form): its metadata is then read
from the renderer, which imports it. The entry points are read once per process.
"""

from __future__ import annotations

import functools
import importlib
import os
import re
import sys
from dataclasses import dataclass, field
from typing import Any, Literal

from ..errors import JourneymapError

__all__ = [
    "BUILTIN_FORMATS",
    "DISABLE_PLUGINS",
    "GROUP",
    "FormatOption",
    "FormatSpec",
    "format_specs",
    "installed_entry_points",
    "spec_of_entry",
]

GROUP = "journeymap.renderers"
"""The entry-point group output formats register in."""
DISABLE_PLUGINS = "JOURNEYMAP_DISABLE_PLUGINS"
"""An environment variable: set (not ``0``), journeymap uses its built-in formats only."""

OptionType = Literal["text", "integer", "boolean"]


@dataclass(frozen=True)
class FormatOption:
    """An option a format accepts, e.g. ``paper`` for PDF: passed to the renderer in ``RenderContext.options``."""

    name: str
    type: OptionType
    help: str
    default: str | int | bool | None = None
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None

    def check(self, value: str) -> str:
        """``value`` as the renderer receives it; ``ValueError`` with a message a person can act on."""
        if self.choices and value.upper() not in {c.upper() for c in self.choices}:
            raise ValueError(f"{self.name} must be one of {', '.join(self.choices)}, not {value!r}")
        if self.type == "integer":
            try:
                number = int(value)
            except ValueError:
                raise ValueError(f"{self.name} must be a whole number, not {value!r}") from None
            if (self.minimum is not None and number < self.minimum) or (
                self.maximum is not None and number > self.maximum
            ):
                raise ValueError(f"{self.name} must be between {self.minimum} and {self.maximum}, not {number}")
        if self.type == "boolean":
            return "1" if value.strip().lower() in {"1", "true", "yes", "on"} else ""
        return value


@dataclass(frozen=True)
class FormatSpec:
    """One output format: what menus, file names and HTTP answers need, and where its renderer is."""

    name: str
    label: str
    extension: str
    """The file name's ending, without the dot (``md`` for Markdown)."""
    media_type: str
    renderer: str
    """``module:factory``: the factory returns the renderer (imported only when the format is used)."""
    binary: bool = False
    description: str = ""
    options: tuple[FormatOption, ...] = field(default=())
    inline: bool = False
    """Whether a browser shows the file itself (SVG, PNG, HTML) rather than downloading it."""
    extra: str = ""
    """The ``pip install 'journeymap[extra]'`` it needs, if any."""

    def load(self) -> Any:
        """The renderer: imports its module and calls its factory."""
        factory = _load(self.renderer)
        if not callable(factory):
            raise JourneymapError(f"the renderer of the format {self.name!r}, {self.renderer}, cannot be called")
        return factory()

    def option(self, name: str) -> FormatOption | None:
        return next((o for o in self.options if o.name == name), None)


_PAPER = ("A4", "A3", "A2", "A1", "A0")
_BLANK = FormatOption("blank", "boolean", "a blank wall planner (streams and headings only)", False)
_FIT = FormatOption(
    "fit", "text", "rows: a timeline map's steps wrapped into rows (readable on paper, over more pages if needed); "
    "page: one row whatever its length; without it, rows only when one row would be a strip (over 5 times as wide "
    "as high)",
    None, ("page", "rows"),
)  # fmt: skip
_R = "journeymap.render."

SVG = FormatSpec("svg", "SVG", "svg", "image/svg+xml", f"{_R}svg_map:renderer", description="vector image",
                 inline=True, options=(_FIT,))  # fmt: skip
HTML = FormatSpec("html", "HTML", "html", "text/html", f"{_R}html_page:renderer", description="a page to share",
                  inline=True)  # fmt: skip
MARKDOWN = FormatSpec("markdown", "Markdown", "md", "text/markdown", f"{_R}markdown:renderer",
                      description="text for docs")  # fmt: skip
MERMAID = FormatSpec("mermaid", "Mermaid", "mmd", "text/vnd.mermaid", f"{_R}mermaid:renderer",
                     description="user-journey diagram source")  # fmt: skip
VSDX = FormatSpec("vsdx", "Visio", "vsdx", "application/vnd.ms-visio.drawing", f"{_R}vsdx:renderer", binary=True,
                  description=".vsdx drawing")  # fmt: skip
PPTX = FormatSpec(
    "pptx", "PowerPoint", "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    f"{_R}pptx:renderer", binary=True, description=".pptx slides", extra="office",
)  # fmt: skip
XLSX = FormatSpec(
    "xlsx", "Excel", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    f"{_R}xlsx:renderer", binary=True, description=".xlsx workbook", extra="office",
)  # fmt: skip
PDF = FormatSpec(
    "pdf", "PDF", "pdf", "application/pdf", f"{_R}pdf:renderer", binary=True, description="print, one page or tiled",
    extra="pdf",
    options=(
        FormatOption("paper", "text", "paper size; without it, one page that fits the map", None, _PAPER),
        FormatOption("tile", "text", "print the paper tiled over smaller sheets", None, ("A4", "A3")),
        _FIT,
        _BLANK,
    ),
)  # fmt: skip
PNG = FormatSpec(
    "png", "PNG", "png", "image/png", f"{_R}png:renderer", binary=True, description="bitmap image", inline=True,
    extra="pdf",
    options=(FormatOption("dpi", "integer", "resolution in dots per inch", 96, (), 30, 1200), _FIT, _BLANK),
)  # fmt: skip

BUILTIN_FORMATS: tuple[FormatSpec, ...] = (SVG, PNG, PDF, HTML, MARKDOWN, MERMAID, PPTX, VSDX, XLSX)
"""The built-in formats, in menu order (each is also an entry point of journeymap's own package)."""


def spec_of_entry(name: str, target: object, where: str = "") -> FormatSpec:
    """The spec an entry point names: a :class:`FormatSpec`, or an older zero-argument renderer factory (found at
    ``where``, ``module:factory``)."""
    if isinstance(target, FormatSpec):
        return target
    if callable(target):
        renderer = target()
        extension = str(getattr(renderer, "extension", name)).lstrip(".")
        module = getattr(target, "__module__", "")
        return FormatSpec(
            name=name,
            label=str(getattr(renderer, "label", name)),
            extension=extension,
            media_type=str(getattr(renderer, "media_type", "application/octet-stream")),
            renderer=where or f"{module}:{getattr(target, '__qualname__', '')}",
            binary=bool(getattr(renderer, "binary", True)),
        )
    raise JourneymapError(f"the format {name!r} names {type(target).__name__}, not a FormatSpec or a renderer factory")


@functools.cache
def format_specs() -> dict[str, FormatSpec]:
    """Every installed format by name: the built-ins first, in menu order, then the plugins' by name.

    Read once per process from the entry points. A source checkout whose installed metadata predates the
    built-ins' entry points still gets the built-ins. With ``JOURNEYMAP_DISABLE_PLUGINS=1`` in the environment,
    only the built-ins (the CLI reference in the docs is generated so; it also rules out a broken plugin)."""
    if os.environ.get(DISABLE_PLUGINS, "").strip() not in ("", "0"):
        return {spec.name: spec for spec in BUILTIN_FORMATS}
    entries = installed_entry_points(GROUP)
    found: dict[str, FormatSpec] = {}
    if not any(target.startswith(f"{__name__}:") for _, target in entries):
        found = {spec.name: spec for spec in BUILTIN_FORMATS}
    for name, target in entries:
        try:
            spec = spec_of_entry(name, _load(target), target)
        except Exception as error:  # a broken plugin must not break every command: it is left out, and said
            import warnings

            warnings.warn(f"journeymap: the output format {name!r} could not be loaded: {error}", stacklevel=2)
            continue
        found[spec.name] = spec
    menu = [spec.name for spec in BUILTIN_FORMATS if spec.name in found]
    return {name: found[name] for name in [*menu, *sorted(set(found) - set(menu))]}


def _load(target: str) -> object:
    """The object an entry point names (``module:attribute.attribute``, extras ignored)."""
    module_name, _, attributes = target.partition(":")
    found: object = importlib.import_module(module_name.strip())
    for attribute in attributes.partition("[")[0].strip().split(".") if attributes else ():
        found = getattr(found, attribute)
    return found


def installed_entry_points(group: str) -> list[tuple[str, str]]:
    """``(name, target)`` of every installed entry point of ``group``, as :func:`importlib.metadata.entry_points`
    finds them (one distribution per normalised name, the first on ``sys.path``), read straight from each
    distribution's ``entry_points.txt``: importing :mod:`importlib.metadata` and building its objects for every
    installed distribution costs a command's start tens of milliseconds."""
    seen: set[str] = set()
    found: list[tuple[str, str]] = []
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for name in names:
            stem, _, suffix = name.rpartition(".")
            if suffix not in ("dist-info", "egg-info"):
                continue
            project = re.sub(r"[-_.]+", "_", stem.partition("-")[0]).lower()
            if project in seen:
                continue
            seen.add(project)
            try:
                with open(os.path.join(folder or ".", name, "entry_points.txt"), encoding="utf-8") as file:
                    text = file.read()
            except OSError:
                continue
            found.extend(_group_entries(text, group))
    return found


def _group_entries(text: str, group: str) -> list[tuple[str, str]]:
    """The ``name = target`` lines of the ``[group]`` section of an ``entry_points.txt``."""
    entries: list[tuple[str, str]] = []
    inside = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("["):
            inside = line.strip("[]").strip() == group
        elif inside and "=" in line:
            name, _, target = line.partition("=")
            entries.append((name.strip(), target.strip()))
    return entries
