"""Fuzzing the Mermaid journey parser and importer with random and mutated diagrams.

The only documented outcomes are a document (or a map), or a
:class:`~journeymap.files.mermaid.MermaidSyntaxError` (a :class:`~journeymap.errors.ProblemsError`) whose problems
each carry a line and a column; any other exception is a bug. A few dozen examples run by default (a few seconds
in CI); set the environment variable ``JOURNEYMAP_FUZZ_EXAMPLES`` (e.g. ``JOURNEYMAP_FUZZ_EXAMPLES=5000``) for a
longer run.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.errors import ProblemsError
from journeymap.files.mermaid import parse_journey
from journeymap.files.mermaid_import import import_mermaid

EXAMPLES = int(os.environ.get("JOURNEYMAP_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FIXTURES = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "mermaid").glob("*.mmd"))
LOCATED = re.compile(r"^<fuzz>:\d+:\d+$")
PIECES = ["journey", "title ", "section ", "accTitle: ", "accDescr {", "}", ": ", ":", ",", "#", "#59;", ";", "%%",
          "%%{", "}%%", "---", "\n", "  ", "<br>", "Me", "5", "1e999", "NaN", "0x5", "\x00", "\x1b", "\t", "&a", "*a",
          "config:", "[", "]"]  # fmt: skip

diagrams = st.lists(st.sampled_from(PIECES) | st.text(max_size=6), max_size=40).map("".join)


def check(text: str) -> None:
    for run in (parse_journey, import_mermaid):
        try:
            run(text, source="<fuzz>")
        except ProblemsError as exc:
            assert exc.problems
            for problem in exc.problems:
                assert LOCATED.match(problem.where), f"a problem without line and column: {problem}"


@FUZZ
@given(text=diagrams)
def test_random_diagrams(text: str) -> None:
    check(text)


@FUZZ
@given(text=diagrams)
def test_random_statements_after_a_header(text: str) -> None:
    check("journey\n" + text)


@FUZZ
@given(data=st.data())
def test_mutated_fixture_diagrams(data: st.DataObject) -> None:
    text = data.draw(st.sampled_from(FIXTURES)).read_text(encoding="utf-8")
    for _ in range(data.draw(st.integers(1, 5))):
        at = data.draw(st.integers(0, len(text)))
        piece = data.draw(st.sampled_from(PIECES) | st.text(max_size=5))
        cut = data.draw(st.integers(0, 6))
        text = text[:at] + piece + text[at + cut :]
    check(text)
