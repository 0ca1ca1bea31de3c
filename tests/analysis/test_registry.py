"""The analyses registry: the built-ins are listed once (entry points), each runs on the examples, plugins and
run-time registrations join them, and bad names or options get clear messages."""

from __future__ import annotations

import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from journeymap.analysis import builtin, registry
from journeymap.analysis.registry import (
    INPUTS,
    Analysis,
    AnalysisResult,
    Subject,
    analyses,
    analysis_names,
    get_analysis,
    register,
    run_analysis,
)
from journeymap.core.context import load_map_and_context
from journeymap.errors import JourneymapError

from support import EXAMPLES

ROOT = Path(__file__).resolve().parents[2]
AS_IS = EXAMPLES / "home-loan" / "maps" / "home-loan-as-is.yaml"
TO_BE = EXAMPLES / "home-loan" / "maps" / "home-loan-to-be.yaml"


def _subject(path: Path) -> Subject:
    journey_map, context = load_map_and_context(path)
    return Subject(map=journey_map, context=context, source=path)


def test_pyproject_lists_exactly_the_builtins() -> None:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = data["project"]["entry-points"]["journeymap.analyses"]
    assert listed == {name: f"journeymap.analysis.builtin:{name}" for name in builtin.__all__}


def test_every_analysis_describes_itself() -> None:
    found = analyses()
    assert {a.name for a in found} >= set(builtin.__all__)
    for analysis in found:
        assert analysis.label and analysis.description and analysis.outputs
        assert set(analysis.inputs) <= set(INPUTS), analysis.name
        assert analysis.to_dict()["name"] == analysis.name


@pytest.mark.parametrize("name", ["ipa", "moments", "opportunities", "emotion"])
def test_map_only_analyses_give_every_output(name: str) -> None:
    result = run_analysis(name, _subject(AS_IS))
    for fmt in result.formats:
        text = result.output(fmt)
        assert text.strip(), (name, fmt)
        if fmt == "svg":
            assert ET.fromstring(text).tag.endswith("svg")
    svg = result._repr_svg_()
    assert ("svg" in result.formats) == (svg is not None) and (svg is None or svg.startswith("<svg"))


def test_vmpi_uses_the_workspace_bands() -> None:
    planner = EXAMPLES / "airline-trip" / "maps" / "business-return-value-moments.yaml"
    result = run_analysis("vmpi", _subject(planner))
    assert result.data["map_band"] == "Value gap"
    assert "Map VMPI (weighted): 74.6 %" in result.output("table")


def test_diagnose_from_the_workspace_and_from_a_file(tmp_path: Path) -> None:
    from journeymap.files.loader import load_workspace

    result = run_analysis("diagnose", Subject(workspace=load_workspace(EXAMPLES / "home-loan")))
    assert result.data["recommendation"] == "go" and "Recommendation: GO" in result.output()
    five = tmp_path / "five.yaml"
    five.write_text("changeable: 1\nchallenged: 1\ncomplex: 1\nclimactic: 1\ncostly: 1\n", encoding="utf-8")
    assert run_analysis("diagnose", Subject(), file=five).data["recommendation"] == "no-go"


def test_diff_compares_with_the_other_map() -> None:
    result = run_analysis("diff", _subject(AS_IS), other=_subject(TO_BE).map)
    assert result.data["b"]["id"] == "home-loan-to-be"
    assert result._repr_html_() is not None and "<html" in result.output("html").lower()


def test_missing_inputs_are_clear_errors() -> None:
    with pytest.raises(JourneymapError, match=r"no touchpoint of .* has both"):
        run_analysis("ipa", _subject(TO_BE))
    with pytest.raises(JourneymapError, match="has no value moments"):
        run_analysis("vmpi", _subject(AS_IS))
    with pytest.raises(JourneymapError, match="needs the map to compare with"):
        run_analysis("diff", _subject(AS_IS))
    with pytest.raises(JourneymapError, match="needs a map"):
        run_analysis("moments", Subject())


def test_unknown_names_options_and_formats_are_refused() -> None:
    with pytest.raises(JourneymapError, match=r"unknown analysis 'churn'; known analyses: .*ipa"):
        get_analysis("churn")
    with pytest.raises(JourneymapError, match="has no option 'colour'; its options: crossing"):
        run_analysis("ipa", _subject(AS_IS), colour="red")
    with pytest.raises(JourneymapError, match="no 'svg' output; it gives: table, json"):
        run_analysis("moments", _subject(AS_IS)).output("svg")


def test_a_registered_analysis_joins_the_table(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "_EXTRA", dict(registry._EXTRA))  # the registration ends with the test
    monkeypatch.setattr(registry, "_LOADED", dict(registry._LOADED))

    def run(subject: Subject, /) -> AnalysisResult:
        steps = len(subject.need_map("count-steps").steps)
        return AnalysisResult("count-steps", steps, {"text": lambda: f"{steps} steps\n"}, lambda: {"steps": steps})

    register("count-steps", lambda: Analysis("count-steps", "Steps", ("map",), ("text", "json"), run, "Counts."))
    assert "count-steps" in analysis_names()
    result = run_analysis("count-steps", _subject(AS_IS))
    assert result.output() == f"{result.value} steps\n" and '"steps"' in result.output("json")


def test_installed_entry_points_and_a_stale_install_give_the_same_builtins(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.metadata

    installed = analysis_names()
    monkeypatch.setattr(importlib.metadata, "entry_points", lambda **_: [])  # metadata from before the entry points
    assert analysis_names() == installed and set(installed) >= set(builtin.__all__)
