"""The ``↳ sub-journey: <title>`` line of a stage slide's step header (see :mod:`..sub_journeys`)."""

from __future__ import annotations

from collections.abc import Sequence

from ...model import Step
from ..registry import RenderContext
from ..sub_journeys import LINK_COLOUR, sub_journey_text
from .shapes import MIN_PT, Run, wrapped_lines

__all__ = ["header_runs", "sub_journey_lines"]


def header_runs(step: Step, context: RenderContext | None, name: Run) -> list[Run]:
    """The step header's paragraphs: its name, then the sub-journey it opens (if any) in the colour of links."""
    text = sub_journey_text(step, context) if context is not None else None
    return [name] if text is None else [name, Run(text, MIN_PT, colour=LINK_COLOUR)]


def sub_journey_lines(steps: Sequence[Step], context: RenderContext | None, width: float) -> int:
    """The most lines a sub-journey line takes in the step headers ``width`` wide (0 when no step opens one)."""
    if context is None:
        return 0
    texts = [sub_journey_text(step, context) for step in steps]
    return max((wrapped_lines(text, width, MIN_PT) for text in texts if text), default=0)
