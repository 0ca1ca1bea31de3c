"""The YAML front matter of a journey diagram: its ``title`` and ``config`` (see :mod:`.parser`)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from journeymap.errors import ProblemsError

from .reader import _js_string, _js_truthy, _plain

if TYPE_CHECKING:
    from .parser import _Parser


class _FrontMatter:
    """Reads the YAML between the ``---`` lines into the parser's ``front_title`` and ``config``."""

    def __init__(self, parser: _Parser, opening: int, closing: int, indent: str) -> None:
        self.parser = parser
        self.opening = opening
        self.closing = closing
        self.indent = indent

    def read(self, text: str) -> None:
        # The map files' reader: no tags constructed, aliases, nesting and text lengths within the limits.
        from journeymap.files.document import parse_yaml_data

        try:
            data = parse_yaml_data(text, "")
        except ProblemsError as exc:
            problem = exc.problems[0]
            parts = problem.where.rsplit(":", 2)
            inner_line, inner_column = (int(parts[1]), int(parts[2])) if len(parts) == 3 else (1, 1)
            line = self.opening + 1 + inner_line
            column = inner_column + len(self.indent)
            if line > self.closing and self.closing > self.opening + 1:  # at the end: after the last line of YAML
                line, column = self.closing, len(self.parser.lines[self.closing - 1]) + 1
            if problem.code == "JM900":
                self.parser._error(line, column, problem.code, f"front matter: {problem.message}", problem.hint)
            else:
                message = f"front matter is not valid YAML: {problem.message.removeprefix('YAML syntax: ')}"
                self.parser._error(line, column, "MMD004", message, problem.hint or "fix the YAML")
            return
        if data is None:
            return
        if not isinstance(data, dict):
            self._warn("", "MMD119", "front matter is not a mapping; it is ignored", "write 'key: value' lines")
            return
        if "title" in data:
            self._title(data["title"])
        if "config" in data:
            self._config(data["config"])

    def _title(self, value: Any) -> None:
        text = _js_string(value).strip() if _js_truthy(value) else ""
        if text:
            self.parser.front_title = text
        else:
            self._warn("title", "MMD108", "the front matter title is empty", "write a title or remove the key")

    def _config(self, value: Any) -> None:
        if isinstance(value, dict):
            self.parser.config = _plain(value)
        elif value is not None:
            self._warn(
                "config", "MMD119", "front matter 'config' is not a mapping; it is ignored", "indent keys under it"
            )

    def _warn(self, key: str, code: str, message: str, hint: str) -> None:
        line, column = self.opening + 1, len(self.indent) + 1
        pattern = re.compile(rf"\s*{re.escape(key)}\s*:") if key else None
        for index in range(self.opening + 1, self.closing):
            if pattern is not None and pattern.match(self.parser.lines[index]):
                text = self.parser.lines[index]
                line, column = index + 1, len(text) - len(text.lstrip()) + 1
                break
        self.parser._warn(line, column, code, message, hint)
