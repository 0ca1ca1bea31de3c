"""The statements of a journey diagram: title, accessible title and description, sections and tasks with their
scores and actors (see :mod:`.parser`)."""

from __future__ import annotations

import re

from .ast import JourneyTask
from .reader import (
    _HASH_COLON_SEMI,
    _HASH_SEMI,
    _Block,
    _decode,
    _find,
    _js_number,
    _Line,
    _LineReader,
    _name,
    _SectionDraft,
    _short,
    _skip_space,
    _split,
)


class _StatementReader(_LineReader):
    """Reading one statement at a time into the sections, tasks, titles and descriptions of the diagram."""

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
