"""The ``journeymap feedback`` commands as scripts use them: exact JSON Lines shape, measure/accept writing maps
atomically, evaluate's figures, located errors without tracebacks."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from journeymap.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "home-loan"
MAP = EXAMPLE / "maps" / "home-loan-as-is.yaml"
COMMENTS = EXAMPLE / "evidence" / "feedback" / "comments.csv"
DEV = ROOT / "tests" / "feedback" / "data" / "home-loan-dev.csv"
KEYS = ["row", "id", "element", "element_score", "sentiment", "sentiment_score", "themes"]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of the home-loan workspace (its map refers to the workspace's persona)."""
    target = tmp_path / "home-loan"
    shutil.copytree(EXAMPLE, target)
    return target


def _small_feedback(path: Path, rows: int = 60) -> Path:
    with DEV.open(newline="", encoding="utf-8") as source, path.open("w", newline="", encoding="utf-8") as target:
        reader = csv.DictReader(source)
        writer = csv.DictWriter(target, fieldnames=list(reader.fieldnames or []))
        writer.writeheader()
        for index, row in enumerate(reader):
            if index >= rows:
                break
            writer.writerow(row)
    return path


def _element_ids(map_path: Path) -> set[str]:
    from journeymap.core.context import load_map_and_context

    m = load_map_and_context(map_path)[0]
    return {s.id for s in m.steps} | {t.id for t in m.touchpoints}


def test_classify_jsonl_shape(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    feedback = _small_feedback(workspace / "fb.csv")
    code = main(["feedback", "classify", str(feedback), "--text", "text", "--id", "id",
                 "--map", str(workspace / "maps" / "home-loan-as-is.yaml"), "--format", "jsonl"])  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 60
    ids = _element_ids(workspace / "maps" / "home-loan-as-is.yaml")
    for number, record in enumerate(records, start=1):
        assert list(record) == KEYS
        assert record["row"] == number and record["id"] == f"HL-{number:04d}"
        assert record["element"] is None or record["element"] in ids
        assert record["sentiment"] in ("negative", "neutral", "positive")
        assert 0 <= record["sentiment_score"] <= 1 and isinstance(record["element_score"], float)
        assert isinstance(record["themes"], list)
    assert "60 comments classified" in err


def test_classify_csv_and_an_element_column_that_wins(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    feedback = _small_feedback(workspace / "fb.csv", rows=5)
    target = workspace / "out.csv"
    code = main(["feedback", "classify", str(feedback), "--text", "text", "--element", "element", "--map",
                 str(workspace / "maps" / "home-loan-as-is.yaml"), "--format", "csv", "-o", str(target)])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    with target.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == KEYS
    with feedback.open(encoding="utf-8") as handle:
        given = [row["element"] or None for row in csv.DictReader(handle)]
    for row, element in zip(rows, given, strict=True):
        if element is not None:
            assert row["element"] == element and float(row["element_score"]) == 1.0


def test_classify_interview_notes(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = workspace / "notes"
    notes.mkdir()
    (notes / "one.md").write_text("**Interviewer:** How was it?\n\n**Customer:** The valuer never came.\n")
    code = main(["feedback", "classify", str(notes), "--map", str(workspace / "maps" / "home-loan-as-is.yaml"),
                 "--format", "jsonl"])  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0, err
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["one.md:1", "one.md:3"]


def test_measure_then_accept(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = workspace / "maps" / "home-loan-as-is.yaml"  # measured in place, as -o MAP is meant
    feedback = _small_feedback(workspace / "fb.csv", rows=600)  # suggestions need phrases shared by 2+ comments
    code = main(["feedback", "measure", str(target), str(feedback), "--text", "text", "--id", "id", "--date", "date",
                 "--min-count", "2", "-o", str(target)])  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.splitlines()[0].split() == ["step", "comments", "negative", "share", "(95", "%", "CI)", "themes"]
    suggestions = workspace / "suggestions" / "home-loan-as-is.suggestions.yaml"  # not in maps/: it is no map
    assert target.exists() and suggestions.exists()
    assert f"wrote {target}" in err and "suggestions" in err

    from journeymap.core.context import load_map_and_context
    from journeymap.feedback.suggest import read_suggestions
    from journeymap.model import LaneKind

    measured = load_map_and_context(target)[0]
    counted = [s.feedback for s in measured.steps if s.feedback is not None]
    assert counted and all(f.dataset == "fb" and f.quotes for f in counted)
    found = read_suggestions(suggestions)
    assert found.items and found.map == measured.id
    lane = measured.lane(LaneKind.PAIN_POINTS)
    cards = len(lane.cards) if lane else 0

    code = main(["feedback", "accept", str(target), str(suggestions), "--id", found.items[0].id, "-o", str(target)])
    assert code == 0, capsys.readouterr().err
    result = load_map_and_context(target)[0]
    lane = result.lane(LaneKind.PAIN_POINTS)
    assert lane is not None and len(lane.cards) == cards + 1
    assert lane.cards[-1].text == found.items[0].text and lane.cards[-1].evidence


def test_a_missing_column_writes_nothing(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    feedback = _small_feedback(workspace / "fb.csv", rows=3)
    target = workspace / "maps" / "measured.yaml"
    code = main(["feedback", "measure", str(workspace / "maps" / "home-loan-as-is.yaml"), str(feedback),
                 "--text", "comment", "-o", str(target)])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1
    assert "fb.csv:1: JE220 no column 'comment' (--text)" in err and "Traceback" not in err
    assert not target.exists() and not list(target.parent.glob("measured*"))


def test_evaluate_sentiment_and_element(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    feedback = _small_feedback(workspace / "fb.csv", rows=160)
    map_path = str(workspace / "maps" / "home-loan-as-is.yaml")
    code = main(["feedback", "evaluate", str(feedback), "--text", "text", "--truth", "sentiment", "--map", map_path,
                 "--curve", "0,50"])  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.startswith("task: sentiment (no confirmations), n = 160")
    assert "macro-F1" in out and "confusion matrix" in out and "baseline VADER" in out
    assert "learning curve (confirmations drawn from 80, scored on 80 others)" in out

    code = main(["feedback", "evaluate", str(feedback), "--text", "text", "--truth", "element", "--map", map_path,
                 "--curve", "0", "--format", "json"])  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0, err
    result = json.loads(out)
    assert result["task"] == "element" and result["scores"]["n"] == 160
    matrix = result["scores"]["confusion"]
    assert sum(map(sum, matrix)) == 160 and len(matrix) == len(result["scores"]["labels"])
    assert 0 <= result["scores"]["macro_f1"] <= result["scores"]["accuracy"] + 1
    assert [p["confirmations"] for p in result["learning_curve"]["points"]] == [0]


def test_evaluate_with_confirmations(workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with DEV.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    labels = tmp_path / "confirmed.csv"
    with labels.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "element", "sentiment"])
        writer.writerows([row["text"], row["element"], row["sentiment"]] for row in rows[100:160])
    feedback = _small_feedback(workspace / "fb.csv", rows=80)
    code = main(["feedback", "evaluate", str(feedback), "--text", "text", "--truth", "sentiment", "--map",
                 str(workspace / "maps" / "home-loan-as-is.yaml"), "--labels", str(labels), "--curve", "0,50",
                 "--format", "json"])  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0, err
    result = json.loads(out)
    assert result["classifier"] == f"trained on {labels}" and result["scores"]["n"] == 80
    assert result["learning_curve"]["train"] == 60 and result["learning_curve"]["test"] == 80
    assert [p["confirmations"] for p in result["learning_curve"]["points"]] == [0, 50]


def test_evaluate_refuses_a_truth_column_without_labels(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = workspace / "unlabelled.csv"
    path.write_text("text,sentiment\nslow,\nfast,\n", encoding="utf-8")
    code = main(["feedback", "evaluate", str(path), "--text", "text", "--truth", "sentiment", "--task", "sentiment",
                 "--map", str(workspace / "maps" / "home-loan-as-is.yaml")])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1 and "JE227" in err
