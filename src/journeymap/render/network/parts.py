"""The parts of an ecosystem map's layout (actors' boxes, value flows' curves and labels, the whole) and their
sizes in px."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ...model import ActorKind, FlowKind
from ..curves import _bezier
from ..geometry import Box, Point
from ..text import text_width, wrap
from .rings import RingLayout

# ---- sizes (px) -------------------------------------------------------------------------------------------
NAME_SIZE = 13.0
NAME_LINE = 16.0
PRIMARY_NAME_SIZE = 15.0
PRIMARY_NAME_LINE = 18.5
NAME_WRAP = 150.0
PRIMARY_NAME_WRAP = 170.0
KIND_SIZE = 10.0
KIND_LINE = 14.0
NODE_PAD_X = 14.0
NODE_PAD_Y = 10.0
NODE_MIN_W = 118.0
LABEL_SIZE = 11.0
LABEL_LINE = 13.5
LABEL_WRAP = 150.0
LABEL_PAD_X = 5.0
LABEL_PAD_Y = 3.0
NODE_GAP = 36.0
"""Smallest clearance between two actor boxes."""
LABEL_GAP = 4.0
"""Smallest clearance between a flow label and any box or other label."""
MARGIN = 24.0
LOOP_HEIGHT = 46.0
BUNDLE_SPREAD = 46.0
"""Least bend between neighbouring flows that join the same two actors (more for taller labels)."""


# ---- geometry primitives -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NodeLayout:
    """An actor's box: ``x``, ``y`` is the top-left corner; ``lines`` the wrapped name."""

    id: str
    x: float
    y: float
    w: float
    h: float
    lines: tuple[str, ...]
    kind: ActorKind
    kind_label: str
    primary: bool
    """A primary provider or customer, or the actor at the centre of the drawing: drawn stronger."""
    name_size: float
    name_line: float

    @property
    def box(self) -> Box:
        return Box(self.x, self.y, self.w, self.h)


@dataclass(frozen=True)
class EdgeLayout:
    """A value flow: a cubic Bézier ``points`` = (start, control 1, control 2, end), clipped to the boxes.

    ``start`` lies on the source box's edge and ``end`` (the arrow tip) on the target box's edge. The label's
    rectangle is ``label_box`` (lines centred in it); ``label_anchor`` is the point of the curve it belongs
    to (inside the label unless the label had to move away, when a leader line joins them).
    """

    id: str
    source: str
    target: str
    kind: FlowKind
    points: tuple[Point, Point, Point, Point]
    curved: bool
    label_lines: tuple[str, ...]
    label_box: Box
    label_anchor: Point
    label_size: float
    label_line: float

    def polyline(self, samples: int = 24) -> tuple[Point, ...]:
        """The curve as ``samples + 1`` points (for writers without Bézier curves)."""
        return tuple(_bezier(self.points, i / samples) for i in range(samples + 1))

    @property
    def label_centre(self) -> Point:
        return self.label_box.centre


@dataclass(frozen=True)
class NetworkLayout:
    nodes: tuple[NodeLayout, ...]
    edges: tuple[EdgeLayout, ...]
    width: float
    height: float
    rings: tuple[RingLayout, ...] = ()
    """The core / direct / indirect rings, drawn behind the actors (innermost first)."""
    tiers: tuple[tuple[str, str], ...] = ()
    """(actor id, ring) for each actor: which ring it belongs to."""

    def node(self, node_id: str) -> NodeLayout:
        return next(n for n in self.nodes if n.id == node_id)


def actor_kind_label(kind: ActorKind) -> str:
    """``primary-provider`` → ``Primary provider`` (the kind is always written, never shown by colour alone)."""
    return kind.value.replace("-", " ").capitalize()


def _label_size(label: str) -> tuple[float, float]:
    lines = wrap(label, LABEL_WRAP, LABEL_SIZE)
    w = max(text_width(line, LABEL_SIZE) for line in lines) + 2 * LABEL_PAD_X
    return math.ceil(w), len(lines) * LABEL_LINE + 2 * LABEL_PAD_Y
