"""Renderers do not import each other: what two formats share lives in a module of its own (the map's drawing, the
page frame, the printable SVG, the layouts, the zip writer), so each format's module can change or go alone."""

from __future__ import annotations

import importlib
from pathlib import Path

from journeymap.render.format_specs import BUILTIN_FORMATS

from support import imported, module_name

RENDER = Path(str(importlib.import_module("journeymap.render").__file__)).resolve().parent


def test_the_format_modules_are_known() -> None:
    formats = {spec.renderer.partition(":")[0] for spec in BUILTIN_FORMATS}
    assert "journeymap.render.svg_map" in formats and "journeymap.render.pptx" in formats
    assert all((RENDER.parent.parent / (name.replace(".", "/") + ".py")).is_file() for name in formats)


def test_no_render_module_imports_a_format_module() -> None:
    formats = {spec.renderer.partition(":")[0] for spec in BUILTIN_FORMATS}
    offenders = sorted(
        f"{module_name(path)} imports {target}"
        for path in RENDER.rglob("*.py")
        for target in imported(path) & formats
        if target != module_name(path)
    )
    assert offenders == []


def test_the_import_reader_resolves_relative_imports() -> None:
    sample = RENDER / "slides" / "diagrams.py"
    found = imported(sample)
    assert "journeymap.render.layout_network" in found  # imported inside a function
    assert "journeymap.render.slides.shapes" in found
    assert "journeymap.model" in found
