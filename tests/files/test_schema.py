from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from journeymap.files.document import read_document
from journeymap.files.loader import plain
from journeymap.files.schema import json_schema

from support import example_map_files, example_workspaces


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@pytest.mark.parametrize("kind", ["map", "persona", "workspace"])
def test_schema_is_valid_draft_2020_12(kind: str) -> None:
    jsonschema.Draft202012Validator.check_schema(json_schema(kind))


@pytest.mark.parametrize("path", example_map_files(), ids=lambda p: p.name)
def test_example_maps_match_the_schema(path: Path) -> None:
    data = _jsonable(plain(read_document(path).tree))
    errors = list(jsonschema.Draft202012Validator(json_schema("map")).iter_errors(data))
    assert errors == []


def test_schema_rejects_what_the_loader_rejects() -> None:
    validator = jsonschema.Draft202012Validator(json_schema("map"))
    assert not validator.is_valid({"title": "T", "titel": "x"})
    assert not validator.is_valid({"title": "T", "type": "journey"})
    assert validator.is_valid({"title": "T", "stages": [{"name": "S", "steps": ["a", {"name": "b", "emotion": 3}]}]})


@pytest.mark.parametrize("workspace", example_workspaces(), ids=lambda p: p.name)
def test_example_personas_match_the_schema(workspace: Path) -> None:
    validator = jsonschema.Draft202012Validator(json_schema("persona"))
    for path in sorted((workspace / "personas").glob("*.yaml")):
        assert list(validator.iter_errors(_jsonable(plain(read_document(path).tree)))) == []
