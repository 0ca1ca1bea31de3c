"""Interview notes: a folder of plain-text or Markdown files, one file an interview, split into units.

* **Speaker turns** when the notes have them — lines that start with a speaker's name and a colon, plain or
  bold (``Customer: …``, ``**Customer:** …``, ``- **Priya**: …``); a turn runs to the next turn or heading, and
  keeps who speaks (:attr:`Comment.speaker`). Interviewers' turns are kept but not measured (:func:`is_interviewer`).
* **Paragraphs** otherwise: blocks of text between blank lines; headings are not units.
* **Critical incidents**: notes that answer the critical incident technique's three questions — *what happened*,
  *how it felt*, *what should have happened* (as headings or as labels ``What happened: …``) — are read into
  :class:`Incident` records, each answer also a unit ("incident 2: how it felt").

Every unit is located by its file and first line (``interview-03.md:14``). Files are read within the map-size
limit; a file that is not UTF-8 is skipped with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, ProblemsError
from ..limits import limits
from .comments import Comment
from .read_values import SkipLog

__all__ = ["Incident", "NoteFile", "is_interviewer", "note_files", "read_notes", "split_note"]

_MB = 1024 * 1024
_SPEAKER = re.compile(
    r"^\s*(?:[-*]\s+)?(?:\*\*|__)?(?P<name>[A-Z][\w.'’-]*(?: [\w.'’()-]+){0,3}?)\s*(?:\*\*|__)?\s*:\s*(?:\*\*|__)?"
    r"\s*(?P<text>.*)$"
)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?P<text>.*?)\s*#*\s*$")
_CIT = (
    ("happened", re.compile(r"^what (?:actually )?happened\b", re.IGNORECASE)),
    ("felt", re.compile(r"^how (?:did )?(?:it|that|you|they|she|he) (?:feel|felt)\b|^how it felt\b", re.IGNORECASE)),
    ("should", re.compile(r"^what should (?:have|'?ve) happened\b", re.IGNORECASE)),
)
_CIT_LABEL = {"happened": "what happened", "felt": "how it felt", "should": "what should have happened"}
_INTERVIEWERS = frozenset(
    "interviewer moderator researcher facilitator q question me us host analyst int i".split()  # noqa: SIM905
)


def is_interviewer(speaker: str | None) -> bool:
    """Whether a turn is the interviewer's (``Interviewer``, ``Moderator``, ``Q``, …), not the customer's voice."""
    return speaker is not None and speaker.strip().lower().rstrip(".") in _INTERVIEWERS


@dataclass(frozen=True, slots=True)
class Incident:
    """One critical incident: what happened, how it felt, what should have happened (any may be empty)."""

    source: str
    number: int
    line: int
    happened: str
    felt: str
    should: str


@dataclass(frozen=True, slots=True)
class NoteFile:
    """The units and incidents of one interview file."""

    units: list[Comment]
    incidents: list[Incident]


def _strip(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("**", "").replace("__", "")).strip()


def _cit_kind(line: str) -> tuple[str, str] | None:
    """(kind, rest of the line) when ``line`` asks one of the three questions (heading, bold or label)."""
    heading = _HEADING.match(line)
    text = heading.group("text") if heading else line
    text = re.sub(r"^\s*(?:[-*]\s+)?(?:\*\*|__)?", "", text)
    for kind, pattern in _CIT:
        found = pattern.match(text)
        if found:
            rest = text[found.end() :]
            rest = re.sub(r"^[^:?]*[:?]\s*(?:\*\*|__)?\s*", "", rest, count=1) if re.match(r"^[^:?]*[:?]", rest) else ""
            return kind, rest
    return None


def split_note(text: str, source: str) -> NoteFile:
    """The units of one interview's text (see the module docstring)."""
    lines = text.splitlines()
    if sum(1 for line in lines if _cit_kind(line)) >= 2:
        return _incidents(lines, source)
    turns = [i for i, line in enumerate(lines) if _is_turn(line)]
    if len(turns) >= 2:
        return NoteFile(_turns(lines, source), [])
    return NoteFile(_paragraphs(lines, source), [])


def _is_turn(line: str) -> bool:
    found = _SPEAKER.match(line)
    return bool(found) and not _HEADING.match(line) and _cit_kind(line) is None and "://" not in line[:40]


def _unit(number: int, text: str, source: str, line: int, unit: str, speaker: str | None = None) -> Comment:
    return Comment(row=number, text=text, source=source, line=line, unit=unit, speaker=speaker)


def _turns(lines: list[str], source: str) -> list[Comment]:
    units: list[Comment] = []
    speaker: str | None = None
    start = 0
    body: list[str] = []

    def close() -> None:
        text = _strip(" ".join(body))
        if text and speaker is not None:
            units.append(_unit(len(units) + 1, text, source, start + 1, f"turn {len(units) + 1}", speaker))

    for index, line in enumerate(lines):
        found = _SPEAKER.match(line) if _is_turn(line) else None
        if found or _HEADING.match(line):
            close()
            speaker, start, body = (
                (found.group("name").strip(), index, [found.group("text")]) if found else (None, 0, [])
            )
        elif speaker is not None:
            body.append(line)
    close()
    return units


def _paragraphs(lines: list[str], source: str) -> list[Comment]:
    units: list[Comment] = []
    block: list[str] = []
    start = 0
    for index, line in enumerate([*lines, ""]):
        if line.strip() and not _HEADING.match(line):
            if not block:
                start = index
            block.append(line)
            continue
        text = _strip(" ".join(block))
        if text:
            units.append(_unit(len(units) + 1, text, source, start + 1, f"paragraph {len(units) + 1}"))
        block = []
    return units


def _incidents(lines: list[str], source: str) -> NoteFile:
    """Sections by question; a new incident starts when a question comes again (or after the last)."""
    answers: list[dict[str, tuple[int, list[str]]]] = [{}]
    current: str | None = None
    for index, line in enumerate(lines):
        asked = _cit_kind(line)
        if asked is not None:
            current, rest = asked
            if current in answers[-1]:
                answers.append({})
            answers[-1][current] = (index + 1, [rest])
        elif _HEADING.match(line):
            current = None
        elif current is not None:
            answers[-1][current][1].append(line)
    units: list[Comment] = []
    incidents: list[Incident] = []
    for number, found in enumerate((a for a in answers if a), start=1):
        texts = {kind: _strip(" ".join(body)) for kind, (_, body) in found.items()}
        first = min(at for at, _ in found.values())
        incidents.append(Incident(source, number, first, texts.get("happened", ""), texts.get("felt", ""),
                                  texts.get("should", "")))  # fmt: skip
        for kind, (at, _) in sorted(found.items(), key=lambda item: item[1][0]):
            if texts[kind]:
                unit = f"incident {number}: {_CIT_LABEL[kind]}"
                units.append(_unit(len(units) + 1, texts[kind], source, at, unit))
    return NoteFile(units, incidents)


def note_files(folder: Path) -> list[Path]:
    """The ``.txt`` and ``.md`` files of ``folder`` and its sub-folders, in name order (README.md left out)."""
    if not folder.is_dir():
        raise ProblemsError([Problem("JE222", str(folder), "not a folder of interview notes", "give a folder")])
    found = sorted(
        path
        for path in folder.rglob("*")
        if path.suffix.lower() in (".txt", ".md") and path.is_file() and path.name.lower() != "readme.md"
    )
    if not found:
        raise ProblemsError([Problem("JE223", str(folder), "no .txt or .md files in the folder", "")])
    return found


def read_notes(folder: Path, log: SkipLog, incidents: list[Incident] | None = None) -> Iterator[list[Comment]]:
    """The units of every interview file in ``folder``, one batch a file; incidents are added to ``incidents``."""
    for path in note_files(folder):
        name = str(path.relative_to(folder))
        if path.stat().st_size > limits().map_mb * _MB:
            log.skip(name, f"a note over {limits().map_mb} MB (map_mb)")
            continue
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            log.skip(name, "bad encoding (not UTF-8)")
            continue
        note = split_note(text, name)
        log.read += len(note.units)
        if incidents is not None:
            incidents.extend(note.incidents)
        if note.units:
            yield note.units
