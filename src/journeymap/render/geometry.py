"""Points and axis-aligned boxes: the geometry every layout shares (network, discovery graph, IPA chart)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Box", "Point"]


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class Box:
    """An axis-aligned rectangle: top-left corner, width and height."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def centre(self) -> Point:
        return Point(self.x + self.w / 2, self.y + self.h / 2)

    def overlaps(self, other: Box, gap: float = 0.0) -> bool:
        """True when the boxes come closer than ``gap`` (touching at exactly ``gap`` is allowed)."""
        return (
            self.x < other.right + gap
            and other.x < self.right + gap
            and self.y < other.bottom + gap
            and other.y < self.bottom + gap
        )

    def contains(self, point: Point, tolerance: float = 0.0) -> bool:
        return (
            self.x - tolerance <= point.x <= self.right + tolerance
            and self.y - tolerance <= point.y <= self.bottom + tolerance
        )

    def inside(self, other: Box) -> bool:
        """True when this box lies wholly within ``other``."""
        return self.x >= other.x and self.y >= other.y and self.right <= other.right and self.bottom <= other.bottom

    def inflated(self, d: float) -> Box:
        return Box(self.x - d, self.y - d, self.w + 2 * d, self.h + 2 * d)

    def moved(self, dx: float, dy: float) -> Box:
        return Box(self.x + dx, self.y + dy, self.w, self.h)
