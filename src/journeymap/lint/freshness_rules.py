"""The evidence rules of lint: stale measured values (JL207) and moments of truth without measured evidence (JL208).

Both read the statuses of :func:`journeymap.analysis.freshness.evidence_freshness`, so lint, the analysis, the
report and the badges on the map agree on what is measured and what is stale.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..analysis.freshness import EvidenceStatus, evidence_freshness
from ..errors import Problem
from ..model import Map, MapState, WorkspaceSettings
from .rules import RULES_BY_CODE

if TYPE_CHECKING:
    from .engine import _Context

__all__ = ["evidence_findings"]

_WHAT = {"step": "the emotional level of the step", "touchpoint": "the satisfaction of the touchpoint"}


def evidence_findings(
    context: _Context, m: Map, settings: WorkspaceSettings | None, today: dt.date | None
) -> Iterator[Problem]:
    """JL207 and JL208 findings on ``m`` with the workspace's ``settings`` (defaults without a workspace)."""
    result = evidence_freshness(m, settings, today=today)
    stale_rule, moment_rule = RULES_BY_CODE["JL207"], RULES_BY_CODE["JL208"]
    for item in result.stale:
        yield context.finding(stale_rule, _dated_loc(item), _stale_message(item, result.stale_after_days))
    if m.state is not MapState.AS_IS:
        return  # a to-be map shows an experience that does not exist yet: there is nothing to measure
    for index, (moment, status) in enumerate(zip(m.moments_of_truth, result.of("moment"), strict=True)):
        if not (moment.evidence or moment.estimated):
            continue  # JL205 (an error) already says it
        if moment.estimated:
            message = f"the moment of truth {moment.title!r} rests on the team's estimate ('estimated: true') alone"
        elif status.measured:
            continue
        else:
            message = (
                f"the evidence of the moment of truth {moment.title!r} gives no sample size (n): it is not measured"
            )
        yield context.finding(moment_rule, ("moments_of_truth", index), message)


def _dated_loc(item: EvidenceStatus) -> tuple[str | int, ...]:
    return (*item.loc, "measured_on") if item.measured_on is not None else item.loc


def _stale_message(item: EvidenceStatus, limit: int) -> str:
    what = _WHAT.get(item.kind, "the evidence of the moment of truth")
    where = f"{what} {item.name!r}"
    if item.measured_on is None:
        return f"{where} is measured ({item.dataset}) but has no date (measured_on): its age is unknown"
    return (
        f"{where} was measured {item.age_days} days ago ({item.measured_on.isoformat()}, {item.dataset}), more "
        f"than {limit} days: it may no longer hold"
    )
