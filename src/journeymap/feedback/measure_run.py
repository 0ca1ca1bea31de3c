"""One call from a map and a feedback input to the measured map and its suggestions (the CLI's ``feedback
measure`` and, later, the studio): read in batches, classify each batch, tally, write the measures, suggest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Problem
from ..model import Map
from .comments import Comment
from .measure import FeedbackTally, apply_measures
from .read import FeedbackReader
from .suggest import Suggestions, suggest

if TYPE_CHECKING:
    from .classify import FeedbackClassifier

__all__ = ["MeasureResult", "classified", "classifier_for", "measure_feedback"]


def classifier_for(m: Map, labels: str | Path | None = None, rules: str | Path | None = None) -> FeedbackClassifier:
    """The classifier of ``m``, trained on the confirmations in ``labels`` and with the keyword ``rules``."""
    from .classify import FeedbackClassifier, read_keyword_rules
    from .confirmations import read_confirmations

    confirmations = read_confirmations(labels) if labels else []
    keyword_rules = read_keyword_rules(rules) if rules else None
    return FeedbackClassifier.for_map(m, confirmations=confirmations, rules=keyword_rules)


def classified(reader: FeedbackReader, classifier: Any) -> Iterator[tuple[list[Comment], list[Any]]]:
    """Each batch of comments with the classifier's answers, in order."""
    for batch in reader.batches():
        yield batch, classifier.classify([c.text for c in batch])


@dataclass
class MeasureResult:
    map: Map
    suggestions: Suggestions
    tally: FeedbackTally
    problems: list[Problem]

    @property
    def measured(self) -> tuple[int, int]:
        """(steps, touchpoints) with a feedback measure from this data set."""
        dataset = self.suggestions.dataset
        steps = sum(1 for s in self.map.steps if s.feedback is not None and s.feedback.dataset == dataset)
        points = sum(1 for t in self.map.touchpoints if t.feedback is not None and t.feedback.dataset == dataset)
        return steps, points


def measure_feedback(
    m: Map,
    reader: FeedbackReader,
    classifier: Any,
    *,
    measured_on: dt.date | None = None,
    min_count: int = 3,
) -> MeasureResult:
    """Measure the feedback of ``reader`` onto ``m`` (see :mod:`.measure`) and suggest cards (see :mod:`.suggest`)."""
    day = measured_on or dt.date.today()
    tally = FeedbackTally(m)
    for comments, answers in classified(reader, classifier):
        tally.add(comments, answers)
    dataset = reader.dataset
    measured = apply_measures(m, tally, dataset, day)
    found = suggest(measured, tally, reader.incidents, dataset, day, min_count, classifier)
    return MeasureResult(measured, found, tally, [*reader.problems(), *tally.problems(str(reader.path))])
