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
_BOLD_SPEAKER = re.compile(
    r"^\s*(?:[-*]\s+)?(?:\*\*|__)(?P<name>[A-Z][\w.'’-]*(?: [\w.'’()-]+){0,3}?)\s*(?::\s*(?:\*\*|__)|(?:\*\*|__)\s*:)"
    r"\s*(?P<text>.*)$"
)
_PLAIN_SPEAKER = re.compile(r"^(?P<name>[A-Z][\w.'’-]*(?: [\w.'’()-]+){0,3}?)\s*:\s+(?P<text>.*)$")
_QUESTIONS = (
    ("should", re.compile(
        r"\bwhat should (?:have|'?ve) happened|\bwhat (?:would|should|could) you have (?:wanted|liked|expected|"
        r"preferred|needed)|\bwhat (?:should|could|would) (?:we|the \w+|they|you|i) have done|\bwhat would have "
        r"(?:been better|helped|made (?:it|a|the) (?:difference|better))|\bif you could change\b|\bwhat would you "
        r"(?:change|want instead|have wanted)|\bwhat would (?:a )?good (?:have )?look(?:ed)? like|\bhow (?:should|"
        r"could) (?:it|that|this) have (?:gone|been (?:done|handled))|\bin an ideal world\b|\bideally,? what\b",
        re.IGNORECASE)),
    ("happened", re.compile(r"\bwhat (?:actually |exactly )?happened\b|\bwhat went (?:wrong|on)\b|"
                            r"\b(?:take|talk|walk) me through\b|\btell me (?:more )?about (?:the|that) "
                            r"(?:time|day|moment|call|occasion)\b", re.IGNORECASE)),
    ("opener", re.compile(r"\b(?:think of|remember|recall) (?:a|one|an) (?:specific |particular )?(?:time|moment|"
                          r"call|occasion|day|experience)\b|\b(?:one|a|another|second) moment (?:that|which) "
                          r"(?:really )?(?:stood out|stuck)|\btell me about a time\b", re.IGNORECASE)),
    ("felt", re.compile(r"\bhow did (?:you|that|it|this) (?:feel|make you feel)\b|\bhow (?:it|that) felt\b|"
                        r"\bhow (?:were|was) you feeling\b|\bhow did you react\b|\bwhat went through your "
                        r"(?:head|mind)\b|\bhow (?:were|was) (?:you|that) emotionally\b|\bwhat were you feeling\b",
                        re.IGNORECASE)),
)  # fmt: skip
"""The interviewer's questions by the part of an incident they ask about, paraphrases included; an "opener" asks
for a moment to talk about ("Can you think of one call that stayed with you?"): its answer tells what happened
unless it only names the moment (fewer than :data:`NAMING_WORDS` words: "The payslips.")."""
NAMING_WORDS = 15
_PARTS = ("happened", "felt", "should")
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
    """One critical incident: what happened, how it felt, what should have happened (any may be empty), and the
    units (rows) that tell what happened (all of its units when none does)."""

    source: str
    number: int
    line: int
    happened: str
    felt: str
    should: str
    rows: tuple[int, ...] = ()
    parts: tuple[tuple[int, str], ...] = ()
    """Every unit of the incident with the question it answers: (row, "happened" | "felt" | "should")."""


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
    for pattern in (_BOLD_SPEAKER, _PLAIN_SPEAKER):
        if sum(1 for line in lines if _turn(pattern, line)) >= 2:
            units = _turns(lines, source, pattern)
            return NoteFile(units, _turn_incidents(units))
    return NoteFile(_paragraphs(lines, source), [])


def _turn(pattern: re.Pattern[str], line: str) -> re.Match[str] | None:
    found = pattern.match(line)
    if found is None or _HEADING.match(line) or _cit_kind(line) is not None or "://" in line[:40]:
        return None
    return found


def _unit(number: int, text: str, source: str, line: int, unit: str, speaker: str | None = None) -> Comment:
    return Comment(row=number, text=text, source=source, line=line, unit=unit, speaker=speaker)


def _turns(lines: list[str], source: str, pattern: re.Pattern[str]) -> list[Comment]:
    units: list[Comment] = []
    speaker: str | None = None
    start = 0
    body: list[str] = []

    def close() -> None:
        text = _strip(" ".join(body))
        if text and speaker is not None:
            units.append(_unit(len(units) + 1, text, source, start + 1, f"turn {len(units) + 1}", speaker))

    for index, line in enumerate(lines):
        found = _turn(pattern, line)
        if found or _HEADING.match(line):
            close()
            speaker, start, body = (
                (found.group("name").strip(), index, [found.group("text")]) if found else (None, 0, [])
            )
        elif speaker is not None:
            body.append(line)
    close()
    return units


def _question(text: str) -> str | None:
    """Which of the three questions an interviewer's turn asks, if any."""
    return next((kind for kind, pattern in _QUESTIONS if pattern.search(text)), None)


def _turn_incidents(units: list[Comment]) -> list[Incident]:
    """Incidents of an interview led by the three questions: the customer's turns after "what happened" (and its
    follow-up questions, "what happened next?" included) tell what happened, and so on; an incident ends at the
    first other question after "what should have happened", or when a question comes again. When "how did it
    feel" comes first, the customer's turns since the last incident are what happened. "What should have
    happened" asked after an incident has ended (a closing "if you could change one thing?") adds its answers to
    the incident they share most words with (in an interview with no incident it starts none)."""
    done: list[dict[str, list[Comment]]] = []
    parts: dict[str, list[Comment]] | None = None
    pending: list[Comment] = []
    part: str | None = None
    late = naming = False

    def close() -> None:
        if parts and any(parts.values()):
            (_most_alike(done, parts["should"])["should"].extend(parts["should"]) if late else done.append(parts))

    for unit in units:
        if not is_interviewer(unit.speaker):
            if naming and len(unit.text.split()) < NAMING_WORDS:
                naming = False  # "The payslips.": the answer only names the moment
                continue
            naming = False
            (parts[part] if parts is not None and part else pending).append(unit)
            continue
        asked = _question(unit.text)
        naming = asked == "opener"
        asked = "happened" if asked == "opener" else asked
        if asked is None:
            if part == "should" or (part == "felt" and not _follow_up(unit.text)):
                close()
                parts, part = None, None
            if parts is None:
                pending = []
            continue
        if asked == "happened" and part == "happened" and parts is not None:
            continue  # "What happened after you spotted it?": the same incident
        if asked == "should" and parts is None and not done:
            pending = []  # "If you could change one thing?" in an interview with no incident
            continue
        if parts is None or asked == "happened" or _asked_again(asked, part, parts):
            close()
            late = parts is None and asked == "should" and bool(done)
            parts = {kind: [] for kind in _PARTS}
            if asked != "happened" and not late:
                parts["happened"] = pending
            pending = []
        part = asked
    close()
    return [_incident(found, number) for number, found in enumerate(done, start=1)]


def _most_alike(done: list[dict[str, list[Comment]]], answers: list[Comment]) -> dict[str, list[Comment]]:
    """The incident whose turns share most words with ``answers`` (the last on a tie)."""
    said = {w for u in answers for w in re.findall(r"[a-z]{4,}", u.text.lower())}

    def shared(found: dict[str, list[Comment]]) -> int:
        return len(said & {w for us in found.values() for u in us for w in re.findall(r"[a-z]{4,}", u.text.lower())})

    return max(reversed(done), key=shared)


def _follow_up(question: str) -> bool:
    """A short question that asks more about the answer just given ("Angry at whom?"), not about a new topic."""
    text = question.strip().lower()
    news = ("what about", "how did", "how was", "and the", "did the", "anything", "is there", "was there")
    return len(text) <= 40 and not text.startswith(news)


def _asked_again(asked: str, part: str | None, parts: dict[str, list[Comment]]) -> bool:
    return _PARTS.index(asked) <= _PARTS.index(part or "happened") and bool(parts[asked])


def _incident(parts: dict[str, list[Comment]], number: int) -> Incident:
    said = {kind: _strip(" ".join(u.text for u in units)) for kind, units in parts.items()}
    everything = [u for units in parts.values() for u in units]
    first = min(everything, key=lambda u: u.row)
    rows = tuple(u.row for u in parts["happened"]) or tuple(sorted(u.row for u in everything))
    line = first.line or 1
    answered = tuple(sorted((u.row, kind) for kind, units in parts.items() for u in units))
    return Incident(first.source, number, line, said["happened"], said["felt"], said["should"], rows, answered)


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
        rows: list[int] = []
        for kind, (at, _) in sorted(found.items(), key=lambda item: item[1][0]):
            if texts[kind]:
                unit = f"incident {number}: {_CIT_LABEL[kind]}"
                units.append(_unit(len(units) + 1, texts[kind], source, at, unit))
                if kind == "happened" or not rows:
                    rows.append(len(units))
        incidents.append(Incident(source, number, first, texts.get("happened", ""), texts.get("felt", ""),
                                  texts.get("should", ""), tuple(rows)))  # fmt: skip
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
