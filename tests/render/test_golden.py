"""Golden files: every example map renders to exactly the bytes checked in under tests/golden/.

After an intended change of the output, regenerate with ``JOURNEYMAP_UPDATE_GOLDEN=1 pytest tests/render`` and
look at the pictures before committing them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from journeymap.core.context import context_for
from journeymap.files.loader import read_workspace
from journeymap.render.registry import render

from support import example_workspaces

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
TODAY = "1796169600"
"""2026-12-02 (SOURCE_DATE_EPOCH): the evidence badges count ages to a fixed day, so the files do not age."""


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TODAY)


FORMATS = {"svg": ".svg", "html": ".html", "markdown": ".md", "mermaid": ".mmd"}


def _cases() -> list[tuple[Path, str, str]]:
    cases = []
    for workspace in example_workspaces():
        for source in read_workspace(workspace).maps:
            for fmt in FORMATS:
                cases.append((workspace, source.map.id, fmt))
    return cases


@pytest.mark.parametrize(("workspace", "map_id", "fmt"), _cases(), ids=lambda v: v.name if isinstance(v, Path) else v)
def test_example_matches_golden(workspace: Path, map_id: str, fmt: str) -> None:
    source = read_workspace(workspace)
    journey_map = source.workspace.map(map_id)
    assert journey_map is not None
    output = render(journey_map, fmt, context_for(source.workspace))
    golden = GOLDEN / f"{workspace.name}--{map_id}{FORMATS[fmt]}"
    if os.environ.get("JOURNEYMAP_UPDATE_GOLDEN"):
        golden.write_bytes(output)
    assert golden.exists(), f"missing golden file {golden.name}: run with JOURNEYMAP_UPDATE_GOLDEN=1"
    assert output == golden.read_bytes(), f"{golden.name} differs: render it, look at it, then update the golden file"


def test_rendering_is_deterministic() -> None:
    workspace = example_workspaces()[0]
    first = read_workspace(workspace)
    second = read_workspace(workspace)
    for a, b in zip(first.workspace.maps, second.workspace.maps, strict=True):
        for fmt in FORMATS:
            assert render(a, fmt) == render(b, fmt)
