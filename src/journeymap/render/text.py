"""Measuring and wrapping text for SVG, with the advance widths of DejaVu Sans (the first font named).

Widths are exact for DejaVu Sans and generous for the fallbacks (Arial, Helvetica and Liberation Sans are
narrower), so wrapped text never overflows its box. Characters missing from the table count one em.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from . import _metrics

__all__ = ["FONT_FAMILY", "clean_text", "text_width", "wrap"]

FONT_FAMILY = "'DejaVu Sans', Verdana, 'Liberation Sans', Arial, Helvetica, sans-serif"

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def clean_text(text: str) -> str:
    """Text that XML can carry: control characters become U+FFFD; tabs become spaces."""
    return _INVALID_XML.sub("\ufffd", text.replace("\t", "    ").replace("\r\n", "\n").replace("\r", "\n"))


@lru_cache(maxsize=65536)
def _char_width(char: str, bold: bool) -> int:
    table = _metrics.BOLD if bold else _metrics.REGULAR
    width = table.get(ord(char))
    if width is not None:
        return width
    if unicodedata.combining(char):
        return 0
    return 1000 if unicodedata.east_asian_width(char) not in ("W", "F") else 1100


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in px of ``text`` set at ``size`` px."""
    return sum(_char_width(c, bold) for c in text) * size / 1000.0


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Lines of ``text`` that each fit in ``width`` px; words longer than a line are broken."""
    lines: list[str] = []
    for paragraph in clean_text(text).split("\n"):
        lines.extend(_wrap_paragraph(paragraph, width, size, bold))
    return lines or [""]


def _wrap_paragraph(paragraph: str, width: float, size: float, bold: bool) -> list[str]:
    words = paragraph.split()
    if not words:
        return [""]
    lines: list[str] = []
    current = ""
    space = text_width(" ", size, bold)
    current_width = 0.0
    for word in words:
        word_width = text_width(word, size, bold)
        if current and current_width + space + word_width <= width:
            current += " " + word
            current_width += space + word_width
            continue
        if current:
            lines.append(current)
        pieces = _break_word(word, width, size, bold) if word_width > width else [word]
        lines.extend(pieces[:-1])
        current = pieces[-1]
        current_width = text_width(current, size, bold)
    lines.append(current)
    return lines


def _break_word(word: str, width: float, size: float, bold: bool) -> list[str]:
    pieces: list[str] = []
    current = ""
    for char in word:
        if current and text_width(current + char, size, bold) > width:
            pieces.append(current)
            current = char
        else:
            current += char
    pieces.append(current)
    return pieces
