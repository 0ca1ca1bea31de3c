"""One map of an opened workspace: render it, lint it, analyse it, save it, and let Jupyter draw it.

An :class:`OpenMap` is what :func:`journeymap.open` gives for each map: the pydantic :class:`~journeymap.model.Map`
(``.model``) with the file it came from and its render context (the workspace's personas, VMPI bands and other
maps), so that the library draws exactly what ``journeymap render`` draws.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import JourneymapError, Problem

if TYPE_CHECKING:
    from ..analysis.registry import AnalysisResult
    from ..files.loader import MapSource
    from ..model import Map, Workspace
    from ..render.registry import RenderContext

__all__ = ["OpenMap"]


def _option_text(value: object) -> str:
    """An option as renderers read it (the command line's text): ``True`` is ``"true"``; ``False``, ``None`` and
    ``""`` are not given."""
    if value is None or value is False:
        return ""
    return "true" if value is True else str(value)


class OpenMap:
    """A map with its file and its workspace's context.

    ``model`` is the pydantic :class:`~journeymap.model.Map`; assign a changed copy to it (e.g. a measured map)
    and :meth:`render`, :meth:`lint`, :meth:`analyse` and :meth:`save` work on the new one.
    """

    def __init__(self, source: MapSource, context: RenderContext, workspace: Workspace | None = None) -> None:
        self._source = source
        self.model: Map = source.map
        self.context: RenderContext = context
        """What renderers need beyond the map: the workspace's personas, VMPI bands and other maps."""
        self.path: Path = source.path
        """The file the map was read from."""
        self._workspace = workspace

    @property
    def id(self) -> str:
        return self.model.id

    @property
    def title(self) -> str:
        return self.model.title

    def __repr__(self) -> str:
        return f"<OpenMap {self.id!r}: {self.title!r} ({self.model.type.label}, {len(self.model.steps)} steps)>"

    def render(self, format: str = "svg", **options: object) -> bytes:
        """The map in ``format`` (``svg``, ``html``, ``pdf``… see :func:`journeymap.renderers`) as bytes, drawn
        with the workspace's context as ``journeymap render`` draws it. ``options`` are the format's own, as its
        spec lists them (``paper="A3"``, ``dpi=150``, ``blank=True``); any other is refused with the list."""
        from ..render.registry import format_spec, get_renderer

        renderer = get_renderer(format)
        spec = format_spec(format)
        given: dict[str, str] = {}
        for name, value in options.items():
            option = spec.option(name)
            if option is None:
                known = ", ".join(o.name for o in spec.options) or "none"
                raise JourneymapError(f"the {format} format has no option {name!r}; its options: {known}")
            try:
                text = option.check(_option_text(value))
            except ValueError as exc:
                raise JourneymapError(f"{format}: {exc}") from None
            if text:
                given[name] = text
        context = replace(self.context, options={**self.context.options, **given}) if given else self.context
        return renderer.render(self.model, context)

    def svg(self) -> str:
        """The map as SVG text."""
        return self.render("svg").decode("utf-8")

    def lint(self) -> list[Problem]:
        """What the lint rules find on the map (phrasing and completeness) as problems, in file order, each
        with its position in the file (``where``) and how to fix it (``hint``)."""
        from ..files.loader import MapSource
        from ..lint.engine import lint_map

        source = self._source
        if source.map is not self.model:  # changed since it was read: positions in the old file no longer hold
            source = MapSource(self.model, self.path, None)
        return lint_map(source, self._workspace.settings if self._workspace is not None else None)

    def analyse(self, name: str, **options: Any) -> AnalysisResult:
        """Run the analysis ``name`` (see :func:`journeymap.analysis.registry.analysis_names`) on the map, e.g.
        ``analyse("ipa", crossing="midpoint")``; the result's ``output(fmt)`` gives a table, JSON or SVG."""
        from ..analysis.registry import Subject, run_analysis

        subject = Subject(map=self.model, context=self.context, workspace=self._workspace, source=self.path)
        return run_analysis(name, subject, **options)

    analyze = analyse

    def save(self, path: str | Path | None = None) -> Path:
        """Write the map canonically (YAML, or JSON for ``.json``), atomically, keeping the comments of the file
        it replaces; to the file it came from without ``path``."""
        from ..files.dump import save_map
        from ..files.loader import MERMAID_SUFFIXES

        target = Path(path) if path is not None else self.path
        if target.suffix.lower() in MERMAID_SUFFIXES:
            raise JourneymapError(
                f"{target} is a Mermaid file; give a .yaml or .json path to save the map (e.g. save('{self.id}.yaml'))"
            )
        save_map(self.model, target)
        return target

    def _repr_svg_(self) -> str:
        """Jupyter draws the map from this SVG (the ``<svg>`` element, without the XML declaration)."""
        svg = self.svg()
        return svg[svg.find("<svg") :]

    def _repr_html_(self) -> str:
        """The map as an HTML fragment: the SVG under its title (for front ends that prefer HTML)."""
        from html import escape

        return f"<figure><figcaption>{escape(self.title)}</figcaption>{self._repr_svg_()}</figure>"
