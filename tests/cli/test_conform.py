"""``journeymap conform`` through the CLI entry point on the bundled home-loan map and event log: the table, the JSON
keys, the HTML page, the lanes written onto the map, and the problems (located, with "did you mean", exit 1)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from journeymap.files.loader import read_map

from support import EXAMPLES, run

HOME = EXAMPLES / "home-loan"
MAP = HOME / "maps" / "home-loan-as-is.yaml"
LOG = HOME / "evidence" / "applications-events.csv"
STEPS = HOME / "evidence" / "applications-steps.yaml"
STEP_KEYS = {"step", "cases", "share", "dropoff", "median_to_next_s", "skipped", "repeated", "out_of_order"}


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "conform", "--help")
    assert code == 0 and "--steps MAPPING.yaml" in out and "--write-map OUT.yaml" in out


def test_table_on_the_home_loan_example(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "conform", str(MAP), str(LOG), "--steps", str(STEPS))
    assert code == 0, err
    assert "Steps linked  10 of 16, by the mapping file applications-steps.yaml" in out
    assert "Cases         3,000 (13,992 events; 3,000 reach a step of the map)" in out
    rows = {line.split()[0]: line for line in out.splitlines() if line.strip()[:2].strip().isdigit()}
    assert rows["4"].split()[1:8] == ["Start", "application", "(a-start)", "1,664", "55.5", "%", "216"]
    assert "skips Compare rates" in out and "back to Upload documents after Answer underwriter queries" in out
    assert "warning: JE144 6 steps linked to no activity (left out): a-submit, o-review" in err


def test_by_name_links_the_touchpoint_names(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "conform", str(MAP), str(LOG), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["linked_by"] == "by name"
    linked = {s["step"]: s["activities"] for s in data["steps"]}
    assert linked["r-calc"] == ["Borrowing calculator"] and linked["a-start"] == ["Application portal"]
    assert "Document upload" in data["unmapped_activities"]
    assert f"{MAP}: warning: JE144 11 steps linked to no activity" in err


def test_json_keys(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "conform", str(MAP), str(LOG), "--steps", str(STEPS), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert {"steps", "conforming_share", "deviations", "cases"} <= set(data)
    assert all(set(step) >= STEP_KEYS for step in data["steps"])
    assert [s["step"] for s in data["steps"]][:3] == ["r-calc", "r-compare", "r-aip"]
    assert data["cases"] == 3000 and 0 < data["conforming_share"] < data["in_order_share"] < 1
    assert data["steps"][-1]["dropoff"] is None and data["steps"][0]["cases"] == 2627


def test_html_page(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "conform.html"
    code, _, err = run(
        capsys, "conform", str(MAP), str(LOG), "--steps", str(STEPS), "--format", "html", "-o", str(target)
    )
    assert code == 0, err
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Content-Security-Policy" in html and "<script" not in html
    assert "Get agreement in principle" in html and "<svg" in html and "Most common deviations" in html


def test_write_map_adds_the_lanes_and_replaces_them(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    workspace = tmp_path / "home-loan"
    shutil.copytree(HOME, workspace)
    target = workspace / "maps" / "home-loan-as-is.yaml"
    for _ in range(2):
        code, _, err = run(
            capsys, "conform", str(target), str(workspace / "evidence" / "applications-events.csv"),
            "--steps", str(workspace / "evidence" / "applications-steps.yaml"), "--write-map", str(target),
        )  # fmt: skip
        assert code == 0, err
    written = read_map(target, personas=["priya-first-time-buyer"])
    assert not [p for p in written.problems if p.is_error]
    titles = [lane.heading for lane in written.map.lanes]
    assert titles.count("Reach (event log)") == 1 and titles.count("Drop-off (event log)") == 1
    reach = next(lane for lane in written.map.lanes if lane.id == "log-reach")
    assert reach.cards[0].text.startswith("2,627 cases · 88 %")
    code, _, err = run(capsys, "render", str(target), "--format", "svg", "-o", str(tmp_path / "map.svg"))
    assert code == 0, err
    assert "Drop-off (event log)" in (tmp_path / "map.svg").read_text(encoding="utf-8")


def test_a_bad_write_map_name_is_refused_before_any_work(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "conform", str(MAP), str(LOG), "--write-map", str(tmp_path / "map.txt"))
    assert code == 1 and "give a .yaml" in err and not (tmp_path / "map.txt").exists()


def test_mapping_errors_are_located(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    mapping = tmp_path / "steps.yaml"
    mapping.write_text("r-calc: [Borrowing calculator]\nr-calk: [Valuation]\na-docs: [Document uplaod]\n")
    code, out, err = run(capsys, "conform", str(MAP), str(LOG), "--steps", str(mapping))
    assert code == 1 and out == ""
    assert f"{mapping}:2:1: JE141 the map has no step 'r-calk' (did you mean 'r-calc'?)" in err
    assert f"{mapping}:3:10: JE142 step 'a-docs': the log has no activity 'Document uplaod'" in err
    assert "did you mean 'Document upload'?" in err and "Traceback" not in err


def test_the_analyses_registry_runs_it(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "analyse", "conform", str(MAP), "--option", f"events={LOG}", "--option", f"steps={STEPS}",
        "--format", "json",
    )  # fmt: skip
    assert code == 0, err
    direct_code, direct, _ = run(capsys, "conform", str(MAP), str(LOG), "--steps", str(STEPS), "--format", "json")
    assert direct_code == 0 and json.loads(out)["steps"] == json.loads(direct)["steps"]
    code, _, err = run(capsys, "analyse", "conform", str(MAP))
    assert code == 1 and "needs an event log (events=PATH)" in err
