"""The PowerPoint renderer: a deck designed as slides, of native shapes and text (no pictures), ready to edit.
No text anywhere in a deck is under 10 pt.

Timeline maps: a title slide; the persona; an overview (stages × steps and the emotion curve as a native freeform,
a marker a step — filled when measured, hollow when estimated — the 95 % interval as a line, labels placed where
they meet nothing; when the step names do not fit at 10 pt, a summary by stage: step counts, moments of truth,
lowest point and the curve by stage); then each stage on one slide or more (its steps as columns, every lane as a
row, numbered the same on every stage, the same lanes a slide on every stage where that costs few slides; a
service blueprint's lines of interaction, visibility and internal interaction as native connectors with their
names); then the value moments (expectation and experience side by side), the moments of truth and the
opportunities. More than ``MAX_STEPS`` steps are split by step, a lane taller than a slide continues as
"(continued)"; every card is drawn once, in a box named ``card <id>``. Ecosystem maps: a title slide, then the
actors and flows (each kind its colour and dash, a legend, labels joined to their flow). Mental model diagrams:
a title slide, then a slide a mental space.

Every slide has speaker notes with the evidence behind each number: measured emotions (mean, n, 95 %
interval, data set), estimates (with the author's note), moments of truth (importance, gap, priority and
whether scored from evidence or estimated). Two renders of the same map give the same bytes (fixed core
properties and zip timestamps).
"""

from __future__ import annotations

import datetime as dt
import io

from ..files.zipwriter import rezip
from ..model import Map
from .families import drawings_for
from .registry import BinaryRenderer, RenderContext
from .slides.notes import slide_notes
from .slides.shapes import MAX_STEPS as MAX_STEPS
from .slides.shapes import SLIDE_H, SLIDE_W, _emu, _pptx
from .slides.shapes import wrapped_lines as wrapped_lines

__all__ = ["MEDIA_TYPE", "render_pptx", "renderer", "slide_notes"]

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
FIXED_TIME = dt.datetime(2000, 1, 1)


def renderer() -> BinaryRenderer:
    """The registered renderer of this format (see :mod:`journeymap.render.registry`)."""
    _pptx()
    return BinaryRenderer("pptx", ".pptx", MEDIA_TYPE, render_pptx)


# ---- the deck ----------------------------------------------------------------------------------------------


def render_pptx(m: Map, context: RenderContext) -> bytes:
    """The map as a PPTX deck (bytes)."""
    pptx = _pptx()
    deck = pptx.Presentation()
    deck.slide_width = _emu(SLIDE_W)
    deck.slide_height = _emu(SLIDE_H)
    drawings_for(m).slides()(deck, m, context)
    props = deck.core_properties
    props.title = m.title[:250]
    props.author = "journeymap"
    props.last_modified_by = "journeymap"
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.last_printed = FIXED_TIME
    props.revision = 1
    buffer = io.BytesIO()
    deck.save(buffer)
    return rezip(buffer.getvalue())
