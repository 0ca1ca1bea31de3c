"""Planned vs actual as plain text for a terminal (the table of ``journeymap conform``): the summary, one row per
linked step, the most common deviations, and what was left out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .text_grid import grid

if TYPE_CHECKING:
    from ..evidence.conform import Conformance, StepConformance

__all__ = ["SHOWN_DEVIATIONS", "percent", "render_conform_text", "step_rows"]

SHOWN_DEVIATIONS = 10
"""Deviations listed in the table (all of them are in the JSON)."""

STEP_HEADERS = ["#", "step", "cases", "share", "drop-off", "median to next", "skipped", "repeated", "out of order"]


def percent(part: float, whole: float) -> str:
    """``36.2 %`` (``–`` of nothing)."""
    return f"{part / whole * 100:.1f} %" if whole else "–"


def render_conform_text(result: Conformance) -> str:
    out = _summary(result)
    out += ["", "Steps (map order; cases of the log that reach each)"]
    out += grid(STEP_HEADERS, step_rows(result), right={0, 2, 3, 4, 6, 7, 8})
    shown = result.deviations[:SHOWN_DEVIATIONS]
    out += ["", f"Most common deviations ({len(shown)} of {len(result.deviations)}; cases)"]
    out += grid(
        ["cases", "share", "deviation"],
        [[f"{d.cases:,}", percent(d.cases, result.cases), d.label] for d in shown],
        right={0, 1},
    )
    if result.unlinked:
        out += ["", "Steps linked to no activity (left out)"]
        out += grid(["step", "name"], [[s.step, s.name] for s in result.unlinked], right=set())
    if result.unmapped_activities:
        out += ["", "Activities of the log linked to no step (left out)"]
        rows = [[a, f"{n:,}"] for a, n in result.unmapped_activities]
        out += grid(["activity", "events"], rows, right={1})
    out += ["", "Rules: docs/conform.md (drop-off: cases with no later step after the step; median to next: between"]
    out += ["the first events of the step and of the next one; skipped: cases reaching a later step without it)."]
    return "\n".join(out) + "\n"


def step_rows(result: Conformance) -> list[list[str]]:
    return [_row(i, s) for i, s in enumerate(result.steps)]


def _row(index: int, step: StepConformance) -> list[str]:
    from ..evidence.discovery import format_duration

    dropoff = "–" if step.dropoff is None else f"{step.dropoff:,} ({percent(step.dropoff, step.cases)})"
    return [
        str(index + 1),
        f"{step.name} ({step.step})",
        f"{step.cases:,}",
        f"{step.share * 100:.1f} %",
        dropoff,
        "–" if step.next_step is None else format_duration(step.median_to_next_s),
        f"{step.skipped:,}",
        f"{step.repeated:,}",
        f"{step.out_of_order:,}",
    ]


def _summary(result: Conformance) -> list[str]:
    linked = len(result.steps)
    total = linked + len(result.unlinked)
    pairs = [
        ("Map", result.map_title or result.map_id or "–"),
        ("Event log", result.source or "–"),
        ("Steps linked", f"{linked} of {total}, {result.linked_by}"),
        ("Cases", f"{result.cases:,} ({result.events:,} events; {result.mapped_cases:,} reach a step of the map)"),
        ("Conforming", f"{result.conforming:,} ({percent(result.conforming, result.cases)}): the steps in map order "
         "from the first, none skipped or repeated"),
        ("In order", f"{result.in_order:,} ({percent(result.in_order, result.cases)}): forward only, skips allowed"),
    ]  # fmt: skip
    width = max(len(k) for k, _ in pairs)
    return [f"{k.ljust(width)}  {v}" for k, v in pairs]
