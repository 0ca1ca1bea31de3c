"""A map as a draw.io (diagrams.net) file: an uncompressed ``mxfile`` of one page.

A timeline map (journey map, service blueprint, experience map, wall planner) becomes a grid: its stages are
columns (each over its steps), its lanes are rows, and each card is a cell in its lane's row under its step. An
ecosystem map becomes its actors joined by its value flows; a mental model diagram, its mental spaces as columns of
towers with the supports beneath. Output is deterministic: ids follow the map's order, nothing random, no time.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from journeymap import Map
from journeymap.errors import JourneymapError
from journeymap.render.registry import RenderContext, TextRenderer

__all__ = ["draw_drawio", "renderer"]

HEADING_WIDTH = 150
TITLE_HEIGHT = 40
STAGE_HEIGHT = 30
STEP_HEIGHT = 44
CARD_HEIGHT = 48
GAP = 8

HEADING = "rounded=0;whiteSpace=wrap;html=1;fillColor=#dae8fc;strokeColor=#6c8ebf;fontStyle=1;"
STAGE = "rounded=0;whiteSpace=wrap;html=1;fillColor=#1f4e79;strokeColor=#1f4e79;fontColor=#ffffff;fontStyle=1;"
STEP = "rounded=0;whiteSpace=wrap;html=1;fillColor=#f5f5f5;strokeColor=#666666;"
ROW = "rounded=0;whiteSpace=wrap;html=1;fillColor=none;strokeColor=#cccccc;"
CARD = "rounded=1;whiteSpace=wrap;html=1;fillColor=#fff2cc;strokeColor=#d6b656;"
TITLE = "text;html=1;fontSize=18;fontStyle=1;align=left;verticalAlign=middle;"
ACTOR = "ellipse;whiteSpace=wrap;html=1;fillColor=#d5e8d4;strokeColor=#82b366;"
FLOW = "endArrow=classic;html=1;rounded=0;edgeStyle=orthogonalEdgeStyle;"


def renderer() -> TextRenderer:
    """The renderer journeymap's registry loads when a map is rendered as ``drawio``."""
    return TextRenderer("drawio", ".drawio", "application/vnd.jgraph.mxfile", draw_drawio)


@dataclass
class _Page:
    """The cells of one diagram page, in drawing order, with ids numbered in that order."""

    root: ET.Element = field(default_factory=lambda: ET.Element("root"))
    count: int = 0
    width: float = 0
    height: float = 0

    def __post_init__(self) -> None:
        ET.SubElement(self.root, "mxCell", {"id": "0"})
        ET.SubElement(self.root, "mxCell", {"id": "1", "parent": "0"})

    def vertex(self, text: str, style: str, x: float, y: float, width: float, height: float) -> str:
        self.count += 1
        cell_id = f"jm-{self.count}"
        attributes = {"id": cell_id, "value": _label(text), "style": style, "vertex": "1", "parent": "1"}
        cell = ET.SubElement(self.root, "mxCell", attributes)
        geometry = {"x": _n(x), "y": _n(y), "width": _n(width), "height": _n(height), "as": "geometry"}
        ET.SubElement(cell, "mxGeometry", geometry)
        self.width, self.height = max(self.width, x + width), max(self.height, y + height)
        return cell_id

    def edge(self, text: str, source: str, target: str) -> None:
        self.count += 1
        attributes = {"id": f"jm-{self.count}", "value": _label(text), "style": FLOW, "edge": "1", "parent": "1"}
        cell = ET.SubElement(self.root, "mxCell", {**attributes, "source": source, "target": target})
        ET.SubElement(cell, "mxGeometry", {"relative": "1", "as": "geometry"})


def _label(text: str) -> str:
    """A cell's label: the labels are HTML (``html=1``, for wrapping), so the map's text is escaped as HTML."""
    return html.escape(text).replace("\n", "<br>")


def _n(value: float) -> str:
    return f"{value:g}"


def _column_width(context: RenderContext) -> int:
    raw = context.options.get("column_width", "").strip()
    if not raw:
        return 160
    try:
        width = int(raw)
    except ValueError:
        raise JourneymapError(f"column_width must be a whole number of pixels, not {raw!r}") from None
    if not 80 <= width <= 400:
        raise JourneymapError(f"column_width must be between 80 and 400 pixels, not {width}")
    return width


def _timeline(page: _Page, m: Map, width: int) -> None:
    steps = [step for stage in m.stages for step in stage.steps]
    column = {step.id: HEADING_WIDTH + i * width for i, step in enumerate(steps)}
    y = TITLE_HEIGHT
    for stage in m.stages:
        if stage.steps:
            page.vertex(stage.name, STAGE, column[stage.steps[0].id], y, width * len(stage.steps), STAGE_HEIGHT)
    y += STAGE_HEIGHT
    for step in steps:
        page.vertex(step.name, STEP, column[step.id], y, width, STEP_HEIGHT)
    y += STEP_HEIGHT
    for lane in m.lanes:
        by_step: dict[str, list[str]] = {}
        for card in lane.cards:
            by_step.setdefault(card.step, []).append(card.text)
        most = max((len(texts) for texts in by_step.values()), default=0)
        height = max(CARD_HEIGHT + 2 * GAP, most * (CARD_HEIGHT + GAP) + GAP)
        page.vertex(lane.heading, HEADING, 0, y, HEADING_WIDTH, height)
        page.vertex("", ROW, HEADING_WIDTH, y, width * len(steps), height)
        for step in steps:
            for i, text in enumerate(by_step.get(step.id, [])):
                top = y + GAP + i * (CARD_HEIGHT + GAP)
                page.vertex(text, CARD, column[step.id] + GAP, top, width - 2 * GAP, CARD_HEIGHT)
        y += height


def _ecosystem(page: _Page, m: Map, width: int) -> None:
    ids: dict[str, str] = {}
    per_row = 3
    for i, actor in enumerate(m.actors):
        x = (i % per_row) * (width + 2 * width // 3)
        y = TITLE_HEIGHT + (i // per_row) * 160
        ids[actor.id] = page.vertex(actor.name, ACTOR, x, y, width, 80)
    for flow in m.value_flows:
        if flow.source in ids and flow.target in ids:
            page.edge(flow.label, ids[flow.source], ids[flow.target])


def _mental_model(page: _Page, m: Map, width: int) -> None:
    x, bottom = 0, TITLE_HEIGHT
    for space in m.mental_spaces:
        columns = max(1, len(space.towers))
        page.vertex(space.name, STAGE, x, TITLE_HEIGHT, columns * width, STAGE_HEIGHT)
        for i, tower in enumerate(space.towers):
            texts = [tower.name, *(box.text for box in tower.boxes)]
            for j, text in enumerate(texts):
                y = TITLE_HEIGHT + STAGE_HEIGHT + GAP + j * (CARD_HEIGHT + GAP)
                page.vertex(text, STEP if j == 0 else CARD, x + i * width + GAP, y, width - 2 * GAP, CARD_HEIGHT)
                bottom = max(bottom, y + CARD_HEIGHT)
        x += columns * width
    for i, support in enumerate(m.supports):
        page.vertex(support.text, HEADING, i * width + GAP, bottom + 3 * GAP, width - 2 * GAP, CARD_HEIGHT)


def draw_drawio(m: Map, context: RenderContext) -> str:
    """The map as the text of a ``.drawio`` file."""
    width = _column_width(context)
    page = _Page()
    page.vertex(m.title, TITLE, 0, 0, 600, TITLE_HEIGHT - GAP)
    if m.type.is_timeline:
        _timeline(page, m, width)
    elif m.actors or m.value_flows:
        _ecosystem(page, m, width)
    else:
        _mental_model(page, m, width)
    mxfile = ET.Element("mxfile", host="journeymap", type="device")
    diagram = ET.SubElement(mxfile, "diagram", id=m.id, name=m.title)
    model = ET.SubElement(
        diagram, "mxGraphModel", grid="1", gridSize="10", guides="1", tooltips="1", connect="1", arrows="1",
        fold="1", page="1", pageScale="1", pageWidth=_n(page.width + 40), pageHeight=_n(page.height + 40),
        math="0", shadow="0",
    )  # fmt: skip
    model.append(page.root)
    ET.indent(mxfile, space="  ")
    return ET.tostring(mxfile, encoding="unicode") + "\n"
