"""The rings of an ecosystem map drawn in SVG: tinted ellipses behind the actors, outermost first, each named
on its band, and their legend entries (see :mod:`.rings` for where they come from)."""

from __future__ import annotations

from collections.abc import Sequence

from ..svg import element, num, text_block
from ..text import text_width
from .rings import RingLayout

__all__ = ["RING_CSS", "RING_FILL", "RING_NOTE", "draw_rings", "ring_legend"]

RING_FILL = {"core": "#dde7f3", "direct": "#ebf1f8", "indirect": "#f6f8fb"}
RING_STROKE = "#9fb3c8"
RING_NOTE = {
    "core": "Core: the primary provider and customer",
    "direct": "Direct: exchanges value with the provider",
    "indirect": "Indirect: no flow with the provider",
}
RING_CSS = """
.jm-ring { stroke: #9fb3c8; stroke-width: 1; stroke-dasharray: 6 4; }
.jm-ring-label { fill: #486581; }
"""


def draw_rings(rings: Sequence[RingLayout]) -> str:
    """The rings, outermost first so the inner ones sit on top, then their names."""
    shapes = [
        element(
            "ellipse",
            {
                "cx": num(r.centre.x),
                "cy": num(r.centre.y),
                "rx": num(r.rx),
                "ry": num(r.ry),
                "fill": RING_FILL[r.tier],
                "class": "jm-ring",
                "data-ring": r.tier,
            },
        )
        for r in reversed(rings)
    ]
    labels = [
        text_block(
            [r.label.upper()],
            r.label_box.x + r.label_box.w / 2,
            r.label_box.y + 12,
            size=10.5,
            line_height=14,
            bold=True,
            anchor="middle",
            css_class="jm-ring-label",
        )
        for r in rings
    ]
    return element("g", {"class": "jm-rings"}, [*shapes, *labels])


def ring_legend(rings: Sequence[RingLayout], x: float, y: float, size: float) -> tuple[str, float]:
    """A legend row "Rings" with a swatch and the rule of each ring drawn (innermost first), and its height."""
    if not rings:
        return "", 0.0
    heading = "Rings"
    parts = [text_block([heading], x, y + 15, size=size, line_height=16, bold=True)]
    cx = x + text_width("Value flows", size, bold=True) + 16  # aligned with the flow legend's samples
    for ring in rings:
        swatch = {"x": num(cx), "y": num(y + 4), "width": 30, "height": 14, "rx": 7, "fill": RING_FILL[ring.tier]}
        parts.append(element("rect", {**swatch, "class": "jm-ring", "data-ring": ring.tier}))
        note = RING_NOTE[ring.tier]
        parts.append(text_block([note], cx + 38, y + 15, size=size, line_height=16))
        cx += 38 + text_width(note, size) + 26
    return element("g", {"class": "jm-legend jm-ring-legend"}, parts), 30.0
