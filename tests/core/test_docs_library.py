"""docs/library.md runs: its Python blocks, in order, in one namespace, from a copy of the examples."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from pathlib import Path

import pytest

from support import EXAMPLES

DOC = EXAMPLES.parent / "docs" / "library.md"


def test_the_library_walkthrough_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("ibis", reason="the walkthrough's evidence section needs the evidence extra")
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    assert len(blocks) >= 8
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "__library_doc__"}
    printed = io.StringIO()
    for number, block in enumerate(blocks, start=1):
        with contextlib.redirect_stdout(printed):
            exec(compile(block, f"{DOC.name} block {number}", "exec"), namespace)
    out = printed.getvalue()
    assert "home-loan-as-is: Home loan for a first-time buyer — as is" in out
    assert "no map 'home-loan-as-was'" in out and "True\n" in out and "family-trip-experience.yaml:" in out
    assert (tmp_path / "site" / "index.html").is_file() and (tmp_path / "home-loan-as-is-measured.yaml").is_file()
