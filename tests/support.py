"""Shared test data: the example workspaces, hostile text, and a hostile map."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

HOSTILE = [
    "<script>alert('x')</script>",
    '" onload="alert(1)',
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "]]><svg onload=alert(1)>",
    "<![CDATA[ x ]]>",
    "&lt;b&gt; & <b>bold</b>",
    "[click](javascript:alert(1)) | *x* `y` # z",
]


def example_workspaces() -> list[Path]:
    return sorted(p.parent for p in EXAMPLES.glob("*/journeymap.yaml"))


def example_map_files() -> list[Path]:
    return sorted(p for ws in example_workspaces() for p in (ws / "maps").rglob("*.yaml"))


def hostile_map_data() -> dict[str, Any]:
    """A map whose every text field is hostile markup."""
    text = " ".join(HOSTILE)
    return {
        "id": "hostile",
        "title": text,
        "description": text,
        "persona": "p",
        "personas": [{"id": "p", "name": text, "quote": text}],
        "scope": {"point_of_view": text, "purpose": text, "start": text, "end": text},
        "stages": [{"id": "s1", "name": text, "steps": [{"id": "a", "name": text, "emotion": 4}]}],
        "lanes": [
            {"id": "actions", "kind": "actions", "title": text, "cards": [{"step": "a", "text": t} for t in HOSTILE]},
            {"id": "emotion", "kind": "emotion"},
            {"id": "touchpoints", "kind": "touchpoints"},
            {"id": "mot", "kind": "moments-of-truth"},
        ],
        "touchpoints": [{"id": "tp", "step": "a", "name": text, "channel": text}],
        "moments_of_truth": [{"id": "m", "step": "a", "title": text, "importance": 5}],
        "opportunities": [{"id": "o", "text": text, "how_might_we": text, "steps": ["a"]}],
        "service_challenges": [{"id": "c", "step": "a", "text": text, "contingencies": [{"text": text}]}],
        "comments": [{"id": "k", "target": "a", "author": text, "text": text}],
    }


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the CLI in process: exit code (usage errors included), stdout and stderr."""
    from journeymap.cli.main import main

    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


# ---- reading a module's imports from its source (the layer and renderer-import tests) -------------------------
SRC = Path(__file__).resolve().parent.parent / "src"


def module_name(path: Path) -> str:
    parts = path.resolve().relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """Every module (and ``module.name`` for each name taken from a module) that ``path`` imports."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            parts = package.split(".")
            base = parts[: len(parts) - (node.level - 1)] if node.level else []
            target = ".".join([*base, *([node.module] if node.module else [])])
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return found
