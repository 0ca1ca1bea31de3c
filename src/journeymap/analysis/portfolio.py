"""The portfolio: every journey (map) of one or more workspaces with its owner, status, type, persona and health;
the hierarchy of journeys as a tree; a journey × stage heat map; the personas and the journeys they appear in; and
the opportunity board (:mod:`journeymap.analysis.opportunity_board`). Used by ``journeymap portfolio`` and the
studio; every result is a dataclass with ``to_dict()`` (the JSON the command prints).

**Tree** — a map's parent is its ``parent``; a map without one whose id a step of another map names as its
``sub_journey`` hangs under that map (the first such, in file order). Maps without a parent in the workspace are
at the top, one tree per workspace. A cycle of parent links is cut where it closes: the map first met is put at
the top and the map that would repeat it is not drawn again.

**Heat map** — one row per journey with stages, its own stages as columns, in order (stages differ from map to
map, so the columns are aligned by position, and each cell names its stage). A cell is the mean emotional level of
the stage's steps that have one (the map's own persona's, 1–10); for a value-moments planner it is the stage's
VMPI instead: Σ wᵢ·VMEᵢ / Σ wᵢ·VMCEᵢ × 100 over the value moments at the stage's steps. A stage without a value
has an empty cell. Maps without stages (ecosystem maps, mental model diagrams) have no row.

**Personas** — a persona appears in a journey when the map is its experience (``persona``), defines it, names it
as an actor of a step, or gives its emotional levels at a step (``emotions``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

from ..model import DEFAULT_VMPI_BANDS, Map, MapType, Workspace
from ..model.links import parent_of, sub_journey_steps
from .health import Health, HealthPart
from .opportunity_board import OpportunityBoard, build_board
from .value_moments import map_vmpi, vmpi_band

if TYPE_CHECKING:
    from ..files.loader import WorkspaceSource

__all__ = [
    "HeatCell",
    "HeatRow",
    "Journey",
    "PersonaEntry",
    "Portfolio",
    "PortfolioWorkspace",
    "TreeNode",
    "WorkspaceTree",
    "build_portfolio",
    "heat_row",
    "journey_tree",
    "persona_index",
    "portfolio_of_sources",
]

Measure = Literal["emotion", "vmpi"]


@dataclass(frozen=True)
class PortfolioWorkspace:
    """What the portfolio reads of a workspace: the model, the health of its maps, and where it lives."""

    workspace: Workspace
    health: Sequence[Health] = ()
    location: str = ""


@dataclass(frozen=True)
class Journey:
    """One map of the portfolio."""

    workspace: str
    id: str
    title: str
    type: str
    type_label: str
    state: str
    owner: str
    status: str
    reviewed_on: str | None
    persona: str | None
    persona_name: str
    parent: str | None
    sub_journeys: tuple[str, ...]
    tags: tuple[str, ...]
    stages: int
    steps: int
    opportunities: int
    health: float | None
    health_parts: tuple[HealthPart, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data = {k: v for k, v in asdict(self).items() if k != "health_parts"}
        data["health"] = None if self.health is None else round(self.health, 1)
        data["health_parts"] = [part.to_dict() for part in self.health_parts]
        data["sub_journeys"] = list(self.sub_journeys)
        data["tags"] = list(self.tags)
        return data


@dataclass(frozen=True)
class TreeNode:
    """A journey in the tree with the journeys under it; ``via_step`` names the step of the parent that opens it."""

    id: str
    title: str
    status: str
    health: float | None
    via_step: str | None = None
    children: tuple[TreeNode, ...] = ()

    def walk(self, depth: int = 0) -> Iterator[tuple[int, TreeNode]]:
        yield depth, self
        for child in self.children:
            yield from child.walk(depth + 1)

    def to_dict(self) -> dict[str, Any]:
        health = None if self.health is None else round(self.health, 1)
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status,
            "health": health,
            "via_step": self.via_step,
            "children": [c.to_dict() for c in self.children],
        }


@dataclass(frozen=True)
class WorkspaceTree:
    workspace: str
    roots: tuple[TreeNode, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"workspace": self.workspace, "roots": [r.to_dict() for r in self.roots]}


@dataclass(frozen=True)
class HeatCell:
    """One stage of a journey: its mean emotional level (1–10) or VMPI (percent); ``n`` steps or moments counted."""

    stage: str
    value: float | None
    n: int
    band: str = ""
    colour: str = ""
    """For VMPI: the workspace's band the value falls in, and its colour."""


@dataclass(frozen=True)
class HeatRow:
    workspace: str
    map_id: str
    title: str
    measure: Measure
    cells: tuple[HeatCell, ...]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for cell in data["cells"]:
            cell["value"] = None if cell["value"] is None else round(cell["value"], 2)
        return data


@dataclass(frozen=True)
class PersonaEntry:
    """A persona of a workspace and the journeys it appears in (map id, title, and how)."""

    workspace: str
    id: str
    name: str
    kind: str
    segment: str
    journeys: tuple[tuple[str, str, str], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "workspace": self.workspace,
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "segment": self.segment,
            "journeys": [{"map": m, "title": t, "as": how} for m, t, how in self.journeys],
        }


@dataclass(frozen=True)
class Portfolio:
    workspaces: tuple[str, ...]
    journeys: tuple[Journey, ...]
    trees: tuple[WorkspaceTree, ...]
    heat_map: tuple[HeatRow, ...]
    personas: tuple[PersonaEntry, ...]
    board: OpportunityBoard
    generated_on: str = field(default_factory=lambda: dt.date.today().isoformat())

    def to_dict(self) -> dict[str, Any]:
        return {
            "workspaces": list(self.workspaces),
            "generated_on": self.generated_on,
            "journeys": [j.to_dict() for j in self.journeys],
            "tree": [t.to_dict() for t in self.trees],
            "heat_map": [r.to_dict() for r in self.heat_map],
            "personas": [p.to_dict() for p in self.personas],
            "opportunities": self.board.to_dict(),
        }


# ---- the tree ----------------------------------------------------------------------------------------------------


def _parents(maps: Sequence[Map]) -> dict[str, tuple[str, str | None]]:
    """map id → (parent id, the parent's step that opens it, if any), as :func:`~journeymap.model.links.parent_of`."""
    found: dict[str, tuple[str, str | None]] = {}
    for m in maps:
        parent = parent_of(m, maps)
        if parent is None or parent.id == m.id:
            continue
        via = next((step.name for _, step in sub_journey_steps(parent) if step.sub_journey == m.id), None)
        found[m.id] = (parent.id, via)
    return found


def journey_tree(maps: Sequence[Map], health: dict[str, float] | None = None, workspace: str = "") -> WorkspaceTree:
    """The hierarchy of ``maps`` (see the module docstring)."""
    health = health or {}
    parents = _parents(maps)
    children: dict[str, list[Map]] = {}
    for m in maps:
        if m.id in parents:
            children.setdefault(parents[m.id][0], []).append(m)
    drawn: set[str] = set()

    def node(m: Map) -> TreeNode:
        drawn.add(m.id)
        kids = tuple(node(c) for c in children.get(m.id, []) if c.id not in drawn)
        via = parents[m.id][1] if m.id in parents else None
        return TreeNode(m.id, m.title, m.status.value, health.get(m.id), via, kids)

    roots = [node(m) for m in maps if m.id not in parents]
    for m in maps:  # a cycle of parents: nothing reached it from the top
        if m.id not in drawn:
            roots.append(node(m))
    return WorkspaceTree(workspace, tuple(roots))


# ---- the heat map ------------------------------------------------------------------------------------------------


def heat_row(m: Map, workspace: Workspace | None = None) -> HeatRow | None:
    """The heat-map row of ``m``: a cell per stage (see the module docstring); ``None`` without stages."""
    if not m.stages:
        return None
    bands = workspace.settings.vmpi_bands if workspace is not None else DEFAULT_VMPI_BANDS
    name = workspace.name if workspace is not None else ""
    measure: Measure = "vmpi" if m.type is MapType.VALUE_MOMENTS_PLANNER else "emotion"
    cells = []
    for stage in m.stages:
        ids = {s.id for s in stage.steps}
        if measure == "vmpi":
            moments = [vm for vm in m.value_moments if vm.step in ids]
            value = map_vmpi(moments)
            band = vmpi_band(value, bands) if value is not None else None
            label, colour = (band.label, band.colour) if band is not None else ("", "")
            cells.append(HeatCell(stage.name, value, len(moments), label, colour))
        else:
            levels = [s.emotion.value for s in stage.steps if s.emotion is not None]
            value = sum(levels) / len(levels) if levels else None
            cells.append(HeatCell(stage.name, value, len(levels)))
    return HeatRow(name, m.id, m.title, measure, tuple(cells))


# ---- personas ----------------------------------------------------------------------------------------------------


def _appearances(m: Map, persona_id: str) -> str | None:
    if m.persona == persona_id:
        return "persona"
    if persona_id in m.persona_ids():
        return "defined"
    if any(persona_id in s.actors for s in m.steps):
        return "actor"
    if any(persona_id in s.emotions for s in m.steps):
        return "emotions"
    return None


def persona_index(workspace: Workspace) -> list[PersonaEntry]:
    """The workspace's personas (and those its maps define), each with the journeys it appears in."""
    personas = {p.id: p for p in workspace.personas}
    for m in workspace.maps:
        for p in m.personas:
            personas.setdefault(p.id, p)
    entries = []
    for persona in personas.values():
        journeys = []
        for m in workspace.maps:
            how = _appearances(m, persona.id)
            if how is not None:
                journeys.append((m.id, m.title, how))
        entries.append(
            PersonaEntry(workspace.name, persona.id, persona.name, persona.kind, persona.segment, tuple(journeys))
        )
    return entries


# ---- the whole portfolio -----------------------------------------------------------------------------------------


def _journey(m: Map, workspace: Workspace, health: Health | None, subs: tuple[str, ...]) -> Journey:
    persona = next((p for p in (*m.personas, *workspace.personas) if p.id == m.persona), None)
    return Journey(
        workspace=workspace.name,
        id=m.id,
        title=m.title,
        type=m.type.value,
        type_label=m.type.label,
        state=m.state.value,
        owner=m.owner,
        status=m.status.value,
        reviewed_on=m.reviewed_on.isoformat() if m.reviewed_on else None,
        persona=m.persona,
        persona_name=persona.name if persona is not None else "",
        parent=m.parent,
        sub_journeys=subs,
        tags=tuple(m.tags),
        stages=len(m.stages),
        steps=len(m.steps),
        opportunities=len(m.opportunities),
        health=health.total if health is not None else None,
        health_parts=tuple(health.parts) if health is not None else (),
    )


def _children(tree: WorkspaceTree) -> dict[str, tuple[str, ...]]:
    return {node.id: tuple(c.id for c in node.children) for root in tree.roots for _, node in root.walk()}


def build_portfolio(
    workspaces: Sequence[PortfolioWorkspace], *, statuses: Sequence[str] = (), sort: str = "score"
) -> Portfolio:
    """The portfolio of ``workspaces``: journeys, trees, heat map, personas and the opportunity board (filtered to
    ``statuses`` and sorted by ``sort``, as :func:`~journeymap.analysis.opportunity_board.build_board`)."""
    journeys: list[Journey] = []
    trees: list[WorkspaceTree] = []
    rows: list[HeatRow] = []
    personas: list[PersonaEntry] = []
    for item in workspaces:
        w = item.workspace
        by_map = {h.map_id: h for h in item.health}
        tree = journey_tree(w.maps, {k: h.total for k, h in by_map.items()}, w.name)
        trees.append(tree)
        subs = _children(tree)
        journeys += [_journey(m, w, by_map.get(m.id), subs.get(m.id, ())) for m in w.maps]
        rows += [row for m in w.maps if (row := heat_row(m, w)) is not None]
        personas += persona_index(w)
    board = build_board([item.workspace for item in workspaces], statuses=statuses, sort=sort)
    names = tuple(item.workspace.name for item in workspaces)
    return Portfolio(names, tuple(journeys), tuple(trees), tuple(rows), tuple(personas), board)


def portfolio_of_sources(
    sources: Sequence[WorkspaceSource], *, today: dt.date | None = None, lint: bool = True, **options: Any
) -> Portfolio:
    """The portfolio of workspaces read from their folders, with each map's health (its validation problems and,
    with ``lint``, its lint findings counted; see :mod:`journeymap.analysis.health`)."""
    from .health import workspace_health

    items = [PortfolioWorkspace(s.workspace, workspace_health(s, today=today, lint=lint), str(s.root)) for s in sources]
    portfolio = build_portfolio(items, **options)
    return replace(portfolio, generated_on=today.isoformat()) if today is not None else portfolio
