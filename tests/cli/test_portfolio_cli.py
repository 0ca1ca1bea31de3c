"""``journeymap portfolio`` and ``journeymap opportunities`` through the CLI: the examples as a portfolio (a folder
of workspaces), the JSON shape scripts rely on, search, the board's filters, and an HTML page that escapes hostile
text and runs only its own script."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from pathlib import Path

import pytest
import yaml

from support import EXAMPLES, HOSTILE, example_workspaces, hostile_map_data, run

JOURNEY_KEYS = {
    "workspace", "id", "title", "type", "type_label", "state", "owner", "status", "reviewed_on", "persona",
    "persona_name", "parent", "sub_journeys", "tags", "stages", "steps", "opportunities", "health", "health_parts",
}  # fmt: skip


def test_the_examples_folder_is_a_portfolio_of_every_example_workspace(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "portfolio", str(EXAMPLES), "--format", "json", "--today", "2026-06-30")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"workspaces", "generated_on", "journeys", "tree", "heat_map", "personas", "opportunities"}
    names = [yaml.safe_load((w / "journeymap.yaml").read_text(encoding="utf-8"))["name"] for w in example_workspaces()]
    assert data["workspaces"] == names and data["generated_on"] == "2026-06-30"
    maps = sum(len(list((w / "maps").rglob("*.yaml"))) for w in example_workspaces())
    assert len(data["journeys"]) == maps
    for journey in data["journeys"]:
        assert set(journey) == JOURNEY_KEYS
        assert journey["status"] in ("draft", "in-review", "current", "retired")
        assert {"name", "label", "value", "score", "weight", "why"} <= set(journey["health_parts"][0])
        assert abs(sum(p["weight"] for p in journey["health_parts"]) - 1) < 1e-3
    tree_ids = []

    def walk(node: dict[str, object]) -> None:
        tree_ids.append(node["id"])
        for child in node["children"]:  # type: ignore[attr-defined]
            walk(child)

    for tree in data["tree"]:
        for root in tree["roots"]:
            walk(root)
    assert sorted(tree_ids) == sorted(j["id"] for j in data["journeys"])  # every journey once
    assert {"opportunities", "counts", "quadrants", "sort", "statuses", "midpoint"} <= set(data["opportunities"])
    assert all(row["measure"] in ("emotion", "vmpi") for row in data["heat_map"])


def test_table_names_every_section(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "portfolio", str(EXAMPLES / "home-loan"), str(EXAMPLES / "airline-trip"))
    assert code == 0, err
    for heading in ("Journeys", "Hierarchy", "Heat map", "Personas", "Opportunities", "By quadrant"):
        assert heading in out
    assert "home-loan-as-is" in out and "business-return-value-moments (VMPI)" in out


def test_search_through_the_cli(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "portfolio", str(EXAMPLES), "--search", "upload", "--format", "json")
    assert code == 0, err
    hits = json.loads(out)["hits"]
    step = next(h for h in hits if h["id"] == "a-docs")
    assert step["kind"] == "step" and step["map_id"] == "home-loan-as-is" and step["where"].startswith('stage "')
    assert {"step", "touchpoint"} <= {h["kind"] for h in hits}
    assert {"workspace", "map_id", "map_title", "kind", "id", "text", "where", "step"} == set(hits[0])
    code, out, _ = run(capsys, "portfolio", str(EXAMPLES), "--channel", "app")
    assert code == 0 and "touchpoint" in out and "found" in out
    code, _, err = run(capsys, "portfolio", str(EXAMPLES), "--search", "x", "--format", "html")
    assert code != 0 and "search box" in err


def test_a_folder_without_workspaces_is_a_clear_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "portfolio", str(tmp_path))
    assert code != 0 and "holds no workspace" in err and "Traceback" not in err


def _hostile_workspace(root: Path) -> Path:
    data = hostile_map_data()
    text = " ".join(HOSTILE)
    data.update(owner=text, tags=[text])
    data["opportunities"][0].update(owner=text, effort=2, impact=9)
    (root / "maps").mkdir(parents=True)
    (root / "journeymap.yaml").write_text(json.dumps({"journeymap": 1, "name": text}), encoding="utf-8")
    (root / "maps" / "hostile.json").write_text(json.dumps(data), encoding="utf-8")
    return root


def test_html_escapes_hostile_text_and_runs_only_its_own_script(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "portfolio.html"
    code, _, err = run(
        capsys, "portfolio", str(_hostile_workspace(tmp_path / "w")), "--format", "html", "-o", str(target)
    )
    assert code == 0, err
    page = target.read_text(encoding="utf-8")
    assert "<svg onload" not in page and "<img" not in page and "<b>bold</b>" not in page
    assert not re.search(r'(href|src)="javascript', page) and 'onload="alert' not in page
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, flags=re.S)
    assert [attrs for attrs, _ in scripts] == [' type="application/json" id="search-index"', ""]
    index = json.loads(scripts[0][1])
    assert any(text in item["text"] for item in index for text in HOSTILE)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert csp is not None
    digest = base64.b64encode(hashlib.sha256(scripts[1][1].encode("utf-8")).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in html.unescape(csp.group(1))
    assert "default-src 'none'" in csp.group(1)
    assert not re.search(r'(src|href)="(https?:)?//', page)  # nothing fetched


def test_html_shows_tree_heat_map_board_and_personas(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "p.html"
    code, _, err = run(capsys, "portfolio", str(EXAMPLES), "--format", "html", "-o", str(target))
    assert code == 0, err
    page = target.read_text(encoding="utf-8")
    for anchor in ('id="journeys"', 'id="tree"', 'id="heat"', 'id="opportunities"', 'id="personas"', 'id="q"'):
        assert anchor in page
    assert 'class="ramp"' in page and "Quick wins" in page and "Money pits" in page


def test_opportunity_board(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "opportunities", str(EXAMPLES), "--format", "json", "--sort", "effort")
    assert code == 0, err
    board = json.loads(out)
    efforts = [o["effort"] for o in board["opportunities"] if o["effort"] is not None]
    assert efforts == sorted(efforts) and board["sort"] == "effort"
    code, out, _ = run(capsys, "opportunities", str(EXAMPLES), "--format", "json", "--status", "idea")
    assert code == 0 and {o["status"] for o in json.loads(out)["opportunities"]} <= {"idea"}
    code, out, _ = run(capsys, "opportunities", str(EXAMPLES))
    assert code == 0 and "By quadrant" in out
    target = tmp_path / "board.html"
    code, _, _ = run(capsys, "opportunities", str(EXAMPLES), "--format", "html", "-o", str(target))
    assert code == 0 and "<svg" in target.read_text(encoding="utf-8")


def test_opportunities_of_one_map_file_keep_their_ranking(capsys: pytest.CaptureFixture[str]) -> None:
    as_is = str(EXAMPLES / "home-loan" / "maps" / "home-loan-as-is.yaml")
    code, out, err = run(capsys, "opportunities", as_is, "--format", "json")
    assert code == 0, err and json.loads(out)["map"] == "home-loan-as-is"
    code, _, err = run(capsys, "opportunities", as_is, "--format", "html")
    assert code != 0 and "workspace folders" in err


def test_no_lint_counts_validation_problems_only(capsys: pytest.CaptureFixture[str]) -> None:
    home_loan = str(EXAMPLES / "home-loan")
    scores = []
    for extra in ((), ("--no-lint",)):
        code, out, err = run(capsys, "portfolio", home_loan, "--format", "json", "--today", "2026-06-30", *extra)
        assert code == 0, err
        journeys = json.loads(out)["journeys"]
        scores.append({j["id"]: next(p["score"] for p in j["health_parts"] if p["name"] == "lint") for j in journeys})
    linted, unlinted = scores
    assert linted.keys() == unlinted.keys()
    assert all(unlinted[k] >= linted[k] for k in linted) and any(unlinted[k] > linted[k] for k in linted)
