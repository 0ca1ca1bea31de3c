"""The analyses as plain text for a terminal, and as the JSON-ready data of ``--format json``.

Every function takes the result of an analysis (see :mod:`journeymap.analysis`) and returns text or plain data;
nothing here computes a number of its own. :func:`format_table` is the one table layout they share.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

from ..model import Map, ValueMoment, VmpiBand
from ..model.emotion import rounded
from .diagnose import Diagnosis
from .ipa import IpaResult, Quadrant
from .moments import MomentScore, MomentSuggestion
from .opportunities import OpportunityReport
from .value_moments import map_vmpi, vmpi, vmpi_band

__all__ = [
    "diagnosis_table",
    "format_table",
    "ipa_table",
    "moments_data",
    "moments_table",
    "opportunities_table",
    "vmpi_data",
    "vmpi_table",
]


def format_table(headers: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[int] = ()) -> str:
    """A plain-text table: columns padded to their widest cell; a column with a maximum width in ``widths``
    (0 = none) wraps its cells onto more lines."""
    cells = [[str(c) for c in headers], *([("" if c is None else str(c)) for c in row] for row in rows)]
    limits = [widths[k] if k < len(widths) and widths[k] else 10**6 for k in range(len(headers))]
    wrapped = [[textwrap.wrap(c, limits[k]) or [""] for k, c in enumerate(row)] for row in cells]
    col_w = [max(len(line) for row in wrapped for line in row[k]) for k in range(len(headers))]
    lines = []
    for index, row in enumerate(wrapped):
        for n in range(max(len(c) for c in row)):
            parts = [(c[n] if n < len(c) else "").ljust(col_w[k]) for k, c in enumerate(row)]
            lines.append("  ".join(parts).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in col_w))
    return "\n".join(lines)


def _g(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{round(value, digits):g}"


def _rounded(data: dict[str, Any]) -> dict[str, Any]:
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in data.items()}


PRIORITIES = ("priority", "strength")
"""The fields that rank moments (a moment's priority, a suggestion's strength): one decimal in every format."""


def _priority(value: float | None) -> str:
    """A priority as printed: one decimal, rounded once, half up (50.35 → "50.4"); "—" when there is none."""
    return "—" if value is None else rounded(value, 1)


def _moment_data(data: dict[str, Any]) -> dict[str, Any]:
    """A moment's or suggestion's data for JSON: 4 decimals, its priority (or strength) 1, as printed."""
    return {k: float(_priority(v)) if k in PRIORITIES and v is not None else v for k, v in _rounded(data).items()}


# ---- ipa ---------------------------------------------------------------------------------------------------


def ipa_table(result: IpaResult) -> str:
    """The four quadrants with their touchpoints, the crossing point and what was left out."""
    out = [
        f"Importance–performance analysis: {result.map_title}",
        f"Crossing point: importance {result.importance_cross:.2f}, satisfaction {result.satisfaction_cross:.2f} "
        f"({result.crossing}); a point on a line counts as high.",
    ]
    for q in Quadrant:
        points = result.in_quadrant(q)
        out += ["", f"{q.label} ({len(points)}) — {q.advice}"]
        if not points:
            out.append("  none")
            continue
        rows = [(p.name, p.step_name, f"{p.importance:g}", f"{p.satisfaction:g}", p.n or "—") for p in points]
        table = format_table(("Touchpoint", "Step", "Importance", "Satisfaction", "n"), rows, (40, 32))
        out.append(textwrap.indent(table, "  "))
    if result.unscored:
        out += ["", f"Not plotted (no importance or satisfaction): {', '.join(result.unscored)}"]
    if result.unmatched:
        out += ["", f"Scores for unknown touchpoints (ignored): {', '.join(result.unmatched)}"]
    return "\n".join(out) + "\n"


# ---- moments -----------------------------------------------------------------------------------------------


def moments_data(journey_map: Map, ranked: Sequence[MomentScore], suggestions: Sequence[MomentSuggestion]) -> Any:
    """The ranked moments of truth and the suggested new ones, rounded to 4 decimals (priorities and strengths to
    one, as the table prints them)."""
    return {
        "map": journey_map.id,
        "title": journey_map.title,
        "formula": "gap = expectation − experience; priority = importance × gap",
        "moments": [_moment_data(s.to_dict()) for s in ranked],
        "suggestions": [_moment_data(s.to_dict()) for s in suggestions],
    }


def moments_table(journey_map: Map, ranked: Sequence[MomentScore], suggestions: Sequence[MomentSuggestion]) -> str:
    """The ranked moments of truth as a table, then the suggestions with their reasons."""
    out = [f"Moments of truth: {journey_map.title}", "Gap = expectation − experience; priority = importance × gap.", ""]
    if ranked:
        rows = [
            (s.rank, s.title, s.step_name, _g(s.importance), _g(s.expectation), _g(s.experience), _g(s.gap),
             _priority(s.priority), s.basis)
            for s in ranked
        ]  # fmt: skip
        headers = ("#", "Moment", "Step", "Importance", "Expectation", "Experience", "Gap", "Priority", "Basis")
        out.append(format_table(headers, rows, (0, 36, 28)))
    else:
        out.append("The map names no moment of truth yet.")
    out += ["", "Suggested new moments of truth (strength = importance × (10 − satisfaction or emotional level))"]
    if suggestions:
        for n, s in enumerate(suggestions, start=1):
            out.append(f"  {n}. {s.name} ({s.kind} at “{s.step_name}”), strength {_priority(s.strength)}")
            out.append(textwrap.indent(textwrap.fill(s.reason, 100), "     "))
    else:
        out.append("  none: no important, disappointing touchpoint or low step is left out")
    return "\n".join(out) + "\n"


# ---- vmpi --------------------------------------------------------------------------------------------------


def _vmpi_items(journey_map: Map, bands: Sequence[VmpiBand]) -> list[tuple[ValueMoment, float, VmpiBand]]:
    return [(m, vmpi(m), vmpi_band(vmpi(m), bands)) for m in journey_map.value_moments]


def _vmpi_row(m: ValueMoment, value: float, band: VmpiBand, names: dict[str, str]) -> dict[str, Any]:
    return {
        "id": m.id,
        "name": m.name,
        "step": m.step,
        "step_name": names.get(m.step, m.step),
        "weight": m.weight,
        "vmce": m.vmce,
        "vme": m.vme,
        "vmpi": round(value, 4),
        "band": band.label,
    }


def vmpi_data(journey_map: Map, bands: Sequence[VmpiBand]) -> Any:
    """VMCE, VME, VMPI and band per value moment, and the map's weighted VMPI and band."""
    names = {s.id: s.name for s in journey_map.steps}
    total = map_vmpi(journey_map.value_moments)
    return {
        "map": journey_map.id,
        "title": journey_map.title,
        "formula": "VMPI = VME / VMCE × 100 %; map VMPI = Σ wᵢ·VMEᵢ / Σ wᵢ·VMCEᵢ × 100 %",
        "value_moments": [_vmpi_row(m, value, band, names) for m, value, band in _vmpi_items(journey_map, bands)],
        "map_vmpi": None if total is None else round(total, 4),
        "map_band": None if total is None else vmpi_band(total, bands).label,
        "bands": [{"min": b.min, "label": b.label} for b in sorted(bands, key=lambda b: b.min)],
    }


def vmpi_table(journey_map: Map, bands: Sequence[VmpiBand]) -> str:
    """The value moments as a table, the map's weighted VMPI and the bands."""
    names = {s.id: s.name for s in journey_map.steps}
    total = map_vmpi(journey_map.value_moments)
    rows = [
        (m.name, names.get(m.step, m.step), m.weight, f"{m.vmce:g}", f"{m.vme:g}", f"{value:.0f} %", band.label)
        for m, value, band in _vmpi_items(journey_map, bands)
    ]
    out = [
        f"Value moments: {journey_map.title}",
        "VMPI = VME / VMCE × 100 %; the map's VMPI = Σ weight·VME / Σ weight·VMCE × 100 %.",
        "",
        format_table(("Value moment", "Step", "Weight", "VMCE", "VME", "VMPI", "Band"), rows, (36, 28)),
        "",
    ]
    if total is not None:
        out.append(f"Map VMPI (weighted): {total:.1f} % — {vmpi_band(total, bands).label}")
    ordered = sorted(bands, key=lambda b: b.min)
    limits = [f"{b.label} from {b.min:g} %" for b in ordered]
    out.append("Bands: " + "; ".join(limits))
    return "\n".join(out) + "\n"


# ---- diagnose ----------------------------------------------------------------------------------------------


def diagnosis_table(result: Diagnosis, name: str) -> str:
    """The five ratings, the total, the recommendation with its reason, and the rule."""
    rule = result.rule
    rows = [
        (criterion, f"{rating}/5 {'●' * rating}{'○' * (5 - rating)}", "strong" if criterion in result.strong else "",
         note)
        for criterion, rating, note in result.ratings
    ]  # fmt: skip
    decisive = " or ".join(rule.decisive) or "none"
    out = [
        f"5Cs diagnostic: {name}",
        "",
        format_table(("Criterion", "Rating", "", "Note"), rows, (0, 0, 0, 70)),
        "",
        f"Total: {result.total} of 25 · strong criteria: {len(result.strong)}",
        f"Recommendation: {result.recommendation.upper()}",
        "Reason: " + result.reason,
        "",
        f"Rule: a criterion rated {rule.strong_rating} or more is strong; go when at least {rule.min_strong} are "
        f"strong, or the ratings add up to {rule.min_total} or more, or a decisive criterion ({decisive}) is rated "
        "5. Change it in journeymap.yaml under settings: diagnostic_rule:.",
    ]
    return "\n".join(textwrap.fill(line, 110) if len(line) > 110 and "  " not in line else line for line in out) + "\n"


# ---- opportunities -----------------------------------------------------------------------------------------


def opportunities_table(report: OpportunityReport, journey_map: Map) -> str:
    """The ranked opportunities, each with its source, steps, reason and score."""
    names = {s.id: s.name for s in journey_map.steps}
    framed = sum(1 for o in report.items if o.origin == "framed")
    out = [
        f"Opportunities: {report.map_title}",
        f"{len(report.items) - framed} on the map (their own score) and {framed} framed from the map "
        "(score = importance × shortfall / 10), ranked by score.",
        "",
    ]
    if not report.items:
        out.append("No opportunity: no weakness, uncovered area, customer effort or competitor found.")
    for o in report.items:
        score = "no score" if o.score is None else f"{o.score:.2f}"
        origin = "on the map" if o.origin == "map" else "framed"
        out.append(f"{o.rank:>3}. [{score}] {o.how_might_we or o.text}")
        details = [
            f"{o.source.value}, {origin}: {o.text}",
            "steps: " + (", ".join(names.get(s, s) for s in o.steps) or "—"),
        ]
        if o.origin == "framed":
            details += [f"why: {o.reason}", f"score: {o.score_basis}"]
            if o.addressed_by:
                details.append("already addressed by: " + ", ".join(o.addressed_by))
        else:
            details.append(f"hypotheses: {o.hypotheses}")
        details += [f"! {flag}" for flag in o.flags]
        for detail in details:
            out.append(textwrap.fill(detail, 110, initial_indent="       ", subsequent_indent="         "))
    flagged = report.flagged
    if flagged:
        out += ["", f"{len(flagged)} opportunit{'ies' if len(flagged) != 1 else 'y'} of the map need attention (!)."]
    return "\n".join(out) + "\n"
