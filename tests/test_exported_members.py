"""The public API: ``__all__`` lists exactly the public names, and each of them can be imported."""

from __future__ import annotations

import subprocess
import sys

import journeymap
import journeymap.model


def test_all_names_resolve() -> None:
    for name in journeymap.__all__:
        assert getattr(journeymap, name) is not None, name


def test_all_is_complete_and_sorted() -> None:
    assert sorted(journeymap.__all__) == sorted(set(journeymap.__all__))
    lazy = set(journeymap._LAZY) | {"__version__"}
    assert set(journeymap.__all__) == lazy


def test_model_all_matches_public_names() -> None:
    public = {n for n in dir(journeymap.model) if not n.startswith("_")}
    modules = {"base", "diagnostic", "elements", "emotion", "enums", "ids", "journey_map", "mental", "network"}
    modules |= {"persona"}
    modules |= {"references", "workspace"}
    assert set(journeymap.model.__all__) == public - modules


def test_cli_import_is_light() -> None:
    """The CLI entry point imports neither pydantic nor ruamel until a command needs them (fast start)."""
    code = "import journeymap.cli.main, sys; print(sorted(m for m in ('pydantic', 'ruamel') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
