"""docs/limits.md lists every limit with its default and its environment variable."""

from __future__ import annotations

from dataclasses import fields

from journeymap.limits import ENV_PREFIX, Limits

from support import ROOT


def test_every_limit_is_documented_with_its_default() -> None:
    text = (ROOT / "docs" / "limits.md").read_text(encoding="utf-8")
    for item in fields(Limits):
        row = f"| `{item.name}` | {item.default:,} | `{ENV_PREFIX}{item.name.upper()}` |"
        assert row in text, f"docs/limits.md has no row for {item.name} (expected it to start with {row!r})"


def test_a_limit_is_raised_by_its_environment_variable(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from journeymap import limits as module

    monkeypatch.setenv(ENV_PREFIX + "COLUMNS", "5_000")
    monkeypatch.setenv(ENV_PREFIX + "NESTING", "not a number")
    module.limits.cache_clear()
    try:
        assert module.limits().columns == 5000
        assert module.limits().nesting == Limits().nesting, "a value that is not a number leaves the default"
        problem = module.limits().problem("columns", "survey.csv:1", "the header", 7000)
        assert problem.code == "JM900" and "5,000" in problem.message and "JOURNEYMAP_LIMIT_COLUMNS" in problem.hint
    finally:
        module.limits.cache_clear()
