"""The method's progress, computed from what an initiative holds: the state of each of the eight stages (done,
in progress, not started) with what is still missing, the 5Cs go / no-go, and the four iterations of the as-is
map. The rules are written in docs/method.md, one per stage; nothing here is stored, everything is recomputed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..model import Map, Workspace
from ..model.enums import LaneKind, MapState, MapType
from ..model.initiative import Initiative
from .diagnose import diagnose

__all__ = [
    "STAGE_TITLES",
    "ExperimentOutcome",
    "Gate",
    "IterationProgress",
    "MethodReport",
    "StageProgress",
    "StageState",
    "experiment_outcomes",
    "five_cs_gate",
    "iterations",
    "method_report",
]

StageState = Literal["done", "in-progress", "not-started"]

STAGE_TITLES = (
    ("strategy", "Collect the strategy and objectives"),
    ("scope", "Define the scope"),
    ("framing", "Frame the initiative"),
    ("research", "Collect the information"),
    ("as-is", "Consolidate the as-is map"),
    ("empathy", "Build empathy and frame opportunities"),
    ("options", "Define and test options"),
    ("to-be", "Design the new experience"),
)
"""The eight stages, in order: (key, title)."""


@dataclass(frozen=True)
class StageProgress:
    """One stage: its state, what it has, and what is missing to move on."""

    number: int
    key: str
    title: str
    state: StageState
    have: tuple[str, ...]
    missing: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "key": self.key,
            "title": self.title,
            "state": self.state,
            "have": list(self.have),
            "missing": list(self.missing),
        }


@dataclass(frozen=True)
class Gate:
    """The 5Cs go / no-go of the workspace's diagnostic."""

    state: Literal["go", "no-go", "not-rated"]
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"state": self.state, "reason": self.reason}


@dataclass(frozen=True)
class IterationProgress:
    """One of the four iterations over the as-is map, with how many of its items are covered."""

    number: int
    title: str
    state: StageState
    covered: int
    total: int
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title,
            "state": self.state,
            "covered": self.covered,
            "total": self.total,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class ExperimentOutcome:
    """An experiment's result against the measurable outcome of the hypothesis it tests."""

    id: str
    option: str
    hypothesis: str | None
    metric: str
    unit: str
    baseline: float | None
    target: float | None
    result: float | None
    met: bool | None
    """True when the result reaches the target (at or below it when the target is below the baseline, at or above
    it otherwise); None without a result, a target or a hypothesis."""
    decision: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "option": self.option,
            "hypothesis": self.hypothesis,
            "metric": self.metric,
            "unit": self.unit,
            "baseline": self.baseline,
            "target": self.target,
            "result": self.result,
            "met": self.met,
            "decision": self.decision,
        }

    @property
    def summary(self) -> str:
        """``tracker-pilot → iterate (1.7 calls against a target of 1.5: not met)``."""
        text = f"{self.id} → {self.decision or 'no decision yet'}"
        if self.result is not None and self.target is not None:
            unit = f" {self.unit}" if self.unit else ""
            verdict = "met" if self.met else "not met"
            text += f" ({self.result:g}{unit} against a target of {self.target:g}: {verdict})"
        return text


def experiment_outcomes(initiative: Initiative) -> tuple[ExperimentOutcome, ...]:
    """Each experiment of ``initiative`` with its result set against its hypothesis' target."""
    found = []
    for e in initiative.experiments:
        option = next((o for o in initiative.options if o.id == e.option), None)
        hypotheses = option.hypotheses if option else []
        h = next((x for x in hypotheses if x.id == e.hypothesis), None)
        h = h or (hypotheses[0] if len(hypotheses) == 1 and e.hypothesis is None else None)
        target = h.target if h else None
        met = None
        if e.result is not None and target is not None and h is not None:
            lower_is_better = h.baseline is not None and target < h.baseline
            met = e.result <= target if lower_is_better else e.result >= target
        found.append(
            ExperimentOutcome(
                e.id, e.option, h.id if h else e.hypothesis, h.metric if h else "", h.unit if h else "",
                h.baseline if h else None, target, e.result, met, e.decision,
            )
        )  # fmt: skip
    return tuple(found)


@dataclass(frozen=True)
class MethodReport:
    """Where an initiative stands."""

    id: str
    name: str
    owner: str
    gate: Gate
    stages: tuple[StageProgress, ...]
    iterations: tuple[IterationProgress, ...]
    experiments: tuple[ExperimentOutcome, ...] = ()

    @property
    def current(self) -> int | None:
        """The number of the first stage that is not done (None when all eight are)."""
        return next((s.number for s in self.stages if s.state != "done"), None)

    @property
    def reached(self) -> int:
        """The number of the furthest stage that has started (0 when none has)."""
        return max((s.number for s in self.stages if s.state != "not-started"), default=0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "owner": self.owner,
            "current_stage": self.current,
            "reached_stage": self.reached,
            "five_cs": self.gate.to_dict(),
            "stages": [s.to_dict() for s in self.stages],
            "iterations": [i.to_dict() for i in self.iterations],
            "experiments": [e.to_dict() for e in self.experiments],
        }


def _state(have: Sequence[str], missing: Sequence[str], started: bool | None = None) -> StageState:
    if not missing:
        return "done"
    return "in-progress" if (have if started is None else started) else "not-started"


def _stage(number: int, have: Sequence[str], missing: Sequence[str], started: bool | None = None) -> StageProgress:
    key, title = STAGE_TITLES[number - 1]
    return StageProgress(number, key, title, _state(have, missing, started), tuple(have), tuple(missing))


def _parts(pairs: Sequence[tuple[str, object]]) -> tuple[list[str], list[str]]:
    """The named parts that are filled in (have) and those that are empty (missing)."""
    have = [name for name, value in pairs if value]
    return have, [name for name, value in pairs if not value]


def five_cs_gate(workspace: Workspace) -> Gate:
    """Go / no-go from the workspace's 5Cs diagnostic (not rated when it has none)."""
    if workspace.diagnostic is None:
        return Gate("not-rated", "the workspace has no 5Cs diagnostic (diagnostic: in journeymap.yaml)")
    diagnosis = diagnose(workspace.diagnostic, workspace.settings.diagnostic_rule)
    return Gate("go" if diagnosis.go else "no-go", diagnosis.reason)


def _strategy(initiative: Initiative) -> StageProgress:
    s = initiative.strategy
    pairs = (("mission", s.mission), ("strategic goals", s.goals), ("markets and segments", s.markets))
    return _stage(1, *_parts((*pairs, ("hypotheses behind the strategy", s.hypotheses))))


def _scope(initiative: Initiative, workspace: Workspace, gate: Gate) -> StageProgress:
    scope = initiative.scope
    chain = workspace.map(scope.value_chain_map) if scope.value_chain_map else None
    fits = chain is not None and chain.type is MapType.ECOSYSTEM_MAP
    persona = scope.persona is not None and workspace.persona(scope.persona) is not None
    pairs = (
        ("value-chain map", fits),
        ("persona", persona),
        ("map type", scope.map_type),
        ("start", scope.start),
        ("end", scope.end),
    )
    have, missing = _parts(pairs)
    if gate.state == "go":
        have.append("5Cs: go")
    else:
        missing.append("a 5Cs go (the workspace's diagnostic says no-go)" if gate.state == "no-go" else "a 5Cs go")
    return _stage(2, have, missing, started=bool(have) or gate.state != "not-rated")


def _framing(initiative: Initiative) -> StageProgress:
    f = initiative.framing
    pairs = (
        ("work effort", f.work_effort),
        ("duration", f.duration),
        ("costs", f.costs),
        ("resources", f.resources),
        ("mission statement", f.mission_statement),
    )
    return _stage(3, *_parts(pairs))


def _research(initiative: Initiative) -> StageProgress:
    have = [f"{a.method}: {a.description}" for a in initiative.research if a.evidence or a.sources]
    missing = [
        f"evidence for {a.method}: {a.description}" for a in initiative.research if not a.evidence and not a.sources
    ]
    if not initiative.research:
        missing.append("a research plan (existing data, touchpoint interviews, critical incidents, surveys)")
    return _stage(4, have, missing, started=bool(initiative.research))


def _as_is(initiative: Initiative, workspace: Workspace) -> StageProgress:
    m = workspace.map(initiative.as_is_map) if initiative.as_is_map else None
    if m is None:
        return _stage(5, [], ["an as-is map (as_is_map)"])
    have, missing = [f"map {m.id!r}"], []
    checks = (
        (m.state is MapState.AS_IS, "the map to be as-is"),
        (bool(m.steps), "steps on the map"),
        (any(lane.cards for lane in m.lanes), "cards in the map's lanes"),
    )
    missing += [what for ok, what in checks if not ok]
    wanted = initiative.scope.persona
    if wanted and m.persona != wanted:
        missing.append(f"the map to show the scope's persona {wanted!r}")
    return _stage(5, have, missing, started=True)


def _opportunity(workspace: Workspace, map_id: str, opportunity_id: str) -> tuple[bool, bool]:
    """(exists, framed as "How might we …?")."""
    m = workspace.map(map_id)
    found = next((o for o in m.opportunities if o.id == opportunity_id), None) if m else None
    return found is not None, found is not None and found.how_might_we.lower().startswith("how might we")


def _empathy(initiative: Initiative, workspace: Workspace) -> StageProgress:
    held = [s for s in initiative.empathy if s.comments or s.stories]
    gathered = sum(len(s.comments) + len(s.stories) for s in held)
    have = [f"empathy sessions: {len(held)}, with {gathered} comments and stories gathered"] if held else []
    missing = [] if held else ["an empathy session with the comments or stories gathered"]
    framed = 0
    for ref in initiative.opportunities:
        exists, is_framed = _opportunity(workspace, ref.map, ref.opportunity)
        framed += is_framed
        if not is_framed:
            why = "framed as 'How might we …?'" if exists else "in the map"
            missing.append(f"opportunity {ref.map}/{ref.opportunity} {why}")
    if framed:
        have.append(f"opportunities framed as 'How might we …?': {framed} of {len(initiative.opportunities)}")
    if not initiative.opportunities:
        missing.append("opportunities taken up from the map (opportunities:)")
    return _stage(6, have, missing, started=bool(initiative.empathy or initiative.opportunities))


def _options(initiative: Initiative) -> StageProgress:
    have: list[str] = []
    missing: list[str] = [] if initiative.options else ["options with hypotheses (options:)"]
    outcomes = experiment_outcomes(initiative)
    for option in initiative.options:
        measurable = [h for h in option.hypotheses if h.metric and h.target is not None]
        tested = [e for e in outcomes if e.option == option.id and e.result is not None and e.decision]
        if not measurable:
            missing.append(f"a hypothesis with a measurable outcome (metric and target) for option {option.id!r}")
        if tested:
            have.append(f"option {option.id!r}: {', '.join(e.summary for e in tested)}")
        else:
            missing.append(f"an experiment with a result and a decision for option {option.id!r}")
    decisions = [e.decision for e in initiative.experiments]
    if initiative.options and "adopt" not in decisions:
        missing.append("an option adopted by an experiment")
    return _stage(7, have, missing, started=bool(initiative.options or initiative.experiments))


def _to_be(initiative: Initiative, workspace: Workspace) -> StageProgress:
    m = workspace.map(initiative.to_be_map) if initiative.to_be_map else None
    if m is None:
        return _stage(8, [], ["a to-be map (to_be_map)"])
    checks = ((m.state is MapState.TO_BE, "the map to be to-be"), (bool(m.steps), "steps on the map"))
    return _stage(8, [f"map {m.id!r}"], [what for ok, what in checks if not ok], started=True)


def method_report(workspace: Workspace, initiative: Initiative) -> MethodReport:
    """The state of every stage of ``initiative``, the 5Cs gate and the four iterations of its as-is map.

    ``workspace`` must hold its maps and personas (as :func:`journeymap.files.loader.read_workspace` gives it): a map
    or persona the initiative names that is not in it counts as missing."""
    gate = five_cs_gate(workspace)
    stages = (
        _strategy(initiative),
        _scope(initiative, workspace, gate),
        _framing(initiative),
        _research(initiative),
        _as_is(initiative, workspace),
        _empathy(initiative, workspace),
        _options(initiative),
        _to_be(initiative, workspace),
    )
    as_is = workspace.map(initiative.as_is_map) if initiative.as_is_map else None
    name, owner = initiative.name, initiative.owner
    return MethodReport(initiative.id, name, owner, gate, stages, iterations(as_is), experiment_outcomes(initiative))


def _progress(number: int, title: str, covered: int, total: int, detail: str, started: bool) -> IterationProgress:
    if total and covered == total:
        state: StageState = "done"
    else:
        state = "in-progress" if started else "not-started"
    return IterationProgress(number, title, state, covered, total, detail)


ITERATION_TITLES = (
    "Map the as-is journey",
    "Identify every touchpoint",
    "Find where value can be added",
    "Put contingencies in place",
)


def _steps_in(m: Map, kinds: tuple[LaneKind, ...]) -> set[str]:
    """The steps with a card in a lane of one of ``kinds``."""
    return {card.step for lane in m.lanes if lane.kind in kinds for card in lane.cards}


def iterations(m: Map | None) -> tuple[IterationProgress, ...]:
    """The four iterations of seed 004 over an as-is map (all not started when there is none). They read the same
    signals as lint's JL206: actions, touchpoints, opportunities and value moments, contingencies."""
    if m is None:
        return tuple(_progress(n, t, 0, 0, "no as-is map", False) for n, t in enumerate(ITERATION_TITLES, 1))
    steps = [s.id for s in m.steps]
    acted = _steps_in(m, (LaneKind.ACTIONS, LaneKind.CUSTOMER_ACTIONS))
    mapped = sum(s in acted for s in steps)
    touched = {t.step for t in m.touchpoints} | _steps_in(m, (LaneKind.TOUCHPOINTS,))
    with_touchpoint = sum(s in touched for s in steps)
    served = {s for o in m.opportunities for s in o.steps} | {v.step for v in m.value_moments}
    served |= _steps_in(m, (LaneKind.OPPORTUNITIES,))
    valued = bool(served or m.opportunities)  # as JL206: an opportunity counts even before it names its steps
    short = [x for x in m.moments_of_truth if _below_expectation(x.expectation, x.experience)]
    if short:
        value_covered, value_total = sum(x.step in served for x in short), len(short)
        value_detail = f"{value_covered} of {value_total} moments of truth below expectation have an opportunity"
    else:
        value_covered, value_total = (1 if valued else 0), 1
        value_detail = f"{len(m.opportunities)} opportunities; no moment of truth scored below expectation"
    challenges = m.service_challenges
    planned = sum(bool(c.contingencies) for c in challenges)
    return (
        _progress(
            1, ITERATION_TITLES[0], mapped, len(steps), f"{mapped} of {len(steps)} steps have actions", mapped > 0
        ),
        _progress(
            2, ITERATION_TITLES[1], with_touchpoint, len(steps),
            f"{with_touchpoint} of {len(steps)} steps have a touchpoint", with_touchpoint > 0,
        ),
        _progress(3, ITERATION_TITLES[2], value_covered, value_total, value_detail, valued),
        _progress(
            4, ITERATION_TITLES[3], planned, len(challenges),
            f"{planned} of {len(challenges)} service challenges have a contingency", bool(challenges),
        ),
    )  # fmt: skip


def _below_expectation(expectation: float | None, experience: float | None) -> bool:
    return expectation is not None and experience is not None and experience < expectation
