"""The channel icons (:mod:`.icons`) as geometry the office writers can draw natively: each icon's SVG path read
into sub-paths of lines and cubic curves (PowerPoint draws both), or flattened into polylines (Visio's geometry
rows, drawn alike by Visio and LibreOffice)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .icons import ICON_SIZE, ICONS

__all__ = ["Segment", "SubPath", "icon_paths", "icon_polylines"]

_TOKEN = re.compile(r"-?\d*\.?\d+(?:e-?\d+)?|[a-z]", re.IGNORECASE)


@dataclass(frozen=True)
class Segment:
    """A line to ``points[-1]`` (one point) or a cubic curve through two control points to ``points[-1]``."""

    points: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class SubPath:
    """One pen stroke of an icon on its 14 × 14 grid: a start, its segments, and whether it closes."""

    start: tuple[float, float]
    segments: tuple[Segment, ...]
    closed: bool


@cache
def icon_paths(icon: str) -> tuple[SubPath, ...]:
    """The sub-paths of the icon named ``icon`` (a key of :data:`~.icons.ICONS`), in its 14 × 14 grid."""
    tokens = _TOKEN.findall(ICONS[icon])
    paths: list[SubPath] = []
    start = pen = (0.0, 0.0)
    segments: list[Segment] = []
    command = ""
    i = 0

    def numbers(count: int) -> list[float]:
        nonlocal i
        values = [float(t) for t in tokens[i : i + count]]
        i += count
        return values

    def flush(closed: bool) -> None:
        if segments:
            paths.append(SubPath(start, tuple(segments), closed))
        segments.clear()

    while i < len(tokens):
        if tokens[i].isalpha():
            command = tokens[i]  # absolute commands only (the icons use no relative ones)
            i += 1
            if command == "Z":
                flush(True)
                pen = start
                continue
        if command == "M":
            flush(False)
            x, y = numbers(2)
            start = pen = (x, y)
            command = "L"  # further pairs after a move are lines
        elif command in ("L", "H", "V"):
            if command == "L":
                x, y = numbers(2)
            else:
                value = numbers(1)[0]
                x, y = (value, pen[1]) if command == "H" else (pen[0], value)
            pen = (x, y)
            segments.append(Segment((pen,)))
        elif command == "C":
            v = numbers(6)
            pen = (v[4], v[5])
            segments.append(Segment(((v[0], v[1]), (v[2], v[3]), pen)))
        else:
            raise ValueError(f"icon {icon!r}: unsupported path command {command!r}")
    flush(False)
    return tuple(paths)


def _bezier(p0: tuple[float, float], seg: Segment, steps: int) -> list[tuple[float, float]]:
    (x1, y1), (x2, y2), (x3, y3) = seg.points
    x0, y0 = p0
    out = []
    for k in range(1, steps + 1):
        t = k / steps
        u = 1 - t
        a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
        out.append((a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3))
    return out


@cache
def icon_polylines(icon: str, steps: int = 6) -> tuple[tuple[tuple[float, float], ...], ...]:
    """The icon as polylines on its 14 × 14 grid, each cubic curve cut into ``steps`` lines; a closed sub-path
    ends where it started."""
    lines = []
    for path in icon_paths(icon):
        points = [path.start]
        for seg in path.segments:
            points += [seg.points[0]] if len(seg.points) == 1 else _bezier(points[-1], seg, steps)
        if path.closed and points[-1] != path.start:
            points.append(path.start)
        lines.append(tuple(points))
    return tuple(lines)


GRID = ICON_SIZE
"""The side of the grid the icons are drawn on."""
