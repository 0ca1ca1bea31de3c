"""Where a critical incident belongs on the map, and how its three answers read as cards.

**Placing** (:func:`place_incident`): each element of the map gets a score from three pieces of evidence, and the
incident goes to the best-scored one —

* the classifier over the incident's *what happened* text, and over the whole incident (the label-free scores of
  :meth:`FeedbackClassifier.element_scores`, each scaled by its best so the two weigh alike);
* the interview's own units: the share of the incident's answers the classifier placed at each element (what was
  placed while measuring, :attr:`FeedbackTally.note_elements`);

a touchpoint's score also counts for its step, so evidence split between a step and its touchpoints adds up; the
incident is then placed on the best step's best touchpoint when that touchpoint scores at least as much as the
step itself (:data:`TOUCHPOINT_SHARE`), else on the step. Without a classifier (the studio's view) the units'
shares decide alone.

**Reading** (:func:`incident_texts`): *what happened* → the pain point, the verb phrase of the answer that the
whole incident is most about, in the customer's words (:func:`central_pain`); *how it felt* → the
feeling, its first clause; *what should have happened* → the desired outcome, its first clause.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from .measure import FeedbackTally
from .notes import Incident
from .suggest_phrases import as_gerund, lints_as_pain
from .suggest_verbs import verb_phrases

__all__ = ["WEIGHTS", "central_pain", "first_clause", "incident_texts", "place_incident"]

WEIGHTS = {"happened": 1.0, "whole": 0.5, "units": 1.0}
"""How much each piece of evidence weighs (see the module docstring)."""
UNDERGONE = 3
"""What a phrase of something done to the customer ("being told …") adds to its score in :func:`central_pain`."""
TOUCHPOINT_SHARE = 1.0
"""A touchpoint is chosen over its step when its score is at least this share of the step's own."""


def _classifier_scores(classifier: Any, incident: Incident) -> dict[str, float]:
    if classifier is None or not hasattr(classifier, "element_scores"):
        return {}
    whole = " ".join(t for t in (incident.happened, incident.felt, incident.should) if t)
    texts = [incident.happened or whole, whole]
    scores = classifier.element_scores(texts)
    ids = list(classifier.index.ids)
    out: dict[str, float] = {}
    for row, weight in zip(scores, (WEIGHTS["happened"], WEIGHTS["whole"]), strict=True):
        best = float(max(row.max(), 1e-9))
        for element, value in zip(ids, row.tolist(), strict=True):
            out[element] = out.get(element, 0.0) + weight * max(float(value), 0.0) / best
    return out


def _unit_scores(tally: FeedbackTally, incident: Incident) -> dict[str, float]:
    rows = [row for row, _ in incident.parts] or list(incident.rows)
    said_at = Counter(tally.note_elements.get((incident.source, row)) for row in rows)
    said_at.pop(None, None)
    total = sum(said_at.values())
    return {str(e): WEIGHTS["units"] * n / total for e, n in said_at.items()} if total else {}


def place_incident(tally: FeedbackTally, incident: Incident, classifier: Any = None) -> str | None:
    """The step or touchpoint the incident is about (see the module docstring); None when nothing points anywhere."""
    scores: Counter[str] = Counter()
    for found in (_classifier_scores(classifier, incident), _unit_scores(tally, incident)):
        scores.update(found)
    scores = Counter({e: v for e, v in scores.items() if v > 0 and tally.names_element(e)})
    if not scores:
        return None
    by_step: Counter[str] = Counter()
    for element, value in scores.items():
        by_step[tally.step_of(element)] += value
    step = by_step.most_common(1)[0][0]
    points = [(v, e) for e, v in scores.items() if e != step and tally.step_of(e) == step]
    if points and max(points)[0] >= TOUCHPOINT_SHARE * scores.get(step, 0.0):
        return max(points)[1]
    return step


def first_clause(text: str, limit: int = 100) -> str:
    first = re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0]
    if len(first) > limit:
        first = first[: limit - 1].rsplit(" ", 1)[0] + "…"
    return first[:1].upper() + first[1:]


def central_pain(incident: Incident) -> str:
    """The pain point of an incident: of the verb phrases of *what happened* that JL104 accepts, the one whose
    object the whole incident mentions most (a phrase of something done to the customer — "being asked …",
    "having … rejected", "having to …" — counts :data:`UNDERGONE` more); the first on a tie; else :func:`as_gerund`."""
    whole = " ".join((incident.happened, incident.felt, incident.should)).lower()
    best: tuple[int, str] | None = None
    for phrase in verb_phrases(incident.happened):
        text = phrase.words[:1].upper() + phrase.words[1:]
        if not lints_as_pain(text):
            continue
        stem = phrase.head[:4] if len(phrase.head) >= 4 else ""
        score = (whole.count(stem) if stem else 0) + UNDERGONE * phrase.words.startswith(("being ", "having ", "not "))
        if best is None or score > best[0]:
            best = (score, text)
    return best[1] if best else as_gerund(incident.happened)


def incident_texts(incident: Incident) -> list[tuple[str, str, str]]:
    """(kind, card text, the answer it comes from) for each question the incident answers."""
    out = []
    if incident.happened:
        out.append(("pain-point", central_pain(incident), incident.happened))
    if incident.felt:
        out.append(("feeling", first_clause(incident.felt), incident.felt))
    if incident.should:
        out.append(("desired-outcome", first_clause(incident.should), incident.should))
    return out
