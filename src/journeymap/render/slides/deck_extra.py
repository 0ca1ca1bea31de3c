"""The slides of a deck around the map itself: the title slide, the persona, the value moments (expectation and
experience side by side), the moments of truth and the opportunities — every text at 10 pt or more."""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from typing import Any

from ...analysis.value_moments import vmpi, vmpi_band
from ...model import DEFAULT_VMPI_BANDS, Map, MomentOfTruth, Persona, VmpiBand
from ...model.emotion import rounded
from ..header import subtitle
from ..persona_card import picture_data_uri
from ..registry import RenderContext
from ..theme import ACCENT, INK, MUTED
from .notes import slide_notes
from .shapes import BLUE, MARGIN, MIN_PT, SLIDE_H, SLIDE_W, STEP_FILL, Run, _Slide, fit_size, wrapped_lines

PT = 72.0
WIDTH = SLIDE_W - 2 * MARGIN
BODY_PT = 12.0
EXPECTED = "#9aa5b1"


def _heading(slide: _Slide, title: str, line: str) -> float:
    size = fit_size([title], WIDTH, 0.55, 28, 16)
    slide.text(MARGIN, 0.3, WIDTH, 0.6, [Run(title, size, bold=True, colour=BLUE)])
    slide.text(MARGIN, 0.9, WIDTH, 0.32, [Run(line, 11, colour=MUTED)])
    return 1.3


def _para_h(runs: Sequence[Run], width: float) -> float:
    return sum(wrapped_lines(r.text, width - 0.1, r.size, r.bold) * r.size * 1.2 / PT for r in runs) + 0.12


def title_slide(deck: Any, m: Map, context: RenderContext) -> None:
    """The first slide: the map's title, what kind of map it is, whose experience, why and from where to where."""
    slide = _Slide(deck)
    size = next((s for s in (36.0, 32.0, 28.0, 24.0) if wrapped_lines(m.title, WIDTH - 0.1, s, True) <= 2), 20.0)
    title_h = wrapped_lines(m.title, WIDTH - 0.1, size, True) * size * 1.2 / PT + 0.1
    slide.text(MARGIN, 3.1 - title_h, WIDTH, title_h, [Run(m.title, size, bold=True, colour=BLUE)])
    slide.box(0, 0, SLIDE_W, 0.25, [], fill=BLUE, line=None)
    runs = [Run(subtitle(m, context), 16, colour=INK)]
    if m.description:
        runs.append(Run(m.description, fit_size([m.description], WIDTH, 1.4, 14, MIN_PT), colour=MUTED))
    if m.scope.purpose:
        runs.append(Run(f"Purpose: {m.scope.purpose}", 12, colour=INK))
    if m.scope.start or m.scope.end:
        runs.append(Run(f"From “{m.scope.start or '?'}” to “{m.scope.end or '?'}”", 12, colour=INK))
    slide.text(MARGIN, 3.2, WIDTH, SLIDE_H - 3.7, runs)
    slide.finish(f"{m.title}. Speaker notes on each slide give the evidence behind its numbers.")


def persona_slide(deck: Any, m: Map, context: RenderContext) -> None:
    """The persona whose experience the map tells: name, segment, quote, goals, needs and frustrations."""
    persona = context.persona(m)
    if persona is None:
        return
    slide = _Slide(deck)
    share = f" · {persona.share:.0%} of {persona.population}" if persona.share is not None else ""
    top = _heading(slide, persona.name, f"Persona{' · ' + persona.segment if persona.segment else ''}{share}")
    y = top
    if persona.quote:
        quote = [Run(f"“{persona.quote}”", fit_size([persona.quote], WIDTH - 0.3, 0.9, 18, 12), italic=True)]
        h = _para_h(quote, WIDTH - 0.3) + 0.15
        slide.box(MARGIN, y, WIDTH, h, quote, fill="#f4f5f7", line=None, margin=0.15)
        y += h + 0.15
    if persona.description:
        runs = [Run(persona.description, BODY_PT, colour=MUTED)]
        h = _para_h(runs, WIDTH)
        slide.text(MARGIN, y, WIDTH, h, runs)
        y += h + 0.1
    columns = [
        (t, items)
        for t, items in (("Goals", persona.goals), ("Needs", persona.needs), ("Frustrations", persona.frustrations))
        if items
    ]
    if columns:
        w = (WIDTH - 0.2 * (len(columns) - 1)) / len(columns)
        texts = [item for _, items in columns for item in items]
        size = fit_size(texts, w, max(0.5, SLIDE_H - y - 0.9) / max(len(c[1]) for c in columns), BODY_PT + 2, MIN_PT)
        for i, (title, items) in enumerate(columns):
            runs = [Run(title, 14, bold=True, colour=BLUE)] + [Run(f"• {item}", size) for item in items]
            slide.box(MARGIN + i * (w + 0.2), y, w, SLIDE_H - y - 0.4, runs, fill=STEP_FILL, line=None, margin=0.1)
    slide.finish(f"Persona: {persona.name}. {persona.description}".strip())
    _persona_picture(slide, persona, context)


def _persona_picture(slide: _Slide, persona: Persona, context: RenderContext) -> None:
    """The persona's picture (a PNG or JPEG inside the workspace, see :mod:`..persona_card`) at the top right,
    when the name leaves room for it."""
    uri = picture_data_uri(context.root, persona) if persona.picture.strip() else ""
    size = fit_size([persona.name], WIDTH, 0.55, 28, 16)
    if not uri or wrapped_lines(persona.name, WIDTH - 1.3, size, True) > 1:
        return
    from pptx.util import Inches

    data = io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))
    slide.slide.shapes.add_picture(data, Inches(SLIDE_W - MARGIN - 0.9), Inches(0.3), Inches(0.9), Inches(0.9))


def value_moments_slides(deck: Any, m: Map, bands: Sequence[VmpiBand] = DEFAULT_VMPI_BANDS) -> None:
    """Each value moment's expectation (VMCE) and experience (VME) as two bars side by side on one 0–10 scale,
    with VMPI = VME / VMCE, eight moments a slide in the map's order."""
    if not m.value_moments:
        return
    order = {step.id: i for i, step in enumerate(m.steps)}
    names = {step.id: step.name for step in m.steps}
    moments = sorted(m.value_moments, key=lambda vm: order.get(vm.step, len(order)))
    per = 7
    pages = [moments[i : i + per] for i in range(0, len(moments), per)]
    label_w, bar_x, bar_w = 3.6, MARGIN + 3.8, 5.6
    for number, page in enumerate(pages, start=1):
        slide = _Slide(deck)
        more = f" · slide {number} of {len(pages)}" if len(pages) > 1 else ""
        top = _heading(slide, "Value moments: expectation and experience", f"{m.title}{more}")
        legend = [Run("▬ grey: expected (VMCE)   ▬ coloured: experienced (VME), by VMPI band   scale 0–10", 11)]
        slide.text(bar_x, top - 0.05, bar_w + 2, 0.3, legend)
        row_h = (SLIDE_H - top - 0.5) / per
        for k, vm in enumerate(page):
            y = top + 0.3 + k * row_h
            name = [Run(vm.name, fit_size([vm.name], label_w, row_h * 0.55, 13, MIN_PT), bold=True)]
            name.append(Run(f"{names.get(vm.step, vm.step)} · weight {vm.weight}", MIN_PT, colour=MUTED))
            slide.text(MARGIN, y, label_w, row_h - 0.05, name)
            band = vmpi_band(vmpi(vm), bands)
            bar_h = (row_h - 0.15) / 2
            for j, (value, colour, word) in enumerate(((vm.vmce, EXPECTED, "VMCE"), (vm.vme, band.colour, "VME"))):
                by = y + j * bar_h
                slide.box(bar_x, by, max(0.02, bar_w * value / 10), bar_h - 0.03, [], fill=colour, line=None)
                text = [Run(f"{word} {value:g}", MIN_PT, colour=INK)]
                slide.text(bar_x + bar_w * value / 10 + 0.05, by, 1.2, bar_h, text)
            pct = [Run(f"VMPI {vmpi(vm):.0f} %", 13, bold=True), Run(band.label, MIN_PT, colour=MUTED)]
            slide.text(bar_x + bar_w + 0.95, y, SLIDE_W - MARGIN - bar_x - bar_w - 0.95, row_h, pct)
        slide.finish(slide_notes(m, [s for s in m.steps if s.id in {vm.step for vm in page}]))


def _table_slides(
    deck: Any, m: Map, title: str, headers: Sequence[str], widths: Sequence[float], rows: Sequence[Sequence[str]]
) -> None:
    """Rows of text under ``headers`` (column ``widths`` in inches), at 11 pt, over as many slides as they need."""
    size = 11.0
    pages: list[list[Sequence[str]]] = [[]]
    used = 0.0
    top = 1.3 + 0.4
    heights = [max(_para_h([Run(c, size)], w) for c, w in zip(row, widths, strict=True)) for row in rows]
    for row, h in zip(rows, heights, strict=True):
        if pages[-1] and used + h > SLIDE_H - top - 0.35:
            pages.append([])
            used = 0.0
        pages[-1].append(row)
        used += h
    for number, page in enumerate(pages, start=1):
        slide = _Slide(deck)
        more = f" · slide {number} of {len(pages)}" if len(pages) > 1 else ""
        _heading(slide, title, f"{m.title}{more}")
        x = MARGIN
        for header, w in zip(headers, widths, strict=True):
            head = [Run(header, MIN_PT, bold=True, colour="#ffffff")]
            slide.box(x, 1.3, w, 0.38, head, fill=BLUE, line="#ffffff", anchor="middle")
            x += w
        y = top
        for k, row in enumerate(page):
            h = max(_para_h([Run(c, size)], w) for c, w in zip(row, widths, strict=True))
            x = MARGIN
            for c, (cell, w) in enumerate(zip(row, widths, strict=True)):
                run = Run(cell, size, bold=c == 0, colour=ACCENT if c == 0 and title.startswith("Moments") else INK)
                slide.box(x, y, w, h, [run], fill=STEP_FILL if k % 2 == 0 else "#ffffff", line="#ffffff")
                x += w
            y += h
        slide.finish(f"{title}: {len(rows)} in all, in order of priority.")


def _basis(mot: MomentOfTruth) -> str:
    if mot.estimated:
        return "team's estimate"
    if mot.evidence:
        return "evidence: " + ", ".join(e.dataset + (f" (n={e.n})" if e.n is not None else "") for e in mot.evidence)
    return "not stated"


def moments_slides(deck: Any, m: Map) -> None:
    """The moments of truth, highest priority (importance × gap) first."""
    if not m.moments_of_truth:
        return
    names = {step.id: step.name for step in m.steps}

    def priority(mot: MomentOfTruth) -> float:
        if mot.expectation is None or mot.experience is None:
            return -1.0
        return mot.importance * (mot.expectation - mot.experience)

    rows = []
    for mot in sorted(m.moments_of_truth, key=lambda x: (-priority(x), x.title)):
        scored = mot.expectation is not None and mot.experience is not None
        gap = f"{mot.expectation:g} → {mot.experience:g} (gap {mot.expectation - mot.experience:g})" if scored else "—"  # type: ignore[operator]
        rows.append(
            [
                f"★ {mot.title}",
                names.get(mot.step, mot.step),
                f"{mot.importance:g}",
                gap,
                rounded(priority(mot)) if scored else "—",
                _basis(mot),
            ]
        )
    headers = ("Moment of truth", "Step", "Importance", "Expected → got", "Priority", "Basis")
    _table_slides(deck, m, "Moments of truth", headers, (3.8, 2.2, 1.1, 2.0, 1.0, 2.43), rows)


def opportunity_slides(deck: Any, m: Map) -> None:
    """The opportunities, highest score first: what to change, how might we, where."""
    if not m.opportunities:
        return
    names = {step.id: step.name for step in m.steps}
    ranked = sorted(m.opportunities, key=lambda o: (-(o.score if o.score is not None else -1.0), o.text))
    rows = [
        [
            o.text,
            o.how_might_we or "—",
            ", ".join(names.get(s, s) for s in o.steps) or "—",
            f"{o.score:g}" if o.score is not None else "—",
        ]
        for o in ranked
    ]
    _table_slides(
        deck, m, "Opportunities", ("Opportunity", "How might we …?", "Steps", "Score"), (4.4, 4.6, 2.6, 0.93), rows
    )
