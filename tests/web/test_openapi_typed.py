"""Every answer of the studio's API has a named schema in its OpenAPI document (``/api/openapi.json``), from which the
front end's types are generated: a route whose 2xx answer has no schema, an unnamed one or a free-form object
(``dict[str, Any]``) fails here, unless it is in ``NOT_YET_TYPED``.

``NOT_YET_TYPED`` only shrinks: it lists the operations still being typed (issue 12); a new route cannot join it
without someone editing this file, and an entry whose operation became typed (or is gone) fails the test too, so
that it is taken out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from studio_support import make_app

NOT_YET_TYPED: set[tuple[str, str]] = {
    # web/app.py: the health probe answers a plain dict
    ("GET", "/api/health"),
    # web/api/exports.py: file downloads answer with no declared media type or schema
    ("GET", "/api/maps/{mid}/export"),
    ("GET", "/api/versions/{vid}/export"),
}

JSON = "application/json"


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder: Path = tmp_path_factory.mktemp("openapi")
    openapi: dict[str, Any] = make_app(str(folder / "studio.db"), []).openapi()
    return openapi


def _component(document: dict[str, Any], ref: str) -> dict[str, Any]:
    prefix = "#/components/schemas/"
    assert ref.startswith(prefix), ref
    schema: dict[str, Any] = document["components"]["schemas"][ref.removeprefix(prefix)]
    return schema


def free_form(schema: dict[str, Any]) -> bool:
    """An object schema that says nothing of its keys: no properties, and any additional property allowed."""
    if schema.get("type") != "object" or schema.get("properties"):
        return False
    extra = schema.get("additionalProperties", True)
    return extra is True or extra == {}


def json_problem(document: dict[str, Any], schema: dict[str, Any]) -> str | None:
    """Why a JSON answer's schema is not a named, precise one (None when it is)."""
    if "$ref" in schema:
        merged = set(schema) - {"$ref", "description", "title"}
        if merged:  # FastAPI merged an inline schema beside the reference (response_model and responses both)
            return f"{schema['$ref']} merged with an inline schema ({', '.join(sorted(merged))})"
        component = _component(document, schema["$ref"])
        return f"{schema['$ref']} is a free-form object" if free_form(component) else None
    if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
        return json_problem(document, schema["items"])
    choices = schema.get("oneOf") or schema.get("anyOf")
    if choices:
        found = [json_problem(document, choice) for choice in choices]
        return next((problem for problem in found if problem), None)
    return f"an unnamed schema {schema or '{}'}"


def answer_problems(document: dict[str, Any], operation: dict[str, Any]) -> list[str]:
    """What is wrong with the operation's 2xx answers (nothing: an empty list)."""
    problems = []
    for status, answer in operation.get("responses", {}).items():
        if not status.startswith("2") or status == "204":
            continue
        content = answer.get("content") or {}
        if not content:
            problems.append(f"{status}: no content declared")
        for media, body in content.items():
            schema = body.get("schema")
            if not schema:
                problems.append(f"{status} {media}: no schema")
            elif media == JSON:
                problem = json_problem(document, schema)
                if problem:
                    problems.append(f"{status} {media}: {problem}")
            elif schema.get("type") != "string":
                problems.append(f"{status} {media}: a document answer is a string (of bytes: format binary)")
    return problems


def untyped(document: dict[str, Any]) -> dict[tuple[str, str], list[str]]:
    found = {}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            problems = answer_problems(document, operation)
            if problems:
                found[(method.upper(), path)] = problems
    return found


def test_every_answer_has_a_named_precise_schema(document: dict[str, Any]) -> None:
    found = untyped(document)
    new = {operation: problems for operation, problems in found.items() if operation not in NOT_YET_TYPED}
    assert not new, "answers without a named schema (type them; see web/schemas/):\n" + "\n".join(
        f"{method} {path}: {'; '.join(problems)}" for (method, path), problems in sorted(new.items())
    )


def test_the_list_of_untyped_operations_only_shrinks(document: dict[str, Any]) -> None:
    typed_now = sorted(NOT_YET_TYPED - set(untyped(document)))
    assert not typed_now, f"typed now (or gone): take them out of NOT_YET_TYPED: {typed_now}"


def test_the_walk_finds_what_it_looks_for(document: dict[str, Any]) -> None:
    """The checks themselves: a free-form object, an unnamed schema and a missing one are found; named models,
    lists of them, a choice of them and a file download pass."""
    named = {"$ref": "#/components/schemas/MapPublic"}
    answers: dict[str, Any] = {
        "free": {"200": {"content": {JSON: {"schema": {"type": "object", "additionalProperties": True}}}}},
        "unnamed": {"200": {"content": {JSON: {"schema": {"type": "object", "properties": {"a": {}}}}}}},
        "none": {"201": {"description": "created"}},
        "named": {"200": {"content": {JSON: {"schema": named}}}},
        "list": {"200": {"content": {JSON: {"schema": {"type": "array", "items": named}}}}},
        "choice": {"200": {"content": {JSON: {"schema": {"oneOf": [named, named]}}}}},
        "zip": {"200": {"content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}}}},
        "merged": {"200": {"content": {JSON: {"schema": {**named, "type": "object", "additionalProperties": {}}}}}},
    }
    problems = {name: answer_problems(document, {"responses": answer}) for name, answer in answers.items()}
    assert problems["free"] == [f"200 {JSON}: an unnamed schema {{'type': 'object', 'additionalProperties': True}}"]
    assert problems["unnamed"] and problems["none"] == ["201: no content declared"]
    assert not problems["named"] and not problems["list"] and not problems["choice"] and not problems["zip"]
    assert problems["merged"] == [
        f"200 {JSON}: #/components/schemas/MapPublic merged with an inline schema (additionalProperties, type)"
    ]
    assert free_form({"type": "object"}) and free_form({"type": "object", "additionalProperties": {}})
    assert not free_form({"type": "object", "additionalProperties": False})  # the empty answer, Done


DOCUMENT_BODIES = {
    ("PUT", "/api/maps/{mid}"),
    ("PUT", "/api/workspaces/{wid}/settings"),
    ("PUT", "/api/workspaces/{wid}/personas/{pid}"),
}
"""Bodies that are documents of the file format (a map, journeymap.yaml, a persona): JSON objects, checked by the
studio itself so that a refusal lists the document's problems with their places."""


def test_request_bodies_are_named_models_or_documents(document: dict[str, Any]) -> None:
    loose, documents = [], set()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody", {}).get("content", {}).get(JSON, {}).get("schema")
            if body is None:
                continue
            choices = body.get("anyOf", [body])
            if all("$ref" in choice or choice.get("type") == "null" for choice in choices):
                continue
            if (method.upper(), path) in DOCUMENT_BODIES and body.get("type") == "object" and body.get("description"):
                documents.add((method.upper(), path))
            else:
                loose.append(f"{method.upper()} {path}: {body}")
    assert not loose, loose
    assert documents == DOCUMENT_BODIES


def test_schema_names_are_unique(document: dict[str, Any]) -> None:
    """Two models of one name get module-qualified names (``journeymap__web__schemas__…__X``) in the generated
    client: each model of the API has a name of its own (FastAPI's own ``Body_…`` of a multipart form aside)."""
    qualified = [name for name in document["components"]["schemas"] if "__" in name and not name.startswith("Body_")]
    assert not qualified, qualified
