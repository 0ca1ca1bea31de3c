"""JL101 on realistic action cards written in the third person and the imperative (issue 14).

``data/actions-realistic.yaml`` was written by hand as CX teams write action cards, not from the classifier's
rules, and is not tuned on (see its header). Positive class = badly phrased (a finding). Under the default
``settings.action_mood: any`` third-person cards ("Compares three sites") are good; under ``imperative`` they are bad.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from journeymap.files.loader import read_map
from journeymap.lint import lint_map
from journeymap.lint.phrasing import starts_with_verb
from journeymap.model.workspace import WorkspaceSettings

DATA = Path(__file__).parent / "data" / "actions-realistic.yaml"

# mood: (precision, recall) thresholds; measured in the comments (before issue 14, "any" did not exist: the
# classifier flagged every third-person card, precision 40.0 %, recall 86.8 % read as "any"; imperative 99.4 %, 91.6 %)
THRESHOLDS = {
    "any": (0.95, 0.85),  # 97.1 %, 88.2 % (86.8 % before the fixes for cards by others)
    "imperative": (0.97, 0.92),  # 99.4 %, 95.0 % (94.4 % before the fixes for cards by others)
}


@cache
def _examples(mood: str) -> tuple[tuple[str, bool], ...]:
    data = YAML(typ="safe").load(DATA.read_text(encoding="utf-8"))
    third = [(str(t), mood == "imperative") for t in data["third_person"]]
    return (*third, *((str(t), False) for t in data["imperative"]), *((str(t), True) for t in data["bad"]))


def test_the_set_is_large_and_varied() -> None:
    data = YAML(typ="safe").load(DATA.read_text(encoding="utf-8"))
    assert len(data["third_person"]) >= 100 and len(data["imperative"]) >= 70 and len(data["bad"]) >= 70
    texts = [*data["third_person"], *data["imperative"], *data["bad"]]
    assert len(texts) == len(set(texts))
    starts = {t.split()[0] for t in data["third_person"]}
    assert {"Orders", "Books", "Calls", "Reviews", "Texts", "Checks", "Plans", "Queues"} <= starts


@pytest.mark.parametrize("mood", sorted(THRESHOLDS))
def test_precision_and_recall_on_realistic_cards(mood: str) -> None:
    tp = fp = fn = 0
    errors: list[str] = []
    for text, bad in _examples(mood):
        decision = starts_with_verb(text, mood="imperative" if mood == "imperative" else "any")
        flagged = not decision.ok
        tp += flagged and bad
        fp += flagged and not bad
        fn += bad and not flagged
        if flagged != bad:
            errors.append(f"{'false finding' if flagged else 'missed'}: {text!r} ({decision.reason})")
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    sys.stdout.write(f"\nJL101 {mood}: precision {precision:.1%}, recall {recall:.1%} (tp {tp}, fp {fp}, fn {fn})\n")
    want_precision, want_recall = THRESHOLDS[mood]
    assert precision >= want_precision, errors
    assert recall >= want_recall, errors


@pytest.mark.parametrize(
    "text", ["Compares three sites", "Calls the provider", "Orders fibre 500 online", "Texts her sister"]
)
def test_third_person_actions_pass_by_default_and_fail_when_imperative(text: str) -> None:
    assert starts_with_verb(text)
    strict = starts_with_verb(text, mood="imperative")
    assert not strict and "action_mood" in strict.reason
    assert strict.suggestion.split()[0] in ("Compare", "Call", "Order", "Text")


@pytest.mark.parametrize(
    "text", ["Customer calls the hotline", "Called the bank", "Orders and returns", "Payments", "Needs to upload it"]
)
def test_third_person_does_not_let_other_forms_through(text: str) -> None:
    assert not starts_with_verb(text)


def test_the_workspace_setting_reaches_lint(tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(
        "title: Broadband\ntype: customer-journey-map\npersona: sam\npersonas: [{id: sam, name: Sam}]\n"
        "stages: [{id: s, name: S, steps: [{id: a, name: A}]}]\n"
        "lanes: [{id: acts, kind: actions, cards: [{step: a, text: Compares three sites}]}]\n",
        encoding="utf-8",
    )
    source = read_map(path)
    assert not [f for f in lint_map(source) if f.code == "JL101"]
    assert not [f for f in lint_map(source, WorkspaceSettings()) if f.code == "JL101"]
    strict = [f for f in lint_map(source, WorkspaceSettings(action_mood="imperative")) if f.code == "JL101"]
    assert len(strict) == 1 and strict[0].hint == "write 'Compare three sites'"
