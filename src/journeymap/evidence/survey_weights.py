"""The weights of a survey's answers (``--weight COL``): what is refused, and which answers count.

A weight is a finite number of 0 or more (1 = one respondent). A weight that is not a number, missing, negative
or not finite (NaN, infinity) is an error with its cell (JE023): a negative weight silently turns means around.
An answer of weight 0 is left out: of n, the mean, the standard deviation, the interval and the distribution
(n counts the answers with a rating and a weight above 0; Kish's effective n is shown beside it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import MapFileError, Problem
from .engine import Engine
from .sources import Source, open_source
from .survey_spec import SurveySpec

__all__ = ["check_weights", "counted", "rating", "weight_conditions"]

MAX_REPORTED = 10


def counted(flagged: Any, spec: SurveySpec) -> Any:
    """With weights, add ``x_``, the rating where it counts (inside the scale and of a weight above 0: an answer of
    weight 0 is left out of n, the mean, the standard deviation and the distribution), and ``w_``, its weight (null
    where it does not count); read them with :func:`rating`. Weights were checked before: numbers ≥ 0, none
    missing. Without weights every valid rating counts, and the table is left as it is."""
    import ibis

    x = flagged.valid_v
    if not spec.weight:  # every valid rating counts: ``x_`` is ``valid_v`` (not a second column to materialize)
        return flagged
    weight = flagged[spec.weight]
    text = weight if weight.type().is_string() else weight.cast("string")
    w_all = weight.cast("float64") if weight.type().is_numeric() else text.strip().try_cast("float64")
    counts = x.notnull() & (w_all > 0).fill_null(False)
    return flagged.mutate(
        x_=ibis.ifelse(counts, x, ibis.null("float64")), w_=ibis.ifelse(counts, w_all, ibis.null("float64"))
    )


def rating(t: Any) -> Any:
    """The ratings that count of a table :func:`counted` made."""
    return t.x_ if "x_" in t.columns else t.valid_v


def weight_conditions(t: Any, column: str) -> dict[str, Any]:
    """What can be wrong with a weight: not a number, missing, negative, or not finite (NaN, infinity)."""
    raw = t[column]
    found: dict[str, Any] = {}
    if raw.type().is_numeric():
        w = raw.cast("float64")
        blank = raw.isnull()
    else:
        stripped = (raw if raw.type().is_string() else raw.cast("string")).strip()
        blank = raw.isnull() | (stripped == "")
        w = stripped.try_cast("float64")
        found["not a number"] = ~blank & w.isnull()
    usable = w.notnull() & ~blank
    found["missing"] = blank
    found["negative"] = usable & (w < 0)
    found["not a finite number"] = usable & (w.isnan() | w.isinf())
    return found


def check_weights(engine: Engine, path: Path, source: Source, spec: SurveySpec, counts: dict[str, Any]) -> None:
    """Every weight is a finite number ≥ 0 (JE023 with its cell otherwise): a text weight made the engine fail
    with a conversion error, and a negative one silently turns means around. ``counts``: how many
    weights of each kind :func:`weight_conditions` found (by the summary's one scan of the file)."""
    if not spec.weight or not any(int(v or 0) for v in counts.values()):
        return
    ordered = open_source(engine, path, ordered=True, all_text=True, sheet=spec.sheet)
    checks = weight_conditions(ordered.table, spec.weight)
    problems: list[Problem] = []
    for what, condition in checks.items():
        bad = ordered.table.filter(condition).order_by("__order").limit(MAX_REPORTED - len(problems))
        for row in engine.rows(bad.select("__order", value=ordered.table[spec.weight])):
            value = "a missing weight" if row["value"] is None else f"weight {row['value']!r}"
            message = (
                f"{value} in {spec.weight!r} is {what}" if row["value"] is not None else f"{value} in {spec.weight!r}"
            )
            hint = "weights are numbers of 0 or more (1 = one respondent); fix the value or leave out --weight"
            problems.append(Problem("JE023", ordered.cell(int(row["__order"]), spec.weight), message, hint))
        if len(problems) >= MAX_REPORTED:
            break
    total = sum(int(v or 0) for v in counts.values())
    if total > len(problems):
        problems.append(Problem("JE022", str(path), f"{total} bad weights in all; the first {len(problems)} are shown"))
    raise MapFileError(problems)
