"""The public API: ``__all__`` lists exactly the public names, and each of them can be imported."""

from __future__ import annotations
import __future__

import json
import subprocess
import sys
import types

import journeymap
import journeymap.model


def _public_attributes(module: types.ModuleType) -> set[str]:
    """The names a user can reach on ``module`` without an underscore: everything in its namespace except the
    sub-modules (attributes only because they were imported) and ``from __future__`` features."""
    return {
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and not isinstance(value, types.ModuleType)
        and not isinstance(value, __future__._Feature)
    }


def test_all_lists_exactly_what_the_package_exposes() -> None:
    """Fresh interpreter: ``__all__`` is sorted and unique; every name resolves (the lazy ones to the object of
    the module they name); once resolved, the package's public attributes are exactly ``__all__``; ``dir()``
    agrees; a name outside it is an ``AttributeError``."""
    code = """
import __future__, importlib, json, sys, types
import journeymap
before = sorted(m for m in ("pydantic", "journeymap.model", "journeymap.core") if m in sys.modules)
resolved = {}
for name in journeymap.__all__:
    value = getattr(journeymap, name)
    target = journeymap._LAZY.get(name)
    if target:
        module, _, attribute = target.partition(":")
        resolved[name] = value is getattr(importlib.import_module(module), attribute or name)
    else:
        resolved[name] = value is not None
public = sorted(
    n for n, v in vars(journeymap).items()
    if not n.startswith("_") and not isinstance(v, (types.ModuleType, __future__._Feature))
)
try:
    journeymap.no_such_name
    missing = "resolved"
except AttributeError:
    missing = "AttributeError"
print(json.dumps({"before": before, "resolved": resolved, "public": public, "dir": dir(journeymap),
                  "all": journeymap.__all__, "lazy": sorted(journeymap._LAZY), "missing": missing}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    data = json.loads(out)
    names = data["all"]
    assert names == sorted(set(names))
    assert data["before"] == [], "import journeymap must stay light: the public names load lazily"
    assert {name for name, ok in data["resolved"].items() if not ok} == set()
    assert set(data["lazy"]) <= set(names), "a lazy name is missing from __all__"
    assert set(data["public"]) == set(names) - {"__version__"}
    assert data["dir"] == sorted(names)
    assert data["missing"] == "AttributeError"


def test_the_package_namespace_has_no_stray_public_names() -> None:
    """In this (test) process too: whatever got imported, the package shows only ``__all__`` and sub-modules."""
    for name in journeymap.__all__:
        getattr(journeymap, name)
    assert _public_attributes(journeymap) == set(journeymap.__all__) - {"__version__"}


def test_model_all_matches_public_names() -> None:
    """Every name of ``journeymap.model.__all__`` resolves, and once resolved they are its public attributes."""
    for name in journeymap.model.__all__:
        assert getattr(journeymap.model, name) is not None, name
    assert set(journeymap.model.__all__) == _public_attributes(journeymap.model)


def test_cli_import_is_light() -> None:
    """The CLI entry point imports neither pydantic nor ruamel until a command needs them (fast start)."""
    code = "import journeymap.cli.main, sys; print(sorted(m for m in ('pydantic', 'ruamel') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_render_stays_the_function_once_the_render_package_is_imported() -> None:
    """``journeymap.render`` is both a sub-package and a public function: importing the package first (as the
    library does when it draws) must not hide the function."""
    code = (
        "import journeymap.render.registry, journeymap.render.svg_map, journeymap\n"
        "from journeymap.render.registry import render\n"
        "print(journeymap.render is render)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "True"
