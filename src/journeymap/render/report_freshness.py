"""The "Evidence strength and freshness" section of the evidence report, and the page of the ``freshness``
analysis: the map's coverage, a strip of one dot per step, and per step, touchpoint and moment of truth its
status, sample size, strength, data set, date and age (see :mod:`journeymap.analysis.freshness`)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from ..analysis.freshness import MODERATE_N, STRONG_N, EvidenceStatus, Freshness, Kind, evidence_freshness
from ..model import WorkspaceSettings
from .freshness_badges import STALE_INK, badge_kind, badge_symbol, legend_labels
from .html_document import h, page

if TYPE_CHECKING:
    from .report_html import ReportData

__all__ = ["freshness_blocks", "freshness_section", "render_freshness_html"]

CSS = f"""<style>
.ev-stale {{ color: {STALE_INK}; font-weight: bold; }}
.ev-strip {{ margin: 6px 0 2px; }}
.ev-legend {{ color: #52606d; font-size: 13px; }}
.ev-legend svg {{ vertical-align: middle; }}
table.ev td.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
.ev-note {{ color: #52606d; font-size: 13px; max-width: 960px; }}
</style>"""

_KIND_TITLE = {
    "step": "Steps (emotional level)",
    "touchpoint": "Touchpoints (satisfaction)",
    "moment": "Moments of truth",
}


def freshness_section(data: ReportData) -> Iterator[str]:
    """The report's section: nothing for a map without steps or scores."""
    settings = WorkspaceSettings(stale_after_days=data.context.stale_after_days)
    result = evidence_freshness(data.map, settings, today=data.generated_on)
    if not result.has_scores:
        return
    yield from freshness_blocks(result)


def render_freshness_html(result: Freshness, title: str) -> str:
    """A page of its own, for ``journeymap analyse freshness MAP --format html`` and the studio."""
    head = f'<header class="page"><h1>Evidence strength and freshness: {h(title)}</h1></header><main>'
    return page(f"Evidence strength and freshness: {title}", [head, *freshness_blocks(result), "</main>"])


def freshness_blocks(result: Freshness) -> Iterator[str]:
    """The summary, the strip of steps with its legend, and the tables."""
    yield CSS
    yield f"<p><strong>{h(result.summary())}</strong></p>"
    if result.steps:
        yield _strip(result.steps)
        yield _legend(result)
    kinds: tuple[Kind, ...] = ("step", "touchpoint", "moment")
    for kind in kinds:
        items = [item for item in result.of(kind) if kind == "step" or item.status != "none"]
        if items:
            yield f"<h3>{h(_KIND_TITLE[kind])}</h3>" + _table(items)
    yield (
        f"<p class=ev-note>Measured: backed by a sample (survey or event log) with its size n; a step by a measured "
        f"emotional level, a touchpoint by evidence on its satisfaction, a moment of truth by evidence with n. Age = "
        f"{result.today.isoformat()} − the date it was measured; stale after {result.stale_after_days} days (the "
        f"workspace's <code>stale_after_days</code>) or without a date. Strength from the effective n (Kish's with "
        f"weights): weak below {MODERATE_N:.0f}, moderate below {STRONG_N:.0f}, strong from {STRONG_N:.0f}. "
        "Coverage = measured steps / steps. A touchpoint counts its latest satisfaction measurement; a moment of "
        "truth with several references, the oldest date and the smallest sample.</p>"
    )


def _dot(kind: str) -> str:
    return f'<svg width="12" height="12" aria-hidden="true">{badge_symbol(kind, 6, 6)}</svg>'


def _strip(steps: Sequence[EvidenceStatus]) -> str:
    """One dot per step in map order, each with the step's name and status as its title."""
    width = 16 * len(steps)
    dots = "".join(
        f"<g><title>{h(item.name)}: {h(item.status)}{' (stale)' if item.stale else ''}</title>"
        f"{badge_symbol(badge_kind(item), 8 + 16 * index, 8)}</g>"
        for index, item in enumerate(steps)
    )
    label = ", ".join(f"{item.name}: {badge_kind(item)}" for item in steps)
    return (
        f'<div class="ev-strip"><svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="16" role="img" '
        f'aria-label="{h(label)}">{dots}</svg></div>'
    )


def _legend(result: Freshness) -> str:
    items = " &nbsp; ".join(f"{_dot(kind)} {h(text)}" for kind, text in legend_labels(result))
    return f'<p class="ev-legend">{items}</p>'


def _table(items: Sequence[EvidenceStatus]) -> str:
    """The statuses as a table; the effective-n column only when some value was weighted."""
    head = ["", "Name", "Status", "n", "Effective n", "Strength", "Data set", "Measured on", "Age", "Freshness"]
    weighted = any(item.n_effective is not None for item in items)
    rows = []
    for item in items:
        kind = badge_kind(item)
        fresh = "—"
        if item.measured:
            fresh = '<span class="ev-stale">stale</span>' if item.stale else "current"
        rows.append(
            [
                _dot(kind),
                h(item.name),
                h("team estimate" if item.status == "estimated" else item.status),
                "" if item.n is None else str(item.n),
                "" if item.n_effective is None else f"{item.n_effective:.1f}",
                h(item.strength or ""),
                h(item.dataset + (f" ({item.source})" if item.source else "")),
                "" if item.measured_on is None else item.measured_on.isoformat(),
                h(item.age_text),
                fresh,
            ]
        )
    if not weighted:
        head.pop(4)
        rows = [row[:4] + row[5:] for row in rows]
    numeric = {3, 4} if weighted else {3}
    heads = "".join(f"<th>{h(c)}</th>" for c in head)
    body = "".join(
        "<tr>" + "".join(f"<td{' class=num' if i in numeric else ''}>{c}</td>" for i, c in enumerate(row)) + "</tr>"
        for row in rows
    )
    return f'<table class="ev"><thead><tr>{heads}</tr></thead><tbody>{body}</tbody></table>'
