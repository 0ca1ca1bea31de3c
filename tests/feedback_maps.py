"""The home-loan example map measured with its bundled comments (``journeymap feedback measure``), in memory: the
map the voice-of-the-customer renderers are tested on (tests/render/test_feedback_render.py, tests/office/)."""

from __future__ import annotations

import datetime as dt
from functools import cache

from journeymap.core.context import load_map_and_context
from journeymap.model import Map
from journeymap.render.registry import RenderContext

from support import EXAMPLES, hostile_map_data


@cache
def measured_home_loan() -> tuple[Map, RenderContext]:
    from journeymap.feedback.measure_run import classifier_for, measure_feedback
    from journeymap.feedback.read import ColumnSpec, open_feedback

    workspace = EXAMPLES / "home-loan"
    m, context = load_map_and_context(workspace / "maps" / "home-loan-as-is.yaml")
    reader = open_feedback(workspace / "evidence" / "feedback" / "comments.csv", ColumnSpec("text"), progress=False)
    found = measure_feedback(m, reader, classifier_for(m), measured_on=dt.date(2026, 1, 15))
    return found.map, context


def hostile_feedback_map() -> Map:
    """The hostile map of tests/support.py with feedback whose quotes, themes, source and data set are markup and
    a 400-character word."""
    data = hostile_map_data()
    evil = "<script>alert('x')</script> " + "W" * 400 + " " + " ".join(['&amp; ]]> " word'] * 40)
    quote = {"text": evil, "source": "<b>comments.csv</b>", "row": 214, "sentiment": "negative"}
    feedback = {
        "comments": 40,
        "negative": 25,
        "share_negative": 0.625,
        "ci95": [0.47, 0.76],
        "themes": [{"theme": "<img src=x onerror=alert(1)>", "count": 9}],
        "quotes": [quote, {**quote, "row": 215}],
        "dataset": "=1+1 <i>fb</i>",
    }
    data["stages"][0]["steps"][0]["feedback"] = feedback
    data["touchpoints"][0]["feedback"] = feedback
    return Map.model_validate(data)
