"""A static site of a workspace (or of a folder of workspaces): every map as SVG, HTML and Markdown, the evidence
reports of the maps the workspace lists under ``evidence:``, and index pages.

Everything is loaded and rendered in memory first, so a broken map writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import JourneymapError, MapFileError, MissingExtraError, Problem, ProblemsError
from ..files.atomic import write_bytes_atomic
from ..files.loader import WORKSPACE_FILE, WorkspaceSource, read_workspace
from ..render.html_page import render_html_index
from ..render.registry import RenderContext, get_renderer
from ..render.sub_journeys import SITE_LINKS
from .context import context_for

__all__ = ["SITE_FORMATS", "Site", "build_site", "write_site"]

SITE_FORMATS = ("svg", "html", "markdown")
"""The formats every map of a site is written in."""


@dataclass(frozen=True)
class Site:
    """A site that was written: its top index page, how many maps it shows, and notes for the reader (e.g. why
    the evidence reports are missing)."""

    index: Path
    maps: int
    notes: list[str] = field(default_factory=list)


def _workspaces(folder: Path) -> list[Path]:
    if (folder / WORKSPACE_FILE).is_file():
        return [folder]
    if not folder.is_dir():
        raise JourneymapError(f"{folder}: no such folder")
    found = sorted(p.parent for p in folder.glob(f"*/{WORKSPACE_FILE}"))
    if not found:
        raise JourneymapError(f"{folder}: no {WORKSPACE_FILE} here or in its sub-folders (see 'journeymap new')")
    return found


def _reports(source: WorkspaceSource, context: RenderContext, notes: list[str]) -> dict[str, str]:
    """Evidence reports of the maps the workspace lists under ``evidence:`` (none without the evidence extra)."""
    if not source.workspace.evidence:
        return {}
    try:
        from ..report import workspace_reports

        return workspace_reports(source.workspace, source.root, context, {m.map.id: m.path for m in source.maps})
    except MissingExtraError as exc:
        notes.append(f"no evidence reports: {exc}")
        return {}


def _render_workspace(
    source: WorkspaceSource, prefix: str, notes: list[str]
) -> tuple[dict[str, bytes], list[tuple[str, str, str]]]:
    files: dict[str, bytes] = {}
    entries: list[tuple[str, str, str]] = []
    context = context_for(source.workspace, source.root)
    reports = _reports(source, context, notes)
    context = replace(context, options={**context.options, "links": SITE_LINKS})  # pages link sub-journeys
    for item in source.maps:
        m = item.map
        for fmt in SITE_FORMATS:
            renderer = get_renderer(fmt)
            files[f"{prefix}{m.id}{renderer.extension}"] = renderer.render(m, context)
        entries.append((f"{m.id}.html", m.title, f"{m.type.label}, {m.state.value} — {len(m.steps)} steps"))
        if m.id in reports:
            files[f"{prefix}{m.id}-report.html"] = reports[m.id].encode("utf-8")
            entries.append(
                (f"{m.id}-report.html", f"Evidence report: {m.title}", "measured from the workspace's evidence")
            )
    title = source.workspace.name
    files[f"{prefix}index.html"] = render_html_index(title, entries).encode("utf-8")
    return files, entries


def write_site(sources: Sequence[WorkspaceSource], output: Path) -> Site:
    """Write the site of workspaces already read into ``output``: one workspace at the top, several each in a
    folder of its own under a top index page."""
    files: dict[str, bytes] = {}
    notes: list[str] = []
    if len(sources) == 1:
        files.update(_render_workspace(sources[0], "", notes)[0])
    else:
        top: list[tuple[str, str, str]] = []
        for source in sources:
            rendered, entries = _render_workspace(source, f"{source.root.name}/", notes)
            files.update(rendered)
            titles = "; ".join(label for _, label, _ in entries)
            count = f"{len(entries)} map{'s' if len(entries) != 1 else ''}"
            top.append((f"{source.root.name}/index.html", source.workspace.name, f"{count}: {titles}"))
        files["index.html"] = render_html_index("journeymap examples", top).encode("utf-8")
    for name, data in sorted(files.items()):
        write_bytes_atomic(output / name, data)
    return Site(output / "index.html", sum(len(source.maps) for source in sources), notes)


def build_site(folder: Path, output: Path) -> Site:
    """Build the site of ``folder`` (a workspace, or a folder of workspaces) into ``output``; every workspace is
    read first, and a problem in any of them writes nothing (:class:`~journeymap.errors.MapFileError`)."""
    problems: list[Problem] = []
    sources: list[WorkspaceSource] = []
    for root in _workspaces(folder):
        try:
            sources.append(read_workspace(root))
        except ProblemsError as exc:
            problems.extend(exc.problems)
    if problems:
        raise MapFileError(problems)
    return write_site(sources, output)
