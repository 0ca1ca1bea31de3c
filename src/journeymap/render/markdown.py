"""Markdown: a table per map (lanes × steps) for READMEs and wikis.

Everything a user wrote is escaped: HTML-significant characters become entities and Markdown punctuation
is backslash-escaped, so text can make neither markup nor links. A paragraph that would open a heading or a list
("# 1", "- x", "1. x") has that start escaped; a table cell cannot open a block, so it keeps "7.4 (n=212)" as is.
A cell with several cards shows one card a line, each after a bullet ("• "), so cards never run together.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Card, Map, MeasuredEmotion
from ..model.emotion import EmotionalLevel, rounded
from .content import MapIndex, cell_items
from .families import drawings_for
from .header import subtitle
from .layout import effective_lanes
from .markdown_feedback import voice_lines
from .persona_curves import PersonaCurve, persona_curves
from .registry import RenderContext, TextRenderer
from .sub_journeys import sub_journey_md
from .text import clean_text

__all__ = ["md", "render_markdown", "renderer"]

_BLOCK_START = re.compile(r"^[#+=-]")  # a paragraph may not open a heading or a list ("- x", "# x")
_ORDERED_START = re.compile(r"^(\d+)([.)])(?=\s|$)")  # "1. x": escaped as "1\. x" (CommonMark)
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]|~])")  # enough for a table cell: no emphasis, code, link or cell break


def md(text: str, *, paragraph: bool = False) -> str:
    """Escape ``text`` for a Markdown table cell (one line; line breaks become ``<br>``); ``paragraph``: also
    escape a start that would open a heading or a list, for text outside a table."""
    text = clean_text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    parts = [part.strip() for part in text.split("\n")]
    if paragraph:
        parts = [_ORDERED_START.sub(r"\1\\\2", _BLOCK_START.sub(r"\\\g<0>", part)) for part in parts]
    return "<br>".join(parts)


def render_markdown(m: Map, context: RenderContext) -> str:
    lines = [f"# {md(m.title)}", "", f"*{md(subtitle(m, context))}*", ""]
    if m.scope.purpose:
        lines += [f"**Purpose:** {md(m.scope.purpose)}", ""]
    if m.scope.start or m.scope.end:
        lines += [f"**Scope:** from {md(m.scope.start or '?')} to {md(m.scope.end or '?')}", ""]
    if m.description:
        lines += [md(m.description, paragraph=True), ""]
    lines += list(drawings_for(m).markdown()(m, context))
    return "\n".join(lines).rstrip() + "\n"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def timeline_lines(m: Map, context: RenderContext) -> Iterator[str]:
    """A timeline map as a table: a row a lane, a column a step."""
    steps = m.steps
    stage_of = {s.id: stage.name for stage in m.stages for s in stage.steps}
    yield _row(["Lane", *(f"{md(stage_of[s.id])} › **{md(s.name)}**{sub_journey_md(s, context, md)}" for s in steps)])
    yield _row(["---"] * (len(steps) + 1))
    index = MapIndex.build(m, context.vmpi_bands)
    for lane in effective_lanes(m):
        if lane.kind.value == "emotion":  # a row a persona's curve, named when there are several
            curves: list[PersonaCurve | None] = [*persona_curves(m, context)] or [None]  # no level yet: a row
            for curve in curves:
                several = curve is not None and curve.several
                heading = f"{lane.heading} — {curve.name}" if curve is not None and several else lane.heading
                levels = curve.levels if curve is not None else {}
                yield _row([f"**{md(heading)}**", *(md(_emotion(levels.get(s.id))) for s in steps)])
            continue
        cards_by_step: dict[str, list[Card]] = {}
        for card in lane.cards:
            cards_by_step.setdefault(card.step, []).append(card)
        cells = []
        for step in steps:
            items = cell_items(m, index, lane.kind, cards_by_step.get(step.id, []), step.id)
            cells.append(_cell([(i.title, i.meta) for i in items]))
        yield _row([f"**{md(lane.heading)}**", *cells])
    yield from voice_lines(m, md)  # measured feedback: a table a step, after the map's (nothing without)


def _cell(items: list[tuple[str, tuple[str, ...]]]) -> str:
    """The cards of a cell, one a line (``<br>``), each after a bullet when there are several; a card's details
    follow it after a dash, a contingency ("↳ …") on a line of its own."""
    shown = []
    for title, meta in items:
        text = md(title)
        for detail in meta:
            text += ("<br>" if detail.startswith("↳") else " — ") + md(detail)
        shown.append(text)
    if len(shown) < 2:
        return "".join(shown)
    return "<br>".join(f"• {text}" for text in shown)


def _emotion(emotion: EmotionalLevel | None) -> str:
    if emotion is None:
        return ""
    if isinstance(emotion, MeasuredEmotion):
        if emotion.ci95 is None:
            return f"{rounded(emotion.mean)} ({emotion.sample_label})"
        low, high = emotion.ci95
        return f"{rounded(emotion.mean)} (n={emotion.n}, 95 % CI {rounded(low)}–{rounded(high)})"
    return f"≈{emotion.value:g} (estimate)"


def network_lines(m: Map, context: RenderContext) -> Iterator[str]:
    """An ecosystem map as two tables: its actors and its value flows."""
    names = {a.id: a.name for a in m.actors}
    yield "## Actors"
    yield ""
    yield _row(["Actor", "Kind", "Description"])
    yield _row(["---"] * 3)
    for actor in m.actors:
        yield _row([md(actor.name), md(actor.kind.value), md(actor.description)])
    yield ""
    yield "## Value flows"
    yield ""
    yield _row(["From", "To", "Value", "Kind"])
    yield _row(["---"] * 4)
    for flow in m.value_flows:
        source, target = names.get(flow.source, flow.source), names.get(flow.target, flow.target)
        yield _row([md(source), md(target), md(flow.label), md(flow.kind.value)])


def mental_lines(m: Map, context: RenderContext) -> Iterator[str]:
    """A mental model diagram as a table of towers with the supports backing them."""
    supports: dict[str, list[str]] = {}
    for support in m.supports:
        for tower_id in support.towers:
            supports.setdefault(tower_id, []).append(support.text)
    yield _row(["Mental space", "Tower", "Thoughts and reactions", "Supported by"])
    yield _row(["---"] * 4)
    for space in m.mental_spaces:
        for tower in space.towers:
            boxes = _cell([(b.text, ()) for b in tower.boxes])
            backing = _cell([(s, ()) for s in supports.get(tower.id, [])]) or "*gap: no support*"
            yield _row([md(space.name), md(tower.name), boxes, backing])


def renderer() -> TextRenderer:
    """The registered renderer of this format (see :mod:`journeymap.render.registry`)."""
    return TextRenderer("markdown", ".md", "text/markdown", render_markdown)
