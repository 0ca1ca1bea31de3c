"""The PowerPoint renderer: a deck of native shapes and text (no pictures), ready to edit.

Timeline maps: an overview slide (title, persona, scope; stages × steps; the emotion curve as a native
freeform with a marker a step — filled when measured, hollow when estimated — and the 95 % interval as a
line; moments of truth marked with a star and their title), then each stage on one slide or more (its steps as
columns, the lanes as rows of boxes carrying the cards' text and fills, the stage's segment of the emotion curve
at the emotion lane's place). No text on a stage slide is under 10 pt: a stage whose lanes do not fit continues
on the next slide ("lanes 7–13 of 13"), more than ``MAX_STEPS`` steps are split by step, and a lane taller than a
slide continues as "(continued)"; every card is drawn once, in a box named ``card <id>``.
Ecosystem maps and mental model diagrams get one overview slide drawn from the shared layouts.

Every slide has speaker notes with the evidence behind each number: measured emotions (mean, n, 95 %
interval, data set), estimates (with the author's note), moments of truth (importance, gap, priority and
whether scored from evidence or estimated). Text is sized to fit its box and also marked to shrink on
overflow. Two renders of the same map give the same bytes (fixed core properties and zip timestamps).
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any
from xml.sax.saxutils import escape

from ..errors import MissingExtraError
from ..files.zipwriter import rezip
from ..model import EMOTION_MAX, EMOTION_MIN, LaneKind, Map, MapType, MeasuredEmotion, MomentOfTruth, Stage, Step
from .content import CellItem, MapIndex, cell_items
from .header import subtitle
from .layout import effective_lanes
from .registry import BinaryRenderer, RenderContext
from .theme import ACCENT, ACTOR_FILL, FLOW_STROKE, GRID, INK, MUTED, is_dark, lane_fill

__all__ = ["MEDIA_TYPE", "render_pptx", "renderer", "slide_notes"]

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

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
EMOTION_H = 1.35
BOTTOM = 0.4  # below the rows: the "continued" line
MAX_STRETCH = 1.4  # rows grow to fill a slide, by 40 % at most
MAX_SUBTITLE_H = 1.0
MAX_STEP_HEAD_H = 1.0
FIXED_TIME = dt.datetime(2000, 1, 1)


def _pptx() -> Any:
    try:
        import pptx
        import pptx.util
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MissingExtraError("PowerPoint export", "office") from exc
    return pptx


def renderer() -> BinaryRenderer:
    """The registered renderer of this format (see :mod:`journeymap.render.registry`)."""
    _pptx()
    return BinaryRenderer("pptx", ".pptx", MEDIA_TYPE, render_pptx)


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


def _ln(colour: str | None, width: float, dash: bool = False, arrow: bool = False) -> str:
    if colour is None:
        return "<a:ln><a:noFill/></a:ln>"
    extra = ('<a:prstDash val="dash"/>' if dash else "") + (
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

    def _start(self, kind: str, name: str | None) -> str:
        shape_id = self._next_id
        self._next_id += 1
        label = _xml_text(name) if name else f"{kind} {shape_id - 1}"
        return f'<p:cNvPr id="{shape_id}" name="{label}"/>'

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
            f'<p:txBody><a:bodyPr wrap="square" lIns="{inset}" tIns="{inset}" rIns="{inset}" bIns="{inset}" '
            f'anchor="{"ctr" if anchor == "middle" else "t"}" rtlCol="0">{fit}</a:bodyPr><a:lstStyle/>'
            f"{_paragraphs_xml(paragraphs, align)}</p:txBody></p:sp>"
        )

    def text(
        self, x: float, y: float, w: float, h: float, paragraphs: Sequence[Run | Sequence[Run]], align: str = "left"
    ) -> None:
        self.box(x, y, w, h, paragraphs, fill=None, line=None, margin=0.02, shape="text", align=align)

    def line(
        self, points: Sequence[tuple[float, float]], colour: str, width: float, dash: bool = False, arrow: bool = False
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


# ---- the deck ----------------------------------------------------------------------------------------------


def render_pptx(m: Map, context: RenderContext) -> bytes:
    """The map as a PPTX deck (bytes)."""
    pptx = _pptx()
    deck = pptx.Presentation()
    deck.slide_width = _emu(SLIDE_W)
    deck.slide_height = _emu(SLIDE_H)
    if m.type is MapType.ECOSYSTEM_MAP:
        _ecosystem_slide(deck, m, context)
    elif m.type is MapType.MENTAL_MODEL_DIAGRAM:
        _mental_slide(deck, m, context)
    else:
        index = MapIndex.build(m, context.vmpi_bands)
        _overview_slide(deck, m, context)
        _stage_slides(deck, m, index)
    props = deck.core_properties
    props.title = m.title[:250]
    props.author = "journeymap"
    props.last_modified_by = "journeymap"
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.last_printed = FIXED_TIME
    props.revision = 1
    buffer = io.BytesIO()
    deck.save(buffer)
    return rezip(buffer.getvalue())


def _title(slide: _Slide, title: str, lines: Sequence[str]) -> float:
    """Draw the title and muted lines below it; return the y (in) where the content starts."""
    size = fit_size([title], SLIDE_W - 2 * MARGIN, 0.55, 24, 14)
    slide.text(MARGIN, 0.25, SLIDE_W - 2 * MARGIN, 0.55, [Run(title, size, bold=True, colour=BLUE)])
    if not lines:
        return 0.9
    h = min(1.1, 0.2 * len(lines) + 0.1)
    size = fit_size(lines, SLIDE_W - 2 * MARGIN, h, 11, 7)
    slide.text(MARGIN, 0.8, SLIDE_W - 2 * MARGIN, h, [Run(line, size, colour=MUTED) for line in lines])
    return 0.85 + h


def _header_lines(m: Map, context: RenderContext) -> list[str]:
    lines = [subtitle(m, context)]
    if m.scope.point_of_view:
        lines.append(f"Point of view: {m.scope.point_of_view}")
    if m.scope.purpose:
        lines.append(f"Purpose: {m.scope.purpose}")
    if m.scope.start or m.scope.end:
        lines.append(f"Scope: from “{m.scope.start or '?'}” to “{m.scope.end or '?'}”")
    return lines


def _emotion_band(
    slide: _Slide,
    steps: Sequence[Step],
    xs: Sequence[float],
    top: float,
    h: float,
    label_x: float,
    label_size: float = 8.0,
) -> None:
    """The emotion chart of ``steps`` (centres ``xs``) in a band from ``top`` of height ``h`` (inches); the
    values are labelled at ``label_size`` pt (the scale one point smaller, unless that would go under 10 pt
    where 10 pt is asked for)."""
    axis_size = label_size if label_size >= MIN_PT else label_size - 1
    label_h = label_size * 1.25 / 72 + 0.05
    inset = 0.1 + label_h

    def y_of(value: float) -> float:
        return top + inset + (EMOTION_MAX - value) / (EMOTION_MAX - EMOTION_MIN) * (h - 2 * inset)

    right = xs[-1] + (xs[1] - xs[0] if len(xs) > 1 else 1.0) / 2 if xs else label_x + 1
    left = label_x + HEAD_W
    slide.box(label_x, top, HEAD_W - 0.05, h, [Run("Emotional level", 10, bold=True)], fill="#f4f5f7")
    for value in (10.0, 5.5, 1.0):
        y = y_of(value)
        slide.line([(left, y), (right, y)], "#e4e7eb", 0.75, dash=value == 5.5)
        axis_h = axis_size * 1.25 / 72 + 0.04
        slide.text(left + 0.03, y - axis_h - 0.01, 0.45, axis_h, [Run(f"{value:g}", axis_size, colour=MUTED)])
    points = [(x, step) for x, step in zip(xs, steps, strict=True) if step.emotion is not None]
    for (x1, a), (x2, b) in itertools.pairwise(points):  # each segment: solid when both ends are measured
        if a.emotion is None or b.emotion is None:
            continue
        measured = isinstance(a.emotion, MeasuredEmotion) and isinstance(b.emotion, MeasuredEmotion)
        coords = [(x1, y_of(a.emotion.value)), (x2, y_of(b.emotion.value))]
        slide.line(coords, BLUE if measured else MUTED, 2.25, dash=not measured)
    values = [step.emotion.value for _, step in points if step.emotion is not None]
    for index, (x, step) in enumerate(points):
        emotion = step.emotion
        if emotion is None:
            continue
        y = y_of(emotion.value)
        if isinstance(emotion, MeasuredEmotion):
            low, high = emotion.ci95
            slide.line([(x, y_of(high)), (x, y_of(low))], BLUE, 1.25)
            label = f"{emotion.mean:.1f} (n={emotion.n})"
        else:
            label = f"≈{emotion.value:g} est."
        slide.marker(x, y, 0.06, BLUE if emotion.is_measured else MUTED, emotion.is_measured)
        neighbours = [values[i] for i in (index - 1, index + 1) if 0 <= i < len(values)]
        above = not neighbours or emotion.value >= sum(neighbours) / len(neighbours)  # a peak: label above
        label_y = y - 0.08 - label_h if above else y + 0.08
        colour = INK if emotion.is_measured else MUTED
        width = 1.1 * label_size / 8
        slide.text(x - width / 2, label_y, width, label_h, [Run(label, label_size, colour=colour)], align="center")


def _overview_slide(deck: Any, m: Map, context: RenderContext) -> None:
    slide = _Slide(deck)
    top = _title(slide, m.title, _header_lines(m, context))
    steps = m.steps
    grid_w = SLIDE_W - 2 * MARGIN - HEAD_W
    col_w = grid_w / max(len(steps), 1)
    x0 = MARGIN + HEAD_W
    moments: dict[str, list[MomentOfTruth]] = {}
    for mot in m.moments_of_truth:
        moments.setdefault(mot.step, []).append(mot)
    slide.box(MARGIN, top, HEAD_W - 0.05, 0.35, [Run("Stage", 10, bold=True)], fill="#f4f5f7", anchor="middle")
    col = 0
    for stage in m.stages:
        if not stage.steps:
            continue
        w = col_w * len(stage.steps)
        size = fit_size([stage.name], w - 0.1, 0.3, 12, 6)
        slide.box(
            x0 + col * col_w,
            top,
            w,
            0.35,
            [Run(stage.name, size, bold=True, colour="#ffffff")],
            fill=BLUE,
            line="#ffffff",
            align="center",
            anchor="middle",
        )
        col += len(stage.steps)
    step_top = top + 0.37
    step_h = 1.0 if moments else 0.7
    slide.box(MARGIN, step_top, HEAD_W - 0.05, step_h, [Run("Step", 10, bold=True)], fill="#f4f5f7", anchor="middle")
    size = min(
        (
            fit_size([s.name] + [f"★ {mot.title}" for mot in moments.get(s.id, [])], col_w - 0.12, step_h - 0.1, 11, 6)
            for s in steps
        ),
        default=11.0,
    )
    for i, step in enumerate(steps):
        x = x0 + i * col_w
        paras: list[Run] = [Run(step.name, size, bold=True)]
        paras += [Run(f"★ {mot.title}", size * 0.9, colour=ACCENT, bold=True) for mot in moments.get(step.id, [])]
        starred = step.id in moments  # a moment of truth: a gold border
        slide.box(
            x,
            step_top,
            col_w,
            step_h,
            paras,
            fill=STEP_FILL,
            line=ACCENT if starred else "#ffffff",
            line_width=2.25 if starred else 0.75,
            align="center",
        )
    chart_top = step_top + step_h + 0.1
    xs = [x0 + (i + 0.5) * col_w for i in range(len(steps))]
    if any(step.emotion is not None for step in steps):
        _emotion_band(slide, steps, xs, chart_top, min(2.6, SLIDE_H - chart_top - 0.8), MARGIN)
    legend = (
        "Emotional level 1–10: ● solid = measured (with 95 % interval), ○ dashed = estimated. "
        "★ = moment of truth. One slide per stage follows; the speaker notes give the evidence behind each number."
    )
    slide.text(MARGIN, SLIDE_H - 0.55, SLIDE_W - 2 * MARGIN, 0.35, [Run(legend, 9, italic=True, colour=MUTED)])
    slide.finish(slide_notes(m, steps))


# ---- stage slides: a stage over as many slides as its steps and lanes need at 10 pt or more -------------------


@dataclass
class _Row:
    """One row of a stage slide: a lane's cells (one list of items a step), or the emotion chart."""

    heading: str
    fill: str
    cells: list[list[CellItem]]
    number: int  # the lane's place among the stage's rows, from 1
    emotion: bool = False
    continued: bool = False  # a later part of a lane too tall for one slide
    height: float = 0.0


def _meta_size(size: float) -> float:
    return max(MIN_PT, size - 1)


def _item_runs(item: CellItem, size: float) -> list[Run | Sequence[Run]]:
    title = ("★ " if item.marker == "star" else "") + item.title
    colour = "#ffffff" if is_dark(item.fill) else INK
    paras: list[Run | Sequence[Run]] = [Run(title, size, colour=colour)]
    paras += [Run(meta, _meta_size(size), colour=colour if colour != INK else MUTED) for meta in item.meta]
    return paras


def _lines_height(lines: int, size: float) -> float:
    return lines * size * LINE_SPACING / 72


def _item_height(item: CellItem, width: float, size: float) -> float:
    """The height (in) of an item's box ``width`` wide: its wrapped text, the box's insets and a little air."""
    text_w = width - 2 * ITEM_INSET - 0.02
    title = ("★ " if item.marker == "star" else "") + item.title
    h = _lines_height(wrapped_lines(title, text_w, size), size)
    h += sum(_lines_height(wrapped_lines(meta, text_w, _meta_size(size)), _meta_size(size)) for meta in item.meta)
    return h + 2 * ITEM_INSET + 0.04


def _cell_height(items: Sequence[CellItem], col_w: float, size: float) -> float:
    inner = col_w - 2 * CELL_PAD
    return sum(_item_height(i, inner, size) for i in items) + ITEM_GAP * max(len(items) - 1, 0) + 2 * CELL_PAD


def _row_height(row: _Row, col_w: float, size: float) -> float:
    if row.emotion:
        return EMOTION_H
    heading = _lines_height(wrapped_lines(row.heading, HEAD_W - 0.17, size, bold=True), size) + 0.14
    return max(ROW_MIN, heading, *(_cell_height(items, col_w, size) for items in row.cells))


def _split_row(row: _Row, col_w: float, size: float, available: float) -> list[_Row]:
    """A row too tall for a slide as several rows, each cell's items taken in order into parts that fit."""
    inner = col_w - 2 * CELL_PAD
    columns: list[list[list[CellItem]]] = []
    for items in row.cells:
        parts: list[list[CellItem]] = [[]]
        used = 2 * CELL_PAD
        for item in items:
            need = _item_height(item, inner, size) + (ITEM_GAP if parts[-1] else 0.0)
            if parts[-1] and used + need > available:
                parts.append([])
                used = 2 * CELL_PAD
                need = _item_height(item, inner, size)
            parts[-1].append(item)
            used += need
        columns.append(parts)
    count = max(len(parts) for parts in columns)
    rows = []
    for k in range(count):
        heading = row.heading if k == 0 else f"{row.heading} (continued)"
        cells = [parts[k] if k < len(parts) else [] for parts in columns]
        part = _Row(heading, row.fill, cells, row.number, continued=k > 0)
        part.height = min(available, _row_height(part, col_w, size))
        rows.append(part)
    return rows


def _paginate(rows: Sequence[_Row], available: float) -> list[list[_Row]]:
    """``rows`` (each at most ``available`` tall) over as few slides as hold them, in order, the slides
    filled as evenly as can be (the tallest slide as short as possible)."""
    count = 1
    used = 0.0
    for row in rows:  # the fewest slides: fill each in turn
        if used and used + row.height > available:
            count += 1
            used = 0.0
        used += row.height
    n = len(rows)
    if count == 1 or n == 0:
        return [list(rows)]
    prefix = list(itertools.accumulate((r.height for r in rows), initial=0.0))
    inf = float("inf")
    # best[j][i]: the least tallest slide putting the first i rows on j slides; cut[j][i]: where the last begins
    best = [[inf] * (n + 1) for _ in range(count + 1)]
    cut = [[0] * (n + 1) for _ in range(count + 1)]
    best[0][0] = 0.0
    for j in range(1, count + 1):
        for i in range(1, n + 1):
            for k in range(j - 1, i):
                value = max(best[j - 1][k], prefix[i] - prefix[k])
                if value < best[j][i] - 1e-9:
                    best[j][i] = value
                    cut[j][i] = k
    pages: list[list[_Row]] = []
    end = n
    for j in range(count, 0, -1):
        start = cut[j][end]
        pages.append(list(rows[start:end]))
        end = start
    return pages[::-1]


def _chunks(items: Sequence[Step], most: int) -> list[list[Step]]:
    """``items`` in consecutive groups of at most ``most``, as even in size as can be."""
    count = max(1, math.ceil(len(items) / most))
    size, extra = divmod(len(items), count)
    out, start = [], 0
    for k in range(count):
        end = start + size + (1 if k < extra else 0)
        out.append(list(items[start:end]))
        start = end
    return out


def _span(word: str, first: int, last: int, total: int) -> str:
    if first == last:
        return f"{word} {first} of {total}"
    return f"{word}s {first}–{last} of {total}"


@dataclass
class _Group:
    """The steps of a stage shown side by side (all of them, or ``MAX_STEPS`` at most) and their rows."""

    stage: Stage
    steps: list[Step]
    first_step: int  # the place of the first step in the stage, from 1
    last_group: bool  # whether the stage's last steps
    rows: list[_Row]
    available: float  # the height (in) for the rows on a slide

    def pages(self, size: float) -> list[list[_Row]]:
        """The rows at card text ``size`` pt, over as few slides as hold them."""
        col_w = GRID_W / len(self.steps)
        placed: list[_Row] = []
        for row in self.rows:
            sized = replace(row, height=_row_height(row, col_w, size))
            placed += _split_row(sized, col_w, size, self.available) if sized.height > self.available else [sized]
        return _paginate(placed, self.available)


def _groups(m: Map, index: MapIndex, stage: Stage) -> list[_Group]:
    lanes = effective_lanes(m)
    groups = []
    first = 1
    step_groups = _chunks(stage.steps, MAX_STEPS)
    for number, steps in enumerate(step_groups, start=1):
        rows: list[_Row] = []
        has_emotion = any(step.emotion is not None for step in steps)
        for lane in lanes:
            if lane.kind is LaneKind.EMOTION:
                if has_emotion and not any(r.emotion for r in rows):
                    rows.append(_Row("Emotional level", "#f4f5f7", [], len(rows) + 1, emotion=True))
                continue
            cells = [cell_items(m, index, lane.kind, m.cards_at(lane, step.id), step.id) for step in steps]
            if not lane.cards and not any(cells) and lane.kind.is_structured:
                continue
            rows.append(_Row(lane.heading, lane_fill(lane.kind), cells, len(rows) + 1))
        available = SLIDE_H - BOTTOM - _stage_top(stage, steps)
        groups.append(_Group(stage, steps, first, number == len(step_groups), rows, available))
        first += len(steps)
    return groups


def _stage_slides(deck: Any, m: Map, index: MapIndex) -> None:
    """The stage slides: a stage's steps as columns (at most ``MAX_STEPS`` a slide) and its lanes as rows,
    every text at 10 pt or more; lanes that do not fit continue on the next slide (balanced over the
    fewest slides), a lane taller than a slide continues as "(continued)". The card text is the largest
    size (12, 11 or 10 pt, the same on every stage slide) that needs no more slides than 10 pt."""
    stages = [stage for stage in m.stages if stage.steps]
    by_stage = [_groups(m, index, stage) for stage in stages]
    groups = [group for stage_groups in by_stage for group in stage_groups]
    least = [len(group.pages(MIN_PT)) for group in groups]
    size = next(
        s for s in CARD_SIZES if s == MIN_PT or all(len(g.pages(s)) == n for g, n in zip(groups, least, strict=True))
    )
    for position, stage_groups in enumerate(by_stage, start=1):
        stage = stage_groups[0].stage
        planned = [(group, group.pages(size)) for group in stage_groups]
        total = sum(len(pages) for _, pages in planned)
        number = 0
        for group, pages in planned:
            for page_index, rows in enumerate(pages):
                number += 1
                labels: list[str] = []
                if len(stage_groups) > 1:
                    last_step = group.first_step + len(group.steps) - 1
                    labels.append(_span("step", group.first_step, last_step, len(stage.steps)))
                if len(pages) > 1 and rows:
                    span = _span("lane", rows[0].number, rows[-1].number, len(group.rows))
                    labels.append(span + (" (continued)" if rows[0].continued else ""))
                following = pages[page_index + 1] if page_index + 1 < len(pages) else None
                _stage_page(
                    deck,
                    m,
                    _Page(
                        group=group,
                        rows=rows,
                        size=size,
                        title=stage.name + (" — " + " · ".join(labels) if labels else ""),
                        position=position,
                        count=len(stages),
                        number=number,
                        total=total,
                        following=following,
                    ),
                )


@dataclass
class _Page:
    """One stage slide: which rows of which group, at what size, under what title."""

    group: _Group
    rows: list[_Row]
    size: float
    title: str
    position: int  # the stage's place among the stages, from 1
    count: int  # how many stages
    number: int  # the slide's place among the stage's slides, from 1
    total: int  # how many slides the stage has
    following: list[_Row] | None  # the rows of the next slide of the same steps


def _stage_top(stage: Stage, steps: Sequence[Step]) -> float:
    """Where a stage slide's rows start: below the title, the muted lines and the step headings."""
    return _subtitle_top(stage) + _step_head_height(steps) + 0.05


def _subtitle_top(stage: Stage) -> float:
    return 0.85 + _subtitle_height(stage)


def _subtitle_lines(stage: Stage, line: str) -> list[str]:
    return [line] + ([stage.description] if stage.description else [])


def _subtitle_height(stage: Stage) -> float:
    lines = _subtitle_lines(stage, "Stage 1 of 1 · slide 1 of 1 · " + "x" * 40)
    wrapped = sum(wrapped_lines(line, SLIDE_W - 2 * MARGIN - 0.06, SUBTITLE_PT) for line in lines)
    return min(MAX_SUBTITLE_H, _lines_height(wrapped, SUBTITLE_PT) + 0.08)


def _step_head_height(steps: Sequence[Step]) -> float:
    col_w = GRID_W / len(steps)
    lines = max(wrapped_lines(step.name, col_w - 0.14, STEP_PT, bold=True) for step in steps)
    return min(MAX_STEP_HEAD_H, max(0.5, _lines_height(lines, STEP_PT) + 0.14))


def _stage_page(deck: Any, m: Map, page: _Page) -> None:
    stage, steps, rows, size, title = page.group.stage, page.group.steps, page.rows, page.size, page.title
    slide = _Slide(deck)
    title_size = fit_size([title], SLIDE_W - 2 * MARGIN, 0.55, 24, 14)
    slide.text(MARGIN, 0.25, SLIDE_W - 2 * MARGIN, 0.55, [Run(title, title_size, bold=True, colour=BLUE)])
    first = f"Stage {page.position} of {page.count}"
    if page.total > 1:
        first += f" · slide {page.number} of {page.total} for this stage"
    lines = _subtitle_lines(stage, f"{first} · {m.title}")
    sub_h = _subtitle_height(stage)
    slide.box(
        MARGIN,
        0.8,
        SLIDE_W - 2 * MARGIN,
        sub_h,
        [Run(line, SUBTITLE_PT, colour=MUTED) for line in lines],
        line=None,
        margin=0.02,
        shape="text",
        shrink=sub_h >= MAX_SUBTITLE_H,
    )
    col_w = GRID_W / len(steps)
    head_top = _subtitle_top(stage)
    head_h = _step_head_height(steps)
    for i, step in enumerate(steps):
        slide.box(
            GRID_X + i * col_w,
            head_top,
            col_w,
            head_h,
            [Run(step.name, STEP_PT, bold=True)],
            fill=STEP_FILL,
            line="#ffffff",
            align="center",
            anchor="middle",
            shrink=head_h >= MAX_STEP_HEAD_H,
        )
    y = head_top + head_h + 0.05
    available = SLIDE_H - BOTTOM - y
    used = sum(row.height for row in rows)
    stretch = min(MAX_STRETCH, available / used) if used else 1.0
    for row in rows:
        h = row.height * stretch
        if row.emotion:
            xs = [GRID_X + (i + 0.5) * col_w for i in range(len(steps))]
            _emotion_band(slide, steps, xs, y, h - 0.05, MARGIN, label_size=MIN_PT)
        else:
            slide.box(MARGIN, y, HEAD_W - 0.05, h, [Run(row.heading, size, bold=True)], fill=row.fill, margin=0.07)
            for i, items in enumerate(row.cells):
                _cell(slide, GRID_X + i * col_w, y, col_w, h, items, row.fill, size)
        y += h
    group = page.group
    span = ""
    if page.following:
        span = _span("lane", page.following[0].number, page.following[-1].number, len(group.rows))
    elif not group.last_group:
        span = f"steps {group.first_step + len(group.steps)}–{len(stage.steps)} of {len(stage.steps)}"
    if span:
        slide.text(
            MARGIN,
            SLIDE_H - BOTTOM + 0.04,
            SLIDE_W - 2 * MARGIN,
            0.26,
            [Run(f"Continued on the next slide: {span}.", MIN_PT, italic=True, colour=MUTED)],
        )
    slide.finish(slide_notes(m, steps))


def _cell(
    slide: _Slide, x: float, y: float, w: float, h: float, items: Sequence[CellItem], background: str, size: float
) -> None:
    slide.box(x, y, w, h, [], fill=background, line="#ffffff")
    inner_w = w - 2 * CELL_PAD
    cursor = y + CELL_PAD
    bottom = y + h - CELL_PAD
    for item in items:
        need = _item_height(item, inner_w, size)
        fits = cursor + need <= bottom + 0.005
        ih = need if fits else max(bottom - cursor, 0.2)  # only an item taller than a whole slide is cut short
        slide.box(
            x + CELL_PAD,
            cursor,
            inner_w,
            ih,
            _item_runs(item, size),
            fill=item.fill,
            line="#9aa5b1",
            margin=ITEM_INSET,
            shrink=not fits,
            name=f"{item.kind} {item.element_id}",
        )
        cursor += ih + ITEM_GAP


def slide_notes(m: Map, steps: Sequence[Step]) -> str:
    """Speaker notes: the evidence behind each number shown for ``steps``."""
    lines = ["Evidence behind the numbers on this slide."]
    for step in steps:
        emotion = step.emotion
        if emotion is None:
            continue
        if isinstance(emotion, MeasuredEmotion):
            low, high = emotion.ci95
            when = f", computed {emotion.measured_on.isoformat()}" if emotion.measured_on else ""
            lines.append(
                f"{step.name}: emotional level measured — mean {emotion.mean:g}, n={emotion.n}, "
                f"95 % interval {low:g}–{high:g}, data set {emotion.dataset}{when}."
            )
        else:
            note = f" ({emotion.note})" if emotion.note else ""
            lines.append(f"{step.name}: emotional level estimated — {emotion.estimate:g}{note}; no measurement yet.")
    ids = {s.id for s in steps}
    for mot in m.moments_of_truth:
        if mot.step not in ids:
            continue
        text = f"Moment of truth “{mot.title}”: importance {mot.importance:g}"
        if mot.expectation is not None and mot.experience is not None:
            gap = mot.expectation - mot.experience
            text += (
                f", expectation {mot.expectation:g}, experience {mot.experience:g}, gap {gap:g}, "
                f"priority {mot.importance * gap:g} (importance × gap)"
            )
        if mot.estimated:
            text += "; basis: the team's estimate"
        elif mot.evidence:
            sources = ", ".join(e.dataset + (f" (n={e.n})" if e.n is not None else "") for e in mot.evidence)
            text += f"; basis: evidence from {sources}"
        else:
            text += "; basis: not stated"
        lines.append(text + ".")
    for vm in m.value_moments:
        if vm.step in ids:
            lines.append(
                f"Value moment “{vm.name}”: VMCE {vm.vmce:g}, VME {vm.vme:g}, VMPI {vm.vme / vm.vmce * 100:.0f} %, "
                f"weight {vm.weight}."
            )
    if len(lines) == 1:
        lines.append("No measured or estimated numbers on this slide.")
    return "\n".join(lines)


# ---- ecosystem and mental model -----------------------------------------------------------------------------


def _fit_area(width_px: float, height_px: float, top: float) -> tuple[float, float, float]:
    """Scale (in per px) and origin to fit a ``width_px`` × ``height_px`` drawing below ``top``."""
    area_w = SLIDE_W - 2 * MARGIN
    area_h = SLIDE_H - top - 0.3
    scale = min(area_w / max(width_px, 1.0), area_h / max(height_px, 1.0))
    ox = MARGIN + (area_w - width_px * scale) / 2
    return scale, ox, top


def _ecosystem_slide(deck: Any, m: Map, context: RenderContext) -> None:
    from .layout_network import layout_network

    slide = _Slide(deck)
    top = _title(slide, m.title, _header_lines(m, context))
    layout = layout_network(m)
    s, ox, oy = _fit_area(layout.width, layout.height, top)
    font = max(6.0, min(12.0, 12 * s * 96 / 1.3))
    for edge in layout.edges:
        points = [(ox + p.x * s, oy + p.y * s) for p in edge.polyline(16)]
        slide.line(points, FLOW_STROKE[edge.kind], 1.5, arrow=True)
    for node in layout.nodes:
        fill = ACTOR_FILL[node.kind]
        colour = "#ffffff" if is_dark(fill) else INK
        paras = [
            Run(" ".join(node.lines), font, bold=True, colour=colour),
            Run(node.kind_label, font * 0.8, colour=colour),
        ]
        slide.box(
            ox + node.x * s,
            oy + node.y * s,
            node.w * s,
            node.h * s,
            paras,
            fill=fill,
            line=MUTED,
            shape="round",
            align="center",
            anchor="middle",
        )
    for edge in layout.edges:
        b = edge.label_box
        paras = [Run(" ".join(edge.label_lines), font * 0.8, colour=FLOW_STROKE[edge.kind])]
        slide.box(
            ox + b.x * s,
            oy + b.y * s,
            b.w * s,
            b.h * s,
            paras,
            fill="#ffffff",
            line=None,
            align="center",
            anchor="middle",
            margin=0.01,
        )
    lines = ["Ecosystem map: actors (boxes, kind written under the name) and value flows (arrows, labelled)."]
    lines += [f"{f.source} → {f.target}: {f.label} ({f.kind.value})" for f in m.value_flows]
    slide.finish("\n".join(lines))


def _mental_slide(deck: Any, m: Map, context: RenderContext) -> None:
    from .layout_mental import layout_mental

    slide = _Slide(deck)
    top = _title(slide, m.title, _header_lines(m, context))
    layout = layout_mental(m)
    s, ox, oy = _fit_area(layout.width, layout.height, top)

    def place(b: Any) -> tuple[float, float, float, float]:
        return ox + b.x * s, oy + b.y * s, b.w * s, b.h * s

    def size(px: float) -> float:
        return max(5.5, min(12.0, px * s * 72))

    for space in layout.spaces:
        x, y, w, h = place(space.region)
        slide.box(x, y, w, h, [], fill="#f4f5f7", line=GRID)
        x, y, w, h = place(space.header.box)
        slide.box(
            x,
            y,
            w,
            h,
            [Run(" ".join(space.header.lines), size(space.header.size), bold=True, colour="#ffffff")],
            fill=BLUE,
            line=None,
            align="center",
            anchor="middle",
        )
    for tower in layout.towers:
        x, y, w, h = place(tower.name.box)
        slide.box(
            x,
            y,
            w,
            h,
            [Run(" ".join(tower.name.lines), size(tower.name.size), bold=True)],
            fill="#dde7f3",
            line=GRID,
            align="center",
            anchor="middle",
        )
        for box in tower.boxes:
            x, y, w, h = place(box.box)
            slide.box(x, y, w, h, [Run(" ".join(box.lines), size(box.size))], fill="#ffffff", line=GRID)
    slide.line(
        [(ox + layout.line_x1 * s, oy + layout.line_y * s), (ox + layout.line_x2 * s, oy + layout.line_y * s)], INK, 2.0
    )
    for support in layout.supports:
        x, y, w, h = place(support.text.box)
        paras = [Run(" ".join(support.text.lines), size(support.text.size))]
        paras += (
            [Run(" ".join(support.note), size(support.text.size) * 0.85, italic=True, colour=MUTED)]
            if support.note
            else []
        )
        slide.box(x, y, w, h, paras, fill="#e6f4ea", line=GRID)
    for gap in layout.gaps:
        x, y, w, h = place(gap.box)
        slide.box(
            x,
            y,
            w,
            h,
            [Run("gap: no support", size(10), italic=True, colour="#9b2c2c")],
            fill="#fde2e1",
            line="#9b2c2c",
            align="center",
            anchor="middle",
        )
    supported = sum(1 for t in layout.towers if t.supported)
    slide.finish(
        f"Mental model diagram: {len(layout.towers)} towers above the line, {len(m.supports)} supports below; "
        f"{supported} towers supported, {len(layout.towers) - supported} gaps."
    )
