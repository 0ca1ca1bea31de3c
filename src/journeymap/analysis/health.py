"""Health of a map: one score from 0 to 100 made of parts, each computed from what the map already knows.

The total is the weighted mean of the parts that apply to the map::

    total = Σ weightᵢ · scoreᵢ / Σ weightᵢ      (over the parts that apply; each score 0–100)

=============== ====== ==========================================================================================
Part            Weight Score (0–100)
=============== ====== ==========================================================================================
evidence        25     share of steps backed by evidence (a measured emotional level, or an evidence reference
                       on the step's touchpoints, cards, moments, value moments or challenges, or feedback) × 100
freshness       15     share of measured values that are not stale (older than ``stale_after_days``) × 100
vmpi            15     the map's VMPI in percent, capped at 100
moments         15     100 × (1 − top priority / 50), clamped to 0–100 (priority = importance × gap)
opportunities   10     share of opportunities settled (validated, rejected or delivered, or a hypothesis tested)
                       × 100
lint            10     100 − 25 per error − 5 per warning, at least 0 (validation and lint findings)
review          10     100 up to the review cycle, then down to 0 at twice the cycle; 0 when never reviewed
=============== ====== ==========================================================================================

A part **applies** when the map has what it measures: *evidence* when it has steps and is not a to-be map (a
design, not yet lived: there is nothing to measure), *freshness* when it has measured values (and is not to-be),
*vmpi* when it has value moments, *moments* when a moment of truth has a priority, *opportunities* when it has
opportunities; *lint* always; *review* unless the map is retired (a retired map is kept for the record and is not
reviewed). The weights of the parts that apply are renormalised to sum to 1: :attr:`HealthPart.weight`
is that share. See ``docs/portfolio.md`` for examples.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import Problem, Severity
from ..model import Map, MapState, MapStatus, MeasuredEmotion, WorkspaceSettings
from .freshness import current_date, evidence_freshness
from .moments import rank_moments
from .value_moments import map_vmpi

if TYPE_CHECKING:
    from ..files.loader import MapSource, WorkspaceSource

__all__ = [
    "MOMENT_PRIORITY_ZERO",
    "WEIGHTS",
    "Health",
    "HealthContext",
    "HealthPart",
    "health_table",
    "map_health",
    "map_problems",
    "workspace_health",
]

WEIGHTS: Mapping[str, float] = {
    "evidence": 25.0,
    "freshness": 15.0,
    "vmpi": 15.0,
    "moments": 15.0,
    "opportunities": 10.0,
    "lint": 10.0,
    "review": 10.0,
}
"""The weight of each part before renormalisation (they sum to 100)."""

LABELS: Mapping[str, str] = {
    "evidence": "Evidence coverage",
    "freshness": "Evidence freshness",
    "vmpi": "VMPI",
    "moments": "Top moment of truth",
    "opportunities": "Open opportunities",
    "lint": "Lint",
    "review": "Last review",
}

MOMENT_PRIORITY_ZERO = 50.0
"""A top moment-of-truth priority (importance × gap) of this or more scores 0 (importance 10 × a gap of 5)."""
LINT_ERROR_COST = 25.0
LINT_WARNING_COST = 5.0
_SETTLED = frozenset({"validated", "invalidated", "rejected", "delivered"})


@dataclass(frozen=True)
class HealthContext:
    """What health needs beyond the map: the workspace's settings (``stale_after_days``, ``review_every_days``),
    the date ages are counted to, and the map's validation and lint findings. With ``problems`` left ``None``
    the map's references are checked against ``map_ids`` (the workspace's maps) and no lint rule runs."""

    settings: WorkspaceSettings | None = None
    today: dt.date | None = None
    problems: Sequence[Problem] | None = None
    map_ids: frozenset[str] | None = None

    @property
    def when(self) -> dt.date:
        return self.today or current_date()

    @property
    def workspace_settings(self) -> WorkspaceSettings:
        return self.settings or WorkspaceSettings()


@dataclass(frozen=True)
class HealthPart:
    """One part of a map's health: its raw ``value``, its ``score`` (0–100), its ``weight`` (its share of the
    total once the parts that apply are renormalised, 0–1) and ``why`` — the score in words."""

    name: str
    value: float | int | None
    score: float
    weight: float
    why: str

    @property
    def label(self) -> str:
        return LABELS.get(self.name, self.name)

    def to_dict(self) -> dict[str, Any]:
        value = round(self.value, 4) if isinstance(self.value, float) else self.value
        return {
            "name": self.name,
            "label": self.label,
            "value": value,
            "score": round(self.score, 1),
            "weight": round(self.weight, 4),
            "why": self.why,
        }


@dataclass(frozen=True)
class Health:
    """A map's health: ``total`` (0–100) is the weighted mean of ``parts``."""

    total: float
    parts: list[HealthPart]
    map_id: str = ""
    title: str = ""
    owner: str = ""
    status: str = ""
    left_out: list[str] = field(default_factory=list)
    """The parts that do not apply to the map."""

    def part(self, name: str) -> HealthPart | None:
        return next((p for p in self.parts if p.name == name), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "map": self.map_id,
            "title": self.title,
            "owner": self.owner,
            "status": self.status,
            "total": round(self.total, 1),
            "parts": [part.to_dict() for part in self.parts],
            "left_out": list(self.left_out),
        }


# ---- the parts ---------------------------------------------------------------------------------------------------

Raw = tuple[float | int | None, float, str]
"""(value, score, why) of a part that applies."""


def _evidenced_steps(m: Map) -> set[str]:
    found = {s.id for s in m.steps if isinstance(s.emotion, MeasuredEmotion) or s.feedback is not None}
    for items in (m.touchpoints, m.moments_of_truth, m.value_moments, m.service_challenges):
        found |= {item.step for item in items if item.evidence}
    found |= {card.step for lane in m.lanes for card in lane.cards if card.evidence}
    return found


def evidence_part(m: Map, context: HealthContext) -> Raw | None:
    steps = m.steps
    if not steps or m.state is MapState.TO_BE:
        return None
    backed = len(_evidenced_steps(m) & {s.id for s in steps})
    share = backed / len(steps)
    return share, 100.0 * share, f"{backed} of {len(steps)} steps backed by evidence"


def freshness_part(m: Map, context: HealthContext) -> Raw | None:
    if m.state is MapState.TO_BE:
        return None
    result = evidence_freshness(m, context.workspace_settings, today=context.when)
    measured = [item for item in result.items if item.measured]
    if not measured:
        return None
    stale = sum(1 for item in measured if item.stale)
    share = (len(measured) - stale) / len(measured)
    why = f"{stale} of {len(measured)} measured values stale (older than {result.stale_after_days} days or undated)"
    return stale, 100.0 * share, why


def vmpi_part(m: Map, context: HealthContext) -> Raw | None:
    value = map_vmpi(m.value_moments)
    if value is None:
        return None
    return value, min(value, 100.0), f"VMPI {value:.0f} % (100 % or more scores 100)"


def moments_part(m: Map, context: HealthContext) -> Raw | None:
    scored = [s for s in rank_moments(m) if s.priority is not None]
    if not scored:
        return None
    top = scored[0]
    priority = top.priority or 0.0
    score = _clamp(100.0 * (1.0 - max(priority, 0.0) / MOMENT_PRIORITY_ZERO))
    why = f"“{top.title}”: priority {priority:.3g} (importance {top.importance:g} × gap {top.gap:.3g})"
    return priority, score, why


def _opportunity_open(opportunity: Any) -> bool:
    status = getattr(opportunity, "status", None)
    if status is not None and str(getattr(status, "value", status)) in _SETTLED:
        return False
    return not any(h.status in _SETTLED for h in opportunity.hypotheses)


def opportunities_part(m: Map, context: HealthContext) -> Raw | None:
    if not m.opportunities:
        return None
    open_count = sum(1 for o in m.opportunities if _opportunity_open(o))
    total = len(m.opportunities)
    score = 100.0 * (total - open_count) / total
    return open_count, score, f"{open_count} of {total} opportunities open (not yet validated, rejected or delivered)"


def lint_part(m: Map, context: HealthContext) -> Raw | None:
    problems = list(context.problems) if context.problems is not None else _reference_problems(m, context)
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    warnings = sum(1 for p in problems if p.severity is Severity.WARNING)
    score = _clamp(100.0 - LINT_ERROR_COST * errors - LINT_WARNING_COST * warnings)
    why = f"{errors} error{'' if errors == 1 else 's'}, {warnings} warning{'' if warnings == 1 else 's'}"
    return errors, score, why


def review_part(m: Map, context: HealthContext) -> Raw | None:
    if m.status is MapStatus.RETIRED:
        return None
    cycle = m.review_every_days or context.workspace_settings.review_every_days
    if m.reviewed_on is None:
        return None, 0.0, f"never reviewed (review every {cycle} days)"
    days = (context.when - m.reviewed_on).days
    score = 100.0 if days <= cycle else _clamp(100.0 * (2 * cycle - days) / cycle)
    return days, score, f"reviewed {days} day{'' if days == 1 else 's'} ago (review every {cycle} days)"


_PARTS = {
    "evidence": evidence_part,
    "freshness": freshness_part,
    "vmpi": vmpi_part,
    "moments": moments_part,
    "opportunities": opportunities_part,
    "lint": lint_part,
    "review": review_part,
}


def _clamp(score: float) -> float:
    return min(100.0, max(0.0, score))


def _reference_problems(m: Map, context: HealthContext) -> list[Problem]:
    from ..model import check_map_references

    return check_map_references(m, maps=context.map_ids)


# ---- the total ---------------------------------------------------------------------------------------------------


def map_health(m: Map, context: HealthContext | None = None) -> Health:
    """The health of ``m``: every part that applies with its score, renormalised weight and reason, and the
    weighted mean of their scores as ``total``."""
    context = context or HealthContext()
    found: list[tuple[str, Raw]] = []
    left_out: list[str] = []
    for name, compute in _PARTS.items():
        raw = compute(m, context)
        if raw is None:
            left_out.append(name)
        else:
            found.append((name, raw))
    weight_sum = sum(WEIGHTS[name] for name, _ in found)
    parts = [
        HealthPart(name, value, score, WEIGHTS[name] / weight_sum if weight_sum else 0.0, why)
        for name, (value, score, why) in found
    ]
    total = sum(p.weight * p.score for p in parts)
    return Health(total, parts, m.id, m.title, m.owner, m.status.value, left_out)


def workspace_health(source: WorkspaceSource, *, today: dt.date | None = None, lint: bool = True) -> list[Health]:
    """The health of every map of a workspace read with :func:`~journeymap.files.loader.read_workspace`: its
    validation problems and (with ``lint``) its lint findings count in the lint part."""
    from ..files.loader import display_path

    settings = source.workspace.settings
    ids = frozenset(m.map.id for m in source.maps)
    found = []
    for item in source.maps:
        shown = display_path(item.path)
        known = [*item.problems, *(p for p in source.problems if p.position[0] == shown)]
        problems = map_problems(item, settings, today=today, lint=lint, known=known)
        found.append(map_health(item.map, HealthContext(settings, today, problems, ids)))
    return found


def map_problems(
    source: MapSource,
    settings: WorkspaceSettings | None = None,
    *,
    today: dt.date | None = None,
    lint: bool = True,
    known: Sequence[Problem] = (),
    map_ids: Collection[str] | None = None,
    personas: Collection[str] = (),
) -> list[Problem]:
    """What the lint part counts: ``known`` problems (the file's validation warnings), the map's references (against
    ``map_ids`` and the workspace's ``personas`` when given) and, with ``lint``, every lint finding; each once."""
    from ..lint import lint_map
    from ..model import check_map_references

    problems = [
        *known,
        *(check_map_references(source.map, personas=personas, maps=map_ids) if map_ids is not None else []),
    ]
    if lint:
        problems += lint_map(source, settings, today=today)
    return _unique(problems)


def _unique(problems: Iterable[Problem]) -> list[Problem]:
    seen: set[tuple[str, str, str]] = set()
    kept = []
    for problem in problems:
        key = (problem.code, problem.where, problem.message)
        if key not in seen:
            seen.add(key)
            kept.append(problem)
    return kept


def health_table(results: Sequence[Health]) -> str:
    """Each map's total, then its parts (score, weight, why), as plain text."""
    from .text import format_table

    blocks = []
    for health in results:
        head = f"{health.title} ({health.map_id}) — health {health.total:.0f} / 100"
        extra = " · ".join(x for x in (health.owner and f"owner {health.owner}", f"status {health.status}") if x)
        rows = [[p.label, f"{p.score:.0f}", f"{p.weight:.0%}".replace("%", " %"), p.why] for p in health.parts]
        table = format_table(["Part", "Score", "Weight", "Why"], rows, (0, 0, 0, 70))
        left = f"\nNot applicable: {', '.join(LABELS[n] for n in health.left_out)}" if health.left_out else ""
        blocks.append(f"{head}\n{extra}\n\n{table}{left}")
    return "\n\n".join(blocks)
