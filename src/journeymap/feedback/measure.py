"""Measuring feedback onto a map: per step and touchpoint, the number of comments, the share negative with its
Wilson 95 % interval, the top themes with counts and a few representative quotes (``feedback measure``).

Comments stream through :class:`FeedbackTally` a batch at a time with their classifications; what it keeps is
bounded whatever the input's size (counters, a few quote candidates per element and sentiment, phrase counts),
so a million comments need no more memory than a thousand. A comment counts for the element it is about and, when
that is a touchpoint, for the touchpoint's step too (a step is the column of everything that happens in it).

The element is the input's own ``--element`` column when it names a step or touchpoint of the map (by id, or by
name ignoring case), else the classifier's answer; a value naming nothing on the map is counted in a warning
(JE224). Interviewers' turns in interview notes are not the customer's voice: they are left out.

Representative quotes (:func:`pick_quotes`): the best negative, the best positive, then the best of the rest, where
"best" is the classifier's confidence (element score × sentiment score) with a penalty for a text shorter than 30
or longer than 240 characters; a quote that shares more than 60 % of its words with one already chosen is passed
over, and a text longer than 280 characters is cut at a word with "…".
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..errors import Problem, Severity
from ..model import FeedbackMeasure, FeedbackQuote, FeedbackTheme, Map
from .comments import Comment
from .notes import is_interviewer
from .suggest_phrases import pain_phrases
from .wilson import wilson_interval

__all__ = ["Answer", "Candidate", "FeedbackTally", "apply_measures", "pick_quotes", "shorten"]

QUOTES = 3
THEMES = 5
KEEP = 12
"""Quote candidates kept per element and sentiment while streaming."""
_WORD = re.compile(r"[a-z0-9']+")
_order = itertools.count()


class Answer(Protocol):
    """What the classifier says of one comment (``journeymap.feedback.classify.Classification``)."""

    @property
    def element(self) -> str | None: ...
    @property
    def element_score(self) -> float: ...
    @property
    def sentiment(self) -> str: ...
    @property
    def sentiment_score(self) -> float: ...
    @property
    def themes(self) -> tuple[str, ...]: ...


@dataclass(frozen=True, slots=True)
class Candidate:
    """A comment that may be quoted, with its quality."""

    quality: float
    comment: Comment
    sentiment: str

    def quote(self) -> FeedbackQuote:
        c = self.comment
        return FeedbackQuote(text=shorten(c.text), source=c.source, row=c.row, line=c.line, date=c.date,
                             sentiment=self.sentiment, unit=c.unit or "")  # fmt: skip


def shorten(text: str, limit: int = 280) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.- ")
    return cut + "…"


def _quality(comment: Comment, answer: Answer) -> float:
    size = len(comment.text)
    fit = 1.0 if 30 <= size <= 240 else 0.5 if size < 30 else 0.7
    return max(answer.element_score, 0.05) * answer.sentiment_score * fit


@dataclass
class Tally:
    """What one element's comments add up to so far."""

    comments: int = 0
    negative: int = 0
    themes: Counter[str] = field(default_factory=Counter)
    candidates: dict[str, list[tuple[float, int, Candidate]]] = field(default_factory=dict)
    phrases: Counter[str] = field(default_factory=Counter)
    wording: dict[str, Counter[str]] = field(default_factory=dict)
    phrase_quotes: dict[str, list[Candidate]] = field(default_factory=dict)
    negative_themes: Counter[str] = field(default_factory=Counter)
    theme_quotes: dict[str, list[Candidate]] = field(default_factory=dict)

    def add(self, comment: Comment, answer: Answer) -> None:
        self.comments += 1
        self.themes.update(set(answer.themes))
        candidate = Candidate(_quality(comment, answer), comment, answer.sentiment)
        heap = self.candidates.setdefault(answer.sentiment, [])
        item = (candidate.quality, next(_order), candidate)
        if len(heap) < KEEP:
            heapq.heappush(heap, item)
        elif item[0] > heap[0][0]:
            heapq.heapreplace(heap, item)
        if answer.sentiment != "negative":
            return
        self.negative += 1
        for key, words in pain_phrases(comment.text).items():
            self.phrases[key] += 1
            self.wording.setdefault(key, Counter())[words] += 1
            _keep_best(self.phrase_quotes.setdefault(key, []), candidate)
        for theme in set(answer.themes):
            self.negative_themes[theme] += 1
            _keep_best(self.theme_quotes.setdefault(theme, []), candidate)

    def measure(self, dataset: str, measured_on: dt.date) -> FeedbackMeasure:
        low, high = wilson_interval(self.negative, self.comments)
        share = self.negative / self.comments
        return FeedbackMeasure(
            comments=self.comments,
            negative=self.negative,
            share_negative=round(share, 4),
            ci95=(round(low, 4), round(high, 4)),
            themes=[FeedbackTheme(theme=t, count=n) for t, n in self.themes.most_common(THEMES)],
            quotes=pick_quotes(self.candidates),
            dataset=dataset,
            measured_on=measured_on,
        )


def _keep_best(quotes: list[Candidate], candidate: Candidate) -> None:
    """Keep the :data:`QUOTES` best candidates in ``quotes`` (best first)."""
    quotes.append(candidate)
    quotes.sort(key=lambda c: -c.quality)
    del quotes[QUOTES:]


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def pick_quotes(candidates: dict[str, list[tuple[float, int, Candidate]]], count: int = QUOTES) -> list[FeedbackQuote]:
    """Up to ``count`` varied quotes: the best negative, the best positive, then the best of the rest."""
    ranked = {
        s: [c for _, _, c in sorted(heap, key=lambda item: (-item[0], item[1]))] for s, heap in candidates.items()
    }
    rest = sorted((c for group in ranked.values() for c in group), key=lambda c: -c.quality)
    order = [*ranked.get("negative", [])[:1], *ranked.get("positive", [])[:1], *rest]
    chosen: list[Candidate] = []
    for candidate in order:
        if len(chosen) >= count:
            break
        words = _words(candidate.comment.text)
        if any(candidate is c or _overlap(words, _words(c.comment.text)) > 0.6 for c in chosen):
            continue
        chosen.append(candidate)
    return [c.quote() for c in chosen]


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / max(1, min(len(a), len(b)))


@dataclass
class FeedbackTally:
    """The tallies of every step and touchpoint of a map, fed batch by batch."""

    map: Map
    tallies: dict[str, Tally] = field(default_factory=dict)
    unplaced: int = 0
    left_out: int = 0
    unknown: Counter[str] = field(default_factory=Counter)
    note_elements: dict[tuple[str, int], str] = field(default_factory=dict)
    """The element of each unit of interview notes, by (file, unit): where their incidents belong."""
    note_themes: dict[tuple[str, int], tuple[str, ...]] = field(default_factory=dict)
    sentiments: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self._step_of = {t.id: t.step for t in self.map.touchpoints}
        self._known = {s.id for s in self.map.steps} | set(self._step_of)
        names = [(s.name, s.id) for s in self.map.steps] + [(t.name, t.id) for t in self.map.touchpoints]
        self._by_name = {name.strip().lower(): ident for name, ident in names}

    def names_element(self, value: str) -> bool:
        """Whether ``value`` (an input's element column) names a step or touchpoint, by id or by name."""
        return value in self._known or value.strip().lower() in self._by_name

    def element_of(self, comment: Comment, answer: Answer) -> str | None:
        given = comment.element
        if given is not None:
            if given in self._known:
                return given
            if given.strip().lower() in self._by_name:
                return self._by_name[given.strip().lower()]
            self.unknown[given] += 1
        return answer.element if answer.element in self._known else None

    def add(self, comments: Sequence[Comment], answers: Sequence[Any]) -> None:
        for comment, answer in zip(comments, answers, strict=True):
            if is_interviewer(comment.speaker):
                self.left_out += 1
                continue
            self.sentiments[answer.sentiment] += 1
            element = self.element_of(comment, answer)
            if element is None:
                self.unplaced += 1
                continue
            if comment.unit is not None:
                self.note_elements[(comment.source, comment.row)] = element
                self.note_themes[(comment.source, comment.row)] = tuple(answer.themes)
            self.tallies.setdefault(element, Tally()).add(comment, answer)
            step = self._step_of.get(element)
            if step is not None:
                self.tallies.setdefault(step, Tally()).add(comment, answer)

    def step_of(self, element: str) -> str:
        return self._step_of.get(element, element)

    def problems(self, source: str) -> list[Problem]:
        if not self.unknown:
            return []
        shown = ", ".join(repr(v) for v, _ in self.unknown.most_common(5))
        count = sum(self.unknown.values())
        message = f"{count:,} comments name an element that is not a step or touchpoint of the map: {shown}"
        hint = "they were placed by the classifier instead; use step or touchpoint ids (or names) in the column"
        return [Problem("JE224", source, message, hint, Severity.WARNING)]


def apply_measures(m: Map, tally: FeedbackTally, dataset: str, measured_on: dt.date) -> Map:
    """A copy of ``m`` with ``feedback`` written on every step and touchpoint the comments are about; an element
    with no comment this time loses a measure taken from the same data set (others are kept)."""
    out = m.model_copy(deep=True)
    elements: list[Any] = [*out.steps, *out.touchpoints]
    for element in elements:
        found = tally.tallies.get(element.id)
        if found is not None and found.comments:
            element.feedback = found.measure(dataset, measured_on)
        elif element.feedback is not None and element.feedback.dataset == dataset:
            element.feedback = None
    return out
