"""The persona on the map: a compact card under the title with the persona's name, segment, quote and goals, and
their picture when the persona gives one (a PNG or JPEG file inside the workspace, embedded; never fetched).

Without a picture the card shows the persona's initials in a circle, so every card has the same shape.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, ProblemsError
from ..limits import limits
from ..model import Map, Persona
from .registry import RenderContext
from .svg import element, esc, num, text_block
from .text import wrap
from .theme import MARK_FILL, MUTED

__all__ = ["PersonaCard", "persona_card", "picture_data_uri"]

PAD = 12.0
PHOTO = 64.0
GAP = 16.0
CARD_W = 760.0
NAME_SIZE, NAME_LINE = 15.0, 19.0
ROLE_SIZE, ROLE_LINE = 11.0, 14.0
QUOTE_SIZE, QUOTE_LINE = 12.0, 16.0
GOAL_SIZE, GOAL_LINE = 11.5, 15.0
MAX_GOALS = 4
FILL, EDGE = "#f7f5fc", "#d6d0ea"
_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


@dataclass(frozen=True)
class PersonaCard:
    """A persona's card, its text already wrapped: drawn by :meth:`draw` in a box ``width`` × :attr:`height`."""

    persona_id: str
    initials: str
    name: tuple[str, ...]
    role: tuple[str, ...]
    quote: tuple[str, ...]
    goals: tuple[tuple[str, ...], ...]
    width: float
    picture: str = ""
    """The picture as a ``data:`` URI (empty: the initials are drawn)."""

    @property
    def text_w(self) -> float:
        return (self.width - 3 * PAD - PHOTO - GAP) / 2

    @property
    def height(self) -> float:
        left = len(self.name) * NAME_LINE + len(self.role) * ROLE_LINE + (6 + len(self.quote) * QUOTE_LINE)
        right = (ROLE_LINE + sum(len(goal) for goal in self.goals) * GOAL_LINE) if self.goals else 0.0
        return 2 * PAD + max(PHOTO, left, right)

    def draw(self, x: float, y: float) -> str:
        frame = {"x": x, "y": y, "width": self.width, "height": self.height, "rx": 8, "fill": FILL, "stroke": EDGE}
        parts = [element("rect", frame), self._picture(x + PAD, y + PAD)]
        tx = x + 2 * PAD + PHOTO
        ty = y + PAD + NAME_SIZE
        parts.append(text_block(list(self.name), tx, ty, size=NAME_SIZE, line_height=NAME_LINE, bold=True))
        ty += len(self.name) * NAME_LINE - NAME_SIZE + ROLE_SIZE
        if self.role:
            parts.append(text_block(list(self.role), tx, ty, size=ROLE_SIZE, line_height=ROLE_LINE, fill=MUTED))
            ty += len(self.role) * ROLE_LINE
        if self.quote:
            parts.append(_italic(self.quote, tx, ty + 6 - ROLE_SIZE + QUOTE_SIZE))
        if self.goals:
            gx = tx + self.text_w + GAP
            parts.append(self._goals(gx, y + PAD + ROLE_SIZE))
        attrs = {"class": "jm-persona-card", "data-element": self.persona_id}
        return element("g", attrs, [element("title", None, esc("Persona: " + " ".join(self.name))), *parts])

    def _goals(self, x: float, y: float) -> str:
        parts = [text_block(["GOALS"], x, y, size=ROLE_SIZE - 1, line_height=ROLE_LINE, bold=True, fill=MUTED)]
        cursor = y + ROLE_LINE
        for goal in self.goals:
            lines = [("• " if i == 0 else "  ") + line for i, line in enumerate(goal)]
            parts.append(text_block(lines, x, cursor, size=GOAL_SIZE, line_height=GOAL_LINE))
            cursor += len(goal) * GOAL_LINE
        return element("g", {"class": "jm-persona-goals"}, parts)

    def _picture(self, x: float, y: float) -> str:
        if self.picture:
            attrs = {"x": x, "y": y, "width": PHOTO, "height": PHOTO, "href": self.picture}
            attrs["preserveAspectRatio"] = "xMidYMid slice"
            return element("image", attrs)
        r = PHOTO / 2
        circle = element("circle", {"cx": x + r, "cy": y + r, "r": r, "fill": MARK_FILL})
        initials = text_block([self.initials], x + r, y + r + 8, size=22, line_height=22, bold=True, anchor="middle")
        return circle + initials.replace("<text ", '<text fill="#ffffff" ', 1)


def _italic(lines: tuple[str, ...], x: float, y: float) -> str:
    spans = [element("tspan", {"x": x, "dy": "0" if i == 0 else num(QUOTE_LINE)}, esc(t)) for i, t in enumerate(lines)]
    attrs = {"x": x, "y": y, "font-size": QUOTE_SIZE, "font-style": "italic", "class": "jm-persona-quote"}
    return element("text", attrs, spans)


def _clip(lines: list[str], most: int) -> tuple[str, ...]:
    """At most ``most`` lines, the last ending in an ellipsis when some were cut."""
    if len(lines) <= most:
        return tuple(lines)
    return (*lines[: most - 1], lines[most - 1].rstrip(" .,;") + "…")


def persona_card(m: Map, context: RenderContext, max_width: float) -> PersonaCard | None:
    """The card of the persona ``m`` names (None when it names none the workspace or the map defines)."""
    persona = context.persona(m)
    if persona is None:
        return None
    width = min(max_width, CARD_W)
    text_w = (width - 3 * PAD - PHOTO - GAP) / 2
    role = " · ".join(p for p in (persona.segment, _share(persona)) if p)
    quote = _clip(wrap(f"“{persona.quote.strip()}”", text_w, QUOTE_SIZE), 4) if persona.quote.strip() else ()
    goals = tuple(_clip(wrap(goal, text_w - 10, GOAL_SIZE), 2) for goal in persona.goals[:MAX_GOALS] if goal.strip())
    picture = picture_data_uri(context.root, persona) if persona.picture.strip() else ""
    return PersonaCard(
        persona_id=persona.id,
        initials=_initials(persona.name),
        name=_clip(wrap(persona.name, text_w, NAME_SIZE, bold=True), 2),
        role=_clip(wrap(role, text_w, ROLE_SIZE), 3) if role else (),
        quote=quote,
        goals=goals,
        width=width,
        picture=picture,
    )


def _initials(name: str) -> str:
    """The initials of the name before any comma ("Priya, first-time buyer" → "P", "Ana Lima" → "AL")."""
    words = name.split(",")[0].split()[:2]
    return "".join(word[0] for word in words if word[:1].isalnum()).upper() or "?"


def _share(persona: Persona) -> str:
    return f"{persona.share * 100:.0f} % of {persona.population}" if persona.share is not None else ""


def picture_data_uri(root: Path | None, persona: Persona) -> str:
    """The persona's picture as a ``data:`` URI: a PNG or JPEG file inside the workspace ``root``, no larger than
    the ``map_mb`` limit. Anything else (a web address, a file outside the workspace, another kind of file) is
    refused with a problem naming the persona; without a workspace the card shows the initials."""
    where = f"persona {persona.id!r} › picture"
    relative = persona.picture.strip()
    if "://" in relative or relative.startswith(("//", "data:")):
        hint = "save the picture in the workspace folder and give its path there, e.g. personas/maya.png"
        raise ProblemsError(
            [Problem("JE004", where, f"{relative!r} is a web address; pictures are never fetched", hint)]
        )
    if root is None:
        return ""
    path = (root / relative).resolve()
    if not path.is_relative_to(root.resolve()):
        hint = "give a path inside the workspace folder, e.g. personas/maya.png"
        raise ProblemsError([Problem("JE004", where, f"{relative!r} is outside the workspace", hint)])
    if not path.is_file():
        raise ProblemsError([Problem("JE004", where, f"{relative!r}: no such file", "check the path of the picture")])
    size = path.stat().st_size
    if size > limits().map_mb * 1024 * 1024:
        raise ProblemsError([limits().problem("map_mb", where, "the picture's size in MB", size // (1024 * 1024))])
    data = path.read_bytes()
    kind = next((media for magic, media in _SIGNATURES.items() if data.startswith(magic)), None)
    if kind is None:
        hint = "save the picture as PNG or JPEG"
        raise ProblemsError([Problem("JE007", where, f"{relative!r} is not a PNG or JPEG picture", hint)])
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"
