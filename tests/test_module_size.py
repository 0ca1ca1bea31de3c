"""Modules of one idea: no module in ``src/`` over 500 lines, no function over 60.

The code that is longer today is listed below with its current size. A listed module or function may shrink (lower
its number, or remove it once it fits) but never grow, and nothing new may join the list: split it instead.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TypeVar

SRC = Path(__file__).resolve().parent.parent / "src"
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60
Key = TypeVar("Key", str, tuple[str, str])

LONG_MODULES: dict[str, int] = {}
"""Modules longer than :data:`MAX_MODULE_LINES`, by path under ``src/``, with their length in lines."""

LONG_FUNCTIONS: dict[tuple[str, str], int] = {
    # the expat handlers of every big sheet: closures over local state, kept whole for speed
    ("journeymap/files/xlsx_read/sheet.py", "_SheetReader.tuples"): 125,
    # migrations are history: they stay as they were applied
    ("journeymap/store/migrations/versions/0001_initial_schema.py", "upgrade"): 140,
    ("journeymap/store/migrations/versions/0002_teams.py", "upgrade"): 98,
}
"""Functions longer than :data:`MAX_FUNCTION_LINES` (from ``def`` to their last line), by module path and
qualified name (``Class.method``, ``outer.inner``), with their length in lines."""


def _modules() -> Iterator[tuple[str, str]]:
    for path in sorted(SRC.rglob("*.py")):
        yield path.relative_to(SRC).as_posix(), path.read_text(encoding="utf-8")


def _functions(tree: ast.AST, prefix: str = "") -> Iterator[tuple[str, int]]:
    """(qualified name, length in lines) of every function and method, nested ones included."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            name = f"{prefix}{node.name}"
            if not isinstance(node, ast.ClassDef):
                assert node.end_lineno is not None
                yield name, node.end_lineno - node.lineno + 1
            yield from _functions(node, f"{name}.")
        else:
            yield from _functions(node, prefix)


def _over_limit(found: Mapping[Key, int], allowed: Mapping[Key, int], limit: int) -> list[str]:
    problems = []
    for key, size in sorted(found.items()):
        where = key if isinstance(key, str) else " ".join(key)
        if key not in allowed:
            problems.append(f"{where}: {size} lines (at most {limit}): split it")
        elif size > allowed[key]:
            problems.append(f"{where}: grew from {allowed[key]} to {size} lines (at most {limit}): split it")
    return problems


def test_no_module_is_longer_than_500_lines_unless_listed_and_not_growing() -> None:
    found = {path: len(text.splitlines()) for path, text in _modules()}
    assert len(found) > 100, "the source tree was not found"
    long = {path: size for path, size in found.items() if size > MAX_MODULE_LINES}
    assert _over_limit(long, LONG_MODULES, MAX_MODULE_LINES) == []


def test_no_function_is_longer_than_60_lines_unless_listed_and_not_growing() -> None:
    long: dict[tuple[str, str], int] = {}
    count = 0
    for path, text in _modules():
        for name, size in _functions(ast.parse(text)):
            count += 1
            if size > MAX_FUNCTION_LINES:
                long[(path, name)] = max(size, long.get((path, name), 0))
    assert count > 1000, "no functions were found"
    assert _over_limit(long, LONG_FUNCTIONS, MAX_FUNCTION_LINES) == []


def test_the_measure_counts_what_the_limits_mean() -> None:
    code = "def short():\n    return 1\n\n\nclass C:\n    def method(self):\n" + "        x = 1\n" * 70 + "\n"
    sizes = dict(_functions(ast.parse(code)))
    assert sizes == {"short": 2, "C.method": 71}
    nested = dict(_functions(ast.parse("def outer():\n    def inner():\n        pass\n    return inner\n")))
    assert nested == {"outer": 4, "outer.inner": 2}
    assert _over_limit({"a.py": 501}, {}, 500) == ["a.py: 501 lines (at most 500): split it"]
    grown = _over_limit({("a.py", "f"): 70}, {("a.py", "f"): 65}, 60)
    assert grown == ["a.py f: grew from 65 to 70 lines (at most 60): split it"]
    assert _over_limit({"a.py": 505}, {"a.py": 510}, 500) == []
