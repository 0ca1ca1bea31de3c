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

import re
from collections.abc import Sequence

from journeymap.errors import ProblemsError
from journeymap.limits import limits

from .ast import JourneyDocument, MermaidDiagnostic
from .front_matter import _FrontMatter
from .reader import (
    _ACC_DESCR,
    _ACC_TITLE,
    _FENCE,
    _OTHER_DIAGRAMS,
    _SECTION,
    _TITLE,
    _WORD,
    _is_header,
    _Line,
    _skip_space,
)
from .statements import _StatementReader


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


class _Parser(_StatementReader):
    """The passes over a diagram: front matter, directives, the ``journey`` header, then statement by statement."""

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
