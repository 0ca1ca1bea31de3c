"""Change between two survey waves: per element (step or touchpoint) and measure, the change in mean with its 95 %
interval and Welch's t-test, computed from each wave's n, mean and standard deviation.

For wave 1 (baseline) and wave 2 (current), with n the effective sample size (Kish's (Σw)² / Σw² when the
answers are weighted, the number of answers otherwise) and s the sample standard deviation:

* change d = m₂ − m₁, standard error se = √(s₁² / n₁ + s₂² / n₂);
* degrees of freedom (Welch–Satterthwaite) ν = se⁴ / [(s₁² / n₁)² / (n₁ − 1) + (s₂² / n₂)² / (n₂ − 1)];
* 95 % interval d ± t(0.975, ν) · se; t = d / se; two-sided p = 2 · P(T_ν ≤ −|t|).

No test when a wave has n < 2 or when neither wave varies (se = 0): the row says why. A *significant drop* is a
change below zero with p < α (0.05 by default).

The t distribution is :mod:`journeymap.evidence.stats`'s (pure Python, checked against scipy), so this module
imports nothing heavy: :func:`welch` also serves ``diff`` for two maps' measured emotional levels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from ..errors import MapFileError, Problem
from ..model import did_you_mean
from .stats import student_t_cdf, student_t_quantile

if TYPE_CHECKING:
    from pathlib import Path

    from .engine import Engine
    from .sources import Source
    from .survey import SummaryRow
    from .survey_spec import SurveySpec

__all__ = ["WaveComparison", "WaveRow", "WaveSide", "Welch", "compare_rows", "compare_waves", "no_test_reason", "welch"]

DERIVED = "importance (derived)"


@dataclass(frozen=True)
class Welch:
    """Welch's t-test of m₂ − m₁ from summary statistics (see the module docstring for the formulas)."""

    diff: float
    se: float
    df: float
    t: float
    p: float
    ci95: tuple[float, float]

    def significant_drop(self, alpha: float = 0.05) -> bool:
        return self.diff < 0 and self.p < alpha

    def to_json(self) -> dict[str, Any]:
        return {"diff": self.diff, "se": self.se, "df": self.df, "t": self.t, "p": self.p, "ci95": list(self.ci95)}


def welch(n1: float, mean1: float, sd1: float, n2: float, mean2: float, sd2: float) -> Welch | None:
    """Welch's test of ``mean2 − mean1``; ``None`` when a side has n < 2 or neither side varies."""
    if n1 < 2 or n2 < 2:
        return None
    v1, v2 = sd1 * sd1 / n1, sd2 * sd2 / n2
    se2 = v1 + v2
    if not se2 > 0:
        return None
    se = math.sqrt(se2)
    df = se2 * se2 / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1))
    diff = mean2 - mean1
    t = diff / se
    p = min(1.0, 2.0 * student_t_cdf(-abs(t), df))
    half = student_t_quantile(0.975, df) * se
    return Welch(diff, se, df, t, p, (diff - half, diff + half))


def no_test_reason(n1: float, n2: float) -> str:
    """Why there is no test for a pair of waves (given that :func:`welch` returned ``None``)."""
    if n1 < 2 and n2 < 2:
        return "no test: fewer than 2 answers in both waves"
    if n1 < 2 or n2 < 2:
        return f"no test: fewer than 2 answers in the {'baseline' if n1 < 2 else 'current'} wave"
    return "no test: the answers do not vary in either wave"


@dataclass(frozen=True)
class WaveSide:
    """One wave's summary of an element: n (answers), effective n (weighted), mean and standard deviation."""

    n: int
    n_effective: float
    mean: float | None
    std: float | None

    def to_json(self) -> dict[str, Any]:
        return {"n": self.n, "n_effective": self.n_effective, "mean": self.mean, "std": self.std}


@dataclass(frozen=True)
class WaveRow:
    """The change of one element and measure (and segment) between the waves."""

    element: str
    measure: str
    segment: str | None
    baseline: WaveSide | None
    current: WaveSide | None
    test: Welch | None
    note: str = ""
    significant_drop: bool = False

    @property
    def diff(self) -> float | None:
        if self.baseline is None or self.current is None or self.baseline.mean is None or self.current.mean is None:
            return None
        return self.current.mean - self.baseline.mean

    def to_json(self) -> dict[str, Any]:
        test = self.test
        return {
            "element": self.element,
            "measure": self.measure,
            "segment": self.segment,
            "baseline": None if self.baseline is None else self.baseline.to_json(),
            "current": None if self.current is None else self.current.to_json(),
            "diff": self.diff,
            "se": None if test is None else test.se,
            "df": None if test is None else test.df,
            "t": None if test is None else test.t,
            "p": None if test is None else test.p,
            "ci95": None if test is None else list(test.ci95),
            "significant_drop": self.significant_drop,
            "note": self.note,
        }


@dataclass(frozen=True)
class WaveComparison:
    """Every element's change from the baseline wave to the current one."""

    baseline: str
    current: str
    alpha: float
    rows: list[WaveRow]
    weighted: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def drops(self) -> list[WaveRow]:
        return [r for r in self.rows if r.significant_drop]

    def to_json(self) -> dict[str, Any]:
        return {
            "baseline": self.baseline,
            "current": self.current,
            "alpha": self.alpha,
            "test": "welch",
            "n_used": "effective n (Kish)" if self.weighted else "n",
            "rows": [r.to_json() for r in self.rows],
            "significant_drops": len(self.drops),
            "notes": self.notes,
        }


def _weighted_n(row: SummaryRow) -> float | None:
    """Kish's effective n of a summary row with weights, ``None`` without (named ``n_effective``, formerly
    ``effective_n``)."""
    value = getattr(row, "n_effective", None)
    if value is None:
        value = getattr(row, "effective_n", None)
    return None if value is None else float(value)


def _side(row: SummaryRow) -> WaveSide:
    n_eff = _weighted_n(row)
    return WaveSide(row.n, float(row.n) if n_eff is None else n_eff, row.mean, row.std)


def _compare(key: tuple[str, str, str | None], a: WaveSide | None, b: WaveSide | None, alpha: float) -> WaveRow:
    element, measure, segment = key
    if a is None or b is None:
        note = "only in the current wave" if a is None else "only in the baseline wave"
        return WaveRow(element, measure, segment, a, b, None, f"no test: {note}")
    test = None
    if a.mean is not None and b.mean is not None and a.std is not None and b.std is not None:
        test = welch(a.n_effective, a.mean, a.std, b.n_effective, b.mean, b.std)
    if test is None:
        return WaveRow(element, measure, segment, a, b, None, no_test_reason(a.n_effective, b.n_effective))
    drop = test.significant_drop(alpha)
    note = f"significant drop (p < {alpha:g})" if drop else ""
    return WaveRow(element, measure, segment, a, b, test, note, drop)


def compare_rows(
    baseline: list[SummaryRow],
    current: list[SummaryRow],
    *,
    alpha: float = 0.05,
    baseline_label: str = "baseline",
    current_label: str = "current",
) -> WaveComparison:
    """The change of every element, measure and segment found in either wave's summary rows (derived importance,
    a correlation with no standard deviation, is left out)."""
    a = {(r.element, r.measure, r.segment): _side(r) for r in baseline if r.measure != DERIVED}
    b = {(r.element, r.measure, r.segment): _side(r) for r in current if r.measure != DERIVED}
    keys = sorted({*a, *b}, key=lambda k: (k[0], k[1], k[2] is not None, k[2] or ""))
    rows = [_compare(k, a.get(k), b.get(k), alpha) for k in keys]
    weighted = any(_weighted_n(r) is not None for r in (*baseline, *current))
    return WaveComparison(baseline_label, current_label, alpha, rows, weighted)


# ---- from survey files ---------------------------------------------------------------------------------------


def _problem(code: str, where: str, message: str, hint: str) -> MapFileError:
    return MapFileError([Problem(code, where, message, hint)])


def _wave_order(values: set[str]) -> list[str]:
    """Period values in order: as numbers when all are numbers (2, 10), otherwise as text (ISO dates sort)."""
    try:
        return sorted(values, key=float)
    except ValueError:
        return sorted(values)


def choose_waves(
    values: set[str], baseline: str | None, current: str | None, period: str, where: str
) -> tuple[str, str]:
    """The baseline and current values of the ``--period`` column: as given, or the two values in order."""
    ordered = _wave_order(values)
    shown = ", ".join(repr(v) for v in ordered[:8]) + (", …" if len(ordered) > 8 else "")
    for flag, value in (("--baseline", baseline), ("--current", current)):
        if value is not None and value not in values:
            raise _problem(
                "JE081", where, f"{flag} {value!r} is not a value of the period column {period!r}",
                f"{did_you_mean(value, values)} (values: {shown})",
            )  # fmt: skip
    if baseline is not None and current is not None:
        if baseline == current:
            raise _problem("JE081", where, "--baseline and --current name the same wave", f"values: {shown}")
        return baseline, current
    rest = [v for v in ordered if v not in (baseline, current)]
    if len(ordered) != 2:
        raise _problem(
            "JE080", where, f"the period column {period!r} has {len(ordered)} values, not two",
            f"say which two waves to compare with --baseline VALUE --current VALUE (values: {shown})",
        )  # fmt: skip
    if baseline is not None:
        return baseline, rest[0]
    if current is not None:
        return rest[0], current
    return ordered[0], ordered[1]


def _used_columns(source: Source, spec: SurveySpec) -> set[str]:
    """The columns a survey spec reads from a file (the respondent column only when the spec names it)."""
    roles = {spec.segment, spec.weight, spec.overall, spec.respondent}
    if spec.form == "wide":
        return {c for c in (*spec.columns, *roles) if c}
    return {c for c in (spec.element, spec.value, *roles) if c} | ({spec.measure} & set(source.columns))


def check_same_layout(before: Source, after: Source, spec: SurveySpec) -> None:
    """Two wave files must hold the columns the layout reads: each one missing is a problem at its file's header."""
    problems = []
    for this, other in ((before, after), (after, before)):
        for column in sorted(_used_columns(other, spec) - set(this.columns)):
            problems.append(
                Problem(
                    "JE082",
                    this.header(),
                    f"the two waves are laid out differently: column {column!r} is not in this file",
                    f"{did_you_mean(column, this.columns)}; both waves need the same columns (or give one file "
                    "with --period COL)",
                )
            )
    if problems:
        raise MapFileError(problems)


def compare_waves(
    engine: Engine,
    before: Path,
    after: Path | None,
    spec: SurveySpec,
    *,
    period: str | None = None,
    baseline: str | None = None,
    current: str | None = None,
    alpha: float = 0.05,
) -> WaveComparison:
    """Two waves — two files, or one file whose ``period`` column tells them apart — compared element by element."""
    _check_arguments(before, after, spec, period, baseline, current, alpha)
    from .survey import summarize_survey

    if period is not None:
        summary = summarize_survey(engine, before, replace(spec, segment=period), distribution=False)
        values = {r.segment for r in summary.rows if r.segment is not None}
        first, second = choose_waves(values, baseline, current, period, f"{before} › column {period!r}")
        rows_a = [replace(r, segment=None) for r in summary.rows if r.segment == first]
        rows_b = [replace(r, segment=None) for r in summary.rows if r.segment == second]
        return compare_rows(
            rows_a, rows_b, alpha=alpha, baseline_label=f"{period}={first}", current_label=f"{period}={second}"
        )
    assert after is not None  # _check_arguments
    from .sources import open_source
    from .survey import resolve_spec

    sources = [open_source(engine, path, sheet=spec.sheet) for path in (before, after)]
    check_same_layout(sources[0], sources[1], resolve_spec(sources[0], spec))
    a = summarize_survey(engine, before, spec, distribution=False)
    b = summarize_survey(engine, after, spec, distribution=False)
    return compare_rows(a.rows, b.rows, alpha=alpha, baseline_label=before.name, current_label=after.name)


def _check_arguments(
    before: Path,
    after: Path | None,
    spec: SurveySpec,
    period: str | None,
    baseline: str | None,
    current: str | None,
    alpha: float,
) -> None:
    if not 0 < alpha < 1:
        raise _problem("JE083", "--alpha", f"significance level {alpha:g} is not between 0 and 1", "e.g. --alpha 0.05")
    if period is None and (baseline is not None or current is not None):
        raise _problem("JE083", "--baseline/--current", "--baseline and --current need --period", "add --period COL")
    if after is None and period is None:
        raise _problem(
            "JE083", str(before), "one file and no --period: there is only one wave",
            "give the later wave's file as well, or the column telling the waves apart with --period COL",
        )  # fmt: skip
    if after is not None and period is not None:
        raise _problem(
            "JE083", str(after), "two files and --period: say the waves one way",
            "give two files (one wave each), or one file with --period COL",
        )  # fmt: skip
    if period is not None and spec.segment is not None:
        raise _problem(
            "JE083", "--by", f"a segment column ({spec.segment!r}, from --by or the mapping file) with --period "
            f"{period!r}: the waves are compared over all respondents",
            "leave out the segment (or compare two files, one per wave, segmented)",
        )  # fmt: skip
