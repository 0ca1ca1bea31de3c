"""Map → Mermaid ``journey`` diagram.

Stages become sections, steps tasks, the emotional level a 1–5 score (see
:func:`journeymap.files.mermaid_import.score_from_emotion`), the personas taking part in a step its actors.
Characters that Mermaid's journey grammar reserves are written as Mermaid entity codes, which Mermaid
decodes when it draws: ``:`` → ``#58;``, ``#`` → ``#35;``, ``;`` → ``#59;`` (and ``,`` → ``#44;`` in actor
names); line breaks become ``<br>``. A step without an emotional level gets the neutral score 3, marked by
a ``%%`` comment above it, because Mermaid requires a score.
"""

from __future__ import annotations

from ..model import Map
from .registry import RenderContext, TextRenderer

__all__ = ["render_mermaid", "renderer"]

NEUTRAL_SCORE = 3


_RESERVED = str.maketrans({"#": "#35;", ":": "#58;", ";": "#59;"})
_RESERVED_IN_ACTORS = str.maketrans({"#": "#35;", ":": "#58;", ";": "#59;", ",": "#44;"})


_KEYWORDS = ("journey", "title", "section", "acctitle", "accdescr")


def _escape(text: str, *, actor: bool = False, statement: bool = False) -> str:
    """``text`` safe in a Mermaid journey; ``statement`` text must not start with a keyword either."""
    if statement and text.lower().startswith(_KEYWORDS):
        text = f"#{ord(text[0])};{text[1:].translate(_RESERVED)}"
        return _lines(text)
    text = text.translate(_RESERVED_IN_ACTORS if actor else _RESERVED)
    return _lines(text)


def _lines(text: str) -> str:
    lines = [part.strip() for part in text.replace("\r", "").split("\n")]
    return "<br>".join(lines).replace("%%", "%#37;")


def render_mermaid(m: Map, context: RenderContext) -> str:
    from ..files.mermaid_import import score_from_emotion

    names = {p.id: p.name for p in (*context.personas, *m.personas)}
    lines = ["journey", f"    title {_escape(m.title)}"]
    if m.description:
        lines.append(f"    accDescr: {_escape(m.description)}")
    if not m.type.is_timeline:
        lines.append(f"    %% a {m.type.label.lower()} has no steps to export")
    for stage in m.stages:
        lines.append(f"    section {_escape(stage.name)}")
        for step in stage.steps:
            if step.emotion is None:
                lines.append("      %% no emotional level on the map: neutral score")
                score = NEUTRAL_SCORE
            else:
                score = score_from_emotion(step.emotion.value)
            actors = ", ".join(_escape(names.get(a, a), actor=True) for a in step.actors)
            lines.append(f"      {_escape(step.name, statement=True)}: {score}" + (f": {actors}" if actors else ""))
    return "\n".join(lines) + "\n"


def renderer() -> TextRenderer:
    """The registered renderer of this format (see :mod:`journeymap.render.registry`)."""
    return TextRenderer("mermaid", ".mmd", "text/vnd.mermaid", render_mermaid)
