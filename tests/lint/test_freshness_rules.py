"""The evidence rules of lint: JL207 (a stale or undated measured value) and JL208 (a moment of truth without
measured evidence), with the workspace's stale_after_days."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

from journeymap.errors import Problem, Severity
from journeymap.files.loader import read_map
from journeymap.lint import RULES_BY_CODE, lint_map, lint_paths
from journeymap.model import WorkspaceSettings

from support import EXAMPLES

TODAY = dt.date(2026, 12, 2)

MAP = textwrap.dedent(
    """\
    title: Home loan
    persona: priya
    personas:
      - {id: priya, name: Priya}
    scope: {start: Looks up rates, end: Gets the keys}
    stages:
      - id: apply
        name: Apply
        steps:
          - id: docs
            name: Upload documents
            emotion: {mean: 3.6, n: 198, ci95: [3.3, 3.9], dataset: survey-q3, measured_on: 2026-10-01}
          - id: pay
            name: Make first payment
            emotion: {mean: 6.5, n: 58, ci95: [6.0, 7.0], dataset: survey-q1, measured_on: 2026-03-16}
    touchpoints:
      - id: upload
        step: docs
        name: Upload screen
        satisfaction: 3.8
        evidence:
          - {dataset: funnel, element: docs_exit, n: 1840}
      - {id: account, step: pay, name: Account view}
    moments_of_truth:
      - id: mot-docs
        step: docs
        title: Documents accepted
        importance: 8
        evidence:
          - {dataset: funnel, n: 1840, measured_on: 2026-10-05}
      - {id: mot-pay, step: pay, title: First payment taken, importance: 7, estimated: true}
      - id: mot-quotes
        step: pay
        title: Statement arrives
        importance: 6
        evidence:
          - {dataset: interviews, quote: Nobody told me}
    """
)


def _lint(tmp_path: Path, text: str = MAP, settings: WorkspaceSettings | None = None) -> list[Problem]:
    path = tmp_path / "map.yaml"
    path.write_text(text, encoding="utf-8")
    return [f for f in lint_map(read_map(path), settings, today=TODAY) if f.code in ("JL207", "JL208")]


def _line(needle: str, text: str = MAP) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_the_rules_are_warnings() -> None:
    for code, name in (("JL207", "measured-value-is-current"), ("JL208", "moment-of-truth-is-measured")):
        rule = RULES_BY_CODE[code]
        assert rule.severity is Severity.WARNING and rule.name == name and rule.category == "completeness"


def test_stale_and_undated_values_and_estimated_moments(tmp_path: Path) -> None:
    findings = _lint(tmp_path)
    got = [(f.code, f.position[1], f.loc) for f in findings]
    assert got == [
        ("JL207", _line("dataset: survey-q1"), ("stages", 0, "steps", 1, "emotion", "measured_on")),
        ("JL207", _line("element: docs_exit"), ("touchpoints", 0, "evidence", 0)),
        ("JL208", _line("id: mot-pay"), ("moments_of_truth", 1)),
        ("JL208", _line("id: mot-quotes"), ("moments_of_truth", 2)),
    ]
    stale, undated, estimated, quotes = findings
    assert stale.message == (
        "the emotional level of the step 'Make first payment' was measured 261 days ago (2026-03-16, survey-q1), "
        "more than 180 days: it may no longer hold"
    )
    assert stale.severity is Severity.WARNING and stale.rule == "measured-value-is-current"
    assert stale.path == 'stage "Apply" › step "Make first payment" › emotion › measured_on'
    assert "has no date (measured_on): its age is unknown" in undated.message
    assert "'Upload screen'" in undated.message
    assert "rests on the team's estimate ('estimated: true') alone" in estimated.message
    assert "gives no sample size (n)" in quotes.message
    assert "journeymap measure" in stale.hint


def test_the_workspace_setting_decides_what_is_stale(tmp_path: Path) -> None:
    longer = _lint(tmp_path, settings=WorkspaceSettings(stale_after_days=300))
    assert [f.loc[0] for f in longer if f.code == "JL207"] == ["touchpoints"]  # only the undated one is left
    shorter = _lint(tmp_path, settings=WorkspaceSettings(stale_after_days=60))
    shorter_locs = [f.loc[:2] for f in shorter if f.code == "JL207"]
    assert shorter_locs == [("stages", 0), ("stages", 0), ("touchpoints", 0)]  # 62 days old is stale after 60


def test_a_workspace_setting_reaches_lint_paths(tmp_path: Path) -> None:
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "loan.yaml").write_text(MAP, encoding="utf-8")
    (tmp_path / "journeymap.yaml").write_text("journeymap: 1\nname: Loans\n", encoding="utf-8")
    default = [f for f in lint_paths([tmp_path]) if f.code == "JL207"]
    assert len(default) == 2  # the default, 180 days (counted to the real today: both were old already)
    (tmp_path / "journeymap.yaml").write_text(
        "journeymap: 1\nname: Loans\nsettings:\n  stale_after_days: 100000\n", encoding="utf-8"
    )
    for target in (tmp_path, tmp_path / "maps" / "loan.yaml"):
        assert [f.loc[0] for f in lint_paths([target]) if f.code == "JL207"] == ["touchpoints"]


def test_jl205_and_jl208_do_not_both_report_a_moment_without_evidence(tmp_path: Path) -> None:
    text = MAP.replace("estimated: true", "estimated: false")
    path = tmp_path / "map.yaml"
    path.write_text(text, encoding="utf-8")
    findings = lint_map(read_map(path), today=TODAY)
    on_pay = [f.code for f in findings if f.loc == ("moments_of_truth", 1)]
    assert on_pay == ["JL205"]


def test_a_to_be_map_has_no_jl208(tmp_path: Path) -> None:
    findings = _lint(tmp_path, "state: to-be\n" + MAP)
    assert [f.code for f in findings] == ["JL207", "JL207"]


def test_a_map_measured_recently_and_fully_has_no_findings(tmp_path: Path) -> None:
    text = (
        MAP.replace("measured_on: 2026-03-16", "measured_on: 2026-11-16")
        .replace("n: 1840}", "n: 1840, measured_on: 2026-10-05}")
        .replace("title: First payment taken, importance: 7, estimated: true", "title: First payment, importance: 7, "
                 "evidence: [{dataset: survey-q1, n: 58, measured_on: 2026-11-16}]")
        .replace("{dataset: interviews, quote: Nobody told me}", "{dataset: diary, n: 12, measured_on: 2026-11-20}")
    )  # fmt: skip
    assert _lint(tmp_path, text) == []


def test_the_examples_gain_warnings_not_errors() -> None:
    findings = lint_paths([EXAMPLES])
    evidence = [f for f in findings if f.code in ("JL207", "JL208")]
    assert evidence and all(f.severity is Severity.WARNING for f in evidence)
    assert not [f for f in findings if f.is_error]
    shown = json.dumps([f.to_dict() for f in evidence])
    assert "Borrowing calculator" in shown and "Money arriving on completion day" in shown
