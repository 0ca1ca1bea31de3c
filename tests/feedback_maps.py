"""The home-loan example map measured with its bundled comments (``journeymap feedback measure``), in memory: the
map the voice-of-the-customer renderers are tested on (tests/render/test_feedback_render.py, tests/office/)."""

from __future__ import annotations

import datetime as dt
from functools import cache

from journeymap.core.context import load_map_and_context
from journeymap.model import Map
from journeymap.render.registry import RenderContext

from support import EXAMPLES


@cache
def measured_home_loan() -> tuple[Map, RenderContext]:
    from journeymap.feedback.measure_run import classifier_for, measure_feedback
    from journeymap.feedback.read import ColumnSpec, open_feedback

    workspace = EXAMPLES / "home-loan"
    m, context = load_map_and_context(workspace / "maps" / "home-loan-as-is.yaml")
    reader = open_feedback(workspace / "evidence" / "feedback" / "comments.csv", ColumnSpec("text"), progress=False)
    found = measure_feedback(m, reader, classifier_for(m), measured_on=dt.date(2026, 1, 15))
    return found.map, context
