"""Hostile map files for `journeymap validate` and `render` (the map loader and its references)."""

from __future__ import annotations

from corpus import Case

GOOD_HEAD = """journeymap: 1
id: loan
type: customer-journey-map
title: Home loan
"""
STAGES = """stages:
  - id: research
    name: Research
    steps:
      - id: r-calc
        name: Estimate borrowing
"""


def cases() -> list[Case]:
    return [
        Case(
            "maps/a-date-that-does-not-exist",
            files={"map.yaml": GOOD_HEAD + "evidence_date: 2026-13-01\n" + STAGES},
            argv=["validate", "{dir}/map.yaml"],
            where="map.yaml:",
        ),
        Case(
            "maps/render-refused-leaves-the-old-output",
            files={"map.yaml": GOOD_HEAD + "stages: {not: a list}\n", "out.svg": b"<svg>old</svg>"},
            argv=["render", "{dir}/map.yaml", "--format", "svg", "-o", "{dir}/out.svg"],
            where="map.yaml:",
            outputs=["out.svg"],
        ),
        Case(
            "maps/a-good-map-validates",
            files={"map.yaml": GOOD_HEAD + STAGES},
            argv=["validate", "{dir}/map.yaml"],
            expect="ok",
        ),
    ]
