"""Renderers are plugins of one small interface; built-in formats are registered the same way."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from journeymap.errors import JourneymapError, UnknownFormatError
from journeymap.model import Map
from journeymap.render import registry
from journeymap.render.format_specs import (
    BUILTIN_FORMATS,
    DISABLE_PLUGINS,
    GROUP,
    FormatSpec,
    installed_entry_points,
    spec_of_entry,
)
from journeymap.render.registry import RenderContext, TextRenderer, get_renderer, register, render, renderers


def test_builtin_formats() -> None:
    assert {"svg", "html", "markdown", "mermaid"} <= set(renderers())
    for name in ("svg", "html", "markdown", "mermaid"):
        renderer = get_renderer(name)
        assert renderer.name == name and renderer.extension.startswith(".") and "/" in renderer.media_type


def test_a_plugin_can_be_registered() -> None:
    register("title", lambda: TextRenderer("title", ".txt", "text/plain", lambda m, _: m.title))
    try:
        assert render(Map(id="m", title="Hello"), "title", RenderContext()) == b"Hello"
        assert "title" in renderers()
    finally:
        registry._EXTRA.pop("title")
        registry._LOADED.pop("title", None)


def test_unknown_format() -> None:
    with pytest.raises(UnknownFormatError) as info:
        get_renderer("gif")
    assert "svg" in str(info.value)


# --- the format registry: specs (metadata) without renderers, entry points, options ------------------------------


def test_each_builtin_spec_agrees_with_its_renderer() -> None:
    for spec in registry.formats():
        if spec.name not in {s.name for s in BUILTIN_FORMATS}:
            continue
        renderer = get_renderer(spec.name)
        assert (renderer.name, renderer.extension, renderer.media_type, renderer.binary) == (
            spec.name,
            f".{spec.extension}",
            spec.media_type,
            spec.binary,
        )


def test_builtins_are_installed_entry_points_like_a_plugin() -> None:
    installed = dict(installed_entry_points(GROUP))
    for spec in BUILTIN_FORMATS:
        assert installed[spec.name].startswith("journeymap.render.format_specs:"), spec.name
    assert [spec.name for spec in BUILTIN_FORMATS] == renderers()[: len(BUILTIN_FORMATS)]


@pytest.mark.parametrize("group", [GROUP, "journeymap.analyses", "console_scripts", "pytest11"])
def test_the_entry_point_reader_finds_what_importlib_metadata_finds(group: str) -> None:
    from importlib.metadata import entry_points

    expected = sorted((entry.name, entry.value) for entry in entry_points(group=group))
    assert sorted(installed_entry_points(group)) == expected


def test_listing_the_formats_imports_no_renderer_and_no_pydantic() -> None:
    code = (
        "import sys; from journeymap.render.format_specs import format_specs; names = list(format_specs()); "
        "heavy = [m for m in sys.modules if m == 'pydantic' or m.startswith('journeymap.render.') "
        "and m != 'journeymap.render.format_specs' and not m.startswith('journeymap_')]; print(names, heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    names, heavy = out.rsplit("] ", 1)
    assert "'svg'" in names and "'pdf'" in names
    assert heavy.strip() == "[]"


def _title_renderer() -> TextRenderer:
    return TextRenderer("title", ".txt", "text/plain", lambda m, _: m.title)


def test_an_older_plugin_naming_a_renderer_factory_still_works() -> None:
    spec = spec_of_entry("title", _title_renderer)
    assert (spec.name, spec.extension, spec.media_type, spec.binary) == ("title", "txt", "text/plain", False)
    assert spec.load().render(Map(id="m", title="Hi"), RenderContext()) == b"Hi"
    with pytest.raises(JourneymapError, match="not a FormatSpec"):
        spec_of_entry("nothing", 42)


def test_a_format_registered_with_a_spec_is_listed_with_it() -> None:
    spec = FormatSpec("title", "Title only", "txt", "text/plain", "tests.render.test_registry:_title_renderer")
    register("title", lambda: TextRenderer("title", ".txt", "text/plain", lambda m, _: m.title), spec)
    try:
        assert registry.format_spec("title") is spec
        assert registry.formats()[-1] is spec
    finally:
        registry._EXTRA.pop("title")
        registry._LOADED.pop("title", None)
    with pytest.raises(UnknownFormatError, match=r"known formats: .*svg"):
        registry.format_spec("gif")


def test_options_check_their_values() -> None:
    pdf, png = registry.format_spec("pdf"), registry.format_spec("png")
    paper, dpi, blank = pdf.option("paper"), png.option("dpi"), png.option("blank")
    assert paper is not None and dpi is not None and blank is not None
    assert paper.check("a3") == "a3"
    with pytest.raises(ValueError, match="paper must be one of A4, A3, A2, A1, A0, not 'B5'"):
        paper.check("B5")
    assert dpi.check("300") == "300"
    with pytest.raises(ValueError, match="between 30 and 1200"):
        dpi.check("5000")
    with pytest.raises(ValueError, match="whole number"):
        dpi.check("lots")
    assert (blank.check("true"), blank.check("0")) == ("1", "")
    assert pdf.option("dpi") is None


def test_plugins_can_be_left_out_for_a_reference_of_journeymap_itself() -> None:
    code = "from journeymap.render.format_specs import format_specs; print(' '.join(format_specs()))"
    env = {**os.environ, DISABLE_PLUGINS: "1"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout
    assert out.split() == [spec.name for spec in BUILTIN_FORMATS]
