"""The Markdown page's "Voice of the customer" table: a row a step with measured feedback — comments, the share
negative with its 95 % interval, the top themes and the best quote with its source row."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..model import Map
from .feedback_view import best_quotes, quote_source, share_text, shorten, step_voices, themes_text

__all__ = ["QUOTE_CHARS", "voice_lines"]

QUOTE_CHARS = 160


def voice_lines(m: Map, md: Callable[[str], str]) -> Iterator[str]:
    """The heading and table (``md`` escapes a cell's text); nothing when no step has feedback."""
    voices = step_voices(m)
    if not voices:
        return
    yield ""
    yield "## Voice of the customer"
    yield ""
    yield "| Step | Comments | Share negative (95 % interval) | Top themes | Best quote |"
    yield "| --- | ---: | --- | --- | --- |"
    for v in voices:
        fm = v.measure
        quote = next(iter(best_quotes(fm, 1)), None)
        said = f"“{md(shorten(quote.text, QUOTE_CHARS))}” ({md(quote_source(quote))})" if quote else ""
        yield f"| {md(v.step.name)} | {fm.comments} | {md(share_text(fm))} | {md(themes_text(fm, 3))} | {said} |"
