"""The command-line shapes of ``journeymap feedback``: classify, measure, evaluate and accept free-text feedback
(comments, reviews, tickets, interview notes). Kept apart from :mod:`.main` so each stays small."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .main import _Parser

__all__ = ["add_feedback"]

Command = Callable[["argparse._SubParsersAction[_Parser]", str, str, str], "_Parser"]
FILE_HELP = "feedback: CSV, TSV, XLSX, Parquet, JSON Lines, or a folder of .txt/.md interview notes"


def _reading(parser: _Parser) -> None:
    group = parser.add_argument_group("reading the feedback")
    group.add_argument("--text", metavar="COL", help="the column of the comment's text (required for a table)")
    group.add_argument("--id", metavar="COL", help="the comment's id column")
    group.add_argument("--date", metavar="COL", help="date column (ISO: 2026-03-31)")
    group.add_argument("--segment", metavar="COL", help="segment column (customer group, region, …)")
    group.add_argument("--rating", metavar="COL", help="rating column (a number)")
    group.add_argument("--channel", metavar="COL", help="channel column (web, app, phone, …)")
    group.add_argument(
        "--element", metavar="COL", help="a column that already names a step or touchpoint (id or name): it wins"
    )
    group.add_argument("--sheet", metavar="NAME", help="XLSX sheet (default: the first)")


def _classifying(parser: _Parser, *, labels: bool = True) -> None:
    group = parser.add_argument_group("classifying")
    if labels:
        group.add_argument(
            "--labels", metavar="CONFIRMED.csv", help="confirmed comments (text, element, sentiment) to train on"
        )
    group.add_argument("--rules", metavar="RULES.yaml", help="keyword rules: elements and themes with their words")


def add_feedback(sub: argparse._SubParsersAction[_Parser], command: Command) -> None:
    """``journeymap feedback classify|measure|evaluate|accept``."""
    feedback = command(sub, "feedback", "Free-text feedback as evidence: classify, measure, evaluate.", "")
    inner = feedback.add_subparsers(
        dest="feedback_command", metavar="COMMAND", parser_class=type(feedback), required=True
    )
    classify = command(
        inner,
        "classify",
        "The step or touchpoint, sentiment and themes of each comment, one answer per row.",
        "feedback:cmd_classify",
    )
    classify.add_argument("file", metavar="FILE", help=FILE_HELP)
    classify.add_argument("--map", metavar="MAP", required=True, help="map whose steps and touchpoints to use")
    _reading(classify)
    _classifying(classify)
    classify.add_argument("--format", choices=("jsonl", "table", "csv"), default="table", help="output format")
    classify.add_argument("-o", "--output", metavar="FILE", help="output file; stdout without it")

    measure = command(
        inner,
        "measure",
        "Write comment counts, share negative (95 %% Wilson interval), themes and quotes onto a map's steps and "
        "touchpoints; suggest pain points.",
        "feedback:cmd_measure",
    )
    measure.add_argument("map", metavar="MAP", help="map file")
    measure.add_argument("file", metavar="FILE", help=FILE_HELP)
    _reading(measure)
    _classifying(measure)
    measure.add_argument("-o", "--output", metavar="MAP", required=True, help="map file to write")
    measure.add_argument(
        "--suggestions", metavar="FILE.yaml", help="where to write suggestions (default: beside the map written)"
    )
    measure.add_argument(
        "--min-count", type=int, default=3, metavar="N", help="comments a pain point needs to be suggested (3)"
    )
    _add_evaluate_and_accept(inner, command)


def _add_evaluate_and_accept(inner: argparse._SubParsersAction[_Parser], command: Command) -> None:
    evaluate = command(
        inner,
        "evaluate",
        "Accuracy, macro-F1 and confusion matrix against a labelled column, with a learning curve.",
        "feedback:cmd_evaluate",
    )
    evaluate.add_argument("file", metavar="FILE", help="labelled feedback: CSV, TSV, XLSX, Parquet or JSON Lines")
    evaluate.add_argument("--map", metavar="MAP", required=True, help="map whose steps and touchpoints to use")
    evaluate.add_argument("--truth", metavar="COL", required=True, help="the labelled column: element or sentiment")
    evaluate.add_argument(
        "--task", choices=("element", "sentiment"), help="what --truth holds (default: told by its values)"
    )
    _reading(evaluate)
    _classifying(evaluate)
    evaluate.add_argument(
        "--curve", default="0,50,100,200,500", metavar="N,N,…", help="confirmations of the learning curve"
    )
    evaluate.add_argument("--format", choices=("table", "json"), default="table", help="output format")

    accept = command(
        inner,
        "accept",
        "Turn suggested pain points, feelings and desired outcomes into cards, their quotes as evidence.",
        "feedback:cmd_accept",
    )
    accept.add_argument("map", metavar="MAP", help="map file")
    accept.add_argument("suggestions", metavar="SUGGESTIONS", help="the suggestions file 'feedback measure' wrote")
    which = accept.add_mutually_exclusive_group(required=True)
    which.add_argument("--id", action="append", metavar="ID", help="a suggestion to accept (repeatable)")
    which.add_argument("--all", action="store_true", help="accept every suggestion")
    accept.add_argument("-o", "--output", metavar="MAP", required=True, help="map file to write")
