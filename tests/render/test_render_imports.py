"""Renderers do not import each other: what two formats share lives in a module of its own (the map's drawing, the
page frame, the printable SVG, the layouts, the zip writer), so each format's module can change or go alone."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

from journeymap.render.format_specs import BUILTIN_FORMATS

RENDER = Path(str(importlib.import_module("journeymap.render").__file__)).resolve().parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(RENDER.parent.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(path: Path) -> set[str]:
    """Every module ``path`` imports, at the top or inside a function, relative imports resolved."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - (node.level - 1)] if node.level else []
            target = ".".join([*base, *([node.module] if node.module else [])])
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


def test_the_format_modules_are_known() -> None:
    formats = {spec.renderer.partition(":")[0] for spec in BUILTIN_FORMATS}
    assert "journeymap.render.svg_map" in formats and "journeymap.render.pptx" in formats
    assert all((RENDER.parent.parent / (name.replace(".", "/") + ".py")).is_file() for name in formats)


def test_no_render_module_imports_a_format_module() -> None:
    formats = {spec.renderer.partition(":")[0] for spec in BUILTIN_FORMATS}
    offenders = sorted(
        f"{_module_name(path)} imports {target}"
        for path in RENDER.rglob("*.py")
        for target in _imported(path) & formats
        if target != _module_name(path)
    )
    assert offenders == []


def test_the_import_reader_resolves_relative_imports() -> None:
    sample = RENDER / "slides" / "diagrams.py"
    found = _imported(sample)
    assert "journeymap.render.layout_network" in found  # imported inside a function
    assert "journeymap.render.slides.shapes" in found
    assert "journeymap.model" in found
