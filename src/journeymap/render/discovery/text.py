"""A discovered journey as plain text for a terminal (the table of ``journeymap discover``): summary, main path,
funnel, top variants, directly-follows flows, start and end activities, channels.

With step names (``--names``) every step is shown by its name: in the tables with its activity code in brackets
when the two differ ("Submit application (A_SUBMITTED)"), in the paths and variants by the name alone."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..text_grid import grid

if TYPE_CHECKING:
    from ...evidence.discovery import Discovery

__all__ = ["SHOWN_FLOWS", "render_discovery_text"]

SHOWN_FLOWS = 25
"""Directly-follows flows listed in the table (all of them are in the JSON)."""


def render_discovery_text(result: Discovery) -> str:
    """The discovery as plain text for a terminal: summary, main path, funnel, top variants, flows, starts, ends."""
    out = _summary(result)
    out += ["", "Main path (" + result.main_path_rule + "):", "  " + (_chain(result, result.main_path) or "–")]
    out += ["", f"Funnel ({result.funnel_rule})", *_funnel(result)]
    out += ["", "Outcomes (the last activity of each case)", *_outcomes(result)]
    out += ["", f"Top variants ({len(result.top_variants)} of {result.variant_count:,})", *_variants(result)]
    out += _flows(result)
    out += ["", "Start activities"]
    starts = [[_label(result, a), f"{n:,}"] for a, n in result.start_activities.items()]
    out += grid(["activity", "cases"], starts, right={1})
    out += ["", "End activities"]
    ends = [[_label(result, a), f"{n:,}"] for a, n in result.end_activities.items()]
    out += grid(["activity", "cases"], ends, right={1})
    if result.has_channel:
        out += ["", "Channels per activity"]
        channels = [[_label(result, a.activity), ", ".join(f"{c} {n:,}" for c, n in a.channels) or "–"]
                    for a in result.activities]  # fmt: skip
        out += grid(["activity", "channels (events)"], channels)
    return "\n".join(out) + "\n"


def _summary(result: Discovery) -> list[str]:
    from ...evidence.discovery import format_duration

    period = ""
    if result.first_time and result.last_time:
        period = f"{result.first_time:%Y-%m-%d} – {result.last_time:%Y-%m-%d}"
    summary = [
        ("Event log", result.source or "–"),
        ("Cases", f"{result.cases:,}"),
        ("Events", f"{result.events:,}"),
        ("Activities", f"{result.activity_count:,}"),
        ("Variants", f"{result.variant_count:,}"),
        ("Period", period or "–"),
        ("Median case duration", format_duration(result.median_case_seconds)),
        *_kept(result),
    ]
    width = max(len(k) for k, _ in summary)
    return [f"{k.ljust(width)}  {v}" for k, v in summary]


def _kept(result: Discovery) -> list[tuple[str, str]]:
    """What the filters kept, when any applied: the patterns and the lifecycle rule, with the events dropped."""
    kept = result.filters
    if not kept:
        return []
    lines = []
    if kept.get("include") or kept.get("exclude"):
        patterns = [f"include {p}" for p in kept.get("include", [])] + [f"exclude {p}" for p in kept.get("exclude", [])]
        dropped = len(kept.get("activities_excluded", []))
        lines.append(("Activity filters", f"{', '.join(patterns)} ({dropped:,} activities left out)"))
    if kept.get("lifecycle"):
        column = kept.get("lifecycle_column") or "lifecycle"
        lines.append(("Lifecycle", f"keep {kept['lifecycle']} events (column {column!r})"))
    read, left = int(kept.get("events_read", 0)), int(kept.get("events_kept", 0))
    if read != left:
        lines.append(("Events read", f"{read:,} ({read - left:,} left out by the filters)"))
    return lines


def _funnel(result: Discovery) -> list[str]:
    from ...evidence.discovery import format_duration

    rows = [
        [
            str(i + 1),
            _label(result, s.activity),
            f"{s.cases:,}",
            f"{s.share * 100:.1f} %",
            "–" if i == 0 else f"{s.drop_off:,}",
            f"{s.stop_share * 100:.1f} %",
            "–" if i == 0 else format_duration(s.median_seconds_from_previous),
        ]
        for i, s in enumerate(result.funnel)
    ]
    headers = ["#", "step", "cases", "% of first", "drop-off", "stop here", result.wait_label]
    return grid(headers, rows, right={0, 2, 3, 4, 5})


def _outcomes(result: Discovery) -> list[str]:
    from ...evidence.discovery import format_duration

    first = result.step_name(result.funnel[0].activity) if result.funnel else "the first step"
    rows = [
        [
            _label(result, o.activity),
            f"{o.cases:,}",
            f"{o.share * 100:.1f} %",
            format_duration(o.median_seconds_from_first_step),
        ]
        for o in result.outcomes
    ]
    return grid(["outcome", "cases", "share", f"median wait (first {first} → first outcome)"], rows, right={1, 2})


def _variants(result: Discovery) -> list[str]:
    rows = [
        [
            str(i + 1),
            f"{v.cases:,}",
            _share(v.cases, result.cases),
            str(len(v.activities)),
            _chain(result, v.activities),
        ]
        for i, v in enumerate(result.top_variants)
    ]
    return grid(["#", "cases", "share", "steps", "variant"], rows, right={0, 1, 2, 3})


def _flows(result: Discovery) -> list[str]:
    from ...evidence.discovery import format_duration

    flows = result.directly_follows[:SHOWN_FLOWS]
    more = len(result.directly_follows) - len(flows)
    heading = f"Directly-follows flows ({len(result.directly_follows):,}"
    heading += f"; the {len(flows)} most frequent shown, all in --format json)" if more else ")"
    rows = [
        [_label(result, f.source), _label(result, f.target), f"{f.count:,}", format_duration(f.median_seconds)]
        for f in flows
    ]
    return ["", heading, *grid(["from", "to", "count", "median gap"], rows, right={2, 3})]


def _label(result: Discovery, activity: str) -> str:
    """The step's name with its activity code in brackets when they differ, else the code."""
    name = result.step_name(activity)
    return activity if name == activity else f"{name} ({activity})"


def _chain(result: Discovery, activities: Sequence[str]) -> str:
    return " → ".join(result.step_name(a) for a in activities)


def _share(part: int, whole: int) -> str:
    return f"{part / whole * 100:.1f} %" if whole else "–"
