"""The table of analyses: one source of truth for the CLI, the studio and the library.

An :class:`Analysis` has a ``name`` (``ipa``), a ``label`` for menus, the ``inputs`` it needs (see
:data:`INPUTS`), the ``outputs`` it can give (``table``, ``text``, ``json``, ``svg``, ``html``), the
``options`` it accepts and a ``run`` function. Built-in analyses register exactly as third-party ones do:
through the ``journeymap.analyses`` entry-point group, whose entries name a zero-argument factory returning an
:class:`Analysis` (the built-ins are in :mod:`journeymap.analysis.builtin`)::

    [project.entry-points."journeymap.analyses"]
    churn = "my_package.churn:analysis"

Functions:

- :func:`analyses` — every registered analysis, by name; :func:`analysis_names` — their names.
- :func:`get_analysis` — one analysis by name (:class:`~journeymap.errors.JourneymapError` naming the known
  ones when there is none).
- :func:`run_analysis` — run one on a :class:`Subject` (the map, its render context, its workspace, its file)
  with options; returns an :class:`AnalysisResult`, whose :meth:`~AnalysisResult.output` gives one output format
  as text and ``data`` the JSON-ready data.
- :func:`register` — add (or replace) an analysis at run time.

A subject that lacks what an analysis needs (no map, no scores, no value moments) gets a
:class:`~journeymap.errors.JourneymapError` that says what to add.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import JourneymapError

if TYPE_CHECKING:
    from ..model import Map, Workspace
    from ..render.registry import RenderContext

__all__ = [
    "GROUP",
    "INPUTS",
    "Analysis",
    "AnalysisResult",
    "Subject",
    "analyses",
    "analysis_names",
    "get_analysis",
    "register",
    "run_analysis",
]

GROUP = "journeymap.analyses"
"""The entry-point group analyses register in."""

INPUTS: Mapping[str, str] = {
    "map": "the map itself",
    "context": "the map's workspace: personas and VMPI bands",
    "other-map": "a second map to compare with (option other=Map)",
    "five-cs": "a 5Cs diagnostic: the workspace's, or a file (option file=PATH)",
    "events": "an event log (option events=PATH)",
    "surveys": "survey files (option surveys=[(PATH, SurveySpec)…])",
}
"""What an analysis may need, with what each means."""

_BUILTIN_MODULE = "journeymap.analysis.builtin"


@dataclass(frozen=True)
class Subject:
    """What an analysis runs on: a map (or none, for the 5Cs of a workspace), its render context (personas,
    VMPI bands), its workspace, the file it was read from, and how messages name it."""

    map: Map | None = None
    context: RenderContext | None = None
    workspace: Workspace | None = None
    source: Path | None = None
    name: str = ""
    """How messages name the map, e.g. the path the user typed; the file or the map's id without it."""

    @property
    def shown(self) -> str:
        if self.name:
            return self.name
        if self.source is not None:
            return str(self.source)
        return self.map.id if self.map is not None else "the map"

    def need_map(self, analysis: str) -> Map:
        """The map, or a clear error when the subject has none."""
        if self.map is None:
            raise JourneymapError(f"the {analysis} analysis needs a map")
        return self.map

    def render_context(self) -> RenderContext:
        from ..render.registry import RenderContext

        return self.context if self.context is not None else RenderContext()


@dataclass(frozen=True)
class AnalysisResult:
    """What an analysis found: ``value`` is its own result object (e.g. an
    :class:`~journeymap.analysis.ipa.IpaResult`); ``outputs`` makes each output format's text on demand;
    ``data_of`` makes the JSON-ready data (and with it the ``json`` output, when ``outputs`` has none)."""

    analysis: str
    value: object
    outputs: Mapping[str, Callable[[], str]]
    data_of: Callable[[], Any] | None = None

    @property
    def formats(self) -> tuple[str, ...]:
        """The output formats this result can be written in."""
        extra = ("json",) if self.data_of is not None and "json" not in self.outputs else ()
        return (*self.outputs, *extra)

    @property
    def data(self) -> Any:
        """The result as JSON-ready data (dicts, lists, numbers, text), as ``--format json`` prints it."""
        if self.data_of is None:
            raise JourneymapError(f"the {self.analysis} analysis has no JSON form")
        return self.data_of()

    def output(self, fmt: str | None = None) -> str:
        """The result in ``fmt`` (default: the first of :attr:`formats`) as text."""
        name = fmt or self.formats[0]
        make = self.outputs.get(name)
        if make is None and name == "json" and self.data_of is not None:
            from ..json_text import json_text

            return json_text(self.data_of())
        if make is None:
            raise JourneymapError(
                f"the {self.analysis} analysis has no {name!r} output; it gives: {', '.join(self.formats)}"
            )
        return make()

    def __str__(self) -> str:
        return self.output()

    def _repr_svg_(self) -> str | None:
        """Jupyter draws a result that has an SVG output (the ``<svg>`` element, without the XML declaration)."""
        if "svg" not in self.outputs:
            return None
        svg = self.output("svg")
        return svg[svg.find("<svg") :]

    def _repr_html_(self) -> str | None:
        return self.output("html") if "html" in self.outputs else None


@dataclass(frozen=True)
class Analysis:
    """One analysis: what it is called, what it needs, what it gives, and how to run it."""

    name: str
    label: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    run: Callable[..., AnalysisResult]
    """Called with the :class:`Subject` (positionally) and the options (by keyword)."""
    description: str = ""
    options: tuple[str, ...] = field(default=())
    """The keyword options ``run`` accepts (anything else is refused with a clear message)."""

    def __call__(self, subject: Subject, **options: Any) -> AnalysisResult:
        unknown = sorted(set(options) - set(self.options))
        if unknown:
            accepted = ", ".join(self.options) or "none"
            raise JourneymapError(f"the {self.name} analysis has no option {unknown[0]!r}; its options: {accepted}")
        return self.run(subject, **options)

    def to_dict(self) -> dict[str, Any]:
        """The analysis as data, for an API list or a menu."""
        return {
            "name": self.name,
            "label": self.label,
            "description": self.description,
            "inputs": list(self.inputs),
            "outputs": list(self.outputs),
            "options": list(self.options),
        }


_LOADED: dict[str, Analysis] = {}
_EXTRA: dict[str, Callable[[], Analysis]] = {}


def register(name: str, factory: Callable[[], Analysis]) -> None:
    """Add (or replace) an analysis at run time; entry points do the same from installed packages."""
    _EXTRA[name] = factory
    _LOADED.pop(name, None)


def _targets() -> dict[str, str]:
    """name → ``module:factory`` from the entry points. When the installed metadata predates the built-ins'
    entry points (a source checkout not reinstalled), the built-in module's own list stands in for them."""
    from importlib.metadata import entry_points

    found = {ep.name: ep.value for ep in entry_points(group=GROUP)}
    if not any(value.startswith(f"{_BUILTIN_MODULE}:") for value in found.values()):
        builtin = importlib.import_module(_BUILTIN_MODULE)
        found = {name: f"{_BUILTIN_MODULE}:{name}" for name in builtin.__all__} | found
    return found


def analysis_names() -> list[str]:
    """The names of every registered analysis, sorted."""
    return sorted({*_targets(), *_EXTRA})


def get_analysis(name: str) -> Analysis:
    """The analysis called ``name``; a clear error naming the known ones when there is none."""
    if name in _LOADED:
        return _LOADED[name]
    if name in _EXTRA:
        found = _EXTRA[name]()
    else:
        target = _targets().get(name)
        if target is None:
            raise JourneymapError(f"unknown analysis {name!r}; known analyses: {', '.join(analysis_names())}")
        module_name, _, factory_name = target.partition(":")
        found = getattr(importlib.import_module(module_name), factory_name)()
    if not isinstance(found, Analysis):
        raise JourneymapError(f"the analysis {name!r} is not an Analysis (its plugin returned {type(found)!r})")
    _LOADED[name] = found
    return found


def analyses() -> list[Analysis]:
    """Every registered analysis, sorted by name."""
    return [get_analysis(name) for name in analysis_names()]


def run_analysis(name: str, subject: Subject, **options: Any) -> AnalysisResult:
    """Run the analysis ``name`` on ``subject`` with ``options``."""
    return get_analysis(name)(subject, **options)
