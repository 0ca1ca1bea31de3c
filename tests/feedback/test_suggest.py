"""Suggestions a CX team can accept as they are: pain points in the customers' own words made gerunds (each
passing the lint's pain-point rule JL104), counted by the comments that say them and quoted from those comments;
nothing changes on the map until a suggestion is accepted."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from journeymap.feedback.measure_run import MeasureResult, measure_feedback
from journeymap.feedback.read import ColumnSpec, open_feedback
from journeymap.feedback.suggest import accept
from journeymap.feedback.suggest_phrases import as_gerund, pain_phrases
from journeymap.feedback.suggest_verbs import verb_phrases
from journeymap.lint.phrasing import starts_with_gerund
from journeymap.lint.phrasing.word_forms import is_gerund_form
from journeymap.model import LaneKind, Map

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "home-loan"
MAP = EXAMPLE / "maps" / "home-loan-as-is.yaml"
COMMENTS = EXAMPLE / "evidence" / "feedback" / "comments.csv"
DAY = dt.date(2026, 11, 30)

pytestmark = pytest.mark.skipif(not COMMENTS.exists(), reason="the example feedback is not written yet")


def _map() -> Map:
    from journeymap.core.context import load_map_and_context

    return load_map_and_context(MAP)[0]


@pytest.fixture(scope="module")
def classifier() -> Any:
    from journeymap.feedback.measure_run import classifier_for

    return classifier_for(_map())


@pytest.fixture(scope="module")
def measured(classifier: Any) -> MeasureResult:
    """The example's comments measured with a low bar (two comments), so there are many suggestions to check."""
    reader = open_feedback(COMMENTS, ColumnSpec(text="text", id="id", date="date"), progress=False)
    return measure_feedback(_map(), reader, classifier, measured_on=DAY, min_count=2)


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("I had to chase your helpline three times for an update", "having to chase the helpline for an update"),
        ("Uploaded my payslips three times and the portal rejected them", "uploading the payslips"),
        ("The portal rejected my payslips twice.", "having the payslips rejected"),
        ("I was asked for my bank statements again", "being asked for the bank statements"),
        ("Sat waiting for three weeks for the decision", "waiting for the decision"),
        ("I had paper payslips, so I photographed them on the kitchen table.", "photographing the paper payslips"),
        ("No one called me back about the valuation.", "not being called back about the valuation"),
        ("Nobody had told me.", "not being told"),
    ],
)
def test_verb_phrases_are_the_customers_words_as_gerunds(text: str, phrase: str) -> None:
    found = [p.words for p in verb_phrases(text)]
    assert any(f.startswith(phrase) for f in found), found


@pytest.mark.parametrize(
    "text",
    [
        "Funds arrived late morning.",  # what the money did, not the customer
        "We were told the valuation was fine.",  # a reported clause is no object
        "The valuation is a black box.",
        "Waited.",
        "Nobody told the agent.",  # someone else was not told
    ],
)
def test_no_phrase_where_the_customer_went_through_nothing_nameable(text: str) -> None:
    assert verb_phrases(text) == ()


def test_a_phrase_is_keyed_by_verb_and_object_and_by_verb() -> None:
    keys = pain_phrases("Waiting for the valuation report, again")
    assert keys == {"wait|report": "waiting for the valuation report", "wait|*": "waiting for the valuation report"}


def test_as_gerund_gives_a_jl104_text_or_nothing() -> None:
    assert as_gerund("I rang the helpline. Nobody knew anything.") == "Ringing the helpline"
    assert as_gerund("Nobody told me anything.") == "Not being told anything"
    assert as_gerund("The valuation is a black box.") == ""


def test_every_pain_point_passes_jl104_and_starts_with_a_gerund(measured: MeasureResult) -> None:
    pains = [s for s in measured.suggestions.items if s.kind == "pain-point"]
    assert len(pains) >= 4  # 5 when this was written (docs/feedback.md)
    for item in pains:
        assert starts_with_gerund(item.text), item.text
        first = item.text.split()[0].lower()
        assert first.endswith("ing") and is_gerund_form(first), item.text
        assert "{" not in item.text and "website or app" not in item.text  # no template over the step's name


def _negative_at_step(classifier: Any) -> dict[str, list[tuple[int, str]]]:
    """(row, text) of the negative comments of each step, classified again here (a touchpoint's comment counts
    for its step)."""
    m = _map()
    step_of = {t.id: t.step for t in m.touchpoints}
    with COMMENTS.open(newline="", encoding="utf-8") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)]
    out: dict[str, list[tuple[int, str]]] = {}
    for row, (text, answer) in enumerate(zip(texts, classifier.classify(texts), strict=True), start=1):
        if answer.sentiment == "negative" and answer.element is not None:
            out.setdefault(step_of.get(answer.element, answer.element), []).append((row, text))
    return out


def test_counts_equal_the_comments_they_quote(measured: MeasureResult, classifier: Any) -> None:
    """Every quote is one of the step's negative comments that says the phrase (by the phrase's key), and the
    count is the number of those comments — recounted here from the file."""
    negative = _negative_at_step(classifier)
    pains = [s for s in measured.suggestions.items if s.kind == "pain-point"]
    for item in pains:
        comments = negative[item.step]
        by_row = dict(comments)
        assert 1 <= len(item.quotes) <= 3
        keys: set[str] | None = None
        for quote in item.quotes:
            text = by_row[quote["row"]]  # a negative comment of the step, traceable to its row
            assert quote["source"] == "comments.csv" and text.startswith(quote["text"].rstrip("…"))
            said = set(pain_phrases(text))
            keys = said if keys is None else keys & said
        assert keys, item.text
        recounted = {key: sum(1 for _, text in comments if key in pain_phrases(text)) for key in keys}
        assert item.count in recounted.values(), (item.text, item.count, recounted)
        assert item.count >= 2
        words = [w[:5] for w in item.text.lower().split()[1:] if len(w) > 4 and not w.endswith("ing")]
        for quote in item.quotes:  # the quotes show the words of the name (a verb's varied objects included)
            assert not words or any(w in by_row[quote["row"]].lower() for w in words), (item.text, quote["text"])


def test_nothing_changes_until_accepted_and_accept_attaches_the_quotes(measured: MeasureResult) -> None:
    before = _map()
    assert measured.map.lanes == before.lanes  # measuring only writes the feedback measures
    pains = [s for s in measured.suggestions.items if s.kind == "pain-point"][:3]
    changed, accepted = accept(measured.map, measured.suggestions, [s.id for s in pains])
    assert accepted == pains
    lane = changed.lane(LaneKind.PAIN_POINTS)
    assert lane is not None
    for item in pains:
        card = next(c for c in lane.cards if c.step == item.step and c.text == item.text)
        assert [e.quote for e in card.evidence] == [q["text"] for q in item.quotes]
        assert all(e.n == item.count and e.measured_on == DAY for e in card.evidence)
        assert [e.element for e in card.evidence] == [f"comments.csv row {q['row']}" for q in item.quotes]
    old = before.lane(LaneKind.PAIN_POINTS)
    assert old is not None and len(lane.cards) == len(old.cards) + len(pains)


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("I gave up uploading statements after the third try", "uploading statements"),
        ("Cheap prices, but I'm binning half the fruit by Wednesday.", "binning half the fruit"),
    ],
)
def test_a_gerund_the_lexicon_does_not_know_is_not_doubled(text: str, phrase: str) -> None:
    from journeymap.feedback.suggest_verbs import verb_phrases

    words = [p.words for p in verb_phrases(text)]
    assert phrase in words  # was "uploadinging statements", "binninging half the fruit"
    assert not any("inging" in w for w in words)
