"""A diff of two maps as text for people: a summary, then steps, emotional levels, moments of truth, touchpoints
and cards (the text output of ``journeymap diff``)."""

from __future__ import annotations

from ..analysis.diff_result import EmotionDelta, MapDiff, StepMatch, _norm

__all__ = ["render_diff_text"]


def _q(text: str) -> str:
    return f"“{text}”"


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.4g}"


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
    )
    lines += ["", *_step_lines(d), "", *_emotion_lines(d)]
    lines += ["", *_moment_lines(d), "", *_touchpoint_lines(d), "", *_card_lines(d)]
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
    deltas = d.emotion_deltas
    lines = ["Emotional level, B − A (n = measured, est. = estimate)"]
    if not deltas:
        return [*lines, "  no step with an emotional level in both maps"]
    width = max(len(_delta_name(x)) for x in deltas)
    a_width = max(len(x.a.emotion_label) for x in deltas)
    b_width = max(len(x.b.emotion_label) for x in deltas)
    for x in deltas:
        lines.append(
            f"  {_delta_name(x).ljust(width)}  {x.a.emotion_label.rjust(a_width)} → "
            f"{x.b.emotion_label.ljust(b_width)}  {_signed(x.delta)}"
        )
    return lines


def _delta_name(x: EmotionDelta) -> str:
    return x.b.name if _norm(x.a.name) == _norm(x.b.name) else f"{x.a.name} → {x.b.name}"


def _moment_lines(d: MapDiff) -> list[str]:
    lines = ["Moments of truth (priority = importance × gap)"]
    for m in d.moments_gained:
        lines.append(f"  + gained    {_q(m.title)} at {_q(m.step_name)}, priority {_num(m.priority)}")
    for m in d.moments_lost:
        lines.append(f"  - lost      {_q(m.title)} at {_q(m.step_name)}, priority {_num(m.priority)}")
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
        parts.append(f"priority {_num(ch.a.priority)} → {_num(ch.b.priority)}")
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
