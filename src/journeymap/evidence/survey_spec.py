"""How a survey file is laid out: form (wide or long), columns, scale, missing values, segment, weight.

From command-line options, or from a small YAML mapping file (``--mapping M.yaml``) whose problems are
reported with their line and column like map files::

    form: wide                     # or long
    respondent: respondent_id
    columns:                       # wide: column → element (a step or touchpoint id or name) and measure
      q1: compare-rates            #   short for {element: compare-rates, measure: rating}
      q7: {element: application-portal, measure: satisfaction}
    overall: q_overall             # wide: overall rating column, for importance derived by correlation
    scale: 1-10                    # also 1-5, 0-10 (NPS), …
    missing: [0, "n/a"]            # values that mean "not answered"
    segment: age_band
    weight: w
    sheet: Responses               # XLSX only
    long:                          # long form column names (these are the defaults)
      respondent: respondent
      element: element
      measure: measure
      value: value
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..errors import MapFileError, Problem

if TYPE_CHECKING:
    from .survey_mapping import MappingFile

__all__ = ["MEASURES", "ColumnTarget", "SurveySpec", "parse_scale", "spec_from_options"]

MEASURES = ("rating", "satisfaction", "importance", "frequency", "effort", "nps")


@dataclass(frozen=True)
class ColumnTarget:
    element: str
    measure: str = "rating"


@dataclass(frozen=True)
class SurveySpec:
    form: Literal["wide", "long"]
    columns: dict[str, ColumnTarget] = field(default_factory=dict)  # wide form
    respondent: str | None = None
    element: str = "element"
    measure: str = "measure"
    value: str = "value"
    scale: tuple[float, float] = (1.0, 10.0)
    missing: tuple[str, ...] = ()
    segment: str | None = None
    weight: str | None = None
    overall: str | None = None
    sheet: str | None = None


def parse_scale(text: str, where: str = "--scale") -> tuple[float, float]:
    """``"1-10"`` → (1, 10); also ``"0–10"`` and ``"1..5"``."""
    match = re.fullmatch(r"\s*(-?\d+(?:\.\d+)?)\s*(?:-|–|\.\.)\s*(-?\d+(?:\.\d+)?)\s*", text)
    if not match or float(match.group(1)) >= float(match.group(2)):
        raise MapFileError([Problem("JE001", where, f"scale {text!r} is not LOW-HIGH", "write e.g. 1-10, 1-5 or 0-10")])
    return float(match.group(1)), float(match.group(2))


@dataclass(frozen=True)
class _NoLong:
    respondent: str = "respondent"
    element: str = "element"
    measure: str = "measure"
    value: str = "value"


@dataclass(frozen=True)
class _NoMapping:
    """What a survey is without a mapping file: the defaults of :class:`.survey_mapping.MappingFile` (a test
    checks that they agree), without importing pydantic."""

    form: Literal["wide", "long"] = "wide"
    respondent: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    overall: str | None = None
    scale: str | None = None
    missing: tuple[str, ...] = ()
    segment: str | None = None
    weight: str | None = None
    sheet: str | None = None
    long: _NoLong = field(default_factory=_NoLong)


def spec_from_options(options: Any) -> SurveySpec:
    """A spec from the CLI options (``wide``, ``long``, ``mapping``, ``scale``, ``missing``, ``by``, ``weight``,
    ``sheet``); options given on the command line win over the mapping file."""
    mapping: MappingFile | _NoMapping = _NoMapping()
    if getattr(options, "mapping", None):
        from .survey_mapping import read_mapping

        mapping = read_mapping(Path(options.mapping))
    form: Literal["wide", "long"] = mapping.form
    if getattr(options, "long", False):
        form = "long"
    columns = {
        col: ColumnTarget(t) if isinstance(t, str) else ColumnTarget(t.element, t.measure)
        for col, t in mapping.columns.items()
    }
    if getattr(options, "wide", None):
        form = "wide"
        columns = {}
        for part in options.wide.split(","):  # COL, COL=ELEMENT or COL=ELEMENT:MEASURE
            column, _, target = part.strip().partition("=")
            element, _, measure = target.partition(":")
            if column:
                columns[column] = ColumnTarget(element or column, measure or "rating")
    scale_text = getattr(options, "scale", None) or mapping.scale
    scale = (
        parse_scale(scale_text, "--scale" if getattr(options, "scale", None) else "scale")
        if scale_text
        else (1.0, 10.0)
    )
    missing = tuple(str(m) for m in (getattr(options, "missing", None) or mapping.missing))
    return SurveySpec(
        form=form,
        columns=columns,
        respondent=mapping.respondent if form == "wide" else mapping.long.respondent,
        element=mapping.long.element,
        measure=mapping.long.measure,
        value=mapping.long.value,
        scale=scale,
        missing=missing,
        segment=getattr(options, "by", None) or mapping.segment,
        weight=getattr(options, "weight", None) or mapping.weight,
        overall=getattr(options, "overall", None) or mapping.overall,
        sheet=getattr(options, "sheet", None) or mapping.sheet,
    )
