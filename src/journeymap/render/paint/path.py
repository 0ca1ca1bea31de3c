"""SVG path data (``M L H V C S Q T Z``) and rounded rectangles as cairo paths."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from .svg_values import _PATH_TOKEN, Unsupported


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


def _path_tokens(d: str) -> Iterator[str | float]:
    for command, number, _space, other in _PATH_TOKEN.findall(d):
        if other:
            raise Unsupported(f"path data {d[:40]!r}")
        if command:
            yield command
        elif number:
            yield float(number)


def _path(context: Any, d: str) -> tuple[float, float, float] | None:
    """Build the path ``d`` (commands M L H V C S Q T Z); the end point and the direction there."""
    tokens = list(_path_tokens(d))
    i = 0
    command = ""
    x = y = start_x = start_y = 0.0
    last_control: tuple[float, float] | None = None
    last_quad: tuple[float, float] | None = None
    direction = 0.0

    def take(count: int) -> list[float]:
        nonlocal i
        values = tokens[i : i + count]
        if len(values) != count or not all(isinstance(v, float) for v in values):
            raise Unsupported(f"path data {d[:40]!r}")
        i += count
        return [float(v) for v in values]

    def heading(ax: float, ay: float, bx: float, by: float) -> None:
        nonlocal direction
        if (ax, ay) != (bx, by):
            direction = math.atan2(by - ay, bx - ax)

    while i < len(tokens):
        token = tokens[i]
        if isinstance(token, str):
            command = token
            i += 1
            if command in "Zz":
                heading(x, y, start_x, start_y)
                context.close_path()
                x, y = start_x, start_y
                last_control = last_quad = None
                continue
        elif not command or command in "Zz":
            raise Unsupported(f"path data {d[:40]!r}")
        relative = command.islower()
        ox, oy = (x, y) if relative else (0.0, 0.0)
        upper = command.upper()
        control: tuple[float, float] | None = None
        quad: tuple[float, float] | None = None
        if upper == "M":
            px, py = take(2)
            x, y = ox + px, oy + py
            start_x, start_y = x, y
            context.move_to(x, y)
            command = "l" if relative else "L"  # further pairs are lines
        elif upper in ("L", "H", "V"):
            if upper == "L":
                px, py = take(2)
                nx, ny = ox + px, oy + py
            elif upper == "H":
                nx, ny = ox + take(1)[0], y
            else:
                nx, ny = x, oy + take(1)[0]
            heading(x, y, nx, ny)
            context.line_to(nx, ny)
            x, y = nx, ny
        elif upper in ("C", "S"):
            if upper == "C":
                c1x, c1y, c2x, c2y, px, py = take(6)
                c1 = (ox + c1x, oy + c1y)
            else:
                c2x, c2y, px, py = take(4)
                c1 = (2 * x - last_control[0], 2 * y - last_control[1]) if last_control else (x, y)
            c2 = (ox + c2x, oy + c2y)
            nx, ny = ox + px, oy + py
            if (c2[0], c2[1]) != (nx, ny):
                heading(c2[0], c2[1], nx, ny)
            elif c1 != (nx, ny):
                heading(c1[0], c1[1], nx, ny)
            else:
                heading(x, y, nx, ny)
            context.curve_to(c1[0], c1[1], c2[0], c2[1], nx, ny)
            x, y = nx, ny
            control = c2
        elif upper in ("Q", "T"):
            if upper == "Q":
                qx, qy, px, py = take(4)
                q = (ox + qx, oy + qy)
            else:
                px, py = take(2)
                q = (2 * x - last_quad[0], 2 * y - last_quad[1]) if last_quad else (x, y)
            nx, ny = ox + px, oy + py
            if q != (nx, ny):
                heading(q[0], q[1], nx, ny)
            else:
                heading(x, y, nx, ny)
            context.curve_to(
                x + 2 / 3 * (q[0] - x),
                y + 2 / 3 * (q[1] - y),
                nx + 2 / 3 * (q[0] - nx),
                ny + 2 / 3 * (q[1] - ny),
                nx,
                ny,
            )
            x, y = nx, ny
            quad = q
        else:  # pragma: no cover - the tokenizer knows no other command
            raise Unsupported(f"path command {command!r}")
        last_control, last_quad = control, quad
    if not tokens:
        return None
    return x, y, direction
