"""The built-in analyses, registered through the ``journeymap.analyses`` entry points as a plugin's would be.

Each public function here is a zero-argument factory returning an :class:`~journeymap.analysis.registry.Analysis`;
``pyproject.toml`` names each one (``ipa = "journeymap.analysis.builtin:ipa"``), and ``__all__`` lists the same
names (a test checks they agree). The formulas are stated in the module of each analysis.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import JourneymapError
from ..json_text import json_text
from .registry import Analysis, AnalysisResult, Subject

if TYPE_CHECKING:
    from ..evidence.engine import EngineConfig
    from ..evidence.survey_spec import SurveySpec
    from ..model import Map
    from .ipa import Crossing

__all__ = [
    "conform", "diagnose", "diff", "discovery", "emotion", "freshness", "health", "ipa", "moments", "opportunities",
    "report", "vmpi",
]  # fmt: skip


def _result(name: str, value: object, data: Any, **outputs: Any) -> AnalysisResult:
    """A result whose ``json`` output is ``data`` as JSON text; ``outputs`` are the other formats' makers."""
    makers = dict(outputs)
    if data is not None:
        makers["json"] = lambda: json_text(data())
    return AnalysisResult(name, value, makers, data)


def _run_ipa(subject: Subject, /, *, crossing: str = "mean") -> AnalysisResult:
    from ..render.svg_ipa import render_ipa_svg
    from .ipa import importance_performance
    from .text import ipa_table

    if crossing not in ("mean", "midpoint"):
        raise JourneymapError(f"crossing {crossing!r}: give 'mean' or 'midpoint'")
    rule: Crossing = "mean" if crossing == "mean" else "midpoint"
    result = importance_performance(subject.need_map("ipa"), crossing=rule)
    if not result.points:
        raise JourneymapError(
            f"no touchpoint of {subject.shown} has both an importance and a satisfaction score; add them (1–10) to "
            "the touchpoints, or fill them from a survey with 'journeymap measure'"
        )
    return _result("ipa", result, result.to_dict, table=lambda: ipa_table(result), svg=lambda: render_ipa_svg(result))


def ipa() -> Analysis:
    return Analysis(
        "ipa", "Importance–performance", ("map",), ("table", "json", "svg"), _run_ipa,
        "The map's touchpoints in four quadrants of importance and satisfaction.", ("crossing",),
    )  # fmt: skip


def _run_moments(subject: Subject, /) -> AnalysisResult:
    from .moments import rank_moments, suggest_moments
    from .text import moments_data, moments_table

    journey_map = subject.need_map("moments")
    ranked, suggestions = rank_moments(journey_map), suggest_moments(journey_map)
    return _result(
        "moments", ranked,
        lambda: moments_data(journey_map, ranked, suggestions),
        table=lambda: moments_table(journey_map, ranked, suggestions),
    )  # fmt: skip


def moments() -> Analysis:
    return Analysis(
        "moments", "Moments of truth", ("map",), ("table", "json"), _run_moments,
        "Moments of truth ranked by priority = importance × gap, and suggested new ones.",
    )  # fmt: skip


def _run_vmpi(subject: Subject, /) -> AnalysisResult:
    from .text import vmpi_data, vmpi_table

    journey_map = subject.need_map("vmpi")
    if not journey_map.value_moments:
        raise JourneymapError(
            f"{subject.shown} has no value moments; add them under 'value_moments:' with vmce, vme and weight"
        )
    bands = subject.render_context().vmpi_bands
    return _result(
        "vmpi", journey_map.value_moments,
        lambda: vmpi_data(journey_map, bands),
        table=lambda: vmpi_table(journey_map, bands),
    )  # fmt: skip


def vmpi() -> Analysis:
    return Analysis(
        "vmpi", "Value moments (VMPI)", ("map", "context"), ("table", "json"), _run_vmpi,
        "VMCE, VME and VMPI per value moment and for the map, with the workspace's bands.",
    )  # fmt: skip


def _run_diagnose(subject: Subject, /, *, file: str | Path | None = None) -> AnalysisResult:
    from .diagnose import diagnose as run
    from .five_cs import read_diagnostic, workspace_diagnostic
    from .text import diagnosis_table

    if file is not None:
        five_cs, rule, name = read_diagnostic(Path(file))
    elif subject.workspace is not None:
        five_cs, rule, name = workspace_diagnostic(subject.workspace)
    else:
        raise JourneymapError("the 5Cs diagnostic needs a workspace with 'diagnostic:' or a file (file=PATH)")
    result = run(five_cs, rule)
    return _result(
        "diagnose", result, lambda: {"source": name, **result.to_dict()}, table=lambda: diagnosis_table(result, name)
    )


def diagnose() -> Analysis:
    return Analysis(
        "diagnose", "5Cs diagnostic", ("five-cs",), ("table", "json"), _run_diagnose,
        "Should this experience be mapped? Go or no-go from the 5Cs ratings and the workspace's rule.", ("file",),
    )  # fmt: skip


def _run_opportunities(subject: Subject, /) -> AnalysisResult:
    from .opportunities import rank_opportunities
    from .text import opportunities_table

    journey_map = subject.need_map("opportunities")
    result = rank_opportunities(journey_map)
    return _result("opportunities", result, result.to_dict, table=lambda: opportunities_table(result, journey_map))


def opportunities() -> Analysis:
    return Analysis(
        "opportunities", "Opportunities", ("map",), ("table", "json"), _run_opportunities,
        "Opportunities framed ('How might we …?'), scored and ranked.",
    )  # fmt: skip


def _run_diff(subject: Subject, /, *, other: Map | None = None) -> AnalysisResult:
    from ..render.diff_html import render_diff_html
    from .diff import diff_maps

    if other is None:
        raise JourneymapError("the diff analysis needs the map to compare with (other=MAP)")
    result = diff_maps(subject.need_map("diff"), other)
    outputs = {"text": result.to_text, "json": result.to_json, "html": lambda: render_diff_html(result)}
    return AnalysisResult("diff", result, outputs, result.to_dict)


def diff() -> Analysis:
    return Analysis(
        "diff", "Compare two maps", ("map", "other-map"), ("text", "json", "html"), _run_diff,
        "Steps, emotional levels, moments of truth, touchpoints and cards that differ between two maps.", ("other",),
    )  # fmt: skip


def _run_emotion(subject: Subject, /) -> AnalysisResult:
    from ..render.svg_emotion import render_emotion_svg

    journey_map = subject.need_map("emotion")
    context = subject.render_context()
    return AnalysisResult("emotion", journey_map, {"svg": lambda: render_emotion_svg(journey_map, context)})


def emotion() -> Analysis:
    return Analysis(
        "emotion", "Emotion curve", ("map", "context"), ("svg",), _run_emotion,
        "The emotional level of each step, with 95 % intervals where it was measured.",
    )  # fmt: skip


def _run_discovery(subject: Subject, /, *, events: str | Path | None = None, **options: Any) -> AnalysisResult:
    from ..core.evidence import discover_file
    from ..render.svg_discovery import render_flow_svg, render_funnel_svg

    if events is None:
        raise JourneymapError("the discovery analysis needs an event log (events=PATH)")
    result = discover_file(Path(events), **options)
    outputs = {"svg": lambda: render_flow_svg(result), "funnel-svg": lambda: render_funnel_svg(result)}
    return _result("discovery", result, result.to_json, **outputs)


def discovery() -> Analysis:
    return Analysis(
        "discovery", "Journey discovery", ("events",), ("svg", "funnel-svg", "json"), _run_discovery,
        "Paths, flows and the funnel found in an event log.",
        ("events", "case", "activity", "time", "channel", "engine"),
    )  # fmt: skip


def _run_freshness(subject: Subject, /, *, today: str | dt.date | None = None) -> AnalysisResult:
    from ..model import WorkspaceSettings
    from ..render.report_freshness import render_freshness_html
    from .freshness import evidence_freshness, freshness_table

    journey_map = subject.need_map("freshness")
    if subject.workspace is not None:
        settings = subject.workspace.settings
    else:
        settings = WorkspaceSettings(stale_after_days=subject.render_context().stale_after_days)
    try:
        when = dt.date.fromisoformat(today) if isinstance(today, str) else today
    except ValueError:
        raise JourneymapError(f"today={today!r} is not a date: give it as YYYY-MM-DD") from None
    result = evidence_freshness(journey_map, settings, today=when)
    return _result(
        "freshness", result, result.to_dict,
        table=lambda: freshness_table(result), html=lambda: render_freshness_html(result, journey_map.title),
    )  # fmt: skip


def freshness() -> Analysis:
    return Analysis(
        "freshness", "Evidence strength and freshness", ("map", "context"), ("table", "json", "html"),
        _run_freshness,
        "Per step, touchpoint and moment of truth: measured, estimated or none, with n, strength and age; the map's "
        "evidence coverage and its stale values.",
        ("today",),
    )  # fmt: skip


def _run_conform(
    subject: Subject,
    /,
    *,
    events: str | Path | None = None,
    steps: str | Path | None = None,
    case: str | None = None,
    activity: str | None = None,
    time: str | None = None,
) -> AnalysisResult:
    from ..evidence.conform import conform_log
    from ..render.conform_html import render_conform_html
    from ..render.conform_text import render_conform_text

    journey_map = subject.need_map("conform")
    if events is None:
        raise JourneymapError("the conform analysis needs an event log (events=PATH)")
    result = conform_log(
        journey_map, Path(events), steps=steps, case=case, activity=activity, time=time, map_path=subject.shown
    )
    outputs = {"table": lambda: render_conform_text(result), "html": lambda: render_conform_html(result)}
    return _result("conform", result, result.to_json, **outputs)


def conform() -> Analysis:
    return Analysis(
        "conform", "Planned vs actual", ("map", "events"), ("table", "json", "html"), _run_conform,
        "How the cases of an event log follow the map's steps: reach, drop-off, skips, repeats, order, deviations.",
        ("events", "steps", "case", "activity", "time"),
    )  # fmt: skip


def _run_report(
    subject: Subject,
    /,
    *,
    surveys: Sequence[tuple[str | Path, SurveySpec | None]] = (),
    events: str | Path | None = None,
    engine: EngineConfig | None = None,
) -> AnalysisResult:
    from ..evidence.engine import Engine
    from ..render.report_html import render_report
    from ..report import build_report, survey_spec

    journey_map = subject.need_map("report")
    source = subject.source or Path(f"{journey_map.id}.yaml")
    files = [(Path(path), spec or survey_spec()) for path, spec in surveys]
    with Engine(engine) as running:
        data = build_report(
            journey_map, subject.render_context(), source, running, surveys=files,
            events=Path(events) if events is not None else None,
        )  # fmt: skip
    return AnalysisResult("report", data, {"html": lambda: render_report(data)})


def report() -> Analysis:
    return Analysis(
        "report", "Evidence report", ("map", "context", "surveys", "events"), ("html",), _run_report,
        "One page: the map measured with its surveys, the journey discovered in its events, the analyses and lint.",
        ("surveys", "events", "engine"),
    )  # fmt: skip


def _run_health(subject: Subject, /, *, today: str | dt.date | None = None, lint: bool = True) -> AnalysisResult:
    from ..files.loader import MapSource
    from .health import HealthContext, health_table, map_health, map_problems

    journey_map = subject.need_map("health")
    settings = subject.workspace.settings if subject.workspace is not None else None
    try:
        when = dt.date.fromisoformat(today) if isinstance(today, str) else today
    except ValueError:
        raise JourneymapError(f"today={today!r} is not a date: give it as YYYY-MM-DD") from None
    maps = subject.workspace.maps if subject.workspace is not None else subject.render_context().maps
    ids = frozenset(m.id for m in maps) if maps else None
    source = MapSource(journey_map, subject.source or Path(f"{journey_map.id}.yaml"), None)
    personas = {p.id for p in subject.render_context().personas}
    problems = map_problems(source, settings, today=when, lint=lint, map_ids=ids, personas=personas)
    result = map_health(journey_map, HealthContext(settings, when, problems, ids))
    return _result("health", result, result.to_dict, table=lambda: health_table([result]))


def health() -> Analysis:
    return Analysis(
        "health", "Map health", ("map", "context"), ("table", "json"), _run_health,
        "Health 0–100 and its parts: evidence coverage and freshness, VMPI, the top moment of truth, open "
        "opportunities, lint findings and the last review (docs/portfolio.md).",
        ("today", "lint"),
    )  # fmt: skip
