"""The lint rules: the rule table, the phrasing classifiers on Kalbach's own examples, hard cases and rewrites,
and every completeness rule on small maps read from files (so findings carry their line and column)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from journeymap.errors import MissingExtraError, Problem, Severity
from journeymap.files.loader import read_map
from journeymap.lint import RULES, RULES_BY_CODE, lint_map, lint_paths, phrasing
from journeymap.lint.phrasing import (
    CHANGE_VERBS,
    Decision,
    is_adjective_phrase,
    is_noun_phrase,
    is_question,
    starts_with_change_verb,
    starts_with_gerund,
    starts_with_verb,
    word_classes,
)

from support import EXAMPLES

Check = Callable[[str], Decision]

# ---- the rule table ----------------------------------------------------------------------------------------------


def test_rule_table_is_consistent() -> None:
    codes = [rule.code for rule in RULES]
    names = [rule.name for rule in RULES]
    assert len(set(codes)) == len(codes) and len(set(names)) == len(names)
    assert set(RULES_BY_CODE) == set(codes)
    for rule in RULES:
        assert rule.message.endswith(".") and rule.suggestion
        if rule.category == "phrasing":
            assert rule.code.startswith("JL1") and rule.lanes and rule.check in phrasing.__all__
            assert rule.severity is Severity.WARNING  # a heuristic never fails a build by itself
        else:
            assert rule.code.startswith("JL2") and not rule.lanes and not rule.check


def test_severities_for_a_ci_gate() -> None:
    errors = {rule.code for rule in RULES if rule.severity is Severity.ERROR}
    assert errors == {"JL201", "JL202", "JL204", "JL205"}


def test_change_verbs_are_the_closed_class_of_the_seed() -> None:
    assert {"increase", "reduce", "eliminate", "simplify"} <= CHANGE_VERBS
    assert not {"offer", "provide", "add", "create", "explore", "introduce"} & CHANGE_VERBS


# ---- the classifiers ---------------------------------------------------------------------------------------------

KALBACH = [
    (starts_with_verb, "download software"),
    (starts_with_verb, "call customer service"),
    (is_question, "Are there hidden fees?"),
    (is_question, "Who else do I need to involve?"),
    (is_adjective_phrase, "nervous"),
    (is_adjective_phrase, "unsure"),
    (is_adjective_phrase, "relieved"),
    (is_adjective_phrase, "delighted"),
    (starts_with_gerund, "waiting for installation"),
    (starts_with_gerund, "paying invoice"),
    (is_noun_phrase, "email"),
    (is_noun_phrase, "customer hotline"),
    (starts_with_change_verb, "increase the ease of installation"),
    (starts_with_change_verb, "eliminate unnecessary steps"),
]


@pytest.mark.parametrize(("check", "text"), KALBACH)
def test_kalbachs_own_examples_pass(check: Check, text: str) -> None:
    decision = check(text)
    assert decision.ok, decision.reason
    assert decision.reason and bool(decision) is True


HARD_CASES: list[tuple[Check, str, bool]] = [
    # verbs that are also nouns, capitalised or not
    (starts_with_verb, "Book a table for Friday", True),
    (starts_with_verb, "Check the balance", True),
    (starts_with_verb, "Email the branch about a safe-deposit box", True),
    (starts_with_verb, "chat with the support bot", True),
    (starts_with_verb, "Review last month's direct debits", True),
    (starts_with_verb, "Transfer money to the savings pot", True),
    (starts_with_verb, "Enrol on modules for the first term", True),  # British spelling
    (starts_with_verb, "Login to app", False),
    (starts_with_verb, "Transfer of funds to savings", False),
    (starts_with_verb, "Customer calls the hotline", False),
    (starts_with_verb, "Searching for flights", False),
    (starts_with_verb, "Claim submission", True),  # a known limitation: read as "claim (the) submission"
    (is_question, "What time does the pharmacy close", True),
    (is_question, "What a relief!", False),
    (is_question, "How frustrating", False),
    (is_question, "Should be easy enough", False),
    (is_adjective_phrase, "Scrutinised", True),
    (is_adjective_phrase, "Let down", True),
    (is_adjective_phrase, "Nervous but hopeful", True),
    (is_adjective_phrase, "Frustration", False),
    (is_adjective_phrase, "I feel nervous", False),
    (is_adjective_phrase, "On edge", False),
    (is_adjective_phrase, "Bad service", False),
    (starts_with_gerund, "Not receiving a confirmation email", True),
    (starts_with_gerund, "Re-entering details already given online", True),
    (starts_with_gerund, "Booking an appointment only by phone", True),
    (starts_with_gerund, "Booking confirmation missing", False),
    (starts_with_gerund, "Pricing is unclear", False),
    (starts_with_gerund, "Confusing instructions", False),
    (is_noun_phrase, "Check-in kiosk", True),
    (is_noun_phrase, "Review page", True),
    (is_noun_phrase, "Chat", True),
    (is_noun_phrase, "Waiting room screen", True),
    (is_noun_phrase, "Call the hotline", False),
    (is_noun_phrase, "Log in", False),
    (is_noun_phrase, "Chatting with an agent", False),
    (is_noun_phrase, "Via the app", False),
    (starts_with_change_verb, "Make the returns process faster", True),
    (starts_with_change_verb, "Get rid of duplicate surveys", True),
    (starts_with_change_verb, "minimise repeat questions", True),
    (starts_with_change_verb, "Offer live chat", False),
    (starts_with_change_verb, "Increase in digital sign-ups", False),
    (starts_with_change_verb, "How might we reduce queues?", False),
]


@pytest.mark.parametrize(("check", "text", "ok"), HARD_CASES)
def test_hard_cases(check: Check, text: str, ok: bool) -> None:
    decision = check(text)
    assert decision.ok is ok, decision.reason


REWRITES: list[tuple[Check, str, str]] = [
    (starts_with_verb, "Login to app", "Log in to app"),
    (starts_with_verb, "Account registration", "Register account"),
    (starts_with_verb, "Online payment of invoice", "Pay invoice online"),
    (starts_with_verb, "Customer calls the hotline", "Call the hotline"),
    (starts_with_verb, "Searching for flights", "Search for flights"),
    (starts_with_verb, "Has to call the bank twice", "Call the bank twice"),
    (is_question, "This is taking forever", "Is this taking forever?"),
    (is_question, "Wondering if the fee is refundable", "Is the fee refundable?"),
    (is_question, "Unsure which plan to choose", "Which plan should I choose?"),
    (is_adjective_phrase, "Frustration", "Frustrated"),
    (is_adjective_phrase, "Anxiety over the results", "Anxious"),
    (is_adjective_phrase, "She is angry", "Angry"),
    (starts_with_gerund, "Long wait for installation", "Waiting for installation"),
    (starts_with_gerund, "Waited 40 minutes on hold", "Waiting 40 minutes on hold"),
    (starts_with_gerund, "Unable to log in", "Not being able to log in"),
    (starts_with_gerund, "Customer has to wait", "Having to wait"),
    (starts_with_gerund, "Hidden fees", "Dealing with hidden fees"),
    (is_noun_phrase, "Call the hotline", "Hotline"),
    (is_noun_phrase, "Via the app", "App"),
    (starts_with_change_verb, "Better onboarding", "Improve onboarding"),
    (starts_with_change_verb, "Reduction of waiting times", "Reduce waiting times"),
    (starts_with_change_verb, "Less paperwork", "Reduce paperwork"),
    (starts_with_change_verb, "Reducing hold times", "Reduce hold times"),
]


@pytest.mark.parametrize(("check", "text", "rewrite"), REWRITES)
def test_concrete_rewrites(check: Check, text: str, rewrite: str) -> None:
    decision = check(text)
    assert not decision.ok
    assert decision.suggestion == rewrite
    assert check(rewrite).ok, f"the rewrite {rewrite!r} must pass its own rule"


@pytest.mark.parametrize("check", [c for c, _ in KALBACH[::2]])
@pytest.mark.parametrize("text", ["", "   ", "😀", "- "])
def test_nothing_to_check(check: Check, text: str) -> None:
    assert check(text).ok


def test_word_classes_use_the_lexicon_and_its_inflections() -> None:
    assert {"noun", "verb"} <= word_classes("book")  # "book" NN, "booked" VBN
    assert "verb" not in word_classes("password")
    assert "participle" in word_classes("scrutinised")  # British spelling, found as "scrutinized"
    assert "unknown" in word_classes("configure")


def test_missing_textblob_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    phrasing._resources.cache_clear()
    monkeypatch.setitem(sys.modules, "textblob.en", None)
    monkeypatch.setitem(sys.modules, "textblob.en.taggers", None)
    try:
        with pytest.raises(MissingExtraError, match=r"pip install 'journeymap\[lint\]'"):
            starts_with_verb("Qwzx a text nobody checked before 7391")
    finally:
        phrasing._resources.cache_clear()


def test_textblob_is_imported_lazily() -> None:
    code = (
        "import sys, journeymap.lint, journeymap.lint.engine, journeymap.lint.sarif, journeymap.cli.main, "
        "journeymap.cli.lint; print('textblob' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


# ---- the engine on small maps ------------------------------------------------------------------------------------

MAP = textwrap.dedent(
    """\
    title: Broadband move
    type: customer-journey-map
    persona: sam
    personas:
      - {id: sam, name: Sam}
    scope:
      start: Sam books the move
      end: The line works in the new flat
    stages:
      - id: order
        name: Order
        steps:
          - {id: choose, name: Choose a plan}
          - {id: install, name: Install}
    lanes:
      - id: actions
        kind: actions
        cards:
          - {step: choose, text: Compare broadband deals}
          - {step: install, text: Router installation}
      - id: feelings
        kind: feelings
        cards:
          - {step: install, text: Relieved}
    touchpoints:
      - {id: site, step: choose, name: Comparison site}
    opportunities:
      - {id: windows, text: Shorten installation windows}
    service_challenges:
      - id: missed
        step: install
        text: Engineer misses the slot
        contingencies:
          - {id: next-day, text: Offer a next-day slot}
    moments_of_truth:
      - {id: first-light, step: install, title: First connection, importance: 9, estimated: true}
    """
)


def _lint(tmp_path: Path, data: str | dict[str, Any], name: str = "map.yaml") -> list[Problem]:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, indent=2), encoding="utf-8")
    return lint_map(read_map(path))


def _data() -> dict[str, Any]:
    from ruamel.yaml import YAML

    data: dict[str, Any] = YAML(typ="safe").load(MAP)
    return data


def _codes(findings: list[Problem]) -> list[str]:
    return [f.code for f in findings]


def test_findings_have_file_line_column_and_element(tmp_path: Path) -> None:
    findings = _lint(tmp_path, MAP)
    assert _codes(findings) == ["JL203", "JL101", "JL208"]  # JL208: the moment of truth is only estimated
    step, action, _ = findings
    lines = MAP.splitlines()
    card_line = next(i for i, line in enumerate(lines, start=1) if "Router installation" in line)
    column = lines[card_line - 1].index("text:") + 1
    assert action.position == (str(tmp_path / "map.yaml"), card_line, column)
    assert action.where == f"{tmp_path / 'map.yaml'}:{card_line}:{column}"
    assert action.path == 'lane "actions" › card "Router installation" › text'
    assert action.loc == ("lanes", 0, "cards", 1, "text")
    assert action.severity is Severity.WARNING and action.rule == "action-starts-with-verb"
    assert action.hint == "write 'Install router'"
    assert 'action "Router installation"' in action.message
    step_line = next(i for i, line in enumerate(lines, start=1) if "name: Install}" in line)
    assert step.position[1] == step_line and step.path == 'stage "Order" › step "Install"'
    assert action.to_dict() == {
        "code": "JL101",
        "severity": "warning",
        "message": action.message,
        "hint": "write 'Install router'",
        "where": action.where,
        "path": action.path,
        "rule": "action-starts-with-verb",
        "loc": ["lanes", 0, "cards", 1, "text"],
    }


def test_structured_touchpoints_and_opportunities_are_checked(tmp_path: Path) -> None:
    data = _data()
    data["touchpoints"].append({"id": "hotline", "step": "install", "name": "Call the hotline"})
    data["opportunities"].append({"id": "onboard", "text": "Better onboarding"})
    findings = {f.code: f for f in _lint(tmp_path, data, "map.json")}
    assert findings["JL105"].path == 'touchpoint "Call the hotline" › name'
    assert findings["JL105"].hint == "write 'Hotline'"
    assert findings["JL106"].hint == "write 'Improve onboarding'"
    assert "JL203" not in findings  # the new touchpoint covers the step
    assert findings["JL105"].position[1] is not None  # JSON files have positions too


def test_scope_start_and_end(tmp_path: Path) -> None:
    data = _data()
    data["scope"]["end"] = ""
    [finding] = [f for f in _lint(tmp_path, data, "m.json") if f.code == "JL201"]
    assert finding.is_error and "no end" in finding.message
    del data["scope"]
    [finding] = [f for f in _lint(tmp_path, data, "m.json") if f.code == "JL201"]
    assert "no start and end" in finding.message


def test_persona(tmp_path: Path) -> None:
    data = _data()
    del data["persona"]
    [finding] = [f for f in _lint(tmp_path, data, "m.json") if f.code == "JL202"]
    assert finding.is_error and finding.hint == "set 'persona: sam'"


def test_contingency_and_moment_of_truth(tmp_path: Path) -> None:
    data = _data()
    data["service_challenges"][0]["contingencies"] = []
    data["moments_of_truth"][0]["estimated"] = False
    findings = {f.code: f for f in _lint(tmp_path, data, "m.json")}
    assert findings["JL204"].is_error and findings["JL204"].path == 'service challenge "Engineer misses the slot"'
    assert findings["JL205"].is_error and "First connection" in findings["JL205"].message
    data["moments_of_truth"][0]["evidence"] = [{"dataset": "install-survey", "n": 80}]
    assert "JL205" not in _codes(_lint(tmp_path, data, "m.json"))


@pytest.mark.parametrize(
    ("map_type", "expected"),
    [
        ("customer-journey-map", Severity.WARNING),
        ("service-blueprint", Severity.WARNING),
        ("experience-map", Severity.INFO),
        ("value-moments-planner", None),
        ("mental-model-diagram", None),
    ],
)
def test_step_touchpoints_by_map_type(tmp_path: Path, map_type: str, expected: Severity | None) -> None:
    data = _data()
    data["type"] = map_type
    found = [f for f in _lint(tmp_path, data, "m.json") if f.code == "JL203"]
    assert [f.severity for f in found] == ([expected] if expected else [])


def test_ecosystem_map_has_no_scope_or_persona_rule(tmp_path: Path) -> None:
    data = {"title": "Energy value chain", "type": "ecosystem-map", "actors": [{"id": "home", "name": "Household"}]}
    assert not {"JL201", "JL202"} & set(_codes(_lint(tmp_path, data, "m.json")))


def test_iterations_report_the_lagging_one(tmp_path: Path) -> None:
    data = _data()
    data["opportunities"] = []
    findings = [f for f in _lint(tmp_path, data, "m.json") if f.code == "JL206"]
    assert len(findings) == 1
    assert findings[0].message.startswith("iteration 3 of 4 (where value can be added) shows no progress")
    assert "iteration 4 already did" in findings[0].message
    data = {k: v for k, v in _data().items() if k not in ("touchpoints", "opportunities", "service_challenges")}
    lagging = [f.message.split(" (")[0] for f in _lint(tmp_path, data, "m.json") if f.code == "JL206"]
    assert lagging == ["iteration 2 of 4", "iteration 3 of 4", "iteration 4 of 4"]
    data["state"] = "to-be"
    assert "JL206" not in _codes(_lint(tmp_path, data, "m.json"))


def test_a_value_moment_counts_for_iteration_three(tmp_path: Path) -> None:
    data = _data()
    data["opportunities"] = []
    data["value_moments"] = [{"id": "v", "step": "install", "name": "Line live", "vmce": 8, "vme": 6}]
    assert "JL206" not in _codes(_lint(tmp_path, data, "m.json"))


# ---- files and folders -------------------------------------------------------------------------------------------


def test_missing_and_invalid_files_are_error_findings(tmp_path: Path) -> None:
    [missing] = lint_paths([tmp_path / "nope.yaml"])
    assert missing.code == "JM002" and missing.is_error
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: T\nstages: 3\n", encoding="utf-8")
    findings = lint_paths([bad])
    assert findings and all(f.is_error and f.code.startswith("JM") for f in findings)
    assert findings[0].position[1] == 2


def test_a_folder_of_workspaces_and_a_file_inside_one() -> None:
    everything = lint_paths([EXAMPLES])
    assert not [f for f in everything if f.code.startswith("JM")]
    assert {Path(f.position[0]).parts[-3] for f in everything} >= {"clinic-visit", "airline-trip"}
    one = EXAMPLES / "airline-trip" / "maps" / "family-trip-experience.yaml"
    own = lint_paths([one])
    assert own and all(Path(f.position[0]).resolve() == one.resolve() for f in own)
    assert not [f for f in own if f.code == "JM202"]  # the workspace's personas are known
    both = lint_paths([EXAMPLES / "airline-trip", one])
    assert len(both) == len({(f.code, f.where, f.message) for f in both})
