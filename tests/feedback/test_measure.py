"""Measuring feedback onto a map: counts, share negative with its Wilson interval, themes, quotes traceable to their
rows; suggestions kept apart from the map until accepted."""

from __future__ import annotations

import csv
import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

import pytest

from journeymap.feedback.measure_run import measure_feedback
from journeymap.feedback.read import ColumnSpec, open_feedback
from journeymap.feedback.suggest import accept, read_suggestions, write_suggestions
from journeymap.feedback.wilson import wilson_interval
from journeymap.model import LaneKind, Map

ROOT = Path(__file__).resolve().parents[2]
MAP = ROOT / "examples" / "home-loan" / "maps" / "home-loan-as-is.yaml"
COMMENTS = ROOT / "examples" / "home-loan" / "evidence" / "feedback" / "comments.csv"
DAY = dt.date(2026, 11, 30)


def _map() -> Map:
    from journeymap.core.context import load_map_and_context

    return load_map_and_context(MAP)[0]


def _wilson_by_the_quadratic(x: int, n: int) -> tuple[float, float]:
    """The Wilson interval as the roots in p of (x/n − p)² = z² p (1 − p) / n, z from scipy."""
    from scipy.stats import norm

    z = float(norm.ppf(0.975))
    phat = x / n
    a = 1 + z * z / n
    b = -(2 * phat + z * z / n)
    c = phat * phat
    root = math.sqrt(max(b * b - 4 * a * c, 0.0))
    return (-b - root) / (2 * a), (-b + root) / (2 * a)


@pytest.mark.parametrize(("x", "n"), [(0, 10), (1, 10), (5, 10), (10, 10), (7, 18), (81, 263), (1, 1), (999, 1000)])
def test_wilson_interval(x: int, n: int) -> None:
    try:
        from statsmodels.stats.proportion import proportion_confint  # type: ignore[import-untyped]
    except ImportError:
        expected = _wilson_by_the_quadratic(x, n)
    else:
        expected = proportion_confint(x, n, alpha=0.05, method="wilson")
    low, high = wilson_interval(x, n)
    assert low == pytest.approx(expected[0], abs=1e-9) and high == pytest.approx(expected[1], abs=1e-9)
    assert 0 <= low <= x / n <= high <= 1


def test_wilson_known_values() -> None:
    low, high = wilson_interval(0, 10)
    assert low == 0 and high == pytest.approx(0.2775, abs=1e-4)  # z² / (n + z²)
    assert wilson_interval(0, 0) == (0.0, 1.0)
    assert wilson_interval(3, 2) == wilson_interval(2, 2)


@dataclass(frozen=True)
class FakeAnswer:
    element: str | None
    element_score: float
    sentiment: str
    sentiment_score: float
    themes: tuple[str, ...]


class FakeClassifier:
    """Negative when the text says 'slow' or 'waiting', positive when 'great'; element by a keyword."""

    def classify(self, texts: list[str]) -> list[FakeAnswer]:
        answers = []
        for text in texts:
            low = text.lower()
            negative = "slow" in low or "waiting" in low
            sentiment = "negative" if negative else "positive" if "great" in low else "neutral"
            element = "tp-upload" if "upload" in low else "s-valuation" if "valu" in low else None
            themes = ("waiting",) if "waiting" in low else ()
            answers.append(FakeAnswer(element, 0.8, sentiment, 0.9, themes))
        return answers


ROWS = [
    ("Waiting for the valuer for three weeks", "2026-09-01"),
    ("Waiting for the valuation report, again", "2026-09-02"),
    ("Great valuer, quick and kind", "2026-09-03"),
    ("The valuation was booked", "2026-09-04"),
    ("Upload is slow and I was waiting for the upload page", "2026-09-05"),
    ("Great upload screen", "2026-09-06"),
    ("Nothing to do with the map", "2026-09-07"),
    ("Waiting for the valuation letter for ages", "2026-09-08"),
]


def _feedback(tmp_path: Path) -> Path:
    path = tmp_path / "comments.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "date", "text"])
        for index, (text, day) in enumerate(ROWS, start=1):
            writer.writerow([f"c{index}", day, text])
    return path


def _measured(tmp_path: Path) -> tuple[Map, object]:
    m = _map()
    reader = open_feedback(_feedback(tmp_path), ColumnSpec(text="text", id="id", date="date"), progress=False)
    return m, measure_feedback(m, reader, FakeClassifier(), measured_on=DAY, min_count=2)


def test_measure_writes_counts_shares_intervals_themes_and_quotes(tmp_path: Path) -> None:
    m, found = _measured(tmp_path)
    out = found.map  # type: ignore[attr-defined]
    valuation = out.step("s-valuation").feedback
    assert (valuation.comments, valuation.negative) == (5, 3)
    assert valuation.share_negative == 0.6
    low, high = wilson_interval(3, 5)
    assert valuation.ci95 == (round(low, 4), round(high, 4))
    assert [(t.theme, t.count) for t in valuation.themes] == [("waiting", 3)]
    assert (valuation.dataset, valuation.measured_on) == ("comments", DAY)
    assert 1 <= len(valuation.quotes) <= 3
    sentiments = {q.sentiment for q in valuation.quotes}
    assert {"negative", "positive"} <= sentiments
    for quote in valuation.quotes:  # traceable to its row
        text, day = ROWS[quote.row - 1]
        assert quote.text == text and quote.date == dt.date.fromisoformat(day)
        assert quote.source == "comments.csv" and quote.line == quote.row + 1
    upload = next(t for t in out.touchpoints if t.id == "tp-upload").feedback
    assert (upload.comments, upload.negative) == (2, 1)
    docs = out.step("a-docs").feedback  # a step counts the comments on its touchpoints
    assert (docs.comments, docs.negative) == (2, 1)
    assert out.step("r-calc").feedback is None
    assert found.tally.unplaced == 1  # type: ignore[attr-defined]
    assert out.lanes == m.lanes  # suggestions do not change the map


def test_suggestions_then_accept(tmp_path: Path) -> None:
    m, found = _measured(tmp_path)
    items = found.suggestions.items  # type: ignore[attr-defined]
    waiting = next(s for s in items if s.step == "s-valuation")
    assert waiting.kind == "pain-point" and waiting.text == "Waiting for the valuation" and waiting.count == 3
    assert len(waiting.quotes) == 3 and all(q["source"] == "comments.csv" for q in waiting.quotes)
    path = tmp_path / "s.yaml"
    write_suggestions(path, found.suggestions)  # type: ignore[attr-defined]
    again = read_suggestions(path)
    assert [s.id for s in again.items] == [s.id for s in items] and again.measured_on == DAY
    accepted, chosen = accept(found.map, again, [waiting.id])  # type: ignore[attr-defined]
    assert chosen == [waiting]
    lane = accepted.lane(LaneKind.PAIN_POINTS)
    assert lane is not None
    card = next(c for c in lane.cards if c.text == "Waiting for the valuation")
    assert card.step == "s-valuation"
    assert [e.quote for e in card.evidence] == [q["text"] for q in waiting.quotes]
    assert all(e.n == 3 and e.dataset == "comments" and e.measured_on == DAY for e in card.evidence)
    before = m.lane(LaneKind.PAIN_POINTS)
    assert before is not None and len(lane.cards) == len(before.cards) + 1


def test_accept_refuses_an_unknown_id(tmp_path: Path) -> None:
    from journeymap.errors import ProblemsError

    _, found = _measured(tmp_path)
    with pytest.raises(ProblemsError) as caught:
        accept(found.map, found.suggestions, ["no-such-thing"])  # type: ignore[attr-defined]
    assert caught.value.problems[0].code == "JE226"


@pytest.mark.skipif(not COMMENTS.exists(), reason="the example feedback is not written yet")
def test_measure_the_home_loan_example_with_the_classifier() -> None:
    from journeymap.feedback.measure_run import classifier_for

    m = _map()
    reader = open_feedback(COMMENTS, ColumnSpec(text="text", id="id", date="date"), progress=False)
    found = measure_feedback(m, reader, classifier_for(m), measured_on=DAY)
    with COMMENTS.open(newline="", encoding="utf-8") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)]
    measured = [s.feedback for s in found.map.steps if s.feedback is not None]
    assert len(measured) >= 10
    placed = sum(f.comments for f in measured)
    assert placed + found.tally.unplaced == len(texts)
    for feedback in measured:
        assert feedback.share_negative == round(feedback.negative / feedback.comments, 4)
        assert feedback.ci95[0] <= feedback.share_negative <= feedback.ci95[1]
        for quote in feedback.quotes:
            assert quote.source == "comments.csv" and texts[quote.row - 1].startswith(quote.text.rstrip("…"))
    assert any(s.kind == "pain-point" and s.count >= 3 for s in found.suggestions.items)


def test_critical_incidents_become_suggestions(tmp_path: Path) -> None:
    notes = tmp_path / "interviews"
    notes.mkdir()
    (notes / "01.md").write_text(
        "**Interviewer:** Take me through what happened.\n\n"
        "**Customer:** The valuer never came and I was waiting for the valuation all morning.\n\n"
        "**Interviewer:** How did you feel?\n\n"
        "**Customer:** Angry. Really angry.\n\n"
        "**Interviewer:** What should have happened?\n\n"
        "**Customer:** A text the day before saying the valuation had moved.\n",
        encoding="utf-8",
    )
    m = _map()
    found = measure_feedback(m, open_feedback(notes, progress=False), FakeClassifier(), measured_on=DAY)
    kinds = {(s.kind, s.step, s.text) for s in found.suggestions.items}
    assert ("pain-point", "s-valuation", "Waiting for the valuation") in kinds
    assert ("feeling", "s-valuation", "Angry.") in kinds
    assert ("desired-outcome", "s-valuation", "A text the day before saying the valuation had moved.") in kinds
    feeling = next(s for s in found.suggestions.items if s.kind == "feeling")
    assert feeling.quotes == [{"text": "Angry. Really angry.", "sentiment": "negative", "source": "01.md",
                               "row": 2, "line": 3}]  # fmt: skip
    valuation = found.map.step("s-valuation").feedback
    assert valuation is not None and valuation.comments == 2  # the interviewer's turns are not counted
    accepted, _ = accept(found.map, found.suggestions, None)
    feelings = accepted.lane(LaneKind.FEELINGS)
    assert feelings is not None and [c.text for c in feelings.cards if c.step == "s-valuation"][-1] == "Angry."


def test_an_element_column_places_comments_and_unknown_values_are_warned(tmp_path: Path) -> None:
    path = tmp_path / "placed.csv"
    path.write_text("text,where\nslow again,a-docs\nslow page,Upload documents\nslow,no-such-step\n", encoding="utf-8")
    reader = open_feedback(path, ColumnSpec(text="text", element="where"), progress=False)
    found = measure_feedback(_map(), reader, FakeClassifier(), measured_on=DAY)
    docs = found.map.step("a-docs").feedback
    assert docs is not None and docs.comments == 2  # by id and by name
    [warning] = [p for p in found.problems if p.code == "JE224"]
    assert "'no-such-step'" in warning.message and not warning.is_error
