"""Suggestions from feedback — pain points, feelings and desired outcomes — kept apart from the map until a person
accepts them (``feedback measure`` writes them, ``feedback accept`` turns the chosen ones into cards).

* **Pain points** from negative comments: per step, the verb phrases its negative comments share, in the
  customers' own words made gerunds ("Chasing the helpline for an update", :mod:`.suggest_verbs`), grouped by verb
  and object and chosen by :func:`~.suggest_phrases.choose_pains` — said by at least ``min_count`` comments, the
  most frequent first, at most three a step, each passing the lint's pain-point rule (JL104) — with its count (the
  negative comments that say it) and up to three of those comments as quotes. A step whose comments share no
  phrase gets no suggestion; a phrase already written on a pain-point card of the step is not suggested again.
* **Critical incidents** in interview notes: *what happened* → a pain point (its first verb phrase JL104 accepts,
  else its first clause), *how it felt* → a feeling, *what should have happened* → a desired outcome, at the step
  or touchpoint :func:`~.suggest_incidents.place_incident` finds from the classifier's scores of the incident's
  text and where its answers were placed.

The suggestions file is YAML (``journeymap-suggestions: 1``, the map's id, the data set, the date and the list);
:func:`accept` adds a card to the lane of each accepted suggestion's kind (the lane is made when the map has none),
with its quotes as evidence links.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Problem, ProblemsError
from ..model import Card, EvidenceRef, FeedbackQuote, Lane, LaneKind, Map, slugify
from .measure import QUOTES, FeedbackTally, Tally, shorten
from .notes import Incident
from .suggest_incidents import incident_texts, place_incident
from .suggest_phrases import ANY, choose_pains

__all__ = ["KINDS", "Suggestion", "Suggestions", "accept", "read_suggestions", "suggest", "write_suggestions"]

KINDS = {"pain-point": LaneKind.PAIN_POINTS, "feeling": LaneKind.FEELINGS, "desired-outcome": LaneKind.DESIRED_OUTCOMES}
PER_ELEMENT = 3
VERSION = 1


@dataclass
class Suggestion:
    """One suggested card: its kind, the step (and element) it belongs to, its words, how many comments say it."""

    id: str
    kind: str
    step: str
    element: str
    text: str
    count: int
    quotes: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Suggestions:
    map: str
    dataset: str
    measured_on: dt.date
    items: list[Suggestion]

    def to_data(self) -> dict[str, Any]:
        return {
            "journeymap-suggestions": VERSION,
            "map": self.map,
            "dataset": self.dataset,
            "measured_on": self.measured_on.isoformat(),
            "suggestions": [asdict(item) for item in self.items],
        }


def _quote_data(quote: FeedbackQuote) -> dict[str, Any]:
    data = quote.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    return {"text": quote.text, "sentiment": quote.sentiment, **data}


def _existing(m: Map) -> set[tuple[str, str]]:
    """(step, lower-case text) of the cards already in the pain-point, feeling and desired-outcome lanes."""
    return {
        (card.step, card.text.strip().lower()) for lane in m.lanes if lane.kind in KINDS.values() for card in lane.cards
    }


def _element_suggestions(tally: Tally, min_count: int) -> list[tuple[str, int, list[Any]]]:
    """The phrases several negative comments share, in the customers' own words (:func:`choose_pains`), at most
    :data:`PER_ELEMENT`, each with its count and the best quotes of the comments that say it."""
    chosen = choose_pains(tally.phrases, tally.wording, min_count, PER_ELEMENT)
    return [(name, tally.phrases[key], _quotes(tally, key, name)) for key, name in chosen]


def _quotes(tally: Tally, key: str, name: str) -> list[Any]:
    """The best quotes of a group; for a verb's whole group, those of its objects the name says ("Uploading the
    payslip and bank statements": comments about payslips and statements), so the quotes show the words."""
    verb, _, head = key.partition("|")
    named = [k for k in tally.phrases if k.startswith(f"{verb}|") and k != key and k.partition("|")[2] in name.lower()]
    pool = [c for k in named for c in tally.phrase_quotes.get(k, [])] if head == ANY else []
    chosen: list[Any] = []
    for candidate in sorted(pool, key=lambda c: -c.quality) or list(tally.phrase_quotes.get(key, [])):
        where = (candidate.comment.source, candidate.comment.row)
        if all((c.comment.source, c.comment.row) != where for c in chosen) and len(chosen) < QUOTES:
            chosen.append(candidate)
    return chosen


def suggest(
    m: Map,
    tally: FeedbackTally,
    incidents: Sequence[Incident],
    dataset: str,
    measured_on: dt.date,
    min_count: int = 3,
    classifier: Any = None,
) -> Suggestions:
    """The suggestions of measured feedback (see the module docstring), with stable ids; ``classifier`` (the one
    that measured the feedback) helps place incidents (:func:`place_incident`)."""
    seen = _existing(m)
    items: list[Suggestion] = []
    used: set[str] = set()

    def add(kind: str, element: str, text: str, count: int, quotes: list[dict[str, Any]]) -> None:
        step = tally.step_of(element)
        if (step, text.strip().lower()) in seen or not text.strip():
            return
        seen.add((step, text.strip().lower()))
        base = f"{kind}-{element}-{slugify(text, 'item')}"[:80]
        ident = base
        for number in range(2, 10_000):
            if ident not in used:
                break
            ident = f"{base}-{number}"
        used.add(ident)
        items.append(Suggestion(ident, kind, step, element, text, count, quotes))

    names = {step.id: step.name for step in m.steps}
    for element, found in tally.tallies.items():
        if element not in names:  # a touchpoint: its step's tally already holds its comments
            continue
        for text, count, candidates in _element_suggestions(found, min_count):
            add("pain-point", element, text, count, [_quote_data(c.quote()) for c in candidates])
    for incident in incidents:
        placed = place_incident(tally, incident, classifier)
        if placed is None:
            continue
        where = {"source": incident.source, "row": incident.rows[0] if incident.rows else 1, "line": incident.line}
        for kind, text, said in incident_texts(incident):
            add(kind, placed, text, 1, [{"text": shorten(said), "sentiment": "negative", **where}])
    items.sort(key=lambda s: (-s.count, s.kind, s.id))
    return Suggestions(m.id, dataset, measured_on, items)


def write_suggestions(path: str | Path, found: Suggestions) -> None:
    """Write the suggestions file atomically."""
    from ..files.atomic import write_text_atomic
    from ..files.dump import dump_yaml

    write_text_atomic(path, dump_yaml(found.to_data()))


def read_suggestions(path: str | Path) -> Suggestions:
    """The suggestions of a file written by :func:`write_suggestions`; JE225 when it is not one."""
    from ..files.document import parse_yaml_data
    from ..files.file_text import read_text
    from ..files.loader import plain

    shown = str(path)
    data = plain(parse_yaml_data(read_text(Path(path), shown), shown))
    if not isinstance(data, dict) or data.get("journeymap-suggestions") != VERSION:
        hint = "give the file 'journeymap feedback measure' wrote (--suggestions)"
        raise ProblemsError([Problem("JE225", shown, "not a journeymap suggestions file", hint)])
    items = []
    for index, item in enumerate(data.get("suggestions") or []):
        try:
            items.append(Suggestion(**item))
        except TypeError:
            where = f"{shown} › suggestions[{index}]"
            raise ProblemsError([Problem("JE225", where, "not a suggestion", "write it again with measure")]) from None
    measured = data.get("measured_on")
    day = measured if isinstance(measured, dt.date) else dt.date.fromisoformat(str(measured))
    return Suggestions(str(data.get("map", "")), str(data.get("dataset", "")), day, items)


def _ids(value: Any) -> Iterable[str]:
    if isinstance(value, dict):
        if isinstance(value.get("id"), str):
            yield value["id"]
        for item in value.values():
            yield from _ids(item)
    elif isinstance(value, list):
        for item in value:
            yield from _ids(item)


def accept(m: Map, found: Suggestions, ids: Sequence[str] | None) -> tuple[Map, list[Suggestion]]:
    """A copy of ``m`` with a card for each suggestion named in ``ids`` (all when None); JE226 for an id that is
    not in the file, or a step that is not on the map."""
    chosen = found.items if ids is None else _chosen(found, ids)
    out = m.model_copy(deep=True)
    used = set(_ids(out.model_dump()))
    steps = {s.id for s in out.steps}
    for item in chosen:
        if item.step not in steps:
            message = f"suggestion {item.id!r} is for step {item.step!r}, which the map does not have"
            raise ProblemsError([Problem("JE226", item.id, message, "measure the map again")])
        lane = _lane(out, KINDS.get(item.kind, LaneKind.PAIN_POINTS), used)
        card_id = slugify(f"{item.step}-{item.text}", "card")[:60]
        base, number = card_id, 2
        while card_id in used:
            card_id, number = f"{base}-{number}", number + 1
        used.add(card_id)
        lane.cards.append(Card(id=card_id, step=item.step, text=item.text, evidence=_evidence(item, found)))
    return Map.model_validate(out.model_dump()), list(chosen)


def _chosen(found: Suggestions, ids: Sequence[str]) -> list[Suggestion]:
    by_id = {item.id: item for item in found.items}
    missing = [i for i in ids if i not in by_id]
    if missing:
        from ..model import did_you_mean

        hint = did_you_mean(missing[0], by_id)
        raise ProblemsError([Problem("JE226", missing[0], "no such suggestion in the file", hint)])
    return [by_id[i] for i in dict.fromkeys(ids)]


def _lane(m: Map, kind: LaneKind, used: set[str]) -> Lane:
    lane = m.lane(kind)
    if lane is None:
        ident = kind.value if kind.value not in used else f"{kind.value}-feedback"
        used.add(ident)
        lane = Lane(id=ident, kind=kind)
        m.lanes.append(lane)
        return m.lanes[-1]
    return lane


def _evidence(item: Suggestion, found: Suggestions) -> list[EvidenceRef]:
    refs = []
    for quote in item.quotes:
        where = f"{quote.get('source', '')} row {quote.get('row', '')}".strip()
        refs.append(EvidenceRef(dataset=found.dataset or "feedback", element=where, quote=str(quote.get("text", "")),
                                n=item.count, measure="feedback", measured_on=found.measured_on))  # fmt: skip
    return refs or [EvidenceRef(dataset=found.dataset or "feedback", n=item.count, measure="feedback",
                                measured_on=found.measured_on)]  # fmt: skip
