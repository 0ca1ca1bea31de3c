"""Precision and recall of the phrasing rules on the labelled card texts stay where they were measured.

The numbers come from ``python tools/lint_quality.py`` (positive class = badly phrased). Each threshold is set a
little under the value measured when the classifiers were finished, separately for the development split (tuned
on) and the held-out split (never tuned on); every rule must also meet the floor on both splits.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
FLOOR = 0.85

# (rule, split): (precision, recall) thresholds; measured values in the comments
THRESHOLDS = {
    ("JL101", "dev"): (0.98, 0.88),  # 100.0 %, 90.2 % (third person good since issue 14)
    ("JL101", "holdout"): (0.95, 0.85),  # 100.0 %, 86.5 % (97.8 % before the fixes for cards by others)
    ("JL102", "dev"): (0.98, 0.98),  # 100.0 %, 100.0 %
    ("JL102", "holdout"): (0.98, 0.98),  # 100.0 %, 100.0 %
    ("JL103", "dev"): (0.98, 0.98),  # 100.0 %, 100.0 %
    ("JL103", "holdout"): (0.98, 0.96),  # 100.0 %, 98.1 %
    ("JL104", "dev"): (0.98, 0.96),  # 100.0 %, 98.1 %
    ("JL104", "holdout"): (0.94, 0.94),  # 96.3 %, 96.3 %
    ("JL105", "dev"): (0.96, 0.98),  # 98.1 %, 100.0 %
    ("JL105", "holdout"): (0.96, 0.92),  # 98.0 %, 94.3 %
    ("JL106", "dev"): (0.98, 0.98),  # 100.0 %, 100.0 %
    ("JL106", "holdout"): (0.92, 0.94),  # 94.6 %, 96.4 %
    ("all", "dev"): (0.98, 0.96),  # 99.7 %, 98.1 %
    ("all", "holdout"): (0.96, 0.93),  # 98.1 %, 95.3 %
}


@cache
def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("lint_quality", ROOT / "tools" / "lint_quality.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("lint_quality", module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@cache
def _scores() -> dict[tuple[str, str], Any]:
    tool = _tool()
    scores: dict[tuple[str, str], Any] = tool.measure(tool.load_examples())
    return scores


def test_the_labelled_set_is_large_balanced_and_split() -> None:
    examples = _tool().load_examples()
    per_rule = Counter(e.rule for e in examples)
    assert set(per_rule) == {"JL101", "JL102", "JL103", "JL104", "JL105", "JL106"}
    assert min(per_rule.values()) >= 300, per_rule
    for rule in per_rule:
        for split in ("dev", "holdout"):
            part = [e for e in examples if e.rule == rule and e.split == split]
            bad_share = sum(e.bad for e in part) / len(part)
            assert len(part) >= 150 and 0.25 <= bad_share <= 0.40, (rule, split, len(part), bad_share)
        dev = {e.text for e in examples if e.rule == rule and e.split == "dev"}
        holdout = {e.text for e in examples if e.rule == rule and e.split == "holdout"}
        assert not dev & holdout, f"{rule}: texts in both splits: {sorted(dev & holdout)}"


@pytest.mark.parametrize(("rule", "split"), sorted(THRESHOLDS))
def test_precision_and_recall_hold(rule: str, split: str) -> None:
    score = _scores()[(rule, split)]
    precision, recall = THRESHOLDS[(rule, split)]
    errors = [f"{kind}: {example.text!r} ({reason})" for example, kind, reason in getattr(score, "errors", [])]
    assert score.precision >= precision, errors
    assert score.recall >= recall, errors
    assert score.precision >= FLOOR and score.recall >= FLOOR


def test_the_tool_prints_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert _tool().main([]) == 0
    out = capsys.readouterr().out
    assert "precision" in out and "recall" in out and "confusion table" in out
    for rule in ("JL101", "JL102", "JL103", "JL104", "JL105", "JL106"):
        assert f"{rule} " in out
