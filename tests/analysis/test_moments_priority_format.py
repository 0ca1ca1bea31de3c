"""Priorities print with one decimal, rounded once half up, in every format of ``journeymap moments`` (the table
printed "50.35" next to "31.2" and "25"; ``f"{12.35:.1f}"`` gives "12.3" because the float is 12.3499…)."""

from __future__ import annotations

import json
import re

import pytest

from journeymap.analysis.moments import MomentScore, MomentSuggestion
from journeymap.analysis.text import moments_data, moments_table
from journeymap.core.context import load_map_and_context

from support import EXAMPLES, run

AS_IS = EXAMPLES / "home-loan" / "maps" / "home-loan-as-is.yaml"


def _priority_column(table: str) -> list[str]:
    """The cells of the table's Priority column (read under its heading)."""
    lines = table.splitlines()
    head = next(n for n, line in enumerate(lines) if line.startswith("#  Moment"))
    start = lines[head].index("Priority")
    return [line[start:].split()[0] for line in lines[head + 2 :] if re.match(r"\d  ", line)]


def _score(priority: float | None, rank: int) -> MomentScore:
    return MomentScore(
        f"mot-{rank}", f"Moment {rank}", "s1", "Step one", None, 6.5, 8.0, 6.1, 1.9, priority, False, 40, rank
    )


def _suggestion(strength: float) -> MomentSuggestion:
    return MomentSuggestion("step", "s2", "Step two", "s2", "Step two", 4.5, 9.3, True, strength, "low")


def test_the_table_and_json_round_priorities_once_half_up() -> None:
    journey_map, _ = load_map_and_context(AS_IS)
    ranked = [_score(6.5 * 1.9, 1), _score(25.0, 2), _score(None, 3)]  # 12.349999… as a float, 25 whole
    suggestions = [_suggestion(4.5 * 0.7)]  # 3.1499… as a float
    table = moments_table(journey_map, ranked, suggestions)
    assert _priority_column(table) == ["12.4", "25.0", "—"]
    assert "strength 3.2" in table
    data = moments_data(journey_map, ranked, suggestions)
    assert [m["priority"] for m in data["moments"]] == [12.4, 25.0, None]
    assert data["suggestions"][0]["strength"] == 3.2
    assert data["moments"][0]["gap"] == 1.9 and data["moments"][0]["importance"] == 6.5  # the rest kept as it was


def test_moments_command_prints_one_decimal_everywhere(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "moments", str(AS_IS))
    assert code == 0, err
    assert _priority_column(out) == ["50.4", "31.2", "25.0"]  # 9.5 × 5.3 = 50.35 → 50.4, half up
    strengths = re.findall(r"strength (\S+)$", out, re.MULTILINE)
    assert strengths and all(re.fullmatch(r"\d+\.\d", s) for s in strengths), strengths
    code, out, _ = run(capsys, "moments", str(AS_IS), "--format", "json")
    data = json.loads(out)
    assert [m["priority"] for m in data["moments"]] == [50.4, 31.2, 25.0]
    assert all(round(s["strength"], 1) == s["strength"] for s in data["suggestions"])
