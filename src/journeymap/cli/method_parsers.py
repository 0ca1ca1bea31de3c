"""The command-line shape of ``journeymap method`` (kept out of :mod:`.main` so each stays small)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .main import _Parser

__all__ = ["add_method"]

Command = Callable[["argparse._SubParsersAction[_Parser]", str, str, str], "_Parser"]


def add_method(sub: argparse._SubParsersAction[_Parser], command: Command) -> None:
    """``method WORKSPACE [--initiative ID] [--format table|json|html] [-o FILE]``."""
    method = command(
        sub,
        "method",
        "Where each initiative stands in the method: the 5Cs, the eight stages, the four iterations.",
        "method:cmd_method",
    )
    method.add_argument("workspace", metavar="WORKSPACE", help="workspace folder")
    method.add_argument("--initiative", metavar="ID", help="only this initiative (all of them without it)")
    method.add_argument("--format", choices=("table", "json", "html"), default="table", help="output format")
    method.add_argument("-o", "--output", metavar="FILE", help="output file; stdout without it")
