"""SARIF 2.1.0 output, checked against the structure of the OASIS SARIF 2.1.0 JSON schema.

The official schema (sarif-schema-2.1.0.json) cannot be downloaded here, so the objects this module emits are
written out below from the specification: for each, its required properties, the enumerations it uses and — as in
the official schema, where objects have ``additionalProperties: false`` — the full list of properties it may
have, so a misspelt key fails the test.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import pytest

from journeymap.errors import Problem, Severity
from journeymap.lint import RULES
from journeymap.lint.sarif import SARIF_VERSION, to_sarif

MESSAGE = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "text": {"type": "string"},
        "markdown": {"type": "string"},
        "id": {"type": "string"},
        "arguments": {"type": "array"},
        "properties": {"type": "object"},
    },
    "anyOf": [{"required": ["text"]}, {"required": ["id"]}],
}
MULTIFORMAT = {
    "type": "object",
    "additionalProperties": False,
    "required": ["text"],
    "properties": {"text": {"type": "string"}, "markdown": {"type": "string"}, "properties": {"type": "object"}},
}
LEVEL = {"enum": ["none", "note", "warning", "error"]}
ARTIFACT_LOCATION = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "uri": {"type": "string", "format": "uri-reference"},
        "uriBaseId": {"type": "string"},
        "index": {"type": "integer", "minimum": -1},
        "description": MESSAGE,
        "properties": {"type": "object"},
    },
}
REGION = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        name: {"type": "integer", "minimum": 1} for name in ("startLine", "startColumn", "endLine", "endColumn")
    }
    | {
        "charOffset": {"type": "integer", "minimum": -1},
        "charLength": {"type": "integer", "minimum": 0},
        "byteOffset": {"type": "integer", "minimum": -1},
        "byteLength": {"type": "integer", "minimum": 0},
        "snippet": {"type": "object"},
        "message": MESSAGE,
        "sourceLanguage": {"type": "string"},
        "properties": {"type": "object"},
    },
}
PHYSICAL_LOCATION = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "address": {"type": "object"},
        "artifactLocation": ARTIFACT_LOCATION,
        "region": REGION,
        "contextRegion": REGION,
        "properties": {"type": "object"},
    },
    "anyOf": [{"required": ["address"]}, {"required": ["artifactLocation"]}],
}
LOGICAL_LOCATION = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string"},
        "index": {"type": "integer", "minimum": -1},
        "fullyQualifiedName": {"type": "string"},
        "decoratedName": {"type": "string"},
        "parentIndex": {"type": "integer", "minimum": -1},
        "kind": {"type": "string"},
        "properties": {"type": "object"},
    },
}
LOCATION = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "id": {"type": "integer", "minimum": -1},
        "physicalLocation": PHYSICAL_LOCATION,
        "logicalLocations": {"type": "array", "items": LOGICAL_LOCATION},
        "message": MESSAGE,
        "annotations": {"type": "array"},
        "relationships": {"type": "array"},
        "properties": {"type": "object"},
    },
}
REPORTING_DESCRIPTOR = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id"],
    "properties": {
        "id": {"type": "string"},
        "deprecatedIds": {"type": "array"},
        "guid": {"type": "string"},
        "deprecatedGuids": {"type": "array"},
        "name": {"type": "string"},
        "deprecatedNames": {"type": "array"},
        "shortDescription": MULTIFORMAT,
        "fullDescription": MULTIFORMAT,
        "messageStrings": {"type": "object"},
        "defaultConfiguration": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "enabled": {"type": "boolean"},
                "level": LEVEL,
                "rank": {"type": "number", "minimum": -1, "maximum": 100},
                "parameters": {"type": "object"},
                "properties": {"type": "object"},
            },
        },
        "helpUri": {"type": "string", "format": "uri"},
        "help": MULTIFORMAT,
        "relationships": {"type": "array"},
        "properties": {"type": "object", "properties": {"tags": {"type": "array", "items": {"type": "string"}}}},
    },
}
TOOL_COMPONENT = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name"],
    "properties": {
        name: {"type": "string"}
        for name in (
            "guid",
            "name",
            "organization",
            "product",
            "productSuite",
            "fullName",
            "version",
            "semanticVersion",
            "dottedQuadFileVersion",
            "releaseDateUtc",
            "downloadUri",
            "informationUri",
            "language",
            "localizedDataSemanticVersion",
            "minimumRequiredLocalizedDataSemanticVersion",
        )
    }
    | {
        "shortDescription": MULTIFORMAT,
        "fullDescription": MULTIFORMAT,
        "globalMessageStrings": {"type": "object"},
        "notifications": {"type": "array", "items": REPORTING_DESCRIPTOR},
        "rules": {"type": "array", "items": REPORTING_DESCRIPTOR},
        "taxa": {"type": "array", "items": REPORTING_DESCRIPTOR},
        "locations": {"type": "array"},
        "contents": {"type": "array"},
        "isComprehensive": {"type": "boolean"},
        "associatedComponent": {"type": "object"},
        "translationMetadata": {"type": "object"},
        "supportedTaxonomies": {"type": "array"},
        "properties": {"type": "object"},
    },
}
RESULT = {
    "type": "object",
    "additionalProperties": False,
    "required": ["message"],
    "properties": {
        "ruleId": {"type": "string"},
        "ruleIndex": {"type": "integer", "minimum": -1},
        "rule": {"type": "object"},
        "kind": {"enum": ["notApplicable", "pass", "fail", "review", "open", "informational"]},
        "level": LEVEL,
        "message": MESSAGE,
        "analysisTarget": ARTIFACT_LOCATION,
        "locations": {"type": "array", "items": LOCATION},
        "guid": {"type": "string"},
        "correlationGuid": {"type": "string"},
        "occurrenceCount": {"type": "integer", "minimum": 1},
        "partialFingerprints": {"type": "object"},
        "fingerprints": {"type": "object"},
        "stacks": {"type": "array"},
        "codeFlows": {"type": "array"},
        "graphs": {"type": "array"},
        "graphTraversals": {"type": "array"},
        "relatedLocations": {"type": "array", "items": LOCATION},
        "suppressions": {"type": "array"},
        "baselineState": {"enum": ["new", "unchanged", "updated", "absent"]},
        "rank": {"type": "number"},
        "attachments": {"type": "array"},
        "hostedViewerUri": {"type": "string"},
        "workItemUris": {"type": "array"},
        "provenance": {"type": "object"},
        "fixes": {"type": "array"},
        "taxa": {"type": "array"},
        "webRequest": {"type": "object"},
        "webResponse": {"type": "object"},
        "properties": {"type": "object"},
    },
}
RUN = {
    "type": "object",
    "additionalProperties": False,
    "required": ["tool"],
    "properties": {
        "tool": {
            "type": "object",
            "additionalProperties": False,
            "required": ["driver"],
            "properties": {
                "driver": TOOL_COMPONENT,
                "extensions": {"type": "array", "items": TOOL_COMPONENT},
                "properties": {"type": "object"},
            },
        },
        "invocations": {"type": "array"},
        "conversion": {"type": "object"},
        "language": {"type": "string"},
        "versionControlProvenance": {"type": "array"},
        "originalUriBaseIds": {"type": "object", "additionalProperties": ARTIFACT_LOCATION},
        "artifacts": {"type": "array"},
        "logicalLocations": {"type": "array"},
        "graphs": {"type": "array"},
        "results": {"type": "array", "items": RESULT},
        "automationDetails": {"type": "object"},
        "runAggregates": {"type": "array"},
        "baselineGuid": {"type": "string"},
        "redactionTokens": {"type": "array"},
        "defaultEncoding": {"type": "string"},
        "defaultSourceLanguage": {"type": "string"},
        "newlineSequences": {"type": "array"},
        "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
        "externalPropertyFileReferences": {"type": "object"},
        "threadFlowLocations": {"type": "array"},
        "taxonomies": {"type": "array"},
        "addresses": {"type": "array"},
        "translations": {"type": "array"},
        "policies": {"type": "array"},
        "webRequests": {"type": "array"},
        "webResponses": {"type": "array"},
        "specialLocations": {"type": "object"},
        "properties": {"type": "object"},
    },
}
SARIF_LOG = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "additionalProperties": False,
    "required": ["version", "runs"],
    "properties": {
        "$schema": {"type": "string", "format": "uri"},
        "version": {"enum": ["2.1.0"]},
        "runs": {"type": ["array", "null"], "items": RUN},
        "inlineExternalProperties": {"type": "array"},
        "properties": {"type": "object"},
    },
}


def _finding(code: str = "JL101", severity: Severity = Severity.WARNING, **changes: Any) -> Problem:
    values: dict[str, Any] = {
        "code": code,
        "severity": severity,
        "message": "action \"Login to app\": starts with the noun 'Login'",
        "hint": "write 'Log in to app'",
        "where": "maps/journey.yaml:12:9",
        "path": 'lane "actions" › card "Login to app" › text',
        "rule": "action-starts-with-verb",
    }
    values.update(changes)
    return Problem(**values)


def _validate(log: dict[str, Any]) -> None:
    jsonschema.Draft7Validator.check_schema(SARIF_LOG)
    jsonschema.Draft7Validator(SARIF_LOG).validate(log)


def test_the_schema_subset_rejects_what_sarif_rejects() -> None:
    good = to_sarif([_finding()], base=Path.cwd())
    _validate(good)
    broken_level = to_sarif([_finding()], base=Path.cwd())
    broken_level["runs"][0]["results"][0]["level"] = "warn"
    misspelt = to_sarif([_finding()], base=Path.cwd())
    misspelt["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["line"] = 3
    no_driver_name = to_sarif([_finding()], base=Path.cwd())
    del no_driver_name["runs"][0]["tool"]["driver"]["name"]
    for log in (broken_level, misspelt, no_driver_name):
        with pytest.raises(jsonschema.ValidationError):
            _validate(log)


def test_log_shape_rules_and_results(tmp_path: Path) -> None:
    findings = [
        _finding(),
        _finding(
            "JL205",
            Severity.ERROR,
            message="the moment of truth 'X' has neither evidence nor …",
            where="maps/journey.yaml:40:9",
        ),
        _finding("JL203", Severity.INFO, message="the step 'Drive' has no touchpoint", hint=""),
    ]
    log = to_sarif(findings, base=tmp_path)
    _validate(log)
    assert log["version"] == SARIF_VERSION == "2.1.0"
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "journeymap"
    assert [rule["id"] for rule in driver["rules"]] == [rule.code for rule in RULES]
    levels = [result["level"] for result in run["results"]]
    assert levels == ["warning", "error", "note"]
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    first = run["results"][0]
    physical = first["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": "maps/journey.yaml", "uriBaseId": "%SRCROOT%"}
    assert physical["region"] == {"startLine": 12, "startColumn": 9}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"
    assert first["message"]["text"].endswith("(write 'Log in to app')")
    assert first["properties"]["suggestion"] == "write 'Log in to app'"
    assert first["locations"][0]["logicalLocations"][0]["fullyQualifiedName"].startswith('lane "actions"')
    assert "properties" not in run["results"][2]


def test_paths_outside_the_working_folder_and_without_position(tmp_path: Path) -> None:
    outside = tmp_path.parent / "elsewhere" / "map.yaml"
    log = to_sarif([_finding(where=str(outside))], base=tmp_path)
    _validate(log)
    physical = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert physical == {"artifactLocation": {"uri": outside.resolve().as_uri()}}


def test_loading_problems_get_a_rule_of_their_own() -> None:
    log = to_sarif([_finding("JM104", Severity.ERROR, message="emotion: must be at least 1", rule="")])
    _validate(log)
    driver = log["runs"][0]["tool"]["driver"]
    result = log["runs"][0]["results"][0]
    assert driver["rules"][result["ruleIndex"]]["id"] == "JM104" and result["level"] == "error"


def test_empty_log_is_valid() -> None:
    log = to_sarif([])
    _validate(log)
    assert log["runs"][0]["results"] == []
