"""Employee experience: an employee persona and an employee-experience map with the cultural, technical and
physical environment lanes, rendered by ``journeymap render MAP --format F`` in every format."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from journeymap.cli.main import main
from journeymap.files.loader import read_workspace
from journeymap.files.templates import starter_map
from journeymap.map_types import map_type
from journeymap.model import LaneKind, MapType, Persona

from support import EXAMPLES

HOME_LOAN = EXAMPLES / "home-loan"
EX_MAP = HOME_LOAN / "maps" / "helpline-agent-experience.yaml"
LANES = ("Cultural environment", "Technical environment", "Physical environment")
USUAL = ("Actions", "Thoughts", "Feelings", "Pain points")
TEXT_FORMATS = {"svg": ".svg", "html": ".html", "markdown": ".md", "drawio": ".drawio"}
ZIPPED = {"pptx": "ppt/slides/", "xlsx": "xl/", "vsdx": "visio/pages/"}


def _render(fmt: str, suffix: str, tmp_path: Path) -> Path:
    out = tmp_path / f"ex{suffix}"
    assert main(["render", str(EX_MAP), "--format", fmt, "-o", str(out)]) == 0
    assert out.stat().st_size > 0
    return out


def test_the_type_declares_the_environment_lanes_beside_the_usual_ones() -> None:
    spec = map_type("employee-experience-map")
    assert spec.family == "timeline" and spec.label == "Employee experience map"
    assert {"cultural-environment", "technical-environment", "physical-environment"} <= set(spec.lanes)
    assert {"actions", "thoughts", "feelings", "pain-points"} <= set(spec.lanes)
    assert [LaneKind(k).label for k in spec.lanes[5:8]] == list(LANES)
    starter = starter_map(MapType.EMPLOYEE_EXPERIENCE_MAP)
    assert starter.personas[0].kind == "employee" and starter.persona == starter.personas[0].id


def test_a_persona_is_a_customer_unless_it_says_employee() -> None:
    assert Persona(id="p", name="P").kind == "customer"
    assert Persona(id="p", name="P").population == "customers"
    assert Persona(id="e", name="E", kind="employee").population == "employees"
    with pytest.raises(ValueError, match="customer"):
        Persona.model_validate({"id": "x", "name": "X", "kind": "partner"})


def test_the_example_is_an_employee_map_opened_from_the_customer_journey() -> None:
    workspace = read_workspace(HOME_LOAN).workspace
    ex = workspace.map("helpline-agent-experience")
    assert ex is not None and ex.type is MapType.EMPLOYEE_EXPERIENCE_MAP
    persona = workspace.persona(str(ex.persona))
    assert persona is not None and persona.kind == "employee"
    as_is = workspace.map("home-loan-as-is")
    assert as_is is not None
    opened = [s for s in as_is.steps if s.sub_journey == ex.id]
    assert [s.id for s in opened] == ["s-wait"] and ex.parent == as_is.id
    kinds = {lane.kind for lane in ex.lanes if lane.cards}
    assert {LaneKind.CULTURAL_ENVIRONMENT, LaneKind.TECHNICAL_ENVIRONMENT, LaneKind.PHYSICAL_ENVIRONMENT} <= kinds


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_text_formats_show_every_lane(fmt: str, tmp_path: Path) -> None:
    text = _render(fmt, TEXT_FORMATS[fmt], tmp_path).read_text(encoding="utf-8")
    for heading in (*LANES, *USUAL):
        assert heading in text, f"{fmt}: no {heading!r}"
    if fmt in ("svg", "html"):  # the persona card: the share is of employees, not of customers
        assert "60 % of employees" in text or "60% of employees" in text


@pytest.mark.parametrize("fmt", ZIPPED)
def test_office_formats_show_every_lane(fmt: str, tmp_path: Path) -> None:
    with zipfile.ZipFile(_render(fmt, f".{fmt}", tmp_path)) as archive:
        xml = " ".join(
            archive.read(name).decode("utf-8") for name in archive.namelist() if name.startswith(ZIPPED[fmt])
        )
    for heading in (*LANES, *USUAL):
        assert heading in xml, f"{fmt}: no {heading!r}"


def test_mermaid_has_the_steps(tmp_path: Path) -> None:
    """A Mermaid user-journey diagram has sections and tasks but no lanes: the steps and their scores are kept."""
    text = _render("mermaid", ".mmd", tmp_path).read_text(encoding="utf-8")
    assert text.startswith("journey") and "section Chase underwriting" in text
    assert "Wait for underwriting's reply: 1" in text


def test_png_is_a_picture(tmp_path: Path) -> None:
    data = _render("png", ".png", tmp_path).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width > 1000 and height > 1000


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) missing")
def test_pdf_shows_every_lane(tmp_path: Path) -> None:
    pdf = _render("pdf", ".pdf", tmp_path)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, timeout=120).stdout
    words = " ".join(text.decode("utf-8").split())
    for heading in (*LANES, *USUAL):
        assert heading in words, f"pdf: no {heading!r}"


def test_a_new_employee_experience_map_is_valid_and_lint_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "ex.yaml"
    assert main(["new", "employee-experience-map", "-o", str(out)]) == 0
    assert main(["lint", str(out)]) == 0
    assert "no findings" in capsys.readouterr().err


def test_a_blueprint_backstage_step_opens_the_employee_journey_behind_it(tmp_path: Path) -> None:
    """The link is the step's sub_journey: the blueprint's step whose backstage card the employee does opens the
    employee-experience map, which names the blueprint as its parent; every map is valid and the picture says so."""
    import yaml

    from journeymap.core.context import context_for
    from journeymap.render.registry import render

    root = tmp_path / "ws"
    (root / "maps").mkdir(parents=True)
    (root / "personas").mkdir()
    (root / "journeymap.yaml").write_text("name: Clinic\n", encoding="utf-8")
    (root / "personas" / "nurse.yaml").write_text("id: nurse\nname: Nurse\nkind: employee\n", encoding="utf-8")
    blueprint = {
        "id": "visit", "type": "service-blueprint", "title": "Clinic visit",
        "stages": [{"id": "s", "name": "Visit", "steps": [{"id": "check-in", "name": "Check in",
                                                           "sub_journey": "nurse-shift"}]}],
        "lanes": [{"id": "backstage", "kind": "backstage-actions",
                   "cards": [{"step": "check-in", "text": "Prepare the patient's record"}]}],
    }  # fmt: skip
    ex = {
        "id": "nurse-shift", "type": "employee-experience-map", "title": "A nurse's morning", "persona": "nurse",
        "parent": "visit",
        "stages": [{"id": "s", "name": "Morning", "steps": [{"id": "prep", "name": "Prepare records"}]}],
        "lanes": [{"id": "tech", "kind": "technical-environment",
                   "cards": [{"step": "prep", "text": "Records system slow before nine"}]}],
    }  # fmt: skip
    for data in (blueprint, ex):
        (root / "maps" / f"{data['id']}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    source = read_workspace(root)
    assert [p for p in source.problems if p.is_error] == []
    visit = source.workspace.map("visit")
    assert visit is not None and visit.steps[0].sub_journey == "nurse-shift"
    svg = render(visit, "svg", context_for(source.workspace)).decode("utf-8")
    assert "A nurse" in svg and "morning" in svg
