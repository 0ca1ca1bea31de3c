"""A parser for Mermaid's ``journey`` (user-journey) diagrams that follows what Mermaid itself accepts.

The language, in our own words
------------------------------
A diagram may open with YAML *front matter*: a line ``---``, YAML, and a closing ``---`` line with the same
indentation. Its ``title`` and ``config`` keys are used, other keys are ignored. *Directives*
``%%{ ... }%%`` may stand anywhere, even across lines; they are removed and their content is ignored.

The first line that is not blank and not a ``%%`` comment must begin with the keyword ``journey``. After
the keyword come statements. Keywords are matched in any letter case, and only where a statement starts
(indentation is skipped). Statements need no separator, so one may follow ``journey`` on its line.

* ``title <text>``: the diagram title; the text ends at a ``#`` comment or the end of the line.
* ``accTitle: <text>`` / ``accDescr: <text>``: accessible title and description. The text is the whole
  rest of the line; ``#`` and ``;`` there are plain characters.
* ``accDescr { ... }``: an accessible description over several lines, ended by the first ``}``. Another
  statement may follow the ``}`` on its line. Line indentation inside is dropped.
* ``section <name>``: starts a section. The name ends at ``#``; it cannot contain ``:``.
* ``<name>: <score>: <actor>, <actor>``: a task. The name runs to the first ``:``. The rest (up to a
  ``#``) is cut at every ``:``: the first piece is the score, read the way JavaScript's ``Number()`` reads
  text; the second piece is the list of actors, cut at ``,``. Further pieces are dropped.

A line whose text begins with ``%%`` is a comment, and ``#`` starts a comment running to the end of the
line. ``#word;`` and ``#123;`` are entity codes rather than comments: they are decoded to the character
they name (``#59;`` is a literal ``;``, ``#35;`` a literal ``#``). In task and section names ``<br>``,
``<br/>`` and ``<br />`` are line breaks. Tasks before the first section belong to a section named ``""``.
Names and titles are returned without surrounding white space.

Where Mermaid surprises
-----------------------
* ``;`` is *not* a statement separator in journey diagrams (it is in flowcharts). The lexer has no rule
  for it outside accTitle/accDescr text, so Mermaid rejects any diagram with a bare ``;``: we report
  ``MMD012``. Write ``#59;`` for a literal semicolon.
* ``%%`` after text on a line is not a comment to Mermaid: it keeps ``%% note`` as part of the title,
  section name or actor. Only whole ``%%`` lines (and ``%%`` right after the ``journey`` keyword) are
  comments. We drop such trailing text as the author meant and warn (``MMD113``).
* A line that begins with the word ``journey`` (``Journey review: 4``) is the keyword again, a syntax
  error; ``Title page: 3`` is a *title* statement ("page: 3"); ``title: Day`` is a *task* named title.
* Mermaid's detector recognises only the lowercase ``journey`` keyword, although its grammar ignores case.
* ``Task:`` with nothing after it is rejected by Mermaid, while ``Task:`` and a space scores 0;
  ``Task: 5:`` gives an actor named ``""``. We accept all three: no score (``MMD103``), and no actor.
* An empty ``title`` or ``accTitle:`` at the end of a line makes Mermaid read the *next* line as its text,
  and a ``section`` without a name is either rejected or does the same. We leave the next line alone and
  warn (``MMD108``, ``MMD115``, ``MMD110``).
* Entity codes are decoded everywhere, accTitle/accDescr text included: ``Issue #42; fixed`` reads as
  ``Issue * fixed``, just as Mermaid draws it.
* Scores are read like JavaScript's ``Number()``: ``0x5``, ``5.`` and ``.5e1`` are numbers, ``1_0`` and
  ``inf`` are not.

Diagnostic codes
----------------
====== ======= ===========================================================================================
Code   Level   Meaning
====== ======= ===========================================================================================
MMD001 error   no ``journey`` header (or the text is another kind of Mermaid diagram)
MMD002 error   a ``#`` comment before the header (Mermaid then finds no diagram)
MMD003 error   front matter opened with ``---`` is never closed
MMD004 error   front matter is not valid YAML
MMD005 error   a ``%%{`` directive is never closed with ``}%%``
MMD010 error   a line that is no statement: text without the ``:`` of a task
MMD011 error   task data (``: 5``) without a task name
MMD012 error   a ``;`` (not allowed in journey diagrams)
MMD013 error   a ``:`` in a section name
MMD014 error   a statement starting with the keyword ``journey``
MMD015 error   (import) a task name that is empty once control characters are dropped
MMD016 error   (import) a ``section`` without a name: a stage of the map needs one
MMD017 error   (import) a value the map cannot hold (a name over the length limit), at its task or section
JM900  error   the diagram has more lines than ``limits().mermaid_lines``, or its front matter is over a limit
MMD101 warning a score outside 1-5 (kept; callers clamp)
MMD102 warning a score that is not a number (score ``None``)
MMD103 warning a task without a score (score ``None``)
MMD104 warning a score that is not a whole number
MMD105 warning tasks before the first section (they go into a section named ``""``)
MMD106 warning a section name used again
MMD107 warning a section without tasks (Mermaid draws nothing for it)
MMD108 warning an empty title
MMD109 warning a second ``title`` statement (the last one wins)
MMD110 warning a section without a name
MMD111 warning an empty actor name in a list (ignored)
MMD112 warning a third ``:`` field in a task (ignored, as Mermaid does)
MMD113 warning ``%%`` after text on a line (Mermaid keeps it as text; ignored here)
MMD114 warning the header keyword is not lowercase ``journey``
MMD115 warning an empty accTitle or accDescr
MMD116 warning an ``accDescr {`` block never closed (it swallows the rest of the diagram, as in Mermaid)
MMD117 warning a task named ``title`` or ``section`` (probably a keyword written with a colon)
MMD118 warning a diagram without tasks
MMD119 warning front matter, or its ``config``, is not a mapping (ignored)
MMD120 warning a ``#`` comment glued to a word (``Child#1``): the rest of the line is dropped
====== ======= ===========================================================================================
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

from journeymap.errors import ProblemsError
from journeymap.limits import limits

from .ast import DiagnosticSeverity, JourneyDocument, JourneySection, JourneyTask, MermaidDiagnostic

__all__ = ["MermaidSyntaxError", "parse_journey"]

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


class MermaidSyntaxError(ProblemsError):
    """A journey diagram that Mermaid would not render; ``diagnostics`` lists every error found.

    ``warnings`` holds the warnings found on the way, ``problems`` the errors as
    :class:`journeymap.errors.Problem` objects located in ``source``.
    """

    def __init__(
        self,
        diagnostics: Sequence[MermaidDiagnostic],
        *,
        source: str = "<string>",
        warnings: Sequence[MermaidDiagnostic] = (),
    ) -> None:
        self.diagnostics: tuple[MermaidDiagnostic, ...] = tuple(diagnostics)
        self.warnings: tuple[MermaidDiagnostic, ...] = tuple(warnings)
        self.source = source
        super().__init__([d.to_problem(source) for d in self.diagnostics])


def parse_journey(text: str, *, source: str = "<string>") -> JourneyDocument:
    """Parse a Mermaid ``journey`` diagram.

    Returns the document with its warnings; raises :class:`MermaidSyntaxError` with every error when the
    text is not a journey diagram Mermaid would accept.
    """
    parser = _Parser(text)
    allowed = limits().mermaid_lines
    if len(parser.lines) > allowed:
        problem = limits().problem("mermaid_lines", "", "the number of lines of the diagram", f"{len(parser.lines):,}")
        raise MermaidSyntaxError(
            [MermaidDiagnostic("error", allowed + 1, 1, problem.code, problem.message, problem.hint)], source=source
        )
    parser.run()
    diagnostics = sorted(parser.diagnostics, key=lambda d: (d.line, d.column))
    errors = [d for d in diagnostics if d.is_error]
    warnings = [d for d in diagnostics if not d.is_error]
    if errors:
        raise MermaidSyntaxError(errors, source=source, warnings=warnings)
    return parser.document(tuple(warnings), source)


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


class _Parser:
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

    # -- results ---------------------------------------------------------------------------------------

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

    # -- the passes ------------------------------------------------------------------------------------

    def run(self) -> None:
        start = self._front_matter()
        lines = [_Line.make(start + 1 + i, text) for i, text in enumerate(self._without_directives(start))]
        body = self._header(lines, start)
        if body is None:
            return
        for line in lines[body:]:
            if self.block is not None:
                self._continue_block(line)
            else:
                self._scan(line, 0)
        if self.block is not None:
            block, self.block = self.block, None
            self._warn(
                block.line,
                block.column,
                "MMD116",
                "'accDescr {' is never closed with '}'",
                "close the block; Mermaid reads the rest of the diagram as the description",
            )
            self._finish_block(block)
        self._check_sections()

    def _front_matter(self) -> int:
        """Read front matter if the text opens with it; return the index of the first line after it."""
        first = next((i for i, text in enumerate(self.lines) if text.strip()), None)
        opening = _FENCE.fullmatch(self.lines[first]) if first is not None else None
        if first is None or opening is None:
            return 0
        indent = opening.group(1)
        for index in range(first + 1, len(self.lines)):
            closing = _FENCE.fullmatch(self.lines[index])
            if closing is not None and closing.group(1) == indent:
                body = [t[len(indent) :] if t.startswith(indent) else t for t in self.lines[first + 1 : index]]
                _FrontMatter(self, first, index, indent).read("\n".join(body))
                return index + 1
        self._error(
            first + 1,
            len(indent) + 1,
            "MMD003",
            "front matter opened with '---' is never closed",
            "end the front matter with a '---' line indented like the opening one",
        )
        header = next((i for i in range(first + 1, len(self.lines)) if _is_header(self.lines[i])), None)
        return len(self.lines) if header is None else header

    def _without_directives(self, start: int) -> list[str]:
        """The lines from ``start`` on, with every ``%%{ ... }%%`` directive blanked out."""
        text = "\n".join(self.lines[start:])
        pieces: list[str] = []
        position = 0
        while (opening := text.find("%%{", position)) >= 0:
            closing = text.find("}%%", opening + 3)
            if closing >= 0:
                end = closing + 3
            else:
                end = len(text) if (eol := text.find("\n", opening)) < 0 else eol
                line = start + 1 + text.count("\n", 0, opening)
                column = opening - text.rfind("\n", 0, opening)
                self._error(line, column, "MMD005", "directive '%%{' is never closed", "end it with '}%%'")
            pieces += [text[position:opening], re.sub(r"[^\n]", " ", text[opening:end])]
            position = end
        pieces.append(text[position:])
        return "".join(pieces).split("\n")

    def _header(self, lines: list[_Line], start: int) -> int | None:
        """Check the ``journey`` header; return the index of the first body line, ``None`` to stop."""
        for index, line in enumerate(lines):
            pos = _skip_space(line.mask, 0)
            rest = line.mask[pos:]
            if not rest or rest.startswith("%%"):
                continue
            if rest.startswith("#"):
                self._error(
                    line.number,
                    pos + 1,
                    "MMD002",
                    "a '#' comment before the 'journey' header",
                    "Mermaid finds no diagram then; use a %% comment before the header",
                )
                continue
            if rest[:7].lower() == "journey":
                return self._header_line(line, pos, index)
            return self._missing_header(lines, index, pos)
        self._error(
            min(start + 1, len(self.lines)),
            1,
            "MMD001",
            "the text has no 'journey' header",
            "write 'journey' on the first line, then sections and tasks",
        )
        return None

    def _header_line(self, line: _Line, pos: int, index: int) -> int:
        keyword = line.text[pos : pos + 7]
        if keyword != "journey":
            self._warn(
                line.number,
                pos + 1,
                "MMD114",
                f"header keyword '{keyword}' is not lowercase",
                "Mermaid only detects a diagram whose header is 'journey' in lowercase",
            )
        self.header_line = line.number
        self._scan(line, pos + 7)
        return index + 1

    def _missing_header(self, lines: list[_Line], index: int, pos: int) -> int | None:
        line = lines[index]
        word = _WORD.match(line.mask, pos)
        if word is not None and word.group().lower() in _OTHER_DIAGRAMS:
            self._error(
                line.number,
                pos + 1,
                "MMD001",
                f"this is a Mermaid '{word.group()}' diagram, not a journey",
                "only 'journey' diagrams can be read here",
            )
            return None
        hint = "put 'journey' on the first line"
        if line.mask[pos:].startswith("---"):
            hint = "front matter must come first, before any comment or directive"
        self._error(line.number, pos + 1, "MMD001", "the diagram does not start with 'journey'", hint)
        # The lines before a later header (misplaced front matter, say) would only repeat the error.
        later = next((i for i in range(index + 1, len(lines)) if _is_header(lines[i].mask)), None)
        if later is None:
            return index
        return self._header_line(lines[later], _skip_space(lines[later].mask, 0), later)

    # -- statements ------------------------------------------------------------------------------------

    def _scan(self, line: _Line, pos: int) -> None:
        """Read the statements of ``line`` from ``pos`` on."""
        next_pos: int | None = pos
        while next_pos is not None:
            start = _skip_space(line.mask, next_pos)
            if start >= len(line.mask):
                return
            next_pos = self._statement(line, start)

    def _statement(self, line: _Line, pos: int) -> int | None:
        """Read the statement at ``pos``; return where the next one may start, ``None`` at line end."""
        rest = line.mask[pos:]
        # Mermaid's lexer skips '%%' and also any one character but '}' followed by '%%'.
        if rest.startswith(("%%", "#")) or (rest[0] != "}" and rest[1:3] == "%%"):
            return None
        if rest[:7].lower() == "journey":
            self._error(
                line.number,
                pos + 1,
                "MMD014",
                "a statement cannot start with the word 'journey'",
                "Mermaid reads it as the diagram keyword; reword it, e.g. 'The journey ...'",
            )
            return None
        acc_title = _ACC_TITLE.match(rest)
        acc_descr = _ACC_DESCR.match(rest)
        if acc_descr is not None and acc_descr.group(1) is not None:
            return self._acc_block(line, pos, pos + acc_descr.end())
        if _TITLE.match(rest):
            self._title(line, pos)
        elif acc_title is not None:
            self._acc_line(line, pos, pos + acc_title.end(), "accTitle")
        elif acc_descr is not None:
            self._acc_line(line, pos, pos + acc_descr.end(), "accDescr")
        elif _SECTION.match(rest):
            self._section(line, pos)
        else:
            self._task(line, pos)
        return None

    def _title(self, line: _Line, pos: int) -> None:
        start = min(pos + 6, len(line.mask))
        end = _find(_HASH_SEMI, line.mask, start)
        if self._stops_at_semicolon(line, end):
            return
        self._check_glued_comment(line, start, end)
        value = self._value(line, start, end)
        if not value:
            self._warn(
                line.number,
                pos + 1,
                "MMD108",
                "the title is empty",
                "write the title after the keyword; Mermaid would take the next line as the title",
            )
        elif self.title is not None:
            self._warn(line.number, pos + 1, "MMD109", "the title is set again", "the last title wins")
        if value:
            self.title = value

    def _acc_line(self, line: _Line, pos: int, start: int, keyword: str) -> None:
        value = self._value(line, start, len(line.mask))
        if not value:
            self._warn(
                line.number,
                pos + 1,
                "MMD115",
                f"{keyword} is empty",
                f"write the text after '{keyword}:'; Mermaid would take the next line as the text",
            )
        elif keyword == "accTitle":
            self.acc_title = value
        else:
            self.acc_descr = value

    def _acc_block(self, line: _Line, pos: int, start: int) -> int | None:
        closing = line.mask.find("}", start)
        block = _Block(line.number, pos + 1, [line.text[start : closing if closing >= 0 else len(line.text)]])
        if closing < 0:
            self.block = block
            return None
        self._finish_block(block)
        return closing + 1

    def _continue_block(self, line: _Line) -> None:
        assert self.block is not None
        if line.mask.lstrip().startswith("%%"):
            return  # Mermaid drops %% comment lines before it parses
        closing = line.mask.find("}")
        if closing < 0:
            self.block.parts.append(line.text)
            return
        self.block.parts.append(line.text[:closing])
        block, self.block = self.block, None
        self._finish_block(block)
        self._scan(line, closing + 1)

    def _finish_block(self, block: _Block) -> None:
        value = _decode(re.sub(r"\n\s+", "\n", "\n".join(block.parts).strip()))
        if value:
            self.acc_descr = value
        else:
            self._warn(block.line, block.column, "MMD115", "accDescr is empty", "write text between { and }")

    def _section(self, line: _Line, pos: int) -> None:
        start = min(pos + 8, len(line.mask))
        end = _find(_HASH_COLON_SEMI, line.mask, start)
        if not self._stops_at_semicolon(line, end):
            self._check_glued_comment(line, start, end)
        name = _name(line.text[start : self._cut_comment(line, start, end)])
        if not name:
            self._warn(line.number, pos + 1, "MMD110", "the section has no name", "write a name after 'section'")
        self.sections.append(_SectionDraft(name, line.number, pos + 1))
        if end < len(line.mask) and line.mask[end] == ":":
            self._error(
                line.number,
                end + 1,
                "MMD013",
                "a section name cannot contain ':'",
                "Mermaid ends the name at ':'; write #58; for a literal colon",
            )

    def _task(self, line: _Line, pos: int) -> None:
        mask = line.mask
        colon = _find(_HASH_COLON_SEMI, mask, pos)
        if self._stops_at_semicolon(line, colon):
            return
        if colon == pos:
            self._error(
                line.number,
                pos + 1,
                "MMD011",
                "task data without a task name",
                "write the name before the ':', as in 'Make tea: 5: Me'",
            )
        elif colon == len(mask) or mask[colon] == "#":
            self._error(
                line.number,
                pos + 1,
                "MMD010",
                f"'{_short(line.text[pos:colon])}' is not a statement",
                "write a task as 'name: score: actor, actor', or use %% for a comment",
            )
        else:
            end = _find(_HASH_SEMI, mask, colon + 1)
            if not self._stops_at_semicolon(line, end):
                self._check_glued_comment(line, colon + 1, end)
                self._add_task(line, pos, colon, end)

    # -- tasks -----------------------------------------------------------------------------------------

    def _add_task(self, line: _Line, pos: int, colon: int, end: int) -> None:
        name = _name(line.text[pos:colon])
        if name.lower() in ("title", "section"):
            self._warn(
                line.number,
                pos + 1,
                "MMD117",
                f"a task named '{name}'",
                f"for a {name.lower()} statement write '{name.lower()} <text>' without a colon",
            )
        pieces = _split(line.mask, colon + 1, self._cut_comment(line, colon + 1, end), ":")
        raw_score = line.text[pieces[0][0] : pieces[0][1]].strip()
        score_pos = _skip_space(line.mask, pieces[0][0])
        score_column = score_pos + 1 if score_pos < pieces[0][1] else colon + 1
        score = self._score(raw_score, line.number, score_column)
        actors = self._actors(line, pieces)
        task = JourneyTask(name, score, raw_score, actors, line.number, pos + 1)
        self._current_section(task).tasks.append(task)

    def _score(self, raw: str, line: int, column: int) -> float | None:
        if not raw:
            self._warn(
                line,
                column,
                "MMD103",
                "the task has no score",
                "give a score from 1 to 5; Mermaid rejects 'Task:' with nothing after it",
            )
            return None
        value = _js_number(raw)
        if value is None:
            self._warn(line, column, "MMD102", f"score '{raw}' is not a number", "use a whole number from 1 to 5")
        elif not 1 <= value <= 5:
            self._warn(line, column, "MMD101", f"score {raw} is outside 1-5", "Mermaid draws scores 1 to 5")
        elif not value.is_integer():
            self._warn(line, column, "MMD104", f"score {raw} is not a whole number", "use 1, 2, 3, 4 or 5")
        return value

    def _actors(self, line: _Line, pieces: list[tuple[int, int]]) -> tuple[str, ...]:
        if len(pieces) < 2:
            return ()
        if len(pieces) > 2:
            self._warn(
                line.number,
                pieces[1][1] + 1,
                "MMD112",
                "text after a third ':' is ignored",
                "separate actors with ','; Mermaid keeps only the score and the first actor list",
            )
        start, end = pieces[1]
        parts = [_decode(line.text[a:b]).strip() for a, b in _split(line.mask, start, end, ",")]
        names = tuple(part for part in parts if part)
        if len(names) < len(parts) and line.text[start:end].strip():
            self._warn(line.number, start + 1, "MMD111", "an empty actor name is ignored", "remove the extra ','")
        return names

    def _current_section(self, task: JourneyTask) -> _SectionDraft:
        if not self.sections:
            self._warn(
                task.line,
                task.column,
                "MMD105",
                "a task before the first section",
                "add a 'section' line above it; the task goes into a section named \"\"",
            )
            self.sections.append(_SectionDraft("", task.line, task.column, implicit=True))
        return self.sections[-1]

    def _check_sections(self) -> None:
        seen: dict[str, int] = {}
        for section in self.sections:
            if not section.tasks and not section.implicit:
                self._warn(
                    section.line,
                    section.column,
                    "MMD107",
                    f"section '{section.name}' has no tasks",
                    "Mermaid draws nothing for a section without tasks",
                )
            if section.name and section.name in seen:
                self._warn(
                    section.line,
                    section.column,
                    "MMD106",
                    f"section '{section.name}' is used again",
                    f"it is first used on line {seen[section.name]}; merge the two or rename one",
                )
            seen.setdefault(section.name, section.line)
        if self.header_line and not any(section.tasks for section in self.sections):
            self._warn(self.header_line, 1, "MMD118", "the diagram has no tasks", "add 'name: score: actor' lines")

    # -- small checks ----------------------------------------------------------------------------------

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
