"""The rules ``journeymap lint`` checks: code, name, lanes, severity, message and the generic suggestion.

Severities are chosen for a CI gate, which fails (exit code 1) on error findings only:

* **Phrasing rules (JL1xx) are warnings.** They are decided by a part-of-speech classifier whose precision is
  measured (``tools/lint_quality.py``) but is not 100 %: a style heuristic must not break a build.
* **Completeness rules that are facts about the data are errors**: a timeline map without a scope start and end
  (JL201), a map without a persona (JL202), a service challenge without a contingency (JL204), and a moment of
  truth shown with scores that are neither backed by evidence nor marked ``estimated: true`` (JL205: the map would
  present a guess as a measurement).
* **Completeness rules about work in progress are warnings**: a step without a touchpoint (JL203; only *info* on
  an experience map, whose steps often lie outside the organisation) and an iteration of the mapping method
  that shows no progress (JL206).
* **Evidence rules are warnings** (see :mod:`journeymap.analysis.freshness`): a measured value older than the
  workspace's ``stale_after_days`` or undated (JL207) and a moment of truth with no measured evidence, only the
  team's estimate (JL208). Evidence ages with the calendar: a rule that failed builds as time passes would
  punish a map nobody changed.

Which maps a completeness rule applies to:

* JL201 — timeline maps (all types but the ecosystem map and the mental model diagram, which have no start and end
  moment in time).
* JL202 — every type but the ecosystem map (a network of actors, whose customer is an actor, not a persona).
* JL203 — customer journey maps and service blueprints (warning), experience maps (info); skipped for the others.
* JL204, JL205 — every map with service challenges / moments of truth.
* JL207 — every map with measured values; JL208 — as-is maps with moments of truth (a to-be map shows an
  experience that does not exist yet: there is nothing to measure).
* JL206 — customer journey maps and service blueprints, the maps the four iterations (as-is journey, touchpoints,
  where value can be added, contingencies) are written for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Literal

from ..errors import Severity
from ..model.enums import LaneKind, MapType

if TYPE_CHECKING:
    from .phrasing import Decision

__all__ = ["RULES", "RULES_BY_CODE", "Rule", "phrasing_check"]

Category = Literal["phrasing", "completeness"]


@dataclass(frozen=True)
class Rule:
    """One lint rule."""

    code: str
    name: str
    category: Category
    severity: Severity
    message: str
    """What the rule asks, as a short sentence (the finding's message adds the specifics)."""
    suggestion: str
    """The generic way to fix a finding, used when no concrete rewrite can be derived."""
    lanes: tuple[LaneKind, ...] = ()
    """Phrasing rules: the lane kinds whose cards are checked."""
    map_types: tuple[MapType, ...] = ()
    """Completeness rules: the map types the rule applies to (empty: all)."""
    check: str = ""
    """Phrasing rules: the name of the classifier in :mod:`journeymap.lint.phrasing`."""

    @property
    def help_text(self) -> str:
        return f"{self.message} {self.suggestion}".strip()


_TIMELINE = tuple(t for t in MapType if t.is_timeline)
_WITH_PERSONA = tuple(t for t in MapType if t is not MapType.ECOSYSTEM_MAP)
_JOURNEYS = (MapType.CUSTOMER_JOURNEY_MAP, MapType.SERVICE_BLUEPRINT)

RULES: tuple[Rule, ...] = (
    Rule(
        "JL101",
        "action-starts-with-verb",
        "phrasing",
        Severity.WARNING,
        "An action starts with a verb.",
        "Start with the verb of what the customer does, e.g. 'Download software' or 'Downloads software' (only the "
        "first when settings.action_mood is imperative).",
        lanes=(LaneKind.ACTIONS, LaneKind.CUSTOMER_ACTIONS),
        check="starts_with_verb",
    ),
    Rule(
        "JL102",
        "thought-is-question",
        "phrasing",
        Severity.WARNING,
        "A thought is phrased as a question.",
        "Write the question the customer asks, e.g. 'Are there hidden fees?'",
        lanes=(LaneKind.THOUGHTS,),
        check="is_question",
    ),
    Rule(
        "JL103",
        "feeling-is-adjective",
        "phrasing",
        Severity.WARNING,
        "A feeling is an adjective.",
        "Name the feeling with an adjective, e.g. 'Nervous', 'Unsure', 'Relieved', 'Delighted'.",
        lanes=(LaneKind.FEELINGS,),
        check="is_adjective_phrase",
    ),
    Rule(
        "JL104",
        "pain-point-starts-with-gerund",
        "phrasing",
        Severity.WARNING,
        "A pain point starts with a gerund.",
        "Start with what the customer goes through, e.g. 'Waiting for installation', 'Paying invoice'.",
        lanes=(LaneKind.PAIN_POINTS,),
        check="starts_with_gerund",
    ),
    Rule(
        "JL105",
        "touchpoint-is-noun",
        "phrasing",
        Severity.WARNING,
        "A touchpoint is a noun naming the interface.",
        "Name the interface, e.g. 'Email', 'Customer hotline'.",
        lanes=(LaneKind.TOUCHPOINTS,),
        check="is_noun_phrase",
    ),
    Rule(
        "JL106",
        "opportunity-starts-with-change-verb",
        "phrasing",
        Severity.WARNING,
        "An opportunity begins with a verb that shows change.",
        "Start with what changes, e.g. 'Increase the ease of installation', 'Eliminate unnecessary steps'.",
        lanes=(LaneKind.OPPORTUNITIES,),
        check="starts_with_change_verb",
    ),
    Rule(
        "JL201",
        "scope-has-start-and-end",
        "completeness",
        Severity.ERROR,
        "The scope has a start and an end moment.",
        "Set scope.start (when the experience begins) and scope.end (when it is over).",
        map_types=_TIMELINE,
    ),
    Rule(
        "JL202",
        "persona-set",
        "completeness",
        Severity.ERROR,
        "The map names the persona whose experience it shows.",
        "Set 'persona:' to the id of a persona of the workspace or of the map.",
        map_types=_WITH_PERSONA,
    ),
    Rule(
        "JL203",
        "step-has-touchpoint",
        "completeness",
        Severity.WARNING,
        "Every step has at least one touchpoint.",
        "Add the touchpoint (a structured 'touchpoints:' entry or a card in a touchpoints lane) where the customer "
        "meets the organisation at this step.",
        map_types=(*_JOURNEYS, MapType.EXPERIENCE_MAP),
    ),
    Rule(
        "JL204",
        "challenge-has-contingency",
        "completeness",
        Severity.ERROR,
        "Every service challenge has a contingency.",
        "Add what the organisation does when it happens under 'contingencies:'.",
    ),
    Rule(
        "JL205",
        "moment-of-truth-has-evidence",
        "completeness",
        Severity.ERROR,
        "Every moment of truth has evidence or is marked as an estimate.",
        "Link the evidence behind its scores under 'evidence:', or set 'estimated: true'.",
    ),
    Rule(
        "JL206",
        "iterations-show-progress",
        "completeness",
        Severity.WARNING,
        "The four iterations of the map (as-is journey, touchpoints, where value can be added, contingencies) each "
        "show progress.",
        "Work through the lagging iteration.",
        map_types=_JOURNEYS,
    ),
    Rule(
        "JL207",
        "measured-value-is-current",
        "completeness",
        Severity.WARNING,
        "A measured value is no older than the workspace's stale_after_days (default 180) and has a date.",
        "Measure it again ('journeymap measure' or 'journeymap refresh' write the date), or raise "
        "'stale_after_days' under 'settings:' in journeymap.yaml.",
    ),
    Rule(
        "JL208",
        "moment-of-truth-is-measured",
        "completeness",
        Severity.WARNING,
        "Every moment of truth rests on measured evidence, not on the team's estimate alone.",
        "Link the survey or event-log evidence behind its scores under 'evidence:', with its n and measured_on.",
    ),
)

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}


def phrasing_check(rule: Rule, action_mood: str = "any") -> Callable[[str], Decision]:
    """The classifier of a phrasing rule (importing :mod:`.phrasing` does not load textblob; the first check does);
    ``action_mood`` is the workspace's ``settings.action_mood`` (JL101 only)."""
    from . import phrasing

    if rule.check == "starts_with_verb":
        return partial(phrasing.starts_with_verb, mood="imperative" if action_mood == "imperative" else "any")
    check: Callable[[str], Decision] = getattr(phrasing, rule.check)
    return check
