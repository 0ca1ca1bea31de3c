"""Shared by the benchmarks: generated inputs (a large map, a large Mermaid journey; deterministic), the machine's
description and a process's peak memory."""

from __future__ import annotations

import os
import platform
import random
from pathlib import Path
from typing import Any

WORDS = [
    "compare",
    "rates",
    "book",
    "call",
    "upload",
    "documents",
    "wait",
    "for",
    "decision",
    "sign",
    "offer",
    "check",
    "tracker",
    "ask",
    "adviser",
    "read",
    "letter",
    "pay",
    "deposit",
    "confirm",
    "identity",
    "choose",
    "product",
    "review",
    "terms",
    "move",
    "house",
    "get",
    "keys",
    "chat",
    "with",
    "support",
    "update",
    "details",
]
LANE_KINDS = [
    "actions", "thoughts", "feelings", "desired-outcomes", "pain-points", "emotion", "touchpoints",
    "moments-of-truth", "organisation-activities", "strengths", "weaknesses", "opportunities",
]  # fmt: skip


def _sentence(rng: random.Random, low: int = 3, high: int = 12) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high))).capitalize()


def big_map_data(stages: int = 12, steps: int = 100, lanes: int = 12, seed: int = 7) -> dict[str, Any]:
    """A customer journey map of ``steps`` steps spread over ``stages`` stages and ``lanes`` lanes,
    one or two cards a cell in card lanes, a touchpoint a step, an emotion a step (half measured)."""
    rng = random.Random(seed)
    stage_list: list[dict[str, Any]] = [
        {"id": f"stage-{i}", "name": f"Stage {i + 1}", "steps": []} for i in range(stages)
    ]
    step_ids = []
    for n in range(steps):
        step_id = f"step-{n}"
        step_ids.append(step_id)
        value = round(rng.uniform(2, 9), 1)
        emotion: Any = (
            {"mean": value, "n": rng.randint(30, 400), "ci95": [value - 0.4, value + 0.4], "dataset": "survey"}
            if n % 2
            else value
        )
        stage_list[n * stages // steps]["steps"].append(
            {"id": step_id, "name": _sentence(rng, 2, 5), "emotion": emotion}
        )
    lane_list = []
    for kind in LANE_KINDS[:lanes]:
        cards = []
        if kind not in ("emotion", "touchpoints", "moments-of-truth"):
            for step_id in step_ids:
                for _ in range(rng.randint(1, 2)):
                    cards.append({"step": step_id, "text": _sentence(rng), "weight": rng.choice([None, 2, 4])})
        for card in cards:
            if card["weight"] is None:
                del card["weight"]
        lane_list.append({"id": kind, "kind": kind, "cards": cards})
    touchpoints = [
        {"id": f"tp-{n}", "step": s, "name": _sentence(rng, 1, 3), "channel": rng.choice(["web", "app", "phone"]),
         "kind": rng.choice(["static", "interactive", "human"])}
        for n, s in enumerate(step_ids)
    ]  # fmt: skip
    moments = [
        {"id": f"mot-{n}", "step": s, "title": _sentence(rng, 2, 5), "importance": 8, "expectation": 8, "experience": 4}
        for n, s in enumerate(step_ids[::10])
    ]
    return {
        "id": "generated",
        "title": f"Generated journey: {stages} stages, {steps} steps, {lanes} lanes",
        "stages": stage_list,
        "lanes": lane_list,
        "touchpoints": touchpoints,
        "moments_of_truth": moments,
    }


def big_mermaid(tasks: int = 100, sections: int = 10, seed: int = 7) -> str:
    """A Mermaid user-journey diagram with ``tasks`` tasks in ``sections`` sections."""
    rng = random.Random(seed)
    lines = ["journey", f"    title Generated journey with {tasks} tasks"]
    for n in range(tasks):
        if n % (tasks // sections) == 0:
            lines.append(f"    section Section {n // (tasks // sections) + 1}")
        actors = ", ".join(rng.sample(["Me", "Partner", "Adviser", "Agent"], rng.randint(1, 2)))
        lines.append(f"      {_sentence(rng, 2, 5)} {n}: {rng.randint(1, 5)}: {actors}")
    return "\n".join(lines) + "\n"


def machine() -> str:
    """CPU model, cores and Python version, for the header of every benchmark table."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM; unlike ru_maxrss it starts afresh at exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")
