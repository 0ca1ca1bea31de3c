"""The evidence report's section on change between waves: for each step whose emotional level the map held as
measured (an earlier wave) and the report's surveys measure again, the change in mean with its 95 % interval and
Welch's t-test from both waves' n, mean and standard deviation (effective n with weights); significant drops
(change < 0, p < 0.05) are flagged ▼. Nothing is shown when no step was measured in both."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .html_document import h

if TYPE_CHECKING:
    from ..analysis.diff_parts import EmotionChange
    from ..model import Map

__all__ = ["wave_changes", "waves_section"]


def wave_changes(before: Map, after: Map) -> list[EmotionChange]:
    """The measured steps of ``before`` measured again in ``after``, with Welch's test of each change."""
    from ..analysis.diff import diff_maps

    return [c for c in diff_maps(before, after).emotion_changes if c.test is not None]


def _p(value: float) -> str:
    return "&lt; 0.001" if value < 0.001 else f"{value:.3f}"


def _side(ref: Any) -> str:
    return f"{ref.emotion:.2f} <span class=note>(n = {ref.n})</span>"


def waves_section(data: Any) -> Iterator[str]:
    """Rows of the section (``data`` is a :class:`.report_html.ReportData`; its ``waves`` are
    :func:`wave_changes` of the map as read and as measured)."""
    changes: list[EmotionChange] = list(getattr(data, "waves", None) or [])
    if not changes:
        return
    drops = [c for c in changes if c.significant_drop]
    if drops:
        names = ", ".join(h(c.b.name) for c in drops)
        yield f"<p><strong>▼ Significant drops:</strong> {names}.</p>"
    rows = []
    for c in changes:
        test = c.test
        assert test is not None
        low, high = test.ci95
        flag = "▼ significant drop" if c.significant_drop else ""
        rows.append(
            f"<tr><td>{h(c.b.name)}</td><td class=num>{_side(c.a)}</td><td class=num>{_side(c.b)}</td>"
            f"<td class=num>{test.diff:+.2f}</td><td class=num>{low:+.2f} to {high:+.2f}</td>"
            f"<td class=num>{_p(test.p)}</td><td>{flag}</td></tr>"
        )
    yield (
        "<table><thead><tr><th>Step</th><th class=num>Map (earlier wave)</th><th class=num>Now</th>"
        "<th class=num>Change</th><th class=num>95 % interval</th><th class=num>p (Welch)</th><th></th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    yield (
        "<p class=note>The map's measured levels against those measured now. Change d = m₂ − m₁; se = √(s₁²/n₁ + "
        "s₂²/n₂); Welch–Satterthwaite degrees of freedom; interval d ± t(0.975, ν)·se; two-sided p. ▼: d &lt; 0 "
        "and p &lt; 0.05.</p>"
    )
