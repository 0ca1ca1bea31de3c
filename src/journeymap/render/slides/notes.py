"""Speaker notes of a slide: the evidence behind each number (measured emotions with n, 95 % interval and data set;
estimates with the author's note; moments of truth and how they were scored)."""

from __future__ import annotations

from collections.abc import Sequence

from ...model import Map, MeasuredEmotion, Step
from ...model.emotion import rounded
from .feedback import voice_notes


def slide_notes(m: Map, steps: Sequence[Step]) -> str:
    """Speaker notes: the evidence behind each number shown for ``steps``."""
    lines = ["Evidence behind the numbers on this slide."]
    for step in steps:
        emotion = step.emotion
        if emotion is None:
            continue
        if isinstance(emotion, MeasuredEmotion):
            when = f", computed {emotion.measured_on.isoformat()}" if emotion.measured_on else ""
            interval = (
                "no interval (one rating)"
                if emotion.ci95 is None
                else f"95 % interval {emotion.ci95[0]:g}–{emotion.ci95[1]:g}"
            )
            lines.append(
                f"{step.name}: emotional level measured — mean {emotion.mean:g}, n={emotion.n}, "
                f"{interval}, data set {emotion.dataset}{when}."
            )
        else:
            note = f" ({emotion.note})" if emotion.note else ""
            lines.append(f"{step.name}: emotional level estimated — {emotion.estimate:g}{note}; no measurement yet.")
    ids = {s.id for s in steps}
    for mot in m.moments_of_truth:
        if mot.step not in ids:
            continue
        text = f"Moment of truth “{mot.title}”: importance {mot.importance:g}"
        if mot.expectation is not None and mot.experience is not None:
            gap = mot.expectation - mot.experience
            text += (
                f", expectation {mot.expectation:g}, experience {mot.experience:g}, gap {gap:g}, "
                f"priority {rounded(mot.importance * gap)} (importance × gap)"
            )
        if mot.estimated:
            text += "; basis: the team's estimate"
        elif mot.evidence:
            sources = ", ".join(e.dataset + (f" (n={e.n})" if e.n is not None else "") for e in mot.evidence)
            text += f"; basis: evidence from {sources}"
        else:
            text += "; basis: not stated"
        lines.append(text + ".")
    for vm in m.value_moments:
        if vm.step in ids:
            lines.append(
                f"Value moment “{vm.name}”: VMCE {vm.vmce:g}, VME {vm.vme:g}, VMPI {vm.vme / vm.vmce * 100:.0f} %, "
                f"weight {vm.weight}."
            )
    lines += voice_notes(steps)  # measured feedback: counts, interval, data set, quotes' rows
    if len(lines) == 1:
        lines.append("No measured or estimated numbers on this slide.")
    return "\n".join(lines)
