"""Analysis commands: ipa, moments, vmpi, diagnose, opportunities, diff.

Each command prints a table for people (``--format table``, the default; ``text`` for diff) or JSON for
machines; ``-o FILE`` writes the output atomically instead. The numbers come from
:mod:`journeymap.analysis`, where every formula is stated.
"""

from __future__ import annotations

import argparse
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

from ..analysis.diagnose import Diagnosis, diagnose
from ..analysis.diff import diff_maps
from ..analysis.ipa import IpaResult, Quadrant, importance_performance
from ..analysis.moments import rank_moments, suggest_moments
from ..analysis.opportunities import OpportunityReport, rank_opportunities
from ..analysis.value_moments import map_vmpi, vmpi, vmpi_band
from ..errors import JourneymapError, MapFileError, Problem
from ..model import CRITERIA, DiagnosticRule, FiveCs, Map, Record
from .context import load_map_and_context
from .json_text import json_text
from .output import write_output

__all__ = [
    "cmd_diagnose",
    "cmd_diff",
    "cmd_ipa",
    "cmd_moments",
    "cmd_opportunities",
    "cmd_vmpi",
    "format_table",
    "read_diagnostic",
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


def _emit(text: str, args: argparse.Namespace) -> int:
    write_output(text.encode("utf-8"), getattr(args, "output", None))
    return 0


def _json(data: Any) -> str:
    return json_text(data)


def _g(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{round(value, digits):g}"


def _load(path: str) -> Map:
    journey_map, _ = load_map_and_context(Path(path))
    return journey_map


# ---- ipa ---------------------------------------------------------------------------------------------------


def cmd_ipa(args: argparse.Namespace) -> int:
    journey_map = _load(args.map)
    result = importance_performance(journey_map, crossing=args.crossing)
    if not result.points:
        raise JourneymapError(
            f"no touchpoint of {args.map} has both an importance and a satisfaction score; add them (1–10) to "
            "the touchpoints, or fill them from a survey with 'journeymap measure'"
        )
    if args.format == "svg":
        from ..render.svg_ipa import render_ipa_svg

        return _emit(render_ipa_svg(result), args)
    if args.format == "json":
        return _emit(_json(result.to_dict()), args)
    return _emit(_ipa_table(result), args)


def _ipa_table(result: IpaResult) -> str:
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


def cmd_moments(args: argparse.Namespace) -> int:
    journey_map = _load(args.map)
    ranked = rank_moments(journey_map)
    suggestions = suggest_moments(journey_map)
    if args.format == "json":
        data = {
            "map": journey_map.id,
            "title": journey_map.title,
            "formula": "gap = expectation − experience; priority = importance × gap",
            "moments": [_rounded(s.to_dict()) for s in ranked],
            "suggestions": [_rounded(s.to_dict()) for s in suggestions],
        }
        return _emit(_json(data), args)
    out = [f"Moments of truth: {journey_map.title}", "Gap = expectation − experience; priority = importance × gap.", ""]
    if ranked:
        rows = [
            (
                s.rank,
                s.title,
                s.step_name,
                _g(s.importance),
                _g(s.expectation),
                _g(s.experience),
                _g(s.gap),
                _g(s.priority),
                s.basis,
            )
            for s in ranked
        ]
        headers = ("#", "Moment", "Step", "Importance", "Expectation", "Experience", "Gap", "Priority", "Basis")
        out.append(format_table(headers, rows, (0, 36, 28)))
    else:
        out.append("The map names no moment of truth yet.")
    out += ["", "Suggested new moments of truth (strength = importance × (10 − satisfaction or emotional level))"]
    if suggestions:
        for n, s in enumerate(suggestions, start=1):
            out.append(f"  {n}. {s.name} ({s.kind} at “{s.step_name}”), strength {s.strength:.1f}")
            out.append(textwrap.indent(textwrap.fill(s.reason, 100), "     "))
    else:
        out.append("  none: no important, disappointing touchpoint or low step is left out")
    return _emit("\n".join(out) + "\n", args)


def _rounded(data: dict[str, Any]) -> dict[str, Any]:
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in data.items()}


# ---- vmpi --------------------------------------------------------------------------------------------------


def cmd_vmpi(args: argparse.Namespace) -> int:
    journey_map, context = load_map_and_context(Path(args.map))
    moments = journey_map.value_moments
    if not moments:
        raise JourneymapError(
            f"{args.map} has no value moments; add them under 'value_moments:' with vmce, vme and weight"
        )
    bands = context.vmpi_bands
    names = {s.id: s.name for s in journey_map.steps}
    total = map_vmpi(moments)
    items = []
    for m in moments:
        value = vmpi(m)
        items.append((m, value, vmpi_band(value, bands)))
    if args.format == "json":
        data = {
            "map": journey_map.id,
            "title": journey_map.title,
            "formula": "VMPI = VME / VMCE × 100 %; map VMPI = Σ wᵢ·VMEᵢ / Σ wᵢ·VMCEᵢ × 100 %",
            "value_moments": [
                {
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
                for m, value, band in items
            ],
            "map_vmpi": None if total is None else round(total, 4),
            "map_band": None if total is None else vmpi_band(total, bands).label,
            "bands": [{"min": b.min, "label": b.label} for b in sorted(bands, key=lambda b: b.min)],
        }
        return _emit(_json(data), args)
    rows = [
        (m.name, names.get(m.step, m.step), m.weight, f"{m.vmce:g}", f"{m.vme:g}", f"{value:.0f} %", band.label)
        for m, value, band in items
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
    return _emit("\n".join(out) + "\n", args)


# ---- diagnose ----------------------------------------------------------------------------------------------


class _FiveCsFile(FiveCs):
    """A YAML file with the five ratings at the top, and optionally the rule."""

    rule: DiagnosticRule = Field(default_factory=DiagnosticRule)


class _WrappedFiveCsFile(Record):
    """The same with the ratings under ``diagnostic:``."""

    diagnostic: FiveCs
    rule: DiagnosticRule = Field(default_factory=DiagnosticRule)


def _criterion_shorthand(data: dict[str, Any]) -> dict[str, Any]:
    """``changeable: 4`` is short for ``changeable: {rating: 4}``."""
    return {k: {"rating": v} if isinstance(v, int) and not isinstance(v, bool) else v for k, v in data.items()}


def read_diagnostic(path: Path) -> tuple[FiveCs, DiagnosticRule, str]:
    """The 5Cs, the rule and a name from a workspace folder or a YAML file with the five ratings."""
    from ..files.loader import WORKSPACE_FILE, plain, read_workspace

    if path.is_dir() or path.name == WORKSPACE_FILE:
        workspace = read_workspace(path if path.is_dir() else path.parent).workspace
        if workspace.diagnostic is None:
            raise JourneymapError(
                f"the workspace {workspace.name!r} has no 5Cs diagnostic; add 'diagnostic:' to its {WORKSPACE_FILE} "
                "with a rating (1–5) and a note for changeable, challenged, complex, climactic and costly"
            )
        return workspace.diagnostic, workspace.settings.diagnostic_rule, workspace.name
    from ..files.document import read_document
    from ..files.validation import problems_from_validation

    doc = read_document(path, str(path))
    tree = plain(doc.tree)
    if not isinstance(tree, dict):
        raise MapFileError([Problem("JM004", doc.where(()), "expected a mapping of the five criteria")])
    wrapped = "diagnostic" in tree
    if wrapped:
        inner = tree["diagnostic"]
        data = {**tree, "diagnostic": _criterion_shorthand(inner) if isinstance(inner, dict) else inner}
    else:
        data = _criterion_shorthand(tree)
    model: type[_FiveCsFile | _WrappedFiveCsFile] = _WrappedFiveCsFile if wrapped else _FiveCsFile
    try:
        parsed = model.model_validate(data)
    except ValidationError as exc:
        raise MapFileError(problems_from_validation(exc, doc, model)) from None
    if isinstance(parsed, _WrappedFiveCsFile):
        return parsed.diagnostic, parsed.rule, str(path)
    return FiveCs.model_validate({c: getattr(parsed, c) for c in CRITERIA}), parsed.rule, str(path)


def cmd_diagnose(args: argparse.Namespace) -> int:
    path = Path(args.path)
    if not path.exists():
        raise JourneymapError(f"{path}: no such file or folder")
    five_cs, rule, name = read_diagnostic(path)
    result = diagnose(five_cs, rule)
    if args.format == "json":
        return _emit(_json({"source": name, **result.to_dict()}), args)
    return _emit(_diagnosis_table(result, name), args)


def _diagnosis_table(result: Diagnosis, name: str) -> str:
    rule = result.rule
    rows = [
        (
            criterion,
            f"{rating}/5 {'●' * rating}{'○' * (5 - rating)}",
            "strong" if criterion in result.strong else "",
            note,
        )
        for criterion, rating, note in result.ratings
    ]
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


def cmd_opportunities(args: argparse.Namespace) -> int:
    journey_map = _load(args.map)
    report = rank_opportunities(journey_map)
    if args.format == "json":
        return _emit(_json(report.to_dict()), args)
    return _emit(_opportunities_text(report, journey_map), args)


def _opportunities_text(report: OpportunityReport, journey_map: Map) -> str:
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


# ---- diff --------------------------------------------------------------------------------------------------


def cmd_diff(args: argparse.Namespace) -> int:
    a, b = _load(args.a), _load(args.b)
    result = diff_maps(a, b)
    if args.format == "json":
        return _emit(result.to_json(), args)
    if args.format == "html":
        from ..render.diff_html import render_diff_html

        return _emit(render_diff_html(result), args)
    return _emit(result.to_text(), args)
