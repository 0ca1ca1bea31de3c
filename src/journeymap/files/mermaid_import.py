"""Mermaid ``journey`` diagram → map.

title → title; ``accDescr`` → description; sections → stages; tasks → steps; actors → personas (defined in
the map, and named on the steps they take part in); scores → the estimated emotional level.

Score scale: Mermaid scores run 1 (unhappy) to 5 (happy); the map's emotional level runs 1 to 10, so a
score *s* becomes 1 + (s − 1) × 9 / 4 rounded to a whole number, the neutral middle 5.5 kept (1 → 1, 2 → 3,
3 → 5.5, 4 → 8, 5 → 10: no "3.25" on the curve), and the step's note keeps the original ("Mermaid score 2 of 5");
export rounds back with the inverse, so whole scores survive a round trip. Scores outside 1–5 are clamped, with
a warning; a score that is not a number leaves the step without an emotional level, with a warning.

Actors: an actor written as an id ("claims-handler") gets a name ("Claims handler"); the persona id is its slug.
The map's persona is the actor in the most tasks (the first such actor on a tie); when the diagram has more than
one actor, warning MMD121 says which was chosen and how to change it.

Names: control characters are dropped (as everywhere in a map); a task whose name is then empty, and a
``section`` written without a name, are refused at their line (MMD015, MMD016): a step and a stage need a
name, and inventing one ("Journey") would not survive the round trip. Tasks written before any ``section``
go into a stage named "Journey". Any other value the map cannot hold (a name over the length limit) is
refused at the line of its task or section.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import Problem
from ..model import Map, slugify
from ..model.base import _drop_control_characters
from .document import read_text
from .mermaid import JourneyDocument, MermaidDiagnostic, MermaidSyntaxError, parse_journey

__all__ = [
    "SCORE_MAX",
    "SCORE_MIN",
    "actor_name",
    "emotion_from_score",
    "import_mermaid",
    "import_mermaid_file",
    "score_from_emotion",
]

SCORE_MIN = 1.0
SCORE_MAX = 5.0


_MIDDLE = 5.5


def emotion_from_score(score: float) -> float:
    """The 1–10 emotional level of a 1–5 Mermaid score: 1 + (s − 1) × 9 / 4 rounded half up to a whole number,
    except the neutral middle 5.5 (1 → 1, 2 → 3, 3 → 5.5, 4 → 8, 5 → 10)."""
    exact = 1.0 + (score - SCORE_MIN) * 9.0 / 4.0
    if abs(exact - _MIDDLE) < 1e-9:
        return _MIDDLE
    return float(math.floor(exact + 0.5))


def score_from_emotion(level: float) -> int:
    """The nearest whole Mermaid score of a 1–10 emotional level: round(1 + (e − 1) × 4 / 9)."""
    return int(min(SCORE_MAX, max(SCORE_MIN, round(1.0 + (level - 1.0) * 4.0 / 9.0))))


def import_mermaid(
    text: str, *, source: str = "<string>", default_title: str = "Imported journey"
) -> tuple[Map, list[Problem]]:
    """Parse a Mermaid journey diagram and turn it into a map; returns the map and the warnings.

    Syntax errors raise :class:`~journeymap.files.mermaid.MermaidSyntaxError` with every error and its line.
    """
    doc = parse_journey(text, source=source)
    warnings = [d.to_problem(source) for d in doc.diagnostics]
    _check_names(doc, source)
    persona_note = _persona_choice(doc)
    if persona_note is not None:
        warnings.append(persona_note.to_problem(source))
    try:
        return Map.model_validate(_map_data(doc, default_title)), warnings
    except ValidationError as exc:
        raise MermaidSyntaxError(_located(exc, doc), source=source, warnings=doc.diagnostics) from None


def _check_names(doc: JourneyDocument, source: str) -> None:
    errors = []
    for section in doc.sections:
        if not section.implicit and not _clean(section.name):
            errors.append(
                MermaidDiagnostic(
                    "error",
                    section.line,
                    section.column,
                    "MMD016",
                    "the section has no name",
                    "write a name after 'section': a stage of the map needs one",
                )
            )
        for task in section.tasks:
            if not _clean(task.name):
                what = "only control characters" if task.name else "no text"
                errors.append(
                    MermaidDiagnostic(
                        "error",
                        task.line,
                        task.column,
                        "MMD015",
                        f"the task name has {what}",
                        "write a name before the ':': a step of the map needs one",
                    )
                )
    if errors:
        raise MermaidSyntaxError(errors, source=source, warnings=doc.diagnostics)


def _clean(name: str) -> str:
    return _drop_control_characters(name)


def _located(exc: ValidationError, doc: JourneyDocument) -> list[MermaidDiagnostic]:
    """The model's errors at the line of the task or section they come from."""
    found = []
    for detail in exc.errors(include_url=False):
        loc = tuple(detail["loc"])
        line, column = 1, 1
        if len(loc) >= 2 and loc[0] == "stages" and isinstance(loc[1], int) and loc[1] < len(doc.sections):
            section = doc.sections[loc[1]]
            line, column = section.line, section.column
            if len(loc) >= 4 and loc[2] == "steps" and isinstance(loc[3], int) and loc[3] < len(section.tasks):
                task = section.tasks[loc[3]]
                line, column = task.line, task.column
        field = ".".join(str(part) for part in loc)
        message = str(detail["msg"]).removeprefix("Value error, ").replace("String should", "must")
        hint = "shorten the text" if detail["type"] == "string_too_long" else "fix the value on this line"
        found.append(MermaidDiagnostic("error", line, column, "MMD017", f"{field}: {message}", hint))
    return found


_ID_LIKE = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)+")


def actor_name(actor: str) -> str:
    """The name shown for a Mermaid actor: as written, unless it is written as an id ("claims-handler" → "Claims
    handler", "front_desk" → "Front desk")."""
    if not _ID_LIKE.fullmatch(actor):
        return actor
    words = re.split(r"[-_]", actor)
    return " ".join([words[0].capitalize(), *words[1:]])


def _main_actor(doc: JourneyDocument) -> str | None:
    """The actor in the most tasks (the first one written on a tie)."""
    counts = Counter(a for section in doc.sections for task in section.tasks for a in dict.fromkeys(task.actors))
    if not counts:
        return None
    order = {actor: i for i, actor in enumerate(doc.actors)}
    return max(counts, key=lambda a: (counts[a], -order.get(a, 0)))


def _persona_choice(doc: JourneyDocument) -> MermaidDiagnostic | None:
    """MMD121: which actor became the map's persona, when there was a choice."""
    main = _main_actor(doc)
    if main is None or len(doc.actors) < 2:
        return None
    tasks = [t for section in doc.sections for t in section.tasks]
    first = next(t for t in tasks if main in t.actors)
    others = ", ".join(repr(actor_name(a)) for a in doc.actors if a != main)
    in_tasks = sum(main in t.actors for t in tasks)
    return MermaidDiagnostic(
        "warning",
        first.line,
        first.column,
        "MMD121",
        f"the map's persona is {actor_name(main)!r}, the actor in the most tasks ({in_tasks} of {len(tasks)}); "
        f"{others} are named on the steps they take part in",
        "set 'persona:' to another actor's id in the imported map if the journey is theirs",
    )


def _emotion(score: float) -> dict[str, Any]:
    """The estimated emotional level of a Mermaid score, with the original score in its note."""
    clamped = min(SCORE_MAX, max(SCORE_MIN, score))
    level = emotion_from_score(clamped)
    return {"estimate": level, "note": f"Mermaid score {score:g} of 5 (shown as {level:g} on the 1–10 scale)"}


def _map_data(doc: JourneyDocument, default_title: str) -> dict[str, Any]:
    personas: dict[str, str] = {}
    used: set[str] = set()
    for name in doc.actors:
        base = slugify(name, "actor")
        candidate, n = base, 2
        while candidate in used:
            candidate, n = f"{base}-{n}", n + 1
        personas[name] = candidate
        used.add(candidate)
    stages = []
    for section in doc.sections:
        steps = []
        for task in section.tasks:
            step: dict[str, Any] = {"name": task.name, "actors": [personas[a] for a in task.actors]}
            if task.score is not None:  # out-of-scale scores were warned about by the parser (MMD101)
                step["emotion"] = _emotion(task.score)
            steps.append(step)
        stages.append({"name": section.name or "Journey", "steps": steps})
    data: dict[str, Any] = {
        "title": doc.title or doc.acc_title or default_title,
        "description": doc.acc_descr or "",
        "personas": [{"id": pid, "name": actor_name(name)} for name, pid in personas.items()],
        "stages": stages,
        "lanes": [{"id": "emotion", "kind": "emotion"}],
    }
    main = _main_actor(doc)
    if main is not None:
        data["persona"] = personas[main]
    elif personas:
        data["persona"] = next(iter(personas.values()))
    return data


def import_mermaid_file(path: Path, *, display: str | None = None) -> tuple[Map, list[Problem]]:
    """Import a ``.mmd`` file (UTF-8); problems name the file, line and column."""
    text = read_text(path, display)
    return import_mermaid(
        text, source=display or str(path), default_title=path.stem.replace("-", " ").replace("_", " ").capitalize()
    )
