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
from .survey_weights import check_weights, counted, rating, weight_conditions

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
    n_effective: float | None = None
    """Kish's effective n, (Σw)² / Σw², with weights (None without)."""

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
        if self.n_effective is not None:
            data["n_effective"] = self.n_effective
        return data


@dataclass
class SurveySummary:
    dataset: str
    scale: tuple[float, float]
    rows: list[SummaryRow]
    respondents: int | None = None
    overall_element: str | None = None
    columns: dict[tuple[str, str], str] = field(default_factory=dict)
    """(element, measure) → the column it was read from (wide form)."""

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
    """Per group: the moments of the ratings that count (see :class:`.stats.Moments`) and the counts of bad and
    out-of-scale answers. Sums of squares would cancel (Σx² − (Σx)²/n lost all precision on constant non-integer
    ratings), so: without weights, the engine's sample variance (DuckDB, Spark and PostgreSQL compute it in one
    stable pass); with weights, which no engine's variance takes, n, Σw, Σw², and the sums Σw·d, Σw·d² of d = x − c,
    c the group's smallest rating (``shift``), so that constant ratings sum to exactly 0 however large."""
    import ibis

    x = rating(flagged)
    if not spec.weight:  # of x − low (the scale's), which the engine computes more exactly than of x far from 0
        d = x - spec.scale[0]
        found = {"n": x.count(), "mean_": d.mean(), "var_": d.var(how="sample"), "min_": x.min(), "max_": x.max()}
        return flagged.group_by(by).aggregate(**found, **_checks(flagged))
    t = flagged.mutate(d_=x - x.min().over(ibis.window(group_by=by)))
    w, d = t.w_, t.d_
    found = {"n": rating(t).count(), "sum_w": w.sum(), "sum_w2": (w * w).sum(), "shift": rating(t).min(),
             "sum_wd": (w * d).sum(), "sum_wd2": (w * d * d).sum()}  # fmt: skip
    return t.group_by(by).aggregate(**found, **_checks(t))


def _checks(t: Any) -> dict[str, Any]:
    """The counts of answers outside the scale and (in a text column) not numbers."""
    checks = {"out_of_scale": t.v.count() - t.valid_v.count()}
    if not t.value.type().is_numeric():
        checks["bad_text"] = count_true(t.bad_text)
    return checks


def _source_counts(engine: Engine, source: Source, spec: SurveySpec, respondents: bool) -> dict[str, Any]:
    """In one scan of the file's table: the bad weights of each kind (``c0``, ``c1``…, see
    :func:`.survey_weights.weight_conditions`) and the number of respondents (``respondents``), as far as the
    spec has them."""
    t = source.table
    found: dict[str, Any] = {}
    if spec.weight and spec.weight in source.columns:
        conditions = weight_conditions(t, spec.weight)
        found.update({f"c{i}": count_true(c) for i, c in enumerate(conditions.values())})
    if respondents and spec.respondent and spec.respondent in source.columns:
        found["respondents"] = t[spec.respondent].nunique()
    return engine.rows(t.aggregate(**found))[0] if found else {}


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
    check_weights(engine, path, source, spec, {k: v for k, v in found.items() if k != "respondents"})
    # computed once into a table of the engine: the aggregates, distributions and correlations below then scan it
    # instead of planning (and running) the unpivot of every column again
    # (without the column names: only the search for bad cells needs them, and it builds its own table)
    flagged = engine.materialize(counted(_flags(_long_table(source, spec), spec), spec).drop("column"))
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
    if not results[0] or all(r["moments"].n == 0 for r in results[0]):
        raise MapFileError(
            [Problem("JE005", str(path), "no answered ratings in the file", "check --missing and the columns")]
        )
    counts = _distributions(engine, flagged, spec) if distribution else {}
    rows = [_row(r, spec, counts) for result in results for r in result]
    rows.sort(key=lambda r: (r.element, r.measure, r.segment is not None, r.segment or ""))
    rows += _derived_importance(engine, flagged, spec)
    overall = spec.columns[spec.overall].element if spec.overall in spec.columns else spec.overall
    respondents = int(found["respondents"]) if "respondents" in found else None
    columns = {(target.element, target.measure): column for column, target in spec.columns.items()}
    return SurveySummary(path.name, spec.scale, rows, respondents, overall, columns if spec.form == "wide" else {})


def _aggregates(engine: Engine, flagged: Any, spec: SurveySpec) -> list[list[dict[str, Any]]]:
    """The moments (``moments``) per element and measure, then (with a segment) per element, measure and segment.
    With a segment, only the second is asked of the engine: the whole sample's moments are those of its segments
    put together (:meth:`.stats.Moments.combine`; one pass over the long table instead of two)."""
    if not spec.segment:
        rows = engine.rows(_aggregate(flagged, spec, ["element", "measure"]))
        return [[{**r, "moments": _moments(r, spec)} for r in rows]]
    per_segment = [
        {**r, "moments": _moments(r, spec)}
        for r in engine.rows(_aggregate(flagged, spec, ["element", "measure", spec.segment]))
    ]
    totals: dict[tuple[Any, Any], dict[str, Any]] = {}
    for r in per_segment:
        key = (r["element"], r["measure"])
        empty = {"element": r["element"], "measure": r["measure"], "moments": Moments(0, 0.0, 0.0, math.nan, 0.0)}
        total = totals.setdefault(key, empty)
        total["moments"] = total["moments"].combine(r["moments"])
        for name in ("out_of_scale", "bad_text"):
            if name in r:
                total[name] = (total.get(name) or 0) + (r[name] or 0)
    return [list(totals.values()), per_segment]


def _moments(r: dict[str, Any], spec: SurveySpec) -> Moments:
    if "var_" in r:  # without weights: n, mean and sample variance of x − low, smallest and largest x
        n, var = int(r["n"] or 0), _finite(r["var_"])
        if not n:
            return Moments(0, 0.0, 0.0, math.nan, 0.0)
        low, high = float(r["min_"]), float(r["max_"])
        if low == high:  # every rating the same: exactly that (the engine's mean of 1e8 + 0.1 was 1e8 + 0.09998)
            return Moments(n, float(n), float(n), low, 0.0)
        mean = spec.scale[0] + _finite(r["mean_"])
        return Moments(n, float(n), float(n), min(max(mean, low), high), var * (n - 1))
    return Moments.shifted(
        int(r["n"] or 0),
        float(r["sum_w"] or 0),
        float(r["sum_w2"] or 0),
        float(r["shift"] or 0),
        float(r["sum_wd"] or 0),
        float(r["sum_wd2"] or 0),
    )


def _row(r: dict[str, Any], spec: SurveySpec, counts: dict[tuple[Any, ...], dict[str, int]]) -> SummaryRow:
    segment = None if spec.segment is None or spec.segment not in r else _segment(r[spec.segment])
    summary = summarize_moments(r["moments"])
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
        summary.effective_n if spec.weight else None,
    )


def _finite(value: Any) -> float:
    """A number of the engine: 0 for null or NaN (a variance of one answer)."""
    number = 0.0 if value is None else float(value)
    return number if math.isfinite(number) else 0.0


NO_SEGMENT = "(missing)"


def _segment(value: Any) -> str:
    """A segment's name; the answers whose segment is empty are a segment of their own, not the whole sample."""
    return NO_SEGMENT if value is None else str(value)


def _distributions(engine: Engine, flagged: Any, spec: SurveySpec) -> dict[tuple[Any, ...], dict[str, int]]:
    """How many answers of each value, per element and measure (and segment): counted by the engine at the finest
    grouping only, and added up here for the whole sample."""
    counts: dict[tuple[Any, ...], dict[str, int]] = {}
    valid = flagged.filter(rating(flagged).notnull())
    by = ["element", "measure"] + ([spec.segment] if spec.segment else [])
    for r in engine.rows(valid.group_by([*by, "v"]).aggregate(count=valid.count())):
        value, count = f"{r['v']:.15g}", int(r["count"])  # every answer its own key (:g made 1000001 1e+06)
        overall = counts.setdefault((r["element"], r["measure"], None), {})
        overall[value] = overall.get(value, 0) + count
        if spec.segment:
            counts.setdefault((r["element"], r["measure"], _segment(r[spec.segment])), {})[value] = count
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
