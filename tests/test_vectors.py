"""The shared test vectors (``tests/vectors``) still hold for the Python implementation.

The front end's Vitest tests check its TypeScript ports against the same files, so both sides agree on ids, VMPI
bands and the lanes a map draws. When a rule changes on purpose, regenerate: ``python3 tools/gen_vectors.py``.
"""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from journeymap.analysis.value_moments import map_vmpi, vmpi, vmpi_band
from journeymap.model import DEFAULT_VMPI_BANDS, LaneKind, Map, ValueMoment, VmpiBand
from journeymap.model.base import slugify
from journeymap.model.ids import fill_missing_ids
from journeymap.render.layout import effective_lanes

ROOT = Path(__file__).resolve().parent.parent
VECTORS = ROOT / "tests" / "vectors"
REGENERATE = "the Python side changed: run python3 tools/gen_vectors.py, commit, and fix the TypeScript port"


@cache
def vectors(name: str) -> Any:
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))


def cases(name: str, key: str) -> list[Any]:
    return [pytest.param(case, id=str(case.get("name", i))) for i, case in enumerate(vectors(name)[key])]


@pytest.mark.parametrize("case", cases("ids.json", "slugify"))
def test_slugify(case: dict[str, str]) -> None:
    assert slugify(case["text"]) == case["slug"], REGENERATE


@pytest.mark.parametrize("case", cases("ids.json", "fill_missing_ids"))
def test_fill_missing_ids(case: dict[str, Any]) -> None:
    assert fill_missing_ids(case["map"]) == case["filled"], REGENERATE


def test_default_bands() -> None:
    bands = [{"min": b.min, "label": b.label, "colour": b.colour} for b in DEFAULT_VMPI_BANDS]
    assert bands == vectors("vmpi.json")["default_bands"], REGENERATE


@pytest.mark.parametrize("case", cases("vmpi.json", "default_band_of"))
def test_default_band_of(case: dict[str, Any]) -> None:
    assert vmpi_band(case["value"]).label == case["label"], REGENERATE


@pytest.mark.parametrize("case", cases("vmpi.json", "custom_band_of"))
def test_custom_band_of(case: dict[str, Any]) -> None:
    bands = [VmpiBand.model_validate(b) for b in case["bands"]]
    assert vmpi_band(case["value"], bands).label == case["label"], REGENERATE


def _moment(plain: dict[str, Any]) -> ValueMoment:
    return ValueMoment(id="vm", step="s", name="vm", **plain)


@pytest.mark.parametrize("case", cases("vmpi.json", "vmpi"))
def test_vmpi(case: dict[str, Any]) -> None:
    assert vmpi(_moment(case["moment"])) == case["vmpi"], REGENERATE


@pytest.mark.parametrize("case", cases("vmpi.json", "map_vmpi"))
def test_map_vmpi(case: dict[str, Any]) -> None:
    assert map_vmpi(_moment(m) for m in case["moments"]) == case["vmpi"], REGENERATE


def test_lane_labels() -> None:
    labels = [{"kind": kind.value, "label": kind.label} for kind in LaneKind]
    assert labels == vectors("lanes.json")["lane_labels"], REGENERATE


@pytest.mark.parametrize("case", cases("lanes.json", "effective_lanes"))
def test_effective_lanes(case: dict[str, Any]) -> None:
    lanes = effective_lanes(Map.model_validate(case["map"]))
    assert [{"id": lane.id, "kind": lane.kind.value, "heading": lane.heading} for lane in lanes] == case["lanes"], (
        REGENERATE
    )


def _without_examples(content: dict[str, Any]) -> dict[str, Any]:
    """The vectors but those taken from the example workspaces (a snapshot: an edited example needs no new one)."""
    return {
        key: [c for c in value if not str(c.get("name", "")).startswith("examples/")]
        if key == "effective_lanes"
        else value
        for key, value in content.items()
    }


def test_vectors_are_what_the_generator_writes() -> None:
    """The committed files are the generator's output (its inputs were not changed without regenerating)."""
    spec = importlib.util.spec_from_file_location("gen_vectors", ROOT / "tools" / "gen_vectors.py")
    assert spec is not None and spec.loader is not None
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    for name, content in generator.vectors().items():
        assert _without_examples(vectors(name)) == _without_examples(content), f"{name}: {REGENERATE}"
