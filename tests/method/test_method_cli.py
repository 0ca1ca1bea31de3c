"""``journeymap method``: the stages and iterations of the example initiative as a table, JSON and HTML."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from journeymap.analysis.method import method_report
from journeymap.cli.main import main
from journeymap.files.loader import read_workspace

from support import EXAMPLES

HOME_LOAN = EXAMPLES / "home-loan"


def test_the_example_initiative_has_reached_stage_7() -> None:
    workspace = read_workspace(HOME_LOAN).workspace
    initiative = workspace.initiative("decision-wait")
    assert initiative is not None
    report = method_report(workspace, initiative)
    assert [s.state for s in report.stages] == ["done"] * 6 + ["in-progress", "not-started"]
    assert report.current == 7 and report.gate.state == "go"
    options = report.stages[6]
    assert "option 'milestone-tracker': tracker-pilot → iterate (1.7 calls against a target of 1.5: not met)" in (
        options.have
    )
    (pilot,) = report.experiments
    assert (pilot.metric, pilot.baseline, pilot.target, pilot.result, pilot.met) == (
        "status calls to the mortgage helpline per application", 3.4, 1.5, 1.7, False,
    )  # fmt: skip
    assert "an experiment with a result and a decision for option 'open-banking-income'" in options.missing
    assert [i.state for i in report.iterations] == ["done"] * 4
    assert initiative.experiments[0].result is not None and initiative.experiments[0].decision == "iterate"


def test_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["method", str(HOME_LOAN)]) == 0
    out = capsys.readouterr().out
    assert "Initiative decision-wait: Make the wait for a mortgage decision predictable" in out
    assert "Now at stage 7; 5Cs: go" in out
    lines = out.splitlines()
    assert any(line.startswith("7  Define and test options") and "◐ in progress" in line for line in lines)
    assert any(line.startswith("8  Design the new experience") and "○ not started" in line for line in lines)
    assert "16 of 16 steps have a touchpoint" in out
    assert any(
        line.startswith("tracker-pilot  milestone-tracker") and "1.7 calls (target 1.5, baseline 3.4): not met" in line
        for line in lines
    )


def test_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["method", str(HOME_LOAN), "--initiative", "decision-wait", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["workspace"] == "Northmere Bank — home loans"
    (initiative,) = data["initiatives"]
    assert initiative["id"] == "decision-wait" and initiative["current_stage"] == 7
    assert set(initiative["stages"][0]) == {"number", "key", "title", "state", "have", "missing"}
    assert set(initiative["iterations"][0]) == {"number", "title", "state", "covered", "total", "detail"}
    assert initiative["five_cs"]["state"] == "go" and initiative["five_cs"]["reason"].startswith("Go:")
    (pilot,) = initiative["experiments"]
    assert pilot["id"] == "tracker-pilot" and pilot["met"] is False and pilot["decision"] == "iterate"


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stages: dict[str, str] = {}
        self.iterations: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if "data-stage" in found:
            self.stages[str(found["data-stage"])] = str(found["class"])
        if "data-iteration" in found:
            self.iterations[str(found["data-iteration"])] = str(found["class"])


def test_html(tmp_path: Path) -> None:
    out = tmp_path / "method.html"
    assert main(["method", str(HOME_LOAN), "--format", "html", "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    cells = _Cells()
    cells.feed(page)
    assert cells.stages == {
        "strategy": "done", "scope": "done", "framing": "done", "research": "done", "as-is": "done",
        "empathy": "done", "options": "in-progress", "to-be": "not-started",
    }  # fmt: skip
    assert cells.iterations == {"1": "done", "2": "done", "3": "done", "4": "done"}
    assert "<script" not in page and "http" not in page.split("<body>", 1)[1]


def test_an_unknown_initiative_is_a_located_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["method", str(HOME_LOAN), "--initiative", "decision-wiat"]) == 1
    err = capsys.readouterr().err
    assert "unknown initiative 'decision-wiat'" in err and "did you mean 'decision-wait'?" in err
    assert "Traceback" not in err


def test_a_workspace_without_initiatives_says_how_to_add_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["method", str(EXAMPLES / "clinic-visit")]) == 1
    err = capsys.readouterr().err
    assert "the workspace has no initiative" in err and "docs/method.md" in err


def test_the_html_page_shows_hostile_text_as_text() -> None:
    from journeymap.render.method_html import method_html
    from method_support import workspace, workspace_data

    from support import HOSTILE

    data = workspace_data()
    data["initiatives"][0]["name"] = " ".join(HOSTILE)
    data["initiatives"][0]["owner"] = HOSTILE[1]
    data["initiatives"][0]["research"].append({"method": "survey", "description": HOSTILE[2]})
    ws = workspace(data)
    page = method_html(HOSTILE[0], [method_report(ws, ws.initiatives[0])])
    assert "<script>" not in page and "<img" not in page and '" onload=' not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
