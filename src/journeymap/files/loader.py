"""Loading maps, personas and workspaces from files, reporting every problem at once.

A workspace is a folder::

    journeymap.yaml        name, description, settings
    personas/*.yaml        one persona a file
    maps/**/*.yaml         one map a file (``.yml`` and ``.json`` are read too)

A map file can also stand alone (with its personas inline). ``.mmd`` files are Mermaid journey diagrams,
imported on the fly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import MapFileError, Problem, ProblemsError, Severity
from ..limits import limits
from ..model import FORMAT_VERSION, Map, Persona, Workspace, check_map_references, slugify
from ..model.journey_map import prepare_map_data
from ..model.references import check_step_links, did_you_mean
from .document import Document, parse_document, read_bytes, read_document
from .initiatives import initiative_problems
from .validation import problems_from_validation

__all__ = [
    "MAP_SUFFIXES",
    "WORKSPACE_FILE",
    "MapSource",
    "WorkspaceSource",
    "display_path",
    "find_workspace_root",
    "load_map",
    "load_path",
    "load_workspace",
    "read_map",
    "read_workspace",
    "validate_paths",
]

WORKSPACE_FILE = "journeymap.yaml"
MAP_SUFFIXES = (".yaml", ".yml", ".json")
MERMAID_SUFFIXES = (".mmd", ".mermaid")

M = TypeVar("M", bound=BaseModel)


@dataclass
class MapSource:
    """A map with the file it came from and the parsed document (for positions and comments)."""

    map: Map
    path: Path
    document: Document | None
    problems: list[Problem] = field(default_factory=list)


@dataclass
class WorkspaceSource:
    """A workspace with the files its maps and personas came from."""

    workspace: Workspace
    root: Path
    maps: list[MapSource]
    persona_paths: dict[str, Path]
    problems: list[Problem] = field(default_factory=list)

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def plain(node: Any) -> Any:
    """ruamel's commented containers as plain dicts and lists (faster to validate and copy)."""
    if isinstance(node, dict):
        return {str(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    return node


def _validate(doc: Document, model: type[M], default_id: str | None = None) -> tuple[M | None, list[Problem]]:
    if not isinstance(doc.tree, dict):
        kind = "empty" if doc.tree is None else type(doc.tree).__name__
        hint = f"a {model.__name__.lower()} file is a mapping of keys such as 'title:'"
        return None, [Problem("JM004", doc.where(()), f"expected a mapping, found {kind}", hint)]
    version = doc.tree.get("journeymap", FORMAT_VERSION)
    if isinstance(version, int) and version > FORMAT_VERSION:
        message = f"format version {version} is newer than this journeymap reads ({FORMAT_VERSION})"
        return None, [Problem("JM005", doc.where(("journeymap",)), message, "upgrade: pip install -U journeymap")]
    if model is Map and (crowded := _too_many_elements(doc)) is not None:
        return None, [crowded]
    data = plain(doc.tree)
    if default_id is not None and "id" not in data:
        data["id"] = default_id
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, problems_from_validation(exc, doc, model)


def _position_key(problem: Problem) -> tuple[str, int, int]:
    parts = problem.where.rsplit(":", 2)
    if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
        return parts[0], int(parts[1]), int(parts[2])
    return problem.where, 0, 0


def _locate(problems: Iterable[Problem], doc: Document | None) -> list[Problem]:
    """Give model problems (which carry ``loc``) a file position."""
    located = []
    for p in problems:
        if doc is not None:
            where = doc.where(p.loc)
            located.append(Problem(p.code, where, p.message, p.hint, p.severity, p.path or p.where, p.loc))
        else:
            located.append(p)
    return located


def read_map(
    path: Path, *, personas: Iterable[str] = (), maps: Sequence[str] | None = None, display: str | None = None
) -> MapSource:
    """Read and check one map file; raises :class:`MapFileError` with every error found."""
    if path.suffix.lower() in MERMAID_SUFFIXES:
        from .mermaid_import import import_mermaid_file

        imported, warnings = import_mermaid_file(path, display=display)
        return MapSource(imported, path, None, warnings)
    doc = read_document(path, display)
    journey_map, problems = _validate(doc, Map, default_id=slugify(path.stem, "map"))
    if journey_map is None:
        if isinstance(doc.tree, dict) and not any(p.code in ("JM005", "JM900") for p in problems):
            raw = prepare_map_data({"id": slugify(path.stem, "map"), **plain(doc.tree)})
            problems += _locate(check_map_references(raw, personas=set(personas), maps=maps), doc)
        raise MapFileError(sorted(problems, key=_position_key))
    refs = check_map_references(journey_map, personas=set(personas), maps=maps)
    problems = sorted(_locate(refs, doc), key=_position_key)
    if any(p.is_error for p in problems):
        raise MapFileError(problems)
    return MapSource(journey_map, path, doc, problems)


def check_map_data(
    data: dict[str, Any], display: str, *, personas: Iterable[str] = (), maps: Sequence[str] | None = None
) -> MapSource:
    """Check a map's data (from the studio, an API call) as :func:`read_map` checks a file: every problem, with
    element paths; raises :class:`MapFileError`."""
    from .dump import dump_json

    default_id = slugify(Path(display).stem, "map")
    if (crowded := _too_many_elements(Document(display, data))) is not None:
        raise MapFileError([Problem(crowded.code, display, crowded.message, crowded.hint)])
    try:  # the common case, valid data, needs no document (parsing one is most of the time on a big map)
        valid = Map.model_validate({"id": default_id, **data} if "id" not in data else data)
    except ValidationError:
        pass
    else:
        found = [_by_element(p, display) for p in check_map_references(valid, personas=set(personas), maps=maps)]
        if any(p.is_error for p in found):
            raise MapFileError(found)
        return MapSource(valid, Path(display), None, found)
    doc = parse_document(dump_json(data), display)
    journey_map, problems = _validate(doc, Map, default_id=default_id)
    if journey_map is None:
        if not any(p.code == "JM005" for p in problems):
            raw = prepare_map_data({"id": slugify(Path(display).stem, "map"), **data})
            problems += check_map_references(raw, personas=set(personas), maps=maps)
        raise MapFileError([_by_element(p, display) for p in problems])
    problems = list(check_map_references(journey_map, personas=set(personas), maps=maps))
    problems = [_by_element(p, display) for p in problems]
    if any(p.is_error for p in problems):
        raise MapFileError(problems)
    return MapSource(journey_map, Path(display), doc, problems)


def _by_element(problem: Problem, display: str) -> Problem:
    """Data has no lines: a problem is where its element is (``stage "Apply" › step "Upload" › emotion``)."""
    where = problem.path or (problem.where if not problem.where.startswith(display + ":") else display)
    return Problem(problem.code, where, problem.message, problem.hint, problem.severity, "", problem.loc)


def load_map(path: str | Path) -> Map:
    """Load one map file (YAML, JSON or Mermaid). Personas of its workspace, if any, are known to it."""
    path = Path(path)
    root = find_workspace_root(path)
    if root is not None and path.suffix.lower() not in MERMAID_SUFFIXES:
        source = read_workspace(root)
        for item in source.maps:
            if item.path.resolve() == path.resolve():
                return item.map
    return read_map(path).map


def _read_persona(path: Path, display: str) -> tuple[Persona | None, list[Problem]]:
    try:
        doc = read_document(path, display)
    except MapFileError as exc:
        return None, list(exc.problems)
    return _validate(doc, Persona, default_id=slugify(path.stem, "persona"))


def find_workspace_root(path: Path) -> Path | None:
    """The nearest folder at or above ``path`` that holds a ``journeymap.yaml``."""
    start = path.resolve()
    for folder in [start, *start.parents] if start.is_dir() else list(start.parents):
        if (folder / WORKSPACE_FILE).is_file():
            return folder
    return None


def _files(folder: Path, suffixes: Sequence[str]) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in suffixes)


def read_workspace(root: str | Path) -> WorkspaceSource:
    """Read a workspace folder; raises :class:`MapFileError` listing the errors of every file."""
    root = Path(root)
    header = root / WORKSPACE_FILE
    if header.is_dir():
        hint = f"{WORKSPACE_FILE} holds the workspace's name and settings: it must be a file"
        raise MapFileError([Problem("JM002", display_path(header), "is a folder, not a file", hint)])
    if header.exists() and not header.is_file():  # a FIFO, a device: named by the reader, never opened
        read_bytes(header, display_path(header))
    if not (root / WORKSPACE_FILE).is_file():
        hint = "create it with 'journeymap new workspace' or point at a map file"
        raise MapFileError([Problem("JM002", str(root), f"no {WORKSPACE_FILE} in this folder", hint)])
    problems: list[Problem] = []

    def shown(p: Path) -> str:
        return display_path(p)

    header_doc = read_document(root / WORKSPACE_FILE, shown(root / WORKSPACE_FILE))
    if isinstance(header_doc.tree, dict):
        for key in ("personas", "maps"):
            if key in header_doc.tree:
                hint = f"put each of the {key} in a file of its own in the {key}/ folder"
                problems.append(Problem("JM101", header_doc.where((key,)), f"unknown key {key!r}", hint))
    workspace, header_problems = _validate(header_doc, Workspace)
    problems.extend(header_problems)

    personas: list[Persona] = []
    persona_paths: dict[str, Path] = {}
    for path in _files(root / "personas", MAP_SUFFIXES):
        persona, found = _read_persona(path, shown(path))
        problems.extend(found)
        if persona is not None:
            if persona.id in persona_paths:
                problems.append(_duplicate("persona", persona.id, shown(path), persona_paths[persona.id]))
            else:
                persona_paths[persona.id] = path
                personas.append(persona)

    persona_ids = [p.id for p in personas]
    map_sources = _read_maps(root, persona_ids, problems, shown)
    problems.extend(_map_link_problems(map_sources))
    steps_of = {source.map.id: {step.id for step in source.map.steps} for source in map_sources}
    for source in map_sources:  # an opportunity's map-id:step-id names a step of another map
        problems.extend(_locate(check_step_links(source.map, steps_of), source.document))
    if workspace is not None:
        problems.extend(_evidence_problems(workspace, root, header_doc, [m.map.id for m in map_sources]))
        problems.extend(initiative_problems(workspace, root, header_doc, [m.map for m in map_sources], persona_ids))
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors or workspace is None:
        raise MapFileError(problems)
    workspace = workspace.model_copy(update={"personas": personas, "maps": [m.map for m in map_sources]})
    return WorkspaceSource(workspace, root, map_sources, persona_paths, problems)


def _evidence_problems(workspace: Workspace, root: Path, doc: Document, map_ids: list[str]) -> list[Problem]:
    """The ``evidence:`` entries of a workspace must name its maps and files that exist."""
    problems = []
    for index, entry in enumerate(workspace.evidence):
        if entry.map not in map_ids:
            where = doc.where(("evidence", index, "map"))
            problems.append(Problem("JM202", where, f"unknown map {entry.map!r}", did_you_mean(entry.map, map_ids)))
        files: list[tuple[tuple[str | int, ...], str]] = []
        for i, survey in enumerate(entry.surveys):
            files.append((("evidence", index, "surveys", i, "file"), survey.file))
            if survey.mapping:
                files.append((("evidence", index, "surveys", i, "mapping"), survey.mapping))
        if entry.events:
            files.append((("evidence", index, "events"), entry.events))
        for loc, name in files:
            target = root / name
            if not _inside(target, root):
                message = f"{name!r} is outside the workspace folder"
                hint = "evidence files live in the workspace: copy the file into it and give a path relative to it"
                problems.append(Problem("JM304", doc.where(loc), message, hint))
            elif not target.is_file():
                message = f"no file {name!r} in the workspace"
                problems.append(Problem("JM303", doc.where(loc), message, "check the path"))
            elif loc[-1] == "events" and not name.lower().endswith(_EVENT_LOG_SUFFIXES):
                hint = "event logs are CSV, TSV, Parquet, XES or XES.gz files"
                problems.append(Problem("JE101", doc.where(loc), f"{name!r} is not an event log", hint))
    return problems


_EVENT_LOG_SUFFIXES = (".csv", ".tsv", ".txt", ".parquet", ".pq", ".xes", ".xes.gz")


def _inside(path: Path, root: Path) -> bool:
    """``path`` (symbolic links followed) is in ``root``."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        return False


def _too_many_elements(doc: Document) -> Problem | None:
    """A map with more elements (mappings in lists, and steps written as names) than ``limits().elements``, or
    nested deeper than ``limits().nesting``, found before the model is built (which would take minutes)."""
    allowed = limits().elements
    count = 0
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(doc.tree, ())]
    while stack:
        node, loc = stack.pop()
        if len(loc) >= limits().nesting and isinstance(node, dict | list):  # data from the studio: not yet bounded
            return limits().problem("nesting", doc.where(loc), "the depth of nested mappings and lists")
        if isinstance(node, dict):
            stack.extend((value, (*loc, str(key))) for key, value in node.items())
        elif isinstance(node, list):
            for index, item in enumerate(node):
                if isinstance(item, dict) or (isinstance(item, str) and loc[-1:] == ("steps",)):
                    count += 1
                    if count > allowed:
                        return limits().problem("elements", doc.where((*loc, index)), "the number of elements")
                if isinstance(item, dict | list):
                    stack.append((item, (*loc, index)))
    return None


def _read_maps(root: Path, persona_ids: list[str], problems: list[Problem], shown: Any) -> list[MapSource]:
    paths = _files(root / "maps", MAP_SUFFIXES)
    # first pass: the ids of every map, so derived_from can be checked
    ids = []
    for path in paths:
        try:
            doc = read_document(path, shown(path))
        except MapFileError:
            continue
        if isinstance(doc.tree, dict):
            ids.append(str(doc.tree.get("id", slugify(path.stem, "map"))))
    sources: list[MapSource] = []
    seen: dict[str, Path] = {}
    for path in paths:
        try:
            source = read_map(path, personas=persona_ids, maps=ids, display=shown(path))
        except ProblemsError as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(source.problems)
        if source.map.id in seen:
            problems.append(_duplicate("map", source.map.id, shown(path), seen[source.map.id]))
            continue
        seen[source.map.id] = path
        sources.append(source)
    return sources


def _map_link_problems(sources: list[MapSource]) -> list[Problem]:
    """Cycles of parents and sub-journeys across the maps, located in their files (:mod:`journeymap.model.links`)."""
    from ..model.links import check_map_links

    documents = {source.map.id: source.document for source in sources}

    def where(m: Map, loc: tuple[str | int, ...]) -> str:
        document = documents.get(m.id)
        return document.where(loc) if document is not None else m.id

    return check_map_links([source.map for source in sources], where)


def _duplicate(kind: str, element_id: str, where: str, first: Path) -> Problem:
    return Problem("JM301", where, f"{kind} id {element_id!r} is also used by {first}", "give each a unique id")


def load_workspace(root: str | Path) -> Workspace:
    """Load a workspace folder (see the module docstring)."""
    return read_workspace(root).workspace


def load_path(path: str | Path) -> Workspace | Map:
    """A workspace for a folder, a map for a file."""
    path = Path(path)
    return load_workspace(path) if path.is_dir() else load_map(path)


def validate_paths(paths: Iterable[str | Path]) -> list[Problem]:
    """Every problem (errors and warnings) in the given map files and workspace folders.

    A file inside a workspace is checked with the workspace's personas and maps; only its own problems are
    reported (and a note when other files of the workspace stop it from being checked fully).
    """
    problems: list[Problem] = []
    for item in paths:
        path = Path(item)
        if not path.exists():
            problems.append(Problem("JM002", str(path), "no such file or folder", "check the path"))
            continue
        try:
            problems.extend(_validate_one(path))
        except ProblemsError as exc:
            problems.extend(exc.problems)
    return problems


def _validate_one(path: Path) -> list[Problem]:
    if path.is_dir():
        nested = sorted(p.parent for p in path.glob(f"*/{WORKSPACE_FILE}"))
        if not (path / WORKSPACE_FILE).is_file() and nested:  # a folder of workspaces
            return [problem for root in nested for problem in validate_paths([root])]
        return read_workspace(path).problems
    root = find_workspace_root(path) if path.suffix.lower() not in MERMAID_SUFFIXES else None
    if root is None:
        return read_map(path).problems
    try:
        source = read_workspace(root)
    except ProblemsError as exc:
        own = [p for p in exc.problems if _same_file(p.where, path)]
        if own:
            return own
        note = f"other files of the workspace {display_path(root)} have problems"
        hint = f"run: journeymap validate {display_path(root)}"
        return [Problem("JM302", display_path(path), note, hint, Severity.WARNING), *read_map(path).problems]
    return [p for p in source.problems if _same_file(p.where, path)]


def display_path(path: Path) -> str:
    """``path`` relative to the working folder when it is below it, else absolute (a symbolic link keeps its own
    name: a problem names the file the user wrote, not what it points at)."""
    full = path.parent.resolve() / path.name if path.name not in ("", ".", "..") else path.resolve()
    try:
        return str(full.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(full)


def _same_file(where: str, path: Path) -> bool:
    file_part = where.split(":", 1)[0]
    try:
        return Path(file_part).resolve() == path.resolve()
    except OSError:
        return False
