"""The PowerPoint deck's vocabulary: slide geometry, colours and sizes, native shapes and text boxes written as
DrawingML, and text measured to fit its box."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from ..extras import optional_module
from ..theme import GRID, INK

EMU_PER_IN = 914400
EMU_PER_PT = 12700
SLIDE_W = 13.333
SLIDE_H = 7.5
MARGIN = 0.4
HEAD_W = 1.5
BLUE = "#1d4e89"
STEP_FILL = "#dde7f3"
GRID_X = MARGIN + HEAD_W
GRID_W = SLIDE_W - 2 * MARGIN - HEAD_W
MIN_PT = 10.0  # no text on a stage slide is smaller
CARD_SIZES = (12.0, 11.0, MIN_PT)  # card text: the largest at which a stage fits one slide
STEP_PT = 12.0
SUBTITLE_PT = 11.0
MAX_STEPS = 6  # steps a stage slide: columns of at least 1.8 in
LINE_SPACING = 1.2
ITEM_INSET = 0.05
ITEM_GAP = 0.04
CELL_PAD = 0.04
ROW_MIN = 0.4
EMOTION_H = 1.5
BOTTOM = 0.4  # below the rows: the "continued" line
MAX_STRETCH = 1.4  # rows grow to fill a slide, by 40 % at most
MAX_SUBTITLE_H = 1.0
MAX_STEP_HEAD_H = 1.0


def _pptx() -> Any:
    optional_module("pptx.util", "PowerPoint export", "office")
    return optional_module("pptx", "PowerPoint export", "office")


# ---- drawing helpers -------------------------------------------------------------------------------------


def _emu(inches: float) -> int:
    return round(inches * EMU_PER_IN)


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()


_NSDECLS = (
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
# The theme references PowerPoint gives a new autoshape; ``<a:effectLst/>`` in each shape turns the shadow off.
_STYLE = (
    '<p:style><a:lnRef idx="1"><a:schemeClr val="accent1"/></a:lnRef>'
    '<a:fillRef idx="3"><a:schemeClr val="accent1"/></a:fillRef>'
    '<a:effectRef idx="2"><a:schemeClr val="accent1"/></a:effectRef>'
    '<a:fontRef idx="minor"><a:schemeClr val="lt1"/></a:fontRef></p:style>'
)
_GEOMETRY = {
    "rect": ("Rectangle", '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'),
    "text": ("TextBox", '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'),
    "round": (
        "Rounded Rectangle",
        '<a:prstGeom prst="roundRect"><a:avLst><a:gd name="adj" fmla="val 8000"/></a:avLst></a:prstGeom>',
    ),
    "oval": ("Oval", '<a:prstGeom prst="ellipse"><a:avLst/></a:prstGeom>'),
    "star": ("5-Point Star", '<a:prstGeom prst="star5"><a:avLst/></a:prstGeom>'),
}
_TXBOX = ' txBox="1"'
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f]")
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def _xml_text(text: str) -> str:
    """``text`` escaped for XML: markup characters as entities, control characters as ``_xHHHH_`` (as
    python-pptx and Office write them), characters XML cannot hold as U+FFFD."""
    text = _CONTROL.sub(lambda match: f"_x{ord(match.group()):04X}_", text)
    return escape(_NOT_XML.sub("\ufffd", text), {'"': "&quot;"})


def _solid(colour: str) -> str:
    return f'<a:solidFill><a:srgbClr val="{_hex(colour)}"/></a:solidFill>'


def _ln(colour: str | None, width: float, dash: bool | str = False, arrow: bool = False) -> str:
    """A line's properties; ``dash`` True for a dashed line, or a DrawingML preset dash ("sysDot", "lgDash", …)."""
    if colour is None:
        return "<a:ln><a:noFill/></a:ln>"
    preset = "dash" if dash is True else dash or ""
    extra = (f'<a:prstDash val="{preset}"/>' if preset else "") + (
        '<a:tailEnd type="triangle" w="med" len="med"/>' if arrow else ""
    )
    return f'<a:ln w="{round(width * EMU_PER_PT)}">{_solid(colour)}{extra}</a:ln>'


@dataclass(frozen=True)
class Run:
    text: str
    size: float
    bold: bool = False
    italic: bool = False
    colour: str = INK


def fit_size(texts: Sequence[str], width_in: float, height_in: float, largest: float, smallest: float = 6.0) -> float:
    """The largest font size (pt) at which ``texts`` (one paragraph each) wrap into the box, estimated from
    an average glyph width of half the font size."""
    longest = max((len(word) for text in texts for word in text.split()), default=1)
    size = largest
    while size > smallest:
        if _text_height(texts, width_in, size) <= height_in and longest * size * 0.6 <= width_in * 72:
            return size
        size -= 0.5
    return smallest


def _text_height(texts: Sequence[str], width_in: float, size: float) -> float:
    chars_per_line = max(4, int(width_in * 72 / (size * 0.52)))
    lines = sum(max(1, math.ceil(len(t) / chars_per_line)) for t in texts)
    return lines * size * 1.22 / 72 + 0.1


def wrapped_lines(text: str, width_in: float, size: float, bold: bool = False) -> int:
    """How many lines ``text`` takes when word-wrapped into ``width_in`` at ``size`` pt, estimated from a
    generous average glyph width (a wide fallback font such as DejaVu Sans when the reader lacks Calibri);
    words longer than a line are broken, line breaks in the text start a new line."""
    per_char = size * (0.62 if bold else 0.57) / 72
    cap = max(1, int(width_in / per_char))
    count = 0
    for paragraph in text.split("\n"):
        count += 1
        line = 0
        for word in paragraph.split():
            n = len(word)
            need = n if line == 0 else line + 1 + n
            if need <= cap:
                line = need
                continue
            if line:
                count += 1
            while n > cap:
                count += 1
                n -= cap
            line = n
    return count


def _paragraphs_xml(paragraphs: Sequence[Run | Sequence[Run]], align: str) -> str:
    algn = {"left": "l", "center": "ctr"}[align]
    out: list[str] = []
    for para in paragraphs:
        runs = [para] if isinstance(para, Run) else list(para)
        lines: list[list[Run]] = [[]]  # a line break in a text starts a new paragraph
        for run in runs:
            pieces = run.text.split("\n")
            for number, piece in enumerate(pieces):
                if number:
                    lines.append([])
                lines[-1].append(Run(piece, run.size, run.bold, run.italic, run.colour))
        for line in lines:
            body = "".join(
                f'<a:r><a:rPr lang="en-GB" sz="{round(r.size * 100)}" b="{int(r.bold)}" i="{int(r.italic)}" dirty="0">'
                f"{_solid(r.colour)}</a:rPr><a:t>{_xml_text(r.text)}</a:t></a:r>"
                for r in line
                if r.text
            )
            out.append(f'<a:p><a:pPr algn="{algn}"/>{body}</a:p>')
    return "".join(out) or f'<a:p><a:pPr algn="{algn}"/></a:p>'


class _Slide:
    """A slide and the shapes drawn on it (sizes in inches).

    The shapes are written as DrawingML text and parsed once when the slide is finished: python-pptx builds
    each shape through many XPath look-ups and scans every shape id for the next free one, which grows with
    the square of the shapes on a slide. The XML is the same kind python-pptx writes (ids unique on the slide,
    names "Rectangle 3", …), so the deck stays an ordinary, editable presentation."""

    def __init__(self, deck: Any) -> None:
        self.slide = deck.slides.add_slide(deck.slide_layouts[6])
        self._next_id = self.slide.shapes._next_shape_id
        self._xml: list[str] = []

    def _start(self, kind: str, name: str | None, descr: str = "") -> str:
        shape_id = self._next_id
        self._next_id += 1
        label = _xml_text(name) if name else f"{kind} {shape_id - 1}"
        alt = f' descr="{_xml_text(descr)}"' if descr else ""
        return f'<p:cNvPr id="{shape_id}" name="{label}"{alt}/>'

    def shape(self, kind: str, name: str | None, properties: str, descr: str = "") -> None:
        """A shape with no text, its ``<p:spPr>`` given as DrawingML (a freeform's geometry, fill and line);
        ``descr`` its alternative text."""
        self._xml.append(
            f"<p:sp><p:nvSpPr>{self._start(kind, name, descr)}<p:cNvSpPr/><p:nvPr/></p:nvSpPr>"
            f"<p:spPr>{properties}</p:spPr>{_STYLE}</p:sp>"
        )

    def box(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        paragraphs: Sequence[Run | Sequence[Run]],
        *,
        fill: str | None = None,
        line: str | None = GRID,
        line_width: float = 0.75,
        shape: str = "rect",
        align: str = "left",
        anchor: str = "top",
        margin: float = 0.05,
        shrink: bool = False,
        name: str | None = None,
        indent: float = 0.0,
    ) -> None:
        kind, geometry = _GEOMETRY[shape]
        text_box = shape == "text"
        inset = _emu(margin)
        fit = "<a:normAutofit/>" if shrink else "<a:noAutofit/>"
        self._xml.append(
            f"<p:sp><p:nvSpPr>{self._start(kind, name)}"
            f"<p:cNvSpPr{_TXBOX if text_box else ''}/><p:nvPr/></p:nvSpPr>"
            f'<p:spPr><a:xfrm><a:off x="{_emu(x)}" y="{_emu(y)}"/><a:ext cx="{_emu(w)}" cy="{_emu(h)}"/></a:xfrm>'
            f"{geometry}{'<a:noFill/>' if fill is None else _solid(fill)}{_ln(line, line_width)}"
            f"{'' if text_box else '<a:effectLst/>'}</p:spPr>{'' if text_box else _STYLE}"
            f'<p:txBody><a:bodyPr wrap="square" lIns="{inset + _emu(indent)}" tIns="{inset}" rIns="{inset}" '
            f'bIns="{inset}" '
            f'anchor="{"ctr" if anchor == "middle" else "t"}" rtlCol="0">{fit}</a:bodyPr><a:lstStyle/>'
            f"{_paragraphs_xml(paragraphs, align)}</p:txBody></p:sp>"
        )

    def text(
        self, x: float, y: float, w: float, h: float, paragraphs: Sequence[Run | Sequence[Run]], align: str = "left"
    ) -> None:
        self.box(x, y, w, h, paragraphs, fill=None, line=None, margin=0.02, shape="text", align=align)

    def line(
        self,
        points: Sequence[tuple[float, float]],
        colour: str,
        width: float,
        dash: bool | str = False,
        arrow: bool = False,
    ) -> None:
        """An open polyline through ``points`` (inches) as a native freeform shape."""
        emus = [(_emu(x), _emu(y)) for x, y in points]
        left = min(x for x, _ in emus)
        top = min(y for _, y in emus)
        w = max(x for x, _ in emus) - left
        h = max(y for _, y in emus) - top
        verbs = ["moveTo"] + ["lnTo"] * (len(emus) - 1)
        path = "".join(
            f'<a:{verb}><a:pt x="{x - left}" y="{y - top}"/></a:{verb}>'
            for verb, (x, y) in zip(verbs, emus, strict=True)
        )
        self._xml.append(
            f"<p:sp><p:nvSpPr>{self._start('Freeform', None)}<p:cNvSpPr/><p:nvPr/></p:nvSpPr>"
            f'<p:spPr><a:xfrm><a:off x="{left}" y="{top}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'
            '<a:custGeom><a:avLst/><a:gdLst/><a:ahLst/><a:cxnLst/><a:rect l="l" t="t" r="r" b="b"/>'
            f'<a:pathLst><a:path w="{w}" h="{h}">{path}</a:path></a:pathLst></a:custGeom>'
            f"<a:noFill/>{_ln(colour, width, dash, arrow)}<a:effectLst/></p:spPr>{_STYLE}</p:sp>"
        )

    def connector(
        self,
        x1: float,
        y1: float,
        x2: float,
        y2: float,
        colour: str,
        width: float,
        dash: bool | str,
        name: str,
        arrow: bool = False,
    ) -> None:
        """A straight native connector (a line PowerPoint lets one drag by its ends) named ``name``, with an
        arrow head at (``x2``, ``y2``) when ``arrow``."""
        left, top = _emu(min(x1, x2)), _emu(min(y1, y2))
        flips = (' flipH="1"' if x2 < x1 else "") + (' flipV="1"' if y2 < y1 else "")
        self._xml.append(
            f"<p:cxnSp><p:nvCxnSpPr>{self._start('Straight Connector', name)}<p:cNvCxnSpPr/><p:nvPr/></p:nvCxnSpPr>"
            f'<p:spPr><a:xfrm{flips}><a:off x="{left}" y="{top}"/>'
            f'<a:ext cx="{abs(_emu(x2) - _emu(x1))}" cy="{abs(_emu(y2) - _emu(y1))}"/></a:xfrm>'
            f'<a:prstGeom prst="line"><a:avLst/></a:prstGeom>{_ln(colour, width, dash, arrow)}</p:spPr>'
            '<p:style><a:lnRef idx="1"><a:schemeClr val="accent1"/></a:lnRef><a:fillRef idx="0">'
            '<a:schemeClr val="accent1"/></a:fillRef><a:effectRef idx="0"><a:schemeClr val="accent1"/></a:effectRef>'
            '<a:fontRef idx="minor"><a:schemeClr val="tx1"/></a:fontRef></p:style></p:cxnSp>'
        )

    def marker(self, cx: float, cy: float, r: float, colour: str, filled: bool, star: bool = False) -> None:
        kind, geometry = _GEOMETRY["star" if star else "oval"]
        self._xml.append(
            f"<p:sp><p:nvSpPr>{self._start(kind, None)}<p:cNvSpPr/><p:nvPr/></p:nvSpPr>"
            f'<p:spPr><a:xfrm><a:off x="{_emu(cx - r)}" y="{_emu(cy - r)}"/>'
            f'<a:ext cx="{_emu(2 * r)}" cy="{_emu(2 * r)}"/></a:xfrm>{geometry}'
            f"{_solid(colour if filled else '#ffffff')}{_ln(colour, 1.5)}<a:effectLst/></p:spPr>{_STYLE}</p:sp>"
        )

    def finish(self, notes: str) -> None:
        """Put the shapes drawn on the slide and write its speaker notes."""
        from pptx.oxml import parse_xml

        tree = parse_xml(f"<p:spTree {_NSDECLS}>{''.join(self._xml)}</p:spTree>")
        self.slide.shapes._spTree.extend(list(tree))
        self._xml = []
        self.slide.notes_slide.notes_text_frame.text = notes
