"""The README's "Project layout" stays true: every folder and module it names exists, and every package of
``src/journeymap`` is named there."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "journeymap"


def layout_text() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("## Project layout", 1)[1].split("\n## ", 1)[0]


def test_every_named_place_exists() -> None:
    names = re.findall(r"`([A-Za-z_][\w./-]*)`", layout_text())
    places = [n for n in names if n.endswith("/") or n.endswith(".py")]
    assert len(places) >= 12, places
    for place in places:
        candidates = [ROOT / place, PACKAGE / place, PACKAGE / "web" / place]
        assert any(c.exists() for c in candidates), f"README's layout names {place}, which does not exist"


def test_every_package_is_named() -> None:
    text = layout_text()
    for package in sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py")):
        assert f"`{package}/`" in text, f"src/journeymap/{package}/ is missing from the README's layout"
