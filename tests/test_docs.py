"""Docs that cannot drift: generated references are up to date, and the examples in the docs run."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from journeymap.files.document import parse_document
from journeymap.files.loader import plain
from journeymap.model import Map

ROOT = Path(__file__).resolve().parent.parent


def test_generated_references_are_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "gen_docs.py"), "--check"], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout + result.stderr + "\nrun: python tools/gen_docs.py"


def _blocks(path: Path, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)


def test_readme_map_is_valid() -> None:
    [block] = _blocks(ROOT / "README.md", "yaml")
    data = plain(parse_document(block, "README.md").tree)
    m = Map.model_validate({**data, "personas": [{"id": "priya", "name": "Priya"}]})
    assert m.steps[1].emotion is not None and m.steps[1].emotion.is_measured


def test_python_examples_run() -> None:
    for doc in (ROOT / "README.md", ROOT / "docs" / "index.md"):
        for block in _blocks(doc, "python"):
            result = subprocess.run([sys.executable, "-c", block], capture_output=True, text=True, cwd=ROOT)
            assert result.returncode == 0, f"{doc.name}: {result.stderr}"


def test_every_command_is_documented() -> None:
    from journeymap.cli.main import build_parser

    cli = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(getattr(a, "choices", None), dict)).choices
    for name in commands:
        assert f"## `journeymap {name}" in cli
        assert f"journeymap {name}" in readme


def test_every_problem_code_is_documented() -> None:
    docs = ("format.md", "mermaid.md", "evidence.md", "lint.md")
    text = "".join((ROOT / "docs" / name).read_text(encoding="utf-8") for name in docs)
    codes = set()
    for source in (ROOT / "src").rglob("*.py"):
        codes |= set(re.findall(r'"((?:JM|MMD|JE|JL)\d{3})"', source.read_text(encoding="utf-8")))
    missing = sorted(c for c in codes if c not in text)
    assert missing == []
