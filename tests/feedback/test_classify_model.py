"""The bundled sentiment model is what tools/build_sentiment_model.py builds from the training files today: a
stale bundle (the data changed, the script did not run) or a script that no longer reproduces it fails here."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np

from journeymap.feedback.sentiment import SentimentModel, bundled_model

ROOT = Path(__file__).resolve().parents[2]


def test_the_bundled_model_is_rebuilt_by_the_tool(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("build_sentiment_model", ROOT / "tools" / "build_sentiment_model.py")
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = tool
    try:
        spec.loader.exec_module(tool)
        data = ROOT / "tests" / "feedback" / "data"
        rebuilt = tool.build(data / "sentiment-train.csv", data / "sentiment-dev.csv")
    finally:
        del sys.modules[spec.name]
    rebuilt.save(tmp_path / "sentiment.npz")
    again = SentimentModel.load(tmp_path / "sentiment.npz")
    shipped = bundled_model()
    assert again.meta == shipped.meta
    assert np.allclose(again.idf, shipped.idf, atol=1e-5)
    assert abs(again.coef - shipped.coef).max() < 1e-4
    assert np.allclose(again.stack_coef, shipped.stack_coef, atol=1e-4)
