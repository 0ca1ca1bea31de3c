"""``journeymap feedback classify | measure | evaluate | accept``: free-text feedback as evidence on a map.

Every file is written atomically (a temporary file beside it, then renamed): a failure leaves no half-written map,
suggestions file or output behind. Warnings about skipped rows go to stderr, located (``file.csv:LINE``).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ..errors import Problem, ProblemsError
from .output import print_problems

if TYPE_CHECKING:
    from ..feedback.comments import Comment
    from ..feedback.read import FeedbackReader
    from ..model import Map

__all__ = ["cmd_accept", "cmd_classify", "cmd_evaluate", "cmd_measure"]

CLASSIFY_KEYS = ("row", "id", "element", "element_score", "sentiment", "sentiment_score", "themes")


def _reader(args: argparse.Namespace, *, progress: bool | None = None) -> FeedbackReader:
    from ..feedback.read import ColumnSpec, open_feedback

    path = Path(args.file)
    if args.text is None:
        if not path.is_dir():
            raise ProblemsError([Problem("JE220", str(path), "no text column named", "give --text COLUMN")])
        return open_feedback(path, None, progress=progress)
    spec = ColumnSpec(args.text, args.id, args.date, args.segment, args.rating, args.channel, args.element)
    return open_feedback(path, spec, sheet=args.sheet, progress=progress)


def _load_map(path: str) -> Map:
    from ..core.context import load_map_and_context

    journey_map, _ = load_map_and_context(Path(path))
    return journey_map


def _write_map(m: Map, source: str, target: str) -> None:
    from ..files.document import read_document
    from ..files.dump import dump_map
    from .output import write_output

    previous = read_document(Path(source)) if Path(source).suffix.lower() in (".yaml", ".yml") else None
    fmt = "json" if target.lower().endswith(".json") else "yaml"
    write_output(dump_map(m, fmt=fmt, previous=previous).encode("utf-8"), target)


@contextmanager
def _output(target: str | None) -> Iterator[IO[str]]:
    if target is None or target == "-":
        try:
            yield sys.stdout
            sys.stdout.flush()
        except BrokenPipeError:  # the reader stopped early (``| head``): no error, nothing more to write
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return
    from ..files.atomic import atomic_file

    with atomic_file(target) as handle:
        text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
        yield text
        text.flush()
        text.detach()  # atomic_file closes the file once it is on disk


def _record(comment: Comment, answer: Any, tally: Any) -> dict[str, Any]:
    element = tally.element_of(comment, answer)
    given = comment.element is not None and tally.names_element(comment.element)
    ident = comment.id if comment.id is not None or comment.unit is None else f"{comment.source}:{comment.line}"
    return {
        "row": comment.row,
        "id": ident,
        "element": element,
        "element_score": 1.0 if given else answer.element_score,
        "sentiment": answer.sentiment,
        "sentiment_score": answer.sentiment_score,
        "themes": list(answer.themes),
    }


def cmd_classify(args: argparse.Namespace) -> int:
    from ..feedback.measure import FeedbackTally
    from ..feedback.measure_run import classified, classifier_for

    journey_map = _load_map(args.map)
    classifier = classifier_for(journey_map, args.labels, args.rules)
    reader = _reader(args)
    tally = FeedbackTally(journey_map)  # resolves an --element column against the map
    count = 0
    with _output(args.output) as out:
        writer = csv.writer(out, lineterminator="\n") if args.format == "csv" else None
        if writer is not None:
            writer.writerow(CLASSIFY_KEYS)
        elif args.format == "table":
            out.write(f"{'row':>6}  {'element':<22} {'score':>5}  {'sentiment':<9} {'score':>5}  themes\n")
        for comments, answers in classified(reader, classifier):
            for comment, answer in zip(comments, answers, strict=True):
                record = _record(comment, answer, tally)
                count += 1
                if args.format == "jsonl":
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                elif writer is not None:
                    writer.writerow([*list(record.values())[:-1], "; ".join(record["themes"])])
                else:
                    out.write(_table_row(record))
    print_problems([*reader.problems(), *tally.problems(str(reader.path))])
    sys.stderr.write(f"{count:,} comments classified against {journey_map.id}\n")
    return 0


def _table_row(record: dict[str, Any]) -> str:
    element = str(record["element"] or "—")[:22]
    themes = ", ".join(record["themes"])
    return (
        f"{record['row']:>6}  {element:<22} {record['element_score']:>5.2f}  {record['sentiment']:<9} "
        f"{record['sentiment_score']:>5.2f}  {themes}\n"
    )


def cmd_measure(args: argparse.Namespace) -> int:
    from ..feedback.measure_run import classifier_for, measure_feedback
    from ..feedback.suggest import write_suggestions

    journey_map = _load_map(args.map)
    classifier = classifier_for(journey_map, args.labels, args.rules)
    found = measure_feedback(journey_map, _reader(args), classifier, min_count=max(1, args.min_count))
    print_problems(found.problems)
    target = Path(args.suggestions) if args.suggestions else _suggestions_path(Path(args.output))
    _write_map(found.map, args.map, args.output)
    write_suggestions(target, found.suggestions)
    sys.stdout.write(_measure_table(found.map, found.suggestions.dataset))
    steps, points = found.measured
    tally = found.tally
    placed = sum(t.comments for key, t in tally.tallies.items() if tally.step_of(key) == key)
    sys.stderr.write(
        f"wrote {args.output}: {steps} steps and {points} touchpoints measured from {found.suggestions.dataset} "
        f"({placed:,} comments placed, {tally.unplaced:,} about no step)\n"
        f"wrote {target}: {len(found.suggestions.items)} suggestions "
        f"(accept with: journeymap feedback accept {args.output} {target} --id ID … -o {args.output})\n"
    )
    return 0


def _measure_table(m: Map, dataset: str) -> str:
    """Per step (in time order): comments, negative, share negative with its interval, top themes."""
    lines = [f"{'step':<28} {'comments':>8} {'negative':>8}  {'share (95 % CI)':<20} themes"]
    for step in m.steps:
        found = step.feedback
        if found is None or found.dataset != dataset:
            continue
        low, high = found.ci95
        share = f"{found.share_negative:.0%} ({low:.0%}–{high:.0%})"
        themes = ", ".join(f"{t.theme} {t.count}" for t in found.themes[:3])
        lines.append(f"{step.name[:28]:<28} {found.comments:>8,} {found.negative:>8,}  {share:<20} {themes}")
    return "\n".join(lines) + "\n"


def _suggestions_path(output: Path) -> Path:
    """Beside the map written — but not in a workspace's ``maps/`` or ``personas/`` folder, whose every YAML file
    is read as a map: there, in the workspace's ``suggestions/`` folder."""
    from ..files.loader import find_workspace_root

    name = f"{output.stem}.suggestions.yaml"
    root = find_workspace_root(output)
    if root is not None and output.resolve().parent.name in ("maps", "personas"):
        return root / "suggestions" / name
    return output.with_name(name)


def cmd_accept(args: argparse.Namespace) -> int:
    from ..feedback.suggest import accept, read_suggestions

    journey_map = _load_map(args.map)
    found = read_suggestions(args.suggestions)
    changed, accepted = accept(journey_map, found, None if args.all else args.id)
    _write_map(changed, args.map, args.output)
    kinds = ", ".join(sorted({a.kind for a in accepted})) or "nothing"
    sys.stderr.write(f"wrote {args.output}: {len(accepted)} cards added ({kinds})\n")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from .feedback_evaluate import evaluate_command

    code: int = evaluate_command(args, _reader, _load_map)
    return code
