"""Renderers are plugins of one small interface; built-in formats are registered the same way."""

from __future__ import annotations

import pytest

from journeymap.errors import UnknownFormatError
from journeymap.model import Map
from journeymap.render import registry
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
