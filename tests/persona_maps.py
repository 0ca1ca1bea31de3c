"""A map with three personas' emotion curves, for the tests of several curves on one map (issue 14)."""

from __future__ import annotations

from journeymap.model import Map, Persona
from journeymap.render.registry import RenderContext


def three_personas(steps: int = 8) -> tuple[Map, RenderContext]:
    """A map of Ann (the map's persona, defined in the map), Bo (in the map) and Cy (in the workspace only)."""
    rows = []
    for i in range(steps):
        rows.append(
            {
                "id": f"s{i}",
                "name": f"Step {i}",
                "emotion": 3 + (i * 2) % 6,
                "emotions": {
                    "cy": {"mean": 2 + (i * 3) % 7, "n": 30, "ci95": [1.5 + (i * 3) % 7, 2.5 + (i * 3) % 7],
                           "dataset": "survey"},
                    "bo": 9 - i % 5,
                },
            }
        )  # fmt: skip
    stages = [{"name": f"Stage {k}", "steps": rows[k : k + 4]} for k in range(0, steps, 4)]
    personas = [{"id": "ann", "name": "Ann Archer"}, {"id": "bo", "name": "Bo Brand"}]
    m = Map.model_validate({"title": "Three", "persona": "ann", "personas": personas, "stages": stages})
    return m, RenderContext(personas=(Persona(id="cy", name="Cy Clerk"),))
