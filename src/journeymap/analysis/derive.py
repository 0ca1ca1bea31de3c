"""Derive a to-be map from an as-is map: the same stages, steps and lanes as a starting point, each step linked to
the as-is step it replaces, measured emotions turned into estimates (the future has no evidence yet)."""

from __future__ import annotations

from typing import Any

from ..files.dump import model_data
from ..model import Map, MapState, slugify


def derive_to_be(as_is: Map, *, title: str | None = None, new_id: str | None = None) -> Map:
    data: dict[str, Any] = model_data(as_is)
    data["id"] = new_id or slugify(f"{as_is.id}-to-be", "to-be")
    data["title"] = title or (as_is.title.removesuffix(" — as is").removesuffix(" (as is)") + " — to be")
    data["state"] = MapState.TO_BE.value
    data["derived_from"] = as_is.id
    data.pop("comments", None)
    for stage in data.get("stages", []):
        for step in stage.get("steps", []):
            step["replaces"] = [step["id"]]
            emotion = step.get("emotion")
            if isinstance(emotion, dict) and "mean" in emotion:
                # estimates go in half points: the measured mean, to the nearest half
                estimate = round(float(emotion["mean"]) * 2) / 2
                step["emotion"] = {"estimate": estimate, "note": f"as-is measured mean {emotion['mean']}"}
    return Map.model_validate(data)
