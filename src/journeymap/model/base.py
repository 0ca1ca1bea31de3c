"""Base classes and field types shared by every element of the model."""

from __future__ import annotations

import re
from functools import cache
from typing import Annotated, Self

import annotated_types
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

__all__ = ["ID_PATTERN", "Colour", "Element", "Id", "Record", "Text", "slugify"]

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,99}$"

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
"""A stable identifier: letters, digits, ``-``, ``_`` and ``.``, starting with a letter or digit."""

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _drop_control_characters(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return _CONTROL.sub("", text).strip()


Text = Annotated[str, StringConstraints(max_length=4000), AfterValidator(_drop_control_characters)]
"""Free text written by a person; rendered literally (never interpreted as markup). Control characters
other than line breaks and tabs are dropped and Unicode line and paragraph separators become line breaks,
so every text can be written to YAML, XML and office files."""

Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]
"""A colour as ``#rrggbb``."""


class Record(BaseModel):
    """A value object of the model: unknown keys are rejected, assignments are validated, and a text that must
    not be empty is refused when it held nothing but control characters (they are dropped after the length
    is checked)."""

    model_config = ConfigDict(
        extra="forbid", validate_assignment=True, use_enum_values=False, allow_inf_nan=False, defer_build=True
    )
    """``allow_inf_nan=False``: a score of ``.nan`` or ``1e999`` is refused at its place (JSON has no NaN).
    ``defer_build=True``: a class's validator is built when first used, not when its module is imported (a command
    that reads only a map does not build the workspace's or the 5Cs' validators)."""

    @model_validator(mode="after")
    def _required_texts_not_emptied(self) -> Self:
        for name in _required_texts(type(self)):
            if getattr(self, name) == "":
                raise ValueError(f"'{name}' is empty once its control characters are dropped; write some text")
        return self


@cache
def _required_texts(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``model`` that are text with a minimum length."""
    return tuple(
        name
        for name, info in model.model_fields.items()
        if any(isinstance(m, annotated_types.MinLen) and m.min_length > 0 for m in info.metadata)
        and _drop_control_characters in [getattr(m, "func", None) for m in info.metadata]
    )


class Element(Record):
    """Anything on a map that comments and evidence can point at: it has a stable ``id``."""

    id: Id = Field(description="Stable identifier, unique within the map.")


_SLUG_DROP = re.compile(r"[^a-z0-9]+")


def slugify(text: str, fallback: str = "item") -> str:
    """A lower-case, hyphenated id made from ``text`` (``"Upload documents!"`` → ``upload-documents``)."""
    slug = _SLUG_DROP.sub("-", text.lower()).strip("-")[:60].strip("-")
    return slug or fallback
