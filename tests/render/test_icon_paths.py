"""The channel icons read into strokes for the office writers: every icon's path parsed whole, its curves kept for
PowerPoint and cut into lines for Visio, inside the icon's grid."""

from __future__ import annotations

import re

import pytest

from journeymap.render.icon_paths import GRID, icon_paths, icon_polylines
from journeymap.render.icons import ICONS


@pytest.mark.parametrize("icon", sorted(ICONS))
def test_every_icon_reads_into_strokes_inside_its_grid(icon: str) -> None:
    paths = icon_paths(icon)
    assert len(paths) == len(re.findall("M", ICONS[icon]))  # a stroke for every move of the pen
    curves = sum(1 for p in paths for s in p.segments if len(s.points) == 3)
    assert curves == ICONS[icon].count("C")  # each C of the icons draws one curve
    lines = icon_polylines(icon)
    assert len(lines) == len(paths)
    for path, line in zip(paths, lines, strict=True):
        assert all(0 <= x <= GRID and 0 <= y <= GRID for x, y in line)
        assert line[0] == path.start
        if path.closed:
            assert line[-1] == path.start
        assert len(line) == 1 + sum(1 if len(s.points) == 1 else 6 for s in path.segments) + (
            1 if path.closed and _end(path) != path.start else 0
        )


def _end(path: object) -> tuple[float, float]:
    return path.segments[-1].points[-1]  # type: ignore[attr-defined,no-any-return]


def test_a_circle_is_four_curves_and_its_polyline_stays_on_the_circle() -> None:
    globe = icon_paths("web")[0]  # the outline: a circle of radius 6 about (7, 7)
    assert globe.closed and len(globe.segments) == 4
    for x, y in icon_polylines("web")[0]:
        assert abs(((x - 7) ** 2 + (y - 7) ** 2) ** 0.5 - 6) < 0.05


def test_an_unknown_command_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(ICONS, "broken", "M1 1 A2 2 0 0 1 3 3")
    icon_paths.cache_clear()
    with pytest.raises(ValueError, match="unsupported"):
        icon_paths("broken")
    icon_paths.cache_clear()
