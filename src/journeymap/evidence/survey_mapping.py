"""The mapping file of a survey (``--mapping M.yaml``), validated with pydantic. A module of its own so that a
survey summarized from command-line options alone does not import pydantic (see ``survey_spec``)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import MapFileError, Problem

__all__ = ["MappingFile", "read_mapping"]


class _Target(BaseModel):
    model_config = ConfigDict(extra="forbid")
    element: str = Field(min_length=1)
    measure: str = "rating"


class _Long(BaseModel):
    model_config = ConfigDict(extra="forbid")
    respondent: str = "respondent"
    element: str = "element"
    measure: str = "measure"
    value: str = "value"


class MappingFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    form: Literal["wide", "long"] = "wide"
    respondent: str | None = None
    columns: dict[str, str | _Target] = Field(default_factory=dict)
    overall: str | None = None
    scale: str | None = None
    missing: list[str | int | float] = Field(default_factory=list)
    segment: str | None = None
    weight: str | None = None
    sheet: str | None = None
    long: _Long = Field(default_factory=_Long)


def read_mapping(path: Path) -> MappingFile:
    from ..files.document import read_document
    from ..files.loader import plain
    from ..files.validation import problems_from_validation

    doc = read_document(path)
    if not isinstance(doc.tree, dict):
        raise MapFileError([Problem("JE002", doc.where(()), "a mapping file is a YAML mapping", "see the docs")])
    try:
        return MappingFile.model_validate(plain(doc.tree))
    except ValidationError as exc:
        raise MapFileError(problems_from_validation(exc, doc, MappingFile)) from exc
