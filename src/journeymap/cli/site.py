"""``journeymap build``: every map of a workspace (or of a folder of workspaces) as SVG, HTML and Markdown,
with index pages. Everything is loaded and rendered in memory first, so a broken map writes nothing."""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import JourneymapError, MapFileError, MissingExtraError, Problem, ProblemsError
from ..files.atomic import write_bytes_atomic
from ..files.loader import WORKSPACE_FILE, WorkspaceSource, read_workspace
from ..render.html_page import render_html_index
from ..render.registry import RenderContext, get_renderer
from .context import context_for

__all__ = ["build_site"]

SITE_FORMATS = ("svg", "html", "markdown")


def _workspaces(folder: Path) -> list[Path]:
    if (folder / WORKSPACE_FILE).is_file():
        return [folder]
    if not folder.is_dir():
        raise JourneymapError(f"{folder}: no such folder")
    found = sorted(p.parent for p in folder.glob(f"*/{WORKSPACE_FILE}"))
    if not found:
        raise JourneymapError(f"{folder}: no {WORKSPACE_FILE} here or in its sub-folders (see 'journeymap new')")
    return found


def _reports(source: WorkspaceSource, context: RenderContext) -> dict[str, str]:
    """Evidence reports of the maps the workspace lists under ``evidence:`` (none without the evidence extra)."""
    if not source.workspace.evidence:
        return {}
    try:
        from ..report import workspace_reports

        return workspace_reports(source.workspace, source.root, context, {m.map.id: m.path for m in source.maps})
    except MissingExtraError as exc:
        sys.stderr.write(f"note: no evidence reports: {exc}\n")
        return {}


def _render_workspace(source: WorkspaceSource, prefix: str) -> tuple[dict[str, bytes], list[tuple[str, str, str]]]:
    files: dict[str, bytes] = {}
    entries: list[tuple[str, str, str]] = []
    context = context_for(source.workspace)
    reports = _reports(source, context)
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


def build_site(folder: Path, output: Path) -> tuple[Path, int]:
    """Build the site of ``folder`` into ``output``; returns the top index page and the number of maps."""
    roots = _workspaces(folder)
    problems: list[Problem] = []
    sources: list[WorkspaceSource] = []
    for root in roots:
        try:
            sources.append(read_workspace(root))
        except ProblemsError as exc:
            problems.extend(exc.problems)
    if problems:
        raise MapFileError(problems)
    files: dict[str, bytes] = {}
    if len(sources) == 1:
        files.update(_render_workspace(sources[0], "")[0])
    else:
        top: list[tuple[str, str, str]] = []
        for root, source in zip(roots, sources, strict=True):
            rendered, entries = _render_workspace(source, f"{root.name}/")
            files.update(rendered)
            titles = "; ".join(label for _, label, _ in entries)
            count = f"{len(entries)} map{'s' if len(entries) != 1 else ''}"
            top.append((f"{root.name}/index.html", source.workspace.name, f"{count}: {titles}"))
        files["index.html"] = render_html_index("journeymap examples", top).encode("utf-8")
    for name, data in sorted(files.items()):
        write_bytes_atomic(output / name, data)
    return output / "index.html", sum(len(source.maps) for source in sources)
