"""A team's keyword rules: words and phrases that place a comment on an element or give it a theme.

The file is YAML with two optional mappings::

    elements:            # step or touchpoint id → keywords and phrases
      a-docs: [payslip, bank statement, upload]
    themes:              # theme → keywords (adds to the bundled lexicon's themes or names new ones)
      parking: [car park, shuttle bus]

A bad file stops the reading with its place: JE234 the file cannot be read or is not such a mapping, JE235 a
keyword list is not a list of words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from journeymap.errors import Problem, ProblemsError

__all__ = ["KeywordRules", "read_keyword_rules"]


@dataclass(frozen=True)
class KeywordRules:
    """Element id → keywords, and theme → keywords."""

    elements: dict[str, list[str]] = field(default_factory=dict)
    themes: dict[str, list[str]] = field(default_factory=dict)


def _fail(code: str, where: str, message: str, hint: str) -> ProblemsError:
    return ProblemsError([Problem(code=code, where=where, message=message, hint=hint)])


def _keyword_map(data: Any, key: str, where: str) -> dict[str, list[str]]:
    section = data.get(key) or {}
    if not isinstance(section, dict):
        raise _fail("JE234", where, f"{key!r} is not a mapping", f"write {key}: then one 'name: [keywords]' a line")
    result: dict[str, list[str]] = {}
    for name, words in section.items():
        if isinstance(words, str):
            words = [words]
        if not isinstance(words, list) or not all(isinstance(w, str | int | float) for w in words):
            raise _fail("JE235", where, f"{key}.{name} is not a list of keywords", "write [word, another phrase]")
        result[str(name)] = [str(w) for w in words if str(w).strip()]
    return result


def read_keyword_rules(path: str | Path) -> KeywordRules:
    """The rules of a YAML file; raises :class:`ProblemsError` (JE234, JE235) when it is not such a file."""
    import yaml

    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise _fail(
            "JE234", where, f"cannot read the keyword rules: {exc}", "a YAML file (see docs/feedback.md)"
        ) from exc
    if data is None:
        return KeywordRules()
    if not isinstance(data, dict) or set(data) - {"elements", "themes"}:
        raise _fail("JE234", str(path), "keyword rules have the keys elements and themes only", "see docs/feedback.md")
    return KeywordRules(_keyword_map(data, "elements", str(path)), _keyword_map(data, "themes", str(path)))
