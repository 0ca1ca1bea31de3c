"""The PowerPoint renderer: a deck of native shapes and text (no pictures), ready to edit.

Timeline maps: an overview slide (title, persona, scope; stages × steps; the emotion curve as a native
freeform with a marker a step — filled when measured, hollow when estimated — and the 95 % interval as a
line; moments of truth marked with a star and their title), then each stage on one slide or more (its steps as
columns, the lanes as rows of boxes carrying the cards' text and fills, the stage's segment of the emotion curve
at the emotion lane's place). No text on a stage slide is under 10 pt: a stage whose lanes do not fit continues
on the next slide ("lanes 7–13 of 13"), more than ``MAX_STEPS`` steps are split by step, and a lane taller than a
slide continues as "(continued)"; every card is drawn once, in a box named ``card <id>``.
Ecosystem maps and mental model diagrams get one overview slide drawn from the shared layouts.

Every slide has speaker notes with the evidence behind each number: measured emotions (mean, n, 95 %
interval, data set), estimates (with the author's note), moments of truth (importance, gap, priority and
whether scored from evidence or estimated). Text is sized to fit its box and also marked to shrink on
overflow. Two renders of the same map give the same bytes (fixed core properties and zip timestamps).
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
