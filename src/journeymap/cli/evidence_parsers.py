"""The command-line shapes of the evidence commands that compare evidence with a map or with itself: ``conform``
(planned vs actual journey), ``refresh`` (re-measure a workspace from its declared sources) and
``evidence compare`` (change between two survey waves). Kept apart from :mod:`.main` so each stays small."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .main import _Parser

__all__ = ["add_compare", "add_conform", "add_discover", "add_refresh"]

Command = Callable[["argparse._SubParsersAction[_Parser]", str, str, str], "_Parser"]


def add_conform(sub: argparse._SubParsersAction[_Parser], command: Command) -> None:
    """``journeymap conform MAP LOG [--steps MAPPING.yaml] --format table|json|html``."""
    conform = command(
        sub,
        "conform",
        "Planned vs actual: how the cases of an event log follow the steps of a map.",
        "conform:cmd_conform",
    )
    conform.add_argument("map", metavar="MAP", help="map file")
    conform.add_argument("log", metavar="LOG", help="event log: CSV, Parquet, XES or XES.gz")
    conform.add_argument(
        "--steps", metavar="MAPPING.yaml", help="step id → activities ('step-id: [activity, …]'); by name without it"
    )
    conform.add_argument("--case", metavar="COL", help="case (customer) id column")
    conform.add_argument("--activity", metavar="COL", help="activity (touchpoint) column")
    conform.add_argument("--time", metavar="COL", help="timestamp column")
    conform.add_argument("--format", choices=("table", "json", "html"), default="table", help="output format")
    conform.add_argument("-o", "--output", metavar="FILE", help="output file; stdout without it")
    conform.add_argument(
        "--write-map", metavar="OUT.yaml", help="write the map with 'reach' and 'drop-off' lanes from the log"
    )


def add_refresh(sub: argparse._SubParsersAction[_Parser], command: Command) -> None:
    """``journeymap refresh WORKSPACE``."""
    refresh = command(
        sub,
        "refresh",
        "Re-measure every map of a workspace from the evidence sources it declares.",
        "refresh:cmd_refresh",
    )
    refresh.add_argument("workspace", metavar="WORKSPACE", help="workspace folder (with journeymap.yaml)")
    refresh.add_argument("--map", metavar="ID", action="append", help="only this map (repeatable)")
    refresh.add_argument("--dry-run", action="store_true", help="measure and report, write nothing")
    refresh.add_argument("--format", choices=("table", "json"), default="table", help="output format")


def add_compare(sub: argparse._SubParsersAction[_Parser], command: Command) -> None:
    """``journeymap evidence compare BEFORE [AFTER] [--period COL]``; the caller adds the survey options."""
    compare = command(
        sub,
        "compare",
        "Change between two survey waves per element: difference in means, 95 %% CI, Welch t-test.",
        "waves:cmd_compare",
    )
    compare.add_argument("before", metavar="FILE", help="survey file (the earlier wave, or both with --period)")
    compare.add_argument("after", metavar="AFTER", nargs="?", help="survey file of the later wave")
    compare.add_argument("--period", metavar="COL", help="column telling the waves apart (one file)")
    compare.add_argument("--baseline", metavar="VALUE", help="--period value of the earlier wave")
    compare.add_argument("--current", metavar="VALUE", help="--period value of the later wave")
    compare.add_argument("--alpha", type=float, default=0.05, help="significance level (default 0.05)")
    compare.add_argument("--format", choices=("table", "json"), default="table", help="output format")


def add_discover(sub: argparse._SubParsersAction[_Parser], command: Command) -> None:
    """``journeymap discover LOG``: the columns, the filters (applied first), the funnel, waits, names, outputs;
    the caller adds the engine options."""
    discover = command(
        sub,
        "discover",
        "Discover the journey from an event log: paths, flows, funnel, outcomes.",
        "discover:cmd_discover",
    )
    discover.add_argument("log", metavar="LOG", help="event log: CSV, Parquet, XES or XES.gz")
    discover.add_argument("--case", metavar="COL", help="case (customer) id column")
    discover.add_argument("--activity", metavar="COL", help="activity (touchpoint) column")
    discover.add_argument("--time", metavar="COL", help="timestamp column")
    discover.add_argument("--channel", metavar="COL", help="channel column (optional)")
    discover.add_argument("--format", choices=("table", "json"), default="table", help="output format")
    discover.add_argument("--draft-map", metavar="OUT.yaml", help="write a draft as-is map of the journey")
    discover.add_argument("--svg", metavar="PREFIX", help="write PREFIX-flow.svg and PREFIX-funnel.svg")
    group = discover.add_argument_group("what to discover (applied to the events before anything else)")
    group.add_argument(
        "--include", metavar="PATTERN", action="append", default=[],
        help="keep only activities matching: an exact name or a glob such as 'A_*' or '*call*' (repeatable)",
    )  # fmt: skip
    group.add_argument(
        "--exclude", metavar="PATTERN", action="append", default=[],
        help="drop activities matching: an exact name or a glob such as 'W_*' (repeatable)",
    )  # fmt: skip
    group.add_argument(
        "--lifecycle", metavar="COL",
        help="lifecycle column (found without it: XES lifecycle:transition; CSV lifecycle, lifecycle:transition, "
        "event_type)",
    )  # fmt: skip
    group.add_argument(
        "--lifecycle-keep", choices=("complete", "start", "all"), default="complete",
        help="start and complete of one activity are one step: keep the complete events (default; a step counts "
        "when done), the start events (when work begins), or all events",
    )  # fmt: skip
    group.add_argument(
        "--funnel", metavar="A,B,C",
        help="an ordered funnel of these activities: cases reaching A, then B after A, then C after B",
    )  # fmt: skip
    group.add_argument(
        "--waits", choices=("first", "direct"), default="first",
        help="waits shown in the funnel and draft map: first A → first B (default) or the direct A → B transition",
    )  # fmt: skip
    group.add_argument(
        "--names", metavar="MAPPING.yaml",
        help="step names for every output, stages for the draft map: 'activities: {CODE: Name}', "
        "'stages: {Stage: [CODE, …]}'",
    )  # fmt: skip
