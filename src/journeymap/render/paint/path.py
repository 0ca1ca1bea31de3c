"""SVG path data (``M L H V C S Q T Z``) and rectangles, rounded or not, as cairo paths."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

from .svg_values import _PATH_TOKEN, Unsupported, length


def _rounded_rect(context: Any, x: float, y: float, w: float, h: float, rx: float, ry: float) -> None:
    context.save()
    context.translate(x, y)
    context.scale(rx, ry)
    sw, sh = w / rx, h / ry
    context.new_sub_path()
    context.arc(sw - 1, 1, 1, -math.pi / 2, 0)
    context.arc(sw - 1, sh - 1, 1, 0, math.pi / 2)
    context.arc(1, sh - 1, 1, math.pi / 2, math.pi)
    context.arc(1, 1, 1, math.pi, 3 * math.pi / 2)
    context.close_path()
    context.restore()


def _rect(context: Any, node: ET.Element) -> bool:
    """Add a ``<rect>`` (rounded by ``rx``/``ry``) to the path; ``False`` when it has no area (draws nothing)."""
    get = node.get
    x, y = length(get("x", "0")), length(get("y", "0"))
    w, h = length(get("width", "0")), length(get("height", "0"))
    if w <= 0 or h <= 0:
        return False
    rx_raw, ry_raw = get("rx"), get("ry")
    rx = length(rx_raw) if rx_raw is not None else None
    ry = length(ry_raw) if ry_raw is not None else None
    rx, ry = (rx if rx is not None else ry or 0.0), (ry if ry is not None else rx or 0.0)
    rx, ry = min(rx, w / 2), min(ry, h / 2)
    if rx > 0 and ry > 0:
        _rounded_rect(context, x, y, w, h, rx, ry)
    else:
        context.rectangle(x, y, w, h)
    return True


def _path_tokens(d: str) -> Iterator[str | float]:
    for command, number, _space, other in _PATH_TOKEN.findall(d):
        if other:
            raise Unsupported(f"path data {d[:40]!r}")
        if command:
            yield command
        elif number:
            yield float(number)


Pair = tuple[float, float]


class _PathReader:
    """The state of reading one path: the tokens, the pen, the start of the subpath, the last control points and
    the direction of the last segment."""

    def __init__(self, context: Any, d: str) -> None:
        self.context = context
        self.d = d
        self.tokens = list(_path_tokens(d))
        self.i = 0
        self.x = self.y = self.start_x = self.start_y = 0.0
        self.last_control: Pair | None = None
        self.last_quad: Pair | None = None
        self.direction = 0.0

    def refuse(self) -> Unsupported:
        return Unsupported(f"path data {self.d[:40]!r}")

    def take(self, count: int) -> list[float]:
        values = self.tokens[self.i : self.i + count]
        if len(values) != count or not all(isinstance(v, float) for v in values):
            raise self.refuse()
        self.i += count
        return [float(v) for v in values]

    def heading(self, ax: float, ay: float, bx: float, by: float) -> None:
        if (ax, ay) != (bx, by):
            self.direction = math.atan2(by - ay, bx - ax)

    def close(self) -> None:
        self.heading(self.x, self.y, self.start_x, self.start_y)
        self.context.close_path()
        self.x, self.y = self.start_x, self.start_y
        self.last_control = self.last_quad = None

    def segment(self, command: str) -> str:
        """Draw one segment of ``command``; the command that further numbers continue (M goes on as L)."""
        relative = command.islower()
        ox, oy = (self.x, self.y) if relative else (0.0, 0.0)
        upper = command.upper()
        control: Pair | None = None
        quad: Pair | None = None
        if upper == "M":
            px, py = self.take(2)
            self.x, self.y = ox + px, oy + py
            self.start_x, self.start_y = self.x, self.y
            self.context.move_to(self.x, self.y)
            command = "l" if relative else "L"  # further pairs are lines
        elif upper in ("L", "H", "V"):
            self.line(upper, ox, oy)
        elif upper in ("C", "S"):
            control = self.cubic(upper, ox, oy)
        elif upper in ("Q", "T"):
            quad = self.quadratic(upper, ox, oy)
        else:  # pragma: no cover - the tokenizer knows no other command
            raise Unsupported(f"path command {command!r}")
        self.last_control, self.last_quad = control, quad
        return command

    def line(self, upper: str, ox: float, oy: float) -> None:
        if upper == "L":
            px, py = self.take(2)
            nx, ny = ox + px, oy + py
        elif upper == "H":
            nx, ny = ox + self.take(1)[0], self.y
        else:
            nx, ny = self.x, oy + self.take(1)[0]
        self.heading(self.x, self.y, nx, ny)
        self.context.line_to(nx, ny)
        self.x, self.y = nx, ny

    def cubic(self, upper: str, ox: float, oy: float) -> Pair:
        x, y, last = self.x, self.y, self.last_control
        if upper == "C":
            c1x, c1y, c2x, c2y, px, py = self.take(6)
            c1 = (ox + c1x, oy + c1y)
        else:
            c2x, c2y, px, py = self.take(4)
            c1 = (2 * x - last[0], 2 * y - last[1]) if last else (x, y)
        c2 = (ox + c2x, oy + c2y)
        nx, ny = ox + px, oy + py
        if (c2[0], c2[1]) != (nx, ny):
            self.heading(c2[0], c2[1], nx, ny)
        elif c1 != (nx, ny):
            self.heading(c1[0], c1[1], nx, ny)
        else:
            self.heading(x, y, nx, ny)
        self.context.curve_to(c1[0], c1[1], c2[0], c2[1], nx, ny)
        self.x, self.y = nx, ny
        return c2

    def quadratic(self, upper: str, ox: float, oy: float) -> Pair:
        x, y, last = self.x, self.y, self.last_quad
        if upper == "Q":
            qx, qy, px, py = self.take(4)
            q = (ox + qx, oy + qy)
        else:
            px, py = self.take(2)
            q = (2 * x - last[0], 2 * y - last[1]) if last else (x, y)
        nx, ny = ox + px, oy + py
        if q != (nx, ny):
            self.heading(q[0], q[1], nx, ny)
        else:
            self.heading(x, y, nx, ny)
        self.context.curve_to(
            x + 2 / 3 * (q[0] - x),
            y + 2 / 3 * (q[1] - y),
            nx + 2 / 3 * (q[0] - nx),
            ny + 2 / 3 * (q[1] - ny),
            nx,
            ny,
        )
        self.x, self.y = nx, ny
        return q


def _path(context: Any, d: str) -> tuple[float, float, float] | None:
    """Build the path ``d`` (commands M L H V C S Q T Z); the end point and the direction there."""
    reader = _PathReader(context, d)
    tokens = reader.tokens
    command = ""
    while reader.i < len(tokens):
        token = tokens[reader.i]
        if isinstance(token, str):
            command = token
            reader.i += 1
            if command in "Zz":
                reader.close()
                continue
        elif not command or command in "Zz":
            raise reader.refuse()
        command = reader.segment(command)
    if not tokens:
        return None
    return reader.x, reader.y, reader.direction
