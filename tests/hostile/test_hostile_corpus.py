"""Every case of the hostile-input corpus (tests/hostile/cases_*.py) through the corpus server: no internal error,
no hang over 10 s, peak memory under 500 MB, the outcome expected, the message located, nothing half-written."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import Result, all_cases, as_result, table  # noqa: E402

CASES = sorted(all_cases())
RESULTS: list[Result] = []


class Server:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(HERE / "corpus.py"), "--serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, name: str) -> Result:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(name + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, "the corpus server died"
        data: dict[str, Any] = json.loads(line)
        return as_result(data)

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(30)
        if self.process.stdout:
            self.process.stdout.close()


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    running = Server()
    yield running
    running.close()
    if RESULTS:
        out = HERE.parent.parent / "out" / "hostile"
        out.mkdir(parents=True, exist_ok=True)
        (out / "corpus.md").write_text(table(RESULTS) + "\n", encoding="utf-8")


def test_the_corpus_is_large() -> None:
    assert len(CASES) >= 300, f"the hostile corpus has {len(CASES)} cases"


@pytest.mark.parametrize("name", CASES)
def test_hostile_case(server: Server, name: str) -> None:
    result = server.run(name)
    RESULTS.append(result)
    assert result.passed, f"{name}: " + "; ".join(result.problems)
