"""The rings of an ecosystem map on a PowerPoint slide: native ovals behind the flows and actors, each named at
10 pt (the deck's smallest size) on its band, as in the SVG (:mod:`.ring_drawing`).

A slide draws the actors' boxes larger than the wall map (names at 10 pt or more), so the rings are measured
again around the boxes as the slide draws them (:func:`.rings.ring_layouts`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..geometry import Box
from ..slides.shapes import MIN_PT, Run, _Slide
from ..text import text_width
from .ring_drawing import RING_FILL, RING_STROKE
from .rings import RingLayout, ring_layouts

__all__ = ["slide_ring_layouts", "slide_rings"]

PT = 72.0
LABEL_INK = "#486581"


def slide_ring_layouts(
    rings: Sequence[RingLayout],
    tiers: dict[str, str],
    boxes: dict[str, Box],
    obstacles: Sequence[Box],
    area: Box,
) -> tuple[RingLayout, ...]:
    """``rings`` measured again around the actors' ``boxes`` as a slide draws them (layout px); the outer ring
    shrunk, if need be, to stay in the drawing ``area`` (its boxes may then cross its line)."""
    if not rings:
        return ()
    centre = rings[0].centre
    shape = (rings[-1].rx, rings[-1].ry)
    near = {i: b.moved(-centre.x, -centre.y) for i, b in boxes.items()}
    around = ring_layouts(near, tiers, shape, [o.moved(-centre.x, -centre.y) for o in obstacles])
    placed = [r.moved(centre.x, centre.y) for r in around]
    if placed:
        last = placed[-1]
        room_x = min(centre.x - area.x, area.right - centre.x)
        room_y = min(centre.y - area.y, area.bottom - centre.y)
        fit = min(1.0, room_x / last.rx, room_y / last.ry)
        inner = last.inner or (0.0, 0.0)
        rx, ry = max(last.rx * fit, inner[0] * 1.04), max(last.ry * fit, inner[1] * 1.04)
        label = last.label_box
        dy = (ry - last.ry) if label.centre.y > centre.y else (last.ry - ry)
        placed[-1] = RingLayout(last.tier, last.label, centre, rx, ry, last.inner, label.moved(0.0, dy))
    return tuple(placed)


def slide_rings(
    slide: _Slide, rings: Sequence[RingLayout], point: Callable[[float, float], tuple[float, float]], scale: float
) -> None:
    """Draw ``rings`` (layout px) through ``point`` (px → inches) at ``scale`` inches per px, outermost first."""
    for ring in reversed(rings):
        x, y = point(ring.centre.x - ring.rx, ring.centre.y - ring.ry)
        w, h = 2 * ring.rx * scale, 2 * ring.ry * scale
        slide.box(x, y, w, h, [], fill=RING_FILL[ring.tier], line=RING_STROKE, shape="oval", name=f"Ring {ring.label}")
    for ring in rings:
        cx, cy = point(ring.label_box.centre.x, ring.label_box.centre.y)
        text = ring.label.upper()
        w = text_width(text, MIN_PT, bold=True) / PT + 0.12
        h = MIN_PT * 1.3 / PT + 0.04
        slide.text(cx - w / 2, cy - h / 2, w, h, [Run(text, MIN_PT, bold=True, colour=LABEL_INK)], align="center")
