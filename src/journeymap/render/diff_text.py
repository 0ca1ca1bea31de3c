"""A diff of two maps as text for people: a summary, then steps, emotional levels (with Welch's test of measured
levels and significant drops marked ▼), value moments with the map's VMPI, moments of truth, touchpoints, lanes,
cards and every other detail that changed (the text output of ``journeymap diff``)."""

from __future__ import annotations

import json
from typing import Any

from ..analysis.diff_parts import EmotionChange, FieldChange
from ..analysis.diff_result import MapDiff, StepMatch, StepRef, _norm
from ..model.emotion import rounded

__all__ = ["render_diff_text"]


def _q(text: str) -> str:
    return f"“{text}”"


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.4g}"


def _priority(value: float | None) -> str:
    """A priority as every output prints it: one decimal, rounded once, half up."""
    return "—" if value is None else rounded(value)


def _signed(value: float) -> str:
    return f"{value:+.1f}" if round(value, 1) != 0 else "±0"


def _text_lines(d: MapDiff) -> list[str]:
    lines = [
        f"A: {_q(d.a_title)} ({d.a_id}, {d.a_state})",
        f"B: {_q(d.b_title)} ({d.b_id}, {d.b_state})",
        *(f"note: {n}" for n in d.notes),
        "",
    ]
    if d.is_empty:
        return [*lines, "No differences."]
    c = d.summary()
    lines.append(
        f"Steps: {c['steps_added']} added, {c['steps_removed']} removed, {c['steps_renamed']} renamed, "
        f"{c['steps_moved']} moved, {c['steps_replaced']} replaced · cards: {c['cards_added']} added, "
        f"{c['cards_removed']} removed, {c['cards_changed']} changed · moments of truth: {c['moments_gained']} "
        f"gained, {c['moments_lost']} lost, {c['moments_changed']} changed · touchpoints: "
        f"{c['touchpoints_added']} added, {c['touchpoints_removed']} removed, {c['touchpoints_changed']} changed"
        f" · value moments: {c['value_moments_added']} added, {c['value_moments_removed']} removed, "
        f"{c['value_moments_changed']} changed · lanes: {c['lanes_added']} added, {c['lanes_removed']} removed, "
        f"{c['lanes_changed']} changed · {c['details_changed']} other details"
    )
    if d.significant_drops:
        names = ", ".join(_q(x.b.name) for x in d.significant_drops)
        lines.append(f"▼ Significant drops of a measured emotional level (Welch's p < 0.05): {names}")
    lines += ["", *_step_lines(d), "", *_emotion_lines(d), "", *_value_moment_lines(d)]
    lines += ["", *_moment_lines(d), "", *_touchpoint_lines(d), "", *_lane_lines(d), "", *_card_lines(d)]
    lines += ["", *_other_lines(d)]
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def _step_lines(d: MapDiff) -> list[str]:
    lines = ["Steps (+ added, - removed, ~ renamed, > moved, = replaced)"]
    for ref in d.steps_added:
        lines.append(f"  + added     {_q(ref.name)} in stage {_q(ref.stage_name)}")
    for ref in d.steps_removed:
        lines.append(f"  - removed   {_q(ref.name)} in stage {_q(ref.stage_name)}")
    replaced: dict[str, list[StepMatch]] = {}
    for s in d.steps_replaced:
        replaced.setdefault(s.b.id, []).append(s)
    for matches in replaced.values():
        olds = ", ".join(_q(s.a.name) for s in matches)
        lines.append(f"  = replaced  {olds} by {_q(matches[0].b.name)}")
    for s in d.steps_renamed:
        lines.append(f"  ~ renamed   {_q(s.a.name)} → {_q(s.b.name)}")
    for s in d.steps_moved:
        where = (
            f"from stage {_q(s.a.stage_name)} to {_q(s.b.stage_name)}"
            if s.moved_stage
            else "to another place in the order of steps"
        )
        lines.append(f"  > moved     {_q(s.b.name)} {where}")
    if len(lines) == 1:
        lines.append("  no change")
    return lines


def _emotion_lines(d: MapDiff) -> list[str]:
    """Every matched step with a level on both sides, and every step whose level appeared or went: A → B, the
    change, the basis when it changed, and Welch's test when both are measured."""
    changes = {(x.a.id, x.b.id): x for x in d.emotion_changes}
    shown = [
        (s.a, s.b, changes.get((s.a.id, s.b.id)))
        for s in sorted(d.step_matches, key=lambda s: (s.b.index, s.a.index))
        if (s.a.emotion is not None and s.b.emotion is not None) or (s.a.id, s.b.id) in changes
    ]
    lines = ["Emotional level, B − A (n = measured, est. = estimate; ▼ significant drop, Welch's p < 0.05)"]
    if not shown:
        return [*lines, "  no step with an emotional level in either map"]
    width = max(len(_delta_name(a, b)) for a, b, _ in shown)
    a_width = max(len(a.emotion_label) for a, _, _ in shown)
    b_width = max(len(b.emotion_label) for _, b, _ in shown)
    for a, b, change in shown:
        line = (
            f"  {_delta_name(a, b).ljust(width)}  {a.emotion_label.rjust(a_width)} → {b.emotion_label.ljust(b_width)}"
        )
        if a.emotion is not None and b.emotion is not None:
            line += f"  {_signed(b.emotion - a.emotion)}"
        lines.append(line + (_emotion_note(change) if change is not None else ""))
    return lines


def _emotion_note(change: EmotionChange) -> str:
    parts = []
    if change.from_basis != change.to_basis:
        parts.append(f"{change.from_basis} → {change.to_basis}")
    test = change.test
    if test is not None:
        low, high = test.ci95
        parts.append(f"95 % CI {low:+.2f} to {high:+.2f}, Welch p = {_p(test.p)}")
    text = "  (" + "; ".join(parts) + ")" if parts else ""
    return text + ("  ▼ significant drop" if change.significant_drop else "")


def _p(value: float) -> str:
    return "< 0.001" if value < 0.001 else f"{value:.3f}"


def _delta_name(a: StepRef, b: StepRef) -> str:
    return b.name if _norm(a.name) == _norm(b.name) else f"{a.name} → {b.name}"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} %"


def _value_moment_lines(d: MapDiff) -> list[str]:
    if d.vmpi_a is None and d.vmpi_b is None:
        return ["Value moments", "  none in either map"]
    lines = [f"Value moments (VMPI of the map: {_pct(d.vmpi_a)} → {_pct(d.vmpi_b)})"]
    for v in d.value_moments_added:
        lines.append(
            f"  + added     {_q(v.name)} at {_q(v.step_name)}: VMCE {v.vmce:g}, VME {v.vme:g}, weight {v.weight}"
        )
    for v in d.value_moments_removed:
        lines.append(
            f"  - removed   {_q(v.name)} at {_q(v.step_name)}: VMCE {v.vmce:g}, VME {v.vme:g}, weight {v.weight}"
        )
    for ch in d.value_moments_changed:
        parts = [
            f"{f.upper() if f in ('vmce', 'vme') else f} {_field(ch.a, f)} → {_field(ch.b, f)}"
            for f in ch.changes
            if f not in ("step", "name")
        ]
        if "name" in ch.changes:
            parts.insert(0, f"renamed {_q(ch.a.name)} → {_q(ch.b.name)}")
        if "step" in ch.changes:
            parts.append(f"moved from {_q(ch.a.step_name)} to {_q(ch.b.step_name)}")
        parts.append(f"VMPI {_pct(ch.a.vmpi)} → {_pct(ch.b.vmpi)}")
        lines.append(f"  ~ changed   {_q(ch.b.name)}: " + "; ".join(parts))
    if len(lines) == 1:
        lines.append("  no change")
    return lines


def _lane_lines(d: MapDiff) -> list[str]:
    lines = ["Lanes"]
    for x in d.lanes_added:
        lines.append(f"  + added     {_q(x.heading)} ({x.kind}, {x.cards} cards)")
    for x in d.lanes_removed:
        lines.append(f"  - removed   {_q(x.heading)} ({x.kind}, {x.cards} cards)")
    for ch in d.lanes_changed:
        parts = []
        if ch.renamed:
            parts.append(f"renamed {_q(ch.a.heading)} → {_q(ch.b.heading)}")
        if "kind" in ch.changes:
            parts.append(f"kind {ch.a.kind} → {ch.b.kind}")
        if "position" in ch.changes:
            parts.append("moved to another place among the lanes")
        lines.append(f"  ~ changed   {_q(ch.b.heading)}: " + "; ".join(parts))
    if len(lines) == 1:
        lines.append("  no change")
    return lines


OTHER_SHOWN = 40


def _short(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    text = " ".join((value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)).split())
    text = text if len(text) <= 60 else text[:59] + "…"
    return _q(text) if isinstance(value, str) else text


SINGULAR = {"opportunities": "opportunity", "hypotheses": "hypothesis", "replies": "reply", "boxes": "box",
            "contingencies": "contingency", "moments_of_truth": "moment of truth"}  # fmt: skip


def _noun(kind: str) -> str:
    return SINGULAR.get(kind, kind.removesuffix("s")).replace("_", " ")


def _other(c: FieldChange) -> str:
    what = "map" if c.kind == "map" else f"{_noun(c.kind)} {_q(c.label)}"
    if c.change == "added":
        return f"  + added     {what}"
    if c.change == "removed":
        return f"  - removed   {what}"
    return f"  ~ changed   {what} › {c.field}: {_short(c.a)} → {_short(c.b)}"


def _other_lines(d: MapDiff) -> list[str]:
    lines = ["Other details (every other field of the map)"]
    lines += [_other(c) for c in d.other_changes[:OTHER_SHOWN]]
    if len(d.other_changes) > OTHER_SHOWN:
        lines.append(f"  … and {len(d.other_changes) - OTHER_SHOWN} more (all of them in --format json)")
    if len(lines) == 1:
        lines.append("  no change")
    return lines


def _moment_lines(d: MapDiff) -> list[str]:
    lines = ["Moments of truth (priority = importance × gap)"]
    for m in d.moments_gained:
        lines.append(f"  + gained    {_q(m.title)} at {_q(m.step_name)}, priority {_priority(m.priority)}")
    for m in d.moments_lost:
        lines.append(f"  - lost      {_q(m.title)} at {_q(m.step_name)}, priority {_priority(m.priority)}")
    for ch in d.moments_changed:
        parts = [
            f"{'basis' if f == 'estimated' else f} {_field(ch.a, f)} → {_field(ch.b, f)}"
            for f in ch.changes
            if f not in ("step", "title")
        ]
        if "title" in ch.changes:
            parts.insert(0, f"title {_q(ch.a.title)} → {_q(ch.b.title)}")
        if "step" in ch.changes:
            parts.append(f"step {_q(ch.a.step_name)} → {_q(ch.b.step_name)}")
        parts.append(f"priority {_priority(ch.a.priority)} → {_priority(ch.b.priority)}")
        lines.append(f"  ~ changed   {_q(ch.b.title)}: " + "; ".join(parts))
    if len(lines) == 1:
        lines.append("  no change")
    return lines


def _field(ref: object, name: str) -> str:
    value = getattr(ref, name)
    if name == "estimated":
        return "estimate" if value else "evidence"
    if isinstance(value, bool):
        return "estimate" if value else "evidence"
    if isinstance(value, float):
        return _num(value)
    return "—" if value is None else str(value)


def _touchpoint_lines(d: MapDiff) -> list[str]:
    lines = ["Touchpoints"]
    for t in d.touchpoints_added:
        lines.append(f"  + added     {_q(t.name)} ({t.channel}, {t.kind}) at {_q(t.step_name)}")
    for t in d.touchpoints_removed:
        lines.append(f"  - removed   {_q(t.name)} ({t.channel}, {t.kind}) at {_q(t.step_name)}")
    for ch in d.touchpoints_changed:
        parts = []
        for f in ch.changes:
            if f == "name":
                parts.append(f"renamed {_q(ch.a.name)} → {_q(ch.b.name)}")
            elif f == "step":
                parts.append(f"moved from {_q(ch.a.step_name)} to {_q(ch.b.step_name)}")
            else:
                parts.append(f"{f} {_field(ch.a, f)} → {_field(ch.b, f)}")
        lines.append(f"  ~ changed   {_q(ch.b.name)}: " + "; ".join(parts))
    if len(lines) == 1:
        lines.append("  no change")
    return lines


def _card_lines(d: MapDiff) -> list[str]:
    lines = [f"Cards ({d.cards_unchanged} unchanged)"]
    by_lane: dict[str, list[str]] = {}
    for c in d.cards_added:
        by_lane.setdefault(c.lane, []).append(f"    + {_q(c.text)} at {_q(c.step_name)}")
    for c in d.cards_removed:
        by_lane.setdefault(c.lane, []).append(f"    - {_q(c.text)} at {_q(c.step_name)}")
    for ch in d.cards_changed:
        parts = []
        if "text" in ch.changes:
            parts.append(f"{_q(ch.a.text)} → {_q(ch.b.text)}")
        else:
            parts.append(_q(ch.b.text))
        if "step" in ch.changes:
            parts.append(f"moved from {_q(ch.a.step_name)} to {_q(ch.b.step_name)}")
        if "lane" in ch.changes:
            parts.append(f"moved from lane {_q(ch.a.lane)}")
        for f in ("tags", "weight", "colour"):
            if f in ch.changes:
                parts.append(f"{f} {_field(ch.a, f)} → {_field(ch.b, f)}")
        mark = ">" if ch.moved and "text" not in ch.changes else "~"
        by_lane.setdefault(ch.b.lane, []).append(f"    {mark} " + ", ".join(parts))
    for lane, entries in by_lane.items():
        lines.append(f"  lane {_q(lane)}")
        lines.extend(entries)
    if not by_lane:
        lines.append("  no change")
    return lines


def render_diff_text(diff: MapDiff) -> str:
    """The diff for people: a summary, then steps, emotional levels, moments, touchpoints and cards."""
    return "\n".join(_text_lines(diff)) + "\n"
