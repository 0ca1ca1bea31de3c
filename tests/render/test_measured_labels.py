"""Measured emotional levels as drawn (issue 13, defects 3 and 6): a single rating (n = 1) is a point labelled
"n=1, no interval", never a zero-wide interval; a mean is labelled with one correct rounding (6.3503 → "6.4",
where it was stored as 6.35 — 6.3499… in binary — and drawn "6.3")."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import pytest
from pydantic import ValidationError

from journeymap.model import Map, MeasuredEmotion
from journeymap.model.emotion import rounded
from journeymap.render.registry import render
from journeymap.render.svg_emotion import render_emotion_svg


def _map(**emotions: dict[str, Any]) -> Map:
    steps = [{"id": step, "name": f"Step {step}", "emotion": emotion} for step, emotion in emotions.items()]
    return Map.model_validate({"title": "Labels", "stages": [{"name": "Stage", "steps": steps}]})


ONE = {"mean": 6.3503, "n": 1, "dataset": "survey.csv"}
MANY = {"mean": 6.3503, "n": 40, "ci95": [5.9, 6.8], "std": 1.2, "dataset": "survey.csv"}
OLD = {"mean": 6.35, "n": 12, "ci95": [5.5, 7.2], "dataset": "survey.csv"}  # as an earlier version stored it


@pytest.mark.parametrize(
    ("value", "text"), [(6.3503, "6.4"), (6.35, "6.4"), (6.25, "6.3"), (6.34999, "6.3"), (10.0, "10.0"), (1.05, "1.1")]
)
def test_rounded_is_half_up_of_the_shortest_decimal(value: float, text: str) -> None:
    assert rounded(value) == text


def test_a_single_rating_has_no_interval_and_old_files_stay_valid() -> None:
    one = MeasuredEmotion.model_validate(ONE)
    assert one.ci95 is None and one.sample_label == "n=1, no interval"
    assert MeasuredEmotion.model_validate(OLD).ci95 == (5.5, 7.2)
    with pytest.raises(ValidationError, match="must contain the mean"):
        MeasuredEmotion.model_validate({**MANY, "ci95": [7.0, 8.0]})


def _point_group(svg: str, step: str) -> str:
    match = re.search(rf'<g class="jm-point jm-measured" data-element="{step}">(.*?)</g>', svg, flags=re.S)
    assert match, f"no measured point for {step}"
    return match.group(1)


def test_map_svg_draws_one_rating_as_a_labelled_point() -> None:
    svg = render(_map(a=ONE, b=MANY, c=OLD), "svg").decode()
    one, many, old = _point_group(svg, "a"), _point_group(svg, "b"), _point_group(svg, "c")
    assert "jm-ci" not in one and 'fill="#1d4e89"' in one  # a filled point, no interval
    assert "6.4 (n=1, no interval)" in one and "no interval" in one
    assert many.count('class="jm-ci"') == 3 and "6.4 (n=40)" in many  # the interval and its two ticks
    assert "6.4 (n=12)" in old
    assert "6.3 (" not in svg


def test_emotion_chart_draws_one_rating_as_a_labelled_point() -> None:
    svg = render_emotion_svg(_map(a=MANY, b=ONE, c=MANY))
    assert "6.4 · n=1, no interval" in svg and svg.count("6.4 · n=40") == 2
    # an interval is a vertical line in the measured colour: one each for a and c, none for the single rating
    intervals = re.findall(r'<line x1="([\d.]+)" y1="[\d.]+" x2="\1" y2="[\d.]+" stroke="#1d4e89"', svg)
    assert len(intervals) == 2
    assert "<polygon" not in svg  # no band runs through a point without an interval


def test_markdown_pptx_and_xlsx_labels() -> None:
    m = _map(a=ONE, b=MANY)
    markdown = render(m, "markdown").decode()
    assert "6.4 (n=1, no interval)" in markdown and "6.4 (n=40, 95 % CI 5.9–6.8)" in markdown
    slides = _zip_text(render(m, "pptx"))
    assert "6.4 (n=1, no interval)" in slides and "6.4 (n=40)" in slides and "no interval (one rating)" in slides
    sheets = _zip_text(render(m, "xlsx"))
    assert "no interval (one rating)" in sheets and "95 % CI 5.9–6.8" in sheets
    visio = _zip_text(render(m, "vsdx"))
    assert "6.4 (n=1, no interval)" in visio and "6.3 (" not in visio


def _zip_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
