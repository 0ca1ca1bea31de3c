"""The feedback classifier on real maps: elements from the map's own words, sentiment with negation and sarcasm,
themes, keyword rules, confirmations that change the answers, the confirmations file and its located errors."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest

from journeymap.errors import ProblemsError
from journeymap.feedback.classify import Classification, FeedbackClassifier, KeywordRules, read_keyword_rules
from journeymap.feedback.confirmations import Confirmation, read_confirmations, write_confirmations
from journeymap.feedback.sentiment import bundled_model
from journeymap.feedback.sentiment_features import mark_negation
from journeymap.feedback.train import train_sentiment
from journeymap.files.loader import load_map
from journeymap.model import Map

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).parent / "data"
HOME_LOAN = ROOT / "examples" / "home-loan" / "maps" / "home-loan-as-is.yaml"


@pytest.fixture(scope="module")
def home_loan() -> Map:
    return load_map(HOME_LOAN)


@pytest.fixture(scope="module")
def classifier(home_loan: Map) -> FeedbackClassifier:
    return FeedbackClassifier.for_map(home_loan)


def one(classifier: FeedbackClassifier, text: str) -> Classification:
    return classifier.classify([text])[0]


def test_elements_come_from_the_map_names(classifier: FeedbackClassifier) -> None:
    assert one(classifier, "The borrowing calculator said I could borrow far more than the bank offered").element in {
        "r-calc",
        "tp-calculator",
    }
    assert one(classifier, "The application tracker never changed from in progress").element == "tp-tracker"
    assert one(classifier, "Uploading my payslips and bank statements took all evening").element in {
        "a-docs",
        "tp-upload",
    }
    assert one(classifier, "Collected the keys from the estate agent today!").element == "c-keys"


def test_a_comment_about_nothing_on_the_map_is_about_no_element(classifier: FeedbackClassifier) -> None:
    answer = one(classifier, "Lovely weather in Leeds this weekend")
    assert answer.element is None
    assert answer.element_score < classifier.threshold


def test_negation_turns_the_sentiment(classifier: FeedbackClassifier) -> None:
    assert one(classifier, "The helpline staff were helpful and friendly.").sentiment == "positive"
    assert one(classifier, "The helpline staff were not helpful at all.").sentiment == "negative"
    assert mark_negation("not helpful at all, but quick") == "not not_helpful not_at not_all , but quick"


@pytest.mark.parametrize(
    "text",
    [
        "Great job guys, nine working days and still no decision.",
        "Oh great, another email asking for the same payslips again.",
        "Thanks for nothing, Northmere.",
    ],
)
def test_sarcasm_reads_as_negative(classifier: FeedbackClassifier, text: str) -> None:
    assert one(classifier, text).sentiment == "negative"


def test_a_plain_fact_is_neutral(classifier: FeedbackClassifier) -> None:
    assert one(classifier, "I submitted the application on a Tuesday.").sentiment == "neutral"


def test_scores_and_themes_are_explainable(classifier: FeedbackClassifier) -> None:
    answer = one(classifier, "Waited three weeks for an update and the fees were never explained")
    assert 0 < answer.sentiment_score <= 1 and 0 < answer.element_score <= 1
    assert "waiting" in answer.themes and "fees" in answer.themes
    assert classifier.themes.explain("the fees were never explained")["fees"] == ["fees"]


def test_keyword_rules_place_comments_and_name_themes(home_loan: Map) -> None:
    text = "The ERC table in the small print made no sense"
    plain = FeedbackClassifier.for_map(home_loan)
    rules = KeywordRules(elements={"o-review": ["ERC", "small print"]}, themes={"legal": ["small print"]})
    ruled = FeedbackClassifier.for_map(home_loan, rules=rules)
    assert plain.classify([text])[0].element != "o-review"
    assert ruled.classify([text])[0].element == "o-review"
    assert "legal" in ruled.classify([text])[0].themes


def test_confirmations_change_the_answers(home_loan: Map) -> None:
    text = "The bit where you wait for the chap with the clipboard to turn up"
    before = FeedbackClassifier.for_map(home_loan).classify([text])[0]
    confirmed = [
        Confirmation("the chap with the clipboard was an hour late", "tp-valuer-visit", "negative"),
        Confirmation("chap with the clipboard measured every room, lovely man", "tp-valuer-visit", "positive"),
        Confirmation("waiting in for the chap with the clipboard all morning", "tp-valuer-visit", "negative"),
        Confirmation("the tracker is useless", "tp-tracker", "negative"),
        Confirmation("Nice weather today", None, "neutral"),
    ]
    after = FeedbackClassifier.for_map(home_loan, confirmations=confirmed * 10).classify([text])[0]  # 50 clicks
    assert before.element != "tp-valuer-visit"
    assert after.element == "tp-valuer-visit"


def test_confirmed_sentiment_changes_a_domain_word(home_loan: Map) -> None:
    text = "The valuer gave us a down valuation"
    confirmed = [Confirmation(f"{t} down valuation", None, "negative") for t in ("a", "the", "another", "my")]
    confirmed += [Confirmation(f"{t} and quick", None, "positive") for t in ("lovely", "easy", "great", "clear")]
    confirmed += [Confirmation(f"I paid by {d}", None, "neutral") for d in ("card", "cheque", "transfer", "cash")]
    before = FeedbackClassifier.for_map(home_loan)
    after = FeedbackClassifier.for_map(home_loan, confirmations=confirmed * 10)
    assert before.classify(["Down valuation"])[0].sentiment == "neutral"  # the bundled model does not know it
    assert after.classify(["Down valuation"])[0].sentiment == "negative"
    assert after.sentiments([text])[0, 0] > before.sentiments([text])[0, 0] + 0.3


def test_confirmed_shares_shift_the_bundled_model_within_limits() -> None:
    """The bundled model's answer moves towards how often each sentiment is confirmed, never more than 3×."""
    texts = [f"{t} down valuation" for t in ("a", "the", "another", "my")] * 5 + ["lovely and quick", "I paid by card"]
    labels = ["negative"] * 20 + ["positive", "neutral"]
    adapter = train_sentiment(bundled_model(), texts, labels)
    assert adapter is not None
    assert adapter.shift[0] == pytest.approx(3.0)  # the bundled model calls these neutral: negative shifted, capped
    assert adapter.shift[1] < 1.0 and all(1 / 3 <= x <= 3 for x in adapter.shift)
    assert adapter.columns.size > 0 and adapter.columns.max() < bundled_model().idf.size


def test_retraining_on_two_hundred_confirmations_takes_well_under_a_second(home_loan: Map) -> None:
    with (DATA / "home-loan-dev.csv").open(newline="", encoding="utf-8") as handle:
        rows = [Confirmation(r["text"], r["element"] or None, r["sentiment"] or None) for r in csv.DictReader(handle)]
    FeedbackClassifier.for_map(home_loan)  # the bundled model's load is not part of a retrain
    start = time.process_time()
    FeedbackClassifier.for_map(home_loan, confirmations=rows[:200])
    assert time.process_time() - start < 1.5  # CPU time: ~0.25 s measured; generous for a busy machine


def test_confirmations_round_trip(tmp_path: Path) -> None:
    items = [Confirmation('said "no", then yes,\nlater', "a-docs", "negative"), Confirmation("fine", None, None)]
    path = tmp_path / "confirmed.csv"
    write_confirmations(path, items)
    assert read_confirmations(path) == items


@pytest.mark.parametrize(
    ("body", "code", "line"),
    [
        ("text,element\nhello,a-docs\n", "JE231", 1),
        ("text,element,sentiment\nhello,a-docs,negative\n,a-docs,\n", "JE232", 3),
        ('text,element,sentiment\n"two\nlines",,\nhi,,furious\n', "JE233", 4),
    ],
)
def test_bad_confirmation_cells_are_located(tmp_path: Path, body: str, code: str, line: int) -> None:
    path = tmp_path / "confirmed.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ProblemsError) as caught:
        read_confirmations(path)
    problem = caught.value.problems[0]
    assert (problem.code, problem.where) == (code, f"{path}:{line}")


def test_keyword_rules_file(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("elements:\n  a-docs: [payslip, bank statement]\nthemes:\n  parking: car park\n", encoding="utf-8")
    expected = KeywordRules({"a-docs": ["payslip", "bank statement"]}, {"parking": ["car park"]})
    assert read_keyword_rules(path) == expected
    path.write_text("elements:\n  a-docs: {a: 1}\n", encoding="utf-8")
    with pytest.raises(ProblemsError, match="JE235"):
        read_keyword_rules(path)
    path.write_text("steps: [a]\n", encoding="utf-8")
    with pytest.raises(ProblemsError, match="JE234"):
        read_keyword_rules(path)
