"""A map of an opened workspace renders as the CLI renders it (persona included), lints, runs every analysis
that needs only the map, saves, draws itself in Jupyter; the workspace builds a site, measures and discovers."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import journeymap
from journeymap.analysis.registry import analyses
from journeymap.errors import JourneymapError, MissingExtraError, Severity

from support import EXAMPLES, example_map_files, run

HOME = EXAMPLES / "home-loan"
AS_IS = HOME / "maps" / "home-loan-as-is.yaml"
PLANNER = EXAMPLES / "airline-trip" / "maps" / "business-return-value-moments.yaml"


@pytest.mark.parametrize("path", example_map_files()[:6], ids=lambda p: p.stem)
def test_svg_is_what_the_cli_renders(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    opened = journeymap.open(path).opened
    assert opened is not None
    code, out, err = run(capsys, "render", str(path), "--format", "svg")
    assert code == 0, err
    assert opened.render("svg").decode("utf-8") == out


def test_the_persona_is_named_as_the_cli_names_it() -> None:
    as_is = journeymap.open(HOME).map("home-loan-as-is")
    name = journeymap.open(HOME).persona("priya-first-time-buyer").name
    assert name in as_is.svg()
    assert name not in journeymap.render(as_is.model, "svg").decode("utf-8")  # what the bare model lacks


def test_render_options_reach_the_renderer() -> None:
    planner = journeymap.open(PLANNER).opened
    assert planner is not None
    try:
        full = planner.render("pdf")
    except MissingExtraError:
        pytest.skip("PDF needs the pdf extra")
    blank = planner.render("pdf", blank=True, paper="A3")
    assert full.startswith(b"%PDF") and blank.startswith(b"%PDF") and full != blank
    with pytest.raises(JourneymapError, match="unknown format 'gif'"):
        planner.render("gif")
    with pytest.raises(JourneymapError, match="the pdf format has no option 'colour'; its options: paper, "):
        planner.render("pdf", colour="red")
    with pytest.raises(JourneymapError, match="paper must be one of"):
        planner.render("pdf", paper="B5")


def test_lint_finds_the_problems_of_an_incomplete_map(tmp_path: Path) -> None:
    path = tmp_path / "thin.yaml"
    path.write_text(
        "journeymap: 1\ntitle: Thin map\nstages:\n  - name: Apply\n    steps:\n      - name: fill in the form\n",
        encoding="utf-8",
    )
    found = journeymap.open(path).map("thin").lint()
    assert found and any(f.severity is Severity.ERROR for f in found)
    assert all(str(f).startswith(str(path)) for f in found)


def test_analyse_runs_every_analysis_that_needs_only_the_map() -> None:
    workspace = journeymap.open(HOME)
    as_is, planner = workspace.map("home-loan-as-is"), journeymap.open(PLANNER).opened
    assert planner is not None
    ran = []
    for analysis in analyses():
        if not set(analysis.inputs) <= {"map", "context"}:
            continue
        target = planner if analysis.name == "vmpi" else as_is
        result = target.analyse(analysis.name)
        assert result.analysis == analysis.name and result.output().strip()
        ran.append(analysis.name)
    assert {"ipa", "moments", "opportunities", "vmpi", "emotion"} <= set(ran)
    assert as_is.analyse("ipa", crossing="midpoint").data["crossing"]["rule"] == "scale midpoint"
    assert as_is.analyse("diff", other=workspace.map("home-loan-to-be").model).data["b"]["id"] == "home-loan-to-be"
    assert workspace.map("home-loan-as-is").analyse("diagnose").data["recommendation"] == "go"


def test_a_map_draws_itself_in_jupyter() -> None:
    as_is = journeymap.open(AS_IS).opened
    assert as_is is not None
    svg = as_is._repr_svg_()
    assert svg.startswith("<svg") and ET.fromstring(svg).tag.endswith("svg") and svg in as_is.svg()
    html = as_is._repr_html_()
    assert html.startswith("<figure>") and as_is.title.replace("—", "—") in html and "<svg" in html
    assert repr(as_is).startswith("<OpenMap 'home-loan-as-is': ")


def test_save_writes_the_changed_model(tmp_path: Path) -> None:
    shutil.copytree(HOME, tmp_path / "home")
    as_is = journeymap.open(tmp_path / "home").map("home-loan-as-is")
    as_is.model = as_is.model.model_copy(update={"title": "Home loan, retitled"})
    assert as_is.save() == as_is.path
    assert journeymap.open(tmp_path / "home").map("home-loan-as-is").title == "Home loan, retitled"
    with pytest.raises(JourneymapError, match="is a Mermaid file"):
        as_is.save(tmp_path / "copy.mmd")


def test_build_site_writes_every_map_and_an_index(tmp_path: Path) -> None:
    site = journeymap.open(EXAMPLES / "clinic-visit").build_site(tmp_path / "site")
    assert site.index.is_file() and site.maps >= 1
    assert {p.suffix for p in (tmp_path / "site").iterdir()} >= {".svg", ".html", ".md"}


def test_measure_and_discover_with_the_workspace_evidence(tmp_path: Path) -> None:
    pytest.importorskip("ibis", reason="evidence needs the evidence extra")
    workspace = journeymap.open(HOME)
    measured, warnings = workspace.measure("home-loan-as-is")
    assert any(s.emotion is not None and s.emotion.is_measured for s in measured.model.steps)
    assert measured.model is not workspace.map("home-loan-as-is").model and isinstance(warnings, list)
    survey = HOME / "evidence" / "post-completion-survey.csv"
    again, _ = workspace.measure(measured, survey, mapping="evidence/post-completion-survey.mapping.yaml")
    assert again.model.steps == measured.model.steps
    found = workspace.discover()
    assert found.cases > 0 and found.main_path
    assert workspace.discover(HOME / "evidence" / "applications-events.csv").cases == found.cases
    with pytest.raises(JourneymapError, match="lists no evidence for 'home-loan-to-be'"):
        workspace.measure("home-loan-to-be")
