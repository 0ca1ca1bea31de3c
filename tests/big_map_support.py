"""A generated big timeline map for the office tests: 8 stages × 5 steps (40 steps) × 10 lanes with long texts,
measured and estimated emotions, moments of truth and opportunities. Deterministic: the same map every call."""

from __future__ import annotations

from typing import Any

from journeymap.model import Map

LONG = (
    "the customer reads the long explanation twice, phones the helpline to check what it means for her "
    "application and writes the reference number down on the back of an envelope"
)
LANE_KINDS = (
    "actions",
    "thoughts",
    "feelings",
    "pain-points",
    "touchpoints",
    "organisation-activities",
    "opportunities",
    "metrics",
    "desired-outcomes",
    "emotion",
)


def _emotion(number: int) -> Any:
    value = 1 + (number * 37 % 90) / 10
    if number % 3 == 0:
        low, high = max(1.0, value - 0.4), min(10.0, value + 0.4)
        return {"mean": value, "n": 40 + number, "ci95": [low, high], "std": 1.5, "dataset": "big-survey"}
    return {"estimate": round(value), "note": f"workshop estimate {number}"}


def big_map_data(stages: int = 8, steps_per_stage: int = 5, lanes: int = 10) -> dict[str, Any]:
    """The data of a map of ``stages`` × ``steps_per_stage`` steps and ``lanes`` lanes with long texts."""
    stage_list = []
    step_ids = []
    for s in range(stages):
        steps = []
        for k in range(steps_per_stage):
            number = s * steps_per_stage + k
            step_id = f"st{number}"
            step_ids.append(step_id)
            name = f"Step {number + 1}: {'reconsider the documentation requirements' if number % 4 == 0 else 'wait'}"
            steps.append({"id": step_id, "name": name, "emotion": _emotion(number)})
        stage_list.append(
            {"id": f"stage{s}", "name": f"Stage {s + 1} of the long journey", "description": LONG[:90], "steps": steps}
        )
    lane_list = []
    for k, kind in enumerate(LANE_KINDS[:lanes]):
        lane: dict[str, Any] = {"id": f"lane{k}", "kind": kind}
        if kind != "emotion":
            lane["cards"] = [
                {"id": f"c{k}-{i}", "step": step_id, "text": f"{kind} {i}: {LONG[: 40 + (i * 13 + k * 7) % 140]}"}
                for i, step_id in enumerate(step_ids)
                if (i + k) % 5 != 4
            ]
        lane_list.append(lane)
    return {
        "id": "big-generated",
        "title": "A generated big map: 8 stages, 40 steps, 10 lanes, long texts everywhere for the layout",
        "description": LONG,
        "personas": [
            {
                "id": "pat",
                "name": "Pat, a patient reader of long forms",
                "segment": "first-time applicants",
                "quote": "I just want to know where I stand without calling anyone.",
                "goals": ["Finish the application in one evening", LONG[:100]],
                "frustrations": ["Being asked for the same document twice"],
            }
        ],
        "persona": "pat",
        "stages": stage_list,
        "lanes": lane_list,
        "moments_of_truth": [
            {
                "id": f"mot{i}",
                "step": step_ids[i * 7 % len(step_ids)],
                "title": f"Moment {i + 1}: {LONG[:60]}",
                "importance": 5 + i,
                "expectation": 8,
                "experience": 3 + i % 4,
                "estimated": i % 2 == 0,
            }
            for i in range(5)
        ],
        "opportunities": [
            {"id": f"opp{i}", "text": f"Reduce {LONG[: 70 + i * 10]}", "steps": [step_ids[i * 5]], "score": 9 - i}
            for i in range(6)
        ],
    }


def big_map() -> Map:
    return Map.model_validate(big_map_data())
