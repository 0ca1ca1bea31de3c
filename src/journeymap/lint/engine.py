"""Running the lint rules on maps and workspaces.

A finding is a :class:`~journeymap.errors.Problem` like any validation problem: its ``where`` is the file position
``file:line:column``, its ``path`` the element path (e.g. ``lane "Actions" › card 3 › text``), its ``hint`` the
suggested rewrite, its ``rule`` the rule's name and its ``loc`` where in the map's data the element is (the studio
finds the element's id by it).

:func:`lint_map` checks one map read from a file (its :class:`~journeymap.files.loader.MapSource`, so every finding
has a ``file:line:column``); :func:`lint_paths` reads map files and workspace folders and checks every map. A file
that cannot be read or is invalid gives its loading problems as error findings (their ``JM…`` codes), so ``lint``
in CI fails on a broken file instead of skipping it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from ..errors import Problem, ProblemsError, Severity
from ..files.loader import (
    MERMAID_SUFFIXES,
    WORKSPACE_FILE,
    MapSource,
    display_path,
    find_workspace_root,
    read_map,
    read_workspace,
)
from ..model.enums import LaneKind, MapState, MapType
from ..model.journey_map import Map
from ..model.references import describe_loc
from ..model.workspace import WorkspaceSettings
from .freshness_rules import evidence_findings
from .phrasing import Decision
from .rules import RULES, RULES_BY_CODE, Rule, phrasing_check

__all__ = ["lint_map", "lint_paths"]

Loc = tuple[str | int, ...]


# ---- one map -----------------------------------------------------------------------------------------------------

_LANE_NOUN = {
    "JL101": "action",
    "JL102": "thought",
    "JL103": "feeling",
    "JL104": "pain point",
    "JL105": "touchpoint",
    "JL106": "opportunity",
}


class _Context:
    """Builds findings for one map: positions from the document, element paths from the model."""

    def __init__(
        self, source: MapSource, settings: WorkspaceSettings | None = None, today: dt.date | None = None
    ) -> None:
        self.source = source
        self.map = source.map
        self.path = _shown_path(source)
        self.settings = settings
        self.today = today

    def finding(
        self, rule: Rule, loc: Loc, message: str, suggestion: str = "", severity: Severity | None = None
    ) -> Problem:
        where = self.path
        if self.source.document is not None:
            line, column = self.source.document.position(loc)
            if line is not None:
                where = f"{self.path}:{line}:{column or 1}"
        return Problem(
            code=rule.code,
            where=where,
            message=message,
            hint=suggestion or rule.suggestion,
            severity=severity or rule.severity,
            path=describe_loc(self.map, loc),
            loc=tuple(loc),
            rule=rule.name,
        )


def _shown_path(source: MapSource) -> str:
    if source.document is not None and source.document.path:
        return source.document.path
    return display_path(source.path)


def lint_map(
    source: MapSource, settings: WorkspaceSettings | None = None, *, today: dt.date | None = None
) -> list[Problem]:
    """Every finding of every rule on one map, in file order; ``settings`` are its workspace's (its
    ``stale_after_days``), ``today`` the date evidence ages are counted to (default: today)."""
    context = _Context(source, settings, today)
    findings = [*_phrasing(context), *_completeness(context)]
    return sorted(findings, key=_order)


def _order(finding: Problem) -> tuple[str, int, int, str]:
    file, line, column = finding.position
    return file, line or 0, column or 0, finding.code


def _texts_to_check(journey_map: Map) -> Iterator[tuple[Rule, Loc, str]]:
    """(rule, data path, text) for every card and structured element a phrasing rule applies to."""
    by_lane: dict[LaneKind, list[Rule]] = {}
    for rule in RULES:
        for kind in rule.lanes:
            by_lane.setdefault(kind, []).append(rule)
    for li, lane in enumerate(journey_map.lanes):
        for rule in by_lane.get(lane.kind, []):
            for ci, card in enumerate(lane.cards):
                yield rule, ("lanes", li, "cards", ci, "text"), card.text
    for ti, touchpoint in enumerate(journey_map.touchpoints):
        yield RULES_BY_CODE["JL105"], ("touchpoints", ti, "name"), touchpoint.name
    for oi, opportunity in enumerate(journey_map.opportunities):
        yield RULES_BY_CODE["JL106"], ("opportunities", oi, "text"), opportunity.text


def _phrasing(context: _Context) -> Iterator[Problem]:
    checks: dict[str, Callable[[str], Decision]] = {}
    mood = context.settings.action_mood if context.settings is not None else "any"
    for rule, loc, text in _texts_to_check(context.map):
        check = checks.setdefault(rule.code, phrasing_check(rule, mood))
        decision = check(text)
        if decision.ok:
            continue
        noun = _LANE_NOUN.get(rule.code, "text")
        shown = text if len(text) <= 60 else text[:59] + "…"
        message = f'{noun} "{shown}": {decision.reason}'
        suggestion = f"write {decision.suggestion!r}" if decision.suggestion else rule.suggestion
        yield context.finding(rule, loc, message, suggestion)


# ---- completeness ------------------------------------------------------------------------------------------------


def _applies(rule: Rule, journey_map: Map) -> bool:
    return not rule.map_types or journey_map.type in rule.map_types


def _completeness(context: _Context) -> Iterator[Problem]:
    m = context.map
    for check in (_scope, _persona, _touchpoints_per_step, _contingencies, _moments_of_truth, _iterations):
        yield from check(context, m)
    yield from evidence_findings(context, m, context.settings, context.today)


def _scope(context: _Context, m: Map) -> Iterator[Problem]:
    rule = RULES_BY_CODE["JL201"]
    if not _applies(rule, m):
        return
    missing = [part for part in ("start", "end") if not getattr(m.scope, part).strip()]
    if missing:
        what = " and ".join(missing)
        loc: Loc = ("scope", missing[0]) if len(missing) == 1 else ("scope",)
        yield context.finding(rule, loc, f"the scope has no {what}: say when the experience {_moment(missing)}")


def _moment(missing: Sequence[str]) -> str:
    if list(missing) == ["start"]:
        return "begins"
    if list(missing) == ["end"]:
        return "is over"
    return "begins and when it is over"


def _persona(context: _Context, m: Map) -> Iterator[Problem]:
    rule = RULES_BY_CODE["JL202"]
    if not _applies(rule, m) or m.persona:
        return
    suggestion = ""
    if len(m.personas) == 1:
        suggestion = f"set 'persona: {m.personas[0].id}'"
    yield context.finding(rule, ("persona",), "no persona is set: whose experience does the map show?", suggestion)


def _touchpoint_steps(m: Map) -> set[str]:
    steps = {t.step for t in m.touchpoints}
    for lane in m.lanes:
        if lane.kind is LaneKind.TOUCHPOINTS:
            steps |= {card.step for card in lane.cards}
    return steps


def _touchpoints_per_step(context: _Context, m: Map) -> Iterator[Problem]:
    rule = RULES_BY_CODE["JL203"]
    if not _applies(rule, m):
        return
    severity = Severity.INFO if m.type is MapType.EXPERIENCE_MAP else rule.severity
    covered = _touchpoint_steps(m)
    for si, stage in enumerate(m.stages):
        for ti, step in enumerate(stage.steps):
            if step.id not in covered:
                note = (
                    " (on an experience map a step may lie outside the organisation)"
                    if severity is Severity.INFO
                    else ""
                )
                yield context.finding(
                    rule,
                    ("stages", si, "steps", ti),
                    f"the step {step.name!r} has no touchpoint{note}",
                    severity=severity,
                )


def _contingencies(context: _Context, m: Map) -> Iterator[Problem]:
    rule = RULES_BY_CODE["JL204"]
    for i, challenge in enumerate(m.service_challenges):
        if not challenge.contingencies:
            shown = challenge.text if len(challenge.text) <= 60 else challenge.text[:59] + "…"
            yield context.finding(
                rule, ("service_challenges", i), f"the service challenge {shown!r} has no contingency"
            )


def _moments_of_truth(context: _Context, m: Map) -> Iterator[Problem]:
    rule = RULES_BY_CODE["JL205"]
    for i, moment in enumerate(m.moments_of_truth):
        if not moment.evidence and not moment.estimated:
            yield context.finding(
                rule,
                ("moments_of_truth", i),
                f"the moment of truth {moment.title!r} has neither evidence nor 'estimated: true': its scores would "
                "read as measured",
            )


_ITERATIONS = (
    ("as-is journey", "stages"),
    ("touchpoints", "touchpoints"),
    ("where value can be added", "opportunities"),
    ("contingencies", "service_challenges"),
)


def _iteration_progress(m: Map) -> list[tuple[bool, str]]:
    """(progress shown, what is missing) for each of the four iterations, in order."""
    lanes = {kind: [lane for lane in m.lanes if lane.kind is kind] for kind in LaneKind}
    action_cards = sum(
        len(lane.cards) for kind in (LaneKind.ACTIONS, LaneKind.CUSTOMER_ACTIONS) for lane in lanes[kind]
    )
    touchpoints = len(m.touchpoints) + sum(len(lane.cards) for lane in lanes[LaneKind.TOUCHPOINTS])
    value = len(m.opportunities) + len(m.value_moments) + sum(len(lane.cards) for lane in lanes[LaneKind.OPPORTUNITIES])
    covered = sum(1 for challenge in m.service_challenges if challenge.contingencies)
    return [
        (bool(m.steps) and action_cards > 0, "no steps with customer actions" if m.steps else "no steps"),
        (touchpoints > 0, "no touchpoints"),
        (value > 0, "no opportunities or value moments"),
        (covered > 0, "no service challenges with contingencies" if not m.service_challenges else "no contingencies"),
    ]


def _iterations(context: _Context, m: Map) -> Iterator[Problem]:
    rule = RULES_BY_CODE["JL206"]
    if not _applies(rule, m) or m.state is not MapState.AS_IS:
        return
    progress = _iteration_progress(m)
    done = [n for n, (ok, _) in enumerate(progress, start=1) if ok]
    for number, ((ok, missing), (name, key)) in enumerate(zip(progress, _ITERATIONS, strict=True), start=1):
        if ok:
            continue
        ahead = [n for n in done if n > number]
        note = f"; iteration{'s' if len(ahead) > 1 else ''} {', '.join(map(str, ahead))} already did" if ahead else ""
        yield context.finding(
            rule,
            (key,),
            f"iteration {number} of 4 ({name}) shows no progress: {missing}{note}",
            f"work through iteration {number}: " + _ITERATION_HINTS[number - 1],
        )


_ITERATION_HINTS = (
    "map the as-is journey, its steps and what the customer does at each",
    "identify every touchpoint where the customer meets the organisation",
    "go back over the map and frame opportunities or score value moments where value can be added",
    "go back over the map again: list what can go wrong (service challenges) and the contingency for each",
)


# ---- files and folders -------------------------------------------------------------------------------------------


def lint_paths(paths: Iterable[str | Path]) -> list[Problem]:
    """Every finding in the given map files and workspace folders (loading problems included as errors)."""
    findings: list[Problem] = []
    seen: set[tuple[str, str, str]] = set()
    for item in paths:
        for finding in _lint_one(Path(item)):
            key = (finding.code, finding.where, finding.message)
            if key not in seen:
                seen.add(key)
                findings.append(finding)
    return findings


def _lint_one(path: Path) -> list[Problem]:
    if not path.exists():
        return [Problem("JM002", str(path), "no such file or folder", "check the path")]
    if path.is_dir() and not (path / WORKSPACE_FILE).is_file() and _workspaces_below(path):
        return [finding for root in _workspaces_below(path) for finding in _lint_one(root)]
    try:
        sources = _sources(path)
    except ProblemsError as exc:
        return [p for p in exc.problems if p.is_error]
    findings: list[Problem] = []
    for source, settings in sources:
        findings += lint_map(source, settings)
    return findings


def _workspaces_below(folder: Path) -> list[Path]:
    """The workspace folders below ``folder`` (a folder of workspaces, like ``examples/``), outermost only."""
    found: list[Path] = []
    for marker in sorted(folder.rglob(WORKSPACE_FILE)):
        root = marker.parent
        if not any(root.is_relative_to(outer) for outer in found):
            found.append(root)
    return found


def _sources(path: Path) -> list[tuple[MapSource, WorkspaceSettings | None]]:
    """The maps at ``path``, each with its workspace's settings (None outside a workspace)."""
    if path.is_dir():
        if not (path / WORKSPACE_FILE).is_file():
            roots = _workspaces_below(path)
            if roots:
                return [source for root in roots for source in _sources(root)]
        read = read_workspace(path)
        return [(source, read.workspace.settings) for source in read.maps]
    root = None if path.suffix.lower() in MERMAID_SUFFIXES else find_workspace_root(path)
    if root is None:
        return [(read_map(path, display=display_path(path)), None)]
    try:
        workspace = read_workspace(root)
    except ProblemsError as exc:
        own = [p for p in exc.problems if p.is_error and _same_file(p.where, path)]
        if own:
            raise ProblemsError(own) from exc
        return [(read_map(path, display=display_path(path)), None)]
    settings: WorkspaceSettings | None = workspace.workspace.settings
    matching = [(s, settings) for s in workspace.maps if s.path.resolve() == path.resolve()]
    return matching or [(read_map(path, display=display_path(path)), settings)]


def _same_file(where: str, path: Path) -> bool:
    file_part = where.split(":", 1)[0]
    try:
        return Path(file_part).resolve() == path.resolve()
    except OSError:
        return False
