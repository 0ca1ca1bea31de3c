"""A small workspace whose initiative has done every stage of the method; tests take parts away from it."""

from __future__ import annotations

import copy
from typing import Any

from journeymap.model import Workspace

_CRITERION = {"rating": 4, "note": "measured"}

AS_IS: dict[str, Any] = {
    "id": "as-is",
    "title": "Renew a passport — as is",
    "persona": "ana",
    "state": "as-is",
    "stages": [{"id": "apply", "name": "Apply", "steps": [{"id": "fill", "name": "Fill in the form"},
                                                          {"id": "wait", "name": "Wait for the passport"}]}],
    "lanes": [{"id": "actions", "kind": "actions", "cards": [{"step": "fill", "text": "Fill in the form online"},
                                                             {"step": "wait", "text": "Check the tracker"}]}],
    "touchpoints": [{"id": "tp-form", "step": "fill", "name": "Online form"},
                    {"id": "tp-tracker", "step": "wait", "name": "Tracker"}],
    "moments_of_truth": [{"id": "mot-wait", "step": "wait", "title": "Waiting", "importance": 9, "expectation": 8,
                          "experience": 3}],
    "service_challenges": [{"id": "sc-late", "step": "wait", "text": "Passport late",
                            "contingencies": [{"text": "Call the applicant"}]}],
    "opportunities": [{"id": "opp-wait", "text": "Reduce the uncertainty of the wait", "steps": ["wait"],
                       "how_might_we": "How might we make the wait predictable?"}],
}  # fmt: skip

INITIATIVE: dict[str, Any] = {
    "id": "renewals",
    "name": "Faster passport renewals",
    "owner": "Head of service",
    "strategy": {"mission": "Serve citizens well", "goals": ["Renew in a week"], "markets": ["Adults renewing"],
                 "hypotheses": ["Predictable waits cut calls"]},
    "scope": {"value_chain_map": "chain", "persona": "ana", "map_type": "customer-journey-map",
              "start": "The passport nears its expiry", "end": "The new passport arrives"},
    "framing": {"work_effort": "20 person-days", "duration": "6 weeks", "costs": "£10,000",
                "resources": ["A researcher"], "mission_statement": "Know why renewals take long."},
    "research": [{"method": "survey", "description": "Renewal survey", "evidence": ["evidence/survey.csv"]}],
    "as_is_map": "as-is",
    "empathy": [{"kind": "stories", "stories": ["A trip nearly missed"]}],
    "opportunities": [{"map": "as-is", "opportunity": "opp-wait"}],
    "options": [{"id": "tracker", "name": "A tracker with dates", "opportunities": ["opp-wait"],
                 "hypotheses": [{"id": "h-calls", "statement": "We believe dates cut calls",
                                 "metric": "calls per application", "baseline": 2, "target": 1}]}],
    "experiments": [{"id": "pilot", "option": "tracker", "hypothesis": "h-calls", "tested": "Tracker for 100",
                     "result": 0.9, "decision": "adopt"}],
    "to_be_map": "to-be",
}  # fmt: skip


def workspace_data() -> dict[str, Any]:
    """The workspace's data: every stage done, every iteration done (a fresh copy to change)."""
    return copy.deepcopy(
        {
            "name": "Passports",
            "diagnostic": {c: dict(_CRITERION) for c in ("changeable", "challenged", "complex", "climactic", "costly")},
            "personas": [{"id": "ana", "name": "Ana, renewing"}],
            "maps": [
                {"id": "chain", "title": "Value chain", "type": "ecosystem-map",
                 "actors": [{"id": "office", "name": "Passport office", "kind": "primary-provider"}]},
                AS_IS,
                {"id": "to-be", "title": "Renew a passport — to be", "persona": "ana", "state": "to-be",
                 "stages": [{"id": "apply", "name": "Apply", "steps": [{"id": "fill", "name": "Fill in"}]}]},
            ],
            "initiatives": [INITIATIVE],
        }
    )  # fmt: skip


def workspace(data: dict[str, Any] | None = None) -> Workspace:
    return Workspace.model_validate(data if data is not None else workspace_data())
