"""``journeymap evidence compare FILE [AFTER] [--period COL]``: the change of every step and touchpoint between two
survey waves — change in mean, its 95 % interval and Welch's t-test — as a table for people or as JSON."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .json_text import json_text

if TYPE_CHECKING:
    from ..evidence.waves import WaveComparison, WaveRow, WaveSide

__all__ = ["cmd_compare"]


def cmd_compare(args: argparse.Namespace) -> int:
    from ..evidence.survey_spec import spec_from_options
    from ..evidence.waves import compare_waves
    from .evidence import engine_from_args

    spec = spec_from_options(args)
    with engine_from_args(args) as engine:
        result = compare_waves(
            engine,
            Path(args.before),
            Path(args.after) if args.after else None,
            spec,
            period=args.period,
            baseline=args.baseline,
            current=args.current,
            alpha=args.alpha,
        )
    if args.format == "json":
        sys.stdout.write(json_text(result.to_json()))
    else:
        sys.stdout.write(render_table(result))
    return 0


def _num(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _p(value: float | None) -> str:
    if value is None:
        return "—"
    return "<0.001" if value < 0.001 else f"{value:.3f}"


def _n(side: WaveSide | None) -> str:
    """n, with the effective n beside it when weights make it differ."""
    if side is None:
        return "—"
    return str(side.n) if abs(side.n_effective - side.n) < 1e-9 else f"{side.n} (eff. {side.n_effective:.1f})"


def _cells(r: WaveRow) -> tuple[str, ...]:
    a, b, test = r.baseline, r.current, r.test
    diff = r.diff
    return (
        r.element,
        r.measure,
        r.segment or "all",
        _n(a),
        _num(None if a is None else a.mean),
        _n(b),
        _num(None if b is None else b.mean),
        "—" if diff is None else f"{diff:+.2f}",
        "—" if test is None else f"{test.ci95[0]:+.2f} to {test.ci95[1]:+.2f}",
        _p(None if test is None else test.p),
        ("▼ " if r.significant_drop else "") + r.note,
    )


def render_table(result: WaveComparison) -> str:
    """The comparison as a table: one row per element, measure and segment; significant drops marked ▼."""
    n_said = "effective n (Kish)" if result.weighted else "n"
    lines = [
        f"Change from {result.baseline} (1) to {result.current} (2): mean₂ − mean₁, 95 % interval and Welch's "
        f"t-test (α = {result.alpha:g}, with {n_said})",
    ]
    header = ("element", "measure", "segment", "n₁", "mean₁", "n₂", "mean₂", "change", "95 % CI", "p", "")
    table = [header, *(_cells(r) for r in result.rows)]
    if all(r.segment is None for r in result.rows):  # no segments: no segment column
        table = [row[:2] + row[3:] for row in table]
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    for row in table:
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    drops = result.drops
    lines.append(
        f"{len(drops)} significant drop{'s' if len(drops) != 1 else ''} (▼: change < 0 and p < {result.alpha:g})"
        if drops
        else f"no significant drop (p < {result.alpha:g})"
    )
    return "\n".join(lines) + "\n"
