"""Opening a workspace, a map file or a Mermaid file: :func:`open_path` (``journeymap.open``).

An :class:`OpenWorkspace` holds the maps (:class:`~journeymap.core.maps.OpenMap`) with the context the CLI gives
them, the personas and the pydantic :class:`~journeymap.model.Workspace`, and offers what the CLI's workspace
commands do: build a site, measure a map with a survey, discover the journey in an event log::

    import journeymap

    workspace = journeymap.open("examples/home-loan")
    as_is = workspace.map("home-loan-as-is")
    svg = as_is.render("svg")
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import JourneymapError, MapFileError, Problem
from .maps import OpenMap

if TYPE_CHECKING:
    from ..evidence.discovery import Discovery
    from ..evidence.engine import EngineConfig
    from ..evidence.survey_spec import SurveySpec
    from ..files.loader import WorkspaceSource
    from ..model import Persona, Workspace
    from .evidence import EngineChoice
    from .site import Site

__all__ = ["OpenWorkspace", "open_path"]


def open_path(path: str | Path) -> OpenWorkspace:
    """Open a workspace folder, a map file (YAML or JSON; with its workspace when it lies in one) or a Mermaid
    file. Problems in the files raise :class:`~journeymap.errors.MapFileError` listing every one; a path that
    is none of these raises :class:`~journeymap.errors.JourneymapError` saying what to give."""
    from ..files.loader import MAP_SUFFIXES, MERMAID_SUFFIXES, WORKSPACE_FILE, find_workspace_root, read_workspace

    target = Path(path).expanduser()
    if not target.exists():
        raise JourneymapError(f"{target}: no such file or folder; give a workspace folder, a map file or a .mmd file")
    if target.is_dir():
        if not (target / WORKSPACE_FILE).is_file():
            inner = sorted(str(p.parent) for p in target.glob(f"*/{WORKSPACE_FILE}"))
            hint = f"open one of the workspaces in it: {', '.join(inner)}" if inner else (
                "create one with 'journeymap new workspace'")  # fmt: skip
            raise JourneymapError(f"{target} is not a workspace: it has no {WORKSPACE_FILE}; {hint}")
        return OpenWorkspace(read_workspace(target))
    suffix = target.suffix.lower()
    if target.name == WORKSPACE_FILE:
        return OpenWorkspace(read_workspace(target.parent))
    if suffix not in (*MAP_SUFFIXES, *MERMAID_SUFFIXES):
        known = ", ".join((*MAP_SUFFIXES, *MERMAID_SUFFIXES))
        raise JourneymapError(f"{target}: not a map file; give a workspace folder or a file ending in {known}")
    root = None if suffix in MERMAID_SUFFIXES else find_workspace_root(target)
    if root is not None:
        source = read_workspace(root)
        opened = [item.map.id for item in source.maps if item.path.resolve() == target.resolve()]
        if opened:
            return OpenWorkspace(source, opened=opened[0])
    return _loose(target)


def _loose(path: Path) -> OpenWorkspace:
    """A map file outside any workspace, as a workspace of one map named after it."""
    from ..files.loader import WorkspaceSource, read_map
    from ..model import Workspace

    source = read_map(path)
    workspace = Workspace(name=source.map.title, maps=[source.map])
    loose = WorkspaceSource(workspace, path.parent, [source], {}, list(source.problems))
    return OpenWorkspace(loose, loose=True, opened=source.map.id)


class OpenWorkspace:
    """An opened workspace (or a lone map file, as a workspace of one map without a folder: ``root`` is None)."""

    def __init__(self, source: WorkspaceSource, *, loose: bool = False, opened: str | None = None) -> None:
        from .context import context_for

        self._source = source
        self._loose = loose
        self.model: Workspace = source.workspace
        """The pydantic workspace: name, settings, diagnostic, evidence, personas and maps."""
        context = context_for(None if loose else source.workspace, None if loose else source.root)
        workspace = None if loose else source.workspace
        self.maps: list[OpenMap] = [OpenMap(item, context, workspace) for item in source.maps]
        """The maps, in file order."""
        self.opened: OpenMap | None = self.map(opened) if opened is not None else None
        """The map the opened path named, when it was a map file (else None)."""

    @property
    def root(self) -> Path | None:
        """The workspace folder (None for a lone map file)."""
        return None if self._loose else self._source.root

    @property
    def name(self) -> str:
        return self.model.name

    @property
    def personas(self) -> list[Persona]:
        return list(self.model.personas)

    @property
    def warnings(self) -> list[Problem]:
        """Problems found while reading that did not stop it (e.g. an unknown key)."""
        return list(self._source.warnings)

    def __repr__(self) -> str:
        where = f" at {self.root}" if self.root is not None else ""
        ids = ", ".join(m.id for m in self.maps)
        return f"<OpenWorkspace {self.name!r}{where}: {len(self.maps)} map{'s' if len(self.maps) != 1 else ''} ({ids})>"

    def _repr_html_(self) -> str:
        """In Jupyter: the workspace's name and a table of its maps (id, title, type, steps)."""
        from html import escape

        rows = "".join(
            f"<tr><td><code>{escape(m.id)}</code></td><td>{escape(m.title)}</td>"
            f"<td>{escape(m.model.type.label)}</td><td>{len(m.model.steps)}</td></tr>"
            for m in self.maps
        )
        head = "<tr><th>id</th><th>title</th><th>type</th><th>steps</th></tr>"
        return f"<p><strong>{escape(self.name)}</strong></p><table>{head}{rows}</table>"

    def __iter__(self) -> Iterator[OpenMap]:
        return iter(self.maps)

    def __len__(self) -> int:
        return len(self.maps)

    def map(self, key: str) -> OpenMap:
        """The map whose id (or title) is ``key``; a clear error listing the ids when there is none."""
        for found in self.maps:
            if found.id == key:
                return found
        titled = [m for m in self.maps if m.title.casefold() == key.casefold()]
        if len(titled) == 1:
            return titled[0]
        ids = ", ".join(m.id for m in self.maps) or "none"
        raise JourneymapError(f"no map {key!r} in {self.name!r}; its maps: {ids}")

    def persona(self, persona_id: str) -> Persona:
        """The persona ``persona_id``; a clear error listing the ids when there is none."""
        found = self.model.persona(persona_id)
        if found is None:
            ids = ", ".join(p.id for p in self.model.personas) or "none"
            raise JourneymapError(f"no persona {persona_id!r} in {self.name!r}; its personas: {ids}")
        return found

    def build_site(self, output: str | Path) -> Site:
        """Write every map as SVG, HTML and Markdown, the evidence reports and an index page into ``output``
        (as ``journeymap build``); returns the index page, the number of maps and notes."""
        from .site import write_site

        return write_site([self._source], Path(output))

    # ---- evidence -----------------------------------------------------------------------------------------------

    def _file(self, path: str | Path) -> Path:
        """A file the user names: as given when it exists from the working folder, else in the workspace."""
        given = Path(path)
        if given.is_absolute() or given.exists() or self.root is None:
            return given
        return self.root / given

    def _evidence(self, map_id: str) -> Any:
        entry = next((e for e in self.model.evidence if e.map == map_id), None)
        if entry is None:
            listed = ", ".join(e.map for e in self.model.evidence) or "none"
            raise JourneymapError(
                f"the workspace lists no evidence for {map_id!r} (maps with evidence: {listed}); give the file"
            )
        return entry

    def measure(
        self,
        map: str | OpenMap,
        survey: str | Path | None = None,
        *,
        layout: SurveySpec | None = None,
        engine: EngineConfig | EngineChoice | None = None,
        **options: Any,
    ) -> tuple[OpenMap, list[Problem]]:
        """The map measured from a survey (as ``journeymap measure``), and the warnings; the map's file is not
        changed (call ``save()`` on the result). Without ``survey``, the surveys the workspace lists for the
        map under ``evidence:`` are applied in order. ``options`` describe the survey's layout as the command
        line does (``mapping=``, ``wide=``, ``scale=``…; see :func:`journeymap.core.evidence.survey_layout`)."""
        from ..files.loader import MapSource
        from .evidence import measure_file, survey_layout

        target = map if isinstance(map, OpenMap) else self.map(map)
        if "mapping" in options and options["mapping"] is not None:
            options["mapping"] = self._file(options["mapping"])
        if survey is not None:
            runs = [(self._file(survey), layout or survey_layout(**options))]
        else:
            entry = self._evidence(target.id)
            runs = [(self._inside(s.file), survey_layout(mapping=self._inside(s.mapping) if s.mapping else None))
                    for s in entry.surveys]  # fmt: skip
        measured, warnings = target.model, []
        for file, spec in runs:
            measured, found = measure_file(measured, file, spec, engine=engine)
            warnings += found
        result = OpenMap(MapSource(measured, target.path, None), target.context, None if self._loose else self.model)
        return result, warnings

    def _inside(self, relative: str) -> Path:
        from ..evidence.files import inside_workspace

        if self.root is None:
            raise MapFileError([Problem("JE004", relative, "a lone map has no workspace folder for its evidence")])
        return inside_workspace(self.root, relative, f"evidence › {relative}")

    def discover(
        self,
        log: str | Path | None = None,
        *,
        map: str | None = None,
        case: str | None = None,
        activity: str | None = None,
        time: str | None = None,
        channel: str | None = None,
        engine: EngineConfig | EngineChoice | None = None,
    ) -> Discovery:
        """The journey found in an event log (as ``journeymap discover``): paths, flows, funnel, variants. Without
        ``log``, the event log the workspace lists for ``map`` (or its only one) under ``evidence:``."""
        from .evidence import discover_file

        if log is not None:
            path = self._file(log)
        else:
            logs = [e for e in self.model.evidence if e.events and (map is None or e.map == map)]
            if map is not None and not logs:
                self._evidence(map)  # names the maps with evidence
                raise JourneymapError(f"the workspace lists no event log for {map!r}; give the file")
            if len(logs) != 1:
                listed = ", ".join(e.map for e in logs) or "none"
                raise JourneymapError(f"give the event log, or the map whose log to read (maps with one: {listed})")
            path = self._inside(logs[0].events)
        return discover_file(path, case=case, activity=activity, time=time, channel=channel, engine=engine)
