"""JSON Schema of the file format, so editors complete and check map files.

Generated from the model, then adjusted to what files may say that the model fills in: ids may be left
out (they are made from names and positions), ``emotion: 6`` is short for an estimate, and a stage's steps
may be plain names.
"""

from __future__ import annotations

import copy
from typing import Any

from pydantic import BaseModel

from ..model import FORMAT_VERSION, Map, Persona, Workspace

__all__ = ["SCHEMA_KINDS", "json_schema"]

SCHEMA_KINDS = ("map", "persona", "workspace")
_BASE_URL = "urn:journeymap:schema"
_OPTIONAL_IDS = {
    "Map", "Stage", "Step", "Lane", "Card", "Touchpoint", "MomentOfTruth", "ServiceChallenge", "Contingency",
    "ValueMoment", "Opportunity", "Hypothesis", "Actor", "ValueFlow", "MentalSpace", "Tower", "TowerBox", "Support",
    "Comment", "Persona",
}  # fmt: skip


def json_schema(kind: str = "map") -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a map, persona or workspace file."""
    models: dict[str, type[BaseModel]] = {"map": Map, "persona": Persona, "workspace": Workspace}
    model = models[kind]
    schema = copy.deepcopy(model.model_json_schema(mode="validation"))
    defs = schema.get("$defs", {})
    for name, definition in [(model.__name__, schema), *defs.items()]:
        if name in _OPTIONAL_IDS and not (kind == "persona" and name == "Persona"):
            _drop_required(definition, "id")
    if kind == "map":
        _drop_required(schema, "id")
        _allow_shorthands(defs)
    if kind == "workspace":
        schema["properties"].pop("maps", None)
        schema["properties"].pop("personas", None)
    header = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{_BASE_URL}:v{FORMAT_VERSION}:{kind}",
        "title": f"journeymap {kind} file, format version {FORMAT_VERSION}",
    }
    return {**header, **{k: v for k, v in schema.items() if k != "title"}}


def _drop_required(definition: dict[str, Any], key: str) -> None:
    required = definition.get("required")
    if isinstance(required, list) and key in required:
        required.remove(key)
        if not required:
            del definition["required"]


def _allow_shorthands(defs: dict[str, Any]) -> None:
    emotion = defs.get("Step", {}).get("properties", {}).get("emotion")
    if emotion is not None:
        options = emotion.setdefault("anyOf", [])
        options.insert(0, {"type": "number", "minimum": 1, "maximum": 10, "description": "an estimate, 1–10"})
    others = defs.get("Step", {}).get("properties", {}).get("emotions", {}).get("patternProperties", {})
    for pattern, level in list(others.items()):  # another persona's level: a number is an estimate too
        estimate = {"type": "number", "minimum": 1, "maximum": 10, "description": "an estimate, 1–10"}
        others[pattern] = {"anyOf": [estimate, level]}
    steps = defs.get("Stage", {}).get("properties", {}).get("steps")
    if steps is not None and "items" in steps:
        steps["items"] = {"anyOf": [steps["items"], {"type": "string", "description": "a step's name"}]}
