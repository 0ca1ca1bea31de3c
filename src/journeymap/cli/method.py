"""``journeymap method WORKSPACE [--initiative ID] [--format table|json|html] [-o FILE]``: where each initiative
of a workspace stands in the method — the 5Cs go / no-go, the eight stages with their state and what is missing
to move on, and the four iterations of the as-is map. The states are computed by
:mod:`journeymap.analysis.method` (rules in docs/method.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..analysis.method import ExperimentOutcome, MethodReport, method_report
from ..analysis.text import format_table
from ..errors import Problem, ProblemsError
from ..model.references import did_you_mean
from .json_text import json_text
from .output import write_output

__all__ = ["cmd_method", "render_table"]

_MARK = {"done": "✔ done", "in-progress": "◐ in progress", "not-started": "○ not started"}


def cmd_method(args: argparse.Namespace) -> int:
    from ..files.loader import WORKSPACE_FILE, display_path, read_workspace

    root = Path(args.workspace)
    source = read_workspace(root)
    workspace = source.workspace
    where = display_path(root / WORKSPACE_FILE)
    chosen = workspace.initiatives
    if args.initiative:
        chosen = [i for i in chosen if i.id == args.initiative]
        if not chosen:
            known = [i.id for i in workspace.initiatives]
            problem = Problem(
                "JM202", where, f"unknown initiative {args.initiative!r}", did_you_mean(args.initiative, known)
            )
            raise ProblemsError([problem])
    if not chosen:
        hint = "add one under 'initiatives:' in the workspace file (see docs/method.md)"
        raise ProblemsError([Problem("JM202", where, "the workspace has no initiative", hint)])
    reports = [method_report(workspace, initiative) for initiative in chosen]
    if args.format == "json":
        text = json_text({"workspace": workspace.name, "initiatives": [r.to_dict() for r in reports]})
    elif args.format == "html":
        from ..render.method_html import method_html

        text = method_html(workspace.name, reports)
    else:
        text = "\n\n".join(render_table(r) for r in reports) + "\n"
    write_output(text.encode("utf-8"), args.output)
    return 0


def render_table(report: MethodReport) -> str:
    """One initiative as text: the 5Cs, the stages and the iterations, each with its state."""
    owner = f" — owner: {report.owner}" if report.owner else ""
    current = f"stage {report.current}" if report.current else "all stages done"
    lines = [f"Initiative {report.id}: {report.name}{owner}", f"Now at {current}; 5Cs: {report.gate.state}", ""]
    rows = [(s.number, s.title, _MARK[s.state], "; ".join(s.missing) or "—") for s in report.stages]
    lines.append(format_table(("#", "Stage", "State", "Missing to move on"), rows, (0, 0, 0, 70)))
    lines.append("")
    rows = [(i.number, i.title, _MARK[i.state], i.detail) for i in report.iterations]
    lines.append(format_table(("#", "Iteration", "State", "Progress"), rows, (0, 0, 0, 70)))
    if report.experiments:
        outcomes = [(e.id, e.option, _result(e), e.decision or "—") for e in report.experiments]
        lines += [
            "",
            format_table(("Experiment", "Option", "Result against the outcome", "Decision"), outcomes, (0, 0, 60)),
        ]
    return "\n".join(lines)


def _result(e: ExperimentOutcome) -> str:
    if e.result is None:
        return "no result yet"
    unit = f" {e.unit}" if e.unit else ""
    if e.target is None:
        return f"{e.result:g}{unit}"
    baseline = f", baseline {e.baseline:g}" if e.baseline is not None else ""
    verdict = "met" if e.met else "not met"
    return f"{e.result:g}{unit} (target {e.target:g}{baseline}): {verdict}"
