"""Channel icons for touchpoints: a small icon set bundled with journeymap, drawn as SVG paths.

The icons were drawn for journeymap as plain geometric outlines (lines, rectangles, circles made of four cubic
curves) on a 14 × 14 grid; nothing is fetched and nothing is copied from an icon library. They use only the path
commands ``M L H V C Z`` and a translation, which the PDF and PNG painter draws itself (see :mod:`.paint`).

A touchpoint's ``channel`` is free text ("web", "sms", "in-person", "clinic", …): :func:`channel_icon` reads it
to one of the icons below by its words, and anything it does not know gets the "other" icon. The channel's own
text goes into the icon's ``<title>``, so the icon is never the only signal.
"""

from __future__ import annotations

import re

from .svg import element, esc, num

__all__ = ["ICONS", "ICON_INK", "ICON_SIZE", "channel_icon", "draw_channel_icon"]

ICON_SIZE = 14.0
"""The side of the square an icon is drawn in (px)."""
ICON_INK = "#3d3a5c"


def _circle(cx: float, cy: float, r: float) -> str:
    """A circle as four cubic curves (the painter draws ``C``, not arcs)."""
    k = 0.5523 * r
    return (
        f"M{cx - r:g} {cy:g} C{cx - r:g} {cy - k:g} {cx - k:g} {cy - r:g} {cx:g} {cy - r:g} "
        f"C{cx + k:g} {cy - r:g} {cx + r:g} {cy - k:g} {cx + r:g} {cy:g} "
        f"C{cx + r:g} {cy + k:g} {cx + k:g} {cy + r:g} {cx:g} {cy + r:g} "
        f"C{cx - k:g} {cy + r:g} {cx - r:g} {cy + k:g} {cx - r:g} {cy:g} Z"
    )


def _box(x: float, y: float, w: float, h: float) -> str:
    return f"M{x:g} {y:g} H{x + w:g} V{y + h:g} H{x:g} Z"


ICONS: dict[str, str] = {
    # a globe: the outline, the equator and one meridian
    "web": _circle(7, 7, 6) + " M1 7 H13 M7 1 C4 3.5 4 10.5 7 13 C10 10.5 10 3.5 7 1 Z",
    # a handheld device with its home bar
    "app": "M4 1 H10 C10.6 1 11 1.4 11 2 V12 C11 12.6 10.6 13 10 13 H4 C3.4 13 3 12.6 3 12 V2 C3 1.4 3.4 1 4 1 Z"
    " M6 11 H8",
    # a telephone handset
    "phone": "M3 1.5 H5.2 L6.4 4.8 L4.9 6 C5.7 7.8 6.2 8.3 8 9.1 L9.2 7.6 L12.5 8.8 V11 C12.5 11.9 11.9 12.5 11 12.5"
    " C5.8 12.2 1.8 8.2 1.5 3 C1.5 2.1 2.1 1.5 3 1.5 Z",
    # an envelope
    "email": _box(1.5, 3, 11, 8) + " M1.5 3.5 L7 8 L12.5 3.5",
    # a speech bubble with two lines of text
    "chat": "M1.5 2 H12.5 V9.5 H6 L3 12.5 V9.5 H1.5 Z M4 4.7 H10 M4 6.9 H8.5",
    # a building with a roof and a door
    "store": "M1 6 L7 1.8 L13 6 Z M2.5 6 V12.5 M11.5 6 V12.5 M1 12.5 H13 M5.8 12.5 V9 H8.2 V12.5",
    # a sheet of paper with a folded corner and lines
    "letter": "M3 1.5 H9 L11.5 4 V12.5 H3 Z M9 1.5 V4 H11.5 M5 7 H9.5 M5 9.5 H9.5",
    # three people linked
    "social": _circle(3.2, 7, 1.7)
    + " "
    + _circle(10.8, 3.2, 1.7)
    + " "
    + _circle(10.8, 10.8, 1.7)
    + " M4.7 6.2 L9.3 4 M4.7 7.8 L9.3 10",
    # a camera
    "video": _box(1, 4, 8.5, 6.5) + " M9.5 6.5 L13 4.5 V10 L9.5 8",
    # a screen on a stand
    "kiosk": _box(2.5, 1.5, 9, 6.5) + " M7 8 V12.5 M4.5 12.5 H9.5 M4.5 4 H9.5",
    # a card going into a slot
    "self-service": "M1.5 3.5 H12.5 M3 3.5 V12.5 H11 V3.5 M5 6.5 H9 M5 9 H9",
    # a person: head and shoulders
    "in-person": _circle(7, 4.2, 2.6) + " M2 13 C2 9.6 4.2 8.4 7 8.4 C9.8 8.4 12 9.6 12 13",
    # a map pin: a place to go to
    "place": "M7 13 C4.2 9.8 2.5 7.6 2.5 5.5 C2.5 3 4.5 1.2 7 1.2 C9.5 1.2 11.5 3 11.5 5.5 C11.5 7.6 9.8 9.8 7 13 Z "
    + _circle(7, 5.4, 1.6),
    # three dots in a ring: a channel not in this set
    "other": _circle(7, 7, 6) + " M4.2 7 H4.4 M6.9 7 H7.1 M9.6 7 H9.8",
}

_WORDS: dict[str, tuple[str, ...]] = {
    "web": ("web", "website", "site", "online", "browser", "portal", "internet", "desktop", "webpage"),
    "app": ("app", "mobile", "ios", "android", "smartphone", "tablet", "wallet"),
    "phone": ("phone", "call", "telephone", "telephony", "ivr", "hotline", "voice"),
    "email": ("email", "e-mail", "newsletter", "inbox"),
    "chat": ("chat", "sms", "text", "messaging", "message", "whatsapp", "messenger", "chatbot", "bot", "im"),
    "store": ("store", "branch", "shop", "retail", "office", "counter", "showroom", "dealer", "dealership"),
    "letter": ("letter", "post", "mail", "paper", "print", "brochure", "leaflet", "flyer", "document"),
    "social": ("social", "facebook", "instagram", "twitter", "linkedin", "tiktok", "community", "forum"),
    "video": ("video", "zoom", "teams", "youtube", "tv", "television", "webinar", "videocall"),
    "kiosk": ("kiosk", "terminal", "screen", "totem"),
    "self-service": ("self-service", "selfservice", "atm", "vending", "machine", "self"),
    "in-person": ("in-person", "person", "face-to-face", "f2f", "visit", "agent", "advisor", "adviser", "staff"),
    "place": (
        "clinic", "pharmacy", "airport", "aircraft", "plane", "hospital", "station", "hotel", "venue",
        "on-site", "onsite", "event", "car", "vehicle", "home", "surgery", "gate", "lounge",
    ),
}  # fmt: skip
_LOOKUP = {word: icon for icon, words in _WORDS.items() for word in words}


def channel_icon(channel: str) -> str:
    """The icon (a key of :data:`ICONS`) for a touchpoint's free-text ``channel``; "other" when none fits."""
    text = channel.strip().lower()
    whole = re.sub(r"[\s_]+", "-", text)
    if whole in _LOOKUP:
        return _LOOKUP[whole]
    for word in re.split(r"[^a-z0-9]+", text):
        if word in _LOOKUP:
            return _LOOKUP[word]
    return "other"


def draw_channel_icon(channel: str, x: float, y: float, size: float = ICON_SIZE, icon: str | None = None) -> str:
    """The icon of ``channel`` (or the icon named ``icon``) with its top left corner at (``x``, ``y``), titled
    with the channel's own words."""
    icon = icon if icon in ICONS else channel_icon(channel)
    attrs = {
        "class": "jm-channel",
        "data-channel": icon,
        "transform": f"translate({num(x)} {num(y)})" if size == ICON_SIZE else _scaled(x, y, size),
        "fill": "none",
        "stroke": ICON_INK,
        "stroke-width": 1.3,
        "stroke-linecap": "round",
        "stroke-linejoin": "round",
    }
    title = element("title", None, esc(channel.strip() or "other"))
    return element("g", attrs, [title, element("path", {"d": ICONS[icon]})])


def _scaled(x: float, y: float, size: float) -> str:
    return f"translate({num(x)} {num(y)}) scale({num(size / ICON_SIZE)})"
