"""Shapes several areas share: the empty answer, times, JSON documents and the problems found in a document."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from ...errors import Problem
from ..errors import iso

Timestamp = Annotated[
    str, Field(description="an ISO 8601 time with its zone", json_schema_extra={"format": "date-time"})
]

JsonObject = dict[str, JsonValue]
"""A JSON object as it is (a document of the file format: a map, a workspace's settings, a persona)."""


def timestamp(moment: datetime) -> str:
    """A stored time as the API sends it."""
    return iso(moment)


def maybe_timestamp(moment: datetime | None) -> str | None:
    return iso(moment) if moment is not None else None


class Done(BaseModel):
    """The answer of an action that has nothing to tell but that it was done: an empty object."""

    model_config = ConfigDict(extra="forbid")


class UserRef(BaseModel):
    """An account as others see it beside what it did."""

    id: int
    email: str
    name: str


class ProblemPublic(BaseModel):
    """Something wrong in a document or a lint finding, in the one JSON form of a problem
    (:meth:`journeymap.errors.Problem.to_dict`, as ``journeymap lint --format json`` writes it), with the element it
    is on (for the editor)."""

    code: str
    severity: str = Field(description="error, warning or info")
    message: str
    hint: str
    where: str = Field(description="a file position file:line:column (or the file), or an element path")
    path: str = Field(description="the element path when ``where`` is a file position")
    rule: str = Field(description="the lint rule that found it, e.g. action-starts-with-verb (empty for a problem)")
    loc: list[str | int] = Field(description="keys and list indexes of the place in the document's data")
    element: str | None = Field(description="the id of the innermost element with an id at that place")

    @classmethod
    def of(cls, problem: Problem, element: str | None) -> ProblemPublic:
        return cls.model_validate({**problem.to_dict(), "element": element})
