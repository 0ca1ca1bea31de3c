"""The persona on the map (a card with name, segment, quote, goals and picture) and a channel icon on every
touchpoint (issue 14): in every example map's SVG, escaped when hostile, pictures only from inside the workspace."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from journeymap.core.context import load_map_and_context
from journeymap.errors import ProblemsError
from journeymap.model import Map, Persona
from journeymap.render.icons import ICONS, channel_icon
from journeymap.render.paint.painter import SvgPainter
from journeymap.render.persona_card import picture_data_uri
from journeymap.render.registry import RenderContext, render

from support import EXAMPLES, HOSTILE, example_map_files, hostile_map_data, run

SVG = "{http://www.w3.org/2000/svg}"
PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cf0000000301010018dd8db40000000049454e44ae426082"
)


def _svg(path: Path) -> tuple[Map, RenderContext, ET.Element]:
    m, context = load_map_and_context(path)
    return m, context, ET.fromstring(render(m, "svg", context))


def _groups(root: ET.Element, css_class: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if css_class in (g.get("class") or "").split()]


def _text(node: ET.Element) -> str:
    return " ".join(" ".join(t.itertext()) for t in node.iter(f"{SVG}text"))


MAPS_WITH_PERSONA = [p for p in example_map_files() if load_map_and_context(p)[1].persona(load_map_and_context(p)[0])]
MAPS_WITH_TOUCHPOINTS = [
    p for p in example_map_files() if load_map_and_context(p)[0].touchpoints and _svg(p)[0].type.family == "timeline"
]


def test_examples_name_personas_and_touchpoints() -> None:
    assert len(MAPS_WITH_PERSONA) >= 5
    assert len(MAPS_WITH_TOUCHPOINTS) >= 5


@pytest.mark.parametrize("path", MAPS_WITH_PERSONA, ids=lambda p: p.stem)
def test_a_map_naming_a_persona_shows_its_card(path: Path) -> None:
    m, context, root = _svg(path)
    persona = context.persona(m)
    assert persona is not None
    cards = _groups(root, "jm-persona-card")
    assert len(cards) == 1 and cards[0].get("data-element") == persona.id
    text = _text(cards[0])
    assert persona.name.split(",")[0] in text
    if persona.quote:
        assert persona.quote.split()[0] in text
    for goal in persona.goals[:4]:
        assert goal.split()[0] in text
    # the card sits under the title and above the legend and the map's first stage
    frame = cards[0].find(f"{SVG}rect")
    assert frame is not None
    bottom = float(frame.get("y", 0)) + float(frame.get("height", 0))
    stages = [float(r.get("y", 0)) for g in _groups(root, "jm-stage-group") for r in g.iter(f"{SVG}rect")]
    assert all(bottom < y for y in stages)


@pytest.mark.parametrize("path", MAPS_WITH_TOUCHPOINTS, ids=lambda p: p.stem)
def test_every_touchpoint_has_the_icon_of_its_channel(path: Path) -> None:
    m, _, root = _svg(path)
    items = {g.get("data-element"): g for g in _groups(root, "jm-item-touchpoint")}
    for tp in m.touchpoints:
        icons = _groups(items[tp.id], "jm-channel")
        assert len(icons) == 1, tp.id
        assert icons[0].get("data-channel") == channel_icon(tp.channel)
        assert icons[0].findtext(f"{SVG}title") == tp.channel
    legend = _groups(root, "jm-legend")[0]
    shown = {g.get("data-channel") for g in _groups(legend, "jm-channel")}
    assert shown == {channel_icon(tp.channel) for tp in m.touchpoints}


@pytest.mark.parametrize(
    ("channel", "icon"),
    [
        ("web", "web"),
        ("Mobile App", "app"),
        ("sms", "chat"),
        ("call centre", "phone"),
        ("e-mail", "email"),
        ("in-person", "in-person"),
        ("branch", "store"),
        ("post", "letter"),
        ("clinic", "place"),
        ("video call", "video"),
        ("kiosk", "kiosk"),
        ("ATM", "self-service"),
        ("instagram", "social"),
        ("carrier pigeon", "other"),
        ("", "other"),
    ],
)
def test_channel_words_pick_an_icon(channel: str, icon: str) -> None:
    assert channel_icon(channel) == icon


def test_icons_are_drawn_by_our_pdf_and_png_painter() -> None:
    for name, data in ICONS.items():
        assert re.fullmatch(r"[MLHVCZ0-9 .\-]+", data), name  # commands the painter draws (no arcs)
    path = next(p for p in MAPS_WITH_TOUCHPOINTS if p.stem == "home-loan-as-is")
    m, context = load_map_and_context(path)
    SvgPainter(render(m, "svg", context).decode())  # raises Unsupported (→ cairosvg) for anything outside it


def test_hostile_persona_text_is_escaped() -> None:
    m = Map.model_validate(hostile_map_data())
    m.personas[0].goals.extend(HOSTILE)
    m.personas[0].segment = HOSTILE[0]
    root = ET.fromstring(render(m, "svg", RenderContext()))  # well-formed XML: nothing got out of its text
    card = _groups(root, "jm-persona-card")[0]
    assert "<script>alert('x')</script>" in _text(card)
    assert not list(root.iter(f"{SVG}script")) and not list(root.iter(f"{SVG}img"))
    icon = _groups(_groups(root, "jm-item-touchpoint")[0], "jm-channel")[0]
    assert icon.get("data-channel") == "other" and "<script>" in (icon.findtext(f"{SVG}title") or "")


def _persona(picture: str) -> Persona:
    return Persona(id="maya", name="Maya Jones", picture=picture)


def test_a_picture_inside_the_workspace_is_embedded(tmp_path: Path) -> None:
    (tmp_path / "personas").mkdir()
    (tmp_path / "personas" / "maya.png").write_bytes(PNG_1PX)
    uri = picture_data_uri(tmp_path, _persona("personas/maya.png"))
    assert uri.startswith("data:image/png;base64,iVBOR")
    m = Map.model_validate(hostile_map_data())
    m.personas[0].picture = "personas/maya.png"
    root = ET.fromstring(render(m, "svg", RenderContext(root=tmp_path)))
    images = list(_groups(root, "jm-persona-card")[0].iter(f"{SVG}image"))
    assert len(images) == 1 and images[0].get("href") == uri


@pytest.mark.parametrize(
    ("picture", "message"),
    [
        ("../outside.png", "outside the workspace"),
        ("https://example.com/maya.png", "web address"),
        ("//example.com/maya.png", "web address"),
        ("notes.txt", "not a PNG or JPEG"),
        ("missing.png", "no such file"),
    ],
)
def test_a_picture_that_is_not_a_local_image_is_refused(tmp_path: Path, picture: str, message: str) -> None:
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (tmp_path / "outside.png").write_bytes(PNG_1PX)
    (workspace / "notes.txt").write_text("<svg onload=alert(1)>")
    with pytest.raises(ProblemsError) as caught:
        picture_data_uri(workspace, _persona(picture))
    problem = caught.value.problems[0]
    assert message in problem.message and "persona 'maya' › picture" in problem.where and problem.hint


def test_a_symlink_out_of_the_workspace_is_refused(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (tmp_path / "secret.png").write_bytes(PNG_1PX)
    (workspace / "maya.png").symlink_to(tmp_path / "secret.png")
    with pytest.raises(ProblemsError, match="outside the workspace"):
        picture_data_uri(workspace, _persona("maya.png"))


def test_a_picture_over_the_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "big.png").write_bytes(PNG_1PX + b"\0" * (2 * 1024 * 1024))
    monkeypatch.setenv("JOURNEYMAP_LIMIT_MAP_MB", "1")
    from journeymap.limits import limits

    limits.cache_clear()
    try:
        with pytest.raises(ProblemsError, match="over the limit"):
            picture_data_uri(tmp_path, _persona("big.png"))
    finally:
        monkeypatch.undo()
        limits.cache_clear()


def _workspace_with_picture(tmp_path: Path, picture: str) -> Path:
    workspace = tmp_path / "home-loan"
    shutil.copytree(EXAMPLES / "home-loan", workspace)
    persona = workspace / "personas" / "priya-first-time-buyer.yaml"
    persona.write_text(persona.read_text(encoding="utf-8") + f"picture: {picture}\n", encoding="utf-8")
    (tmp_path / "secret.png").write_bytes(PNG_1PX)
    (workspace / "personas" / "priya.png").write_bytes(PNG_1PX)
    return workspace


def test_the_cli_refuses_a_picture_outside_the_workspace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workspace = _workspace_with_picture(tmp_path, "../secret.png")
    out = tmp_path / "map.svg"
    source = str(workspace / "maps" / "home-loan-as-is.yaml")
    code, _, err = run(capsys, "render", source, "--format", "svg", "-o", str(out))
    assert code != 0 and not out.exists()
    assert "persona 'priya-first-time-buyer' › picture" in err and "outside the workspace" in err
    assert "Traceback" not in err


def test_the_cli_embeds_a_picture_inside_the_workspace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workspace = _workspace_with_picture(tmp_path, "personas/priya.png")
    out = tmp_path / "map.svg"
    source = str(workspace / "maps" / "home-loan-as-is.yaml")
    code, _, err = run(capsys, "render", source, "--format", "svg", "-o", str(out))
    assert code == 0, err
    root = ET.fromstring(out.read_bytes())
    images = list(_groups(root, "jm-persona-card")[0].iter(f"{SVG}image"))
    assert [i.get("href", "")[:22] for i in images] == ["data:image/png;base64,"]


def test_the_deck_shows_the_persona_picture(tmp_path: Path) -> None:
    pptx = pytest.importorskip("pptx")
    workspace = _workspace_with_picture(tmp_path, "personas/priya.png")
    m, context = load_map_and_context(workspace / "maps" / "home-loan-as-is.yaml")
    deck = pptx.Presentation(io.BytesIO(render(m, "pptx", context)))
    with_pictures = [s for s in deck.slides if any(shape.shape_type == 13 for shape in s.shapes)]
    assert len(with_pictures) == 1
    slide = with_pictures[0]
    assert any("Priya" in shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
    ids = [shape.shape_id for shape in slide.shapes]
    assert len(ids) == len(set(ids))
