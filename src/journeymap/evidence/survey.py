"""Survey evidence: per element (step or touchpoint), measure and segment — n, mean, standard deviation,
95 % confidence interval and the distribution of answers.

Every number is aggregated by the engine (one set of Ibis expressions for DuckDB, Spark and PostgreSQL),
then turned into statistics by :mod:`journeymap.evidence.stats`. Answers equal to a "missing" value or empty
are not counted; a value that is not a number, or is outside the scale, is an error reported with its cell.
Importance can be stated (a measure of its own) or derived: the Pearson correlation, across respondents,
between an element's rating and the overall rating.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import MapFileError, Problem
from .engine import Engine
from .sources import Source, open_source
from .stats import Moments, summarize_moments
from .survey_spec import ColumnTarget, SurveySpec

__all__ = ["SummaryRow", "SurveySummary", "summarize_survey"]

MAX_REPORTED = 10


@dataclass(frozen=True)
class SummaryRow:
    element: str
    measure: str
    segment: str | None
    n: int
    mean: float | None
    std: float | None
    ci95: tuple[float, float] | None
    distribution: dict[str, int] = field(default_factory=dict)
    effective_n: float | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "element": self.element,
            "measure": self.measure,
            "segment": self.segment,
            "n": self.n,
            "mean": self.mean,
            "std": self.std,
            "ci95": list(self.ci95) if self.ci95 else None,
            "distribution": self.distribution,
        }
        if self.effective_n is not None:
            data["effective_n"] = self.effective_n
        return data


@dataclass
class SurveySummary:
    dataset: str
    scale: tuple[float, float]
    rows: list[SummaryRow]
    respondents: int | None = None
    overall_element: str | None = None

    def overall(self) -> list[SummaryRow]:
        """The rows of the whole sample (not of one segment)."""
        return [r for r in self.rows if r.segment is None]


RESPONDENT_COLUMNS = ("respondent", "respondent_id", "respondentid", "response_id", "id")


def resolve_spec(source: Source, spec: SurveySpec) -> SurveySpec:
    """Fill in what the file itself tells: the respondent column (by its usual names) and, in wide form, the
    overall rating column as a column of its own."""
    respondent = spec.respondent
    if respondent is None:
        respondent = next((c for c in source.columns if c.lower() in RESPONDENT_COLUMNS), None)
    columns = dict(spec.columns)
    if spec.form == "wide" and spec.overall and spec.overall not in columns:
        columns[spec.overall] = ColumnTarget(spec.overall, "rating")
    return replace(spec, respondent=respondent, columns=columns)


def _long_table(source: Source, spec: SurveySpec) -> Any:
    """The survey in long form: element, measure, value (+ segment, weight, respondent, __order if present)."""
    import ibis

    t = source.table
    keep = [c for c in ("__order", spec.respondent, spec.segment, spec.weight) if c and c in t.columns]
    if spec.form == "long":
        source.require(
            {
                "element": spec.element,
                "measure": None,
                "value": spec.value,
                "segment": spec.segment,
                "weight": spec.weight,
            }
        )
        measure = t[spec.measure].cast("string") if spec.measure in t.columns else ibis.literal("rating")
        return t.select(
            *keep,
            element=t[spec.element].cast("string"),
            measure=measure,
            value=t[spec.value],
            column=ibis.literal(spec.value),
        )
    if not spec.columns:
        raise MapFileError(
            [
                Problem(
                    "JE012",
                    source.header(),
                    "which columns hold the ratings?",
                    "give --wide COL1,COL2,… or a --mapping file, or use --long",
                )
            ]
        )
    ratings = {f"rating column of {target.element}": column for column, target in spec.columns.items()}
    roles = {"segment": spec.segment, "weight": spec.weight, "respondent": spec.respondent, "overall": spec.overall}
    source.require({**roles, **ratings})
    return _melt(t, keep, spec)


def _melt(t: Any, keep: list[str], spec: SurveySpec) -> Any:
    """The wide table in long form, in one pass whatever the number of columns: every rating column becomes
    ``_<i>`` (as text), is unpivoted, and its element, measure and name are looked up from ``_<i>`` in the same
    select (a table of the targets joined on ``_<i>`` would be a table made in Python, which the DuckDB engine,
    running Ibis's SQL itself, does not hold).
    (A union of one select per column made the engine plan and scan once per column: 250 columns took minutes.)"""
    import ibis

    columns = list(spec.columns.items())
    if _backend_name(t) == "postgres":
        # Ibis 12 unpivots on PostgreSQL through JSONB and reads the names and values back as JSON text ('"_0"',
        # '"7"', 'null'), so the lookup below would find nothing: there, one select per column (the rows are in a
        # table of the server already, so each part scans that table, not the file)
        parts = [
            t.select(
                *keep,
                element=ibis.literal(target.element),
                measure=ibis.literal(target.measure),
                value=t[column].cast("string"),
                column=ibis.literal(column),
            )
            for column, target in columns
        ]
        return ibis.union(*parts) if len(parts) > 1 else parts[0]
    # numbers stay numbers when every rating column holds them (text would be parsed back, row by row)
    kind = "float64" if all(t[column].type().is_numeric() for column, _ in columns) else "string"
    wide = t.select(*keep, **{f"_{i}": t[column].cast(kind) for i, (column, _) in enumerate(columns)})
    long = wide.pivot_longer([f"_{i}" for i in range(len(columns))], names_to="slot", values_to="value")
    slot = long.slot

    def by_slot(values: list[str]) -> Any:
        return slot.cases(*((f"_{i}", value) for i, value in enumerate(values)))

    return long.select(
        *keep,
        element=by_slot([target.element for _, target in columns]),
        measure=by_slot([target.measure for _, target in columns]),
        value=long.value,
        column=by_slot([column for column, _ in columns]),
    )


def _backend_name(t: Any) -> str:
    try:
        return str(t.get_backend().name)
    except Exception:  # an unbound expression: the DuckDB engine runs Ibis's SQL itself (see ``engine``)
        return "duckdb"


def _flags(long: Any, spec: SurveySpec) -> Any:
    """Add ``v`` (the numeric answer, null when not answered), ``valid_v`` (``v`` when inside the scale),
    ``bad_text`` (an answer that is not a number) and ``out_of_scale`` to the long table.

    Written so the engine computes each once per row: the aggregate then only sums columns.
    """
    import ibis

    raw = long.value
    numeric = raw.type().is_numeric()
    number = raw.cast("float64") if numeric else raw.try_cast("float64")
    numbers = [float(m) for m in spec.missing if _is_number(m)]
    texts = [m for m in spec.missing if not _is_number(m)]
    missing = number.isin(numbers) if numbers else None
    if not numeric:
        blank = (raw.strip() == "") | (raw.strip().isin(texts) if texts else ibis.literal(False))
        missing = blank if missing is None else (missing.fill_null(False) | blank)
    v = number if missing is None else ibis.ifelse(missing, ibis.null("float64"), number)
    low, high = spec.scale
    in_scale = (v >= low) & (v <= high)
    flagged = long.mutate(v=v, valid_v=ibis.ifelse(in_scale, v, ibis.null("float64")))
    answered_text = raw.notnull() & ~missing.fill_null(False) if missing is not None else raw.notnull()
    bad_text = ibis.literal(False) if numeric else answered_text & number.isnull()
    out = flagged.v.notnull() & flagged.valid_v.isnull()
    return flagged.mutate(bad_text=bad_text, out_of_scale=out)


def count_true(condition: Any) -> Any:
    """How many rows meet ``condition`` (portable: PostgreSQL cannot cast a boolean to an integer)."""
    import ibis

    return ibis.ifelse(condition, 1, 0).sum()


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _aggregate(flagged: Any, spec: SurveySpec, by: list[str]) -> Any:
    """Per group: n, Σw, Σw², Σwx, Σwx² over the valid answers, and the counts of bad and out-of-scale ones."""
    import ibis

    x = flagged.valid_v
    checks = {"out_of_scale": flagged.v.count() - x.count()}
    if not flagged.value.type().is_numeric():
        checks["bad_text"] = count_true(flagged.bad_text)
    if not spec.weight:
        n = x.count()
        return flagged.group_by(by).aggregate(n=n, sum_w=n, sum_w2=n, sum_wx=x.sum(), sum_wx2=(x * x).sum(), **checks)
    weight = flagged[spec.weight]
    text = weight if weight.type().is_string() else weight.cast("string")
    w_all = weight.cast("float64") if weight.type().is_numeric() else text.strip().try_cast("float64")
    weighted = flagged.mutate(w_=ibis.ifelse(x.notnull(), w_all, ibis.null("float64")))
    w = weighted.w_
    return weighted.group_by(by).aggregate(
        n=weighted.valid_v.count(), sum_w=w.sum(), sum_w2=(w * w).sum(), sum_wx=(w * weighted.valid_v).sum(),
        sum_wx2=(w * weighted.valid_v * weighted.valid_v).sum(), **checks,
    )  # fmt: skip


def _weight_conditions(t: Any, column: str) -> dict[str, Any]:
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


def _source_counts(engine: Engine, source: Source, spec: SurveySpec, respondents: bool) -> dict[str, Any]:
    """In one scan of the file's table: the bad weights of each kind (``c0``, ``c1``…, see
    :func:`_weight_conditions`) and the number of respondents (``respondents``), as far as the spec has them."""
    t = source.table
    found: dict[str, Any] = {}
    if spec.weight and spec.weight in source.columns:
        conditions = _weight_conditions(t, spec.weight)
        found.update({f"c{i}": count_true(c) for i, c in enumerate(conditions.values())})
    if respondents and spec.respondent and spec.respondent in source.columns:
        found["respondents"] = t[spec.respondent].nunique()
    return engine.rows(t.aggregate(**found))[0] if found else {}


def _check_weights(engine: Engine, path: Path, source: Source, spec: SurveySpec, found: dict[str, Any]) -> None:
    """Every weight is a finite number ≥ 0 (JE023 with its cell otherwise): a text weight made the engine fail
    with a conversion error, and a negative one silently turns means around. ``found``: :func:`_source_counts`."""
    counts = {k: v for k, v in found.items() if k != "respondents"}
    if not spec.weight or not any(int(v or 0) for v in counts.values()):
        return
    ordered = open_source(engine, path, ordered=True, all_text=True, sheet=spec.sheet)
    checks = _weight_conditions(ordered.table, spec.weight)
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


def _locate_bad_cells(engine: Engine, path: Path, spec: SurveySpec) -> list[Problem]:
    """Find the first bad cells (only after the aggregate found some): re-read the file in file order."""
    source = open_source(engine, path, ordered=True, all_text=True, sheet=spec.sheet)
    spec = resolve_spec(source, spec)
    flagged = _flags(_long_table(source, spec), spec)
    rows = engine.rows(
        flagged.filter(flagged.bad_text | flagged.out_of_scale)
        .select("__order", "column", "value", "bad_text", "element")
        .order_by(["__order", "column"])
        .limit(MAX_REPORTED)
    )
    low, high = spec.scale
    problems = []
    for row in rows:
        where = source.cell(int(row["__order"]), str(row["column"]))
        if row["bad_text"]:
            message = f"{row['value']!r} in {row['column']!r} is not a number"
            hint = "use a number, or list the value with --missing if it means 'not answered'"
            problems.append(Problem("JE020", where, message, hint))
        else:
            message = f"{row['value']} in {row['column']!r} is outside the scale {low:g}–{high:g}"
            problems.append(Problem("JE021", where, message, "check --scale, or list the value with --missing"))
    return problems


def summarize_survey(
    engine: Engine, path: Path, spec: SurveySpec, *, distribution: bool = True, count_respondents: bool = True
) -> SurveySummary:
    """Summaries of every element and measure (and segment, with ``spec.segment``) of a survey file."""
    source = open_source(engine, path, sheet=spec.sheet)
    spec = resolve_spec(source, spec)
    found = _source_counts(engine, source, spec, count_respondents)
    _check_weights(engine, path, source, spec, found)
    # computed once into a table of the engine: the aggregates, distributions and correlations below then scan it
    # instead of planning (and running) the unpivot of every column again
    # (without the column names: only the search for bad cells needs them, and it builds its own table)
    flagged = engine.materialize(_flags(_long_table(source, spec), spec).drop("column"))
    results = _aggregates(engine, flagged, spec)
    bad = sum(int(r.get("bad_text") or 0) + int(r["out_of_scale"] or 0) for r in results[0])
    if bad:
        problems = _locate_bad_cells(engine, path, spec)
        if bad > len(problems):
            problems.append(
                Problem(
                    "JE022",
                    str(path),
                    f"{bad} bad values in all; the first {len(problems)} are shown",
                    "fix these and run again",
                )
            )
        raise MapFileError(problems)
    if not results[0] or all(int(r["n"] or 0) == 0 for r in results[0]):
        raise MapFileError(
            [Problem("JE005", str(path), "no answered ratings in the file", "check --missing and the columns")]
        )
    counts = _distributions(engine, flagged, spec) if distribution else {}
    rows = [_row(r, spec.segment, counts) for result in results for r in result]
    rows.sort(key=lambda r: (r.element, r.measure, r.segment is not None, r.segment or ""))
    rows += _derived_importance(engine, flagged, spec)
    overall = spec.columns[spec.overall].element if spec.overall in spec.columns else spec.overall
    respondents = int(found["respondents"]) if "respondents" in found else None
    return SurveySummary(path.name, spec.scale, rows, respondents, overall)


_SUMS = ("n", "sum_w", "sum_w2", "sum_wx", "sum_wx2", "out_of_scale", "bad_text")


def _aggregates(engine: Engine, flagged: Any, spec: SurveySpec) -> list[list[dict[str, Any]]]:
    """The sums per element and measure, then (with a segment) per element, measure and segment. With a segment,
    only the second is asked of the engine: the sums are additive, so the first is added up here (one pass over
    the long table instead of two)."""
    if not spec.segment:
        return [engine.rows(_aggregate(flagged, spec, ["element", "measure"]))]
    per_segment = engine.rows(_aggregate(flagged, spec, ["element", "measure", spec.segment]))
    totals: dict[tuple[Any, Any], dict[str, Any]] = {}
    for r in per_segment:
        total = totals.setdefault((r["element"], r["measure"]), {"element": r["element"], "measure": r["measure"]})
        for name in _SUMS:
            if name in r:
                total[name] = (total.get(name) or 0) + (r[name] or 0)
    return [list(totals.values()), per_segment]


def _row(r: dict[str, Any], segment_column: str | None, counts: dict[tuple[Any, ...], dict[str, int]]) -> SummaryRow:
    segment = None if segment_column is None or segment_column not in r else _text(r[segment_column])
    moments = Moments(
        int(r["n"] or 0),
        float(r["sum_w"] or 0),
        float(r["sum_w2"] or 0),
        float(r["sum_wx"] or 0),
        float(r["sum_wx2"] or 0),
    )
    summary = summarize_moments(moments)
    weighted = abs(moments.sum_w - moments.n) > 1e-9 or abs(moments.sum_w2 - moments.n) > 1e-9
    key = (r["element"], r["measure"], segment)
    return SummaryRow(
        str(r["element"]),
        str(r["measure"]),
        segment,
        summary.n,
        summary.mean,
        summary.std,
        summary.ci95,
        counts.get(key, {}),
        summary.effective_n if weighted else None,
    )


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _distributions(engine: Engine, flagged: Any, spec: SurveySpec) -> dict[tuple[Any, ...], dict[str, int]]:
    """How many answers of each value, per element and measure (and segment): counted by the engine at the finest
    grouping only, and added up here for the whole sample."""
    counts: dict[tuple[Any, ...], dict[str, int]] = {}
    valid = flagged.filter(flagged.valid_v.notnull())
    by = ["element", "measure"] + ([spec.segment] if spec.segment else [])
    for r in engine.rows(valid.group_by([*by, "v"]).aggregate(count=valid.count())):
        value, count = f"{r['v']:g}", int(r["count"])
        overall = counts.setdefault((r["element"], r["measure"], None), {})
        overall[value] = overall.get(value, 0) + count
        if spec.segment and r[spec.segment] is not None:
            counts.setdefault((r["element"], r["measure"], _text(r[spec.segment])), {})[value] = count
    return {k: dict(sorted(v.items(), key=lambda kv: float(kv[0]))) for k, v in counts.items()}


def _derived_importance(engine: Engine, flagged: Any, spec: SurveySpec) -> list[SummaryRow]:
    """Importance derived as the Pearson correlation between each element's rating and the overall rating,
    across respondents who answered both (needs ``respondent`` and ``overall``)."""
    if not spec.overall or not spec.respondent:
        return []
    overall_target = spec.columns.get(spec.overall)
    overall_element = overall_target.element if overall_target else spec.overall
    ratings = flagged.filter(flagged.valid_v.notnull() & (flagged.measure == "rating"))
    overall = ratings.filter(ratings.element == overall_element).select(
        respondent=ratings[spec.respondent], overall=ratings.v
    )
    others = ratings.filter(ratings.element != overall_element)
    joined = others.join(overall, others[spec.respondent] == overall.respondent)
    result = engine.rows(
        joined.group_by("element").aggregate(n=joined.count(), r=joined.v.corr(joined.overall, how="pop"))
    )
    return [
        SummaryRow(str(r["element"]), "importance (derived)", None, int(r["n"]), _correlation(r["r"]), None, None)
        for r in sorted(result, key=lambda r: str(r["element"]))
    ]


def _correlation(value: Any) -> float | None:
    """A correlation, or None where it is undefined: one respondent, or ratings that do not vary (the backends
    give NaN or null there)."""
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None
