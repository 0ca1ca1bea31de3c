"""JL101 on action cards written by others, blind to the classifier (issue 14).

``data/actions-others.yaml`` was written by an outside writer before reading the classifier, its tests or its
other sets (see its header), in many industries and with many first words that are both nouns and verbs. It is
held out: the classifier is not tuned on its texts. Positive class = badly phrased (a finding), as in
``test_action_mood.py``: under ``settings.action_mood: any`` (the default) third-person cards are good; under
``imperative`` they are bad.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from journeymap.lint.phrasing import starts_with_verb

DATA = Path(__file__).parent / "data" / "actions-others.yaml"

# mood: (precision, recall) thresholds, set a little under the figures measured after the general fixes of JL101
# (in the comments). First measured before any change to the linter: any 87.2 %, 71.3 % (tp 102, fp 15, fn 41);
# imperative 99.0 %, 91.3 % (tp 295, fp 3, fn 28).
THRESHOLDS = {
    "any": (0.97, 0.79),  # 100.0 %, 81.8 % (tp 117, fp 0, fn 26)
    "imperative": (0.97, 0.93),  # 100.0 %, 96.0 % (tp 310, fp 0, fn 13)
}


@cache
def _data() -> dict[str, list[str]]:
    loaded = YAML(typ="safe").load(DATA.read_text(encoding="utf-8"))
    return {group: [str(t) for t in loaded[group]] for group in ("third_person", "imperative", "bad")}


def _examples(mood: str) -> list[tuple[str, bool]]:
    data = _data()
    third = [(t, mood == "imperative") for t in data["third_person"]]
    return [*third, *((t, False) for t in data["imperative"]), *((t, True) for t in data["bad"])]


def test_the_set_is_large_varied_and_without_duplicates() -> None:
    data = _data()
    assert len(data["third_person"]) >= 120 and len(data["imperative"]) >= 90 and len(data["bad"]) >= 90
    texts = [t.lower() for group in data.values() for t in group]
    assert len(texts) == len(set(texts))
    starts = {t.split()[0] for t in data["third_person"]}
    ambiguous = {"Orders", "Books", "Calls", "Reviews", "Texts", "Checks", "Plans", "Queues", "Tours", "Signs"}
    ambiguous |= {"Logs", "Files", "Scans", "Emails", "Pays", "Rates", "Lists", "Visits", "Returns", "Contacts"}
    ambiguous |= {"Faxes", "Photographs", "Tweets", "Uploads", "Downloads", "Chats", "Swipes", "Taps"}
    assert ambiguous <= starts, sorted(ambiguous - starts)
    assert all(2 <= len(t.split()) <= 15 for group in data.values() for t in group if t[0].isupper() and " " in t)


@pytest.mark.parametrize("mood", sorted(THRESHOLDS))
def test_precision_and_recall_on_cards_written_by_others(mood: str) -> None:
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
    figures = f"precision {precision:.1%}, recall {recall:.1%} (tp {tp}, fp {fp}, fn {fn})"
    sys.stdout.write(f"\nJL101 {mood} (others): {figures}\n")
    sys.stdout.write("".join(f"  {e}\n" for e in errors))
    want_precision, want_recall = THRESHOLDS[mood]
    assert precision >= want_precision, errors
    assert recall >= want_recall, errors


# The general causes fixed for issue 14, on texts that are not in the set above (written after the fixes)
@pytest.mark.parametrize(
    "text",
    [
        "Filters hotels by rating",  # a plural subject takes no -s verb: not "Filters (subject) hotels (verb)"
        "Faxes completed forms to the clinic",  # a participle before a noun is not a finite verb
        "Emails photos to the adjuster",  # a noun the lexicon lacks as a verb, with an object
        "Ports her number to giffgaff",
        "Organises receipts into folders",
    ],
)
def test_third_person_actions_the_lexicon_reads_as_nouns(text: str) -> None:
    assert starts_with_verb(text), starts_with_verb(text).reason
    assert not starts_with_verb(text, mood="imperative")


@pytest.mark.parametrize("text", ["Email the form to HR", "Port number via PAC code", "Text your postcode to 61234"])
def test_imperatives_of_nouns_used_as_verbs(text: str) -> None:
    assert starts_with_verb(text, mood="imperative"), starts_with_verb(text, mood="imperative").reason


@pytest.mark.parametrize(
    "text",
    [
        "Order delayed by 2 days",  # a noun and its participle
        "Account suspended",
        "Emailed HR twice",  # the past of a noun used as a verb
        "Fees vs. benefits",
        "Page 2 of 4",
        "Deliveries on weekdays are expensive",  # a plural subject, its verb later
        "GP referral letter",  # an acronym
        "Lost my card",  # the past of "lose", not a base form
        "Not clear what to do next",
    ],
)
def test_labels_passives_and_past_forms_are_flagged(text: str) -> None:
    assert not starts_with_verb(text), starts_with_verb(text).reason
    assert not starts_with_verb(text, mood="imperative")
