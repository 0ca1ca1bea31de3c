"""The studio shows evidence freshness: badges on the rendered map, JL207/JL208 in the lint panel (with the
workspace's stale_after_days), and the freshness analysis in the Evidence panel."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from studio_support import TestClient


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796169600")  # 2026-12-02


def _ids(client: TestClient) -> tuple[int, int]:
    workspace_id = client.get("/api/workspaces").json()[0]["id"]
    maps = client.get(f"/api/workspaces/{workspace_id}").json()["maps"]
    return workspace_id, int(next(m["id"] for m in maps if m["path"] == "maps/home-loan-as-is.yaml"))


def test_badges_lint_and_the_analysis(client: TestClient, home_loan: Path) -> None:
    workspace_id, mid = _ids(client)
    lint = client.get(f"/api/maps/{mid}").json()["lint"]
    stale = [f["message"] for f in lint if f["code"] == "JL207"]
    assert any("'Make first payment' was measured 261 days ago" in m for m in stale), stale
    assert any("'Money arriving on completion day'" in f["message"] for f in lint if f["code"] == "JL208")
    assert all(f["severity"] == "warning" for f in lint if f["code"] in ("JL207", "JL208"))

    svg = client.get(f"/api/maps/{mid}/export", params={"format": "svg"}).text
    assert 'class="jm-evidence jm-evidence-stale"' in svg
    assert "Evidence: 7 of 16 steps measured (44 %) · 2 stale values" in svg

    analyses = {a["name"]: a["studio"] for a in client.get("/api/catalog").json()["analyses"]}
    assert analyses["freshness"] == "html"
    page = client.get(f"/api/maps/{mid}/analysis/freshness")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Evidence strength and freshness" in page.text and "Borrowing calculator" in page.text

    settings = YAML(typ="safe").load((home_loan / "journeymap.yaml").read_text(encoding="utf-8"))
    settings = json.loads(json.dumps(settings, default=str))  # dates (an initiative's) as the API's JSON writes them
    settings.setdefault("settings", {})["stale_after_days"] = 365
    saved = client.put(f"/api/workspaces/{workspace_id}/settings", json=settings)
    assert saved.status_code == 200, saved.text
    lint = client.get(f"/api/maps/{mid}").json()["lint"]
    assert not [f for f in lint if f["code"] == "JL207"]
    svg = client.get(f"/api/maps/{mid}/export", params={"format": "svg"}).text
    assert "jm-evidence-stale" not in svg and "· none stale" in svg
