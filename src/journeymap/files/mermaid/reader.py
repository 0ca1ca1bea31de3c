"""Reading a journey diagram's lines: the patterns of its syntax, lines with entity codes masked, the diagnostics
found so far, comments, values, and how JavaScript would read a value (see :mod:`.parser`)."""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

from .ast import DiagnosticSeverity, JourneyDocument, JourneySection, JourneyTask, MermaidDiagnostic

_LINE_BREAK: Final = re.compile(r"\r\n|\r|\n")
_ENTITY: Final = re.compile(r"#\w+;", re.ASCII)
_BR: Final = re.compile(r"<br\s*/?>", re.IGNORECASE)
_FENCE: Final = re.compile(r"([ \t]*)---[ \t]*")
_TITLE: Final = re.compile(r"title(?:\s|$)", re.IGNORECASE)
_SECTION: Final = re.compile(r"section(?:\s|$)", re.IGNORECASE)
_ACC_TITLE: Final = re.compile(r"acctitle\s*:\s*", re.IGNORECASE)
_ACC_DESCR: Final = re.compile(r"accdescr\s*(?::|(\{))\s*", re.IGNORECASE)
_HASH_SEMI: Final = re.compile(r"[#;]")
_HASH_COLON_SEMI: Final = re.compile(r"[#:;]")
_WORD: Final = re.compile(r"[\w-]+")
_JS_DECIMAL: Final = re.compile(r"[+-]?(?:Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)")
_JS_RADIX: Final = re.compile(r"0(?:[xX][0-9a-fA-F]+|[oO][0-7]+|[bB][01]+)")
_MASK: Final = "\ue000"  # hides entity codes, so their '#' and ';' are not taken for syntax
_OTHER_DIAGRAMS: Final = frozenset(
    (  # noqa: SIM905 - the first words of the other Mermaid diagram kinds
        "graph flowchart flowchart-elk sequencediagram classdiagram classdiagram-v2 statediagram "
        "statediagram-v2 erdiagram gantt pie gitgraph mindmap timeline quadrantchart requirementdiagram "
        "c4context c4container c4component c4dynamic c4deployment sankey-beta xychart-beta block-beta "
        "packet-beta kanban architecture-beta radar-beta treemap-beta zenuml"
    ).split()
)


@dataclass(frozen=True, slots=True)
class _Line:
    """One line of the diagram: ``text`` as written, ``mask`` the same with entity codes hidden."""

    number: int
    text: str
    mask: str

    @classmethod
    def make(cls, number: int, text: str) -> _Line:
        return cls(number, text, _ENTITY.sub(lambda m: _MASK * len(m.group()), text))


@dataclass(slots=True)
class _SectionDraft:
    name: str
    line: int
    column: int
    implicit: bool = False
    tasks: list[JourneyTask] = field(default_factory=list)


@dataclass(slots=True)
class _Block:
    """An ``accDescr {`` block still waiting for its ``}``."""

    line: int
    column: int
    parts: list[str]


# -- text helpers --------------------------------------------------------------------------------------


def _is_header(text: str) -> bool:
    return text.lstrip()[:7].lower() == "journey"


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _find(pattern: re.Pattern[str], text: str, start: int) -> int:
    found = pattern.search(text, start)
    return len(text) if found is None else found.start()


def _split(mask: str, start: int, end: int, separator: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` bounds of the pieces of ``mask[start:end]`` cut at ``separator``."""
    bounds: list[tuple[int, int]] = []
    while (cut := mask.find(separator, start, end)) >= 0:
        bounds.append((start, cut))
        start = cut + 1
    bounds.append((start, end))
    return bounds


def _short(text: str, limit: int = 40) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _name(text: str) -> str:
    """A task or section name: ``<br>`` becomes a line break, entity codes are decoded."""
    return "\n".join(_decode(part).strip() for part in _BR.split(text)).strip()


def _decode(text: str) -> str:
    return _ENTITY.sub(_decode_entity, text)


def _decode_entity(match: re.Match[str]) -> str:
    code = match.group()[1:-1]
    if code.isdigit():
        number = int(code)
        valid = 0 < number < 0x110000 and not 0xD800 <= number <= 0xDFFF
        return chr(number) if valid else match.group()
    decoded = html.unescape(f"&{code};")
    return match.group() if decoded == f"&{code};" else decoded


def _js_number(text: str) -> float | None:
    """``text`` read as JavaScript's ``Number()`` reads it (white space stripped), ``None`` for NaN."""
    text = text.strip()
    if _JS_RADIX.fullmatch(text):
        return float(int(text, 0))
    if _JS_DECIMAL.fullmatch(text):
        return float(text)
    return None


def _js_truthy(value: Any) -> bool:
    if isinstance(value, float) and math.isnan(value):
        return False
    return bool(value) if isinstance(value, (bool, int, float, str)) else value is not None


def _js_string(value: Any) -> str:
    """``value`` as JavaScript's ``toString()`` writes it (for front-matter titles that are not text)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return str(int(value)) if value.is_integer() and abs(value) < 1e21 else repr(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return ",".join("" if item is None else _js_string(item) for item in value)
    if isinstance(value, dict):
        return "[object Object]"
    return str(value)


def _plain(value: Any) -> Any:
    """YAML data as plain JSON-like data: string keys, and dates as the text they were written as."""
    if isinstance(value, dict):
        return {_js_string(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


class _LineReader:
    """The state of a parse (the diagram's lines, what was read, the diagnostics) and reading a value or a comment
    on a line."""

    def __init__(self, text: str) -> None:
        if text.startswith("\ufeff"):
            text = " " + text[1:]  # a byte-order mark is white space (and keeps the columns)
        self.lines = _LINE_BREAK.split(text)
        self.diagnostics: list[MermaidDiagnostic] = []
        self.sections: list[_SectionDraft] = []
        self.title: str | None = None
        self.front_title: str | None = None
        self.acc_title: str | None = None
        self.acc_descr: str | None = None
        self.config: dict[str, Any] = {}
        self.block: _Block | None = None
        self.header_line = 0

    def _add(self, severity: DiagnosticSeverity, line: int, column: int, code: str, message: str, hint: str) -> None:
        self.diagnostics.append(MermaidDiagnostic(severity, line, column, code, message, hint))

    def _error(self, line: int, column: int, code: str, message: str, hint: str) -> None:
        self._add("error", line, column, code, message, hint)

    def _warn(self, line: int, column: int, code: str, message: str, hint: str) -> None:
        self._add("warning", line, column, code, message, hint)

    def document(self, warnings: tuple[MermaidDiagnostic, ...], source: str) -> JourneyDocument:
        sections = tuple(JourneySection(d.name, tuple(d.tasks), d.line, d.column, d.implicit) for d in self.sections)
        return JourneyDocument(
            title=self.title if self.title is not None else self.front_title,
            acc_title=self.acc_title,
            acc_descr=self.acc_descr,
            sections=sections,
            config=self.config,
            diagnostics=warnings,
            source=source,
        )

    def _value(self, line: _Line, start: int, end: int) -> str:
        return _decode(line.text[start : self._cut_comment(line, start, end)]).strip()

    def _cut_comment(self, line: _Line, start: int, end: int) -> int:
        """Where the text from ``start`` to ``end`` ends once a trailing ``%%`` comment is dropped."""
        cut = line.mask.find("%%", start, end)
        if cut < 0:
            return end
        self._warn(
            line.number,
            cut + 1,
            "MMD113",
            "'%%' after text is not a comment to Mermaid; it is ignored here",
            "Mermaid keeps it as part of the text: put %% comments on a line of their own",
        )
        return cut

    def _stops_at_semicolon(self, line: _Line, index: int) -> bool:
        if index >= len(line.mask) or line.mask[index] != ";":
            return False
        self._error(
            line.number,
            index + 1,
            "MMD012",
            "';' is not allowed in a journey diagram",
            "Mermaid's journey grammar has no ';' separator: start a new line, or write #59; for a ';'",
        )
        return True

    def _check_glued_comment(self, line: _Line, start: int, end: int) -> None:
        if start < end < len(line.mask) and line.mask[end] == "#" and not line.mask[end - 1].isspace():
            self._warn(
                line.number,
                end + 1,
                "MMD120",
                "'#' starts a comment here: the rest of the line is dropped",
                "write #35; for a literal '#'",
            )
